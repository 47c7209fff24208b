import { isIPv6 as nodeIsIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrProblem, isIPv6, parseTlsVersion } from '../../../src/schema/rules/network.js';

describe('cidrProblem', () => {
  it.each([
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '0.0.0.0/0',
    '203.0.113.7',
    '2001:db8::/32',
    '::1/128',
    '::/0',
    '::ffff:192.0.2.1/128',
  ])('accepts %s', (r) => {
    expect(cidrProblem(r)).toBeUndefined();
  });

  it.each([
    ['172.16.0.0/33', 'exceeds 32'],
    ['192.168.1/24', 'not an IPv4 address'],
    ['10.0.0.256/8', 'not an IPv4 address'],
    ['010.0.0.0/8', 'not an IPv4 address'],
    ['10.0.0.0/x', 'not a number'],
    ['10.0.0.0/8/9', 'more than one'],
    ['2001:db8::/129', 'exceeds 128'],
    ['2001:db8:::1/64', 'not an IPv6 address'],
    ['fe80::1%eth0/64', 'not an IPv6 address'],
  ])('rejects %s', (r, why) => {
    expect(cidrProblem(r)).toContain(why);
  });
});

describe('isIPv6', () => {
  it('agrees with node:net on generated addresses', () => {
    const group = fc.stringMatching(/^[0-9a-fA-F]{1,5}$/);
    const text = fc.oneof(
      fc.array(group, { minLength: 1, maxLength: 9 }).map((g) => g.join(':')),
      fc
        .tuple(fc.array(group, { maxLength: 5 }), fc.array(group, { maxLength: 5 }))
        .map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
      fc.ipV6(),
      fc.tuple(fc.array(group, { maxLength: 6 }), fc.ipV4()).map(([a, v4]) => `${a.join(':')}::${v4}`),
    );
    fc.assert(
      fc.property(text, (address) => {
        expect(isIPv6(address)).toBe(nodeIsIPv6(address));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseTlsVersion', () => {
  it('reads the spellings operators write', () => {
    expect(parseTlsVersion('1.2')).toEqual([1, 2]);
    expect(parseTlsVersion(1.3)).toEqual([1, 3]);
    expect(parseTlsVersion('TLSv1.1')).toEqual([1, 1]);
    expect(parseTlsVersion('1.4')).toBeUndefined();
    expect(parseTlsVersion('ssl3')).toBeUndefined();
  });
});
