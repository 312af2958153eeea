import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkDef,
  down,
  type RecordingSink,
  recordingSink,
  up,
} from '../../test/monitoring/check-builders.js';
import { manualClock } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { listJournalEntries } from '../journal/list-entries.js';
import type { ProbeResult } from '../probes/probe.js';
import type { CheckDefinition } from './check-definition.js';
import { acknowledgeIncident, listIncidents } from './incidents.js';
import { addMaintenanceWindow, loadMaintenanceWindows } from './maintenance.js';
import { MonitorCore } from './monitor-core.js';
import { loadRestoredChecks } from './monitor-store.js';
import { writePending } from './result-writer.js';

describe(`incidents on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let clock: ReturnType<typeof manualClock>;
  let alerts: RecordingSink;
  let core: MonitorCore;
  beforeEach(async () => {
    testStore = await createTestStore();
    clock = manualClock('2026-11-28T10:00:00.000Z');
    alerts = recordingSink();
    core = new MonitorCore();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  const deps = () => ({ store: testStore.store, clock, alerts, config: testStore.config });
  /** Records one result per check (in order) at the clock's time, writes, then moves the clock 1 s. */
  const tick = async (results: Record<string, ProbeResult>) => {
    for (const [id, result] of Object.entries(results)) core.record(id, result, clock.now().getTime());
    await writePending(deps(), core, core.takePending());
    clock.advance(1000);
  };
  const open = () => listIncidents(deps(), { filter: 'open' });

  const ecwan = checkDef('device/ecwan/ping', { host: 'ecwan', objectName: 'ECWAN' });
  const host03 = checkDef('vm/host03/ping', { host: 'host03', objectName: 'Host03', parents: [ecwan.id] });
  const site = checkDef('website/offre/http', {
    host: 'host03',
    objectName: 'Offre',
    parents: [host03.id],
    tags: ['web'],
  });

  it('opens after the retries, is acknowledged by someone with a comment, and resolves into the journal', async () => {
    const check: CheckDefinition = { ...site, policy: { intervalMs: 1000, retries: 2, recoveries: 2 } };
    core.setChecks([check]);
    await tick({ [check.id]: up() });
    await tick({ [check.id]: down('HTTP 502 from https://offre.test/') });
    await tick({ [check.id]: down('HTTP 502 from https://offre.test/') });
    expect(await open()).toEqual([]);
    await tick({ [check.id]: down('HTTP 503 from https://offre.test/') });
    const [incident] = await open();
    expect(incident).toMatchObject({
      checkId: check.id,
      severity: 'critical',
      status: 'open',
      message: 'HTTP 503 from https://offre.test/',
      openedAt: '2026-11-28T10:00:03.000Z',
      alerted: true,
      unreachableBecauseOf: null,
    });
    expect(alerts.summary()).toEqual(['incident_opened DOWN: Offre http']);
    const state = await testStore.store.db.selectFrom('check_states').selectAll().executeTakeFirstOrThrow();
    expect(state).toMatchObject({
      state: 'down',
      incident_id: incident?.id,
      since: '2026-11-28T10:00:03.000Z',
    });

    const acked = await acknowledgeIncident(deps(), {
      id: incident?.id.slice(0, 8) ?? '',
      actor: 'user:alice',
      comment: 'php-fpm restarted',
    });
    expect(acked).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'user:alice',
      ackComment: 'php-fpm restarted',
    });
    expect(alerts.events.at(-1)).toMatchObject({
      kind: 'incident_acknowledged',
      acknowledgedBy: 'user:alice',
    });
    const audit = await testStore.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'incident.acknowledge')
      .execute();
    expect(audit.map((row) => row.target_key)).toEqual([incident?.id]);
    await expect(
      acknowledgeIncident(deps(), { id: incident?.id ?? '', actor: 'user:bob', comment: '  ' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });

    await tick({ [check.id]: up() });
    expect(await open()).toHaveLength(1);
    clock.advance(60_000);
    await tick({ [check.id]: up() });
    expect(await open()).toEqual([]);
    const [resolved] = await listIncidents(deps(), { filter: 'resolved' });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-11-28T10:01:05.000Z',
      durationMs: 62_000,
    });
    expect(alerts.events.at(-1)).toMatchObject({
      kind: 'incident_resolved',
      durationMs: 62_000,
      severity: 'info',
    });
    const [entry] = await listJournalEntries(testStore.store.db, { category: 'incident' });
    expect(entry).toMatchObject({
      category: 'incident',
      actor: 'job:monitoring',
      hosts: ['host03'],
      durationMs: 62_000,
      startedAt: '2026-11-28T10:00:03.000Z',
      endedAt: '2026-11-28T10:01:05.000Z',
      summary: 'DOWN for 1 min: Offre http (website/offre/http)',
    });
    expect(entry?.detail).toContain('Acknowledged by user:alice: php-fpm restarted');
    await expect(
      acknowledgeIncident(deps(), { id: incident?.id ?? '', actor: 'user:bob', comment: 'late' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const changes = await testStore.store.db
      .selectFrom('check_state_changes')
      .select(['from_state', 'to_state'])
      .orderBy('id')
      .execute();
    expect(changes).toEqual([
      { from_state: 'unknown', to_state: 'up' },
      { from_state: 'up', to_state: 'down' },
      { from_state: 'down', to_state: 'up' },
    ]);
  });

  it('pages once for ECWAN: its children are unreachable because of ECWAN, and released if they stay down after it recovers', async () => {
    core.setChecks([ecwan, host03, site]);
    await tick({ [ecwan.id]: up(), [host03.id]: up(), [site.id]: up() });
    await tick({ [ecwan.id]: down('no reply'), [host03.id]: down('no reply'), [site.id]: down('timeout') });
    const incidents = await open();
    expect(incidents.map((i) => [i.checkId, i.unreachableBecauseOf, i.suppressedBy, i.alerted])).toEqual(
      expect.arrayContaining([
        [ecwan.id, null, null, true],
        [host03.id, 'ECWAN', ecwan.id, false],
        [site.id, 'ECWAN', ecwan.id, false],
      ]),
    );
    expect(alerts.summary()).toEqual(['incident_opened DOWN: ECWAN ping']);

    await tick({ [ecwan.id]: up(), [host03.id]: down('no reply'), [site.id]: down('timeout') });
    // ECWAN is back but Host03 is not: Host03 pages now, the site is unreachable because of Host03.
    expect(alerts.summary().slice(1)).toEqual([
      'incident_resolved RESOLVED: ECWAN ping (after 1 s)',
      'incident_opened DOWN: Host03 ping',
    ]);
    const site1 = (await open()).find((i) => i.checkId === site.id);
    expect(site1).toMatchObject({ unreachableBecauseOf: 'Host03', alerted: false });

    await tick({ [host03.id]: up(), [site.id]: down('HTTP 500') });
    expect(alerts.summary().slice(3)).toEqual([
      'incident_resolved RESOLVED: Host03 ping (after 2 s)',
      'incident_opened DOWN: Offre http',
    ]);
    expect((await open()).map((i) => [i.checkId, i.unreachableBecauseOf, i.alerted])).toEqual([
      [site.id, null, true],
    ]);
  });

  it('resolves a child unreachable the whole time without any alert, noting why in the journal', async () => {
    core.setChecks([ecwan, host03]);
    await tick({ [ecwan.id]: down(), [host03.id]: down() });
    await tick({ [host03.id]: up(), [ecwan.id]: up() });
    expect(alerts.summary()).toEqual([
      'incident_opened DOWN: ECWAN ping',
      'incident_resolved RESOLVED: ECWAN ping (after 1 s)',
    ]);
    const entries = await listJournalEntries(testStore.store.db, { category: 'incident' });
    expect(entries.map((e) => e.summary).sort()).toEqual([
      'DOWN for 1 s: ECWAN ping (device/ecwan/ping)',
      'DOWN for 1 s: Host03 ping (vm/host03/ping)',
    ]);
    expect(entries.find((e) => e.summary.includes('Host03'))?.detail).toContain(
      'Unreachable because of ECWAN.',
    );
  });

  it('holds alerts during a maintenance window, and releases them when it ends if the incident is still open', async () => {
    const window = await addMaintenanceWindow(
      deps(),
      { title: 'Debian updates', scope: { kind: 'tag', value: 'web' }, end: '2026-11-28T10:10:00.000Z' },
      'user:alice',
    );
    core.setWindows(await loadMaintenanceWindows(testStore.store.db));
    const other = checkDef('website/other/http', { host: 'host04', objectName: 'Other', tags: ['web'] });
    core.setChecks([site, other]);
    await tick({ [site.id]: down('HTTP 503'), [other.id]: down('HTTP 503') });
    expect((await open()).map((i) => i.heldByMaintenance)).toEqual([window.id, window.id]);
    expect(alerts.events).toEqual([]);
    await tick({ [other.id]: up() });
    clock.advance(10 * 60_000);
    await tick({ [site.id]: down('HTTP 503') });
    expect(alerts.summary()).toEqual(['incident_opened DOWN: Offre http']);
    expect(await open()).toMatchObject([{ checkId: site.id, heldByMaintenance: null, alerted: true }]);
    const otherEntry = (await listJournalEntries(testStore.store.db, { category: 'incident' }))[0];
    expect(otherEntry?.detail).toContain('During a maintenance window: no alert was sent.');
  });

  it('summarises a flapping check in one incident, resolved once it is calm', async () => {
    core.setChecks([site]);
    const sequence = [up(), down(), up(), down(), up(), down(), up(), down(), up()];
    for (const result of sequence) await tick({ [site.id]: result });
    const all = await listIncidents(deps(), { filter: 'all' });
    // Opened, resolved, opened again; then the check flaps and that second incident stays open.
    expect(all.map((i) => [i.status, i.flapping])).toEqual([
      ['open', true],
      ['resolved', false],
    ]);
    expect(alerts.events.filter((e) => e.kind === 'incident_opened')).toHaveLength(2);
    clock.advance(20_000);
    await tick({ [site.id]: up() });
    expect(await open()).toEqual([]);
    expect(alerts.events.at(-1)?.kind).toBe('incident_resolved');
  });

  it('resumes after a restart: the open incident is the same one and resolves once', async () => {
    core.setChecks([site]);
    await tick({ [site.id]: down() });
    const [before] = await open();
    const restarted = new MonitorCore();
    restarted.setChecks([site], await loadRestoredChecks(testStore.store.db, [site.id]));
    core = restarted;
    await tick({ [site.id]: down() });
    expect((await open()).map((i) => i.id)).toEqual([before?.id]);
    await tick({ [site.id]: up() });
    const all = await listIncidents(deps(), { filter: 'all' });
    expect(all.map((i) => [i.id, i.status])).toEqual([[before?.id, 'resolved']]);
  });
});
