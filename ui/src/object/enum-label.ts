/** Translated labels of the inventory's enumerated values (device type, face, visibility, roles...). */
import type { TFunction } from 'i18next';
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
};

/** The label of `value` at `path`, or undefined when the field is not an enumeration the UI knows. */
export function enumLabel(t: TFunction, path: string, value: string): string | undefined {
  const field = path.replace(/\[\d+\]/g, '').split('.').pop() ?? '';
  const prefix = ENUM_PREFIX[field];
  if (prefix === undefined) return undefined;
  const key = prefix === 'deviceType' ? deviceTypeOf(value) : value;
  return t(`${prefix}.${key}`, { defaultValue: value });
}
