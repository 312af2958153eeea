/**
 * The order an object's fields are shown in: identity first (name, type), then where it lives, then its
 * resources, then the rest alphabetically. Specs arrive with sorted keys (canonical JSON), which would
 * put `disks` before `name`.
 */

const FIRST: readonly string[] = [
  'name',
  'legal_name',
  'trade_name',
  'title',
  'reference',
  'legal_form',
  'type',
  'kind',
  'engine',
  'family',
  'version',
  'organisation',
  'roles',
  'company',
  'customer',
  'provider',
  'start',
  'first_term_end',
  'monthly_fee',
  'vat_rate',
  'maximum_total',
  'renewal',
  'site',
  'rack',
  'position',
  'height',
  'face',
  'full_depth',
  'hypervisor',
  'host',
  'service',
  'server',
  'owner',
  'visibility',
  'domains',
  'tls',
  'vendor',
  'model',
  'serial',
  'asset_tag',
  'platform',
  'management_address',
  'cpu_cores',
  'vcpu',
  'memory',
  'disks',
  'os',
  'role',
  'prefix',
  'vlan',
  'gateway',
  'ports',
  'interfaces',
  'address',
  'siret',
  'ape',
  'vat_number',
  'iban',
  'bic',
  'bank',
  'email',
  'phone',
  'street',
  'complement',
  'postal_code',
  'city',
  'country',
];

const LAST: readonly string[] = ['description', 'notes', 'tags'];

function rank(name: string): number {
  const first = FIRST.indexOf(name);
  if (first !== -1) return first;
  const last = LAST.indexOf(name);
  return last === -1 ? FIRST.length : FIRST.length + 1 + last;
}

/** The entries of `value` in reading order. */
export function orderedEntries(value: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
