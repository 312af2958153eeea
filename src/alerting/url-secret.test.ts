import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertingFixture,
  alertEvent,
  createAlertingFixture,
} from '../../test/alerting/alerting-fixture.js';
import { type HttpSink, startHttpSink } from '../../test/support/http-sink.js';
import { loadWith, summaries } from '../../test/support/inventory-sources.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { isAppError } from '../errors/app-error.js';
import { secretsOfChannel } from './channel-schema.js';
import { deliverDue } from './delivery.js';
import { enqueueAlert } from './enqueue.js';
import { listOutbox } from './outbox.js';
import { loadAlertingConfig } from './schema.js';
import { tokenInUrl } from './url-tokens.js';

function problemsOf(raw: unknown): string[] {
  try {
    loadAlertingConfig(raw);
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFIG_INVALID')
      return (error.details as { path: string; message: string }[]).map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('channel URLs by secret name', () => {
  it('takes url_secret in place of url, and refuses neither or both, naming the channel', () => {
    const config = loadAlertingConfig({
      channels: [
        { id: 'ops', kind: 'slack', url_secret: 'slack-ops-url' },
        { id: 'teams', kind: 'teams', url_secret: 'teams-url' },
        { id: 'hook', kind: 'webhook', url_secret: 'hook-url', hmac_secret: 'hook-key' },
      ],
    });
    expect(config.channels.map(secretsOfChannel)).toEqual([
      ['slack-ops-url'],
      ['teams-url'],
      ['hook-url', 'hook-key'],
    ]);
    expect(
      problemsOf({
        channels: [
          { id: 'ops', kind: 'slack' },
          { id: 'teams', kind: 'teams', url: 'https://x.example/hook', url_secret: 'teams-url' },
          { id: 'hook', kind: 'webhook', url_secret: 'not a name' },
        ],
      }),
    ).toEqual([
      'alerting.channels[0]: the channel "ops" has no URL: give url_secret (or url)',
      'alerting.channels[1].url_secret: the channel "teams" has both url and url_secret: keep one',
      expect.stringMatching(/^alerting\.channels\[2\]\.url_secret: is not a secret name/),
    ]);
  });

  it('recognises URLs that carry their token', () => {
    expect(tokenInUrl('https://hooks.slack.com/services/T0/B0/XXXX')).toBe('a Slack webhook');
    expect(tokenInUrl('https://gip.webhook.office.com/webhookb2/abc')).toBe('a Teams webhook');
    expect(tokenInUrl('https://prod-01.westeurope.logic.azure.com/workflows/1?sig=x')).toBe(
      'a Teams workflow',
    );
    expect(tokenInUrl('https://hooks.example.fr/in?token=abc')).toBe('a "token" parameter');
    expect(tokenInUrl('https://bot:pw@hooks.example.fr/in')).toBe('a user name or password');
    expect(tokenInUrl('https://supervision.example.fr/hooks/vigie')).toBeUndefined();
    expect(tokenInUrl('not a url')).toBeUndefined();
  });

  it('has vigie validate warn about a token-holding URL written in clear, at its line', () => {
    const alerting = (channel: string) => `version: 1\nalerting:\n  channels:\n${channel}  routes: []\n`;
    const clear = loadWith({
      'alerting.yaml': alerting(
        '    - id: ops\n      kind: slack\n      url: https://hooks.slack.com/services/T0/B0/XXXX\n',
      ),
    });
    expect(clear.ok).toBe(true);
    // The base fixture's website has no files to back up: that warning is not this test's.
    const own = (warnings: typeof clear.warnings) =>
      warnings.filter((warning) => !/backed up|to back up/.test(warning.message));
    expect(summaries(own(clear.warnings))).toEqual([
      'alerting.yaml:6:12 alerting.channels[0].url: the URL of the channel "ops" is written in clear but holds a Slack webhook: it will show in inventory revisions and audit diffs',
    ]);
    expect(own(clear.warnings)[0]?.hint).toMatch(/url_secret: NAME/);
    const sealed = loadWith({
      'alerting.yaml': alerting('    - id: ops\n      kind: slack\n      url_secret: slack-ops-url\n'),
    });
    expect(sealed.ok).toBe(true);
    expect(own(sealed.warnings)).toEqual([]);
  });
});

describe(`delivery to a URL opened from the secret store on ${TEST_DIALECT}`, () => {
  let sink: HttpSink;
  let fixture: AlertingFixture;
  beforeEach(async () => {
    sink = await startHttpSink();
    fixture = await createAlertingFixture();
  });
  afterEach(async () => {
    await fixture?.cleanup();
    await sink?.close();
  });

  const sendOne = async (channel: Record<string, unknown>) => {
    const deps = fixture.withConfig({
      channels: [{ id: 'chan', ...channel }],
      routes: [{ id: 'all', channels: ['chan'] }],
    });
    await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
    return deliverDue(deps, fixture.clock.now());
  };

  it('posts to the stored URL, resolved at delivery time, never showing it', async () => {
    await fixture.storeSecret('slack-ops-url', sink.url('/services/T0/B0/first-secret-path'));
    expect((await sendOne({ kind: 'slack', url_secret: 'slack-ops-url' })).sent).toBe(1);
    expect(sink.requests[0]?.url).toBe('/services/T0/B0/first-secret-path');
    // A rotated secret is used at the next delivery, without reloading the configuration.
    await fixture.storeSecret('slack-ops-url', sink.url('/services/T0/B0/rotated-path'));
    expect((await sendOne({ kind: 'slack', url_secret: 'slack-ops-url' })).sent).toBe(1);
    expect(sink.requests[1]?.url).toBe('/services/T0/B0/rotated-path');

    await sink.stop();
    await sendOne({ kind: 'slack', url_secret: 'slack-ops-url' });
    const failed = (await listOutbox(fixture.testStore.store.db)).find((item) => item.lastError !== null);
    expect(failed?.lastError).toMatch(/^slack http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    const shown =
      JSON.stringify(await listOutbox(fixture.testStore.store.db, { filter: 'all' })) +
      fixture.logLines.join('');
    expect(shown).not.toContain('secret-path');
    expect(shown).not.toContain('rotated-path');
  });

  it('says which secret is missing or is not a URL, without its value', async () => {
    await sendOne({ kind: 'teams', url_secret: 'teams-url' });
    const [missing] = await listOutbox(fixture.testStore.store.db);
    expect(missing?.lastError).toMatch(/The notifier secret teams-url is not stored/);

    await fixture.storeSecret('hook-url', 'xoxb-not-a-url-value');
    await sendOne({ kind: 'webhook', url_secret: 'hook-url' });
    const errors = (await listOutbox(fixture.testStore.store.db, { filter: 'all' })).map((i) => i.lastError);
    expect(errors).toContain('The secret hook-url of channel chan is not an http(s) URL');
    expect(JSON.stringify(errors) + fixture.logLines.join('')).not.toContain('xoxb-not-a-url-value');
  });
});
