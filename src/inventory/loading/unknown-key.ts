/** Problems for keys a mapping does not know: reserved future sections, unknown sections and fields, with suggestions. */
import { INVENTORY_SECTIONS, RESERVED_SECTIONS } from '../schema/document.js';
import { didYouMean } from './did-you-mean.js';
import type { FieldPath } from './field-path.js';
import type { Explanation } from './issue-problems.js';
import type { FieldInfo } from './schema-walk.js';

/** The problem for `key`, unknown in the mapping at `path`. */
export function unknownKey(path: FieldPath, key: string, info: FieldInfo): Explanation {
  const keyPath = [...path, key];
  const known = info.keys ?? [];
  if (path.length === 0) {
    if (RESERVED_SECTIONS.includes(key)) {
      return {
        path: keyPath,
        locateAt: 'key',
        message: `section "${key}" is not supported by this version of Vigie yet`,
        hint: 'remove it (or comment it out) until a version of Vigie that reads it; it is reserved for later',
      };
    }
    return {
      path: keyPath,
      locateAt: 'key',
      message: `unknown section "${key}"`,
      expected: `one of the sections: ${known.join(', ')}`,
      hint:
        didYouMean(key, known) ?? 'check its spelling and indentation; docs/inventory.md lists the sections',
    };
  }
  return {
    path: keyPath,
    locateAt: 'key',
    message: `unknown field "${key}" in ${describeOwner(path)}`,
    expected: `one of the fields: ${known.join(', ')}`,
    hint: didYouMean(key, known) ?? 'check its spelling and indentation, or remove it',
  };
}

/** How a message names the object a path is in: `a VM`, `a disk of a VM`, `the customer`. */
function describeOwner(path: FieldPath): string {
  const section = INVENTORY_SECTIONS.find((candidate) => candidate.key === path[0]);
  if (!section) return 'this mapping';
  const object = section.singleton ? `the ${section.label}` : `a ${section.label}`;
  const depth = section.singleton ? 1 : 2;
  if (path.length <= depth) return object;
  const field = [...path].reverse().find((segment) => typeof segment === 'string');
  return `${String(field)} of ${object}`;
}
