import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { isPortableRegex } from '../../../src/schema/rules/portable-regex.js';

const compiles = (compile: () => unknown): boolean => {
  try {
    compile();
    return true;
  } catch {
    return false;
  }
};

describe('isPortableRegex', () => {
  it.each([
    '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16})',
    '[a-z0-9-]+\\.internal\\.example\\.com',
    'arn:aws:[a-z0-9-]+:\\d{12}:',
    'ignore.*?previous',
    '^(?:a|b)+$',
  ])('accepts %s', (p) => expect(isPortableRegex(p)).toBe(true));

  it.each([
    'a\\ b',
    '(?<=x)y',
    '(a)\\1',
    '(?i)abc',
    '\\u0041',
    '[[:alpha:]]',
    '[^]',
    'a{1001}',
    '(?P<n>x)',
    '\\p{L}',
    '[\\b]',
    'a++',
    '(a{500}){500}',
    '(?:ab){2}',
  ])('leaves %s to RE2', (p) => {
    expect(isPortableRegex(p)).toBe(false);
  });

  it("leaves long patterns to RE2, whose nesting and size limits JavaScript's parser does not have", () => {
    const nested = `${'('.repeat(1001)}a${')'.repeat(1001)}`;
    expect([compiles(() => new RegExp(nested)), compiles(() => RE2JS.compile(nested))]).toEqual([true, false]);
    expect(isPortableRegex(nested)).toBe(false);
    expect(isPortableRegex(`${'(a)'.repeat(333)}`)).toBe(true);
  });

  it('agrees with RE2 on validity for every portable pattern (property)', () => {
    const alphabet = fc.constantFrom(
      ...'ab .-()[]{}*+?|^$\\dws0123,:_'.split(''),
      '\\ ',
      '(?:',
      '\\.',
      '{2,5}',
      '{600}',
      '[a-z]',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 14 }), (parts) => {
        const pattern = parts.join('');
        if (!isPortableRegex(pattern)) return;
        expect(compiles(() => new RegExp(pattern))).toBe(compiles(() => RE2JS.compile(pattern)));
      }),
      { numRuns: 3000 },
    );
  });
});
