/** The inventory's object kinds, as the API names them. */

export const OBJECT_KINDS = [
  'customer',
  'provider',
  'contract',
  'site',
  'rack',
  'device',
  'network',
  'vm',
  'service',
  'website',
  'database',
  'person',
] as const;

export function isObjectKind(value: string): boolean {
  return (OBJECT_KINDS as readonly string[]).includes(value);
}
