/** Writes what one collection round found: the samples of a host, or why it could not be read. */
import type { Store } from '../store/store.js';
import type { HostReading } from './parse-reading.js';

/** Stores a host's reading taken at `at`, and marks its collection as successful. */
export async function recordReading(
  store: Store,
  input: {
    readonly host: string;
    readonly at: Date;
    readonly durationMs: number;
    readonly reading: HostReading;
  },
): Promise<void> {
  const { host, reading, durationMs } = input;
  const at = input.at.toISOString();
  await store.transaction(async (trx) => {
    await trx
      .insertInto('metric_host_samples')
      .values({
        host,
        at,
        cpu_percent: reading.cpuPercent,
        cpu_count: reading.cpuCount,
        load1: reading.load1,
        load5: reading.load5,
        load15: reading.load15,
        memory_total_bytes: reading.memoryTotalBytes,
        memory_used_bytes: reading.memoryUsedBytes,
        swap_total_bytes: reading.swapTotalBytes,
        swap_used_bytes: reading.swapUsedBytes,
      })
      // Two readings stamped with the same instant (a pinned clock): the first one stands.
      .onConflict((oc) => oc.columns(['host', 'at']).doNothing())
      .execute();
    if (reading.filesystems.length > 0) {
      await trx
        .insertInto('metric_filesystem_samples')
        .values(
          reading.filesystems.map((fs) => ({
            host,
            at,
            mountpoint: fs.mountpoint,
            device: fs.device,
            fstype: fs.fstype,
            size_bytes: fs.sizeBytes,
            used_bytes: fs.usedBytes,
            available_bytes: fs.availableBytes,
          })),
        )
        .onConflict((oc) => oc.columns(['host', 'mountpoint', 'at']).doNothing())
        .execute();
    }
    await trx
      .insertInto('metric_collections')
      .values({
        host,
        last_attempt_at: at,
        last_success_at: at,
        last_result: 'ok',
        last_error_code: null,
        last_error: null,
        consecutive_failures: 0,
        duration_ms: durationMs,
      })
      .onConflict((oc) =>
        oc.column('host').doUpdateSet({
          last_attempt_at: at,
          last_success_at: at,
          last_result: 'ok',
          last_error_code: null,
          last_error: null,
          consecutive_failures: 0,
          duration_ms: durationMs,
        }),
      )
      .execute();
  });
}

/** Marks a host's collection as failed, keeping when it last succeeded. */
export async function recordFailure(
  store: Store,
  input: {
    readonly host: string;
    readonly at: Date;
    readonly durationMs: number;
    readonly code: string;
    readonly message: string;
  },
): Promise<void> {
  const at = input.at.toISOString();
  const message = input.message.slice(0, 2000);
  await store.transaction(async (trx) => {
    const previous = await trx
      .selectFrom('metric_collections')
      .select('consecutive_failures')
      .where('host', '=', input.host)
      .executeTakeFirst();
    const failures = Number(previous?.consecutive_failures ?? 0) + 1;
    await trx
      .insertInto('metric_collections')
      .values({
        host: input.host,
        last_attempt_at: at,
        last_success_at: null,
        last_result: 'failed',
        last_error_code: input.code,
        last_error: message,
        consecutive_failures: failures,
        duration_ms: input.durationMs,
      })
      .onConflict((oc) =>
        oc.column('host').doUpdateSet({
          last_attempt_at: at,
          last_result: 'failed',
          last_error_code: input.code,
          last_error: message,
          consecutive_failures: failures,
          duration_ms: input.durationMs,
        }),
      )
      .execute();
  });
}
