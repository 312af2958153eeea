/** Lateness of check starts (started − scheduled), kept in a ring of the latest samples for percentiles. */

export interface LatenessStats {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export class LatenessMeter {
  readonly #ring: Float64Array;
  #count = 0;
  #next = 0;

  constructor(capacity = 10_000) {
    this.#ring = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.#ring[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#count = Math.min(this.#count + 1, this.#ring.length);
  }

  stats(): LatenessStats {
    const sorted = Array.from(this.#ring.subarray(0, this.#count)).sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { samples: this.#count, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? 0 };
  }
}
