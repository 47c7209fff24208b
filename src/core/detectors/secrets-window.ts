/**
 * The value checks of the assignment rule (scoreAssignment, looksLikePlaceholder, looksLikeCode and the
 * unquoted-secret checks of secrets-assignments.ts) asked of a window [a, b) of the text through its
 * ValueIndex instead of a slice: each check either reads O(1) facts of the index, or reads the window
 * from its start and stops at the first character outside a small alphabet.
 *
 * Why the reads stay linear in the text: the value candidates of neighbouring assignments overlap (in
 * `token=token=token=...` each runs 256 characters over the next ones), but an assignment starts at a
 * token of key characters ([\w.$@-]) preceded by one that is not, and is followed by an operator. A read
 * from a window's start that only goes on over characters that cannot end a key and start an operator
 * (no blank, quote, `]`, `=`, `:`, `!`) passes at most one other assignment's start; so each character is
 * read by at most three such reads, whatever the number of overlapping candidates. The alphabet of each
 * read is noted where it is made. The checks that need the whole window (counts, markers, entropy) use
 * the index.
 *
 * Each function answers exactly what the string function it names answers on text.slice(a, b) (the
 * tests compare them on generated texts).
 */
import { shannonEntropy } from './checksums.js';
import type { EntropyWindow } from './secrets-entropy-window.js';
import {
  COLON,
  SEMI,
  SPACE_COLON,
  DIGIT,
  FLAG,
  HEXL,
  I4,
  NOT_CODE_ALPHA,
  isHigh,
  isLow,
  isSpaceCode,
  isWordCode,
  K11V,
  K1C,
  K2,
  LINETERM,
  LOWER,
  LPAREN,
  LSQ,
  RCURLY,
  RPAREN,
  OCCREF,
  PROSE_WORDS,
  Q8V,
  R12V,
  R15V,
  RSQ,
  SECRET_WORDS,
  SP,
  SPACE,
  STEPALL,
  STEPDIG,
  STEPLET,
  UPPER,
  URL3,
  contribOf,
  wordAtCI,
  type ValueIndex,
} from './secrets-index.js';
import {
  camelNamesASecret,
  FETCH_CREDENTIALS_MODES,
  FORMAT_STRING_MAX,
  IDENTIFIER_WORDS,
  isFormatString,
  isPlaceholderWordAt,
  namesPasswordField,
  PLACEHOLDER_WORD_MAX,
} from './secrets-values.js';

const isLowerAZ = (c: number): boolean => c >= 97 && c <= 122;
const isUpperAZ = (c: number): boolean => c >= 65 && c <= 90;
const isLetter = (c: number): boolean => isLowerAZ(c) || isUpperAZ(c);
const isDashUnderDot = (c: number): boolean => c === 45 || c === 95 || c === 46;

/** What the key of an assignment says about its value (computed once per key). */
export interface KeyInfo {
  /** The key's letters, lower case (scoreAssignment: a value spelling the key's words is no secret). */
  readonly keyWords: string;
  /** How many they are, and the key's length. */
  readonly keyLetters: number;
  readonly keyLength: number;
  /** Value formats the key binds (FORMAT_BOUND entries whose key pattern matches). */
  readonly bounds: readonly RegExp[];
  /** The key ends in `credentials` (a fetch request's credentials mode). */
  readonly credentialsKey: boolean;
}

/** Words by their first character (a check tries only those that can start where it looks). */
function byFirst(words: readonly string[]): ReadonlyArray<readonly string[] | undefined> {
  const out: Array<string[] | undefined> = [];
  for (const w of words) (out[w.charCodeAt(0)] ??= []).push(w);
  return out;
}
/** Words by their last character, lower case. */
function byLast(words: readonly string[]): ReadonlyArray<readonly string[] | undefined> {
  const out: Array<string[] | undefined> = [];
  for (const w of words) (out[w.charCodeAt(w.length - 1)] ??= []).push(w);
  return out;
}
const NONE: readonly string[] = [];
const CODE_KEYWORDS = byFirst([
  'new',
  'this',
  'self',
  'function',
  'class',
  'typeof',
  'void',
  'async',
  'yield',
  'lambda',
  'await',
  'require',
  'import',
]);
const PROSE_FIRST = byFirst(PROSE_WORDS);
const PROSE_LAST = byLast(PROSE_WORDS);
const SECRET_FIRST = byFirst(SECRET_WORDS);
const SECRET_LAST = byLast(SECRET_WORDS);
const CONSTANT_SUFFIXES = ['_PASSWORD', '_SECRET', '_TOKEN', '_KEY'];
const LITERAL_BEFORE_PAREN = byFirst(['null', 'undefined', 'true', 'false', 'this']);
const STATEMENT_WORDS = ['function', 'var', 'let', 'const', 'return', 'if', 'for', 'while', 'class', 'new', 'throw'];

/**
 * Whether one of the occurrences of `cls` (a marker of at most `longest` characters, whose length the
 * index keeps) lies wholly inside [a, b). One that starts `longest` before b fits; the few after need
 * their length.
 */
function endsInside(ix: ValueIndex, cls: number, a: number, b: number, longest: number): boolean {
  if (ix.count(cls, a, b) === 0) return false;
  const sure = b - longest + 1;
  if (ix.count(cls, a, sure) > 0) return true;
  for (let p = ix.first(cls, Math.max(a, sure), b); p < b; p = ix.first(cls, p + 1, b))
    if (p + ix.lengthAt(cls, p) <= b) return true;
  return false;
}

/** First offset of [from, limit) that is not \s, or limit. */
export function skipSpace(ix: ValueIndex, from: number, limit: number): number {
  if (from >= limit || !isSpaceCode(ix.text.charCodeAt(from))) return from;
  return ix.first(SPACE, from, limit, true);
}

/** End of [floor, before) less its trailing \s. */
export function dropTrailingSpace(ix: ValueIndex, floor: number, before: number): number {
  if (before <= floor || !isSpaceCode(ix.text.charCodeAt(before - 1))) return before;
  return ix.last(SPACE, floor, before, true) + 1;
}

/** An ASCII alphabet, as a table. */
function alphabet(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
}
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WORD = alphabet(`${LETTERS}0123456789_`);
const WORD_DASH = alphabet(`${LETTERS}0123456789_-`);
const WORD_DOT = alphabet(`${LETTERS}0123456789_.`);
const CONSTANT = alphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_');
const STARS = alphabet('*');
const EXES = alphabet('xX');
const DOTS = alphabet('.');

/** End of the run from `from` (< limit) of characters of `chars` (a read; see the module comment). */
function runEnd(ix: ValueIndex, from: number, limit: number, chars: Uint8Array): number {
  const text = ix.text;
  let p = from;
  for (; p < limit; p++) {
    const c = text.charCodeAt(p);
    if (c >= 128 || chars[c] === 0) break;
  }
  ix.work.read += p - from;
  return p;
}

// ---- isReference / looksLikePlaceholder ----

/** isReference(text.slice(a, b)) for a trimmed, non-empty window. */
export function isReferenceWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  const L = b - a;
  const c0 = text.charCodeAt(a);
  if (c0 === 36) return true;
  // /^%\w+%$/: a read over \w (key characters)
  if (c0 === 37 && L >= 3 && text.charCodeAt(b - 1) === 37 && runEnd(ix, a + 1, b - 1, WORD) === b - 1) return true;
  // REFERENCE_MARKERS and /\$[A-Z_][A-Z0-9_]{2,}/: markers of 2 to 13 characters wholly inside
  if (endsInside(ix, OCCREF, a, b, 13)) return true;
  // /%\(\w+\)[sd]/: the first one from a ends first
  if (ix.count(I4, a, b) > 0 && ix.varEndAt(ix.first(I4, a, b)) <= b) return true;
  // /^[<[{(].*[>\]})]$/s
  if (L >= 2 && (c0 === 60 || c0 === 91 || c0 === 123 || c0 === 40)) {
    const z = text.charCodeAt(b - 1);
    if (z === 62 || z === 93 || z === 125 || z === 41) return true;
  }
  // isFormatString: a short value, read as it is
  if (L <= FORMAT_STRING_MAX && ix.count(DIGIT, a, b) === 0) {
    ix.work.read += L;
    return isFormatString(text.slice(a, b));
  }
  return false;
}

/** At most two distinct code points in [a, b) (distinctChars <= 2): a read that stops at the third. */
function atMostTwoSymbols(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  let s1 = -1;
  let s2 = -1;
  for (let p = a; p < b;) {
    const c = text.charCodeAt(p);
    let key = c;
    let len = 1;
    if (isHigh(c) && p + 1 < b && isLow(text.charCodeAt(p + 1))) {
      key = text.codePointAt(p)!;
      len = 2;
    }
    if (key !== s1 && key !== s2) {
      if (s1 < 0) s1 = key;
      else if (s2 < 0) s2 = key;
      else {
        // Two code points and no third: a key word (two letters at least) after a character that is not a
        // key character would be a third, so this read passes no other assignment's start.
        ix.work.read += p - a;
        return false;
      }
    }
    p += len;
  }
  ix.work.read += b - a;
  return true;
}

/**
 * looksSequential(text.slice(a, b)), from the counts of letters, digits and one-steps between them: the
 * letters and digits of the lower case, then (unless that is hex) its letters alone and its digits alone.
 */
export function sequentialWin(ix: ValueIndex, a: number, b: number): boolean {
  const letters = ix.contribCount(a, b, true);
  const digits = ix.count(DIGIT, a, b);
  // The first member's step is from one before the window.
  if (letters + digits - 1 >= 6) {
    const inside = ix.count(STEPALL, a, b) - (ix.has(STEPALL, ix.firstContrib(a, b, false)) ? 1 : 0);
    if (inside / (letters + digits - 1) >= 0.6) return true;
  }
  if (letters === ix.count(HEXL, a, b)) return false; // hex: the whole sequence alone
  if (letters - 1 >= 6) {
    const inside = ix.count(STEPLET, a, b) - (ix.has(STEPLET, ix.firstContrib(a, b, true)) ? 1 : 0);
    if (inside / (letters - 1) >= 0.6) return true;
  }
  if (digits - 1 >= 6) {
    const inside = ix.count(STEPDIG, a, b) - (ix.has(STEPDIG, ix.first(DIGIT, a, b)) ? 1 : 0);
    if (inside / (digits - 1) >= 0.6) return true;
  }
  return false;
}

/** looksLikePlaceholder(text.slice(a, b)) for a trimmed, non-empty window. */
export function looksLikePlaceholderWin(ix: ValueIndex, a: number, b: number): boolean {
  if (isReferenceWin(ix, a, b)) return true;
  const text = ix.text;
  const L = b - a;
  const c0 = text.charCodeAt(a);
  // /^your[_-]|^<|^\*+$|^x{3,}$|^\.{3,}$/i (the runs are reads over `*`, `x` and `.`: no key starts inside)
  if (L >= 5 && wordAtCI(text, a, 'your') && (text.charCodeAt(a + 4) === 95 || text.charCodeAt(a + 4) === 45))
    return true;
  if (c0 === 60) return true;
  if (c0 === 42 && runEnd(ix, a, b, STARS) === b) return true;
  if ((c0 | 32) === 120 && L >= 3 && runEnd(ix, a, b, EXES) === b) return true;
  if (c0 === 46 && L >= 3 && runEnd(ix, a, b, DOTS) === b) return true;
  // PLACEHOLDER_WORDS after trailing blanks and colons (lower case never shortens a string, nor makes or
  // unmakes a blank or a colon: checked over every code point)
  const z = text.charCodeAt(b - 1);
  const e = z === 58 || isSpaceCode(z) ? ix.last(SPACE_COLON, a, b, true) + 1 : b;
  if (e - a <= PLACEHOLDER_WORD_MAX && isPlaceholderWordAt(text, a, e)) return true;
  if (atMostTwoSymbols(ix, a, b)) return true;
  return sequentialWin(ix, a, b);
}

// ---- looksLikeCode ----

/** /^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/ (camelCase): a read over letters. */
function camelWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  const c0 = text.charCodeAt(a);
  if (!isLetter(c0)) return false;
  let upperBefore = isUpperAZ(c0);
  let uppers = 0;
  let p = a + 1;
  for (; p < b; p++) {
    const c = text.charCodeAt(p);
    if (isLowerAZ(c)) upperBefore = false;
    else if (isUpperAZ(c) && !upperBefore) {
      upperBefore = true;
      uppers++;
    } else break;
  }
  ix.work.read += p - a;
  return p === b && !upperBefore && uppers >= 1;
}

/** /^[A-Za-z_]\w*(?:\??\.\w+)+$/ with no digit: a read over letters, `_`, `.` and `?`. */
function memberPathWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  const ident = (c: number): boolean => isLetter(c) || c === 95;
  let state = 0; // 0 start, 1 first name, 2 after `?`, 3 after `.`, 4 in a later name
  let p = a;
  for (; p < b; p++) {
    const c = text.charCodeAt(p);
    if (state === 0) state = ident(c) ? 1 : -1;
    else if (state === 1 || state === 4) state = ident(c) ? state : c === 63 ? 2 : c === 46 ? 3 : -1;
    else if (state === 2) state = c === 46 ? 3 : -1;
    else state = ident(c) ? 4 : -1;
    if (state < 0) break;
  }
  ix.work.read += p - a;
  return state === 4;
}

/** /^\w+(?:\/[\w-]+)+#\w+$/ (controller#action): a read over \w, `-`, `/` and `#`. */
function routeActionWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  let state = 0; // 0 start, 1 first word, 2 after `/`, 3 segment, 4 after `#`, 5 action
  let p = a;
  for (; p < b; p++) {
    const c = text.charCodeAt(p);
    const w = isWordCode(c);
    if (state === 0) state = w ? 1 : -1;
    else if (state === 1) state = w ? 1 : c === 47 ? 2 : -1;
    else if (state === 2) state = w || c === 45 ? 3 : -1;
    else if (state === 3) state = w || c === 45 ? 3 : c === 47 ? 2 : c === 35 ? 4 : -1;
    else state = w ? 5 : -1;
    if (state < 0) break;
  }
  ix.work.read += p - a;
  return state === 5;
}

/** /^[A-Z][A-Z0-9_]*_(?:PASSWORD|SECRET|TOKEN|KEY)$/: a read over [A-Z0-9_]. */
function constantNameWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  if (!isUpperAZ(text.charCodeAt(a))) return false;
  if (runEnd(ix, a + 1, b, CONSTANT) !== b) return false;
  for (const s of CONSTANT_SUFFIXES) if (b - a >= 1 + s.length && text.startsWith(s, b - s.length)) return true;
  return false;
}

/** looksLikeCode(text.slice(a, b), quoted) for a trimmed, non-empty window. */
export function looksLikeCodeWin(ix: ValueIndex, a: number, b: number, quoted: boolean): boolean {
  const text = ix.text;
  const L = b - a;
  const c0 = text.charCodeAt(a);
  const c1 = L > 1 ? text.charCodeAt(a + 1) : -1;
  // /[A-Za-z_\]]\(/, /\$\w+\[/ (the first from a ends first), /^\.\$/
  if (ix.count(K1C, a, b - 1) > 0) return true;
  if (ix.count(K2, a, b) > 0 && ix.varEndAt(ix.first(K2, a, b)) <= b) return true;
  if (c0 === 46 && c1 === 36) return true;
  // /^arn:/, three colons
  if (L >= 4 && text.startsWith('arn:', a)) return true;
  if (ix.count(COLON, a, b) >= 3) return true;
  if (!quoted && (c0 === 35 || c0 === 46) && (isLetter(c1) || c1 === 45)) return true;
  // /^#[a-z][\w-]*$/ (a read over \w and -)
  // the whole-value shapes below are made of CODE_ALPHA characters only
  const codeAlpha = ix.count(NOT_CODE_ALPHA, a, b) === 0;
  if (codeAlpha && c0 === 35 && isLowerAZ(c1) && runEnd(ix, a + 2, b, WORD_DASH) === b) return true;
  // /^\/[\w-]+\// and /^\w+(?:\/[\w-]+)+#\w+$/
  if (c0 === 47) {
    const r = runEnd(ix, a + 1, b, WORD_DASH);
    if (r > a + 1 && r < b && text.charCodeAt(r) === 47) return true;
  }
  // (controller#action ends in a word after a `#`)
  if (codeAlpha && isWordCode(c0) && isWordCode(text.charCodeAt(b - 1)) && routeActionWin(ix, a, b)) return true;
  // /:$/ and /^[A-Z][a-z ]+:$/
  if (
    L >= 3 &&
    text.charCodeAt(b - 1) === 58 &&
    isUpperAZ(c0) &&
    ix.count(LOWER, a + 1, b - 1) + ix.count(SP, a + 1, b - 1) === L - 2
  )
    return true;
  // /^--?[a-z]/
  if (c0 === 45 && (isLowerAZ(c1) || (c1 === 45 && L >= 3 && isLowerAZ(text.charCodeAt(a + 2))))) return true;
  if (!quoted) {
    // /(?<!\$)\$[A-Za-z_{(]/: at the start the look-behind sees nothing
    if (c0 === 36 && (isLetter(c1) || c1 === 95 || c1 === 123 || c1 === 40)) return true;
    if (ix.count(K11V, a + 1, b - 1) > 0) return true;
    if (c0 === 91 || c0 === 60 || c0 === 123 || c0 === 40) return true;
    // camelCase and member paths hold no digit; a constant name ends in a capital
    const noDigit = ix.count(DIGIT, a, b) === 0;
    if (
      codeAlpha &&
      ((noDigit && (camelWin(ix, a, b) || memberPathWin(ix, a, b))) ||
        (isUpperAZ(text.charCodeAt(b - 1)) && constantNameWin(ix, a, b)))
    )
      return true;
    for (const w of CODE_KEYWORDS[c0] ?? NONE) {
      const e = a + w.length;
      if (e <= b && text.startsWith(w, a) && (e === b || !isWordCode(text.charCodeAt(e)))) return true;
    }
  }
  return false;
}

// ---- unquotedSecretIsCode ----

/** Whether [a, b) holds one of ( [ ) ] }. */
function hasBracket(ix: ValueIndex, a: number, b: number): boolean {
  return (
    ix.count(LPAREN, a, b) +
      ix.count(LSQ, a, b) +
      ix.count(RPAREN, a, b) +
      ix.count(RSQ, a, b) +
      ix.count(RCURLY, a, b) >
    0
  );
}

/** EXPRESSION_CUT: a read over [\w$.?] then a bracket and a name, or closers and a colon (see the module comment). */
function expressionCutWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  const identStart = (c: number): boolean => isLetter(c) || c === 95 || c === 36;
  const ident = (c: number): boolean => isWordCode(c) || c === 36;
  const closer = (c: number): boolean => c === 41 || c === 93 || c === 125;
  // 0 start, 1 name, 2 after `?`, 3 after `.`, 5 after `[`/`(`, 6 tail name, 7 closers, 8 colon
  let state = 0;
  let p = a;
  for (; p < b; p++) {
    const c = text.charCodeAt(p);
    switch (state) {
      case 0:
        state = identStart(c) ? 1 : -1;
        break;
      case 1:
        state = ident(c) ? 1 : c === 63 ? 2 : c === 46 ? 3 : c === 91 || c === 40 ? 5 : closer(c) ? 7 : -1;
        break;
      case 2:
        state = c === 46 ? 3 : -1;
        break;
      case 3:
        state = ident(c) ? 1 : -1;
        break;
      case 5:
        state = identStart(c) ? 6 : -1;
        break;
      case 6:
        state = ident(c) || c === 46 ? 6 : -1;
        break;
      case 7:
        state = closer(c) ? 7 : c === 58 ? 8 : -1;
        break;
      default:
        state = -1;
    }
    if (state < 0) break;
  }
  ix.work.read += p - a;
  return state === 6 || state === 7 || state === 8;
}

/**
 * The stripped negation of unquotedSecretIsCode: v.replace(/\[[^\]]*\]/g, '') matches /^!+[A-Za-z_$][\w$.]*$/
 * and holds no digit. Read from the start, a bracketed part skipped at once (to the next `]` in the window).
 */
function negationWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  let state = 0; // 0 before the first `!`, 1 in the `!`s, 2 in the name
  let p = a;
  let steps = 0;
  while (p < b) {
    const c = text.charCodeAt(p);
    steps++;
    if (c === 91) {
      const close = ix.first(RSQ, p + 1, b);
      if (close >= b) break; // an unclosed `[` stays, and no name holds it
      p = close + 1;
      continue;
    }
    if (state === 0) state = c === 33 ? 1 : -1;
    else if (state === 1) state = c === 33 ? 1 : isLetter(c) || c === 95 || c === 36 ? 2 : -1;
    else state = isLetter(c) || c === 95 || c === 36 || c === 46 ? 2 : -1;
    if (state < 0) break;
    p++;
  }
  ix.work.read += steps;
  return p === b && state === 2;
}

/**
 * unquotedSecretIsCode(text.slice(vs, ve)) of an unquoted secret that starts with neither a blank nor a
 * quote; [a, b) is the window without its trailing blanks.
 */
export function unquotedIsCodeWin(ix: ValueIndex, vs: number, ve: number, a: number, b: number): boolean {
  if (looksLikeCodeWin(ix, a, b, false)) return true;
  const text = ix.text;
  const L = ve - vs;
  const c0 = text.charCodeAt(vs);
  // /^[A-Za-z_][\w.]*\[.*\]$/ and /^[A-Za-z_][\w.]*<\w/ (a read over [\w.])
  if (isLetter(c0) || c0 === 95) {
    const r = runEnd(ix, vs + 1, ve, WORD_DOT);
    if (r < ve) {
      const c = text.charCodeAt(r);
      if (c === 91 && ve - 1 > r && text.charCodeAt(ve - 1) === 93 && ix.count(LINETERM, r + 1, ve - 1) === 0)
        return true;
      if (c === 60 && r + 1 < ve && isWordCode(text.charCodeAt(r + 1))) return true;
    }
  }
  // /(?:\[\]|\(\)|\{\})$/
  if (L >= 2) {
    const x = text.charCodeAt(ve - 2);
    const y = text.charCodeAt(ve - 1);
    if ((x === 91 && y === 93) || (x === 40 && y === 41) || (x === 123 && y === 125)) return true;
  }
  // !bracketsBalanced && ((EXPRESSION_CUT && no digit) || /^(?:null|undefined|true|false|this)\)/): both
  // shapes leave a bracket open or close one never opened, so the balance need not be read.
  // (it holds a bracket: an opening one with a name after it, or closers)
  if (
    ix.count(NOT_CODE_ALPHA, vs, ve) === 0 &&
    ix.count(DIGIT, vs, ve) === 0 &&
    hasBracket(ix, vs, ve) &&
    expressionCutWin(ix, vs, ve)
  )
    return true;
  for (const w of LITERAL_BEFORE_PAREN[c0] ?? NONE)
    if (vs + w.length < ve && text.startsWith(w, vs) && text.charCodeAt(vs + w.length) === 41) return true;
  // /^\/[[^(].*\/[dgimsuyv]*$/: the `/` before the trailing flags, nothing that ends a line before it
  if (c0 === 47 && L >= 3) {
    const c1 = text.charCodeAt(vs + 1);
    if (c1 === 91 || c1 === 94 || c1 === 40) {
      const s = ix.last(FLAG, vs, ve, true) + 1;
      if (s - 1 >= vs + 2 && text.charCodeAt(s - 1) === 47 && ix.count(LINETERM, vs + 2, s - 1) === 0) return true;
    }
  }
  if ((c0 === 33 || c0 === 91) && negationWin(ix, vs, ve)) return true;
  // '/*', and /;(?:function|var|...)\b/ (at the window's end the boundary is the end of the string)
  if (endsInside(ix, Q8V, vs, ve, 9)) return true;
  if (ix.count(SEMI, Math.max(vs, ve - 10), ve - 2) > 0) {
    for (const w of STATEMENT_WORDS) {
      const p = ve - 1 - w.length;
      if (p >= vs && text.charCodeAt(p) === 59 && text.startsWith(w, p + 1)) return true;
    }
  }
  return false;
}

// ---- scoreAssignment ----

/** /\b(?:password|passphrase|passwd|key|token)\b/i in [a, b). */
function proseWordWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  if (endsInside(ix, R12V, a, b, 10)) return true;
  for (const w of PROSE_FIRST[text.charCodeAt(a) | 32] ?? NONE) {
    const e = a + w.length;
    if (e <= b && wordAtCI(text, a, w) && (e === b || !isWordCode(text.charCodeAt(e)))) return true;
  }
  for (const w of PROSE_LAST[text.charCodeAt(b - 1) | 32] ?? NONE) {
    const s = b - w.length;
    if (s >= a && wordAtCI(text, s, w) && (s === a || !isWordCode(text.charCodeAt(s - 1)))) return true;
  }
  return false;
}

/** /(?:^|[-_.])(?:secret|token|key|apikey|credentials?)(?:$|[-_.])/i in [a, b). */
function secretWordWin(ix: ValueIndex, a: number, b: number): boolean {
  const text = ix.text;
  // between two of -_. inside the window: the word and the character after it
  if (endsInside(ix, R15V, a + 1, b, 12)) return true;
  for (const w of SECRET_FIRST[text.charCodeAt(a) | 32] ?? NONE) {
    const e = a + w.length;
    if (e <= b && wordAtCI(text, a, w) && (e === b || isDashUnderDot(text.charCodeAt(e)))) return true;
  }
  for (const w of SECRET_LAST[text.charCodeAt(b - 1) | 32] ?? NONE) {
    const s = b - w.length;
    if (s >= a && wordAtCI(text, s, w) && (s === a || isDashUnderDot(text.charCodeAt(s - 1)))) return true;
  }
  return false;
}

/** The window's lower-cased letters are `words` (scoreAssignment's valueWords === keyWords). */
function lettersAre(ix: ValueIndex, a: number, b: number, words: string): boolean {
  if (ix.contribCount(a, b, true) !== words.length) return false;
  const text = ix.text;
  let p = a;
  for (let i = 0; i < words.length; i++, p++) {
    p = ix.firstContrib(p, b, true);
    if (contribOf(text.charCodeAt(p)) !== words.charCodeAt(i)) return false;
  }
  return true;
}

/** randomEnough(text.slice(a, b), bitsPerChar). */
function randomEnoughWin(ix: ValueIndex, entropy: EntropyWindow, a: number, b: number, bitsPerChar: number): boolean {
  const L = b - a;
  const needed = L < 12 ? bitsPerChar - 0.6 : L < 20 ? bitsPerChar - 0.3 : bitsPerChar;
  if (L < 32) {
    ix.work.read += L;
    return shannonEntropy(ix.text.slice(a, b)) >= needed;
  }
  return entropy.atLeast(a, b, needed);
}

export type KeyClass = 'password' | 'secret' | 'key';

/**
 * scoreAssignment(key, cls, text.slice(vs, ve), quoted, comparison) for a key described by `info`; the
 * entropy window is the one kept for values found the way this one was (see secrets-assignments). With
 * `unquoted`, also unquotedSecretIsCode(text.slice(vs, ve)) (then 0 when it says code): an unquoted secret
 * that starts with neither a blank nor a quote.
 *
 * Every check only rejects, so they run in an order of their own: first what a few counts decide, then the
 * entropy (which turns away the values of texts dense with assignments, `token=token=...`, cheaply), then
 * the rest.
 */
export function scoreWin(
  ix: ValueIndex,
  entropy: EntropyWindow,
  info: KeyInfo,
  cls: KeyClass,
  vs: number,
  ve: number,
  quoted: boolean,
  comparison: boolean,
  unquoted = false,
): number {
  const text = ix.text;
  const a = skipSpace(ix, vs, ve);
  if (a === ve) return 0;
  const b = dropTrailingSpace(ix, a, ve);
  const L = b - a;
  if (L > 256) return 0;
  const digits = ix.count(DIGIT, a, b);
  const lower = ix.count(LOWER, a, b);
  const upper = ix.count(UPPER, a, b);
  const mixed =
    (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digits > 0 ? 1 : 0) + (lower + upper + digits < L ? 1 : 0) >= 2;
  const spaces = ix.count(SPACE, a, b);
  let score: number;
  if (cls === 'password') {
    if (L < 4) return 0;
    if (L <= 5 && digits === L) return 0;
    score = mixed && L >= 8 ? 0.85 : 0.75;
  } else {
    if (spaces > 0) return 0;
    if (cls === 'secret') {
      if (L < 6) return 0;
      if (digits === L && L < 12) return 0;
      const variedCase = digits > 0 || (lower > 0 && upper > 0);
      if (L < 16 && !variedCase && !(comparison && L >= 8 && mixed)) return 0;
      if (L < 16 && !mixed && !randomEnoughWin(ix, entropy, a, b, 3.2)) return 0;
      if (L >= 16 && !randomEnoughWin(ix, entropy, a, b, 3.0)) return 0;
      score = 0.8;
    } else {
      if (L < 12 || digits === 0 || lower + upper === 0 || !randomEnoughWin(ix, entropy, a, b, 3.4)) return 0;
      score = 0.7;
    }
  }
  const c0 = text.charCodeAt(a);
  if (c0 === 47 && L >= 2 && text.charCodeAt(a + 1) === 47) return 0;
  if (ix.count(URL3, a, b - 2) > 0) return 0;
  // /^0x[0-9a-f]+$/i
  if (
    L >= 3 &&
    c0 === 48 &&
    (text.charCodeAt(a + 1) | 32) === 120 &&
    ix.count(DIGIT, a + 2, b) + ix.count(HEXL, a + 2, b) === L - 2
  )
    return 0;
  if (unquoted ? unquotedIsCodeWin(ix, vs, ve, a, b) : looksLikeCodeWin(ix, a, b, quoted)) return 0;
  if (looksLikePlaceholderWin(ix, a, b)) return 0;
  if (L <= 11 && info.credentialsKey && FETCH_CREDENTIALS_MODES.has(text.slice(a, b))) return 0;
  // (the key's letters are no more than its characters)
  const letters = ix.contribCount(a, b, true);
  if (letters > 0 && letters <= info.keyLength && letters === info.keyLetters && lettersAre(ix, a, b, info.keyWords))
    return 0;
  // (the names of a password field all start with p; a camelCase name ends in at most four digits)
  if (L <= 10 && (c0 | 32) === 112 && namesPasswordField(text.slice(a, b))) return 0;
  if (
    L <= 64 &&
    lower + upper + digits === L &&
    digits <= 4 &&
    isLetter(c0) &&
    ix.count(DIGIT, a, b - digits) === 0 &&
    camelNamesASecret(text.slice(a, b))
  )
    return 0;
  if (cls === 'password') {
    if (spaces > 0 && proseWordWin(ix, a, b)) return 0;
  } else if (cls === 'secret') {
    if (secretWordWin(ix, a, b)) return 0;
    // IDENTIFIER_WORDS: letters only after an optional sigil (the regex then reads letters only)
    if (
      (isLetter(c0) || c0 === 63 || c0 === 35 || c0 === 64 || c0 === 36) &&
      lower + upper - (isLetter(c0) ? 1 : 0) === L - 1 &&
      IDENTIFIER_WORDS.test(text.slice(a, b))
    )
      return 0;
  }
  // FORMAT_BOUND, last: what a key needs worked out (most values are turned away before)
  for (const bound of info.bounds) if (L > 48 || !bound.test(text.slice(a, b))) return 0;
  return score;
}
