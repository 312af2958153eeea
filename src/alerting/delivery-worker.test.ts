import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertingFixture,
  alertEvent,
  createAlertingFixture,
} from '../../test/alerting/alerting-fixture.js';
import { type HttpSink, startHttpSink } from '../../test/support/http-sink.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { systemClock } from '../time/clock.js';
import { startAlertDelivery } from './delivery-worker.js';
import { enqueueAlert } from './enqueue.js';
import { listOutbox } from './outbox.js';

describe(`the delivery worker on ${TEST_DIALECT}`, () => {
  let fixture: AlertingFixture;
  let sink: HttpSink;
  beforeEach(async () => {
    sink = await startHttpSink();
    fixture = await createAlertingFixture();
  });
  afterEach(async () => {
    await fixture?.cleanup();
    await sink?.close();
  });

  it('delivers on its own, retries a failing receiver, and stops cleanly', async () => {
    const deps = {
      ...fixture.withConfig({
        channels: [{ id: 'hook', kind: 'webhook', url: sink.url('/h') }],
        routes: [{ id: 'all', channels: ['hook'] }],
      }),
      clock: systemClock,
    };
    sink.failNext(2, 502);
    const worker = startAlertDelivery(deps, { pollMs: 20, backoff: { baseMs: 50, maxMs: 200, jitter: 0.2 } });
    try {
      await deps.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
      worker.wake();
      const deadline = Date.now() + 10_000;
      while ((await listOutbox(deps.store.db, { filter: 'sent' })).length === 0) {
        if (Date.now() > deadline) throw new Error('the worker did not deliver');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker.stop();
    }
    expect(sink.requests).toHaveLength(3);
    const [sent] = await listOutbox(deps.store.db, { filter: 'sent' });
    expect(sent?.attempts).toBe(3);
    // Stopped: nothing more is taken.
    await deps.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.requests).toHaveLength(3);
  });
});
