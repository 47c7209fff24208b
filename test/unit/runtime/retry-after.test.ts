// An upstream's Retry-After is validated before the gateway passes it on: delta-seconds or an HTTP-date,
// capped, and garbage dropped rather than handed to every client as is.
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS, parseHttpDate, parseRetryAfter } from '../../../src/io/retry-after.js';

const NOW = Date.UTC(2025, 10, 6, 8, 49, 7); // Thu, 06 Nov 2025 08:49:07 GMT

describe('parseRetryAfter', () => {
  it('delta-seconds: digits only, capped', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7);
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 12 ', NOW)).toBe(12);
    expect(parseRetryAfter('86400', NOW)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('99999999999999999999', NOW)).toBeUndefined(); // more digits than any sane value
  });

  it('HTTP-dates in the three forms RFC 9110 names: seconds from now, rounded up, 0 when past', () => {
    expect(parseRetryAfter('Thu, 06 Nov 2025 08:49:37 GMT', NOW)).toBe(30);
    expect(parseRetryAfter('Thursday, 06-Nov-25 08:49:37 GMT', NOW)).toBe(30);
    expect(parseRetryAfter('Thu Nov  6 08:49:37 2025', NOW)).toBe(30);
    expect(parseRetryAfter('Thu, 06 Nov 2025 08:49:07 GMT', NOW + 500)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Fri, 06 Nov 2026 08:49:37 GMT', NOW)).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  it('garbage is dropped', () => {
    for (const bad of [
      '',
      '-3',
      '1.5',
      '0x10',
      '1e3',
      'Infinity',
      'soon',
      '5 seconds',
      'Thu, 31 Feb 2025 08:49:37 GMT',
      'Thu, 06 Nov 2025 25:00:00 GMT',
      '2025-11-06T08:49:37Z',
      'Thu, 06 Nov 2025 08:49:37 PST',
    ]) {
      expect({ bad, parsed: parseRetryAfter(bad, NOW) }).toEqual({ bad, parsed: undefined });
    }
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });

  it('the same value twice is that value; two different values are garbage', () => {
    expect(parseRetryAfter(['5', '5'], NOW)).toBe(5);
    expect(parseRetryAfter(['5', '60'], NOW)).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('reads a two-digit RFC 850 year as the nearest past-or-near century', () => {
    expect(new Date(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)!).toISOString()).toBe(
      '1994-11-06T08:49:37.000Z',
    );
    expect(new Date(parseHttpDate('Thursday, 06-Nov-25 08:49:37 GMT', NOW)!).toISOString()).toBe(
      '2025-11-06T08:49:37.000Z',
    );
  });
});
