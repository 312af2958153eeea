import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/alerting/delivery.js';
import { enqueueAlert } from '../../src/alerting/enqueue.js';
import { messageIdFor } from '../../src/alerting/notifiers/smtp.js';
import { listOutbox } from '../../src/alerting/outbox.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { type SmtpServerFixture, startSmtpServer } from '../support/smtp-server.js';
import { TEST_DIALECT } from '../support/test-store.js';
import { type AlertingFixture, alertEvent, createAlertingFixture } from './alerting-fixture.js';

const PASSWORD = 'p4ss-w0rd-that-must-never-show';
const MINUTE = 60_000;

describe(`e-mail alerts through a real SMTP server on ${TEST_DIALECT}`, () => {
  let smtp: SmtpServerFixture;
  let fixture: AlertingFixture;
  beforeAll(async () => {
    smtp = await startSmtpServer({ username: 'vigie', password: PASSWORD });
  });
  afterAll(async () => {
    await smtp?.close();
  });
  beforeEach(async () => {
    await smtp.start();
    fixture = await createAlertingFixture();
    await fixture.storeSecret('smtp-password', PASSWORD);
  });
  afterEach(async () => {
    await fixture?.cleanup();
  });

  const mailConfig = (extra: Record<string, unknown> = {}) =>
    fixture.withConfig({
      channels: [
        {
          id: 'astreinte',
          kind: 'smtp',
          host: '127.0.0.1',
          port: smtp.port,
          tls: 'none',
          from: 'vigie@example.fr',
          to: ['astreinte@example.fr'],
          username: 'vigie',
          password_secret: 'smtp-password',
          ...extra,
        },
      ],
      routes: [{ id: 'all', channels: ['astreinte'] }],
    });
  const countBefore = () => smtp.messages().length;

  it('sends a French e-mail with a stable Message-ID, logging in with the stored password', async () => {
    const before = countBefore();
    const deps = mailConfig();
    const event = alertEvent();
    const [delivery] = await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, event));
    expect(await deliverDue(deps, fixture.clock.now())).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [message] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(message?.login).toBe('vigie');
    expect(message?.rcptTos).toEqual(['astreinte@example.fr']);
    expect(message?.messageId).toBe(messageIdFor(delivery?.notificationId ?? '', 'vigie@example.fr'));
    expect(message?.subject).toBe('[Vigie] Incident ouvert : DOWN: Host03 nginx (HTTP 502)');
    expect(message?.data).toMatch(/Gravit=C3=A9 : critique|Gravité : critique/);
    expect(fixture.logLines.join('')).not.toContain(PASSWORD);
  });

  it('keeps trying while the server is down for ten minutes, then delivers exactly once', async () => {
    await smtp.stop();
    const before = countBefore();
    const deps = mailConfig();
    const event = alertEvent();
    await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, event));
    const start = fixture.clock.now().getTime();
    const gaps: number[] = [];
    // The server is really down; only the clock that schedules the retries is moved.
    while (fixture.clock.now().getTime() - start < 10 * MINUTE) {
      expect(await deliverDue(deps, fixture.clock.now(), { random: () => 0.5 })).toEqual({
        sent: 0,
        retrying: 1,
        failed: 0,
      });
      const [item] = await listOutbox(fixture.testStore.store.db);
      expect(item?.lastError).toMatch(/smtp 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
      const next = new Date(item?.nextAttemptAt ?? '').getTime();
      gaps.push(next - fixture.clock.now().getTime());
      // Nothing is tried before its time.
      fixture.clock.advance(1000);
      expect(await deliverDue(deps, fixture.clock.now())).toEqual({ sent: 0, retrying: 0, failed: 0 });
      fixture.clock.advance(next - fixture.clock.now().getTime());
    }
    // 30 s, 1, 2, 4, 8 min, then capped at 10 min; jitter takes off up to a fifth (half of it here).
    expect(gaps.slice(0, 5)).toEqual([27_000, 54_000, 108_000, 216_000, 432_000]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10 * MINUTE);
    expect(smtp.messages()).toHaveLength(before);

    await smtp.start();
    expect(await deliverDue(deps, fixture.clock.now())).toEqual({ sent: 1, retrying: 0, failed: 0 });
    fixture.clock.advance(60 * MINUTE);
    expect(await deliverDue(deps, fixture.clock.now())).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const received = smtp.messages().slice(before);
    expect(received).toHaveLength(1);
    const [sent] = await listOutbox(fixture.testStore.store.db, { filter: 'sent' });
    expect(sent?.attempts).toBe(gaps.length + 1);
    expect(received[0]?.messageId).toBe(messageIdFor(sent?.id ?? '', 'vigie@example.fr'));
  });

  it('marks a notification failed after giving up, visibly, and journals it', async () => {
    await smtp.stop();
    const deps = mailConfig();
    await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
    const options = { giveUpAfterMs: 60 * MINUTE };
    let round = await deliverDue(deps, fixture.clock.now(), options);
    while (round.failed === 0) {
      expect(round.retrying).toBe(1);
      fixture.clock.advance(10 * MINUTE);
      round = await deliverDue(deps, fixture.clock.now(), options);
    }
    const [failed] = await listOutbox(fixture.testStore.store.db, { filter: 'failed' });
    expect(failed).toMatchObject({ status: 'failed', channel: 'astreinte' });
    expect(failed?.lastError).toContain('ECONNREFUSED');
    fixture.clock.advance(60 * MINUTE);
    expect(await deliverDue(deps, fixture.clock.now(), options)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const [entry] = await listJournalEntries(fixture.testStore.store.db, { category: 'incident' });
    expect(entry).toMatchObject({ result: 'failed', actor: 'job:alerting', hosts: ['host03'] });
    expect(entry?.summary).toMatch(
      /^Alert notification to astreinte given up after \d+ attempts: DOWN: Host03/,
    );
    expect(fixture.logLines.join('')).toContain('given up');
  });

  it('reports a refused login without ever showing the password', async () => {
    await fixture.storeSecret('smtp-password', `${PASSWORD}-wrong`);
    const deps = mailConfig();
    await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
    expect((await deliverDue(deps, fixture.clock.now())).retrying).toBe(1);
    const [item] = await listOutbox(fixture.testStore.store.db);
    expect(item?.lastError).toMatch(/EAUTH|535/);
    const everything = JSON.stringify(item) + fixture.logLines.join('');
    expect(everything).not.toContain(PASSWORD);
  });

  it('refuses a mail server outside the outbound allowlist before connecting', async () => {
    const deps = fixture.withConfig({
      channels: [
        {
          id: 'far',
          kind: 'smtp',
          host: '192.0.2.10',
          tls: 'none',
          from: 'vigie@example.fr',
          to: ['a@example.fr'],
        },
      ],
      routes: [{ id: 'all', channels: ['far'] }],
    });
    await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
    await deliverDue(deps, fixture.clock.now());
    const [item] = await listOutbox(fixture.testStore.store.db);
    expect(item?.lastError).toMatch(/192\.0\.2\.10 is outside the outbound allowlist/);
  });
});
