/** Cron expressions of recurring maintenance windows, read in a time zone. croner lives behind this file only. */
import { Cron } from 'croner';

function cronOf(expression: string, timeZone: string): Cron {
  return new Cron(expression, { paused: true, timezone: timeZone, mode: '5-part' });
}

/** Why `expression` is not a usable cron expression (5 fields), or undefined when it is. */
export function cronProblem(expression: string, timeZone: string): string | undefined {
  try {
    cronOf(expression, timeZone);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The latest occurrence at or before `atMs`, or undefined. */
export function previousOccurrence(expression: string, timeZone: string, atMs: number): number | undefined {
  const [previous] = cronOf(expression, timeZone).previousRuns(1, new Date(atMs));
  return previous?.getTime();
}

/** Occurrences starting in [fromMs, toMs), at most `limit`. */
export function occurrencesBetween(
  expression: string,
  timeZone: string,
  fromMs: number,
  toMs: number,
  limit = 10_000,
): number[] {
  const cron = cronOf(expression, timeZone);
  const starts: number[] = [];
  // nextRun is strictly after its reference: start one millisecond before to include `fromMs` itself.
  let next = cron.nextRun(new Date(fromMs - 1));
  while (next !== null && next.getTime() < toMs && starts.length < limit) {
    starts.push(next.getTime());
    next = cron.nextRun(next);
  }
  return starts;
}
