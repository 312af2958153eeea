import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap.js';

describe('min-heap', () => {
  it('pops values in key order, with pushes between pops', () => {
    const heap = new MinHeap<string>();
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % 1000;
    };
    const popped: number[] = [];
    const keyOf = new Map<string, number>();
    for (let round = 0; round < 2000; round += 1) {
      const key = random();
      keyOf.set(`v${round}`, key);
      heap.push(key, `v${round}`);
      if (round % 3 === 2) {
        const key = heap.peekKey();
        const value = heap.pop();
        expect(keyOf.get(value ?? '')).toBe(key);
        popped.push(key ?? -1);
      }
    }
    expect(heap.size).toBe(2000 - popped.length);
    const rest: number[] = [];
    for (let key = heap.peekKey(); key !== undefined; key = heap.peekKey()) {
      heap.pop();
      rest.push(key);
    }
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
    expect(heap.peekKey()).toBeUndefined();
  });
});
