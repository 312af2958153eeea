/** Translated labels of the inventory's enumerated values (device type, face, visibility, roles...). */
import type { TFunction } from 'i18next';
import { SOFTWARE_NAMES } from '../hosts/service-label.js';
import { deviceTypeOf } from '../rack/device-types.js';

/** The i18n prefix of each enumerated field, by the field's last name. */
const ENUM_PREFIX: Readonly<Record<string, string>> = {
  type: 'deviceType',
  face: 'enum.face',
  organisation: 'enum.organisation',
  visibility: 'enum.visibility',
  mode: 'websites.tlsMode',
  roles: 'personRole',
  protocol: 'enum.protocol',
  host_kind: 'kind',
};

/** Operating system families by their proper names (not translated). */
const OS_FAMILIES: Readonly<Record<string, string>> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  rhel: 'Red Hat Enterprise Linux',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  centos: 'CentOS',
  suse: 'SUSE',
  alpine: 'Alpine Linux',
  freebsd: 'FreeBSD',
  windows: 'Windows',
};

/** The label of `value` at `path`, or undefined when the field is not an enumeration the UI knows. */
export function enumLabel(t: TFunction, path: string, value: string): string | undefined {
  const field =
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? '';
  if (field === 'family') return OS_FAMILIES[value];
  if (field === 'kind' && path === 'kind') return SOFTWARE_NAMES[value];
  const prefix = ENUM_PREFIX[field];
  if (prefix === undefined) return undefined;
  const key = prefix === 'deviceType' ? deviceTypeOf(value) : value;
  return t(`${prefix}.${key}`, { defaultValue: value });
}
