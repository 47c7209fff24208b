/**
 * Pattern recognizers for the structured PII entities: each pairs a linear-time candidate pattern with
 * validation (checksums, numbering rules, calendars) and context words. Patterns use bounded
 * quantifiers and unambiguous separators so a hostile input cannot make them backtrack badly.
 */
import { IBAN_LENGTHS, ibanValid, npiValid } from './checksums.js';
import type { TextMatch } from './match.js';
import {
  allSameDigit,
  anchorIndex,
  contextWords,
  type ContextWords,
  digitsOf,
  isAlnumCode,
  isDigitCode,
} from './pii-context.js';

/** A recognizer adds its matches to `out`. */
export type Recognizer = (text: string, out: TextMatch[]) => void;

/**
 * A recognizer whose matches consist only of characters of a known class and whose validation reads
 * the text around a match: it can be run over one region [from, to) of `text` (offsets stay absolute,
 * context still comes from the whole text). Over regions that cover every maximal run of the class,
 * plus one neighbour on each side for the regex look-arounds, it finds exactly what a whole-text scan
 * finds (see the numeric-run gate in pii.ts).
 */
export type RegionRecognizer = (text: string, out: TextMatch[], from?: number, to?: number) => void;

/**
 * The pattern without its look-arounds (which are all flat groups here): it matches every string the
 * pattern matches, whatever surrounds it. Recognizers that run their pattern over sub-windows of the
 * text first test this on the whole text: no hit means no sub-window can match either, so the
 * context-window work (lower-casing, context-word search) is skipped with the same result.
 */
function withoutLookarounds(pattern: RegExp): RegExp {
  const source = pattern.source.replace(/\(\?<?[!=][^()]*\)/g, '');
  return new RegExp(source, pattern.flags.replace('g', ''));
}

/** `text` itself for the whole range, else the slice (look-arounds see the region's neighbours). */
function regionOf(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

const MIN_SCORE = 0.5;

function push(out: TextMatch[], type: string, start: number, end: number, score: number): void {
  if (score >= MIN_SCORE) out.push({ type, start, end, score: Math.min(0.99, score), detector: 'pii' });
}

// ---------------------------------------------------------------- email

/** ASCII membership tables (one code unit each): local part [A-Za-z0-9._%+'-], domain [A-Za-z0-9.-]. */
const LOCAL_CHARS = new Uint8Array(128);
const DOMAIN_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  LOCAL_CHARS[c] = alnum || "._%+'-".includes(String.fromCharCode(c)) ? 1 : 0;
  DOMAIN_CHARS[c] = alnum || c === 46 || c === 45 ? 1 : 0;
}
/**
 * Internationalised addresses (RFC 6531 local parts, IDN domains) hold letters, marks and digits of any
 * script: `müller@beispiel.de`, `josé.garcía@empresa.es`, `info@münchen.de`. Scripts written without
 * spaces (Han, kana, Thai, ...) are left out: there the letters around an address are the sentence
 * (`请联系john@example.com获取`), not the address.
 */
const INTL_UNIT = /[\p{L}\p{M}\p{N}]/u;
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
function isIntlUnit(c: number): boolean {
  if (c < 0xc0 || (c >= 0xd800 && c <= 0xdfff)) return false;
  const ch = String.fromCharCode(c);
  return INTL_UNIT.test(ch) && !NO_SPACE_SCRIPT.test(ch);
}
const isLocalChar = (c: number): boolean => (c < 128 ? LOCAL_CHARS[c] === 1 : isIntlUnit(c));
const isDomainChar = (c: number): boolean => (c < 128 ? DOMAIN_CHARS[c] === 1 : isIntlUnit(c));
const isAsciiDomainChar = (c: number): boolean => c < 128 && DOMAIN_CHARS[c] === 1;

/**
 * Emails are found from each '@' outwards (at most 64 chars of local part, 253 of domain), which is
 * linear in the input, unlike a left-anchored regex retried at every start offset.
 */
export const scanEmails: Recognizer = (text, out) => {
  let at = text.indexOf('@');
  let floor = 0;
  const before = new LoginLookback(text);
  while (at !== -1) {
    let s = at;
    while (s > floor && at - s < 64 && isLocalChar(text.charCodeAt(s - 1))) s--;
    while (s < at && (text[s] === '.' || text[s] === "'")) s++;
    let e = domainEnd(text, at, isDomainChar);
    // A domain that is not valid with the letters after it may be an ASCII one glued to a word.
    if (!domainValidAt(text, at + 1, e)) e = domainEnd(text, at, isAsciiDomainChar);
    if (
      s < at &&
      !hasDoubleDot(text, s, at) &&
      domainValidAt(text, at + 1, e) &&
      !isLoginNotEmail(text, s, e, before.at(s))
    ) {
      push(out, 'email', s, e, 0.9);
      floor = e;
    }
    at = text.indexOf('@', Math.max(at + 1, e));
  }
};

/** End of the domain candidate after the '@' at `at`: domain characters, less trailing '.' and '-'. */
function domainEnd(text: string, at: number, isChar: (c: number) => boolean): number {
  let e = at + 1;
  while (e < text.length && e - at <= 253 && isChar(text.charCodeAt(e))) e++;
  while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
  return e;
}

/** Characters of a URL's userinfo (RFC 3986: unreserved, pct-encoded, sub-delims and ':'). */
const USERINFO_CHARS = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:")
  USERINFO_CHARS[c.charCodeAt(0)] = 1;
/** How far back from a candidate's local part the userinfo of a URL is looked for. */
const USERINFO_REACH = 256;
/** A path after `user@host:` in the scp / git form (`git@github.com:acme/repo.git`). */
const SCP_PATH_START = /[\w~./-]/;
/** `ssh user@host`, `sftp -P 2222 user@host`: a login command (with options) right before the candidate. */
const LOGIN_COMMAND_BEFORE =
  /(?:^|[\s`'"(;|&$])(?:ssh|sftp|scp|mosh|autossh)(?:\s+-{1,2}[A-Za-z][\w-]*(?:[ =](?!-)[^\s@]+)?)*\s+$/;

/** The login commands LOGIN_COMMAND_BEFORE names, one of which its match must contain ('autossh' holds 'ssh'). */
const LOGIN_COMMANDS = ['ssh', 'sftp', 'scp', 'mosh'];

/**
 * What isLoginNotEmail reads before a candidate, kept as cursors that only move forward: a candidate's
 * local part starts after the previous candidate's '@', so the starts increase. Looking back from each
 * candidate instead (up to 256 characters of userinfo, the line up to 128 characters back, and a regex
 * over that line) made 150k short addresses cost ~50 ms a megabyte.
 */
export class LoginLookback {
  /** The last character before `checked` that cannot be in a URL's userinfo (-1: none). */
  private notUserinfo = -1;
  private checked = 0;
  /** The last newline before the current candidate, and the next one after it (-2: not looked for yet). */
  private newline = -1;
  private nextNewline = -2;
  /** Where holdsCommand has read to, and the start of the last command it found there (-1: none). */
  private commandsRead = 0;
  private lastCommand = -1;

  /** The last candidate asked about: the cursors are valid for it and the ones after it. */
  private last = 0;

  constructor(private readonly text: string) {}

  /** Moves to candidate `s`; a candidate before the last one (never seen) starts the cursors over. */
  at(s: number): this {
    if (s < this.last) {
      this.notUserinfo = -1;
      this.checked = 0;
      this.newline = -1;
      this.nextNewline = -2;
      this.commandsRead = 0;
      this.lastCommand = -1;
    }
    this.last = s;
    return this;
  }

  /** Start of the userinfo-character run that ends at `s`, at most `reach` characters back. */
  userinfoStart(s: number, reach: number): number {
    const text = this.text;
    // Characters more than `reach` back do not matter.
    let i = Math.max(this.checked, s - reach);
    for (; i < s; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 || USERINFO_CHARS[c] !== 1) this.notUserinfo = i;
    }
    this.checked = Math.max(this.checked, s);
    return Math.max(s - reach, this.notUserinfo + 1, 0);
  }

  /** Start of the line `s` is on, at most `reach` characters back. */
  lineStart(s: number, reach: number): number {
    const floor = Math.max(0, s - reach);
    // Newlines before `floor` do not matter: the search jumps there instead of stepping through every line
    // of a document whose addresses are far apart (or reading a text for its first line break when no
    // candidate ever asks).
    if (this.nextNewline !== -1 && this.nextNewline < floor) {
      this.newline = -1;
      this.nextNewline = this.text.indexOf('\n', floor);
    }
    while (this.nextNewline !== -1 && this.nextNewline < s) {
      this.newline = this.nextNewline;
      this.nextNewline = this.text.indexOf('\n', this.newline + 1);
    }
    return Math.max(floor, this.newline + 1);
  }

  /**
   * Whether text[from, to) holds one of LOGIN_COMMANDS whole (from and to only grow between calls). The
   * text is read once: each call reads on from where the last one stopped (less the three characters a
   * command could start in and end past it), never more than the line; an indexOf per command instead
   * read a whole megabyte of docs for commands no address was near (2.6 ms).
   */
  holdsCommand(from: number, to: number): boolean {
    const text = this.text;
    for (let i = Math.max(from, this.commandsRead - 3); i < to; i++) {
      const c = text.charCodeAt(i);
      // Every command starts with 's' or 'm'.
      if (c !== 115 && c !== 109) continue;
      for (const command of LOGIN_COMMANDS)
        if (i + command.length <= to && text.startsWith(command, i)) this.lastCommand = i;
    }
    if (to > this.commandsRead) this.commandsRead = to;
    return this.lastCommand >= from;
  }
}

/**
 * True when the candidate text[s, e) is a login rather than an email: the userinfo of a URL
 * (`postgres://admin:S3cr3t@db.example.com`, `https://user@host`), the scp / git form `user@host:path`
 * or the target of an ssh-like command (`ssh ubuntu@ec2-...`). A URL's password there is a
 * credential for the secrets scanner, not an email to redact.
 */
export function isLoginNotEmail(text: string, s: number, e: number, before: LoginLookback): boolean {
  // URL userinfo: userinfo characters back to '://' after a scheme.
  const u = before.userinfoStart(s, USERINFO_REACH);
  // u stops at the '/' of '://'; the scheme before it starts with a letter.
  if (u >= 3 && text.charCodeAt(u - 1) === 47 && text.charCodeAt(u - 2) === 47 && text.charCodeAt(u - 3) === 58) {
    let k = u - 3;
    while (k > 0 && /[A-Za-z0-9+.-]/.test(text[k - 1]!)) k--;
    if (k < u - 3 && /[A-Za-z]/.test(text[k]!)) return true;
  }
  // scp / git: 'user@host:path' with a path (no further '@' in it: 'a@x.com:b@y.com' is a list).
  if (e + 1 < text.length && text.charCodeAt(e) === 58 && SCP_PATH_START.test(text[e + 1]!)) {
    let k = e + 1;
    const end = Math.min(text.length, e + 1 + USERINFO_REACH);
    while (k < end && !/\s/.test(text[k]!) && text.charCodeAt(k) !== 64) k++;
    if (k >= end || text.charCodeAt(k) !== 64) return true;
  }
  // ssh-like command: look at the same line, at most 128 characters back. The pattern ends in
  // whitespace and names a command: without both, it cannot match.
  const lineStart = before.lineStart(s, 128);
  if (s <= lineStart || !/\s/.test(text[s - 1]!) || !before.holdsCommand(lineStart, s)) return false;
  return LOGIN_COMMAND_BEFORE.test(text.slice(lineStart, s));
}

/** True when text[from, to) holds '..' (a local part may not). */
function hasDoubleDot(text: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (text.charCodeAt(i) === 46 && text.charCodeAt(i - 1) === 46) return true;
  return false;
}

/**
 * Domain check on text[from, to) (domain characters only, see DOMAIN_CHARS) without slicing or
 * splitting: at least two dot-separated labels, each of 1 to 63 characters that neither starts nor ends
 * with '-', and a top-level label of 2 to 24 letters (see below).
 */
function domainValidAt(text: string, from: number, to: number): boolean {
  let labels = 0;
  let labelStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && text.charCodeAt(i) !== 46) continue;
    const length = i - labelStart;
    if (length === 0 || length > 63 || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45)
      return false;
    labels++;
    if (i < to) labelStart = i + 1;
  }
  if (labels < 2 || to - labelStart < 2 || to - labelStart > 24) return false;
  // The top-level label: ASCII letters, an IDN label in its punycode form (xn--p1ai) or in letters of
  // one other script (рф, ελ), not a mix.
  if (to - labelStart > 4 && text.startsWith('xn--', labelStart)) return true;
  const ascii = text.charCodeAt(labelStart) < 128;
  for (let i = labelStart; i < to; i++) {
    const u = text.charCodeAt(i);
    if (ascii ? (u | 32) < 97 || (u | 32) > 122 : u < 128 || !INTL_LETTER.test(text[i]!)) return false;
  }
  return true;
}
const INTL_LETTER = /\p{L}/u;

// ---------------------------------------------------------------- SSN

/**
 * Group separators of SSNs, cards and IBANs besides '-': a space, a tab, a no-break space (U+00A0) or a
 * narrow no-break space (U+202F, French digit grouping); word processors and PDFs paste them for spaces.
 */
const GROUP_SPACE = /[ \t\u00a0\u202f]/g;
const SSN_RE = /(?<![\w-])(\d{3})([- \t\u00a0\u202f]?)(\d{2})\2(\d{4})(?![\w-])/g;
const SSN_CONTEXT = contextWords(
  ['ssn', 'ssns', 'social security', 'social security number', 'social', 'ss#', 'ss no', 'ssa', 'taxpayer', 'tin'],
  48,
);

/** True when the three parts satisfy the SSA rules for issued numbers. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const all = area + group + serial;
  if (allSameDigit(all) || all === '123456789' || all === '078051120' || all === '219099999') return false;
  return true;
}

/** US SSNs: SSA-valid parts, consistent delimiters; spaced or undelimited forms need context. */
export const scanSsns: RegionRecognizer = (text, out, from = 0, to = text.length) => {
  // exec() on the shared regex: matchAll would clone it on every call (the matches are the same).
  const region = regionOf(text, from, to);
  SSN_RE.lastIndex = 0;
  for (let m = SSN_RE.exec(region); m !== null; m = SSN_RE.exec(region)) {
    const [, area, sep, group, serial] = m as unknown as [string, string, string, string, string];
    if (!ssnValid(area, group, serial)) continue;
    const start = from + m.index;
    const end = start + m[0].length;
    const base = sep === '-' ? 0.6 : sep !== '' ? 0.45 : 0.25;
    push(out, 'ssn', start, end, SSN_CONTEXT.near(text, start, end) ? base + 0.4 : base);
  }
};

// ---------------------------------------------------------------- credit card

/**
 * A card's group separator: a space, tab, no-break space, '-' or '.' (`4111.1111.1111.1111`, as some
 * European forms and receipts print it), or a line break where the number was wrapped (`4111 1111\n1111
 * 1111`), with the blanks around it and perhaps the separator left at the end of the line (`4111-\n1111`).
 * Bounded blanks: no backtracking beyond a few characters per group.
 */
const CARD_SEP = '(?:[ \\t\\u00a0\\u202f.-]|[.-]?[ \\t]{0,8}\\r?\\n[ \\t]{0,8})';
/**
 * An ungrouped number broken by a line break anywhere in it (`41111111\n11111111`, wrapped text or logs).
 * Each line holds fewer than 13 digits of it: a line of 13 or more is a number of its own (the run above).
 */
const CARD_WRAPPED = '\\d{1,12}[ \\t]{0,8}\\r?\\n[ \\t]{0,8}\\d{1,12}';
/**
 * 4-4-4-4(-1..3), the 4-6-5 American Express layout, 13-19 digits in one run, or such a run wrapped
 * (CARD_WRAPPED). Not inside a longer dotted number (`1.4111.1111.1111.1111`, `4111111111111111.5`). The
 * separators are checked in scanCards: a grouping uses one separator throughout, and a line break may
 * stand for at most one of them.
 */
const CARD_RE = new RegExp(
  `(?<![\\w-]|\\d\\.)(?:\\d{4}${CARD_SEP}\\d{4}${CARD_SEP}\\d{4}${CARD_SEP}\\d{4}(?:${CARD_SEP}\\d{1,3})?|\\d{4}${CARD_SEP}\\d{6}${CARD_SEP}\\d{4,5}|\\d{13,19}|${CARD_WRAPPED})(?![\\w-]|\\.\\d)`,
  'g',
);
const DIGIT_RUNS = /\d+/;

/**
 * True when the separators between the digit groups of `value` form one grouping: the same separator
 * everywhere, except one line break (the number wrapped at the end of a line) whose separator, if it
 * kept one, is that same separator. Mixed separators (`4111 1111-1111 1111`) and columns of numbers
 * (a line break between every group) are not a card layout.
 */
export function cardGroupingConsistent(value: string): boolean {
  // Without a line break every separator must equal the first: compared in place (a megabyte of card
  // numbers made the split's arrays and strings a third of the card scan).
  if (!value.includes('\n')) {
    let first = -1;
    let firstLength = 0;
    let i = 0;
    const n = value.length;
    // What comes before the first digit run is no separator between two runs.
    while (i < n && !isDigitCode(value.charCodeAt(i))) i++;
    while (i < n && isDigitCode(value.charCodeAt(i))) i++;
    // i: the end of the first digit run; each separator runs to the next digit.
    while (i < n) {
      let j = i;
      while (j < n && !isDigitCode(value.charCodeAt(j))) j++;
      // A separator at the end of the value is not between two digit runs.
      if (j === n) break;
      if (first < 0) {
        first = i;
        firstLength = j - i;
      } else {
        if (j - i !== firstLength) return false;
        for (let k = 0; k < firstLength; k++) if (value.charCodeAt(i + k) !== value.charCodeAt(first + k)) return false;
      }
      i = j;
      while (i < n && isDigitCode(value.charCodeAt(i))) i++;
    }
    return true;
  }
  const seps = value.split(DIGIT_RUNS);
  let sep: string | undefined;
  let wrapped: string | undefined;
  for (let i = 1; i < seps.length - 1; i++) {
    const s = seps[i]!;
    if (s.includes('\n')) {
      if (wrapped !== undefined) return false;
      wrapped = s.replace(/\s+/g, '');
    } else if (sep === undefined) sep = s;
    else if (s !== sep) return false;
  }
  return wrapped === undefined || wrapped === '' || sep === undefined || wrapped === sep;
}
const CARD_CONTEXT = contextWords(
  [
    'card',
    'credit',
    'debit',
    'visa',
    'mastercard',
    'amex',
    'american express',
    'discover',
    'jcb',
    'diners',
    'maestro',
    'unionpay',
    'cc',
    'pan',
    'payment',
  ],
  48,
);

/** Known issuer prefixes and lengths (IIN ranges published by the networks). */
export function cardBrand(d: string): string | null {
  return brandOf(
    d.length,
    d[0] === '4',
    Number(d.slice(0, 2)),
    Number(d.slice(0, 3)),
    Number(d.slice(0, 4)),
    Number(d.slice(0, 6)),
  );
}

/** cardBrand from the number's length, whether it starts with 4, and its first 2, 3, 4 and 6 digits. */
function brandOf(n: number, four: boolean, p2: number, p3: number, p4: number, p6: number): string | null {
  if (four && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19)
    return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if ((p4 === 2131 || p4 === 1800) && n === 15) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19) return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  return null;
}

/**
 * The number of digits in a card candidate when they can be a card number (13 to 19 digits, not all
 * the same, a known issuer, a valid Luhn checksum), else 0. One pass over the candidate, the same
 * answer as digitsOf, allSameDigit, cardBrand and luhnValid on its digit string without building it.
 */
export function cardDigits(value: string): number {
  let n = 0;
  let first = -1;
  let same = true;
  let prefix = 0;
  // Luhn: digit sums by the parity of their index from the left, as they are and doubled.
  let plain0 = 0;
  let plain1 = 0;
  let doubled0 = 0;
  let doubled1 = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    if (n === 0) first = d;
    else if (d !== first) same = false;
    if (n < 6) prefix = prefix * 10 + d;
    const twice = d > 4 ? 2 * d - 9 : 2 * d;
    if ((n & 1) === 0) {
      plain0 += d;
      doubled0 += twice;
    } else {
      plain1 += d;
      doubled1 += twice;
    }
    n++;
  }
  if (n < 13 || n > 19 || same) return 0;
  if (
    brandOf(n, first === 4, Math.floor(prefix / 10000), Math.floor(prefix / 1000), Math.floor(prefix / 100), prefix) ===
    null
  )
    return 0;
  // The last digit is not doubled, the one before it is, and so on leftwards.
  const sum = ((n - 1) & 1) === 0 ? plain0 + doubled1 : plain1 + doubled0;
  return sum % 10 === 0 ? n : 0;
}

/** A CARD_WRAPPED match: two digit runs and the line break between them, nothing else. */
const WRAPPED_RUN = /^\d+[ \t]*\r?\n[ \t]*\d+$/;
/** A line of numbers only: digits, blanks and the separators of numbers and dates. */
const NUMBER_LINE = /^[ \t]*\d[\d \t.,:/-]*$/;

/** The line of `text` that holds offset `at` (without its line break). */
function lineAt(text: string, at: number): string {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  let e = text.indexOf('\n', at);
  if (e === -1) e = text.length;
  return text.slice(s, text[e - 1] === '\r' ? e - 1 : e);
}

/**
 * True when the two lines a wrapped digit run spans at [start, end) belong to rows of numbers: one of
 * them and the line beyond it (before the first, after the second) hold numbers only, as a column of ids
 * or a table does. Two lines of digits can be any two numbers; a third such line shows a list of them.
 */
function inRowsOfNumbers(text: string, start: number, end: number): boolean {
  const firstStart = text.lastIndexOf('\n', start - 1) + 1;
  if (firstStart > 0 && NUMBER_LINE.test(lineAt(text, start)) && NUMBER_LINE.test(lineAt(text, firstStart - 1)))
    return true;
  const secondEnd = text.indexOf('\n', end);
  return secondEnd !== -1 && NUMBER_LINE.test(lineAt(text, end - 1)) && NUMBER_LINE.test(lineAt(text, secondEnd + 1));
}

/** Payment cards: issuer prefix and length, Luhn, common groupings. */
export const scanCards: RegionRecognizer = (text, out, from = 0, to = text.length) => {
  const region = regionOf(text, from, to);
  CARD_RE.lastIndex = 0;
  for (let m = CARD_RE.exec(region); m !== null; m = CARD_RE.exec(region)) {
    if (!cardGroupingConsistent(m[0])) {
      // Not one grouping from here: a card may still start at a later group (`1234 5678-4111-1111-...`).
      CARD_RE.lastIndex = m.index + 1;
      continue;
    }
    const digits = cardDigits(m[0]);
    if (digits === 0) continue;
    const start = from + m.index;
    const end = start + m[0].length;
    // A dotted number after a version or section word is that, whatever its checksum.
    if (m[0].includes('.') && VERSION_BEFORE.test(text.slice(Math.max(0, start - VERSION_REACH), start))) continue;
    // WRAPPED_RUN needs a line break.
    const wrappedRun = m[0].includes('\n') && WRAPPED_RUN.test(m[0]);
    if (wrappedRun && inRowsOfNumbers(text, start, end)) continue;
    const grouped = !wrappedRun && m[0].length !== digits;
    const base = grouped ? 0.85 : 0.7;
    push(out, 'credit_card', start, end, CARD_CONTEXT.near(text, start, end) ? base + 0.14 : base);
  }
};

// ---------------------------------------------------------------- IP addresses

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
/**
 * Dotted numbers right after these words are versions or document numbering, not addresses: a version
 * or numbering noun (plural too when longer than an abbreviation), perhaps with `:`, `=`, `#`, `is`, `was`
 * or `number` after it, or an opening bracket or a hyphen (`version 10.2.3.4`, `Release: 10.2.3.4`,
 * `section 4.2.1.3`, `sections [7.6.1.1]`, `#section-8.1.2.2`), or a verb that only versions take with `to` or `from`
 * (`upgrade to 10.2.3.4`, `downgraded from`, `bump to`, `roll back to`). Verbs that also move traffic or
 * records to a host (`update to`, `migrate to`, `revert to`, `point to`) are left out: there the number
 * may well be an address, and a missed address leaks while a redacted version only costs readability.
 */
const VERSION_BEFORE = new RegExp(
  [
    '(?:\\b(?:v|ver\\.?|rev|sect\\.?|ch\\.?|art\\.?|para\\.?|fig\\.?|oid|(?:version|release|build|firmware|revision|patch|hotfix|section|chapter|clause|article|paragraph|figure|table|step|item|rule|part)s?|patches|appendix|appendices)(?:\\s*[:=#[(-]|\\s+(?:is|was|are|number|no\\.?))?|§)\\s*$',
    '\\b(?:upgrad(?:e|ed|es|ing)|downgrad(?:e|ed|es|ing)|bump(?:ed|s|ing)?|roll(?:ed|s|ing)?\\s+back|rollback)\\s+(?:to|from)\\s+$',
  ].join('|'),
  'i',
);
/** How far before a dotted number VERSION_BEFORE looks (`downgrading from ` is 17 characters). */
const VERSION_REACH = 24;
/** A pre-release tag right after a dotted number (`1.2.3.4-rc.1`, `10.2.3.4-beta`) makes it a version. */
const PRERELEASE_AFTER = /^-(?:rc|alpha|beta|pre|preview|dev|snapshot|canary|next|nightly)(?![a-z])/i;
/**
 * Between a version and the next dotted number: `upgrade from 10.2.3.3 to 10.2.3.4`, `10.2.3.3 -> 10.2.3.4`,
 * `10.2.3.3 and 10.2.3.4` make the second one a version too.
 */
const VERSION_PAIR = /^\s*(?:to|and|or|through|->|→|-|–|,)\s*$/;
const IP_CONTEXT = contextWords(['ip', 'ipv4', 'ipv6', 'address', 'host', 'server', 'client', 'from', 'source'], 40);

/** IPv4 (valid octets, not versions or section numbers) and IPv6 (validated text form). */
export const scanIps: Recognizer = (text, out) => {
  IPV4_RE.lastIndex = 0;
  // End of the last dotted number read as a version (-1: none).
  let versionEnd = -1;
  for (let m = IPV4_RE.exec(text); m !== null; m = IPV4_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const pairedWithVersion =
      versionEnd >= 0 && start - versionEnd <= 12 && VERSION_PAIR.test(text.slice(versionEnd, start));
    if (
      pairedWithVersion ||
      VERSION_BEFORE.test(text.slice(Math.max(0, start - VERSION_REACH), start)) ||
      PRERELEASE_AFTER.test(text.slice(end, end + 12))
    ) {
      versionEnd = end;
      continue;
    }
    push(out, 'ip_address', start, end, IP_CONTEXT.near(text, start, end) ? 0.95 : 0.8);
  }
  scanIpv6(text, out);
};

const IPV6_CHAR = /[0-9A-Fa-f:.]/;

/**
 * IPv6 candidates grow outwards from each ':' over hex digits, colons and dots, so the cost follows the
 * number of colons in the text (prose has few) instead of every word that starts with a-f.
 */
function scanIpv6(text: string, out: TextMatch[]): void {
  let floor = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', Math.max(colon + 1, floor))) {
    let s = colon;
    while (s > floor && colon - s < 45 && IPV6_CHAR.test(text[s - 1]!)) s--;
    let e = colon + 1;
    while (e < text.length && e - s < 45 && IPV6_CHAR.test(text[e]!)) e++;
    floor = e;
    let value = text.slice(s, e);
    // Trailing ':' or '.' belong to the sentence ("on 2001:db8::1: ..."), not the address.
    while (value.length > 0 && (value.endsWith('.') || (value.endsWith(':') && !value.endsWith('::'))))
      value = value.slice(0, -1);
    while (value.startsWith('.')) {
      value = value.slice(1);
      s++;
    }
    if ((value.match(/:/g)?.length ?? 0) < 2) continue;
    const end = s + value.length;
    if ((s > 0 && /[\w]/.test(text[s - 1]!)) || (end < text.length && /[\w]/.test(text[end]!))) continue;
    if (!ipv6Valid(value)) continue;
    push(out, 'ip_address', s, end, value.length <= 3 ? 0.4 : 0.85);
  }
}

/** RFC 4291 text form: eight 16-bit groups, one optional '::', optional dotted IPv4 tail. */
export function ipv6Valid(value: string): boolean {
  let v = value;
  let groupsNeeded = 8;
  const lastColon = v.lastIndexOf(':');
  const tail = v.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!/^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(tail)) return false;
    v = v.slice(0, lastColon + 1) + '0';
    groupsNeeded = 7;
  }
  const doubles = v.split('::').length - 1;
  if (doubles > 1) return false;
  if (doubles === 1) {
    const [head, rest] = v.split('::') as [string, string];
    const parts = [...(head ? head.split(':') : []), ...(rest ? rest.split(':') : [])];
    if (parts.length > groupsNeeded - 1) return false;
    return parts.every((p) => /^[0-9A-Fa-f]{1,4}$/.test(p));
  }
  const parts = v.split(':');
  return parts.length === groupsNeeded && parts.every((p) => /^[0-9A-Fa-f]{1,4}$/.test(p));
}

// ---------------------------------------------------------------- IBAN

/**
 * An IBAN in either case (`GB82 WEST 1234 5698 7654 32`, `gb82 west 1234 5698 7654 32`, as people type
 * it): country letters, check digits, then groups of four. The match starts at the check digits and the
 * country letters are asserted behind them, so the scan skips ahead on digits instead of trying every
 * letter of the prose (the country code is the two units before the match).
 */
const IBAN_RE =
  /\d{2}(?<=(?<![A-Za-z0-9])[A-Za-z]{2}\d{2})(?:[ \t\u00a0\u202f]?[A-Za-z0-9]{4}){2,7}(?:[ \t\u00a0\u202f]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;
const LOWER_CASE = /[a-z]/;

/**
 * End of the IBAN in text[start, end) when it is valid as a whole or when its first `IBAN_LENGTHS`
 * characters (ending at a group boundary) are: a word of four letters after the IBAN (`BE68 5390 0754
 * 7034 then`) is read as one more group by the pattern. -1 when neither is valid. Written in lower or
 * mixed case, the account part (after the check digits) must be at least half digits, so lower-case
 * prose that happens to fit the layout and the checksum is not taken for one.
 */
function ibanEnd(text: string, start: number, end: number): number {
  let e = end;
  let compact = text.slice(start, end).replace(GROUP_SPACE, '');
  if (!ibanValid(compact)) {
    const expected = IBAN_LENGTHS[compact.slice(0, 2).toUpperCase()];
    if (expected === undefined || compact.length <= expected) return -1;
    let seen = 0;
    e = start;
    while (seen < expected) if (isAlnumCode(text.charCodeAt(e++))) seen++;
    if (isAlnumCode(text.charCodeAt(e))) return -1;
    compact = compact.slice(0, expected);
    if (!ibanValid(compact)) return -1;
  }
  if (LOWER_CASE.test(text.slice(start, e))) {
    const account = compact.slice(4);
    if (2 * digitsOf(account).length < account.length) return -1;
  }
  return e;
}

/** IBANs: registered country length and mod-97 check digits, with or without spaces, in either case. */
export const scanIbans: Recognizer = (text, out) => {
  IBAN_RE.lastIndex = 0;
  for (let m = IBAN_RE.exec(text); m !== null; m = IBAN_RE.exec(text)) {
    const start = m.index - 2;
    const end = ibanEnd(text, start, m.index + m[0].length);
    if (end < 0) continue;
    push(out, 'iban', start, end, 0.95);
    IBAN_RE.lastIndex = end;
  }
};

// ---------------------------------------------------------------- dates of birth

/**
 * Month names per month (English with abbreviations; French, Spanish, Italian, German, Portuguese),
 * as regex alternations. DATE_RE's `i` flag folds ASCII letters only: accented capitals are not folded.
 */
const MONTH_NAMES: readonly string[] = [
  'jan(?:uary)?|janv(?:ier)?|enero|gennaio|januar|j\u00e4nner|janeiro',
  'feb(?:ruary)?|f\u00e9vr(?:ier)?|febrero|febbraio|februar|fevereiro',
  'mar(?:ch)?|mars|marzo|m\u00e4rz|mar\u00e7o',
  'apr(?:il)?|avr(?:il)?|abril|aprile',
  'may|mai|mayo|maggio|maio',
  'june?|juin|junio|giugno|juni|junho',
  'july?|juil(?:let)?|julio|luglio|juli|julho',
  'aug(?:ust)?|ao\u00fbt|agosto|august',
  'sep(?:t(?:ember)?)?|septembre|septiembre|settembre|setembro',
  'oct(?:ober)?|octobre|octubre|ottobre|oktober|outubro',
  'nov(?:ember)?|novembre|noviembre|novembro',
  'dec(?:ember)?|d\u00e9c(?:embre)?|diciembre|dicembre|dezember|dezembro',
];
const MONTHS = MONTH_NAMES.join('|');
const MONTH_EXACT = MONTH_NAMES.map((alts) => new RegExp(`^(?:${alts})$`, 'i'));
/** Ordinal suffixes (English; French 1er) and the German '4.' before a month name. */
const ORDINAL = '(?:st|nd|rd|th|er)?\\.?';
const DATE_RE = new RegExp(
  [
    '(?<![\\w/.-])(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?![\\w/-]|\\.\\d)', // ISO 1985-03-04
    '(?<![\\w/.-])(\\d{1,2})([-/.])(\\d{1,2})\\6(\\d{4}|\\d{2})(?![\\w/-]|\\.\\d)', // 04/03/1985, 03-04-85
    `(?<!\\w)(\\d{1,2})${ORDINAL}(?: of| de)?[ ]+(${MONTHS})\\.?,?(?: de)?[ ]+(\\d{4})(?!\\w)`, // 4 March 1985, 4 de julio de 1990
    `(?<!\\w)(${MONTHS})\\.?[ ]+(\\d{1,2})(?:st|nd|rd|th)?,?[ ]+(\\d{4})(?!\\w)`, // March 4, 1985
    `(?<![\\w/.-])(\\d{1,2})([-/])(${MONTHS})\\16(\\d{4})(?![\\w/-])`, // 04-Jul-1990
    '(?<![\\w/.-])((?:19|20)\\d\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?![\\w/-]|\\.\\d)', // 19900704
  ].join('|'),
  'gi',
);
/**
 * Every DATE_RE match, whatever surrounds it, contains one of these: the numeric layouts hold a digit,
 * a separator, one or two digits and the same separator again before a digit; the month layouts hold
 * the month name (ending in a letter), an optional '.' and ',', spaces or a '-' or '/' and a digit;
 * the compact layout eight digits. A cheap test on the whole text before any context work (the
 * lookaround-free DATE_RE itself costs more than the work it would save).
 */
// The month part is written as ' \d' followed by a look-behind, so the scan skips ahead on the digit
// (a leading letter class would be tried at every letter). DATE_RE's `i` flag matches month names
// in ASCII letters only (no non-ASCII character folds to ASCII outside the `u` mode), hence [a-zA-Z].
const DATE_NEED = /\d([-/.])\d\d?\1\d| \d(?<=[a-zA-Z\u00c0-\u00ff.,] +\d)|[-/]\d(?<=[a-zA-Z\u00c0-\u00ff][-/]\d)|\d{8}/;
/**
 * The context tests whose windows() the recognizers below scan on every long text; a detector with
 * several of them primes their anchors in one pass (see AnchorIndex, WINDOWED_CONTEXTS).
 */
export const WINDOW_ANCHORS = anchorIndex();

const DOB_CONTEXT = contextWords(
  [
    'dob',
    'd.o.b.',
    'date of birth',
    'birth date',
    'birthdate',
    'birthday',
    'born',
    'born on',
    'birth',
    'geboren',
    'geburtsdatum',
    'geburtstag',
    'né',
    'née',
    'date de naissance',
    'naissance',
    'fecha de nacimiento',
    'nacimiento',
    'nacido',
    'nacida',
    'data di nascita',
    'nascita',
    'data de nascimento',
    'nascimento',
    'nascido',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);
/**
 * A compact date (19900704) is read as a birth date only this close after its birth word ("dob 19900704")
 * and with no other number in between.
 */
const COMPACT_DATE_REACH = 24;

function monthIndex(name: string): number {
  return MONTH_EXACT.findIndex((re) => re.test(name)) + 1;
}

function plausibleDate(y: number, mo: number, d: number): boolean {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1]!;
}

/** Calendar-valid dates with a birth word earlier in the same clause and no other date in between. */
export const scanDatesOfBirth: Recognizer = (text, out) => {
  if (!DATE_NEED.test(text)) return;
  for (const [from, to] of DOB_CONTEXT.windows(text, CONTEXT_REACH)) scanDatesIn(text, from, to, out);
};

function scanDatesIn(text: string, from: number, to: number, out: TextMatch[]): void {
  let previousDateEnd = from;
  const region = text.slice(from, to);
  DATE_RE.lastIndex = 0;
  for (let m = DATE_RE.exec(region); m !== null; m = DATE_RE.exec(region)) {
    let ok = false;
    if (m[1] !== undefined) ok = plausibleDate(+m[1], +m[3]!, +m[4]!);
    else if (m[5] !== undefined) {
      const yRaw = m[8]!;
      const y = yRaw.length === 2 ? 1900 + +yRaw : +yRaw;
      // Day-first or month-first: accept when either reading is a real date.
      ok = plausibleDate(y, +m[7]!, +m[5]) || plausibleDate(y, +m[5], +m[7]!);
    } else if (m[9] !== undefined) ok = plausibleDate(+m[11]!, monthIndex(m[10]!), +m[9]);
    else if (m[12] !== undefined) ok = plausibleDate(+m[14]!, monthIndex(m[12]), +m[13]!);
    else if (m[15] !== undefined) ok = plausibleDate(+m[18]!, monthIndex(m[17]!), +m[15]);
    else if (m[19] !== undefined) ok = plausibleDate(+m[19], +m[20]!, +m[21]!);
    if (!ok) continue;
    const start = from + m.index;
    const end = start + m[0].length;
    const near =
      m[19] === undefined
        ? DOB_CONTEXT.near(text, start, end, previousDateEnd)
        : (() => {
            // Close after the birth word with no other number in between ("born 1985, account 20120315").
            const d = DOB_CONTEXT.distance(text, start, previousDateEnd);
            return d >= 0 && d <= COMPACT_DATE_REACH && !/\d/.test(text.slice(start - d, start));
          })();
    if (near) push(out, 'date_of_birth', start, end, 0.85);
    previousDateEnd = end;
  }
}

// ---------------------------------------------------------------- context-bound identifiers

interface ContextualSpec {
  type: string;
  pattern: RegExp;
  context: ReturnType<typeof contextWords>;
  /** Score when the context is present. */
  score: number;
  /** A self-describing format reported without context (global regex), and its score. */
  bare?: RegExp;
  bareScore?: number;
  /**
   * Characters of the value that `bare` asserts behind its match instead of matching them: the value
   * starts that many characters before the match (a pattern that starts on its digits skips ahead on
   * them instead of trying every letter of the text).
   */
  bareLead?: number;
  validate?: (value: string) => boolean;
}

const BARE_PRECHECK = /[A-Z]\d|\d[A-Z]/;

/** How far after a context word the value may start ("passport number is X12345678"). */
const CONTEXT_REACH = 64;

/** Longest text on which the lookaround-free precheck runs before the context-word search. */
const NEED_TEST_MAX = 1024;

function contextual(spec: ContextualSpec): Recognizer {
  const need = withoutLookarounds(spec.pattern);
  return (text, out) => {
    // On a short text (a rival window) the test is cheaper than the context-word search; on a long
    // one the pattern without its anchors can cost more than the search it would save.
    const windows = text.length > NEED_TEST_MAX || need.test(text) ? spec.context.windows(text, CONTEXT_REACH) : [];
    for (const [from, to] of windows) {
      const slice = text.slice(from, to);
      const pattern = spec.pattern;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(slice); m !== null; m = pattern.exec(slice)) {
        const value = m[0];
        if (spec.validate && !spec.validate(value)) continue;
        const start = from + m.index;
        const end = start + value.length;
        if (spec.context.inside(value)) push(out, spec.type, start, end, spec.score + 0.1);
        else {
          // The closer the context word, the higher the score, so "MRN: x / member id y" gives y to
          // insurance_id rather than to the MRN whose word is further away.
          const distance = spec.context.distance(text, start);
          if (distance >= 0) push(out, spec.type, start, end, spec.score + 0.1 * (1 - Math.min(distance, 64) / 64));
        }
      }
    }
    // Both self-describing formats hold a run of at least two digits after letters; a cheap test first.
    if (spec.bare && BARE_PRECHECK.test(text)) {
      const bare = spec.bare;
      bare.lastIndex = 0;
      const lead = spec.bareLead ?? 0;
      for (let m = bare.exec(text); m !== null; m = bare.exec(text)) {
        const start = m.index - lead;
        const end = m.index + m[0].length;
        if (spec.validate && !spec.validate(lead === 0 ? m[0] : text.slice(start, end))) continue;
        push(out, spec.type, start, end, spec.bareScore ?? 0.6);
      }
    }
  };
}

const hasDigit = (v: string): boolean => /\d/.test(v);

const PASSPORT_CONTEXT = contextWords(
  [
    'passport',
    'passport no',
    'passport number',
    'passport#',
    'travel document',
    'reisepass',
    'passeport',
    'pasaporte',
    'passaporte',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);

/** Passport numbers (US/UK/EU/IN layouts) after a passport word. */
export const scanPassports = contextual({
  type: 'passport',
  // US/UK 9 digits, letter(s) + 6-8 digits (US, IN, many EU), FR 2 digits + 2 letters + 5 digits, DE C01X00T47.
  pattern: /(?<![\w-])(?:[A-Z]{1,2}\d{6,8}|\d{9}|\d{2}[A-Z]{2}\d{5}|[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8})(?![\w-])/g,
  context: PASSPORT_CONTEXT,
  score: 0.85,
  validate: (v) => hasDigit(v) && !allSameDigit(digitsOf(v)),
});

const LICENSE_CONTEXT = contextWords(
  [
    'driver license',
    "driver's license",
    'drivers license',
    'driving licence',
    'driving license',
    "driver's licence",
    'drivers licence',
    'license number',
    'licence number',
    'license no',
    'dl',
    'dl#',
    'dl no',
    'cdl',
    'führerschein',
    'permis de conduire',
    'license',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);

/** Driving licence numbers after a licence word; UK DVLA numbers also without one. */
export const scanDriversLicenses = contextual({
  type: 'drivers_license',
  // State formats range from 1 letter + 4..14 digits to 7..13 digits; UK DVLA numbers are 16 chars.
  pattern:
    /(?<![\w-])(?:[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}|[A-Z]{1,2}[- ]?\d{4,14}|\d{7,13}|[A-Z]\d{3}-\d{4}-\d{4}|[A-Z]\d{2}-\d{2}-\d{4})(?![\w-])/g,
  context: LICENSE_CONTEXT,
  score: 0.85,
  // The DVLA layout [A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}, matched from its six digits (see bareLead).
  bare: /\d{6}(?<=(?<![\w-])[A-Z9]{5}\d{6})[A-Z9]{2}\d[A-Z]{2}(?![\w-])/g,
  bareLead: 5,
  bareScore: 0.7,
  validate: (v) => hasDigit(v) && !allSameDigit(digitsOf(v)),
});

const MRN_CONTEXT = contextWords(
  [
    'mrn',
    'medical record',
    'medical record number',
    'record number',
    'patient id',
    'patient number',
    'chart number',
    'hospital number',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);

/** Medical record numbers after an MRN / medical record word. */
export const scanMrns = contextual({
  type: 'mrn',
  pattern: /(?<![\w-])(?:[A-Z]{1,4}-?)?\d{6,10}(?![\w-])/g,
  context: MRN_CONTEXT,
  score: 0.85,
  validate: (v) => !allSameDigit(digitsOf(v)),
});

const NPI_CONTEXT = contextWords(
  ['npi', 'national provider', 'provider id', 'provider number', 'prescriber'],
  48,
  0,
  WINDOW_ANCHORS,
);

/** US National Provider Identifiers (Luhn with the 80840 prefix) after an NPI word. */
export const scanNpis = contextual({
  type: 'npi',
  pattern: /(?<![\w-])[12]\d{9}(?![\w-])/g,
  context: NPI_CONTEXT,
  score: 0.9,
  validate: (v) => npiValid(v),
});

const INSURANCE_CONTEXT = contextWords(
  [
    'insurance',
    'member id',
    'member number',
    'subscriber id',
    'policy number',
    'policy no',
    'group number',
    'medicare',
    'medicaid',
    'mbi',
    'health plan',
    'insurer',
    'beneficiary',
  ],
  48,
  0,
  WINDOW_ANCHORS,
);

/** Health insurance member ids after an insurance word; Medicare MBIs also without one. */
export const scanInsuranceIds = contextual({
  type: 'insurance_id',
  // Medicare MBI (11 chars, fixed letter/digit positions) or payer member IDs: 1-4 letters + 6-12 digits.
  pattern:
    /(?<![\w-])(?:\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}|[A-Z]{1,4}[- ]?\d{6,12}(?:-\d{2})?|\d{9,12}[A-Z]?)(?![\w-])/g,
  context: INSURANCE_CONTEXT,
  score: 0.85,
  bare: /(?<![\w-])\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w-])/g,
  bareScore: 0.6,
  validate: (v) => !allSameDigit(digitsOf(v)),
});

/** The WINDOW_ANCHORS member each type's recognizer asks for windows on a whole text. */
export const WINDOWED_CONTEXTS: Readonly<Record<string, ContextWords>> = {
  date_of_birth: DOB_CONTEXT,
  passport: PASSPORT_CONTEXT,
  drivers_license: LICENSE_CONTEXT,
  mrn: MRN_CONTEXT,
  npi: NPI_CONTEXT,
  insurance_id: INSURANCE_CONTEXT,
};

/** Word-character test used by callers that extend spans. */
export function isWordChar(text: string, i: number): boolean {
  return i >= 0 && i < text.length && (isAlnumCode(text.charCodeAt(i)) || text[i] === '_');
}
