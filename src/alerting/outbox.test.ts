import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertingFixture,
  alertEvent,
  createAlertingFixture,
} from '../../test/alerting/alerting-fixture.js';
import { type HttpSink, startHttpSink } from '../../test/support/http-sink.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { deliverDue } from './delivery.js';
import { enqueueAlert } from './enqueue.js';
import { dueFollowUps, enqueueDueFollowUps } from './follow-ups.js';
import type { AlertEvent } from './model.js';
import { listOutbox } from './outbox.js';

const MINUTE = 60_000;

describe(`alert outbox on ${TEST_DIALECT}`, () => {
  let fixture: AlertingFixture;
  let sink: HttpSink;
  beforeEach(async () => {
    sink = await startHttpSink();
    fixture = await createAlertingFixture();
  });
  afterEach(async () => {
    await fixture?.cleanup();
    await sink?.close();
  });

  const config = (route: Record<string, unknown> = {}) =>
    fixture.withConfig({
      channels: [
        { id: 'ops', kind: 'webhook', url: sink.url('/ops') },
        { id: 'boss', kind: 'webhook', url: sink.url('/boss') },
      ],
      routes: [{ id: 'main', channels: ['ops'], ...route }],
    });
  const enqueue = (deps: ReturnType<typeof config>, event: AlertEvent) =>
    fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, event));
  const bodies = (path: string) =>
    sink.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body) as { events: AlertEvent[] });

  it('stores an event once per channel however often it is enqueued', async () => {
    const deps = config({ channels: ['ops', 'boss'] });
    const event = alertEvent();
    expect(await enqueue(deps, event)).toHaveLength(2);
    expect(await enqueue(deps, event)).toEqual([]);
    expect(await enqueue(deps, { ...event, title: 'changed' })).toEqual([]);
    const items = await listOutbox(fixture.testStore.store.db);
    const rows = items.map((i) => [i.channel, i.status, i.events.map((e) => e.eventId)]);
    expect(rows.sort()).toEqual([
      ['boss', 'open', [event.eventId]],
      ['ops', 'open', [event.eventId]],
    ]);
    const round = await deliverDue(deps, fixture.clock.now());
    expect(round).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(await deliverDue(deps, fixture.clock.now())).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sink.requests).toHaveLength(2);
    expect(await listOutbox(fixture.testStore.store.db)).toEqual([]);
  });

  it('rolls back with the caller: no incident, no alert', async () => {
    const deps = config();
    await expect(
      fixture.testStore.store.transaction(async (trx) => {
        await enqueueAlert(deps, trx, alertEvent());
        throw new Error('the incident could not be stored');
      }),
    ).rejects.toThrow(/could not be stored/);
    expect(await listOutbox(fixture.testStore.store.db, { filter: 'all' })).toEqual([]);
  });

  it('sends the events of one group arriving within group_wait as one message', async () => {
    const deps = config({ group_by: ['host'], group_wait: '30s' });
    const ecwan = alertEvent({ incidentId: 'ecwan', title: 'DOWN: ECWAN', subject: { host: 'ecwan' } });
    const child = alertEvent({
      incidentId: 'vpn',
      title: 'DOWN: VPN (via ECWAN)',
      subject: { host: 'ecwan' },
    });
    const other = alertEvent({ incidentId: 'db', title: 'DOWN: DB03', subject: { host: 'db03' } });
    await enqueue(deps, ecwan);
    fixture.clock.advance(10_000);
    await enqueue(deps, child);
    await enqueue(deps, other);
    expect(await deliverDue(deps, fixture.clock.now())).toEqual({ sent: 0, retrying: 0, failed: 0 });
    fixture.clock.advance(20_000);
    expect((await deliverDue(deps, fixture.clock.now())).sent).toBe(1);
    const [grouped] = bodies('/ops');
    expect(grouped?.events.map((e) => e.title)).toEqual(['DOWN: ECWAN', 'DOWN: VPN (via ECWAN)']);
    // The window closed: a late event of the same host opens a new message.
    const late = alertEvent({ incidentId: 'late', subject: { host: 'ecwan' } });
    await enqueue(deps, late);
    fixture.clock.advance(30_000);
    expect((await deliverDue(deps, fixture.clock.now())).sent).toBe(2);
    expect(bodies('/ops').map((b) => b.events.length)).toEqual([2, 1, 1]);
  });

  it('reminds and escalates an unacknowledged incident, and stops at the acknowledgement', async () => {
    const deps = config({ repeat_interval: '1h', escalation: [{ after: '15m', channels: ['boss'] }] });
    const opened = alertEvent({
      eventId: 'inc-7:opened',
      incidentId: 'inc-7',
      at: fixture.clock.now().toISOString(),
    });
    await enqueue(deps, opened);
    expect(await dueFollowUps(deps, fixture.clock.now())).toEqual([]);

    fixture.clock.advance(15 * MINUTE);
    expect(await enqueueDueFollowUps(deps, fixture.clock.now(), { held: () => true })).toBe(0);
    expect(await enqueueDueFollowUps(deps, fixture.clock.now())).toBe(1);
    expect(await enqueueDueFollowUps(deps, fixture.clock.now())).toBe(0);
    fixture.clock.advance(45 * MINUTE);
    expect(await enqueueDueFollowUps(deps, fixture.clock.now())).toBe(1);
    await deliverDue(deps, fixture.clock.now());
    // Both go out in the same delivery round, in either order.
    expect(
      bodies('/boss')
        .map((b) => b.events.map((e) => `${e.kind}@${e.escalationLevel}`).join(','))
        .sort(),
    ).toEqual(['incident_escalated@1', 'incident_reminder@1']);
    expect(bodies('/ops').flatMap((b) => b.events.map((e) => e.kind))).toEqual([
      'incident_opened',
      'incident_reminder',
    ]);

    await enqueue(deps, {
      ...opened,
      eventId: 'inc-7:ack',
      kind: 'incident_acknowledged',
      acknowledgedBy: 'alice',
    });
    fixture.clock.advance(3 * 60 * MINUTE);
    expect(await dueFollowUps(deps, fixture.clock.now())).toEqual([]);
    await enqueue(deps, {
      ...opened,
      eventId: 'inc-7:resolved',
      kind: 'incident_resolved',
      durationMs: 4 * 3600_000,
    });
    await deliverDue(deps, fixture.clock.now());
    const boss = bodies('/boss').flatMap((b) => b.events.map((e) => e.kind));
    // The reminder and the escalation were due at the same instant: either may come first.
    expect([...boss.slice(0, 2)].sort()).toEqual(['incident_escalated', 'incident_reminder']);
    expect(boss.slice(2)).toEqual(['incident_acknowledged', 'incident_resolved']);
  });

  it('logs an event no route matches, and stores nothing', async () => {
    const deps = config({ match: { hosts: ['db03'] } });
    expect(await enqueue(deps, alertEvent())).toEqual([]);
    expect(fixture.logLines.join('')).toContain('matched no route');
    expect(await listOutbox(fixture.testStore.store.db, { filter: 'all' })).toEqual([]);
  });
});
