/**
 * Pattern recognizers for the structured PII entities: each pairs a linear-time candidate pattern with
 * validation (checksums, numbering rules, calendars) and context words. Patterns use bounded
 * quantifiers and unambiguous separators so a hostile input cannot make them backtrack badly.
 *
 * This module holds what every recognizer shares (the Recognizer types, the score floor of `push`) and
 * the numbers that validate themselves - SSNs, payment cards, IP addresses, IBANs - whose context words
 * only raise their score. Emails are in pii-email.ts; the entities read as PII only after a context word
 * (dates of birth, passports, driving licences, MRNs, NPIs, insurance ids) in pii-context-bound.ts.
 */
import { gs1Valid, IBAN_LENGTHS, ibanValid } from './checksums.js';
import type { TextMatch } from './match.js';
import { cellHeader } from './pii-columns.js';
import { allSameDigit, contextWords, digitsOf, isAlnumCode, isDigitCode } from './pii-context.js';

/** A recognizer adds its matches to `out`. */
export type Recognizer = (text: string, out: TextMatch[]) => void;

/**
 * A recognizer whose matches consist only of characters of a known class and whose validation reads
 * the text around a match: it can be run over one region [from, to) of `text` (offsets stay absolute,
 * context still comes from the whole text). Over regions that cover every maximal run of the class,
 * plus one neighbour on each side for the regex look-arounds, it finds exactly what a whole-text scan
 * finds (see the numeric-run gate in pii-numeric-runs.ts).
 */
export type RegionRecognizer = (text: string, out: TextMatch[], from?: number, to?: number) => void;

/** `text` itself for the whole range, else the slice (look-arounds see the region's neighbours). */
function regionOf(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

const MIN_SCORE = 0.5;

/** Adds a finding of `type` to `out` when its score reaches MIN_SCORE (capped at 0.99). */
export function push(out: TextMatch[], type: string, start: number, end: number, score: number): void {
  if (score >= MIN_SCORE) out.push({ type, start, end, score: Math.min(0.99, score), detector: 'pii' });
}

// ---------------------------------------------------------------- SSN

/**
 * Group separators of SSNs, cards and IBANs besides '-': a space, a tab, a no-break space (U+00A0) or a
 * narrow no-break space (U+202F, French digit grouping); word processors and PDFs paste them for spaces.
 * IBAN_SEPARATORS adds the '-' a dashed IBAN is grouped by.
 */
const IBAN_SEPARATORS = /[ \t\u00a0\u202f-]/g;
/**
 * ddd-dd-dddd, with blanks, dots (`536.22.8765`, as some forms print it) or nothing between the groups;
 * every form but the dashed one needs a context word (scanSsns).
 */
const SSN_RE = /(?<![\w-])(\d{3})([- \t\u00a0\u202f.]?)(\d{2})\2(\d{4})(?![\w-])/g;
const SSN_CONTEXT = contextWords(
  [
    'ssn',
    'ssns',
    // Compounds match camelCase JSON keys too ("ssnNumber", "taxpayerId"), where 'ssn' alone is glued on.
    'ssn number',
    'ssn no',
    'social security',
    'social security number',
    'social',
    'ss#',
    'ss no',
    'ssa',
    'taxpayer',
    'taxpayer id',
    'tin',
  ],
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
    // A dotted one is not part of a longer dotted number (a version, an OID).
    if (sep === '.' && (dottedNumberAt(text, start - 2) || dottedNumberAt(text, end))) continue;
    const base = sep === '-' ? 0.6 : sep !== '' ? 0.45 : 0.25;
    // An undelimited or spaced one in a table row: its column's header may be its word (pii-columns.ts).
    const near = SSN_CONTEXT.near(text, start, end) || (base < MIN_SCORE && headerNamesSsn(text, start, end));
    push(out, 'ssn', start, end, near ? base + 0.4 : base);
  }
};

/** Whether the value at `start` lies in a table column whose header names an SSN (kept out of scanSsns' loop). */
function headerNamesSsn(text: string, start: number, end: number): boolean {
  const header = cellHeader(text, start, end);
  return header !== null && SSN_CONTEXT.inside(header);
}

/** A digit and a '.' at i, i + 1, or a '.' and a digit (from the end of a value). */
function dottedNumberAt(text: string, i: number): boolean {
  if (i < 0 || i + 1 >= text.length) return false;
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  return (isDigitCode(a) && b === 46) || (a === 46 && isDigitCode(b));
}

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
 * 4-4-4-4(-1..3), the 4-6-5 American Express layout, 4-4-4-3 and 4-4-4-2 (15- and 14-digit numbers typed
 * in the fours of a 16-digit card, as payment forms group what is typed: `3782 8224 6310 005`), 13-19
 * digits in one run, or such a run wrapped (CARD_WRAPPED). Not inside a longer dotted number
 * (`1.4111.1111.1111.1111`, `4111111111111111.5`). The separators are checked in scanCards (see
 * cardGroupingConsistent), and a line break may stand for at most one of them.
 */
const CARD_RE = new RegExp(
  `(?<![\\w-]|\\d\\.)(?:\\d{4}${CARD_SEP}\\d{4}${CARD_SEP}\\d{4}${CARD_SEP}(?:\\d{4}(?:${CARD_SEP}\\d{1,3})?|\\d{2,3})|\\d{4}${CARD_SEP}\\d{6}${CARD_SEP}\\d{4,5}|\\d{13,19}|${CARD_WRAPPED})(?![\\w-]|\\.\\d)`,
  'g',
);
const DIGIT_RUNS = /\d+/;
/** The fifth group of a 4-4-4-4(-1..3) CARD_RE match, with the separator before it. */
const FIFTH_GROUP = new RegExp(`(?<=^\\d{4}(?:${CARD_SEP}\\d{4}){3})(?!\\.)${CARD_SEP}\\d{1,3}$`);

/**
 * True when the separators between the digit groups of `value` form one grouping: the same separator
 * everywhere, except one line break (the number wrapped at the end of a line) whose separator, if it
 * kept one, is that same separator. The blanks and the hyphen count as one separator (sameSeparator):
 * a number typed by hand mixes them (`4111 1111-1111 1111`, `4111-1111 1111 1111`), and Luhn and the
 * issuer prefix still decide. Dots mixed with them (`4111 1111.1111 1111`: decimals) and columns of
 * numbers (a line break between every group) are not a card layout.
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
        if (firstLength === 1) {
          if (!sameSeparator(value.charCodeAt(i), value.charCodeAt(first))) return false;
        } else
          for (let k = 0; k < firstLength; k++)
            if (value.charCodeAt(i + k) !== value.charCodeAt(first + k)) return false;
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
    else if (!sameSeparatorText(s, sep)) return false;
  }
  return wrapped === undefined || wrapped === '' || sep === undefined || sameSeparatorText(wrapped, sep);
}

/** A blank (space, tab, no-break spaces) or a hyphen: one card separator, whichever of them is typed. */
function isBlankOrHyphen(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 45;
}

/** Whether two one-character separators of a card grouping are the same one (see cardGroupingConsistent). */
function sameSeparator(a: number, b: number): boolean {
  return a === b || (isBlankOrHyphen(a) && isBlankOrHyphen(b));
}

function sameSeparatorText(a: string, b: string): boolean {
  return a.length === 1 && b.length === 1 ? sameSeparator(a.charCodeAt(0), b.charCodeAt(0)) : a === b;
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

/** Where the second digit run of a card candidate starts (0: it has one run). */
function secondRunAt(value: string): number {
  let i = 0;
  while (i < value.length && isDigitCode(value.charCodeAt(i))) i++;
  while (i < value.length && !isDigitCode(value.charCodeAt(i))) i++;
  return i < value.length ? i : 0;
}

/** How far back from a failed card candidate the digits and blanks before it may reach (see numberBefore). */
const NUMBER_BEFORE_REACH = 24;

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f;
}

/**
 * Whether the digits and blanks that run back from `at` (the start of a failed card candidate) can hold a
 * number of their own written before a card, so that the candidate's first groups may belong to it. Looks
 * back NUMBER_BEFORE_REACH characters at most (one bounded look back per failed candidate):
 * - the run begins within them, and not right after a letter (an IBAN's `DE02 9260 6996 ...`, whose
 *   later groups are its account number): a short number stands apart before the card;
 * - or the run goes on further, but a whole group within them is not four digits (`+44 20 7946 0958 020
 *   7946 0958 4111 1111 1111 1111`: phone numbers, whose groups a card's grouping does not have). A long
 *   run of four-digit groups only (`acct 0123 4567 8901 0234 5678 9012`) is one number: reading a card
 *   from each of its groups would find one by chance in every tenth window.
 */
function numberBefore(region: string, at: number): boolean {
  let i = at;
  const stop = Math.max(0, at - NUMBER_BEFORE_REACH);
  // The length of the group being walked back over, and whether a whole group seen was not four digits.
  let group = 0;
  let otherGroup = false;
  while (i > stop) {
    const c = region.charCodeAt(i - 1);
    if (isDigitCode(c)) group++;
    else if (isBlankCode(c)) {
      if (group !== 0 && group !== 4) otherGroup = true;
      group = 0;
    } else break;
    i--;
  }
  if (i === 0) return true;
  const c = region.charCodeAt(i - 1);
  if (isDigitCode(c) || isBlankCode(c)) return otherGroup;
  return !(isAlnumCode(c) && isDigitCode(region.charCodeAt(i)));
}

/** Payment cards: issuer prefix and length, Luhn, common groupings. */
export const scanCards: RegionRecognizer = (text, out, from = 0, to = text.length) => {
  const region = regionOf(text, from, to);
  CARD_RE.lastIndex = 0;
  for (let m = CARD_RE.exec(region); m !== null; m = CARD_RE.exec(region)) {
    const read = readCard(text, m[0], from + m.index, out);
    if (read === NOT_ONE_GROUPING) {
      // Not one grouping from here: a card may still start at a later group (`1234 5678-4111-1111-...`).
      CARD_RE.lastIndex = m.index + 1;
      continue;
    }
    const next = secondRunAt(m[0]);
    if (read === NOT_A_CARD) {
      // Not a card from its first group; one may start at the next: a number written before the card
      // in the same grouping was read as its first group or groups (the year of a date, a count, the
      // end of a phone number, a number on the line before it: `07/04/1990 4111 1111 1111 1111`, `+44 20
      // 7946 0958 4111 1111 1111 1111`), and the card was skipped with it. Such a number is short and
      // stands apart: not the groups of a long run or of a code glued to letters (an IBAN's `DE02 9260
      // 6996 ...`, whose later groups are its account number, not a card).
      if (next > 0 && numberBefore(region, m.index)) CARD_RE.lastIndex = m.index + next;
      continue;
    }
    // A card whose groups go on: the candidate from its second group may be a card too (a count before
    // the card made a valid card with its first groups, `5555 6011 1111 1111 1117`). Both are reported;
    // overlap resolution keeps one and widens it over the other (see coverLostValues in pii-overlaps.ts), so no
    // group of either is left. The scan then goes on after the first, as before.
    if (read > 0 && next > 0 && groupFollows(region, m.index + read)) {
      const after = CARD_RE.lastIndex;
      CARD_RE.lastIndex = m.index + next;
      const shifted = CARD_RE.exec(region);
      if (shifted !== null && shifted.index === m.index + next) readCard(text, shifted[0], from + shifted.index, out);
      CARD_RE.lastIndex = after;
    }
  }
};

/** readCard's answers other than a card's length. */
const NOT_ONE_GROUPING = -1;
const NOT_A_CARD = 0;
const NOT_REPORTED = -2;

/**
 * Reads the CARD_RE match `candidate` at `start` of `text`: pushes the card it holds and returns the
 * card's length, or NOT_ONE_GROUPING, NOT_A_CARD (Luhn, issuer, length), NOT_REPORTED (a version, rows
 * of numbers).
 */
function readCard(text: string, candidate: string, start: number, out: TextMatch[]): number {
  let value = candidate;
  let consistent = cardGroupingConsistent(value);
  let digits = consistent ? cardDigits(value) : 0;
  // The optional fifth group of 4-4-4-4(-1..3) may be the next number, not the card's end: an expiry
  // month or a CVV written after it (`4111 1111 1111 1111 12/25 123`, `4111-1111-1111-1111 12/25`).
  // Then the sixteen digits alone are the candidate; not after a '.', where the dotted number goes on
  // (`4111.1111.1111.1111.5` is not a card).
  const tail = digits === 0 ? FIFTH_GROUP.exec(value) : null;
  if (tail !== null) {
    value = value.slice(0, tail.index);
    consistent = cardGroupingConsistent(value);
    digits = consistent ? cardDigits(value) : 0;
  }
  if (!consistent) return NOT_ONE_GROUPING;
  if (digits === 0) return NOT_A_CARD;
  const end = start + value.length;
  // A dotted number after a version or section word is that, whatever its checksum.
  if (value.includes('.') && VERSION_BEFORE.test(text.slice(Math.max(0, start - VERSION_REACH), start)))
    return NOT_REPORTED;
  if ((digits === 13 || digits === 14) && barcodeLabelled(text, start, end, value)) return NOT_REPORTED;
  // WRAPPED_RUN needs a line break.
  const wrappedRun = value.includes('\n') && WRAPPED_RUN.test(value);
  if (wrappedRun && inRowsOfNumbers(text, start, end)) return NOT_REPORTED;
  const grouped = !wrappedRun && value.length !== digits;
  const base = grouped ? 0.85 : 0.7;
  push(out, 'credit_card', start, end, CARD_CONTEXT.near(text, start, end) ? base + 0.14 : base);
  return value.length;
}

/**
 * A product's barcode number (EAN-13 / GTIN-13, GTIN-14) after its label (`EAN 5901234123457`, `GTIN:`,
 * `barcode`, `UPC`, `JAN`) or with it in parentheses after it (`4006381333931 (EAN)`). Thirteen digits
 * from 4 (Germany's GS1 prefixes, 400-440) or 50, 56-69 (the UK, Poland, China's 690-699, ...) fit a Visa or
 * Maestro layout, and one barcode in ten also passes Luhn. Only a number that passes the GS1 check digit
 * too: a card after such a label that fails it stays a card.
 */
const BARCODE_BEFORE =
  /\b(?:ean(?:-?13)?|gtin(?:-?1[34])?|upc|jan|bar ?codes?)(?:[ \t]+(?:code|no\.?|number))?[ \t]*[:=#-]?[ \t]*$/i;
const BARCODE_AFTER = /^[ \t]*\((?:ean(?:-?13)?|gtin(?:-?1[34])?|upc|jan|bar ?code)\b/i;

function barcodeLabelled(text: string, start: number, end: number, value: string): boolean {
  return (
    (BARCODE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) ||
      BARCODE_AFTER.test(text.slice(end, end + 16))) &&
    gs1Valid(value)
  );
}

/** Whether a group of digits follows `at` in `region` after one blank or '-' (the grouping goes on). */
function groupFollows(region: string, at: number): boolean {
  const c = region.charCodeAt(at);
  return (isBlankCode(c) || c === 45) && isDigitCode(region.charCodeAt(at + 1));
}

// ---------------------------------------------------------------- IP addresses

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
/**
 * Dotted numbers right after these words are versions or document numbering, not addresses: a version
 * or numbering noun (`kernel 6.8.0.45`, `driver`, `bios` and `sdk` too; plural too when longer than an
 * abbreviation), perhaps with `:`, `=`, `#`, `is`, `was` or `number` after it, or an opening bracket or a hyphen (`version 10.2.3.4`, `Release: 10.2.3.4`,
 * `section 4.2.1.3`, `sections [7.6.1.1]`, `#section-8.1.2.2`), or a verb that only versions take with `to` or `from`
 * (`upgrade to 10.2.3.4`, `downgraded from`, `bump to`, `roll back to`). Verbs that also move traffic or
 * records to a host (`update to`, `migrate to`, `revert to`, `point to`) are left out: there the number
 * may well be an address, and a missed address leaks while a redacted version only costs readability.
 * A version noun may also end a key (`AssemblyVersion("1.2.3.4")`, `app_version: 4.4.0.12`, `FileVersion`) and be
 * set off by the quotes and markup of JSON, YAML, XML and code (`"version": "4.4.0.12"`,
 * `<Version>4.4.0.12</Version>`): manifests and .NET projects carry four-part versions. The English words
 * that end in "version" (`conversion`, `diversion`, `inversion`, ...) are no key.
 */
const VERSION_BEFORE = new RegExp(
  [
    '(?:(?:\\b(?:v|ver\\.?|rev|sect\\.?|ch\\.?|art\\.?|para\\.?|fig\\.?|oid|(?:release|build|firmware|kernel|driver|bios|sdk|revision|patch|hotfix|changelog|section|chapter|clause|article|paragraph|figure|table|step|item|rule|part)s?|patches|appendix|appendices)|\\w*(?<!\\b(?:a|con|di|extro|in|intro|per|re|sub))versions?)(?:["\']?\\s*[:=#[(>-]\\s*["\']?|\\s+(?:is|was|are|number|no\\.?))?|§)\\s*$',
    '\\b(?:upgrad(?:e|ed|es|ing)|downgrad(?:e|ed|es|ing)|bump(?:ed|s|ing)?|roll(?:ed|s|ing)?\\s+back|rollback)\\s+(?:to|from)\\s+$',
  ].join('|'),
  'i',
);
/** How far before a dotted number VERSION_BEFORE looks (`downgrading from ` is 17 characters). */
const VERSION_REACH = 24;
/**
 * After a dotted number, a pre-release tag (`1.2.3.4-rc.1`, `10.2.3.4-beta`), a package or installer's
 * extension (`app-4.4.0.12.tar.gz`, `setup-6.2.1.4.msi`) or a build or platform in parentheses
 * (`4.4.0.12 (build 771)`, `6.2.1.4 (x64)`) makes it a version.
 */
const VERSION_AFTER =
  /^(?:-(?:rc|alpha|beta|pre|preview|dev|snapshot|canary|next|nightly)(?![a-z])|\.(?:tar|tgz|zip|gz|msi|msix|exe|dll|jar|whl|nupkg|deb|rpm|dmg|pkg|apk|iso)\b|\s?\((?:build|x64|x86|amd64|arm64|64-bit|32-bit)\b)/i;
/**
 * Between a version and the next dotted number: `upgrade from 10.2.3.3 to 10.2.3.4`, `10.2.3.3 -> 10.2.3.4`,
 * `10.2.3.3 and 10.2.3.4` make the second one a version too.
 */
const VERSION_PAIR = /^\s*(?:to|and|or|through|->|→|-|–|,)\s*$/;
/**
 * The upgrade phrasing with words between the verb and the numbers: `upgraded nginx from 6.2.1.4 to 6.2.1.5`,
 * `firmware went from ...`, `bumped the SDK from ...`. A dotted number after `from` and before `to` and
 * another number (FROM_BEFORE, TO_NUMBER_AFTER) is a version when the clause before `from` (back to the
 * sentence's start, at most FROM_CLAUSE_REACH characters) names a version verb or noun (VERSION_CLAUSE) and
 * no address noun or verb that moves traffic or records (ADDRESS_CLAUSE): `moved traffic from 10.0.0.1 to
 * 10.0.0.2`, `upgraded the host from ...`, `the release moved users from ...` and `updated the DNS record
 * from ...` stay addresses (a missed address leaks; see VERSION_BEFORE).
 */
const FROM_BEFORE = /\bfrom\s+$/i;
const TO_NUMBER_AFTER = /^\s+to\s+v?\d/i;
const FROM_CLAUSE_REACH = 64;
// `build` but not `building`, which names a place (`the building went from 10.0.0.1 to ...`).
const VERSION_CLAUSE =
  /\b(?:upgrad|downgrad|bump|roll(?:ed|s|ing)?\s+back|rollback|patch|version|release|build(?!ings?\b)|firmware|sdk|driver|kernel|package|librar|dependenc)/i;
const ADDRESS_CLAUSE =
  /\b(?:ip|ipv[46]|addr|address|addresses|host|hosts|hostname|server|servers|dns|gateway|subnet|network|networks|vlan|lan|wan|proxy|endpoint|node|nodes|vip|nat|peer|traffic|interface|nic|egress|ingress|record|records|ssh|mov(?:e|ed|es|ing)|migrat\w*|redirect\w*|forward\w*|point(?:s|ed|ing)?|rout\w*|connect\w*|failover|fail(?:s|ed|ing)?\s+over)\b/i;

/** Whether the number at [start, end) is the first of an upgrade's `from X to Y` (see FROM_BEFORE). */
function upgradedFrom(text: string, start: number, end: number): boolean {
  // The anchored look-ahead first: most numbers have no `to` after them.
  if (!TO_NUMBER_AFTER.test(text.slice(end, end + 8))) return false;
  const before = text.slice(Math.max(0, start - FROM_CLAUSE_REACH), start);
  if (!FROM_BEFORE.test(before.slice(-12))) return false;
  // The clause: from after the last sentence break (". ", "; ", "! ", "? " or a line break) on.
  let from = 0;
  for (let i = before.length - 2; i >= 0; i--) {
    const c = before[i]!;
    if (c === '\n' || ((c === '.' || c === ';' || c === '!' || c === '?') && /\s/.test(before[i + 1]!))) {
      from = i + 1;
      break;
    }
  }
  const clause = before.slice(from);
  return VERSION_CLAUSE.test(clause) && !ADDRESS_CLAUSE.test(clause);
}

/**
 * A browser or mail client's name right before a dotted number, with a blank or a user agent's `/` in
 * between (`Firefox 128.0.3.1`, `Chrome/120.0.6.109`), makes it that product's version: these names do
 * not name hosts, and their releases are four-part. The user-agent tokens (`Edg/`, `OPR/`, `Version/`)
 * and a bare `Edge` (which also names a router) count only with their `/`. Only these names, and only
 * directly before the number: a server's or tool's name (`nginx 10.1.2.3`, `postgres`, `node`) or a
 * word between (`Firefox on 10.1.2.3`, `Chrome, 10.1.2.3`) leaves an address, which would leak if missed.
 */
const PRODUCT_BEFORE =
  /(?<![\w.-])(?:[Ff]irefox|(?:Headless)?[Cc]hrom(?:e|ium)|[Ss]afari|[Tt]hunderbird|[Ss]ea[Mm]onkey|Microsoft Edge|Opera|Brave|Vivaldi|MSIE|(?:Firefox|Thunderbird)\s+ESR)(?: {1,2}|\t|\/)$|(?<![\w.-])(?:Edge?|OPR|CriOS|FxiOS|SamsungBrowser|YaBrowser|Version)\/$/;
/** How far before a dotted number PRODUCT_BEFORE looks (`SamsungBrowser/` is 15 characters). */
const PRODUCT_REACH = 18;

/**
 * The numbering nouns that also head network policy and inventories (`firewall rule 10.1.2.3 allowed`,
 * `item 192.168.1.20 in the inventory`, `table 192.168.1.1 routes`, `step 10.0.0.5 is the jump host`).
 * After one of them (VERSION_BEFORE's numbering form) the number is still an address when it lies in a
 * private, loopback, link-local or shared range (no document numbers its sections 192.168 or 172.16), or
 * when an address word or a policy verb is within ADDRESS_NEAR_REACH characters on either side. A CIS
 * benchmark's `Rule 1.1.1.1 Ensure ...` stays a rule number.
 */
const WEAK_NUMBERING_BEFORE =
  /\b(?:rule|item|table|step|part)s?(?:["']?\s*[:=#[(>-]\s*["']?|\s+(?:is|was|are|number|no\.?))?\s*$/i;
const ADDRESS_NEAR_REACH = 48;
const POLICY_WORDS =
  /\b(?:firewall|acl|iptables|nftables|allow(?:s|ed|ing)?|den(?:y|ies|ied|ying)|block(?:s|ed|ing)?|drop(?:s|ped|ping)?|reject(?:s|ed|ing)?|(?:allow|block|deny|white|black)list(?:s|ed)?|inventory|jump|bastion|ping|dhcp|lease|cidr)\b/i;

/** Whether the dotted quad `value` lies in 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16 or 100.64/10. */
function privateIpv4(value: string): boolean {
  const dot = value.indexOf('.');
  const a = +value.slice(0, dot);
  const b = +value.slice(dot + 1, value.indexOf('.', dot + 1));
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** Whether the number at [start, end), after a WEAK_NUMBERING_BEFORE noun, is an address all the same. */
function addressAfterWeakNumbering(text: string, start: number, end: number): boolean {
  if (privateIpv4(text.slice(start, end))) return true;
  const around = text.slice(Math.max(0, start - ADDRESS_NEAR_REACH), Math.min(text.length, end + ADDRESS_NEAR_REACH));
  return ADDRESS_CLAUSE.test(around) || POLICY_WORDS.test(around);
}

const IP_CONTEXT = contextWords(['ip', 'ipv4', 'ipv6', 'address', 'host', 'server', 'client', 'from', 'source'], 40);

/**
 * A version verb with its object between it and `to` (`upgrade the agent to 7.1.0.3`, `bump openssl to
 * 3.0.13.1`, `bumped xz to 5.6.1.1`): one to three words, none an address noun or a verb that moves traffic
 * or records (ADDRESS_CLAUSE: `upgrade the host to 10.0.0.2`, `bump the proxy to 10.0.0.3` stay addresses).
 * The words are bounded and the slice is short; TO_BEFORE is tested first, as most numbers have no `to`.
 */
const TO_BEFORE = /\bto\s+$/i;
const VERB_OBJECT_TO =
  /\b(?:upgrad(?:e|ed|es|ing)|downgrad(?:e|ed|es|ing)|bump(?:ed|s|ing)?)((?:[ \t]+[\w.+@/-]{1,40}){1,3}?)[ \t]+to[ \t]+$/i;
const VERB_OBJECT_REACH = 72;

function versionVerbWithObject(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - VERB_OBJECT_REACH), start);
  if (!TO_BEFORE.test(before.slice(-6))) return false;
  const m = VERB_OBJECT_TO.exec(before);
  return m !== null && !ADDRESS_CLAUSE.test(m[1]!);
}

/**
 * A container image's tag (`ghcr.io/acme/api:2.4.1.9`, `registry.example.com/app:1.2.3.4`): the number
 * right after the ':' of a repository path (one with a '/', not a file path: no leading '/', '.' or '~',
 * and its last part has no '.' as a file name has), on a line that names images or their tools (`image:`,
 * `docker pull`, `podman run`, `kubectl`, `helm`, a Dockerfile's `FROM`). A file path with a colon, as grep
 * prints its matches (`ansible/inventory:10.0.0.1`), or a host's path with a port stays an address.
 */
const IMAGE_LINE = /\b(?:images?|docker|podman|nerdctl|crictl|kubectl|helm|pull|push)\b|^[ \t]*FROM[ \t]/i;
const IMAGE_REF_REACH = 128;

function imageTagBefore(text: string, start: number): boolean {
  if (start < 4 || text.charCodeAt(start - 1) !== 58) return false;
  const floor = Math.max(0, start - 1 - IMAGE_REF_REACH);
  let i = start - 1;
  let slash = -1;
  for (; i > floor; i--) {
    const c = text.charCodeAt(i - 1);
    if (c === 47) {
      if (slash < 0) slash = i - 1;
    } else if (!(isAlnumCode(c) || c === 46 || c === 95 || c === 45)) break;
  }
  if (slash < 0) return false;
  const first = text.charCodeAt(i);
  const before = i > 0 ? text.charCodeAt(i - 1) : 32;
  // A path (a leading '/', '.' or '~'), a URL (`://`) or an address's user (`@`) is no image reference.
  if (first === 47 || first === 46 || before === 58 || before === 64 || before === 126) return false;
  if (text.slice(slash + 1, start - 1).includes('.')) return false;
  let lineStart = i;
  while (lineStart > 0 && i - lineStart < IMAGE_REF_REACH && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  return IMAGE_LINE.test(text.slice(lineStart, i));
}

/**
 * A Markdown heading that opens a changelog entry: `## [2.10.0.1] - 2024-03-15` (Keep a Changelog writes the
 * version in brackets), `## 2.10.0.1 (2024-03-15)`. The heading alone is not enough (`## 10.0.0.5` heads a
 * runbook's section on a host): the bracket or the release date after the number makes it a version.
 */
const HEADING_BEFORE = /(?:^|\n)[ \t]{0,3}#{1,6}[ \t]+(\[?)v?$/;
const RELEASE_DATE_AFTER = /^\]?[ \t]+(?:[-–—][ \t]+)?\(?(?:19|20)\d\d-\d\d-\d\d/;

function changelogHeading(text: string, start: number, end: number): boolean {
  const m = HEADING_BEFORE.exec(text.slice(Math.max(0, start - 16), start));
  if (m === null) return false;
  if (m[1] === '[' && text.charCodeAt(end) === 93) return true;
  return RELEASE_DATE_AFTER.test(text.slice(end, end + 20));
}

/**
 * The unspecified network 0.0.0.0/8 (`0.0.0.0` binds every interface, `0.0.0.0/0` is any address) and
 * 255.0.0.0/8 (netmasks, `255.255.255.0`, and the broadcast `255.255.255.255`) name no host, so no one.
 */
function nonHostIpv4(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  return (c === 48 && text.charCodeAt(start + 1) === 46) || text.startsWith('255.', start);
}

/** Whether VERSION_BEFORE makes the number at [start, end) a version or a numbering, not an address. */
function versionOrNumberingBefore(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - VERSION_REACH), start);
  if (!VERSION_BEFORE.test(before)) return false;
  return !(WEAK_NUMBERING_BEFORE.test(before) && addressAfterWeakNumbering(text, start, end));
}

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
    if (nonHostIpv4(text, start)) continue;
    if (
      pairedWithVersion ||
      versionOrNumberingBefore(text, start, end) ||
      versionVerbWithObject(text, start) ||
      imageTagBefore(text, start) ||
      changelogHeading(text, start, end) ||
      PRODUCT_BEFORE.test(text.slice(Math.max(0, start - PRODUCT_REACH), start)) ||
      VERSION_AFTER.test(text.slice(end, end + 12)) ||
      upgradedFrom(text, start, end)
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
 * Eight bytes written as colon-separated hex pairs: a Fibre Channel WWN (`50:06:01:60:3b:20:3a:53`), an
 * EUI-64, a certificate serial, a byte dump. The text form of an IPv6 address, but no assigned address is
 * written so: its first group would lie in the reserved 0000::/8, and the address would drop its leading
 * zeros (RFC 5952). Left alone, as a MAC address's six pairs are.
 */
const BYTE_PAIRS = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){7}$/;

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
    if (!ipv6Valid(value) || BYTE_PAIRS.test(value)) continue;
    // With a dotted tail (`::ffff:192.168.1.1`) the IPv4 rule also reports the tail, at up to 0.95: the
    // address scores as much, so overlap resolution keeps it whole (the longer span) instead of the tail.
    const score = value.length <= 3 ? 0.4 : value.includes('.') ? 0.95 : 0.85;
    push(out, 'ip_address', s, end, score);
  }
}

/** RFC 4291 text form: eight 16-bit groups, one optional '::', optional dotted IPv4 tail. */
function ipv6Valid(value: string): boolean {
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
 * it): country letters, check digits, then groups of four, separated by blanks or not at all, or by a
 * '-' between every two groups (`DE89-3704-0044-0532-0130-00`, as some forms and spreadsheets write it;
 * not a dashed token that goes on after it). The match starts at the check digits and the country letters
 * are asserted behind them, so the scan skips ahead on digits instead of trying every letter of the prose
 * (the country code is the two units before the match).
 */
const IBAN_RE =
  /\d{2}(?<=(?<![A-Za-z0-9])[A-Za-z]{2}\d{2})(?:(?:[ \t\u00a0\u202f]?[A-Za-z0-9]{4}){2,7}(?:[ \t\u00a0\u202f]?[A-Za-z0-9]{1,3})?|(?:-[A-Za-z0-9]{4}){2,7}(?:-[A-Za-z0-9]{1,3})?(?!-[A-Za-z0-9]))(?![A-Za-z0-9])/g;
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
  let compact = text.slice(start, end).replace(IBAN_SEPARATORS, '');
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
