/**
 * Facts about the characters of a text that the assignment rule of the secret scanner asks about a value
 * candidate (secrets-assignments.ts, secrets-window.ts), kept so that each question costs the same whatever the
 * length of the candidate: how many of a class of characters lie between two offsets, where the next or last one
 * is, whether a marker such as `${` or `://` lies wholly inside, which quote is open at an offset.
 *
 * Every class is a bit set over the offsets of the text with, per word of 32 offsets, the count of the
 * class before that word; a count between two offsets is two such counts and two population counts, and
 * the next member of a class is found a word at a time. The sets are filled lazily, 32 offsets at a
 * time, in one forward pass from where the first question was asked, in a ring of RING offsets (a
 * question is never more than a few hundred offsets behind the furthest one asked). When the next
 * question lies far ahead of what is filled, the pass starts again there: a text with few assignments
 * pays for the few hundred offsets around each.
 *
 * Everything here answers exactly what the string functions of secrets-values.ts and secrets-assignments.ts
 * compute on a slice of the text (the tests compare the two).
 */
import { REFERENCE_MARKERS } from './secrets-values.js';

// ---- classes ----
// Two channels: the basic classes (what the pattern, the value's end and the first checks ask: counts of
// letters, digits and blanks, the entropy) and the extended ones (markers, steps, quoted-string units).
// The extended ones are filled only once a check asks for them, and then with the basic ones in the same
// pass: a text dense with assignments whose values the first checks turn away (`token=token=...`) is
// never filled with them.
// Basic classes: 0..BASIC-1.
export const SPACE = 0; // \s (JS: WhiteSpace and LineTerminator)
export const LOWER = 1; // a-z
export const UPPER = 2; // A-Z
export const DIGIT = 3; // 0-9
export const HEXL = 4; // a-f A-F
export const UNDER = 5; // _
export const LINETERM = 6; // \n \r \u2028 \u2029 (what `.` does not match)
export const NL = 7; // \n
export const COLON = 8;
export const DQ = 9; // "
export const SQ = 10; // '
export const BQ = 11; // `
export const SEMI = 12;
export const LT = 13;
export const GT = 14;
export const LPAREN = 15;
export const RPAREN = 16;
export const LSQ = 17;
export const RSQ = 18;
export const LCURLY = 19;
export const RCURLY = 20;
export const SP = 21; // the space character alone
// Unions asked about often enough to be classes of their own.
export const G6_END = 22; // what ends the bare value of the assignment pattern: \s " ' ` , ; ) } ] < > &
export const TRAILING = 23; // what the trailing trim of an unquoted secret can remove: , ; ) ] } >
export const SPACE_COLON = 24; // \s or :
export const SQ_NL = 25; // ' or \n
export const BQ_NL = 26; // ` or \n
export const BLANK_SEP = 27; // where an unquoted secret ends: space, tab, \n, \r, or `;` `,` `&` that start another assignment (`;Database=`)
export const NOT_CODE_ALPHA = 28; // not of CODE_ALPHA (below): the whole-value code shapes are made of those
// The letters and digits of a value's lower case (looksSequential) are its ASCII letters and digits and
// XCONTRIB (see contribOf): counted as the union (contribCount, firstContrib).
export const XCONTRIB = 29; // a character from U+0080 on whose lower case holds an ASCII letter
const BASIC = 30;
// Extended classes: BASIC..NCLASS-1.
export const FLAG = 30; // a regular expression flag: d g i m s u y v
export const STEPALL = 31; // a letter or digit of the lower case one step (1, or 9 to a digit) from the previous one
export const STEPLET = 32; // a letter of the lower case one step from the previous letter
export const STEPDIG = 33; // a digit one or nine steps from the previous digit
export const OCCREF = 34; // a marker of isReference starts here (`${`, `process.env`, `$ABC`, ...): see occLen
export const K2 = 35; // `$name[` starts here (varEnd: its end)
export const I4 = 36; // `%(name)s` starts here (varEnd: its end)
export const K11V = 37; // `$x` starts here and is not preceded by `$`
export const Q8V = 38; // `/*`, or `;function` (`;var`, ...) with a word boundary after, starts here (q8Len)
export const R12V = 39; // password|passphrase|passwd|key|token with word boundaries both sides (r12Len)
export const R15V = 40; // secret|token|key|apikey|credential(s) between two of `-_.` (r15Len)
// A double-quoted value read from a value start goes by units, a character or a backslash and the one it
// escapes (NOT_UNIT marks the escaped ones); where the read starts does not change the units after a `"`.
export const STOP = 41; // a unit that ends it: an unescaped `"`, a line feed, a backslash before a line end
export const ESCQ = 42; // a unit that is an escaped quote `\"`
export const NOT_UNIT = 43;
export const K1C = 44; // `f(`, `_(`, `](`: a call (looksLikeCode)
export const URL3 = 45; // `://`
const NCLASS = 46;
/** What the whole-value code shapes are made of: [\w$.?#/\-[(\])}:@] (NOT_CODE_ALPHA: anything else). */
const CODE_ALPHA_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.?#/-[()]}:@';

const STATIC_BITS = new Int32Array(128); // basic classes
const FLAG_CHARS = new Uint8Array(128);
function setStatic(chars: string, cls: number): void {
  for (const ch of chars) STATIC_BITS[ch.charCodeAt(0)]! |= 1 << cls;
}
setStatic('\t\n\v\f\r ', SPACE);
setStatic('abcdefghijklmnopqrstuvwxyz', LOWER);
setStatic('ABCDEFGHIJKLMNOPQRSTUVWXYZ', UPPER);
setStatic('0123456789', DIGIT);
setStatic('abcdefABCDEF', HEXL);
setStatic('_', UNDER);
setStatic('\n\r', LINETERM);
setStatic('\n', NL);
setStatic(':', COLON);
setStatic('"', DQ);
setStatic("'", SQ);
setStatic('`', BQ);
setStatic(';', SEMI);
setStatic('<', LT);
setStatic('>', GT);
setStatic('(', LPAREN);
setStatic(')', RPAREN);
setStatic('[', LSQ);
setStatic(']', RSQ);
setStatic('{', LCURLY);
setStatic('}', RCURLY);
setStatic(' ', SP);
setStatic('\t\n\v\f\r "\'`,;)}]<>&', G6_END);
setStatic(',;)]}>', TRAILING);
setStatic('\t\n\v\f\r :', SPACE_COLON);
setStatic("'\n", SQ_NL);
setStatic('`\n', BQ_NL);
setStatic(' \t\n\r', BLANK_SEP);
for (let c = 0; c < 128; c++)
  if (!CODE_ALPHA_CHARS.includes(String.fromCharCode(c))) STATIC_BITS[c]! |= 1 << NOT_CODE_ALPHA;
for (const ch of 'dgimsuyv') FLAG_CHARS[ch.charCodeAt(0)] = 1;

/** Whether a character from U+0080 on is \s (then also of G6_END and SPACE_COLON). */
function spaceNonAscii(c: number): boolean {
  return (
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
const SPACE_BITS = (1 << SPACE) | (1 << G6_END) | (1 << SPACE_COLON);

/** \s */
export const isSpaceCode = (c: number): boolean =>
  c < 128 ? (STATIC_BITS[c]! & (1 << SPACE)) !== 0 : spaceNonAscii(c);
/** \w */
export const isWordCode = (c: number): boolean =>
  c < 128 && (STATIC_BITS[c]! & ((1 << LOWER) | (1 << UPPER) | (1 << DIGIT) | (1 << UNDER))) !== 0;
const isLineTermCode = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
export const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * The letter or digit a character adds to `value.toLowerCase().replace(/[^a-z0-9]/g, '')`, or -1: ASCII
 * letters (lower-cased) and digits, and the two characters whose lower case holds an ASCII letter
 * (U+0130 -> "i\u0307", U+212A KELVIN SIGN -> "k"; checked against every code point).
 */
export function contribOf(c: number): number {
  if (c < 128) {
    if (c >= 65 && c <= 90) return c + 32;
    return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : -1;
  }
  return c === 0x212a ? 107 : c === 0x130 ? 105 : -1;
}

// Characters that start something of a dynamic class (checked only for them).
const D_REF = 2;
const D_CALL = 4;
const D_PROSE = 8;
const D_SECRET = 16;
const D_OTHER = 32;
const DYNAMIC = new Int32Array(128);
for (const ch of '${#<EepogS&s') DYNAMIC[ch.charCodeAt(0)]! |= D_REF;
/** For a marker's first letter, the character that must follow it (markers starting with a letter: one each). */
const REF_SECOND = new Int32Array(128).fill(-1);
for (const m of ['ENV[', 'env.', 'process.env', 'os.environ', 'getenv', 'System.getenv', 'secrets.'])
  REF_SECOND[m.charCodeAt(0)] = m.charCodeAt(1);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_]') DYNAMIC[ch.charCodeAt(0)]! |= D_CALL;
for (const ch of 'pkPKtT') DYNAMIC[ch.charCodeAt(0)]! |= D_PROSE;
for (const ch of 'stkacSTKAC') DYNAMIC[ch.charCodeAt(0)]! |= D_SECRET;
for (const ch of ':$%/;dgimsuyv') DYNAMIC[ch.charCodeAt(0)]! |= D_OTHER;

/** contribOf for ASCII, as a table. */
const CONTRIB_OF = Int32Array.from({ length: 128 }, (_, c) => contribOf(c));

// `NEXT_ASSIGNMENT_RE.test(text.slice(end + 1, end + 66))` of unquotedSecretEnd: the match is unique when there is
// one (its parts cannot give back characters), so a sticky match on the text no longer than 65 says the same.
const NEXT_ASSIGNMENT_STICKY = /[ \t]{0,2}[A-Za-z_][\w.-]{0,60}[ \t]{0,2}[=:]/y;

// isReference's markers (and `$ABC`, below). The length kept is the shortest that starts at an offset.
// isReference's fixed markers (one list: the index must find exactly those).
const FIXED_MARKERS = REFERENCE_MARKERS;
const MARKERS_BY_FIRST: Array<string[] | undefined> = [];
for (const m of FIXED_MARKERS) (MARKERS_BY_FIRST[m.charCodeAt(0)] ??= []).push(m);
const STATEMENT_WORDS = ['function', 'var', 'let', 'const', 'return', 'if', 'for', 'while', 'class', 'new', 'throw'];
export const PROSE_WORDS = ['password', 'passphrase', 'passwd', 'key', 'token'];
export const SECRET_WORDS = ['secret', 'token', 'key', 'apikey', 'credential', 'credentials'];

/** The lower-case ASCII word `w` (letters) at `at` in `text`, any case. */
export function wordAtCI(text: string, at: number, w: string): boolean {
  if (at < 0 || at + w.length > text.length) return false;
  for (let i = 0; i < w.length; i++) {
    const c = text.charCodeAt(at + i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== w.charCodeAt(i)) return false;
  }
  return true;
}

const isDashUnderDot = (c: number): boolean => c === 45 || c === 95 || c === 46;

function popcnt(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

// S4 permutations of the four quote states ('' " ' `) packed two bits per state: a quote character swaps
// the empty state with its own, so where the open quote of openQuoteBefore stands after a stretch is a
// permutation of where it stood before, and those compose.
const IDENTITY = 0b11100100;
function swapWith(perm: number, k: number): number {
  let out = 0;
  for (let s = 0; s < 4; s++) {
    const v = (perm >> (2 * s)) & 3;
    out |= (v === 0 ? k : v === k ? 0 : v) << (2 * s);
  }
  return out;
}

/** Offsets the ring keeps (a power of two, a multiple of 32). */
const RING = 8192;
const RING_BLOCKS = RING >> 5;
/** A question further than this past what is filled starts the pass again there. */
const RESTART_GAP = 512;

/** Work counters (for tests that bound the cost by counting, not timing). */
export interface ScanWork {
  /** Offsets filled in the index. */
  filled: number;
  /** Characters read one by one (scans that stop at the first character outside a small alphabet, and the like). */
  read: number;
  /** Characters added to or removed from an entropy window. */
  moved: number;
  /** Entropies computed in first-occurrence order because the running sum was too close to the threshold. */
  exact: number;
  /** Assignment sites whose value was checked. */
  sites: number;
}

export const newWork = (): ScanWork => ({ filled: 0, read: 0, moved: 0, exact: 0, sites: 0 });

/**
 * The index of one text. One instance is reused from scan to scan (reset by `reset`): the scanner is
 * synchronous and never nested.
 */
export class ValueIndex {
  text = '';
  n = 0;
  /** First offset kept, first offset not filled with the basic classes, and with the extended ones (multiples of 32). */
  lo = 0;
  hi = 0;
  hiExt = 0;
  /** A check asked for an extended class since the last restart: blocks are filled with both channels. */
  private extWanted = false;
  work: ScanWork = newWork();
  private readonly words = new Int32Array(RING_BLOCKS * NCLASS);
  private readonly pre = new Int32Array(RING_BLOCKS * NCLASS);
  private readonly counters = new Int32Array(NCLASS);
  private readonly perm = new Uint8Array(RING);
  private readonly occLen = new Uint8Array(RING);
  private readonly varEnd = new Int32Array(RING);
  private readonly q8Len = new Uint8Array(RING);
  private readonly r12Len = new Uint8Array(RING);
  private readonly r15Len = new Uint8Array(RING);
  private readonly nextSameRing = new Int32Array(RING);
  private readonly lastAscii = new Int32Array(128);
  private readonly lastOther = new Map<number, number>();
  private curPerm = IDENTITY;
  private pending = false;
  private prevAll = -1;
  private prevLet = -1;
  private prevDig = -1;
  /** Incremented at each restart: entropy windows built before it are stale. */
  epoch = 0;

  reset(text: string, work: ScanWork): void {
    this.text = text;
    this.n = text.length;
    this.work = work;
    this.extWanted = false;
    this.restart(0);
  }

  private restart(at: number): void {
    this.lo = this.hi = this.hiExt = at & ~31;
    this.countA = this.countB = -1;
    this.fresh = this.freshExt = true;
    this.epoch++;
  }

  /** Each channel's pass state is cleared by a restart before its first block (most texts are never filled). */
  private fresh = true;
  private freshExt = true;
  private clearBasic(): void {
    this.fresh = false;
    this.counters.fill(0, 0, BASIC);
    this.curPerm = IDENTITY;
    this.lastAscii.fill(-1);
    if (this.lastOther.size > 0) this.lastOther.clear();
  }
  private clearExt(): void {
    this.freshExt = false;
    this.counters.fill(0, BASIC, NCLASS);
    this.pending = false;
    this.prevAll = this.prevLet = this.prevDig = -1;
  }

  /**
   * Called before the questions about an assignment at `floor` (offsets asked about are >= floor, except
   * openQuote's, which falls back to reading): starts the pass again when it is far behind.
   */
  beginSite(floor: number): void {
    if (floor < this.lo || floor > this.hi + RESTART_GAP) this.restart(floor);
  }

  /** Fills the basic classes up to and including offset x (x may be past the end: the block is filled with nothing). */
  fillTo(x: number): void {
    this.ensure(x);
  }

  private ensure(x: number): void {
    while (this.hi <= x) this.fill(true, this.extWanted && this.hiExt === this.hi);
  }

  private ensureExt(x: number): void {
    this.extWanted = true;
    // behind what the ring keeps: start there
    if (this.hiExt < this.lo) {
      this.hiExt = this.lo;
      this.freshExt = true;
    }
    // catch up with the basic classes, then both together
    while (this.hiExt <= x) this.fill(this.hiExt === this.hi, true);
  }

  /** Makes offset x of class c filled. */
  private ensureFor(c: number, x: number): void {
    if (c < BASIC) {
      if (x >= this.hi) this.ensure(x);
    } else if (x >= this.hiExt) this.ensureExt(x);
  }

  /** Fills the next block of the basic classes, of the extended ones, or of both (then their frontiers meet). */
  private fill(basic: boolean, ext: boolean): void {
    if (basic && this.fresh) this.clearBasic();
    if (ext && this.freshExt) this.clearExt();
    const text = this.text;
    const n = this.n;
    const base = basic ? this.hi : this.hiExt;
    const off = ((base >> 5) & (RING_BLOCKS - 1)) * NCLASS;
    const words = this.words;
    const counters = this.counters;
    if (basic) {
      this.pre.set(counters.subarray(0, BASIC), off);
      words.fill(0, off, off + BASIC);
    }
    if (ext) {
      this.pre.set(counters.subarray(BASIC, NCLASS), off + BASIC);
      words.fill(0, off + BASIC, off + NCLASS);
    }
    let touched = 0;
    let touchedExt = 0;
    const end = Math.min(n, base + 32);
    const perm = this.perm;
    const nextSame = this.nextSameRing;
    const lastAscii = this.lastAscii;
    const kept = this.lo;
    let { curPerm, prevAll, prevLet, prevDig, pending } = this;
    for (let p = base; p < end; p++) {
      const r = p & (RING - 1);
      const c = text.charCodeAt(p);
      const bit = 1 << (p & 31);
      if (basic) {
        let bits: number;
        if (c < 128) {
          bits = STATIC_BITS[c]!;
          // `;`, `,` or `&` that starts another assignment
          if ((c === 59 || c === 44 || c === 38) && p + 1 < n) {
            NEXT_ASSIGNMENT_STICKY.lastIndex = p + 1;
            const m = NEXT_ASSIGNMENT_STICKY.exec(text);
            if (m !== null && m[0].length <= 65) bits |= 1 << BLANK_SEP;
          }
          // quote states
          perm[r] = curPerm;
          if (c === 34 || c === 39 || c === 96) curPerm = swapWith(curPerm, c === 34 ? 1 : c === 39 ? 2 : 3);
          // where each character occurs next
          nextSame[r] = -1;
          const prev = lastAscii[c]!;
          if (prev >= kept) nextSame[prev & (RING - 1)] = p;
          lastAscii[c] = p;
        } else {
          bits = 1 << NOT_CODE_ALPHA;
          if (c === 0x212a || c === 0x130) bits |= 1 << XCONTRIB;
          if (spaceNonAscii(c)) {
            bits |= SPACE_BITS;
            if (c === 0x2028 || c === 0x2029) bits |= 1 << LINETERM;
          }
          perm[r] = curPerm;
          // symbols: code points, a lone surrogate its own
          nextSame[r] = -1;
          if (!(isLow(c) && p > 0 && isHigh(text.charCodeAt(p - 1)))) {
            const key = isHigh(c) && p + 1 < n && isLow(text.charCodeAt(p + 1)) ? text.codePointAt(p)! : c;
            const prev = this.lastOther.get(key) ?? -1;
            if (prev >= kept) nextSame[prev & (RING - 1)] = p;
            this.lastOther.set(key, p);
          }
        }
        touched |= bits;
        for (; bits !== 0; bits &= bits - 1) words[off + 31 - Math.clz32(bits & -bits)]! |= bit;
      }
      if (ext) {
        let bits = 0; // bit k: class BASIC + k
        // lower-cased letters and digits, and the steps between them
        const k = c < 128 ? CONTRIB_OF[c]! : contribOf(c);
        if (k >= 0) {
          if (k <= 57) {
            if (prevAll >= 0) {
              const d = k > prevAll ? k - prevAll : prevAll - k;
              if (d === 1 || d === 9) bits |= 1 << (STEPALL - BASIC);
            }
            if (prevDig >= 0) {
              const d = k > prevDig ? k - prevDig : prevDig - k;
              if (d === 1 || d === 9) bits |= 1 << (STEPDIG - BASIC);
            }
            prevDig = k;
          } else {
            if (prevAll >= 0 && (k - prevAll === 1 || prevAll - k === 1)) bits |= 1 << (STEPALL - BASIC);
            if (prevLet >= 0 && (k - prevLet === 1 || prevLet - k === 1)) bits |= 1 << (STEPLET - BASIC);
            prevLet = k;
          }
          prevAll = k;
        }
        const dyn = c < 128 ? DYNAMIC[c]! : 0;
        if (dyn !== 0) {
          if (FLAG_CHARS[c] === 1) bits |= 1 << (FLAG - BASIC);
          const d1 = p + 1 < n ? text.charCodeAt(p + 1) : -1;
          if (dyn & D_REF && (REF_SECOND[c] === -1 || REF_SECOND[c] === d1)) {
            const len = referenceMarkerAt(text, p, c);
            this.occLen[r] = len;
            if (len > 0) bits |= 1 << (OCCREF - BASIC);
          }
          if (dyn & D_CALL && d1 === 40) bits |= 1 << (K1C - BASIC);
          if (c === 58 && d1 === 47 && p + 2 < n && text.charCodeAt(p + 2) === 47) bits |= 1 << (URL3 - BASIC);
          if (c === 36) {
            const e = dollarIndexEnd(text, p);
            if (e > 0) {
              bits |= 1 << (K2 - BASIC);
              this.varEnd[r] = e;
            }
            if (((d1 | 32) >= 97 && (d1 | 32) <= 122) || d1 === 95 || d1 === 123 || d1 === 40) {
              if (p === 0 || text.charCodeAt(p - 1) !== 36) bits |= 1 << (K11V - BASIC);
            }
          } else if (c === 37) {
            const e = percentFormatEnd(text, p);
            if (e > 0) {
              bits |= 1 << (I4 - BASIC);
              this.varEnd[r] = e;
            }
          }
          if (c === 47 || c === 59) {
            const q8 = c === 47 ? (d1 === 42 ? 2 : 0) : statementAfter(text, p);
            this.q8Len[r] = q8;
            if (q8 > 0) bits |= 1 << (Q8V - BASIC);
          }
          if (dyn & D_PROSE && (p === 0 || !isWordCode(text.charCodeAt(p - 1)))) {
            const len = proseWordAt(text, p);
            this.r12Len[r] = len;
            if (len > 0) bits |= 1 << (R12V - BASIC);
          }
          if (dyn & D_SECRET && p > 0 && isDashUnderDot(text.charCodeAt(p - 1))) {
            const len = secretWordAt(text, p);
            this.r15Len[r] = len;
            if (len > 0) bits |= 1 << (R15V - BASIC);
          }
        }
        // units of a double-quoted value: a backslash takes the next character with it unless that ends a line
        if (pending) {
          pending = false;
          bits |= 1 << (NOT_UNIT - BASIC);
        } else if (c === 92) {
          const d = p + 1 < n ? text.charCodeAt(p + 1) : -1;
          if (d >= 0 && !isLineTermCode(d)) {
            pending = true;
            if (d === 34) bits |= 1 << (ESCQ - BASIC);
          } else bits |= 1 << (STOP - BASIC);
        } else if (c === 34 || c === 10) bits |= 1 << (STOP - BASIC);
        touchedExt |= bits;
        for (; bits !== 0; bits &= bits - 1) words[off + BASIC + 31 - Math.clz32(bits & -bits)]! |= bit;
      }
    }
    for (; touched !== 0; touched &= touched - 1) {
      const c = 31 - Math.clz32(touched & -touched);
      counters[c]! += popcnt(words[off + c]!);
    }
    for (; touchedExt !== 0; touchedExt &= touchedExt - 1) {
      const c = BASIC + 31 - Math.clz32(touchedExt & -touchedExt);
      counters[c]! += popcnt(words[off + c]!);
    }
    if (basic) {
      if (end < base + 32 && end >= base) perm[end & (RING - 1)] = curPerm; // the state at the text's end
      this.curPerm = curPerm;
      this.hi = base + 32;
    }
    if (ext) {
      this.prevAll = prevAll;
      this.prevLet = prevLet;
      this.prevDig = prevDig;
      this.pending = pending;
      this.hiExt = base + 32;
    }
    this.work.filled += 32;
    const top = Math.max(this.hi, this.hiExt);
    if (top - this.lo > RING) this.lo = top - RING;
  }

  // count() keeps where its last window's ends are in the ring: the checks of a value ask many classes of one window.
  private countA = -1;
  private countB = -1;
  private offA = 0;
  private maskA = 0;
  private offB = 0;
  private maskB = 0;

  /** Number of offsets of class `c` in [a, b). */
  count(c: number, a: number, b: number): number {
    if (b <= a) return 0;
    this.ensureFor(c, b);
    if (a !== this.countA || b !== this.countB) {
      this.countA = a;
      this.countB = b;
      this.offA = ((a >> 5) & (RING_BLOCKS - 1)) * NCLASS;
      this.maskA = (1 << (a & 31)) - 1;
      this.offB = ((b >> 5) & (RING_BLOCKS - 1)) * NCLASS;
      this.maskB = (1 << (b & 31)) - 1;
    }
    const words = this.words;
    const pre = this.pre;
    return (
      pre[this.offB + c]! +
      popcnt(words[this.offB + c]! & this.maskB) -
      pre[this.offA + c]! -
      popcnt(words[this.offA + c]! & this.maskA)
    );
  }

  /** Letters and digits of the lower case of [a, b) (letters only when `letters`). */
  contribCount(a: number, b: number, letters: boolean): number {
    return (
      this.count(LOWER, a, b) +
      this.count(UPPER, a, b) +
      this.count(XCONTRIB, a, b) +
      (letters ? 0 : this.count(DIGIT, a, b))
    );
  }

  /** First offset in [from, limit) that adds a letter (or, unless `letters`, a digit) to the lower case, or limit. */
  firstContrib(from: number, limit: number, letters: boolean): number {
    let x = from;
    while (x < limit) {
      if (x >= this.hi) this.ensure(x);
      const off = ((x >> 5) & (RING_BLOCKS - 1)) * NCLASS;
      const words = this.words;
      let w = words[off + LOWER]! | words[off + UPPER]! | words[off + XCONTRIB]! | (letters ? 0 : words[off + DIGIT]!);
      w &= -1 << (x & 31);
      if (w !== 0) {
        const p = (x & ~31) + 31 - Math.clz32(w & -w);
        return p < limit ? p : limit;
      }
      x = (x & ~31) + 32;
    }
    return limit;
  }

  /** Whether offset x is of class `c`. */
  has(c: number, x: number): boolean {
    this.ensureFor(c, x);
    return ((this.words[((x >> 5) & (RING_BLOCKS - 1)) * NCLASS + c]! >>> (x & 31)) & 1) === 1;
  }

  /** Members of class `c` in [a, b) (a and b in kept blocks), without count()'s window memo. */
  private between(c: number, a: number, b: number): number {
    const oa = ((a >> 5) & (RING_BLOCKS - 1)) * NCLASS + c;
    const ob = ((b >> 5) & (RING_BLOCKS - 1)) * NCLASS + c;
    return (
      this.pre[ob]! +
      popcnt(this.words[ob]! & ((1 << (b & 31)) - 1)) -
      this.pre[oa]! -
      popcnt(this.words[oa]! & ((1 << (a & 31)) - 1))
    );
  }

  /** First offset in [from, limit) of class `c` (or not of it when `not`), or `limit`. */
  first(c: number, from: number, limit: number, not = false): number {
    let x = from;
    let words = 0;
    while (x < limit) {
      // after two words, a class (or its complement) that is absent is answered by two counts
      if (++words === 3 && limit - x > 64) {
        this.ensureFor(c, limit);
        const inside = this.between(c, x, limit);
        if (not ? inside === limit - x : inside === 0) return limit;
      }
      this.ensureFor(c, x);
      let w = this.words[((x >> 5) & (RING_BLOCKS - 1)) * NCLASS + c]!;
      if (not) w = ~w;
      w &= -1 << (x & 31);
      if (w !== 0) {
        const p = (x & ~31) + 31 - Math.clz32(w & -w);
        return p < limit ? p : limit;
      }
      x = (x & ~31) + 32;
    }
    return limit;
  }

  /** Last offset in [floor, before) of class `c` (or not of it when `not`), or floor - 1. */
  last(c: number, floor: number, before: number, not = false): number {
    let x = before - 1;
    this.ensureFor(c, x);
    let words = 0;
    while (x >= floor) {
      // after two words, a class (or its complement) that is absent is answered by two counts
      if (++words === 3 && x - floor > 64) {
        const inside = this.between(c, floor, x + 1);
        if (not ? inside === x + 1 - floor : inside === 0) return floor - 1;
      }
      let w = this.words[((x >> 5) & (RING_BLOCKS - 1)) * NCLASS + c]!;
      if (not) w = ~w;
      const keep = x & 31;
      if (keep !== 31) w &= (1 << (keep + 1)) - 1;
      if (w !== 0) {
        const p = (x & ~31) + 31 - Math.clz32(w);
        return p >= floor ? p : floor - 1;
      }
      x = (x & ~31) - 1;
    }
    return floor - 1;
  }

  /**
   * Offset of the k-th (0-based) member of class `c` (or non-member when `not`) from `from` on, or `limit` when
   * there are not that many before it.
   */
  nth(c: number, from: number, k: number, limit: number, not = false): number {
    let x = from;
    let left = k;
    while (x < limit) {
      this.ensureFor(c, x);
      let w = this.words[((x >> 5) & (RING_BLOCKS - 1)) * NCLASS + c]!;
      if (not) w = ~w;
      w &= -1 << (x & 31);
      const m = popcnt(w);
      if (m > left) {
        for (; left > 0; left--) w &= w - 1;
        const p = (x & ~31) + 31 - Math.clz32(w & -w);
        return p < limit ? p : limit;
      }
      left -= m;
      x = (x & ~31) + 32;
    }
    return limit;
  }

  /**
   * Length of the occurrence of `cls` (OCCREF, Q8V, R12V, R15V) at x; for R15V one more, the `-_.` after
   * the word.
   */
  lengthAt(cls: number, x: number): number {
    if (x >= this.hiExt) this.ensureExt(x);
    const r = x & (RING - 1);
    return cls === OCCREF
      ? this.occLen[r]!
      : cls === Q8V
        ? this.q8Len[r]!
        : cls === R12V
          ? this.r12Len[r]!
          : this.r15Len[r]! + 1;
  }

  /** Where the `$` index (K2) or `%` format (I4) that starts at x ends. */
  varEndAt(x: number): number {
    if (x >= this.hiExt) this.ensureExt(x);
    return this.varEnd[x & (RING - 1)]!;
  }

  /** Next offset where the symbol starting at x occurs again (filled offsets only), or -1. */
  nextSame(x: number): number {
    this.ensure(x);
    return this.nextSameRing[x & (RING - 1)]!;
  }

  /** nextSame for an offset already filled. */
  nextSameFilled(x: number): number {
    return this.nextSameRing[x & (RING - 1)]!;
  }

  /**
   * openQuoteBefore(text, at) of secrets-assignments: the quote left open by the quotes of [w, at), read from
   * the empty state, where w is the start of the line or at - 256. From the permutations when [w, at] is
   * kept, else by reading.
   */
  openQuote(at: number, w: number): number {
    if (w >= this.lo && at < this.hi + RESTART_GAP) {
      this.ensure(at);
      const pw = this.perm[w & (RING - 1)]!;
      let s = 0;
      while (((pw >> (2 * s)) & 3) !== 0) s++;
      return (this.perm[at & (RING - 1)]! >> (2 * s)) & 3;
    }
    const text = this.text;
    let open = 0;
    this.work.read += at - w;
    for (let i = w; i < at; i++) {
      const c = text.charCodeAt(i);
      const q = c === 34 ? 1 : c === 39 ? 2 : c === 96 ? 3 : 0;
      if (q === 0) continue;
      if (open === 0) open = q;
      else if (q === open) open = 0;
    }
    return open;
  }
}

/** Shortest of FIXED_MARKERS and `$` + [A-Z_][A-Z0-9_]{2} (isReference) starting at p. */
function referenceMarkerAt(text: string, p: number, c: number): number {
  let best = 0;
  // `$` + [A-Z_][A-Z0-9_]{2}
  if (
    c === 36 &&
    p + 3 < text.length &&
    isConstantCode(text.charCodeAt(p + 1), false) &&
    isConstantCode(text.charCodeAt(p + 2), true) &&
    isConstantCode(text.charCodeAt(p + 3), true)
  )
    best = 4;
  const markers = MARKERS_BY_FIRST[c];
  if (markers !== undefined)
    for (const m of markers) if ((best === 0 || m.length < best) && text.startsWith(m, p)) best = m.length;
  return best;
}

const isConstantCode = (x: number, digits: boolean): boolean =>
  (x >= 65 && x <= 90) || x === 95 || (digits && x >= 48 && x <= 57);

/** End of `$name[` (looksLikeCode) starting at p, or 0. */
function dollarIndexEnd(text: string, p: number): number {
  let r = p + 1;
  while (r < text.length && isWordCode(text.charCodeAt(r))) r++;
  return r > p + 1 && r < text.length && text.charCodeAt(r) === 91 ? r + 1 : 0;
}

/** End of `%(name)s` or `%(name)d` (isReference) starting at p, or 0. */
function percentFormatEnd(text: string, p: number): number {
  if (p + 1 >= text.length || text.charCodeAt(p + 1) !== 40) return 0;
  let r = p + 2;
  while (r < text.length && isWordCode(text.charCodeAt(r))) r++;
  if (r === p + 2 || r + 1 >= text.length || text.charCodeAt(r) !== 41) return 0;
  const f = text.charCodeAt(r + 1);
  return f === 115 || f === 100 ? r + 2 : 0;
}

/** Length of `;word` (unquotedSecretIsCode's statements) with a word boundary after it in the text, or 0. */
function statementAfter(text: string, p: number): number {
  for (const w of STATEMENT_WORDS) {
    if (text.startsWith(w, p + 1)) {
      const e = p + 1 + w.length;
      if (e === text.length || !isWordCode(text.charCodeAt(e))) return 1 + w.length;
    }
  }
  return 0;
}

const NO_WORDS: readonly string[] = [];
const PROSE_BY_FIRST: Array<string[] | undefined> = [];
for (const w of PROSE_WORDS) (PROSE_BY_FIRST[w.charCodeAt(0)] ??= []).push(w);

/** Shortest of PROSE_WORDS at p (any case) with \b both sides in the text, or 0. */
function proseWordAt(text: string, p: number): number {
  if (p > 0 && isWordCode(text.charCodeAt(p - 1))) return 0;
  let best = 0;
  for (const w of PROSE_BY_FIRST[text.charCodeAt(p) | 32] ?? NO_WORDS) {
    const e = p + w.length;
    if (
      wordAtCI(text, p, w) &&
      (e === text.length || !isWordCode(text.charCodeAt(e))) &&
      (best === 0 || w.length < best)
    )
      best = w.length;
  }
  return best;
}

const SECRET_BY_FIRST: Array<string[] | undefined> = [];
for (const w of SECRET_WORDS) (SECRET_BY_FIRST[w.charCodeAt(0)] ??= []).push(w);

/** Shortest of SECRET_WORDS at p (any case) with one of `-_.` both sides in the text, or 0. */
function secretWordAt(text: string, p: number): number {
  if (p === 0 || !isDashUnderDot(text.charCodeAt(p - 1))) return 0;
  let best = 0;
  for (const w of SECRET_BY_FIRST[text.charCodeAt(p) | 32] ?? NO_WORDS) {
    const e = p + w.length;
    if (
      e < text.length &&
      wordAtCI(text, p, w) &&
      isDashUnderDot(text.charCodeAt(e)) &&
      (best === 0 || w.length < best)
    )
      best = w.length;
  }
  return best;
}
