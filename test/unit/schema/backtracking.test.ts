import { describe, expect, it } from 'vitest';
import { catastrophicBacktracking } from '../../../src/schema/rules/backtracking.js';
import { expectWithin } from '../../helpers/hang-guard.js';

describe('catastrophicBacktracking', () => {
  it.each([
    ['(a+)+$', 'nested'],
    ['(a*)*b', 'nested'],
    ['(\\w+\\s?)*$', 'nested'],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', 'nested'],
    ['(x\\w+)*y', 'nested'],
    ['(.*a){12}', 'nested'],
    ['(a|a)*$', 'alternation'],
    ['(\\w|\\d)+$', 'alternation'],
    ['\\d+\\d+$', 'adjacent'],
    ['.*\\s*.*=', 'adjacent'],
    ['(ü+)+$', 'nested'],
    ['(é|[à-ÿ])*x', 'alternation'],
  ])('flags %s', (pattern, kind) => {
    expect(catastrophicBacktracking(pattern)).toContain(
      kind === 'adjacent' ? 'adjacent' : kind === 'alternation' ? 'alternation' : 'nested',
    );
  });

  it.each([
    '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})',
    '[a-z0-9-]+\\.internal\\.yourco\\.com',
    'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:',
    '\\b[A-Z]{2}\\d{6,10}\\b',
    'ignore.*previous.*instructions',
    '([a-z]+\\.)*com',
    '(ab+)*c',
    '(\\d{1,3}\\.){3}\\d{1,3}',
    '-----BEGIN (RSA |EC )?PRIVATE KEY-----',
    '(?i)system prompt:',
    '[[:alpha:]]+@[[:alpha:]]+',
    '(ü|é)+x',
    '(中文)+',
  ])('accepts %s', (pattern) => {
    expect(catastrophicBacktracking(pattern)).toBeUndefined();
  });

  it.each([
    ['a long repeated alternation', `(${'a|'.repeat(9_000)}b)*`, true],
    ['a long repeated sequence', `(${'ab'.repeat(9_000)})*`, false],
    ['many optional parts', `${'a*b?'.repeat(4_500)}`, true],
    ['many unbounded parts with separators', `${'a*b'.repeat(6_000)}`, false],
    ['a long chain of classes', `${'[a-z]+\\.'.repeat(2_000)}`, false],
    // Past 20,000 characters patterns were not analysed: this one passed lint and ran for minutes on 1 MB.
    ['a 30,000-character run of adjacent repeats', '[a-z]+'.repeat(5_000), true],
    ['a 100,000-character chain of classes', `${'[a-z]+\\.'.repeat(10_000)}`, false],
  ])('analyses %s quickly', (_name, pattern, flagged) => {
    expect(expectWithin(3000, () => catastrophicBacktracking(pattern)) !== undefined).toBe(flagged);
  });

  it('does not blow the stack on deeply nested groups', () => {
    expect(() => catastrophicBacktracking(`${'('.repeat(50_000)}a${')'.repeat(50_000)}`)).not.toThrow();
  });
});
