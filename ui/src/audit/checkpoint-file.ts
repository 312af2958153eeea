/** A checkpoint statement as a file: its name, its download, and reading one back. */
import type { CheckpointStatement } from '../api/types.js';
import { DISPLAY_TIME_ZONE } from '../format/format.js';

/**
 * `vigie-checkpoint-2026-11-28.json` (the audit trail's) or `vigie-journal-checkpoint-2026-11-28.json`,
 * the date in the customer's time zone.
 */
export function checkpointFileName(
  createdAt: string,
  timeZone = DISPLAY_TIME_ZONE,
  chain: 'audit' | 'journal' = 'audit',
): string {
  const date = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(createdAt));
  return `vigie-${chain === 'audit' ? '' : `${chain}-`}checkpoint-${date}.json`;
}

/** Has the browser save `statement` as a JSON file. */
export function downloadCheckpoint(
  statement: CheckpointStatement,
  chain: 'audit' | 'journal' = 'audit',
): string {
  const name = checkpointFileName(statement.createdAt, DISPLAY_TIME_ZONE, chain);
  const blob = new Blob([`${JSON.stringify(statement, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; release it once the browser has taken it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The JSON of a chosen file, or null when it is not JSON at all (the server checks the rest). */
export async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the caller says it is not a checkpoint file.
    return null;
  }
}
