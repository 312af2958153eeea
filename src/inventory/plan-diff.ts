/** Field-level differences between two JSON values, each located by a path such as `disks[1].size`. */
import { canonicalJson } from '../audit/canonical-json.js';

/** One field that differs between the stored and the desired spec of an object. */
export interface FieldChange {
  /** JSON path from the spec's root, e.g. `memory`, `disks[1].size`, `access.websites[0]`. */
  readonly path: string;
  readonly op: 'add' | 'change' | 'remove';
  /** The stored value; absent when the field is added. */
  readonly before?: unknown;
  /** The desired value; absent when the field is removed. */
  readonly after?: unknown;
}

/**
 * Lists every field that differs between `before` and `after`, depth first, object keys sorted.
 * Arrays are compared element by element after matching equal elements (longest common
 * subsequence), so inserting one domain at the head of a list shows one addition, not a shift.
 */
export function diffSpecs(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  diffValue('', before, after, changes);
  return changes;
}

/** True when two JSON values are equal whatever the order of their object keys. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** `parent` + `key` as a readable path: `a.b`, or `a["odd key"]` when the key is not an identifier. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function diffValue(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (jsonEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    diffObjects(path, before, after, out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    diffArrays(path, before, after, out);
  } else {
    out.push({ path, op: 'change', before, after });
  }
}

function diffObjects(
  path: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  out: FieldChange[],
): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareStrings);
  for (const key of keys) {
    const childPath = joinPath(path, key);
    const hasBefore = before[key] !== undefined;
    const hasAfter = after[key] !== undefined;
    if (hasBefore && hasAfter) diffValue(childPath, before[key], after[key], out);
    else if (hasAfter) out.push({ path: childPath, op: 'add', after: after[key] });
    else if (hasBefore) out.push({ path: childPath, op: 'remove', before: before[key] });
  }
}

/**
 * Between two elements kept in both arrays, removed and added elements are paired in order and
 * diffed as changes (so editing one disk shows `disks[1].size`); the rest are additions (at their
 * new index) or removals (at their old index).
 */
function diffArrays(
  path: string,
  before: readonly unknown[],
  after: readonly unknown[],
  out: FieldChange[],
): void {
  const kept = longestCommonSubsequence(before.map(canonicalJson), after.map(canonicalJson));
  let i = 0;
  let j = 0;
  for (const [keptI, keptJ] of [...kept, [before.length, after.length] as const]) {
    const removed: number[] = [];
    const added: number[] = [];
    for (; i < keptI; i++) removed.push(i);
    for (; j < keptJ; j++) added.push(j);
    const paired = Math.min(removed.length, added.length);
    for (let p = 0; p < paired; p++) {
      const newIndex = added[p] as number;
      diffValue(joinPath(path, newIndex), before[removed[p] as number], after[newIndex], out);
    }
    for (const oldIndex of removed.slice(paired)) {
      out.push({ path: joinPath(path, oldIndex), op: 'remove', before: before[oldIndex] });
    }
    for (const newIndex of added.slice(paired)) {
      out.push({ path: joinPath(path, newIndex), op: 'add', after: after[newIndex] });
    }
    i = keptI + 1;
    j = keptJ + 1;
  }
}

/** Index pairs of a longest common subsequence of `a` and `b`, in order. */
function longestCommonSubsequence(
  a: readonly string[],
  b: readonly string[],
): Array<readonly [number, number]> {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // lengths[i * cols + j] = LCS length of a[i..] and b[j..]; inventory lists are short.
  const lengths = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * cols + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * cols + j + 1] as number) + 1
          : Math.max(lengths[(i + 1) * cols + j] as number, lengths[i * cols + j + 1] as number);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if ((lengths[(i + 1) * cols + j] as number) >= (lengths[i * cols + j + 1] as number)) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Code-point order, the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
