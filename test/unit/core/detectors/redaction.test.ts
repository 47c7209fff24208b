import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyReplacements,
  markerFor,
  maskedPreview,
  maskedPreviewAt,
  maskedPreviewInParts,
  replaceInParts,
  TextParts,
  type MarkerOptions,
  type Replacement,
} from '../../../../src/core/detectors/redaction.js';

/** Redaction as first written: sorted copies merged into new span objects, then the text rebuilt. */
function reference(text: string, spans: readonly Replacement[], options: MarkerOptions): string {
  const sorted = spans.map((s) => ({ ...s })).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Replacement[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      continue;
    }
    merged.push(s);
  }
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += text.slice(at, s.start) + (s.marker ?? markerFor(text.slice(s.start, s.end), s.type, options));
    at = s.end;
  }
  return out + text.slice(at);
}

/** A span as drawn: a start, a length, a type and maybe a fixed marker (clampedSpans fits it to a text). */
interface RawSpan {
  start: number;
  len: number;
  type: string;
  marker: string | undefined;
}

const rawSpan = (maxStart: number, maxLen: number, types: string[]): fc.Arbitrary<RawSpan> =>
  fc.record({
    start: fc.nat(maxStart),
    len: fc.nat(maxLen),
    type: fc.constantFrom(...types),
    marker: fc.option(fc.constantFrom('<X>', ''), { nil: undefined }),
  });

const clampedSpans = (raw: readonly RawSpan[], length: number): Replacement[] =>
  raw.map((s) => ({
    start: Math.min(s.start, length),
    end: Math.min(s.start + s.len, length),
    type: s.type,
    ...(s.marker === undefined ? {} : { marker: s.marker }),
  }));

const markerOptions = fc.record({
  format: fc.constantFrom('label', 'asterisks', 'partial', 'hash'),
  custom: fc.constantFrom({}, { phone: '[PHONE]' }, { '*': '#' }),
}) as fc.Arbitrary<MarkerOptions>;

describe('applyReplacements', () => {
  it('rewrites like the merge-then-rebuild reference for any spans, types and marker formats', () => {
    const text = fc.string({ minLength: 0, maxLength: 80 });
    const span = rawSpan(80, 20, ['email', 'phone', 'api-keys', 'custom_pattern']);
    fc.assert(
      fc.property(text, fc.array(span, { maxLength: 8 }), markerOptions, (t, raw, opts) => {
        const spans = clampedSpans(raw, t.length);
        const before = JSON.stringify(spans);
        expect(applyReplacements(t, spans, opts)).toBe(reference(t, spans, opts));
        // The spans are read, never changed (policies pass their matches in directly).
        expect(JSON.stringify(spans)).toBe(before);
      }),
      { numRuns: 3000 },
    );
  });

  it('labels types in upper case each run of other characters becoming one underscore, none at either end (the same label from the cache)', () => {
    expect(markerFor('x', 'internal-hostnames', { format: 'label' })).toBe('[INTERNAL_HOSTNAMES_REDACTED]');
    expect(markerFor('x', 'api keys!!', { format: 'label' })).toBe('[API_KEYS_REDACTED]');
    expect(markerFor('x', 'api keys!!', { format: 'label' })).toBe('[API_KEYS_REDACTED]');
    expect(markerFor('x', 'detect_patterns[0]', { format: 'label' })).toBe('[DETECT_PATTERNS_0_REDACTED]');
    expect(markerFor('x', '__', { format: 'label' })).toBe('[REDACTED]');
    expect(markerFor('x', '__', { format: 'hash' })).toMatch(/^\[[0-9a-f]{12}\]$/);
  });
});

describe('partial markers', () => {
  it('keep the last four units without cutting a surrogate pair in half', () => {
    expect(markerFor('a\u{1f600}x\u{1f600}', 'custom_pattern', { format: 'partial' })).toBe('***x\u{1f600}');
    expect(markerFor('4111111111111111', 'credit_card', { format: 'partial' })).toBe(`${'*'.repeat(12)}1111`);
  });
});

describe('custom markers', () => {
  it("take a pack's own keys only: a type named like an Object.prototype member gets its own marker", () => {
    // dlp-filter's finding type is the pattern's name, chosen by the pack's author.
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const label = `[${type
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')}_REDACTED]`;
      expect(markerFor('secret', type, { format: 'label', custom: {} })).toBe(label);
      expect(applyReplacements('a secret b', [{ start: 2, end: 8, type }], { format: 'label', custom: {} })).toBe(
        `a ${label} b`,
      );
      expect(applyReplacements('a secret b', [{ start: 2, end: 8, type }], { format: 'asterisks', custom: {} })).toBe(
        'a ****** b',
      );
    }
    const custom = { email: '[MAIL]', '*': '#' };
    expect(applyReplacements('x a@b.co y', [{ start: 2, end: 8, type: 'email' }], { format: 'hash', custom })).toBe(
      'x [MAIL] y',
    );
    expect(applyReplacements('x 12345 y', [{ start: 2, end: 7, type: 'toString' }], { format: 'hash', custom })).toBe(
      'x # y',
    );
  });
});

describe('maskedPreviewAt', () => {
  /**
   * The preview as first written: two characters at each end of the sliced value, stars between; the
   * half of a surrogate pair cut at the edge of what is shown is a star.
   */
  const slicedPreview = (value: string): string => {
    if (value.length <= 8) return '*'.repeat(Math.max(value.length, 1));
    const head = value.slice(0, 2).replace(/[\ud800-\udbff]$/, '*');
    const tail = value.slice(-2).replace(/^[\udc00-\udfff]/, '*');
    return head + '*'.repeat(Math.min(value.length - 4, 12)) + tail;
  };

  it('shows no half of a surrogate pair (a lone surrogate is not text)', () => {
    expect(maskedPreview('a\u{1f600}bcdefghij\u{1f600}k')).toBe(`a*${'*'.repeat(11)}*k`);
    expect(maskedPreview('ab\u{1f600}cdefghij\u{1f600}')).toBe(`ab${'*'.repeat(10)}\u{1f600}`);
  });

  it('previews a span like the sliced value, also when previews are shared between findings', () => {
    // Every span of texts over a small alphabet: spans often share three of their four end characters,
    // so previews come from the memo as well as being built.
    const text = fc
      .array(fc.constantFrom('a', 'b', 'K', '7', '-', 'é', '\ud83d', '\ude00'), { minLength: 9, maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        for (let start = 0; start < t.length; start++)
          for (let end = start; end <= t.length; end++) {
            expect(maskedPreviewAt(t, start, end)).toBe(slicedPreview(t.slice(start, end)));
            expect(maskedPreview(t.slice(start, end))).toBe(slicedPreview(t.slice(start, end)));
          }
      }),
      { numRuns: 200 },
    );
  });
});

describe('TextParts and replaceInParts', () => {
  const pieces = fc.array(fc.string({ maxLength: 6 }), { maxLength: 8 });

  it('slices and lists ranges of the joined text from the parts', () => {
    fc.assert(
      fc.property(pieces, (ps) => {
        const parts = TextParts.of(ps);
        const text = ps.join('');
        expect(parts.text).toBe(text);
        expect(parts.length).toBe(text.length);
        expect(parts.parts.every((p) => p.length > 0)).toBe(true);
        for (let start = 0; start <= text.length; start++)
          for (let end = start; end <= text.length; end++) {
            expect(parts.slice(start, end)).toBe(text.slice(start, end));
            const out: string[] = [];
            parts.appendTo(out, start, end);
            expect(out.join('')).toBe(text.slice(start, end));
            expect(out.every((p) => p.length > 0)).toBe(true);
            expect(maskedPreviewInParts(parts, start, end)).toBe(maskedPreviewAt(text, start, end));
          }
      }),
      { numRuns: 300 },
    );
  });

  it('rewrites like applyReplacements, from the text or from its parts, and keeps the result as parts', () => {
    const span = rawSpan(40, 12, ['email', 'phone', 'api-keys']);
    fc.assert(
      fc.property(pieces, fc.array(span, { maxLength: 6 }), markerOptions, (ps, raw, opts) => {
        const source = TextParts.of(ps);
        const t = source.text;
        const spans = clampedSpans(raw, t.length);
        const expected = applyReplacements(t, spans, opts);
        for (const rewritten of [replaceInParts(t, undefined, spans, opts), replaceInParts(t, source, spans, opts)]) {
          expect(rewritten.text).toBe(expected);
          expect(rewritten.parts.join('')).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
