import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { DEFAULT_OUTBOUND_ALLOW, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data, loopback, Europe/Paris', () => {
    const config = loadConfig({});
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.timeZone).toBe('Europe/Paris');
    expect(config.outboundAllow).toEqual(DEFAULT_OUTBOUND_ALLOW);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets flags override the environment', () => {
    const config = loadConfig(
      { VIGIE_DATA_DIR: '/tmp/a', VIGIE_PORT: '9000' },
      { dataDir: '/tmp/b', port: 9100 },
    );
    expect(config.dataDir).toBe('/tmp/b');
    expect(config.port).toBe(9100);
  });

  it('lists every problem at once, naming the variable and the value given', () => {
    let error: unknown;
    try {
      loadConfig({ VIGIE_PORT: 'abc', VIGIE_TIME_ZONE: 'Mars/Olympus', VIGIE_DATABASE_URL: 'mysql://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect(message).toContain('VIGIE_PORT: must be a port number from 0 to 65535 (got "abc")');
    expect(message).toContain('VIGIE_TIME_ZONE: is not an IANA time zone');
    expect(message).toContain('VIGIE_DATABASE_URL: must start with postgres://');
    expect((error as AppError).code).toBe('CONFIG_INVALID');
  });

  it('treats an empty VIGIE_DATABASE_URL as SQLite', () => {
    expect(loadConfig({ VIGIE_DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });
});
