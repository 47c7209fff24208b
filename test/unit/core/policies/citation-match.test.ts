import { describe, expect, it } from 'vitest';
import { CitationMatcher } from '../../../../src/core/policies/citation-match.js';

const DOC =
  'The refund window was extended to thirty days for every customer who bought a plan after the first of March.';
const matcher = (texts: string[] = [DOC], urls: string[] = [], entries = texts.length + urls.length) =>
  new CitationMatcher({ texts, urls, entries });

describe('citation match confidence: URLs', () => {
  const m = matcher(
    [DOC, 'See also https://docs.example.org/guide/install for details.'],
    ['https://example.com/policies/refunds', 'http://www.example.com:443/policies/refunds/'],
  );

  it.each([
    ['https://example.com/policies/refunds', 1],
    ['HTTPS://Example.COM/policies/refunds/', 1],
    ['https://example.com/policies/refunds#terms', 1],
    ['https://example.com/policies/refunds.', 1],
    ['https://docs.example.org/guide/install', 1],
    ['https://example.com/policies/refunds/eu', 0.9],
    ['https://example.com/policies', 0.6],
    ['https://example.com/blog/post', 0.4],
    ['https://example.com/policies/refunds-old', 0.4],
    ['https://example.com.evil.net/policies/refunds', 0],
    ['https://other.example.net/policies/refunds', 0],
    // The start of a longer URL written in a document is not that URL.
    ['https://docs.example.org/guide', 0],
  ])('%s -> %d', (url, confidence) => {
    expect(m.url(url)).toBe(confidence);
  });
});

describe('citation match confidence: quotes', () => {
  it('scores a quote found as written 1, ignoring case and spacing', () => {
    expect(matcher().quote('the refund window was  EXTENDED to thirty days')).toBe(1);
  });

  it('scores small differences by word edits: 0.95 x (1 - edits / words)', () => {
    // Punctuation only.
    expect(matcher().quote('The refund window, was extended to thirty days!')).toBe(0.95);
    // One word of ten replaced, one inserted, one dropped.
    expect(matcher().quote('the refund window was extended to sixty days for every')).toBe(0.855);
    expect(matcher().quote('the refund window was quietly extended to thirty days for every')).toBe(0.864);
    expect(matcher().quote('the refund window was extended to days for every customer')).toBe(0.855);
    // Two of ten.
    expect(matcher().quote('the refund period was extended to sixty days for every')).toBe(0.76);
  });

  it('scores 0 a quote that shares no run of three words with the documents, or when there are none', () => {
    expect(matcher().quote('customers may always return anything they like')).toBe(0);
    expect(matcher([]).quote('the refund window was extended')).toBe(0);
  });

  it('does not let a passage run from one document into the next', () => {
    const split = matcher(['The refund window was', 'extended to thirty days for every customer']);
    expect(split.quote('the refund window was extended to thirty days')).toBeLessThan(1);
  });

  it('stays bounded on a hostile context and quote (many repeats of one run)', () => {
    const hostile = matcher(['the refund window '.repeat(50_000)]);
    expect(hostile.quote('the refund window the refund window the refund door')).toBeGreaterThan(0.7);
  });
});

describe('citation match confidence: academic references', () => {
  const m = matcher(
    [
      'Smith and Jones (2020) measured refund fraud.',
      'Garcia et al. wrote about chargebacks.',
      'doi:10.1145/3290605.3300233',
    ],
    ['https://doi.org/10.5555/12345'],
  );

  it.each([
    ['(Smith and Jones, 2020)', 1],
    ['(Smith, 2020)', 1],
    ['(Smith, 2019)', 0.5],
    ['(Garcia et al., 2021)', 0.5],
    ['(Brown, 2020)', 0],
    ['doi:10.1145/3290605.3300233', 1],
    ['doi:10.5555/12345.', 1],
    ['doi:10.9999/nothing', 0],
    ['[2]', 0.8],
    ['[1, 4]', 0.8],
    ['[1-3]', 0.8],
    ['[5]', 0],
    ['[0]', 0],
  ])('%s -> %d', (reference, confidence) => {
    expect(m.academic(reference)).toBe(confidence);
  });
});
