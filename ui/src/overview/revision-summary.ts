/** Reads a revision's `{added|add, changed|change, removed|remove}` counts, whichever names the API uses. */
import type { Revision } from '../api/types.js';

export interface ChangeCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

export function changeCountsOf(revision: Revision): ChangeCounts {
  const summary = (revision.summary ?? {}) as Readonly<Record<string, unknown>>;
  const count = (...names: string[]) => {
    for (const name of names) {
      const value = summary[name];
      if (typeof value === 'number') return value;
    }
    return 0;
  };
  return {
    added: count('added', 'add'),
    changed: count('changed', 'change'),
    removed: count('removed', 'remove'),
  };
}
