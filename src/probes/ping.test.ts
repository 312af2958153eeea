import { describe, expect, it } from 'vitest';
import { loopbackProbeDeps } from '../../test/support/probe-targets.js';
import { createOutboundPolicy } from '../net/outbound-policy.js';
import { systemClock } from '../time/clock.js';
import { parsePingOutput } from './ping.js';
import { prepareCheck, runCheck } from './registry.js';

const deps = loopbackProbeDeps();
const check = (options: Record<string, unknown>, probeDeps = deps) =>
  runCheck(probeDeps, prepareCheck('ping', options), new AbortController().signal);

describe('ping probe', () => {
  it('is up when the host answers, with loss and round trip', async () => {
    const result = await check({ host: '127.0.0.1', count: 2 });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^2\/2 replies from 127\.0\.0\.1, average [\d.]+ ms$/);
    expect(result.metrics).toMatchObject({ loss_percent: 0 });
  });

  it('pings the address the allowlist checked for a name', async () => {
    const result = await check({ host: 'localhost', count: 1 });
    expect(result.status).toBe('up');
    expect(result.details).toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
  });

  it('refuses hostile values before running anything', () => {
    for (const host of ['-f 127.0.0.1', '127.0.0.1; reboot', '$(id)', '127.0.0.1 -c 1000', '`x`', '']) {
      expect(() => prepareCheck('ping', { host })).toThrow(/host: Not a host name or an IP address/);
    }
  });

  it('refuses a host outside the allowlist', async () => {
    const result = await check({ host: '10.0.0.1' });
    expect(result).toMatchObject({ status: 'down', details: { error: 'OUTBOUND_REFUSED' } });
  });

  it('is down when the name does not resolve', async () => {
    const noDns = {
      outbound: createOutboundPolicy(['127.0.0.0/8'], {
        resolveAll: async () => {
          throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        },
      }),
      clock: systemClock,
    };
    const result = await check({ host: 'host03.lan' }, noDns);
    expect(result).toMatchObject({
      status: 'down',
      message: 'Cannot resolve host03.lan (ping check host03.lan): ENOTFOUND',
    });
  });

  it('reads partial loss and total loss from the summary', () => {
    const partial = parsePingOutput(
      '4 packets transmitted, 3 received, 25% packet loss, time 3004ms\nrtt min/avg/max/mdev = 0.031/0.045/0.060/0.011 ms\n',
    );
    expect(partial).toEqual({
      transmitted: 4,
      received: 3,
      lossPercent: 25,
      rttAvgMs: 0.045,
      rttMaxMs: 0.06,
    });
    expect(parsePingOutput('3 packets transmitted, 0 received, 100% packet loss, time 2030ms')).toEqual({
      transmitted: 3,
      received: 0,
      lossPercent: 100,
    });
  });
});
