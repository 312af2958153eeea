/**
 * Alerting on a fresh test store: delivery deps with a clock the test moves, a logger whose lines
 * the test can read (to prove no secret reaches them), a real secret box, and the loopback allowed.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { DeliveryDeps } from '../../src/alerting/delivery.js';
import type { AlertEvent } from '../../src/alerting/model.js';
import { type AlertingConfig, loadAlertingConfig } from '../../src/alerting/schema.js';
import { storeAlertingSecret } from '../../src/alerting/secrets.js';
import { REDACTED_PATHS } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { type MovableClock, movableClock } from '../http/web-fixture.js';
import { createTestStore, type TestStore } from '../support/test-store.js';

export interface AlertingFixture {
  readonly deps: DeliveryDeps;
  readonly clock: MovableClock;
  readonly testStore: TestStore;
  /** Every log line written so far, as JSON text. */
  readonly logLines: string[];
  /** The same deps with another configuration. */
  withConfig(raw: unknown): DeliveryDeps;
  storeSecret(name: string, value: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createAlertingFixture(raw: unknown = {}): Promise<AlertingFixture> {
  const testStore = await createTestStore();
  const clock = movableClock();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const base = {
    config: testStore.config,
    store: testStore.store,
    clock,
    logger,
    outbound: createOutboundPolicy(['127.0.0.0/8']),
    secretBox: createSecretBox(randomBytes(32)),
  };
  const withConfig = (config: unknown): DeliveryDeps => ({ ...base, alerting: loadAlertingConfig(config) });
  return {
    deps: withConfig(raw),
    clock,
    testStore,
    logLines,
    withConfig,
    storeSecret: async (name, value) => {
      await storeAlertingSecret(base, { name, value, actor: 'test' });
    },
    cleanup: () => testStore.cleanup(),
  };
}

let counter = 0;

/** An incident event with sensible defaults; `overrides` win. */
export function alertEvent(
  overrides: Omit<Partial<AlertEvent>, 'subject'> & { subject?: Partial<AlertEvent['subject']> } = {},
): AlertEvent {
  counter += 1;
  const { subject, ...rest } = overrides;
  return {
    eventId: `evt-${counter}-${randomBytes(3).toString('hex')}`,
    kind: 'incident_opened',
    incidentId: `inc-${counter}`,
    severity: 'critical',
    at: '2026-11-28T09:00:00.000Z',
    title: 'DOWN: Host03 nginx (HTTP 502)',
    message: 'nginx ne répond plus sur host03',
    subject: {
      checkId: 'host03-nginx',
      object: 'website/intranet',
      host: 'host03',
      tags: ['production'],
      customer: 'gip-paca',
      ...subject,
    },
    url: 'https://vigie.example.fr/incidents/1',
    ...rest,
  };
}

export type { AlertingConfig };
