/**
 * Phone numbers: international E.164 (`+` or `00` prefix) and the common national layouts (NANP
 * US/CA, UK, DE, FR, IN, BR and other trunk-0 plans). A hand-written scanner collects runs of digits
 * and separators in one linear pass; each run is split into digit groups and the longest window of
 * groups that fits a known numbering layout is reported. Dates, SSNs, IPs, card numbers and version
 * strings do not fit these layouts, which is what keeps precision up without a phone database.
 */
import type { TextMatch } from './match.js';
import { contextWords, isAlnumCode, isDigitCode } from './pii-context.js';

const PHONE_CONTEXT = contextWords(
  ['phone', 'tel', 'telephone', 'mobile', 'cell', 'cellphone', 'call', 'calling', 'caller', 'caller id', 'callback', 'fax', 'whatsapp', 'sms', 'text', 'contact', 'reach', 'dial', 'ring', 'number', 'no', 'landline', 'hotline', 'helpline', 'telefon', 'téléphone', 'portable', 'celular', 'handy'],
  40,
);

/** Country calling codes with a fixed national significant number length (digits after the code). */
const FIXED_NSN: Readonly<Record<string, readonly number[]>> = {
  '1': [10], '44': [9, 10], '33': [9], '91': [10], '55': [10, 11], '34': [9], '39': [6, 7, 8, 9, 10, 11],
  '31': [9], '32': [8, 9], '41': [9], '43': [4, 5, 6, 7, 8, 9, 10, 11, 12, 13], '45': [8], '46': [7, 8, 9],
  '47': [8], '48': [9], '351': [9], '353': [7, 8, 9], '61': [9], '64': [8, 9, 10], '81': [9, 10],
  '82': [8, 9, 10], '86': [10, 11], '52': [10], '54': [10, 11], '27': [9], '7': [10], '65': [8],
  '49': [6, 7, 8, 9, 10, 11, 12, 13], '971': [8, 9], '972': [8, 9], '966': [9], '90': [10], '62': [8, 9, 10, 11, 12],
  '63': [10], '66': [8, 9], '84': [9, 10], '20': [9, 10], '234': [8, 10], '254': [9], '92': [9, 10],
};

const ID_CONTEXT = contextWords(['id', 'meeting id', 'order', 'order no', 'invoice', 'ticket', 'serial', 'ref', 'reference', 'tracking', 'account', 'account number', 'isbn', 'sku', 'part', 'case', 'claim', 'policy', 'passcode', 'pin', 'code', 'po'], 40);

const EXTENSION = /^\s?(?:x|ext\.?|extension)\s?\d{1,6}(?![\w])/i;

interface Run {
  start: number;
  /** Digit groups with their absolute offsets. */
  groups: Array<{ digits: string; start: number; end: number; parens: boolean }>;
  /** Separator text between group i and i+1. */
  seps: string[];
  plus: boolean;
}

const SEP_CHARS = new Set([' ', '-', '.', '/', '(', ')', '\u00a0']);

/**
 * Candidate runs: an optional '+' or '(' and at least 8 digits/separators ending in a digit. The regex
 * only locates them (natively, fast); readRun() then splits the run into groups.
 */
const CANDIDATE_RE = /(?<![\w+./$#-])[+(]?\d[\d ()./\u00a0-]{6,38}\d/g;

/**
 * Scans `text` (or its region [from, to): candidates are located in the region, runs are read and
 * scored on the whole text) for phone numbers. Every character a candidate or a run consumes is a
 * digit, '+', '(' or a separator, so a region that spans a whole run of those characters plus one
 * neighbour on each side sees the same candidates as the whole text.
 */
export function scanPhones(text: string, out: TextMatch[], from = 0, to = text.length): void {
  const re = CANDIDATE_RE;
  const region = from === 0 && to === text.length ? text : text.slice(from, to);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(region)) !== null) {
    const at = from + m.index;
    const { run, next } = readRun(text, at);
    if (run.groups.length > 0) evaluateRun(text, run, out);
    re.lastIndex = Math.max(next, at + 1) - from;
  }
}

function readRun(text: string, from: number): { run: Run; next: number } {
  const run: Run = { start: from, groups: [], seps: [], plus: false };
  let i = from;
  if (text[i] === '+') {
    run.plus = true;
    i++;
  }
  let sep = '';
  let openParen = false;
  const limit = Math.min(text.length, from + 40);
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      let j = i;
      while (j < text.length && isDigitCode(text.charCodeAt(j))) j++;
      const closes = text[j] === ')';
      if (run.groups.length > 0) run.seps.push(sep);
      run.groups.push({ digits: text.slice(i, j), start: i, end: j, parens: openParen && closes });
      sep = '';
      openParen = false;
      i = j;
      if (closes) {
        sep += ')';
        i++;
      }
      continue;
    }
    const ch = text[i]!;
    if (ch === '(') {
      openParen = true;
      sep += ch;
      i++;
      continue;
    }
    if (SEP_CHARS.has(ch) && sep.length < 3) {
      sep += ch;
      i++;
      continue;
    }
    break;
  }
  // A letter or digit glued to the end means this was part of a larger token.
  const last = run.groups[run.groups.length - 1];
  // An extension ("x1234", "ext. 12") ends the number; any other letter or digit glued to the end
  // means this was part of a larger token.
  if (last && last.end < text.length && isAlnumCode(text.charCodeAt(last.end)) && !EXTENSION.test(text.slice(last.end, last.end + 12))) run.groups.pop();
  return { run, next: Math.max(i, from + 1) };
}

function evaluateRun(text: string, run: Run, out: TextMatch[]): void {
  const g = run.groups;
  let total = 0;
  for (const x of g) total += x.digits.length;
  // The shortest layouts are 8 digits after '+' and 9 national digits (with context).
  if (total < (run.plus ? 8 : 9)) return;
  const prefix = [0];
  for (const x of g) prefix.push(prefix[prefix.length - 1]! + x.digits.length);
  // Longest window first; windows that keep the leading '+' are tried before the ones that drop it.
  for (let len = Math.min(g.length, 8); len >= 1; len--) {
    for (let s = 0; s + len <= g.length; s++) {
      const windowDigits = prefix[s + len]! - prefix[s]!;
      if (windowDigits < 8 || windowDigits > 15) continue;
      const window = g.slice(s, s + len);
      const seps = run.seps.slice(s, s + len - 1);
      const plus = run.plus && s === 0;
      // A sub-window of a longer digit blob counts only when the dropped neighbours are set off by a
      // different separator ("415-555-0132 2"), not when they continue the same grouping (IBANs).
      if (len < g.length && !detached(run.seps, s, len)) continue;
      const score = phoneScore(window, seps, plus);
      if (score === null) continue;
      const first = window[0]!;
      const lastGroup = window[window.length - 1]!;
      let start = first.start;
      if (plus) start = run.start;
      else if (first.parens && start > 0 && text[start - 1] === '(') start -= 1;
      const before = start > 0 ? text.charCodeAt(start - 1) : 32;
      if (!plus && (isAlnumCode(before) || before === 43)) continue;
      const end = lastGroup.end;
      if (end < text.length && isAlnumCode(text.charCodeAt(end)) && !EXTENSION.test(text.slice(end, end + 12))) continue;
      // A nearer identifier word ("meeting ID", "order", "serial") outweighs the digit layout.
      const phoneDistance = PHONE_CONTEXT.distance(text, start);
      const idDistance = ID_CONTEXT.distance(text, start);
      let boosted = phoneDistance >= 0 ? Math.min(0.99, score + 0.25) : score;
      if (idDistance >= 0 && (phoneDistance < 0 || idDistance < phoneDistance)) boosted -= 0.3;
      if (boosted >= 0.5) out.push({ type: 'phone', start, end, score: boosted, detector: 'pii' });
      return;
    }
  }
}

function detached(seps: readonly string[], s: number, len: number): boolean {
  const inner = new Set(seps.slice(s, s + len - 1).map((x) => x.trim() || ' '));
  const left = s > 0 ? seps[s - 1]!.trim() || ' ' : undefined;
  const right = s + len - 1 < seps.length ? seps[s + len - 1]!.trim() || ' ' : undefined;
  return (left === undefined || !inner.has(left)) && (right === undefined || !inner.has(right)) && inner.size > 0;
}

/** Separators are at most three of the SEP_CHARS, so their plain forms are few: computed once each. */
const PLAIN_SEPARATORS = new Map<string, string>();

/** A separator without parentheses and surrounding spaces ("(" -> "", " - " -> "-"). */
function plainSeparator(sep: string): string {
  let plain = PLAIN_SEPARATORS.get(sep);
  if (plain === undefined) {
    plain = sep.replace(/[()]/g, '').trim();
    if (PLAIN_SEPARATORS.size < 1024) PLAIN_SEPARATORS.set(sep, plain);
  }
  return plain;
}

/** Returns a base score when the groups fit a numbering layout, otherwise null. */
export function phoneScore(groups: ReadonlyArray<{ digits: string; parens: boolean }>, seps: readonly string[], plus: boolean): number | null {
  const sizes = groups.map((x) => x.digits.length);
  let all = '';
  for (const x of groups) all += x.digits;
  const total = all.length;
  const plain = seps.map(plainSeparator);
  // Dots only when every separator is a dot (415.555.0132); slashes only once (030/1234567).
  const dotted = plain.filter((s) => s.includes('.')).length;
  if (dotted > 0 && dotted !== seps.length) return null;
  if (plain.filter((s) => s.includes('/')).length > 1) return null;
  if (plain.some((s) => s.length > 1 && !/^[ \u00a0]?-[ \u00a0]?$/.test(s))) return null;
  if (/^(\d)\1+$/.test(all)) return null;

  // "00" international prefix, written alone ("00 44 20 ...") or glued to the country code ("001-415-...").
  const first = groups[0]?.digits ?? '';
  const leading00 = !plus && groups.length > 1 && first.startsWith('00') && first.length <= 5 && first[2] !== '0';
  if (plus || leading00) {
    let rest = groups.slice();
    if (leading00) rest = first.length === 2 ? groups.slice(1) : [{ digits: first.slice(2), parens: false }, ...groups.slice(1)];
    let digits = rest.map((x) => x.digits).join('');
    if (digits.length < 8 || digits.length > 15 || digits[0] === '0') return null;
    let cc = '';
    if (rest.length > 1 && rest[0]!.digits.length <= 3) cc = rest[0]!.digits;
    else {
      for (const len of [1, 2, 3]) {
        if (FIXED_NSN[digits.slice(0, len)]) {
          cc = digits.slice(0, len);
          break;
        }
      }
    }
    if (cc) {
      // "+44 (0)20 ..." writes the national trunk prefix in parentheses; it is not dialled.
      if (rest.length > 1 && rest[1]!.digits === '0' && rest[1]!.parens) {
        rest = [rest[0]!, ...rest.slice(2)];
        digits = rest.map((x) => x.digits).join('');
      }
      const nsn = digits.slice(cc.length);
      const allowed = FIXED_NSN[cc];
      if (allowed && !allowed.includes(nsn.length)) return null;
      if (cc === '1' && !nanpValid(nsn)) return 0.55;
      if (!allowed && (nsn.length < 6 || nsn.length > 13)) return null;
      return allowed ? 0.8 : 0.65;
    }
    return 0.55;
  }

  if (groups.some((x, idx) => x.digits.length === 1 && idx !== 0)) return null;
  // NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199, 4155550132 (context only).
  // The 3-3-4 layout is distinctive even when the digits break NANP rules (fictional and test numbers).
  if (total === 10 && sizes.join() === '3,3,4') return nanpValid(all) ? 0.7 : 0.55;
  if (total === 11 && sizes.join() === '1,3,3,4' && all[0] === '1') return nanpValid(all.slice(1)) ? 0.7 : 0.55;
  if (groups.length === 1 && total === 10 && nanpValid(all)) return 0.3;
  // Brazil: (11) 91234-5678, (21) 3456-7890 - two-digit area code in parentheses.
  if (groups[0]!.parens && sizes[0] === 2 && groups.length === 3 && (total === 10 || total === 11) && sizes[2] === 4 && all[0] !== '0') return 0.7;
  // India mobile without trunk prefix: 98765 43210.
  if (total === 10 && sizes.join() === '5,5' && /^[6-9]/.test(all)) return 0.55;
  // Trunk-0 national plans (UK 020 7946 0958 / 07700 900123, DE 030 12345678, FR 01 23 45 67 89, ...).
  if (all[0] === '0' && all[1] !== '0' && groups.length >= 2 && total >= 10 && total <= 12 && sizes.every((s) => s >= 2)) {
    if (sizes.length === 5 && sizes.every((s) => s === 2)) return total === 10 ? 0.7 : null;
    if (sizes[0]! > 6) return null;
    return 0.6;
  }
  if (all[0] === '0' && all[1] !== '0' && groups.length >= 2 && total === 9 && sizes.every((s) => s >= 2) && sizes[0]! <= 5) return 0.3;
  return null;
}

/** NANP: NPA and NXX start with 2-9; N11 service codes and 555-01xx fictional ranges are still numbers. */
function nanpValid(ten: string): boolean {
  if (ten.length !== 10) return false;
  if (ten[0] === '0' || ten[0] === '1' || ten[3] === '0' || ten[3] === '1') return false;
  if (ten[1] === '1' && ten[2] === '1') return false;
  return true;
}
