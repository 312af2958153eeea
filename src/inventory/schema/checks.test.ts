import { describe, expect, it } from 'vitest';
import { errorsOf, loadWith, summaries } from '../../../test/support/inventory-sources.js';

describe('checks:, check_defaults: and alerting: in inventory files', () => {
  it('locates a bad URL, regex, duration, option, kind or channel at its file, line and column', () => {
    const errors = errorsOf(
      loadWith({
        'monitoring.yaml': [
          'check_defaults:',
          '  intervall: 30s',
          '  by_tag:',
          '    web: { http: { regex: "[" } }',
          'alerting:',
          '  channels:',
          '    - { id: hook, kind: webhook, url: "nope" }',
          '  routes:',
          '    - { id: all, channels: [mail] }',
          'services:',
          '  - id: stray',
          '    kind: openssh',
          '    host: nowhere',
          '    checks:',
          '      http: { url: "not a url", regex: "(", interval: 5x, colour: red }',
          '      smtp: { port: 25 }',
          '      extra: { kind: tcpp }',
          '',
        ].join('\n'),
      }),
    ).filter((problem) => problem.file === 'monitoring.yaml' && !problem.path.endsWith('.host'));
    expect(summaries(errors)).toEqual([
      'monitoring.yaml:2:14 check_defaults.intervall: unknown field "intervall"',
      'monitoring.yaml:4:27 check_defaults.by_tag.web.http.regex: Not a valid regular expression',
      'monitoring.yaml:7:39 alerting.channels[0].url: "nope" is not a valid URL',
      'monitoring.yaml:9:29 alerting.routes[0].channels[0]: no channel has the id "mail"',
      'monitoring.yaml:15:20 services[0].checks.http.url: Write a full http:// or https:// URL',
      'monitoring.yaml:15:40 services[0].checks.http.regex: Not a valid regular expression',
      'monitoring.yaml:15:55 services[0].checks.http.interval: "5x" is not a duration',
      'monitoring.yaml:15:67 services[0].checks.http.colour: unknown option "colour" for a check of kind http',
      'monitoring.yaml:16:13 services[0].checks.smtp: there is no derived check named "smtp"',
      'monitoring.yaml:17:22 services[0].checks.extra.kind: unknown check kind "tcpp"',
    ]);
    expect(errors.find((problem) => problem.path === 'check_defaults.intervall')?.hint).toBe(
      'did you mean "interval"?',
    );
  });

  it('stores the sections as written, under fixed keys', () => {
    const result = loadWith({
      'monitoring.yaml':
        'check_defaults:\n  interval: 2m\nalerting:\n  channels:\n    - { id: hook, kind: webhook, url: "https://hooks.example.test/x" }\n  default_channels: [hook]\n',
    });
    expect(result.ok).toBe(true);
    const objects = result.ok ? result.objects : [];
    expect(objects.find((o) => o.kind === 'check_defaults')).toMatchObject({
      key: 'check_defaults',
      spec: { interval: '2m' },
      source: 'monitoring.yaml:2:3',
    });
    expect(objects.find((o) => o.kind === 'alerting')?.spec).toEqual({
      channels: [{ id: 'hook', kind: 'webhook', url: 'https://hooks.example.test/x' }],
      default_channels: ['hook'],
    });
  });
});
