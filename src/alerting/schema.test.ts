import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { alertEvent } from '../../test/alerting/alerting-fixture.js';
import { isAppError } from '../errors/app-error.js';
import { channelsFor, groupKeyOf, matchRoutes } from './routing.js';
import { loadAlertingConfig } from './schema.js';

/** Every ```yaml block of the user documentation that holds an `alerting:` section. */
function documentedExamples(): unknown[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, '../../docs/alerting.md'), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => parseYaml(match[1] ?? '') as { alerting?: unknown })
    .filter((doc) => typeof doc === 'object' && doc !== null && 'alerting' in doc)
    .map((doc) => doc.alerting);
}

function problemsOf(raw: unknown): { path: string; message: string }[] {
  try {
    loadAlertingConfig(raw);
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFIG_INVALID')
      return error.details as { path: string; message: string }[];
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const mail = {
  id: 'astreinte',
  kind: 'smtp',
  host: 'smtp.example.fr',
  from: 'vigie@example.fr',
  to: ['astreinte@example.fr'],
};

describe('alerting configuration', () => {
  it('accepts the documented examples, with defaults filled in', () => {
    const examples = documentedExamples();
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const config = loadAlertingConfig(example);
      expect(config.channels.length).toBeGreaterThan(0);
      expect(Object.isFrozen(config.routes)).toBe(true);
    }
    const config = loadAlertingConfig({
      channels: [mail],
      routes: [{ id: 'all', channels: ['astreinte'], group_wait: '30s' }],
    });
    expect(config.channels[0]).toMatchObject({ tls: 'starttls', tls_verify: true, locale: 'fr' });
    expect(config.routes[0]).toMatchObject({
      group_by: ['incident'],
      group_wait: 30,
      escalation: [],
      continue: false,
    });
  });

  it('locates an unparseable URL, an unknown channel and a bad secret name by field path', () => {
    const problems = problemsOf({
      channels: [
        mail,
        { id: 'hook', kind: 'webhook', url: 'not a url' },
        {
          id: 'chat',
          kind: 'matrix',
          homeserver: 'https://matrix.example.fr',
          room: '!r:example.fr',
          access_token_secret: 'bad name!',
        },
      ],
      routes: [
        {
          id: 'ops',
          channels: ['astreinte', 'pager'],
          escalation: [
            { after: '1h', channels: ['hook'] },
            { after: '15m', channels: ['astreinte'] },
          ],
        },
      ],
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath['alerting.channels[1].url']).toMatch(/"not a url" is not a valid URL/);
    expect(byPath['alerting.channels[2].access_token_secret']).toMatch(/not a secret name/);
    expect(byPath['alerting.routes[0].channels[1]']).toMatch(/no channel has the id "pager"/);
    expect(byPath['alerting.routes[0].escalation[1].after']).toMatch(/must come after the previous one/);
    try {
      loadAlertingConfig(
        { channels: [{ id: 'hook', kind: 'webhook', url: 'ftp://x' }] },
        'inventory/alerting.yaml: alerting',
      );
    } catch (error) {
      expect((error as Error).message).toContain(
        'inventory/alerting.yaml: alerting.channels[0].url: the URL scheme ftp: is not allowed',
      );
    }
  });

  it('routes by severity, tag, host and customer; first match wins unless continue', () => {
    const config = loadAlertingConfig({
      channels: [
        mail,
        { id: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/h' },
        { id: 'chat', kind: 'slack', url: 'https://hooks.slack.com/services/x' },
      ],
      routes: [
        { id: 'db', match: { hosts: ['db03'] }, channels: ['hook'], continue: true },
        {
          id: 'critical-prod',
          match: { severities: ['critical'], tags: ['production'], customers: ['gip-paca'] },
          channels: ['astreinte'],
        },
        { id: 'rest', channels: ['chat'] },
      ],
    });
    const ids = (overrides: Parameters<typeof alertEvent>[0]) =>
      matchRoutes(config, alertEvent(overrides)).map((r) => r.id);
    expect(ids({})).toEqual(['critical-prod']);
    expect(ids({ severity: 'warning' })).toEqual(['rest']);
    expect(ids({ subject: { tags: ['staging'] } })).toEqual(['rest']);
    expect(ids({ subject: { customer: 'other' } })).toEqual(['rest']);
    expect(ids({ subject: { host: 'db03' } })).toEqual(['db', 'critical-prod']);
    expect(ids({ subject: { host: 'db03' }, severity: 'info' })).toEqual(['db', 'rest']);

    const none = loadAlertingConfig({
      channels: [mail],
      routes: [{ id: 'db', match: { hosts: ['db03'] }, channels: ['astreinte'] }],
    });
    expect(matchRoutes(none, alertEvent())).toEqual([]);
    const fallback = loadAlertingConfig({ channels: [mail], default_channels: ['astreinte'] });
    expect(matchRoutes(fallback, alertEvent()).map((r) => r.channels)).toEqual([['astreinte']]);
  });

  it('groups by the chosen fields and escalates to the next level only', () => {
    const config = loadAlertingConfig({
      channels: [mail, { id: 'boss', kind: 'ntfy', topic: 'boss' }],
      routes: [
        {
          id: 'r',
          channels: ['astreinte'],
          group_by: ['host', 'severity'],
          escalation: [{ after: '15m', channels: ['boss'] }],
        },
      ],
    });
    const [route] = config.routes;
    if (route === undefined) throw new Error('no route');
    const a = alertEvent({ incidentId: 'a' });
    const b = alertEvent({ incidentId: 'b' });
    expect(groupKeyOf(route, a)).toBe('r|host=host03|severity=critical');
    expect(groupKeyOf(route, a)).toBe(groupKeyOf(route, b));
    expect(groupKeyOf(route, alertEvent({ subject: { host: 'host04' } }))).not.toBe(groupKeyOf(route, a));
    expect(channelsFor(route, { ...a, kind: 'incident_escalated', escalationLevel: 1 }, 0)).toEqual(['boss']);
    expect(channelsFor(route, { ...a, kind: 'incident_resolved' }, 1)).toEqual(['astreinte', 'boss']);
    expect(channelsFor(route, { ...a, kind: 'incident_resolved' }, 0)).toEqual(['astreinte']);
  });
});
