import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base62,
  crc32,
  githubTokenChecksumValid,
  gs1Valid,
  ibanValid,
  luhnCheckDigit,
  luhnValid,
  mod97,
  npiValid,
  shannonEntropy,
} from '../../../../src/core/detectors/checksums.js';

const digitString = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

describe('luhn', () => {
  it('accepts the well-known test numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('41x1')).toBe(false);
  });

  it('the computed check digit always validates, and any other last digit does not', () => {
    fc.assert(
      fc.property(digitString(1, 18), fc.integer({ min: 1, max: 9 }), (body, delta) => {
        const check = luhnCheckDigit(body);
        expect(luhnValid(body + check)).toBe(true);
        expect(luhnValid(body + ((check + delta) % 10))).toBe(false);
      }),
    );
  });
});

describe('GS1 check digit', () => {
  it('accepts EAN-13, UPC-A, GTIN-14 and ISBN-13 examples and rejects a changed digit', () => {
    for (const code of ['5901234123457', '4006381333931', '036000291452', '10614141000415', '978-0-306-40615-7'])
      expect(gs1Valid(code)).toBe(true);
    expect(gs1Valid('5901234123458')).toBe(false);
    expect(gs1Valid('4222222222222')).toBe(false);
    expect(gs1Valid('1234567')).toBe(false); // too short to be a barcode
  });
});

describe('IBAN mod-97', () => {
  it('validates registry examples and rejects wrong check digits, lengths and countries', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('gb82west12345698765432')).toBe(true);
    expect(ibanValid('DE88370400440532013000')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false); // one char short for DE
    expect(ibanValid('ZZ89370400440532013000')).toBe(false);
  });

  it('check digits computed from any BBAN validate', () => {
    fc.assert(
      fc.property(digitString(18, 18), (bban) => {
        const check = String(98 - mod97(`${bban}DE00`)).padStart(2, '0');
        expect(ibanValid(`DE${check}${bban}`)).toBe(true);
      }),
    );
  });
});

describe('NPI', () => {
  it('uses the Luhn variant with the 80840 prefix', () => {
    expect(npiValid('1234567893')).toBe(true);
    expect(npiValid('1234567890')).toBe(false);
    expect(npiValid('3234567893')).toBe(false); // must start with 1 or 2
  });
});

describe('CRC-32 and GitHub token checksums', () => {
  it('matches the standard check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 2)).toBe('0z');
  });

  it('a token built from random body + base62(crc32(body)) passes; a changed character fails', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 61 }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 0, max: 29 }),
        (idx, pos) => {
          const body = idx.map((i) => alphabet[i]).join('');
          const token = `ghp_${body}${base62(crc32(body), 6)}`;
          expect(githubTokenChecksumValid(token)).toBe(true);
          const changed = body.slice(0, pos) + (body[pos] === 'A' ? 'B' : 'A') + body.slice(pos + 1);
          expect(githubTokenChecksumValid(`ghp_${changed}${base62(crc32(body), 6)}`)).toBe(false);
        },
      ),
    );
  });
});

describe('entropy', () => {
  it('is 0 for one repeated char and log2(n) for n distinct chars', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('')).toBe(0);
  });
});
