/**
 * Conversions between instants and wall-clock times of an IANA time zone, with the platform's
 * `Intl` (no time-zone library): the business clock thinks in local days and hours, the store in UTC.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is a zone the platform knows (`Europe/Paris`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock time of `instant` in `timeZone`, as a local stamp: milliseconds since the epoch of
 * that wall-clock time read as UTC. `localStamp - instant` is the zone's offset then.
 */
export function localStampAt(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wholeSeconds = Date.UTC(
    parts.year ?? Number.NaN,
    (parts.month ?? Number.NaN) - 1,
    parts.day ?? Number.NaN,
    parts.hour ?? Number.NaN,
    parts.minute ?? Number.NaN,
    parts.second ?? Number.NaN,
  );
  // Intl drops the milliseconds; offsets are whole seconds, so they carry over unchanged.
  return wholeSeconds + (((instant % 1000) + 1000) % 1000);
}

const DAY_MS = 86_400_000;

/**
 * The instant of a wall-clock time in `timeZone`. Around a DST change it disambiguates like
 * Temporal's `compatible`: a time skipped by the spring change (02:30 on the last Sunday of March
 * in Paris) moves forward by the gap (03:30 summer time), and a time that happens twice in autumn
 * gives the first occurrence (summer time).
 */
export function instantOfLocalStamp(localStamp: number, timeZone: string): number {
  // Offsets a day apart frame any single transition near this time (zones change at most once a day).
  const offsetBefore = localStampAt(localStamp - DAY_MS, timeZone) - (localStamp - DAY_MS);
  const offsetAfter = localStampAt(localStamp + DAY_MS, timeZone) - (localStamp + DAY_MS);
  // Same offset on both sides: no change near this time, the usual case.
  if (offsetBefore === offsetAfter) return localStamp - offsetBefore;
  const candidates = [localStamp - offsetBefore, localStamp - offsetAfter]
    .filter((instant) => localStampAt(instant, timeZone) === localStamp)
    .sort((a, b) => a - b);
  return candidates[0] ?? localStamp - offsetBefore;
}

/**
 * The instant converter for the wall-clock times of one local day (`dayStartStamp` its midnight):
 * two offset lookups for the whole day, and the careful conversion only on a day of change.
 */
export function instantsOfLocalDay(dayStartStamp: number, timeZone: string): (localStamp: number) => number {
  const before = localStampAt(dayStartStamp - DAY_MS, timeZone) - (dayStartStamp - DAY_MS);
  const after = localStampAt(dayStartStamp + 2 * DAY_MS, timeZone) - (dayStartStamp + 2 * DAY_MS);
  return before === after
    ? (localStamp) => localStamp - before
    : (localStamp) => instantOfLocalStamp(localStamp, timeZone);
}
