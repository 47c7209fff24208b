import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePack, prepareChain } from '../../../../src/core/index.js';
import { compileLinearRegex, pieceSlice } from '../../../../src/core/detectors/linear-regex.js';
import { DESCRIBED_MIN_LENGTH, describeRedaction } from '../../../../src/core/detectors/pii-redacted-text.js';
import { applyReplacements, type MarkerOptions, type Replacement } from '../../../../src/core/detectors/redaction.js';

const LABEL: MarkerOptions = { format: 'label' };

describe('describeRedaction', () => {
  it('describes exactly the text applyReplacements writes (overlaps merged, fixed and empty markers, hash)', () => {
    const text = 'mail a@b.co or c@d.io, call +1 415 555 0132 today';
    const cases: Array<[Replacement[], MarkerOptions]> = [
      [[{ start: 5, end: 11, type: 'email' }], LABEL],
      [
        [
          { start: 5, end: 11, type: 'email' },
          { start: 8, end: 14, type: 'phone' },
          { start: 15, end: 21, type: 'email' },
        ],
        LABEL,
      ],
      [
        [
          { start: 0, end: 4, type: 'x', marker: '' },
          { start: 4, end: 5, type: 'y' },
        ],
        LABEL,
      ],
      [
        [
          { start: 28, end: 43, type: 'phone' },
          { start: 43, end: text.length, type: 'x' },
        ],
        { format: 'hash', hashKey: 'k' },
      ],
      [[{ start: 5, end: 11, type: 'email' }], { format: 'partial' }],
      [[{ start: 5, end: 11, type: 'email' }], { format: 'label', custom: { email: '' } }],
    ];
    for (const [spans, options] of cases) {
      const expected = applyReplacements(text, spans, options);
      const pieces = describeRedaction(text, spans, options);
      expect(pieces.length).toBe(expected.length);
      expect(pieceSlice(pieces, 0, pieces.length)).toBe(expected);
      for (let s = 0; s < expected.length; s += 3) expect(pieceSlice(pieces, s, s + 7)).toBe(expected.slice(s, s + 7));
    }
  });
});

describe('findAllInPieces', () => {
  const patterns = [
    '(sk-[a-z0-9]{4,}|AKIA[A-Z0-9]{4})',
    '[a-z0-9-]+\\.internal\\.corp',
    'REDACTED\\]',
    'EMAIL_[A-Z]+',
    'zz',
  ];
  it('finds what findAll finds in the redacted text: literals across marker edges, inside markers, where an empty marker sits', () => {
    // "s" + marker "k-..." and "AKI" + "A..." cross an edge; "zz" spans an empty marker.
    const text = 'xx s@@@@ AKI#### db.internal.corp z!z and then some';
    const spans: Replacement[] = [
      { start: 4, end: 8, type: 'a', marker: 'k-abcd ' },
      { start: 12, end: 16, type: 'b', marker: 'A1B2C [EMAIL_REDACTED]' },
      { start: 35, end: 36, type: 'c', marker: '' },
    ];
    const redacted = applyReplacements(text, spans, LABEL);
    const pieces = describeRedaction(text, spans, LABEL);
    let found = 0;
    for (const source of patterns) {
      const r = compileLinearRegex(source);
      if (!r.ok) throw new Error(r.error);
      const expected = r.regex.findAll(redacted);
      found += expected.length;
      expect(r.regex.findAllInPieces(pieces)).toEqual(expected);
    }
    expect(found).toBe(6);
  });

  it('agrees with findAll on fuzzed texts and spans', () => {
    const regexes = patterns.map((p) => compileLinearRegex(p)).flatMap((r) => (r.ok ? [r.regex] : []));
    const token = fc.constantFrom(
      'sk-',
      'sk-ab12',
      'AKIA',
      'AKIAZZ99',
      'db.internal.corp',
      '.internal.corp',
      'REDACTED]',
      'EMAIL_',
      'z',
      ' ',
      '-',
      '[',
      'x',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(token, fc.string({ maxLength: 4 })), { maxLength: 30 }),
        fc.array(
          fc.record({
            at: fc.nat(),
            len: fc.nat(12),
            marker: fc.option(fc.constantFrom('', 'k-', 'z', '[EMAIL_REDACTED]', 'AKIA'), { nil: undefined }),
          }),
          { maxLength: 6 },
        ),
        (parts, raw) => {
          const text = parts.join('');
          const spans: Replacement[] = raw.map((s) => {
            const start = s.at % (text.length + 1);
            return {
              start,
              end: Math.min(text.length, start + s.len),
              type: 'email',
              ...(s.marker === undefined ? {} : { marker: s.marker }),
            };
          });
          const redacted = applyReplacements(text, spans, LABEL);
          const pieces = describeRedaction(text, spans, LABEL);
          for (const r of regexes) expect(r.findAllInPieces(pieces)).toEqual(r.findAll(redacted));
        },
      ),
      { numRuns: 400, seed: 5 },
    );
  });

  it('answers null for a pattern with no required literal', () => {
    const r = compileLinearRegex('[a-z]{3}\\d');
    if (!r.ok) throw new Error(r.error);
    expect(r.regex.findAllInPieces(describeRedaction('abc1', [], LABEL))).toBeNull();
  });
});

describe('pii then dlp on a long text', () => {
  it('reports the dlp findings of the redacted text (offsets, previews, paths) as a dlp step run on it alone', () => {
    const filler = 'Plain words for a long document. '.repeat(Math.ceil(DESCRIBED_MIN_LENGTH / 33) + 10);
    const text = `${filler}write to jane@example.com or AKIAIOSFODNN7EXAMPLE at db-1.internal.corp ${filler}`;
    const dlp = {
      patterns: [
        { name: 'keys', regex: 'AKIA[A-Z0-9]{16}', action: 'block' },
        { name: 'hosts', regex: '[a-z0-9-]+\\.internal\\.corp', action: 'redact' },
        { name: 'marker', regex: 'EMAIL_REDACTED', action: 'escalate' },
      ],
    };
    const pack = (chain: string[]) =>
      prepareChain(
        normalizePack({
          pack: { name: 'p', version: '1.0.0', enabled: true },
          policies: { chain },
          policy: { 'pii-detector': { action: 'redact', categories: ['email'] }, 'dlp-filter': dlp },
        }),
      );
    const ctx = { now: 0, mode: 'exhaustive' as const };
    const payload = { messages: [{ role: 'user', content: text }] };
    const both = pack(['pii-detector', 'dlp-filter']).evaluate(payload, ctx);
    const redacted = pack(['pii-detector']).evaluate(payload, ctx).request;
    const alone = pack(['dlp-filter']).evaluate(redacted, ctx);
    const dlpOf = (d: typeof both) => d.steps.find((s) => s.policy === 'dlp-filter');
    expect(dlpOf(both)?.findings?.length).toBe(3);
    expect(dlpOf(both)?.findings?.[0]?.path).toBe('/messages/0/content');
    expect(dlpOf(both)).toEqual(dlpOf(alone));
    expect(both.request).toEqual(alone.request);
  });
});
