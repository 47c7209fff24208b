import { describe, expect, it } from 'vitest';
// @ts-expect-error - plain ESM script without type declarations
import { alphabetOf, classifyNegativeHits, shapeOf } from '../../../scripts/quality/secrets.mjs';

interface Row {
  rule: string;
  text: string;
  alsoPositive?: boolean;
}
interface Cause {
  rule: string;
  cause: string;
  other: string;
}

/** A stand-in scanner: each row's text is `type=value` pairs separated by blanks. */
const found = (text: string): Array<{ type: string; value: string }> =>
  text
    .split(' ')
    .filter((p) => p.includes('='))
    .map((p) => ({ type: p.slice(0, p.indexOf('=')), value: p.slice(p.indexOf('=') + 1) }));

const classify = (positives: Row[], negatives: Row[]): Cause[] =>
  classifyNegativeHits(positives, negatives, found) as Cause[];

describe('quality report: why a reported negative is reported', () => {
  it('reads the alphabet a value is drawn from, smallest first', () => {
    expect(alphabetOf('0123')).toBe('digits');
    expect(alphabetOf('09af')).toBe('hex');
    expect(alphabetOf('09AF')).toBe('HEX');
    expect(alphabetOf('Zq09')).toBe('alnum');
    expect(alphabetOf('Zq-9_')).toBe('base64url');
    expect(alphabetOf('Zq+/9==')).toBe('base64');
    expect(alphabetOf('pa$$')).toBe('other');
  });

  it('tells a random token with its runs elsewhere from a value of no format of its rule', () => {
    const own = 'tok=Ab3dE-Fg7hJk_Lm9nPq2';
    const sameFormat = 'tok=Qw8eR_Ty5uIo-Pa1sDf2';
    expect(shapeOf(sameFormat.slice(4))).not.toBe(shapeOf(own.slice(4)));
    const causes = classify(
      [{ rule: 'np.a.1', text: own }],
      [
        { rule: 'np.a.1', text: sameFormat },
        { rule: 'np.a.1', text: 'tok=deadbeef' },
        { rule: 'np.a.1', text: 'tok=Zx7cV-Bn3mA_Sd5fGh2' },
      ],
    );
    expect(causes.map((c) => c.cause)).toEqual([
      'same format (type, length, alphabet) as a positive of its own rule',
      'unexplained',
      'unexplained',
    ]);
  });

  it('still prefers the same shape, and another rule format, to the same format', () => {
    const causes = classify(
      [
        { rule: 'np.a.1', text: 'tok=Ab3dE-Fg7hJk_Lm9nPq2' },
        { rule: 'np.b.1', text: 'key=0123456789abcdef' },
      ],
      [
        { rule: 'np.a.1', text: 'tok=Cd5fG-Hj2kLm_Np4qRs8' },
        { rule: 'np.a.1', text: 'key=fedcba9876543210' },
      ],
    );
    expect(causes.map((c) => [c.cause, c.other])).toEqual([
      ['same shape as a positive of its own rule', ''],
      ["another rule's format", 'np.b.1'],
    ]);
  });
});
