import { describe, expect, it } from 'vitest';
import { findProbe, prepareCheck, probeKinds, probeOptionsJsonSchema } from './registry.js';

describe('probe registry', () => {
  it('knows every kind of the issue', () => {
    expect(probeKinds()).toEqual([
      'tcp',
      'http',
      'tls',
      'dns',
      'ping',
      'postgres',
      'mysql',
      'ssh',
      'host_metrics',
      'backup',
    ]);
  });

  it('names the known kinds when asked for an unknown one', () => {
    expect(() => findProbe('smtp')).toThrow(/Unknown check kind "smtp"/);
  });

  it('parses durations to milliseconds, with a default timeout', () => {
    expect(prepareCheck('tcp', { host: 'h', port: 1 }).spec.timeout).toBe(10_000);
    expect(prepareCheck('tcp', { host: 'h', port: 1, timeout: '500ms' }).spec.timeout).toBe(500);
    expect(prepareCheck('tcp', { host: 'h', port: 1, timeout: 2 }).spec.timeout).toBe(2000);
    expect(prepareCheck('tcp', { host: 'h', port: 1, timeout: '1.5s' }).spec.timeout).toBe(1500);
  });

  it('refuses unknown options, naming them', () => {
    expect(() => prepareCheck('tcp', { host: 'h', port: 1, prot: 2 })).toThrow(/prot/);
  });

  it('gives each kind a JSON Schema for editors', () => {
    for (const kind of probeKinds()) {
      expect(probeOptionsJsonSchema(kind)).toMatchObject({ type: 'object' });
    }
  });
});
