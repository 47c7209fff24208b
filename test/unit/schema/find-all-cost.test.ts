import { describe, expect, it } from 'vitest';
import { quadraticFindAll } from '../../../src/schema/rules/find-all-cost.js';

describe('quadraticFindAll', () => {
  it.each([
    ['[a-z]*x|a', "run of 'a'"],
    ['a*b|a', "run of 'a'"],
    ['\\w+@|\\w', "run of '0'"],
    ['(\\w+@|\\w{32})', "run of '0'"],
    ['[^!]*!|.', 'run of U+0000'],
    ['\\d+px|\\d', "run of '0'"],
    ['[a-z]*x|', 'the empty string'],
    ['\\s+\\n|\\s', 'run of U+0009'],
  ])('flags %s (%s)', (pattern, says) => {
    expect(quadraticFindAll(pattern)).toContain(says);
  });

  it.each([
    // The seed patterns, and alternations whose later alternative runs as far as the earlier one reads.
    '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})',
    '[a-z0-9-]+\\.internal\\.yourco\\.com',
    'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:',
    '\\w+@\\w+\\.\\w+|\\w+',
    // The short alternative first: it matches before the long one is tried.
    'a|[a-z]*x',
    // No character both runs the repeat and satisfies the later alternative.
    '\\d+x|[a-z]',
    // The repeat can end the alternative's match on the run itself.
    '[a-z]*a?|b',
    'a+|b',
    // Not an alternation at the top.
    'x(?:[a-z]*y|a)',
    '(a+)+b',
  ])('leaves %s alone', (pattern) => {
    expect(quadraticFindAll(pattern)).toBeUndefined();
  });
});
