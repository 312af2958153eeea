/** "Manufacturer Model" of a device, as printed in the rack drawing and lists. */
import type { Spec } from '../api/types.js';
import { specText } from '../spec/spec-access.js';

export function deviceModelOf(spec: Spec): string {
  const manufacturer = specText(spec, 'manufacturer') ?? specText(spec, 'vendor');
  const model = specText(spec, 'model');
  return [manufacturer, model].filter((part): part is string => part !== undefined).join(' ');
}
