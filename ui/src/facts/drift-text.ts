/**
 * A drift finding in the user's language, from its kind and details; the server's English message and
 * action stand in for any kind or detail this page does not know yet.
 */
import type { TFunction } from 'i18next';
import type { DriftFinding } from './drift-requests.js';

export interface FindingText {
  readonly title: string;
  readonly message: string;
  readonly action: string;
}

const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `16GiB`, `31.3GiB`: sizes as the inventory writes them, so they can be copied back into it. */
function size(bytes: unknown): string | undefined {
  if (typeof bytes !== 'number') return undefined;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${SIZE_UNITS[unit]}`;
}

/** `services.yaml:52` from `services.yaml:52:5`. */
export function sourceLine(source: unknown): string | undefined {
  if (typeof source !== 'string') return undefined;
  return source.replace(/:(\d+):\d+$/, ':$1');
}

function list(value: unknown): string | undefined {
  return Array.isArray(value) && value.length > 0 ? value.map(String).join(', ') : undefined;
}

function processText(t: TFunction, details: Readonly<Record<string, unknown>>): string {
  const names = list(details.processes);
  const pids = list(details.pids);
  if (names === undefined) return t('facts.drift.unknownProcess');
  return pids === undefined ? names : `${names} (pid ${pids})`;
}

/** The template variant and its values for one finding; undefined when a value is missing. */
function variant(
  t: TFunction,
  finding: DriftFinding,
): { key: string; values: Record<string, unknown> } | undefined {
  const d = finding.details;
  const source = sourceLine(d.source);
  switch (finding.kind) {
    case 'undeclared_port':
      return {
        key: 'undeclared_port',
        values: {
          port: d.port,
          protocol: d.protocol,
          addresses: list(d.addresses),
          process: processText(t, d),
          service: d.service ?? undefined,
          source,
        },
      };
    case 'declared_port_closed': {
      const local = list(d.localAddresses);
      return {
        key: local === undefined ? 'declared_port_closed' : 'declared_port_closed_local',
        values: { service: d.service, port: d.port, protocol: d.protocol, addresses: local, source },
      };
    }
    case 'service_not_running':
      return {
        key: 'service_not_running',
        values: {
          service: d.service,
          serviceKind: d.serviceKind,
          names: Array.isArray(d.lookedFor) ? d.lookedFor.join(' / ') : undefined,
          source,
        },
      };
    case 'memory_mismatch':
      return {
        key: 'memory_mismatch',
        values: {
          observed: size(d.observedBytes),
          declared: size(d.declaredBytes),
          difference:
            typeof d.differencePercent === 'number' && d.differencePercent > 0
              ? `+${d.differencePercent}`
              : d.differencePercent,
          tolerance: d.tolerancePercent,
          suggested: d.suggested,
          source,
        },
      };
    case 'cpu_mismatch':
      return { key: 'cpu_mismatch', values: { observed: d.observed, declared: d.declared, source } };
    case 'address_missing':
      return {
        key: d.observed === null || d.observed === undefined ? 'address_missing' : 'address_missing_prefix',
        values: { address: d.address, interface: d.interface, observed: d.observed ?? undefined, source },
      };
    case 'undeclared_address':
      return { key: 'undeclared_address', values: { address: d.address, interface: d.interface, source } };
    case 'os_mismatch':
      return {
        key: 'os_mismatch',
        values: {
          observedName: d.observedName || `${String(d.observedId)} ${String(d.observedVersion)}`,
          declaredFamily: d.declaredFamily,
          declaredVersion: d.declaredVersion,
          source,
        },
      };
    default:
      return undefined;
  }
}

export function findingText(t: TFunction, finding: DriftFinding): FindingText {
  const title = t(`facts.drift.kind.${finding.kind}`, { defaultValue: finding.kind });
  const chosen = variant(t, finding);
  const complete =
    chosen !== undefined &&
    Object.entries(chosen.values).every(
      ([name, value]) => value !== undefined || optionalValue(name, chosen.key),
    );
  if (chosen === undefined || !complete) return { title, message: finding.message, action: finding.action };
  const actionKey =
    finding.kind === 'undeclared_port' && chosen.values.service !== undefined
      ? 'undeclared_port_service'
      : chosen.key;
  return {
    title,
    message: t(`facts.drift.message.${chosen.key}`, { ...chosen.values, defaultValue: finding.message }),
    action: t(`facts.drift.action.${actionKey}`, { ...chosen.values, defaultValue: finding.action }),
  };
}

/** Values a template may go without: the service (and its line) an undeclared port could belong to, an address's other prefix. */
function optionalValue(name: string, key: string): boolean {
  return (
    (key === 'undeclared_port' && (name === 'service' || name === 'source')) ||
    (name === 'observed' && key === 'address_missing')
  );
}
