/**
 * A view of a text with its web escapes decoded: URL escapes (`Night%69ngale`, a UTF-8 sequence such as
 * `M%C3%BCller`) and HTML character references (`Night&#105;ngale`, `&#x69;`, `AT&amp;T`, `&nbsp;`), so
 * that a word match (dlp-filter's blocked_terms) reads what a browser, a URL decoder or a model reads. An
 * escape costs its writer nothing, and a term hidden in one passed a match on the text as written.
 *
 * One layer is decoded (`%2569` reads `%69`, as one decoder would read it); an escape that decodes to no
 * character (a lone `%C3`, an unknown entity `&foo;`, `&#0;`) is left as written. The view maps back to the
 * text as pii-fold's views do (originOf / originEndOf): a match that ends or begins on an escape covers it
 * whole, so a redaction replaces the escaped span, never half of it.
 */
import { decodeEntity, hexDigit } from './normalize-decode.js';
import type { FoldedView } from './pii-fold.js';

/** A character reference (numeric, or a name of the decoder's table) at a given offset. */
const ENTITY_AT = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,4});/y;

/**
 * `text` with its URL escapes and HTML character references decoded and nothing else changed, or null when
 * it has none. A text without `&` and `%` costs two indexOf; otherwise each `&` and `%` is looked at once.
 */
export function decodeWebEscapes(text: string): FoldedView | null {
  let amp = text.indexOf('&');
  let pct = text.indexOf('%');
  if (amp < 0 && pct < 0) return null;
  const drops: number[] = [];
  let out = '';
  let last = 0;
  /** The escape text[at, at + width) reads `units` in the view. */
  const decoded = (at: number, width: number, units: string): void => {
    out += text.slice(last, at) + units;
    const after = at - drops.length + units.length;
    for (let d = units.length; d < width; d++) drops.push(after);
    last = at + width;
  };
  while (amp >= 0 || pct >= 0) {
    if (pct < 0 || (amp >= 0 && amp < pct)) {
      // A reference goes on with '#' or a letter: a lone '&' (a megabyte of them) costs no regex run.
      const next = text.charCodeAt(amp + 1) | 32;
      ENTITY_AT.lastIndex = amp;
      const m = next === 35 || (next >= 97 && next <= 122) ? ENTITY_AT.exec(text) : null;
      const units = m === null ? undefined : decodeEntity(m[0]);
      if (m !== null && units !== undefined) decoded(amp, m[0].length, units);
      amp = text.indexOf('&', m !== null && units !== undefined ? amp + m[0].length : amp + 1);
    } else {
      const end = urlEscapes(text, pct, decoded);
      pct = text.indexOf('%', end);
      if (amp >= 0 && amp < end) amp = text.indexOf('&', end);
    }
  }
  if (last === 0) return null;
  return { text: out + text.slice(last), drops };
}

/** The byte of `%XX` at `at`, or -1 when there is no escape there. */
function byteAt(text: string, at: number): number {
  if (text.charCodeAt(at) !== 37) return -1;
  const hi = hexDigit(text.charCodeAt(at + 1));
  const lo = hexDigit(text.charCodeAt(at + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/**
 * Decodes the run of `%XX` escapes from `at` (an ASCII byte alone, a valid UTF-8 sequence as its
 * character; a byte of no valid sequence is left as written) and returns where the run ends.
 */
function urlEscapes(text: string, at: number, decoded: (at: number, width: number, units: string) => void): number {
  let i = at;
  for (let b = byteAt(text, i); b >= 0; b = byteAt(text, i)) {
    if (b < 0x80) {
      decoded(i, 3, String.fromCharCode(b));
      i += 3;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let cp = length === 2 ? b & 0x1f : length === 3 ? b & 0x0f : b & 0x07;
    let k = 1;
    for (; k < length; k++) {
      const c = byteAt(text, i + 3 * k);
      if (c < 0x80 || c > 0xbf) break;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = length === 3 ? 0x800 : length === 4 ? 0x10000 : 0x80;
    if (length === 0 || k < length || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      i += 3;
      continue;
    }
    decoded(i, 3 * length, String.fromCodePoint(cp));
    i += 3 * length;
  }
  return i === at ? at + 1 : i;
}
