/**
 * Waiting on a child's standard input that is full: until it drains, or until it closes (the child
 * died). The listener of the event that did not happen is removed, so a long stream that waits
 * thousands of times leaves no listeners behind.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export async function untilDrainedOrClosed(input: Writable): Promise<void> {
  // A stream that has already closed emits neither event again: waiting on it would hang.
  if (input.destroyed) return;
  const settled = new AbortController();
  try {
    await Promise.race([
      once(input, 'drain', { signal: settled.signal }),
      once(input, 'close', { signal: settled.signal }),
    ]);
  } finally {
    settled.abort();
  }
}
