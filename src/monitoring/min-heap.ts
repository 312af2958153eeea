/**
 * A binary min-heap on a numeric key: the scheduler's queue of next run times. Keys and values sit
 * in two parallel arrays, so a push allocates nothing (one push per check run, 10,000 checks).
 */

export class MinHeap<T> {
  readonly #keys: number[] = [];
  readonly #values: T[] = [];

  get size(): number {
    return this.#keys.length;
  }

  push(key: number, value: T): void {
    const keys = this.#keys;
    const values = this.#values;
    let index = keys.length;
    keys.push(key);
    values.push(value);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      keys[index] = parentKey;
      values[index] = values[parent] as T;
      index = parent;
    }
    keys[index] = key;
    values[index] = value;
  }

  /** The smallest key, or undefined when empty. */
  peekKey(): number | undefined {
    return this.#keys[0];
  }

  /** Removes the entry of the smallest key and returns its value (its key is `peekKey()` before). */
  pop(): T | undefined {
    const keys = this.#keys;
    const values = this.#values;
    if (keys.length === 0) return undefined;
    const top = values[0];
    const lastKey = keys.pop() as number;
    const lastValue = values.pop() as T;
    const size = keys.length;
    if (size === 0) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && (keys[right] as number) < (keys[left] as number) ? right : left;
      if ((keys[child] as number) >= lastKey) break;
      keys[index] = keys[child] as number;
      values[index] = values[child] as T;
      index = child;
    }
    keys[index] = lastKey;
    values[index] = lastValue;
    return top;
  }
}
