/**
 * Maintenance windows as a service: add (one-off or recurring), list, end early; each change audited.
 * Windows are never deleted: availability figures leave them out afterwards.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import { parseDuration } from '../inventory/schema/units.js';
import type { CoreDeps } from '../runtime/deps.js';
import type { Database } from '../store/database.js';
import { cronProblem } from './cron-schedule.js';
import { findByIdPrefix } from './id-prefix.js';
import { activeOccurrence, type MaintenanceWindow } from './maintenance-window.js';
import type { MaintenanceWindowsTable } from './tables.js';

export const MAINTENANCE_SCOPES = ['host', 'object', 'tag', 'check'] as const;

export const maintenanceInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).describe('what is being done, e.g. "Debian 12.8 updates"'),
  scope: z.strictObject({
    kind: z.enum(MAINTENANCE_SCOPES),
    value: z.string().trim().min(1).max(200).describe('host03, website/intranet, a tag, or a check id'),
  }),
  start: z.iso.datetime({ offset: true }).optional().describe('ISO instant; now unless told'),
  end: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('end of a one-off window; for a recurring one, the last start'),
  cron: z.string().trim().min(1).max(100).optional().describe('recurring: 5-field cron, e.g. "0 2 * * 0"'),
  duration: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .optional()
    .describe('recurring: how long each occurrence lasts, e.g. 2h'),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("the cron's time zone; the configured one unless told"),
});

export type MaintenanceInput = z.infer<typeof maintenanceInputSchema>;

export interface MaintenanceView extends MaintenanceWindow {
  /** The occurrence covering now, if any. */
  readonly activeUntil: string | null;
}

type Deps = Pick<CoreDeps, 'store' | 'clock' | 'config'>;

/** Adds a window; refuses inconsistent input with the field at fault. */
export async function addMaintenanceWindow(
  deps: Deps,
  input: MaintenanceInput,
  actor: string,
): Promise<MaintenanceView> {
  const now = deps.clock.now();
  const start = input.start === undefined ? now : new Date(input.start);
  const recurring = input.cron !== undefined || input.duration !== undefined;
  let durationMs: number | null = null;
  const timeZone = input.timeZone ?? deps.config.timeZone;
  if (recurring) {
    if (input.cron === undefined || input.duration === undefined) {
      throw badInput(
        input.cron === undefined ? 'cron' : 'duration',
        'A recurring window needs both cron and duration',
        'e.g. cron "0 2 * * 0" and duration 2h: Sundays from 02:00 for two hours',
      );
    }
    const problem = cronProblem(input.cron, timeZone);
    if (problem !== undefined)
      throw badInput(
        'cron',
        `Invalid cron expression "${input.cron}": ${problem}`,
        'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * 0".',
      );
    const duration = parseDuration(input.duration);
    if (!duration.ok) throw badInput('duration', duration.message, duration.hint ?? 'e.g. 2h or 90m');
    durationMs = duration.value * 1000;
    if (durationMs <= 0)
      throw badInput('duration', 'The duration must be longer than zero', 'e.g. 2h or 90m');
  } else if (input.end === undefined) {
    throw badInput(
      'end',
      'A one-off window needs its end',
      'Give --end (an ISO instant), or --cron and --duration for a recurring window.',
    );
  }
  if (input.end !== undefined && Date.parse(input.end) <= start.getTime()) {
    throw badInput(
      'end',
      `The end ${input.end} is not after the start ${start.toISOString()}`,
      'Give an end later than the start.',
    );
  }
  const row: MaintenanceWindowsTable = {
    id: randomUUID(),
    title: input.title,
    scope_kind: input.scope.kind,
    scope_value: input.scope.value,
    starts_at: start.toISOString(),
    ends_at: input.end === undefined ? null : new Date(input.end).toISOString(),
    cron: input.cron ?? null,
    duration_ms: durationMs,
    time_zone: recurring ? timeZone : null,
    created_by: actor,
    created_at: now.toISOString(),
    ended_at: null,
    ended_by: null,
  };
  await deps.store.transaction(async (trx) => {
    await trx.insertInto('maintenance_windows').values(row).execute();
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor,
      action: 'maintenance.add',
      targetKind: 'maintenance_window',
      targetKey: row.id,
      after: row,
    });
  });
  return toView(toWindow(row), now.getTime());
}

/** Windows, newest first; `current` keeps those active now or still to come. */
export async function listMaintenanceWindows(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  options: { current?: boolean | undefined } = {},
): Promise<MaintenanceView[]> {
  const nowMs = deps.clock.now().getTime();
  const windows = (await loadMaintenanceWindows(deps.store.db)).map((window) => toView(window, nowMs));
  return options.current ? windows.filter((window) => isCurrent(window, nowMs)) : windows;
}

/** Ends a window now (or its prefix of at least 6 characters); audited. */
export async function endMaintenanceWindow(
  deps: Deps,
  idOrPrefix: string,
  actor: string,
): Promise<MaintenanceView> {
  const now = deps.clock.now();
  const ended = await deps.store.transaction(async (trx) => {
    const row = await findByIdPrefix(trx, 'maintenance_windows', idOrPrefix, 'maintenance window');
    if (row.ended_at !== null) {
      throw new AppError(
        'CONFLICT',
        `The maintenance window ${row.id} was already ended at ${row.ended_at}`,
        {
          hint: 'Nothing to do; vigie maintenance list shows the current windows.',
        },
      );
    }
    const after = { ...row, ended_at: now.toISOString(), ended_by: actor };
    await trx
      .updateTable('maintenance_windows')
      .set({ ended_at: after.ended_at, ended_by: actor })
      .where('id', '=', row.id)
      .execute();
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor,
      action: 'maintenance.end',
      targetKind: 'maintenance_window',
      targetKey: row.id,
      before: row,
      after,
    });
    return after;
  });
  return toView(toWindow(ended), now.getTime());
}

/** Every window, newest first. */
export async function loadMaintenanceWindows(db: Kysely<Database>): Promise<MaintenanceWindow[]> {
  const rows = await db.selectFrom('maintenance_windows').selectAll().orderBy('starts_at', 'desc').execute();
  return rows.map(toWindow);
}

function isCurrent(window: MaintenanceView, nowMs: number): boolean {
  if (window.endedAt !== null) return false;
  if (window.activeUntil !== null) return true;
  if (window.cron !== null) return window.endsAt === null || Date.parse(window.endsAt) > nowMs;
  return Date.parse(window.startsAt) > nowMs;
}

function toView(window: MaintenanceWindow, nowMs: number): MaintenanceView {
  const active = activeOccurrence(window, nowMs);
  return {
    ...window,
    activeUntil:
      active === undefined ? null : new Date(active.end === Infinity ? 8.64e15 : active.end).toISOString(),
  };
}

export function toWindow(row: MaintenanceWindowsTable): MaintenanceWindow {
  return {
    id: row.id,
    title: row.title,
    scope: { kind: row.scope_kind, value: row.scope_value },
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cron: row.cron,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    timeZone: row.time_zone,
    createdBy: row.created_by,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
  };
}

function badInput(field: string, message: string, hint: string): AppError {
  return new AppError('BAD_INPUT', message, { hint, details: { field } });
}
