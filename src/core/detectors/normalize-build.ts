/**
 * Building a view that is not an AsciiView: buildView walks the original text once, lower-casing its ASCII
 * stretches, splicing in the decoded runs, dropping invisible characters, normalising each other character
 * (charInfo, memoised) and folding look-alike letters word by word, and writes the view into a ViewSink
 * (normalize-sinks.ts). normalize.ts decides which view to build and from which bytes.
 */
import type { DecodedRun } from './normalize-decode.js';
import { knownOtherUnits } from './normalize-run-starts.js';
import { PieceBuilder, UnitBuilder, type ViewSink } from './normalize-sinks.js';
import { foldHomoglyph, isInvisible, isUpsideDownLetter, latinForm } from './normalize-tables.js';
import type { BuiltView, NormalizedText, Span } from './normalize-views.js';

export interface NormalizeOptions {
  /** Decode base64, hex, binary, URL and HTML escape runs and splice the decoded text into the view. */
  decode: boolean;
  /** Apply Unicode NFKC per character, drop combining marks and invisible characters. */
  unicode: boolean;
  /** Fold confusable letters (Cyrillic, Greek, fullwidth, mathematical alphanumerics) to ASCII. */
  homoglyphs: boolean;
}

// Diacritic marks only: vowel signs of Indic and other scripts are also \p{M}, and dropping them would
// change the word.
const COMBINING_MARK = {
  test(c: string): boolean {
    const cp = c.codePointAt(0) ?? 0;
    return (
      (cp >= 0x300 && cp <= 0x36f) ||
      (cp >= 0x1ab0 && cp <= 0x1aff) ||
      (cp >= 0x1dc0 && cp <= 0x1dff) ||
      (cp >= 0x20d0 && cp <= 0x20ff) ||
      (cp >= 0xfe20 && cp <= 0xfe2f)
    );
  },
};
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]+$/;

/**
 * The view of `original` with `runs` decoded. `utf8`, when given, holds the text's UTF-8 from its first
 * byte (asciiBytesOf's bytes, or utf8Buffer), `utf8Bytes` of them: the ASCII pieces are then read from it
 * (see PieceBuilder), and the next unit that is not ASCII is searched for there (see nextNonAsciiByte).
 */
export function buildView(
  original: string,
  runs: DecodedRun[],
  opts: NormalizeOptions,
  dense: boolean,
  utf8?: Uint8Array,
  utf8Bytes = -1,
): NormalizedText {
  const out: ViewSink = dense ? new UnitBuilder(original.length + 16) : new PieceBuilder(utf8);
  const invisible: Span[] = [];
  const mixedScriptWords: Span[] = [];
  // Letters of upside-down text (NormalizedText.upsideDown): how many, and where the first ones are.
  let upsideDown = 0;
  const upsideDownAt: number[] = [];

  // Look-alike folding is decided per word: a word that mixes ASCII letters with look-alikes ("pаssword"
  // with a Cyrillic а), or consists only of look-alikes inside mostly-Latin text, is folded to ASCII and
  // reported; an ordinary Russian or Greek word is left alone so that language's own patterns still match.
  // Letters are written as they are and the folds of the current word are applied when it ends.
  // Whether the text is mostly Latin matters only for a word of look-alikes alone: decided at the first.
  let latinText: boolean | undefined;
  let wordOpen = false;
  let wordStart = 0;
  let wordEnd = 0;
  let wordAscii = false;
  let wordForeign = false;
  /** The current word's look-alike letters (ViewSink.pushString handles) and their ASCII folds. */
  const pendingAt: number[] = [];
  const pendingCode: number[] = [];
  const flushWord = (): void => {
    if (!wordOpen) return;
    if (pendingAt.length > 0 && (wordAscii || (!wordForeign && (latinText ??= mostlyLatin(original))))) {
      for (let k = 0; k < pendingAt.length; k++) out.fold(pendingAt[k]!, pendingCode[k]!);
      mixedScriptWords.push({ start: wordStart, end: wordEnd });
    }
    wordOpen = false;
    wordAscii = false;
    wordForeign = false;
    pendingAt.length = 0;
    pendingCode.length = 0;
  };
  const inWord = (start: number, end: number): void => {
    if (!wordOpen) {
      wordOpen = true;
      wordStart = start;
    }
    wordEnd = end;
  };

  let runIndex = 0;
  let i = 0;
  /** The UTF-8 bytes before unit i past one per unit (the runs decoded and the ASCII pieces add none). */
  let extra = 0;
  const n = original.length;
  /** The first unit at or after i that is not ASCII (n when none), or -1 before it is searched. */
  let nextOther = -1;
  // Where those units are, when the run-start listing just read the text's UTF-8 (it steps through them):
  // read from there, not searched for in the bytes again (knownOtherUnits[otherIndex] is the next).
  const knownOthers = knownOtherUnits(original);
  let otherIndex = 0;
  while (i < n) {
    const run = runs[runIndex];
    if (run && i === run.start) {
      flushWord();
      // The decoded text replaces the run; spaces keep base64/hex/binary from gluing onto neighbours (but
      // for a few escapes that spell letters inside a word: "ign\x6fre").
      const pad =
        run.inWord !== true &&
        (run.kind === 'base64' ||
          run.kind === 'hex' ||
          run.kind === 'binary' ||
          run.kind === 'morse' ||
          run.kind === 'tags')
          ? ' '
          : '';
      // The decoded text gets the same treatment as the text around it: an escaped zero-width space
      // ("ig%E2%80%8Bnore", "ig&#8203;nore"), fullwidth letters in base64 or an escaped look-alike
      // ("ign&#1086;re") must not hide a word the plain forms do not.
      let decoded = run.text;
      if (NOT_ASCII.test(decoded)) {
        const clean = cleanDecoded(
          decoded,
          opts,
          pad === '' && isAsciiLetter(original.charCodeAt(run.start - 1)),
          pad === '' && isAsciiLetter(original.charCodeAt(run.end)),
        );
        decoded = clean.text;
        if (clean.invisible) {
          const last = invisible[invisible.length - 1];
          if (last && last.end === run.start) last.end = run.end;
          else invisible.push({ start: run.start, end: run.end });
        }
        if (clean.folded) mixedScriptWords.push({ start: run.start, end: run.end });
        if (decoded.length === 0) {
          // Only invisible characters: dropped like them, without ending the word.
          i = run.end;
          runIndex++;
          continue;
        }
      }
      out.pushString(`${pad}${decoded.toLowerCase()}${pad}`, run.start, run.end);
      i = run.end;
      runIndex++;
      continue;
    }
    // ASCII up to the next other unit or run: lower-cased and copied as one piece (one view unit per
    // original unit); only its first and last words can belong to words that continue past it.
    // In the UTF-8 the units from i up to the next other one are one byte each, at i + extra onwards.
    if (nextOther < i) {
      if (knownOthers !== undefined) {
        while (otherIndex < knownOthers.length && knownOthers[otherIndex]! < i) otherIndex++;
        nextOther = otherIndex < knownOthers.length ? knownOthers[otherIndex]! : n;
      } else
        nextOther =
          utf8 !== undefined && utf8Bytes >= 0
            ? nextNonAsciiByte(original, i, utf8, i + extra, utf8Bytes) - extra
            : nextNonAscii(original, i);
    }
    const stop = run !== undefined && run.start > i && run.start < nextOther ? run.start : nextOther;
    if (stop > i) {
      let lead = i;
      let letters = false;
      for (let c = original.charCodeAt(lead); lead < stop && isAsciiWordUnit(c); c = original.charCodeAt(++lead))
        if (c >= 65) letters = true;
      if (lead > i) {
        inWord(i, lead);
        if (letters) wordAscii = true;
      }
      if (lead < stop) {
        flushWord();
        let trail = stop;
        letters = false;
        for (let c = original.charCodeAt(trail - 1); isAsciiWordUnit(c); c = original.charCodeAt(--trail - 1))
          if (c >= 65) letters = true;
        if (trail < stop) {
          inWord(trail, stop);
          if (letters) wordAscii = true;
        }
      }
      out.pushAscii(original, i, stop, i + extra);
      i = stop;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    // UTF-8 bytes past one per unit: 2-byte characters one, 3-byte ones (lone surrogates too: U+FFFD) and pairs two.
    extra += cp < 0x800 ? 1 : 2;
    const info = charInfo(cp, original.slice(i, i + width), opts.unicode);
    if (info.upsideDown && upsideDown++ < MAX_UPSIDE_DOWN) upsideDownAt.push(i, i + width);
    if (opts.unicode && info.invisible) {
      // Removed without ending the word: "ig\u200bnore" must read as "ignore".
      const last = invisible[invisible.length - 1];
      if (last && last.end === i) last.end = i + width;
      else invisible.push({ start: i, end: i + width });
      i += width;
      continue;
    }
    if (info.letter) {
      const folded = opts.homoglyphs ? foldHomoglyph(cp) : undefined;
      inWord(i, i + width);
      const piece = out.pushString(info.plain, i, i + width);
      if (folded !== undefined && info.plain.length === 1) {
        pendingAt.push(piece);
        pendingCode.push(folded.charCodeAt(0));
      } else if (info.asciiWord) wordAscii = true;
      else wordForeign = true;
    } else if (info.plain.length > 0 && !info.mark) {
      flushWord();
      out.pushString(info.plain, i, i + width);
    }
    // A lone combining mark (or a character that normalises to nothing) belongs to the word it decorates.
    i += width;
  }
  flushWord();
  const view = out.finish(n, runs, invisible, mixedScriptWords);
  if (upsideDown >= UPSIDE_DOWN_MIN) (view as BuiltView).upsideDown = Int32Array.from(upsideDownAt);
  return view;
}

/**
 * Letters of upside-down text a view notes at least (one turned word: "ǝɹouƃı" has three), and at most
 * (enough for the stretches a detector reads: a stretch is read from the letters it holds).
 */
const UPSIDE_DOWN_MIN = 3;
const MAX_UPSIDE_DOWN = 64;

const NOT_ASCII = /[\u0080-\uffff]/;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A decoded run's text as buildView treats a text's own characters: invisible ones dropped, each other
 * character normalised (charInfo), look-alikes folded in a word that mixes them with ASCII letters, or
 * that is glued to ASCII letters outside the run (`gluedBefore`, `gluedAfter`: "ign&#1086;re").
 */
function cleanDecoded(
  text: string,
  opts: NormalizeOptions,
  gluedBefore: boolean,
  gluedAfter: boolean,
): { text: string; invisible: boolean; folded: boolean } {
  let out = '';
  let invisible = false;
  let folded = false;
  let word = '';
  let wordFolded = '';
  let wordAscii = false;
  let wordLooks = false;
  let first = true;
  const endWord = (last: boolean): void => {
    if (word === '') return;
    const glued = (first && gluedBefore) || (last && gluedAfter);
    if (wordLooks && (wordAscii || glued)) {
      out += wordFolded;
      folded = true;
    } else out += word;
    word = wordFolded = '';
    wordAscii = wordLooks = false;
    first = false;
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      if (isAsciiLetter(cp) || (cp >= 48 && cp <= 57)) {
        word += ch;
        wordFolded += ch;
        wordAscii = true;
      } else {
        endWord(false);
        first = false;
        out += ch;
      }
      continue;
    }
    const info = charInfo(cp, ch, opts.unicode);
    if (opts.unicode && info.invisible) {
      invisible = true;
      continue;
    }
    if (info.letter) {
      const fold = opts.homoglyphs ? foldHomoglyph(cp) : undefined;
      word += info.plain;
      if (fold !== undefined && info.plain.length === 1) {
        wordFolded += fold;
        wordLooks = true;
      } else {
        wordFolded += info.plain;
        if (info.asciiWord) wordAscii = true;
      }
    } else if (!info.mark) {
      endWord(false);
      first = false;
      out += info.plain;
    }
  }
  endWord(true);
  return { text: out, invisible, folded };
}

const NON_ASCII_UNIT = /[\u0080-\uffff]/g;

/** The first unit of `s` at or after `from` that is not ASCII, or s.length. */
function nextNonAscii(s: string, from: number): number {
  // Stretches between other units are often short (spaces between words of another script): a few units
  // are read before the regex (fast over long stretches) takes over.
  const near = Math.min(s.length, from + 16);
  for (let i = from; i < near; i++) if (s.charCodeAt(i) >= 0x80) return i;
  if (near === s.length) return near;
  NON_ASCII_UNIT.lastIndex = near;
  return NON_ASCII_UNIT.test(s) ? NON_ASCII_UNIT.lastIndex - 1 : s.length;
}

/**
 * nextNonAscii(s, from) read from the text's UTF-8 (`utf8`, `end` bytes), where unit `from` is byte
 * `at` and every unit before the answer is one byte: answers the byte of that unit (`end` when none).
 * The regex reads a text with other units as two bytes per unit (about 1.7 ms per MB); the bytes are
 * read a 32-bit word at a time (a word with a byte >= 0x80 holds the answer).
 */
function nextNonAsciiByte(s: string, from: number, utf8: Uint8Array, at: number, end: number): number {
  const near = Math.min(s.length, from + 16);
  for (let i = from; i < near; i++) if (s.charCodeAt(i) >= 0x80) return at + i - from;
  let b = at + near - from;
  if (utf8.byteOffset % 4 === 0) {
    const words = utf8Words(utf8);
    while (b < end && (b & 3) !== 0) {
      if (utf8[b]! >= 0x80) return b;
      b++;
    }
    let w = b >> 2;
    const lastWord = end >> 2;
    while (w < lastWord && (words[w]! & 0x80808080) === 0) w++;
    b = w << 2;
  }
  while (b < end && utf8[b]! < 0x80) b++;
  return b;
}

/** A 32-bit view of `bytes`' whole words (kept for the last buffer asked). */
function utf8Words(bytes: Uint8Array): Int32Array {
  if (wordsOf !== bytes) {
    wordsOf = bytes;
    wordsView = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  }
  return wordsView;
}
let wordsOf: Uint8Array | undefined;
let wordsView: Int32Array = new Int32Array(0);

/** [A-Za-z0-9]: the ASCII units that make words while building a view (A-Z lower-cased). */
export function isAsciiWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

interface CharInfo {
  /** Lower-cased, NFKD-without-diacritics form (when unicode normalisation is on). */
  plain: string;
  letter: boolean;
  /** The plain form is ASCII letters/digits (fullwidth "Ａ", accented "é"). */
  asciiWord: boolean;
  /** A letter of upside-down text (isUpsideDownLetter). */
  upsideDown: boolean;
  invisible: boolean;
  mark: boolean;
}

// Per-code-point facts are costly to compute (Unicode normalisation, property regexes) and repeat a lot
// (curly quotes, dashes, accented letters), so they are memoised. The cache is bounded.
const CHAR_CACHE = new Map<number, CharInfo>();
const CHAR_CACHE_LIMIT = 8192;

function charInfo(cp: number, ch: string, unicode: boolean): CharInfo {
  const key = unicode ? cp : -cp - 1;
  const hit = CHAR_CACHE.get(key);
  if (hit) return hit;
  let plain = ch;
  if (unicode) {
    // NFKD then drop diacritics: fullwidth and ligature forms become ASCII, accents fall away ("ïgnörë").
    // Small capitals, the dotless i and regional indicators, which NFKD keeps, are read as their letters.
    let kept = latinForm(cp) ?? '';
    if (kept === '') for (const c of ch.normalize('NFKD')) if (!COMBINING_MARK.test(c)) kept += c;
    plain = kept.normalize('NFKC');
  }
  plain = plain.toLowerCase();
  const info: CharInfo = {
    plain,
    letter: LETTER_OR_DIGIT.test(ch),
    asciiWord: ASCII_WORD.test(plain),
    upsideDown: isUpsideDownLetter(cp),
    invisible: isInvisible(cp),
    mark: COMBINING_MARK.test(ch),
  };
  if (CHAR_CACHE.size < CHAR_CACHE_LIMIT) CHAR_CACHE.set(key, info);
  return info;
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
