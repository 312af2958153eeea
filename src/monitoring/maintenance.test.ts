import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { addMaintenanceWindow, endMaintenanceWindow, listMaintenanceWindows } from './maintenance.js';
import { activeOccurrence, occurrences, windowCovers } from './maintenance-window.js';

describe(`maintenance windows on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(async () => {
    testStore = await createTestStore();
    clock = manualClock('2026-11-28T10:00:00.000Z');
  });
  afterEach(async () => {
    await testStore.cleanup();
  });
  const deps = () => ({ store: testStore.store, clock, config: testStore.config });
  const scope = { kind: 'host' as const, value: 'host03' };

  it('adds a one-off window, shows it active, ends it early, audited', async () => {
    const added = await addMaintenanceWindow(
      deps(),
      { title: 'Kernel update', scope, end: '2026-11-28T11:00:00Z' },
      'user:alice',
    );
    expect(added).toMatchObject({
      startsAt: '2026-11-28T10:00:00.000Z',
      activeUntil: '2026-11-28T11:00:00.000Z',
      createdBy: 'user:alice',
    });
    clock.advance(10 * 60_000);
    const ended = await endMaintenanceWindow(deps(), added.id.slice(0, 8), 'user:bob');
    expect(ended).toMatchObject({
      endedAt: '2026-11-28T10:10:00.000Z',
      endedBy: 'user:bob',
      activeUntil: null,
    });
    expect(await listMaintenanceWindows(deps(), { current: true })).toEqual([]);
    expect(await listMaintenanceWindows(deps())).toHaveLength(1);
    const actions = await testStore.store.db
      .selectFrom('audit_events')
      .select('action')
      .orderBy('seq')
      .execute();
    expect(actions.map((row) => row.action)).toEqual(['maintenance.add', 'maintenance.end']);
    await expect(endMaintenanceWindow(deps(), added.id, 'user:bob')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(endMaintenanceWindow(deps(), 'abc', 'user:bob')).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(endMaintenanceWindow(deps(), 'ffffffff', 'user:bob')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reads a recurring window in the customer time zone: Sundays 02:00 Paris for 2 hours', async () => {
    const weekly = await addMaintenanceWindow(
      deps(),
      { title: 'Weekly', scope, cron: '0 2 * * 0', duration: '2h' },
      'user:alice',
    );
    expect(weekly).toMatchObject({
      cron: '0 2 * * 0',
      durationMs: 7_200_000,
      timeZone: 'Europe/Paris',
      activeUntil: null,
    });
    // Sunday 29 November 2026, 02:30 in Paris is 01:30 UTC.
    expect(activeOccurrence(weekly, Date.parse('2026-11-29T01:30:00Z'))).toEqual({
      start: Date.parse('2026-11-29T01:00:00Z'),
      end: Date.parse('2026-11-29T03:00:00Z'),
    });
    expect(activeOccurrence(weekly, Date.parse('2026-11-29T03:00:00Z'))).toBeUndefined();
    expect(activeOccurrence(weekly, Date.parse('2026-11-28T01:30:00Z'))).toBeUndefined();
    const december = occurrences(
      weekly,
      Date.parse('2026-12-01T00:00:00Z'),
      Date.parse('2027-01-01T00:00:00Z'),
    );
    expect(december).toHaveLength(4);
    expect(await listMaintenanceWindows(deps(), { current: true })).toHaveLength(1);
  });

  it('refuses inconsistent windows naming the field to fix', async () => {
    const add = (input: Record<string, unknown>) =>
      addMaintenanceWindow(deps(), { title: 'x', scope, ...input }, 'user:alice');
    await expect(add({})).rejects.toMatchObject({ code: 'BAD_INPUT', details: { field: 'end' } });
    await expect(add({ end: '2026-11-28T09:00:00Z' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'end' },
    });
    await expect(add({ cron: '0 2 * * 0' })).rejects.toMatchObject({ details: { field: 'duration' } });
    await expect(add({ cron: 'every sunday', duration: '2h' })).rejects.toMatchObject({
      details: { field: 'cron' },
      message: expect.stringContaining('Invalid cron expression "every sunday"'),
    });
    await expect(add({ cron: '0 2 * * 0', duration: '2 hours' })).rejects.toMatchObject({
      details: { field: 'duration' },
      hint: 'write 2h',
    });
  });

  it('covers checks by host, object, tag or check id', () => {
    const window = (kind: 'host' | 'object' | 'tag' | 'check', value: string) => ({
      id: 'w',
      title: 't',
      scope: { kind, value },
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: null,
      cron: null,
      durationMs: null,
      timeZone: null,
      createdBy: 'x',
      createdAt: '2026-01-01T00:00:00Z',
      endedAt: null,
      endedBy: null,
    });
    const check = { id: 'website/intranet/http', object: 'website/intranet', host: 'host04', tags: ['web'] };
    expect(windowCovers(window('host', 'host04'), check)).toBe(true);
    expect(windowCovers(window('host', 'host03'), check)).toBe(false);
    expect(windowCovers(window('object', 'website/intranet'), check)).toBe(true);
    expect(windowCovers(window('tag', 'web'), check)).toBe(true);
    expect(windowCovers(window('tag', 'db'), check)).toBe(false);
    expect(windowCovers(window('check', 'website/intranet/tls'), check)).toBe(false);
  });
});
