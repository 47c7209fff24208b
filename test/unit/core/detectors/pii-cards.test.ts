import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../../src/core/detectors/checksums.js';
import { allSameDigit, digitsOf } from '../../../../src/core/detectors/pii-context.js';
import { cardBrand, cardDigits, cardGroupingConsistent } from '../../../../src/core/detectors/pii-recognizers.js';

/**
 * The grouping test as first written: split at the digit runs, compare the separators as strings, a blank
 * or a hyphen alone being one separator.
 */
function groupingReference(value: string): boolean {
  const seps = value.split(/\d+/).map((s) => (/^[ \t\u00a0\u202f-]$/.test(s) ? ' ' : s));
  let sep: string | undefined;
  let wrapped: string | undefined;
  for (let i = 1; i < seps.length - 1; i++) {
    const s = seps[i]!;
    if (s.includes('\n')) {
      if (wrapped !== undefined) return false;
      wrapped = s.replace(/\s+/g, '').replace(/^-$/, ' ');
    } else if (sep === undefined) sep = s;
    else if (s !== sep) return false;
  }
  return wrapped === undefined || wrapped === '' || sep === undefined || wrapped === sep;
}

/** The digit checks as first written, on the digit string. */
function digitsReference(value: string): number {
  const digits = digitsOf(value);
  if (digits.length < 13 || digits.length > 19 || allSameDigit(digits)) return 0;
  return cardBrand(digits) !== null && luhnValid(digits) ? digits.length : 0;
}

// Card-like strings: issuer prefixes, digit groups, every separator CARD_RE takes, line breaks.
const candidate = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^[0-9]{1,6}$/) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '4',
          '5',
          '34',
          '37',
          '6011',
          '35',
          '62',
          '36',
          '30',
          '50',
          '2221',
          '1800',
          '4111',
          '0000',
          '7',
        ),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(' ', '-', '.', '\t', '\u00a0', '\u202f', '\n', ' \n', '-\n ', '\r\n', '  ', 'x'),
      },
    ),
    { maxLength: 12 },
  )
  .map((a) => a.join(''));

describe('card candidates', () => {
  it('group like the split-based test', () => {
    fc.assert(
      fc.property(candidate, (v) => {
        expect(cardGroupingConsistent(v)).toBe(groupingReference(v));
      }),
      { numRuns: 20000 },
    );
  });

  it('count their digits as card digits exactly when digitsOf, allSameDigit, cardBrand and luhnValid agree', () => {
    fc.assert(
      fc.property(candidate, (v) => {
        expect(cardDigits(v)).toBe(digitsReference(v));
      }),
      { numRuns: 20000 },
    );
    // Valid numbers of each brand and length (Luhn check digit appended), which random strings rarely are.
    const withCheckDigit = (body: string): string => [...'0123456789'].map((d) => body + d).find((n) => luhnValid(n))!;
    for (const body of [
      '411111111111111',
      '541234567890123',
      '37828224631000',
      '601100009013942',
      '353011133330000',
      '36227206271667',
      '622126000000000000',
      '501234567890',
      '2221000000000000000'.slice(0, 15),
    ]) {
      const n = withCheckDigit(body);
      for (const v of [n, n.replace(/(\d{4})(?=\d)/g, '$1 '), n.replace(/(\d{4})(?=\d)/g, '$1-')])
        expect(cardDigits(v)).toBe(digitsReference(v));
      expect(cardDigits(n)).toBe(digitsReference(n) === 0 ? 0 : n.length);
    }
  });
});
