import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWebEscapes } from '../../../../src/core/detectors/web-escapes.js';
import { originEndOf, originOf } from '../../../../src/core/detectors/pii-fold.js';

describe('decodeWebEscapes', () => {
  it('decodes URL escapes (UTF-8 sequences as their character) and HTML references, nothing else', () => {
    expect(decodeWebEscapes('a%20b %C3%BC %F0%9F%98%80 &#105;&#x69;&AMP;&nbsp;')?.text).toBe('a b ü 😀 ii& ');
    expect(decodeWebEscapes('plain text, no escapes')).toBeNull();
    expect(decodeWebEscapes('50% off & more')).toBeNull();
  });

  it('leaves what decodes to no character as written: lone or overlong bytes, surrogates, unknown names', () => {
    for (const text of ['%C3', '%C0%AF', '%ED%A0%80', '%F5%80%80%80', '&foo;', '&#0;', '&#xD800;', '%zz', '%4'])
      expect(decodeWebEscapes(text)).toBeNull();
    expect(decodeWebEscapes('%C3%41')?.text).toBe('%C3A');
  });

  it('maps every view unit back to the escape it came from, a match covering its escapes whole (property)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom('%41', '%c3%a9', '%F0%9F%98%80', '&#105;', '&#x4E;', '&amp;', '&lt;', '%', '&', '%C3'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const view = decodeWebEscapes(text);
        if (view === null) return;
        const start = a % (view.text.length + 1);
        const end = start + (b % (view.text.length - start + 1));
        // A span that cuts a character in two (a surrogate pair) stands for no text.
        const low = (k: number) => /[\udc00-\udfff]/.test(view.text[k] ?? '');
        if (low(start) || low(end)) return;
        const from = originOf(view, start);
        const to = originEndOf(view, start, end, text.length);
        // The original span decodes to the view's span (the escapes at its ends are whole in it).
        const back = decodeWebEscapes(text.slice(from, to))?.text ?? text.slice(from, to);
        expect(back).toBe(view.text.slice(start, end));
      }),
    );
  });
});
