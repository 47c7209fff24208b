import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../src/api/export-buffers.js';

describe('BufferPool', () => {
  it('hands a given-back buffer out again, the smallest that fits, with room for pages a little larger', () => {
    const pool = new BufferPool();
    const a = pool.take(915_785);
    expect(a.length).toBeGreaterThanOrEqual(915_785 * 1.125);
    pool.give(a.subarray(0, 10)); // a view is enough to give the whole buffer back
    const again = pool.take(915_905);
    expect(again.buffer).toBe(a.buffer);
    expect(again.length).toBe(a.length);
    const small = pool.take(10);
    const big = pool.take(5_000_000);
    pool.give(big);
    pool.give(small);
    expect(pool.take(100).buffer).toBe(small.buffer);
    expect(pool.take(100).buffer).toBe(big.buffer);
  });

  it('never hands one buffer out twice, and ignores buffers it did not make', () => {
    const pool = new BufferPool();
    const a = pool.take(1000);
    pool.give(a);
    pool.give(a); // a second give of the same buffer is ignored
    const first = pool.take(1000);
    const second = pool.take(1000);
    expect(first.buffer).toBe(a.buffer);
    expect(second.buffer).not.toBe(a.buffer);
    const foreign = Buffer.alloc(1 << 20);
    pool.give(foreign);
    expect(pool.take(1000).buffer).not.toBe(foreign.buffer);
  });

  it('keeps a few free buffers at most, dropping the smallest', () => {
    const pool = new BufferPool(2);
    const sizes = [10_000, 200_000, 3_000_000];
    const taken = sizes.map((n) => pool.take(n));
    for (const b of taken) pool.give(b);
    // The 10 KB one was dropped: a small request now gets the 200 KB buffer.
    expect(pool.take(1).buffer).toBe(taken[1]!.buffer);
    expect(pool.take(1).buffer).toBe(taken[2]!.buffer);
    expect(pool.take(1).buffer).not.toBe(taken[0]!.buffer);
  });
});
