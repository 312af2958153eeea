/** Field paths as people read them: `vms[1].interfaces[0].address`. */

export type FieldPath = readonly (string | number | symbol)[];

/** Formats a document path; an empty path formats as the empty string. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
