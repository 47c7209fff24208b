/**
 * The `key = value` assignments of the generic credential rules (secrets-generic.ts): `password = "..."`,
 * `api_key: ...`, `DB_PASSWORD=x`, tried at each token that holds a key word (scanAssignments). A site is
 * checked from scratch (the assignment pattern, then the checks over its value) or, where assignments
 * crowd, through the index of the text (secrets-index.ts, secrets-window.ts), with the same findings. Here
 * too: where an unquoted password or secret ends, and when it reads as code rather than a literal.
 */
import type { TextMatch } from './match.js';
import {
  BLANK_SEP,
  BQ,
  BQ_NL,
  DIGIT,
  DQ,
  ESCQ,
  G6_END,
  GT,
  isSpaceCode,
  LCURLY,
  LOWER,
  LPAREN,
  LSQ,
  LT,
  newWork,
  NL,
  RCURLY,
  RPAREN,
  RSQ,
  SQ,
  SQ_NL,
  STOP,
  TRAILING,
  NOT_UNIT,
  UPPER,
  ValueIndex,
  type ScanWork,
} from './secrets-index.js';
import { EntropyWindow } from './secrets-entropy-window.js';
import { KEY_WORD, keyClass, keyEntry, scoreAssignment, type KeyClass, type KeyEntry } from './secrets-keys.js';
import { LoginFields, looksLikeCode, notACredentialValue } from './secrets-values.js';
import { scoreWin } from './secrets-window.js';

/** Where a key that names a secret can be: an occurrence of one of the key words. */
export const KEY_WORD_RE = new RegExp(KEY_WORD.source, 'gi');
/** 1 for the characters of [\w.$@-] (ASCII letters, digits, '_', '.', '$', '@', '-'): the characters of a key. */
const KEY_CHARS = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$@-') KEY_CHARS[c.charCodeAt(0)] = 1;
const isKeyChar = (c: number): boolean => c < 128 && KEY_CHARS[c] === 1;

/**
 * Start of the token of key characters that holds `at`, given an earlier position `previousHit` (-1: none)
 * and the start of its token: read back to `previousHit` at most (exported for tests).
 */
export function keyTokenStart(text: string, at: number, previousHit: number, previousStart: number): number {
  let start = at;
  while (start > 0 && start > previousHit && isKeyChar(text.charCodeAt(start - 1))) start--;
  return start === previousHit ? previousStart : start;
}

/*
 * The assignment pattern (ASSIGNMENT_RE below), matched by hand at the start of a token for a site that
 * asks the index (matchAssignment). Read with the regular expression, each value is read to its end (256
 * characters at each `token=` of `token=token=...`); here the value's end comes from the index. No part of
 * the pattern can give characters back to the one before it (a key character cannot start what follows a
 * key, a blank cannot start a value), so the only choices are the operators (=== !== == != := => = :),
 * tried in the pattern's order.
 */

/** Characters that cannot start a bare value: \s " ' ` , ; ) } ] < > & ? */
const BARE_FIRST_EXCLUDED = new Set([34, 39, 96, 44, 59, 41, 125, 93, 60, 62, 38, 63]);

/** The parts of the last assignment matched (matchAssignment; exported for tests). */
export const match = { keyEnd: 0, opStart: 0, opEnd: 0, group: 0, valueStart: 0, valueEnd: 0 };

/** Matches the assignment pattern at the token start `start`; its parts go to `match` (exported for tests). */
export function matchAssignment(ix: ValueIndex, start: number): boolean {
  const text = ix.text;
  const n = text.length;
  const c0 = text.charCodeAt(start);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95 || c0 === 36 || c0 === 64)) return false;
  let k = start + 1;
  while (k < n && k - start <= 81 && isKeyChar(text.charCodeAt(k))) k++;
  if (k - start > 81) return false;
  let p = k;
  const q0 = text.charCodeAt(p);
  if (q0 === 92 && (text.charCodeAt(p + 1) === 34 || text.charCodeAt(p + 1) === 39)) p += 2;
  else if (q0 === 34 || q0 === 39) p++;
  if (text.charCodeAt(p) === 93) p++;
  let op = p;
  while (op < n && op - p < 32 && (text.charCodeAt(op) === 32 || text.charCodeAt(op) === 9)) op++;
  const oc = text.charCodeAt(op);
  if (oc !== 61 && oc !== 33 && oc !== 58) return false;
  const c1 = text.charCodeAt(op + 1);
  const c2 = text.charCodeAt(op + 2);
  // the operators that start with this character, in the pattern's order
  let tried = 0;
  if (oc === 61) {
    if (c1 === 61 && c2 === 61) tried = tryOperator(ix, start, k, op, 3);
    if (tried === 0 && c1 === 61) tried = tryOperator(ix, start, k, op, 2);
    if (tried === 0 && c1 === 62) tried = tryOperator(ix, start, k, op, 2);
    if (tried === 0) tried = tryOperator(ix, start, k, op, 1);
  } else if (oc === 33) {
    if (c1 === 61 && c2 === 61) tried = tryOperator(ix, start, k, op, 3);
    if (tried === 0 && c1 === 61) tried = tryOperator(ix, start, k, op, 2);
  } else {
    if (c1 === 61) tried = tryOperator(ix, start, k, op, 2);
    if (tried === 0) tried = tryOperator(ix, start, k, op, 1);
  }
  return tried === 1;
}

/** 1 when a value follows the operator of `length` characters at `op` (the match is then complete), else 0. */
function tryOperator(ix: ValueIndex, start: number, keyEnd: number, op: number, length: number): number {
  if (!matchValue(ix, start, op + length)) return 0;
  match.keyEnd = keyEnd;
  match.opStart = op;
  match.opEnd = op + length;
  return 1;
}

/** The value alternatives after an operator ending at `from`; sets match.group and the value's span. */
function matchValue(ix: ValueIndex, start: number, from: number): boolean {
  const text = ix.text;
  const n = text.length;
  let r = from;
  while (r < n && r - from < 32 && (text.charCodeAt(r) === 32 || text.charCodeAt(r) === 9)) r++;
  if (r >= n) return false;
  ix.beginSite(start);
  const c = text.charCodeAt(r);
  if (c === 34 || (c === 92 && text.charCodeAt(r + 1) === 34)) {
    const vs = r + (c === 34 ? 1 : 2);
    const ve = doubleQuotedEnd(ix, vs);
    if (ve >= 0) return setValue(3, vs, ve);
  }
  if (c === 39 || c === 96) {
    const e = ix.first(c === 39 ? SQ_NL : BQ_NL, r + 1, Math.min(n, r + 258));
    if (e < n && text.charCodeAt(e) === c && e < r + 258) return setValue(c === 39 ? 4 : 5, r + 1, e);
  }
  if (BARE_FIRST_EXCLUDED.has(c) || isSpaceCode(c)) return false;
  return setValue(6, r, ix.first(G6_END, r + 1, Math.min(n, r + 256)));
}

function setValue(group: number, vs: number, ve: number): boolean {
  match.group = group;
  match.valueStart = vs;
  match.valueEnd = ve;
  return true;
}

/**
 * End of the content of a double-quoted value from `vs` (just after its quote), or -1: up to 256 units
 * (a character, or a backslash and the character it escapes), closed by a quote, or else by the last
 * escaped quote among them (the pattern's `\\?"` after giving units back).
 */
function doubleQuotedEnd(ix: ValueIndex, vs: number): number {
  const text = ix.text;
  const n = text.length;
  let stop = ix.first(STOP, vs, Math.min(n, vs + 513));
  let end = stop;
  if (stop === Math.min(n, vs + 513) || stop - vs - ix.count(NOT_UNIT, vs, stop) > 256) {
    end = ix.nth(NOT_UNIT, vs, 256, n, true);
    stop = -1;
  }
  if (end < n) {
    const c = text.charCodeAt(end);
    if (c === 34 && end === stop) return end;
    if (c === 92 && end + 1 < n && text.charCodeAt(end + 1) === 34) return end;
  }
  const last = ix.last(ESCQ, vs, end);
  return last >= vs ? last : -1;
}

/** Start of the window openQuoteBefore reads: the line start, at most 256 characters back. */
export function lineWindowStart(ix: ValueIndex, at: number): number {
  const w = Math.max(0, at - UNQUOTED_MAX);
  if (w >= ix.lo && at <= ix.hi) return ix.last(NL, w, at) + 1;
  const text = ix.text;
  let i = at;
  while (i > w && text.charCodeAt(i - 1) !== 10) i--;
  ix.work.read += at - i;
  return i;
}

/** Longest unquoted password or secret value, in characters. */
const UNQUOTED_MAX = 256;
const QUOTE_CLASS = [0, DQ, SQ, BQ];
const OPENERS: ReadonlyArray<readonly [number, number]> = [
  [LPAREN, RPAREN],
  [LSQ, RSQ],
  [LCURLY, RCURLY],
  [LT, GT],
];

/**
 * End of an unquoted password or secret that starts at `from`: the next blank or line end, less trailing
 * separators (`password=x;`, `{pw: x}`). It also ends before `;`, `,` or `&` that starts another
 * assignment (`password=x&user=y`, `Pwd=x;Database=y`), and at the quote that opened the key
 * (`"token=x"`, `quote`: 0 none, 1-3 the quote of openQuoteBefore). A trailing closer goes too when the
 * value does not open it; the characters of that trailing run are all `,;)]}>`, so whether the value opens
 * a closer's bracket is whether one lies before the run.
 */
export function unquotedSecretEndAt(ix: ValueIndex, from: number, quote: number): number {
  const limit = Math.min(ix.n, from + UNQUOTED_MAX);
  let end = ix.first(BLANK_SEP, from, limit);
  if (quote !== 0) end = ix.first(QUOTE_CLASS[quote]!, from, end);
  end = lessSentencePeriod(ix.text, from, end);
  if (end - 1 <= from || !ix.has(TRAILING, end - 1)) return end;
  const run = ix.last(TRAILING, from, end, true) + 1; // start of the trailing run of ,;)]}>
  let keep = Math.max(from + 1, run);
  if (run < end) {
    for (const [open, close] of OPENERS) {
      if (ix.count(open, from, Math.max(from, run)) === 0) continue;
      const last = ix.last(close, keep, end);
      if (last >= keep) keep = last + 1;
    }
  }
  return keep;
}

/** Where blanks after an offset end (one-entry memo: the values of a run of assignments share their end). */
let blanksFrom = -1;
let blanksTo = -1;
function afterBlanks(ix: ValueIndex, at: number): number {
  if (at === blanksFrom) return blanksTo;
  const text = ix.text;
  let i = at;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  ix.work.read += i - at;
  blanksFrom = at;
  blanksTo = i;
  return i;
}

/**
 * An unquoted value is code, not a literal, when it is followed on its line by an operator or separator
 * (`secrets: string[];`, `token = a || b`, `apiKey: provider ?? x`). Config values (.env, INI, YAML) end
 * at the line end or a comment.
 */
function followedByCodeAt(ix: ValueIndex, end: number): boolean {
  if (sentencePeriodAt(ix.text, end)) return false;
  const i = afterBlanks(ix, end);
  return i < ix.n && ';,).[(?|<>+*=!:'.includes(ix.text[i]!);
}

/**
 * separatesPairs through the index: a `;` or `,` where an unquoted secret ends (BLANK_SEP) is one that
 * starts another assignment.
 */
function separatesPairsAt(ix: ValueIndex, end: number): boolean {
  const c = end < ix.n ? ix.text.charCodeAt(end) : -1;
  return (c === 59 || c === 44) && ix.has(BLANK_SEP, end);
}

/**
 * More words on the same line after an unquoted value: prose ("Password: reset it via the portal") or
 * a command line. Password-like keys accept plain words, so for them this means "not a literal";
 * token-like keys already need a random-looking value and keep it.
 */
function followedByWordsAt(ix: ValueIndex, end: number): boolean {
  const i = afterBlanks(ix, end);
  if (i === end || i >= ix.n) return false;
  const c = ix.text.charCodeAt(i);
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** True when the last non-blank character before `at` is `?`. */
function precededByQuestionMarkAt(ix: ValueIndex, at: number): boolean {
  const text = ix.text;
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  ix.work.read += at - 1 - i;
  return i >= 0 && text.charCodeAt(i) === 63;
}

/** One index, login-field list and set of entropy windows, reused by every scan (scans are never nested). */
const index = new ValueIndex();
const logins = new LoginFields();
/**
 * Entropy windows per way of finding the value end (bare value ended by each open quote, bare value of the
 * pattern, double, single and back quotes): along the text, each one's ends only move forward, nearly.
 */
const entropyWindows = Array.from({ length: 8 }, () => new EntropyWindow(index));

/**
 * What the last site checked decided: a finding of class `cls` over [start, end) when score > 0, and for
 * notACredentialValue its key's span and whether its value was quoted and compared (`==`, `!=`, ...).
 */
const verdict = {
  cls: 'secret' as KeyClass,
  start: 0,
  end: 0,
  score: 0,
  keyStart: 0,
  keyEnd: 0,
  quoted: false,
  comparison: false,
};

/**
 * A site is checked from scratch (regular expressions over its value, as first written) while the reading
 * that way stays within a budget: DIRECT_ALLOWANCE characters, plus one per character of the text passed;
 * beyond, a site asks the index. A check from scratch is counted as its pattern match, the line read back
 * for an open quote, DIRECT_SITE characters, and its value's length 24 times (the checks read it some
 * twenty times). Texts whose assignments are few for their length (nearly every text) keep the first
 * way, which the regular expression engine runs fast from the first call on; the index serves texts dense
 * with assignments, whose values overlap, and reading from scratch never exceeds about one character per
 * character of the text, plus the allowance.
 */
const DIRECT_ALLOWANCE = 8192;
const DIRECT_SITE = 256;

/**
 * Tries the assignment pattern only at the start of tokens that contain a key word, so the cost
 * follows the number of such words, not the size of the text. Values of URLs and other assignments
 * are covered too, because their inner key words (`?token=`) are sites of their own. What a site costs
 * does not follow the length of its value either where values crowd: those sites ask the index
 * (secrets-window.ts), so `token=` repeated to a megabyte, where each of 170,000 values runs over the next
 * 256 characters, costs about what a megabyte of prose does per site. `work` counts what was read;
 * `indexed` (tests) makes every site take one way (true: the index, false: from scratch).
 */
export function scanAssignments(text: string, out: TextMatch[], work: ScanWork = newWork(), indexed?: boolean): void {
  index.reset(text, work);
  logins.reset(text);
  lastKey = '';
  lastEntry = null;
  blanksFrom = -1;
  KEY_WORD_RE.lastIndex = 0;
  let lastTokenStart = -1;
  let coveredUntil = 0;
  let directRead = 0; // what the checks from scratch read (see DIRECT_ALLOWANCE)
  // The previous hit and the start of its token: a hit whose token reaches back to the previous hit has
  // the same start. Reading back to the token start from every hit made a long token full of key words
  // quadratic ("glpat-" repeated: 16 KB took 0.27 s, a megabyte would have taken about twenty minutes).
  let previousHit = -1;
  let previousStart = -1;
  proseSites.length = 0;
  for (let hit = KEY_WORD_RE.exec(text); hit !== null; hit = KEY_WORD_RE.exec(text)) {
    const start = keyTokenStart(text, hit.index, previousHit, previousStart);
    previousHit = hit.index;
    previousStart = start;
    // "the api key is ...": a name that ends at its key word, then ' is' or ' was' (scanProseTokens)
    const hitEnd = hit.index + hit[0].length;
    if (text.charCodeAt(hitEnd) === 32 && (text.startsWith(' is', hitEnd) || text.startsWith(' was', hitEnd)))
      proseSites.push(start, hitEnd);
    if (start === lastTokenStart || start < coveredUntil) continue;
    lastTokenStart = start;
    let found: boolean;
    if (indexed ?? directRead >= DIRECT_ALLOWANCE + start) found = indexedSite(index, start);
    else {
      const read = work.read;
      found = siteFromScratch(text, start, work);
      directRead += work.read - read;
    }
    if (!found || verdict.score === 0) continue;
    // A value that scores covers the sites inside it, also when it is the password of an anonymous login
    // and is not reported.
    coveredUntil = verdict.end;
    if (verdict.cls === 'password' && logins.near(verdict.start, verdict.end)) continue;
    if (!verdict.quoted && oneOfTargets(text, verdict.keyStart, verdict.keyEnd, verdict.start)) continue;
    // (a value that scores covers the text up to its end: what these checks read is read once)
    const value = text.slice(verdict.start, verdict.end);
    const key = text.slice(verdict.keyStart, verdict.keyEnd);
    if (notACredentialValue(value, key, verdict.cls, verdict.quoted, verdict.comparison)) continue;
    out.push({
      type: verdict.cls === 'password' ? 'password' : 'generic_secret',
      start: verdict.start,
      end: verdict.end,
      score: verdict.score,
      detector: 'secrets',
    });
  }
}

/**
 * The tokens of the last scan that end at a key word followed by ' is' or ' was' (start, end pairs):
 * where a credential may be named in a sentence (PROSE_TOKEN_NAME in secrets-generic.ts reads them).
 */
export const proseSites: number[] = [];

/** Names and commas from a line start: the targets before the last one of `a, b = c` (`a, _, b = c`). */
const TARGETS_BEFORE_RE = /^[ \t]*(?:[A-Za-z_][\w.]{0,63}[ \t]{0,4},[ \t]{0,4}){1,8}$/;

/**
 * True when the key at `keyStart` is one of several targets of one assignment (`username, password =
 * url_user_password`: Python or Ruby unpacking, Go's `user, pass := ...`). Its unquoted value is an
 * expression that yields several values, not a literal: INI, env and YAML keys are never lists of names.
 * Only with `=` or `:=` ("Hi, password: x" is a sentence). Read back to the line start, within 128
 * characters, only for a value about to be reported.
 */
function oneOfTargets(text: string, keyStart: number, keyEnd: number, valueStart: number): boolean {
  // `=` or `:=`: "Hi, password: x" is prose
  if (!text.slice(keyEnd, valueStart).includes('=')) return false;
  let lineStart = keyStart;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) if (keyStart - --lineStart > 128) return false;
  return lineStart < keyStart && TARGETS_BEFORE_RE.test(text.slice(lineStart, keyStart));
}

/** The key of the last assignment and its entry, kept: dense texts repeat one key. */
let lastKey = '';
let lastEntry: KeyEntry | null = null;

function keyAt(text: string, start: number, keyEnd: number): KeyEntry | null {
  if (keyEnd - start !== lastKey.length || !text.startsWith(lastKey, start)) {
    lastKey = text.slice(start, keyEnd);
    lastEntry = keyEntry(lastKey);
  }
  return lastEntry;
}

/** literalAtStatementEnd for the bare value [a, b) (no blank at either end): counts first, then what reads it. */
function literalAtStatementEndAt(ix: ValueIndex, a: number, b: number): boolean {
  if (ix.count(DIGIT, a, b) === 0 || ix.count(LOWER, a, b) + ix.count(UPPER, a, b) === 0) return false;
  for (const c of BRACKETS) if (ix.count(c, a, b) > 0) return false;
  return !nameAtStatementEnd(ix.text.slice(a, b));
}
const BRACKETS = [LPAREN, RPAREN, LSQ, RSQ, LCURLY, RCURLY, LT, GT];

/** The site at `start` checked through the index: sets `verdict`; false when the pattern does not match there. */
function indexedSite(ix: ValueIndex, start: number): boolean {
  if (!matchAssignment(ix, start)) return false;
  const text = ix.text;
  const { keyEnd, opStart, opEnd, group } = match;
  const valueStart = match.valueStart;
  let valueEnd = match.valueEnd;
  verdict.score = 0;
  const entry = keyAt(text, start, keyEnd);
  if (entry === null) return true;
  const cls = entry.cls;
  ix.work.sites++;
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  let family = group + 1; // 4-6: quoted, 7: the bare value of the pattern; 0-3: below
  let unquoted = false;
  if (
    group === 6 &&
    cls !== 'key' &&
    before !== 63 &&
    before !== 38 &&
    before !== 92 &&
    text.charCodeAt(valueStart) !== 92
  ) {
    // A bare password or secret runs to the end of its word (see siteFromScratch).
    const quote = ix.openQuote(start, lineWindowStart(ix, start));
    valueEnd = unquotedSecretEndAt(ix, valueStart, quote);
    family = quote;
    unquoted = true; // unquotedSecretIsCode: checked with the value (scoreWin)
  } else if (group === 6) {
    valueEnd = lessSentencePeriod(text, valueStart, valueEnd);
    if (
      ix.count(LPAREN, valueStart, valueEnd) +
        ix.count(RPAREN, valueStart, valueEnd) +
        ix.count(LSQ, valueStart, valueEnd) +
        ix.count(RSQ, valueStart, valueEnd) +
        ix.count(LCURLY, valueStart, valueEnd) +
        ix.count(RCURLY, valueStart, valueEnd) >
      0
    )
      return true;
  }
  const glued = opEnd - opStart === 1 && text.charCodeAt(opStart) === 61 && opStart === keyEnd && opEnd === valueStart;
  let statementEnd = false; // followed by code, but only by the end of a statement or sentence (endsStatement)
  if (group === 6 && followedByCodeAt(ix, valueEnd) && !(glued && separatesPairsAt(ix, valueEnd))) {
    if (!endsStatement(text, valueEnd) || !literalAtStatementEndAt(ix, valueStart, valueEnd)) return true;
    statementEnd = true;
  }
  if (group === 6 && cls === 'password' && !glued && followedByWordsAt(ix, valueEnd)) return true;
  const sameQuote = (before === 34 && group === 3) || (before === 39 && group === 4) || (before === 96 && group === 5);
  if (sameQuote && !text.slice(keyEnd, opStart).includes(text[start - 1]!)) return true;
  if ((before === 34 || before === 39) && precededByQuestionMarkAt(ix, start - 1)) return true;
  const comparison = opEnd - opStart >= 2 && !text.startsWith(':=', opStart) && !text.startsWith('=>', opStart);
  const entropy = entropyWindows[family]!;
  verdict.score = scoreWin(ix, entropy, entry.info, cls, valueStart, valueEnd, group !== 6, comparison, unquoted);
  if (
    statementEnd &&
    cls === 'password' &&
    verdict.score > 0 &&
    scoreWin(ix, entropy, entry.info, 'secret', valueStart, valueEnd, false, comparison, unquoted) === 0
  )
    verdict.score = 0;
  verdict.cls = cls;
  verdict.start = valueStart;
  verdict.end = valueEnd;
  verdict.keyStart = start;
  verdict.keyEnd = keyEnd;
  verdict.quoted = group !== 6;
  verdict.comparison = comparison;
  return true;
}

// key, optional closing quote, operator, value (double, single, back-quoted or bare)
const ASSIGNMENT_RE =
  /(?<![\w.$@-])([A-Za-z_$@][\w.$@-]{0,80})(?:\\?["'])?\]?[ \t]{0,32}(===|!==|==|!=|:=|=>|=|:)[ \t]{0,32}(?:\\?"((?:[^"\n\\]|\\.){0,256})\\?"|'([^'\n]{0,256})'|`([^`\n]{0,256})`|([^\s"'`,;)}\]<>&?][^\s"'`,;)}\]<>&]{0,255}))/dg;
export const STICKY_ASSIGNMENT_RE = new RegExp(ASSIGNMENT_RE.source, 'dy');

/**
 * The site at `start` checked from scratch, as first written: the pattern, then each check reading the
 * value. Sets `verdict`; false when the pattern does not match there. Counts its reading in work.read (see
 * DIRECT_ALLOWANCE).
 */
function siteFromScratch(text: string, start: number, work: ScanWork): boolean {
  STICKY_ASSIGNMENT_RE.lastIndex = start;
  const m = STICKY_ASSIGNMENT_RE.exec(text);
  if (!m) return false;
  verdict.score = 0;
  work.read += m[0].length;
  const key = m[1]!;
  const cls = keyClass(key);
  if (!cls) return true;
  work.sites++;
  const group = m[3] !== undefined ? 3 : m[4] !== undefined ? 4 : m[5] !== undefined ? 5 : 6;
  const valueStart = m.indices![group]![0];
  let valueEnd = m.indices![group]![1];
  let value = m[group]!;
  if (group === 6 && cls !== 'key' && !/[?&\\]/.test(text[start - 1] ?? '') && value[0] !== '\\') {
    // A bare password or secret runs to the end of its word: `&`, `]`, `}`, quotes and `$` are common
    // in them, and stopping there left the rest of the secret in the text. (URL query values keep
    // ending at `&` or a quote; an escaped quote starts a quoted string.)
    valueEnd = unquotedSecretEnd(text, valueStart, openQuoteBefore(text, start));
    value = text.slice(valueStart, valueEnd);
    work.read += DIRECT_SITE + Math.min(start, UNQUOTED_MAX) + 24 * value.length;
    if (unquotedSecretIsCode(value)) return true;
  } else {
    if (group === 6) {
      valueEnd = lessSentencePeriod(text, valueStart, valueEnd);
      value = text.slice(valueStart, valueEnd);
    }
    work.read += DIRECT_SITE + 24 * value.length;
    if (group === 6 && /[[\](){}]/.test(value)) return true;
  }
  // `KEY=value` glued together is shell or env syntax even with words after it (`PGPASSWORD=x psql -h db`,
  // `DB_PASSWORD=x # comment`): prose writes `password: x` or `password is x`, not a glued `=`.
  const glued = m[2] === '=' && m.indices![2]![0] === start + key.length && m.indices![2]![1] === valueStart;
  let statementEnd = false; // followed by code, but only by the end of a statement or sentence (endsStatement)
  if (group === 6 && followedByCode(text, valueEnd) && !(glued && separatesPairs(text, valueEnd))) {
    if (!endsStatement(text, valueEnd) || !literalAtStatementEnd(value)) return true;
    statementEnd = true;
  }
  if (group === 6 && cls === 'password' && !glued && followedByWords(text, valueEnd)) return true;
  // A key that opens a quoted string must close it before the operator ("password": "..."); when it
  // does not, and the value seems to start with the same quote, the key is text inside a string
  // ("Password:") and the "value" runs between two unrelated strings.
  // (The same holds for a Markdown code span: "`Password=` strings".)
  const opener = text[start - 1];
  const sameQuote =
    (opener === '"' && group === 3) || (opener === "'" && group === 4) || (opener === '`' && group === 5);
  if (sameQuote && !text.slice(start + key.length, m.indices![2]![0]).includes(opener)) return true;
  // A quoted string after `?` is the first branch of a conditional (`a ? 'password' : 'other'`), not a key.
  if ((opener === '"' || opener === "'") && precededByQuestionMark(text, start - 1)) return true;
  const comparison = m[2]!.length >= 2 && m[2] !== ':=' && m[2] !== '=>';
  verdict.score = scoreAssignment(key, cls, value, group !== 6, comparison);
  if (statementEnd && !randomAtStatementEnd(key, cls, value, verdict.score, comparison)) verdict.score = 0;
  verdict.cls = cls;
  verdict.start = valueStart;
  verdict.end = valueEnd;
  verdict.keyStart = start;
  verdict.keyEnd = start + key.length;
  verdict.quoted = group !== 6;
  verdict.comparison = comparison;
  return true;
}

/** True when the last non-blank character before `at` is `?`. */
export function precededByQuestionMark(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && text[i] === '?';
}

/**
 * End of an unquoted password or secret that starts at `from`: the next blank or line end, less trailing
 * separators (`password=x;`, `{pw: x}`). It also ends before `;`, `,` or `&` that starts another
 * assignment (`password=x&user=y`, `Pwd=x;Database=y`), and at the quote that opened the key
 * (`"token=x"`).
 */
export function unquotedSecretEnd(text: string, from: number, quote: string): number {
  let end = from;
  const limit = Math.min(text.length, from + UNQUOTED_MAX);
  while (end < limit) {
    const c = text[end]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === quote) break;
    if ((c === ';' || c === ',' || c === '&') && NEXT_ASSIGNMENT_RE.test(text.slice(end + 1, end + 66))) break;
    end++;
  }
  end = lessSentencePeriod(text, from, end);
  // Trailing separators and closers without an opener in the value belong to the code around it.
  for (;;) {
    const c = text[end - 1];
    const opener = c === ')' ? '(' : c === ']' ? '[' : c === '}' ? '{' : c === '>' ? '<' : undefined;
    if (
      end - 1 > from &&
      (c === ',' || c === ';' || (opener !== undefined && !text.slice(from, end - 1).includes(opener)))
    )
      end--;
    else break;
  }
  return end;
}

/** How many dots end a sentence at most: a period, or an ellipsis `...`. */
const PERIOD_MAX = 3;

const isBlankCode = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The end of the bare value [from, end) less a sentence's period: one to three '.' (a period, an ellipsis)
 * that end it right before a blank or the end of the text (`my key is X.`, `token: X. Thanks`,
 * `password=X...`). Decision: such a '.' is the sentence's, not the secret's, and the finding ends before it.
 * Token alphabets (base64, hex, base32) hold no '.'; a password that does end with one leaves that character
 * in clear, the rest redacted. Four dots or more, or a '.' before any other character, stay in the value.
 */
export function lessSentencePeriod(text: string, from: number, end: number): number {
  if (end < text.length && !isBlankCode(text.charCodeAt(end))) return end;
  let i = end;
  while (i > from + 1 && end - i <= PERIOD_MAX && text.charCodeAt(i - 1) === 46) i--;
  return end - i > PERIOD_MAX ? end : i;
}

/** Whether a sentence's period starts at `at`: one to three '.' then a blank or the end of the text. */
export function sentencePeriodAt(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && i - at <= PERIOD_MAX && text.charCodeAt(i) === 46) i++;
  return i > at && i - at <= PERIOD_MAX && (i === text.length || isBlankCode(text.charCodeAt(i)));
}

/**
 * The quote still open on the line before `at` (`echo 'export PW=x' >> .env`, `"password=x"`): the value
 * of a key inside a string ends at that quote. Empty when none is open.
 */
export function openQuoteBefore(text: string, at: number): string {
  let open = '';
  let i = at;
  while (i > 0 && at - i < UNQUOTED_MAX && text[i - 1] !== '\n') i--;
  for (; i < at; i++) {
    const c = text[i]!;
    if (open === '' && (c === '"' || c === "'" || c === '`')) open = c;
    else if (c === open) open = '';
  }
  return open;
}

const NEXT_ASSIGNMENT_RE = /^[ \t]{0,2}[A-Za-z_][\w.-]{0,60}[ \t]{0,2}[=:]/;

/**
 * An unquoted password or secret that reads as code: a call or index (`getPass()`, `argv[1]`,
 * `config["pw"]`), a generic type (`Record<string, string>`), an empty literal (`[]`, `{}`), or one of the
 * shapes looksLikeCode knows. Brackets alone do not make code: `Xk9(mQ2)vL` is a password.
 */
export function unquotedSecretIsCode(value: string): boolean {
  if (looksLikeCode(value, false)) return true;
  if (/^[A-Za-z_][\w.]*\[.*\]$/.test(value) || /^[A-Za-z_][\w.]*<\w/.test(value)) return true;
  if (/(?:\[\]|\(\)|\{\})$/.test(value)) return true;
  // An expression the blank cut in two: a name and an index or call left open (`list[list.length`), a
  // type annotation closing a signature (`Buffer):`), a keyword closing a condition in minified code
  // (`null)throw`). Names have no digits; other unbalanced brackets belong to the password.
  if (
    !bracketsBalanced(value) &&
    ((EXPRESSION_CUT.test(value) && !/\d/.test(value)) || /^(?:null|undefined|true|false|this)\)/.test(value))
  )
    return true;
  // A regular expression literal (`/^[A-Za-z0-9._-]+$/u`).
  if (/^\/[[^(].*\/[dgimsuyv]*$/.test(value)) return true;
  // A negation (`!isHTML`, `!!match[7]`), a comment (`46/*.*/`) or a statement after `;` (`x;function`).
  if (/^!+[A-Za-z_$][\w$.]*$/.test(value.replace(/\[[^\]]*\]/g, '')) && !/\d/.test(value.replace(/\[[^\]]*\]/g, '')))
    return true;
  return value.includes('/*') || /;(?:function|var|let|const|return|if|for|while|class|new|throw)\b/.test(value);
}

const EXPRESSION_CUT = /^[A-Za-z_$][\w$]*(?:\??\.[\w$]+)*(?:[[(][A-Za-z_$][\w$.]*|[)\]}]+:?)$/;

/** True when every (, [ and { in `value` is closed, in order. */
function bracketsBalanced(value: string): boolean {
  const open: string[] = [];
  for (const c of value) {
    if (c === '(' || c === '[' || c === '{') open.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      if (open.pop() !== (c === ')' ? '(' : c === ']' ? '[' : '{')) return false;
    }
  }
  return open.length === 0;
}

/**
 * An unquoted value is code, not a literal, when it is followed on its line by an operator or separator
 * (`secrets: string[];`, `token = a || b`, `apiKey: provider ?? x`). Config values (.env, INI, YAML) end
 * at the line end or a comment.
 */
export function followedByCode(text: string, end: number): boolean {
  if (sentencePeriodAt(text, end)) return false;
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const next = text[i];
  return next !== undefined && ';,).[(?|<>+*=!:'.includes(next);
}

/**
 * A `)`, `,` or `;` right at `end` that closes a statement, a call or a sentence: followed by a blank, a
 * sentence's period (sentencePeriodAt) or the line or text end, perhaps after more of `)]},;` (`f(api_key=x)`, `export TOKEN=x;`,
 * `password=x, please`, `f(g(token=x), y)`). An unquoted value followed by an operator is code
 * (followedByCode: `token = a + b`, `token=req.token;`), but one that ends there is a value when it looks
 * like a credential, as gitleaks and detect-secrets read it (literalAtStatementEnd, randomAtStatementEnd). Calls, subscripts and
 * member paths (`password=get_password(),`, `api_key=os.environ['X'])`) are turned away as code by their
 * shape before.
 */
export function endsStatement(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (c !== 41 && c !== 44 && c !== 59) return false;
  // (the `;` of an HTML entity, `&ldquo;secret:1&rdquo;, ...`, ends no statement)
  if (c === 59 && ENTITY_BEFORE_RE.test(text.slice(Math.max(0, end - 10), end))) return false;
  // then more closers and separators (`f(g(token=x), y)`, `{a: f(token=x)};`), eight at most
  let i = end + 1;
  while (i < text.length && i - end <= 8 && CLOSERS.includes(text.charCodeAt(i))) i++;
  if (i >= text.length) return true;
  const d = text.charCodeAt(i);
  return d === 32 || d === 9 || d === 10 || d === 13 || sentencePeriodAt(text, i);
}
const CLOSERS = [41, 93, 125, 44, 59];
const ENTITY_BEFORE_RE = /&(?:[A-Za-z][A-Za-z0-9]{1,7}|#\d{1,7}|#x[\dA-Fa-f]{1,6})$/;

/**
 * Whether a bare value that ends a statement (endsStatement) can be a literal there: it holds a letter and
 * a digit and no bracket (`Iterable[Tuple[str,`, `xsalsa20(key,`, `IsEmptyObject<{}>;` are expressions cut
 * there; `password=None,` is none), and is no name (nameAtStatementEnd).
 */
export function literalAtStatementEnd(value: string): boolean {
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value) || /[()[\]{}<>]/.test(value)) return false;
  return !nameAtStatementEnd(value);
}

/**
 * Whether such a value, scored `score` for its key, stays reported: a password-like key's value, which
 * elsewhere may be a word, must also score as a token-like key's would (length, mixed classes, entropy).
 */
export function randomAtStatementEnd(
  key: string,
  cls: KeyClass,
  value: string,
  score: number,
  comparison: boolean,
): boolean {
  return score > 0 && (cls !== 'password' || scoreAssignment(key, 'secret', value, false, comparison) > 0);
}

/**
 * A value with a letter and a digit that is still a name where it ends a statement: a member path
 * (`types$1.starstar;`, `ed25519.Ed25519PrivateKey,`), an identifier that names a credential
 * (`password=db_password2)`, `token=token_v2;`), or one of words and a number or two (a type or an
 * algorithm: `secretKey: Uint8Array,`, `token: uint64;`, `f(token=sha256)`, `secp256k1`, a constant
 * `TEST_DATA_BASE64,`): at most two runs of digits, and words of three letters or more (`[A-Z]?[a-z]{3,}`)
 * hold at least half of its letters, or it is in upper case with underscores between its parts. A
 * random token alternates letters and digits more often, and its letters seldom spell such runs (a
 * 20-character one of letters and digits has some three runs of digits). Reads from the value's start only
 * over [\w$.] (the later tests run only when all of the value is such).
 */
export function nameAtStatementEnd(value: string): boolean {
  if (MEMBER_PATH_RE.test(value)) return true;
  if (!WORD_CHARS_RE.test(value)) return false;
  if (CREDENTIAL_NAME_RE.test(value)) return true;
  let digitRuns = 0;
  let letters = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (i === 0 || !(value.charCodeAt(i - 1) >= 48 && value.charCodeAt(i - 1) <= 57)) digitRuns++;
    } else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
  }
  if (digitRuns > 2) return false;
  if (CONSTANT_NAME_RE.test(value)) return true;
  let inWords = 0;
  for (const w of value.match(WORD_RUN_RE) ?? []) inWords += w.length;
  return 2 * inWords >= letters;
}
const WORD_RUN_RE = /[A-Z]?[a-z]{3,}/g;
const CONSTANT_NAME_RE = /^_*[A-Z][A-Z0-9]*(?:_+[A-Z0-9]+)+_*$/;
const MEMBER_PATH_RE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const WORD_CHARS_RE = /^[\w$]+$/;
const CREDENTIAL_NAME_RE = /pass(?:word|wd|phrase)|secret|token|credential|(?:^|[_$])(?:api_?)?key(?:$|[_$\d])/i;

/**
 * A `;` or `,` right at `end` that starts another assignment: the value is one of the `key=value` pairs of
 * a connection string or a settings line (`password=x;user=y`, `pwd=x,uid=y`), not code followed by an
 * operator. Only for a glued `key=value` (callers check): `password = pw; user = u;` is statements.
 */
export function separatesPairs(text: string, end: number): boolean {
  const c = text[end];
  return (c === ';' || c === ',') && NEXT_ASSIGNMENT_RE.test(text.slice(end + 1, end + 66));
}

/**
 * More words on the same line after an unquoted value: prose ("Password: reset it via the portal") or
 * a command line. Password-like keys accept plain words, so for them this means "not a literal";
 * token-like keys already need a random-looking value and keep it.
 */
export function followedByWords(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i > end && i < text.length && /[A-Za-z0-9]/.test(text[i]!);
}
