// Pooled random bytes: fresh on every call, also across refills of the pool, and each call's buffer its own.
import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../../src/runtime/random-pool.js';
import { ulid } from '../../../src/runtime/ulid.js';

describe('pooled random bytes', () => {
  it('never hands out the same bytes twice, across several refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(pooledRandomBytes(12 + (i % 5)).toString('hex')); // ~28 KB: seven refills
    expect(seen.size).toBe(2000);
  });

  it('gives each caller a buffer of its own, unchanged by later draws', () => {
    const first = pooledRandomBytes(16);
    const copy = Buffer.from(first);
    for (let i = 0; i < 600; i++) pooledRandomBytes(16);
    expect(first.equals(copy)).toBe(true);
    expect(first.length).toBe(16);
  });

  it('refuses a request larger than the pool instead of handing out bytes it never filled', () => {
    expect(() => pooledRandomBytes(4097)).toThrow(RangeError);
    expect(pooledRandomBytes(4096).length).toBe(4096);
  });

  it('still makes time-sortable ULIDs with 16 random characters', () => {
    const a = ulid(Date.parse('2026-01-01T00:00:00Z'));
    const b = ulid(Date.parse('2026-01-01T00:00:01Z'));
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < b).toBe(true);
    expect(a.slice(10)).not.toBe(ulid(Date.parse('2026-01-01T00:00:00Z')).slice(10));
  });
});
