/** The process logger (pino). Secrets are redacted by path so they never reach a log line. */
import { type Logger, pino } from 'pino';
import type { VigieConfig } from '../config/config.js';

export type { Logger };

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'masterKey',
  '*.masterKey',
  'privateKey',
  '*.privateKey',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(config: Pick<VigieConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
