/** A source of the current time, so tests can pin it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The current instant as stored everywhere in Vigie: ISO 8601 in UTC, millisecond precision. */
export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}
