/** A binary min-heap on a numeric key: the scheduler's queue of next run times. */

export class MinHeap<T> {
  readonly #items: { key: number; value: T }[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(key: number, value: T): void {
    const items = this.#items;
    items.push({ key, value });
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const a = items[parent];
      const b = items[index];
      if (a === undefined || b === undefined || a.key <= b.key) break;
      items[parent] = b;
      items[index] = a;
      index = parent;
    }
  }

  /** The smallest key, or undefined when empty. */
  peekKey(): number | undefined {
    return this.#items[0]?.key;
  }

  pop(): { key: number; value: T } | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if ((items[left]?.key ?? Infinity) < (items[smallest]?.key ?? Infinity)) smallest = left;
      if ((items[right]?.key ?? Infinity) < (items[smallest]?.key ?? Infinity)) smallest = right;
      if (smallest === index) break;
      const a = items[index];
      const b = items[smallest];
      if (a === undefined || b === undefined) break;
      items[index] = b;
      items[smallest] = a;
      index = smallest;
    }
    return top;
  }
}
