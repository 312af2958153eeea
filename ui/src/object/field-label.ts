/** The label of a spec field: its translation when there is one, else the name made readable. */
import type { TFunction } from 'i18next';

/** `firstTermEnd` → `First term end`, `ip_address` → `Ip address`. */
export function humanise(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldLabel(t: TFunction, name: string): string {
  return t(`field.${name}`, { defaultValue: humanise(name) });
}

/** The label of a whole path: `disks[0].size` → `Disks 1 › Size`. */
export function pathLabel(t: TFunction, path: string): string {
  return path
    .split('.')
    .map((segment) => {
      const match = /^([^[]+)((?:\[\d+\])*)$/.exec(segment);
      if (match === null) return segment;
      const indexes = [...(match[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => String(Number(m[1]) + 1));
      return [fieldLabel(t, match[1] ?? segment), ...indexes].join(' ');
    })
    .join(' › ');
}
