import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/alerting/delivery.js';
import { enqueueAlert } from '../../src/alerting/enqueue.js';
import { listOutbox } from '../../src/alerting/outbox.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { TEST_DIALECT } from '../support/test-store.js';
import { type AlertingFixture, alertEvent, createAlertingFixture } from './alerting-fixture.js';

const SECRETS = {
  'hook-key': 'hmac-key-never-logged',
  'matrix-token': 'syt_matrix_token_never_logged',
  'ntfy-token': 'tk_ntfy_token_never_logged',
};

describe(`webhook, Teams, Slack, Matrix and ntfy notifiers against a real HTTP server on ${TEST_DIALECT}`, () => {
  let sink: HttpSink;
  let fixture: AlertingFixture;
  beforeEach(async () => {
    sink = await startHttpSink();
    fixture = await createAlertingFixture();
    for (const [name, value] of Object.entries(SECRETS)) await fixture.storeSecret(name, value);
  });
  afterEach(async () => {
    await fixture?.cleanup();
    await sink?.close();
  });

  const configFor = (channel: Record<string, unknown>) =>
    fixture.withConfig({
      channels: [{ id: 'chan', ...channel }],
      routes: [{ id: 'all', channels: ['chan'] }],
    });
  const sendOne = async (channel: Record<string, unknown>, event = alertEvent()) => {
    const deps = configFor(channel);
    const [delivery] = await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, event));
    const round = await deliverDue(deps, fixture.clock.now());
    return { deps, round, id: delivery?.notificationId ?? '', event };
  };

  it('posts the documented webhook JSON, signed with the stored key', async () => {
    const { round, id, event } = await sendOne({
      kind: 'webhook',
      url: sink.url('/hooks/vigie?x=1'),
      hmac_secret: 'hook-key',
    });
    expect(round.sent).toBe(1);
    const [request] = sink.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/vigie?x=1' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe(id);
    const signature = createHmac('sha256', SECRETS['hook-key'])
      .update(request?.body ?? '')
      .digest('hex');
    expect(request?.headers['x-vigie-signature']).toBe(`sha256=${signature}`);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      version: 1,
      notificationId: id,
      channel: 'chan',
      title: '[Vigie] Incident ouvert : DOWN: Host03 nginx (HTTP 502)',
      text: expect.stringContaining('Gravité : critique'),
      severity: 'critical',
      events: [JSON.parse(JSON.stringify(event))],
    });
  });

  it('sends Teams an Adaptive Card', async () => {
    await sendOne({ kind: 'teams', url: sink.url('/webhookb2/secret-path') });
    const body = JSON.parse(sink.requests[0]?.body ?? '');
    expect(body.type).toBe('message');
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(attachment.content.body[0]).toMatchObject({
      type: 'TextBlock',
      color: 'Attention',
      text: expect.stringContaining('DOWN: Host03'),
    });
    expect(attachment.content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Voir dans Vigie', url: 'https://vigie.example.fr/incidents/1' },
    ]);
  });

  it('sends Slack text and blocks, in English when the channel says so', async () => {
    await sendOne(
      { kind: 'slack', url: sink.url('/services/T0/B0/XXXX'), locale: 'en' },
      alertEvent({ message: 'a <b> & c' }),
    );
    const body = JSON.parse(sink.requests[0]?.body ?? '');
    expect(body.text).toBe('[Vigie] Incident opened: DOWN: Host03 nginx (HTTP 502)');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: body.text } });
    expect(body.blocks[1].type).toBe('section');
    expect(body.blocks[1].text.text).toContain('a &lt;b&gt; &amp; c');
    expect(body.blocks[1].text.text).toContain('Severity: critical');
  });

  it('puts a Matrix message with the notification id as transaction id and the stored token', async () => {
    const { id } = await sendOne({
      kind: 'matrix',
      homeserver: sink.url('/'),
      room: '!AbC123:example.fr',
      access_token_secret: 'matrix-token',
    });
    const [request] = sink.requests;
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe(`/_matrix/client/v3/rooms/!AbC123%3Aexample.fr/send/m.room.message/${id}`);
    expect(request?.headers.authorization).toBe(`Bearer ${SECRETS['matrix-token']}`);
    const body = JSON.parse(request?.body ?? '');
    expect(body).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html' });
    expect(body.formatted_body).toContain('<strong>Incident ouvert : DOWN: Host03 nginx (HTTP 502)</strong>');
  });

  it('posts to ntfy with title, priority and tags headers', async () => {
    await sendOne({
      kind: 'ntfy',
      server: sink.url('/'),
      topic: 'vigie-astreinte',
      token_secret: 'ntfy-token',
    });
    const [request] = sink.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/vigie-astreinte' });
    expect(request?.headers.priority).toBe('5');
    expect(request?.headers.tags).toBe('rotating_light');
    expect(request?.headers.click).toBe('https://vigie.example.fr/incidents/1');
    expect(request?.headers.authorization).toBe(`Bearer ${SECRETS['ntfy-token']}`);
    // ASCII-only title: sent as is; a French accent would be RFC 2047-encoded.
    expect(request?.headers.title).toBe('[Vigie] Incident ouvert : DOWN: Host03 nginx (HTTP 502)');
    expect(request?.body).toContain('Gravité : critique');
  });

  it('retries a receiver answering 500 with the same idempotency key, and never shows secrets', async () => {
    sink.failNext(2, 500);
    const channel = {
      kind: 'matrix',
      homeserver: sink.url('/'),
      room: '!r:example.fr',
      access_token_secret: 'matrix-token',
    };
    const { deps, round } = await sendOne(channel);
    expect(round.retrying).toBe(1);
    const [waiting] = await listOutbox(fixture.testStore.store.db);
    expect(waiting?.lastError).toBe(`matrix http://127.0.0.1:${sink.port}: HTTP 500 (sink told to fail)`);
    await sink.stop();
    fixture.clock.advance(60_000);
    expect((await deliverDue(deps, fixture.clock.now())).retrying).toBe(1);
    const [down] = await listOutbox(fixture.testStore.store.db);
    expect(down?.lastError).toMatch(/ECONNREFUSED/);
    await sink.start();
    fixture.clock.advance(120_000);
    expect((await deliverDue(deps, fixture.clock.now())).retrying).toBe(1);
    fixture.clock.advance(240_000);
    expect((await deliverDue(deps, fixture.clock.now())).sent).toBe(1);
    expect(new Set(sink.requests.map((r) => r.url)).size).toBe(1);
    expect(sink.requests).toHaveLength(3);
    const shown =
      JSON.stringify(await listOutbox(fixture.testStore.store.db, { filter: 'all' })) +
      fixture.logLines.join('');
    for (const secret of Object.values(SECRETS)) expect(shown).not.toContain(secret);
  });

  it('names a webhook by its origin only in errors: its path is a secret', async () => {
    await sink.stop();
    await sendOne({ kind: 'slack', url: sink.url('/services/T0/B0/very-secret-path') });
    const [item] = await listOutbox(fixture.testStore.store.db);
    expect(item?.lastError).toMatch(new RegExp(`^slack http://127\\.0\\.0\\.1:${sink.port}: .*ECONNREFUSED`));
    expect(JSON.stringify(item) + fixture.logLines.join('')).not.toContain('very-secret-path');
  });
});
