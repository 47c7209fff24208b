/**
 * Text normalisation before matching: attackers hide instructions behind encodings (base64, hex, binary,
 * URL and HTML escapes), invisible characters (zero-width, bidi controls, tag characters) and look-alike
 * letters (Cyrillic "а" for Latin "a", fullwidth forms). This module rewrites a text into one lower-case,
 * ASCII-folded "matching view" and keeps, for every UTF-16 unit of that view, the offset in the ORIGINAL
 * text it came from, so detectors can match on the view and still report original positions.
 *
 * Everything here is linear in the input: each pass walks the text once, and the run-finding regexes are
 * single character classes with no nested quantifiers.
 */
import { decodeEncodedRuns, type DecodedRun } from './normalize-decode.js';
import { foldHomoglyph, isInvisible } from './normalize-tables.js';

export type { DecodedRun } from './normalize-decode.js';

export interface NormalizeOptions {
  /** Decode base64, hex, binary, URL and HTML escape runs and splice the decoded text into the view. */
  decode: boolean;
  /** Apply Unicode NFKC per character, drop combining marks and invisible characters. */
  unicode: boolean;
  /** Fold confusable letters (Cyrillic, Greek, fullwidth, mathematical alphanumerics) to ASCII. */
  homoglyphs: boolean;
}

/** A span of the original text and what normalisation found there. */
export interface Span {
  start: number;
  end: number;
}

export interface NormalizedText {
  /** The matching view: lower case, folded, decoded. */
  text: string;
  /**
   * `starts[i]` is the original offset of view unit i; `ends[i]` the original end of the character it came
   * from (a decoded run maps every unit onto the whole run).
   */
  starts: Int32Array;
  ends: Int32Array;
  /** Runs that decoded to readable text (each becomes an encoded-payload finding upstream). */
  decoded: DecodedRun[];
  /** Original spans of invisible characters that were removed. */
  invisible: Span[];
  /** Original spans of words that mix Latin letters with look-alike letters from other scripts. */
  mixedScriptWords: Span[];
}

// Diacritic marks only: vowel signs of Indic and other scripts are also \p{M}, and dropping them would
// change the word.
const COMBINING_MARK = {
  test(c: string): boolean {
    const cp = c.codePointAt(0) ?? 0;
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f);
  },
};
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]+$/;

/**
 * Builds the matching view of `original`. Pure and linear; never throws on any string (lone surrogates
 * are kept as they are).
 */
export function normalizeForMatching(original: string, opts: NormalizeOptions): NormalizedText {
  const runs = opts.decode ? decodeEncodedRuns(original) : [];
  if (runs.length === 0 && ASCII_ONLY.test(original)) return asciiView(original);
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const invisible: Span[] = [];
  const mixedScriptWords: Span[] = [];

  const emit = (s: string, start: number, end: number): void => {
    for (let k = 0; k < s.length; k++) {
      out.push(s[k]!);
      starts.push(start);
      ends.push(end);
    }
  };

  // Letters of the current word are buffered so look-alike folding can be decided per word: a word that
  // mixes ASCII letters with look-alikes ("pаssword" with a Cyrillic а), or consists only of look-alikes,
  // is folded to ASCII and reported; an ordinary Russian or Greek word is left alone so that language's
  // own patterns still match it.
  // A word made only of look-alikes is folded when the text is mostly Latin (an English sentence with one
  // fully Cyrillic-spelled word); in a Greek or Russian text such words are just that language.
  const latinText = mostlyLatin(original);
  let word: Array<{ plain: string; folded: string | undefined; start: number; end: number }> = [];
  let wordAscii = false;
  let wordForeign = false;
  const flushWord = (): void => {
    if (word.length === 0) return;
    const fold = opts.homoglyphs && word.some((w) => w.folded !== undefined) && (wordAscii || (!wordForeign && latinText));
    for (const w of word) emit(fold && w.folded !== undefined ? w.folded : w.plain, w.start, w.end);
    if (fold) mixedScriptWords.push({ start: word[0]!.start, end: word[word.length - 1]!.end });
    word = [];
    wordAscii = false;
    wordForeign = false;
  };

  let runIndex = 0;
  let i = 0;
  while (i < original.length) {
    const run = runs[runIndex];
    if (run && i === run.start) {
      flushWord();
      // The decoded text replaces the run; spaces keep base64/hex/binary from gluing onto neighbours.
      const pad = run.kind === 'base64' || run.kind === 'hex' || run.kind === 'binary' ? ' ' : '';
      emit(`${pad}${run.text.toLowerCase()}${pad}`, run.start, run.end);
      i = run.end;
      runIndex++;
      continue;
    }
    const cp = original.codePointAt(i)!;
    if (cp < 0x80) {
      // ASCII fast path: most text is ASCII, and it needs only lower-casing.
      const lower = cp >= 65 && cp <= 90 ? cp + 32 : cp;
      const ch = lower === cp ? original[i]! : String.fromCharCode(lower);
      if ((lower >= 97 && lower <= 122) || (cp >= 48 && cp <= 57)) {
        if (lower >= 97) wordAscii = true;
        word.push({ plain: ch, folded: undefined, start: i, end: i + 1 });
      } else {
        flushWord();
        out.push(ch);
        starts.push(i);
        ends.push(i + 1);
      }
      i += 1;
      continue;
    }
    const width = cp > 0xffff ? 2 : 1;
    const ch = original.slice(i, i + width);
    if (opts.unicode && isInvisible(cp)) {
      // Removed without ending the word: "ig\u200bnore" must read as "ignore".
      const last = invisible[invisible.length - 1];
      if (last && last.end === i) last.end = i + width;
      else invisible.push({ start: i, end: i + width });
      i += width;
      continue;
    }
    let plain = ch;
    if (opts.unicode) {
      // NFKD then drop marks: fullwidth and ligature forms become ASCII, accents fall away ("ïgnörë").
      let kept = '';
      for (const c of ch.normalize('NFKD')) if (!COMBINING_MARK.test(c)) kept += c;
      plain = kept.normalize('NFKC');
    }
    plain = plain.toLowerCase();
    if (LETTER_OR_DIGIT.test(ch)) {
      const folded = opts.homoglyphs ? foldHomoglyph(cp) : undefined;
      if (folded === undefined) {
        if (ASCII_WORD.test(plain)) wordAscii = true;
        else wordForeign = true;
      }
      word.push({ plain, folded, start: i, end: i + width });
    } else if (plain.length === 0 || COMBINING_MARK.test(ch)) {
      // A lone combining mark belongs to the word it decorates.
      i += width;
      continue;
    } else {
      flushWord();
      emit(plain, i, i + width);
    }
    i += width;
  }
  flushWord();
  const n = out.length;
  const startArr = new Int32Array(n + 1);
  const endArr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    startArr[k] = starts[k]!;
    endArr[k] = ends[k]!;
  }
  startArr[n] = original.length;
  endArr[n] = original.length;
  return { text: out.join(''), starts: startArr, ends: endArr, decoded: runs, invisible, mixedScriptWords };
}

const ASCII_ONLY = /^[^\u0080-\uffff]*$/;

/** Fast path for plain ASCII with nothing decoded: the view is the lower-cased text, offsets identity. */
function asciiView(original: string): NormalizedText {
  const n = original.length;
  const starts = new Int32Array(n + 1);
  const ends = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    starts[k] = k;
    ends[k] = k + 1;
  }
  starts[n] = n;
  ends[n] = n;
  return { text: original.toLowerCase(), starts, ends, decoded: [], invisible: [], mixedScriptWords: [] };
}

/** True when ASCII letters outnumber other letters in a sample of the text (linear, capped). */
function mostlyLatin(text: string): boolean {
  let ascii = 0;
  let other = 0;
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) ascii++;
    else if (c >= 0xc0 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0xd800 && c <= 0xdfff)) other++;
  }
  return ascii >= other;
}

/** Maps a half-open span of the matching view back to the original text. */
export function mapSpan(view: NormalizedText, start: number, end: number): Span {
  const s = view.starts[Math.max(0, Math.min(start, view.text.length))]!;
  const e = end > start ? view.ends[Math.min(end, view.text.length) - 1]! : s;
  return { start: s, end: Math.max(s, e) };
}
