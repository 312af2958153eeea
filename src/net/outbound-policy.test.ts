import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOUND_ALLOW, loadConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { guardedUrl } from './guarded-url.js';
import { createOutboundPolicy, type ResolveAll } from './outbound-policy.js';

const V4_LOOPBACK_ONLY = ['127.0.0.0/8'];

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('outbound policy: addresses', () => {
  it('allows loopback by default, v4 and v6, and nothing else', () => {
    const policy = createOutboundPolicy(DEFAULT_OUTBOUND_ALLOW);
    expect(policy.allowsAddress('127.0.0.1')).toBe(true);
    expect(policy.allowsAddress('127.45.0.9')).toBe(true);
    expect(policy.allowsAddress('::1')).toBe(true);
    expect(policy.allowsAddress('[::1]')).toBe(true);
    for (const ip of ['10.0.0.1', '169.254.169.254', '192.168.1.1', '8.8.8.8', '::2', 'fe80::1', '0.0.0.0']) {
      expect(policy.allowsAddress(ip), ip).toBe(false);
    }
  });

  it('judges IPv4-mapped IPv6 addresses by the IPv4 rules, in both directions', () => {
    const policy = createOutboundPolicy(['127.0.0.0/8', '::/0']);
    expect(policy.allowsAddress('::ffff:10.0.0.1')).toBe(false);
    expect(policy.allowsAddress('::ffff:a00:1')).toBe(false);
    expect(policy.allowsAddress('::ffff:169.254.169.254')).toBe(false);
    expect(policy.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(policy.allowsAddress('2001:db8::1')).toBe(true);
    const mappedEntry = createOutboundPolicy(['::ffff:10.1.0.0/112']);
    expect(mappedEntry.allowsAddress('10.1.0.7')).toBe(true);
    expect(mappedEntry.allowsAddress('10.2.0.7')).toBe(false);
  });

  it('refuses [::1] and ::ffff:10.0.0.1 with a v4-only allowlist, naming the address and the purpose', async () => {
    const policy = createOutboundPolicy(V4_LOOPBACK_ONLY);
    const error = await refusal(policy.resolve('[::1]', 'tcp check host03'));
    expect(error.code).toBe('OUTBOUND_REFUSED');
    expect(error.message).toContain('::1');
    expect(error.message).toContain('tcp check host03');
    expect(error.hint).toContain('VIGIE_OUTBOUND_ALLOW');
    expect((await refusal(policy.resolve('::ffff:10.0.0.1', 'x'))).code).toBe('OUTBOUND_REFUSED');
    expect(() => policy.checkAddress('169.254.169.254', 'webhook http://169.254.169.254')).toThrow(
      /169\.254\.169\.254.*refused for webhook http:\/\/169\.254\.169\.254/,
    );
  });

  it('accepts single addresses and v6 networks', () => {
    const policy = createOutboundPolicy(['192.0.2.10', '2001:db8:10::/48', '[2001:db8::5]']);
    expect(policy.allowsAddress('192.0.2.10')).toBe(true);
    expect(policy.allowsAddress('192.0.2.11')).toBe(false);
    expect(policy.allowsAddress('2001:db8:10:ffff::1')).toBe(true);
    expect(policy.allowsAddress('2001:db8:11::1')).toBe(false);
    expect(policy.allowsAddress('2001:db8::5')).toBe(true);
  });
});

describe('outbound policy: names', () => {
  it('refuses a name that resolves to a refused address, naming both', async () => {
    const policy = createOutboundPolicy(['10.0.0.0/8']);
    const error = await refusal(policy.resolve('localhost', 'webhook http://localhost:9'));
    expect(error.code).toBe('OUTBOUND_REFUSED');
    expect(error.message).toMatch(/localhost \(resolves to (127\.0\.0\.1|::1)/);
    expect(error.message).toContain('webhook http://localhost:9');
    expect(error.details).toMatchObject({ host: 'localhost', purpose: 'webhook http://localhost:9' });
  });

  it('resolves localhost to loopback addresses under the default list', async () => {
    const addresses = await createOutboundPolicy(DEFAULT_OUTBOUND_ALLOW).resolve('localhost', 'test');
    expect(addresses.length).toBeGreaterThan(0);
    for (const { address } of addresses) expect(['127.0.0.1', '::1']).toContain(address);
  });

  it('allows a name only if every one of its addresses is allowed, unless the name itself is', async () => {
    const dnsTable: Record<string, string[]> = {
      'mixed.example.org': ['127.0.0.1', '10.0.0.1'],
      'api.partner.example': ['203.0.113.5'],
      'deep.api.partner.example': ['203.0.113.6'],
      'partner.example': ['203.0.113.7'],
    };
    const resolveAll: ResolveAll = async (host) => {
      const found = dnsTable[host.toLowerCase().replace(/\.$/, '')];
      if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return found.map((address) => ({ address, family: 4 as const }));
    };
    const policy = createOutboundPolicy(['127.0.0.0/8', '*.partner.example'], { resolveAll });
    const mixed = await refusal(policy.resolve('mixed.example.org', 'smtp'));
    expect(mixed.code).toBe('OUTBOUND_REFUSED');
    expect(mixed.message).toContain('10.0.0.1');
    expect(mixed.message).not.toMatch(/resolves to 127/);
    expect(await policy.resolve('API.Partner.Example.', 'webhook')).toEqual([
      { address: '203.0.113.5', family: 4 },
    ]);
    expect(await policy.resolve('deep.api.partner.example', 'webhook')).toHaveLength(1);
    // The wildcard covers names under the domain, not the domain itself.
    expect((await refusal(policy.resolve('partner.example', 'webhook'))).code).toBe('OUTBOUND_REFUSED');
    expect(policy.allowsHostName('evilpartner.example')).toBe(false);
    expect((await refusal(policy.resolve('missing.example', 'webhook'))).code).toBe('NOT_FOUND');
  });

  it('never lets an allowed name stand for an IP literal', () => {
    const policy = createOutboundPolicy(['localhost']);
    expect(policy.allowsHostName('127.0.0.1')).toBe(false);
    expect(policy.allowsAddress('127.0.0.1')).toBe(false);
  });
});

describe('outbound policy: configuration', () => {
  it('names every malformed entry in one error', () => {
    const error = (() => {
      try {
        createOutboundPolicy(['10.0.0.0/33', 'not a host', '*', '10.0.0.5/8', 'db03.lan:5432', 'ok.example']);
      } catch (e) {
        return e as AppError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('CONFIG_INVALID');
    for (const entry of ['10.0.0.0/33', 'not a host', "'*'", '10.0.0.5/8', 'db03.lan:5432']) {
      expect(error?.message).toContain(entry);
    }
    expect(error?.message).not.toContain('ok.example');
    expect(error?.message).toContain('did you mean 10.0.0.0/8');
  });

  it('is checked when the configuration loads', () => {
    expect(() => loadConfig({ VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8, 300.1.1.1' })).toThrow(
      /VIGIE_OUTBOUND_ALLOW: '300\.1\.1\.1' is not a valid IP address/,
    );
    expect(loadConfig({ VIGIE_OUTBOUND_ALLOW: '10.0.0.0/8, *.lab.example' }).outboundAllow).toEqual([
      '10.0.0.0/8',
      '*.lab.example',
    ]);
  });
});

describe('guardedUrl', () => {
  const policy = createOutboundPolicy(V4_LOOPBACK_ONLY);

  it('returns the checked addresses of an allowed URL', async () => {
    const checked = await guardedUrl(policy, 'http://127.0.0.1:8080/hook');
    expect(checked.addresses).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(checked.url.pathname).toBe('/hook');
  });

  it('sees numeric tricks as the address they are', async () => {
    const policyWithoutLoopback = createOutboundPolicy(['192.0.2.0/24']);
    for (const url of [
      'http://0x7f.1/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      const error = await refusal(guardedUrl(policyWithoutLoopback, url));
      expect(error.code, url).toBe('OUTBOUND_REFUSED');
      expect(error.message, url).toMatch(/127\.0\.0\.1|::ffff:7f00:1/);
    }
  });

  it('refuses other schemes, IPv6 loopback with a v4 list, and metadata addresses; never echoes the path', async () => {
    expect((await refusal(guardedUrl(policy, 'file:///etc/passwd'))).code).toBe('BAD_INPUT');
    expect((await refusal(guardedUrl(policy, 'gopher://127.0.0.1/'))).code).toBe('BAD_INPUT');
    expect((await refusal(guardedUrl(policy, 'not a url'))).code).toBe('BAD_INPUT');
    expect((await refusal(guardedUrl(policy, 'http://[::1]:8080/'))).code).toBe('OUTBOUND_REFUSED');
    const metadata = await refusal(guardedUrl(policy, 'http://user:pw@169.254.169.254/latest/secret-token'));
    expect(metadata.code).toBe('OUTBOUND_REFUSED');
    expect(metadata.message).toContain('http://169.254.169.254');
    expect(metadata.message).not.toContain('secret-token');
    expect(metadata.message).not.toContain('pw');
    expect(await guardedUrl(policy, 'smtp://127.0.0.1:25', { schemes: ['smtp'] })).toBeDefined();
  });
});
