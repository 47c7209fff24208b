/**
 * User-supplied regular expressions (dlp patterns, pii `detect_patterns`, legacy `type: regex`, the
 * injection detector's operator `patterns` and the safety filter's `block_if`) run in linear time: re2js
 * compiles them (RE2 syntax, no backtracking), and the spans are found by a DFA built lazily from
 * re2js's program (regex-dfa.ts), which reports exactly what re2js's matcher reports at a few ns per
 * character. Finding ALL the matches is linear too, which searching match by match is not (RE2, Rust's
 * regex and re2js take quadratic time on `[a-z]*x|a` over a run of letters): regex-dfa.ts bounds what the
 * match-by-match searches may read per text and finds the rest with a two-pass search that reads each
 * unit a bounded number of times (see its header).
 *
 * Even a DFA reading every character of a 1 MB document for each pattern costs more than needed. So
 * before matching we narrow the text using two facts taken from the compiled program:
 * - the set of characters the pattern can consume at all: a match lies inside one maximal run of such
 *   characters, so only runs need scanning;
 * - the literals re2js's own prefilter proves every match must contain (e.g. `.internal.yourco.com`):
 *   only runs holding one of them can match. re2js proves none for a case-insensitive literal, so for
 *   those the program gives one (foldedLiteral), searched in the text's folded copy (foldedCopy).
 *   Without such literals, runs shorter than the shortest possible match are dropped.
 * Candidate runs are merged into windows and searched, so the result is exactly the full-text result.
 * When the runs cover much of the text (a hostile repetition of a literal), the whole text is searched
 * instead: finding the runs would cost more than the DFA's pass. Patterns with text anchors skip the
 * narrowing.
 *
 * The regexes of one step read a text together (prepareRegexGroup): one folded copy and one search per
 * literal for all of them, and a set pass (regex-set.ts) that rules out those that match nowhere before
 * their windows are searched. Same spans as each regex alone.
 */
import { RE2JS } from 're2js';
import { RegexDfa, searchBudget } from './regex-dfa.js';
import { RegexSet } from './regex-set.js';
import type { TextParts } from './redaction.js';
import {
  EMPTY_BEGIN_TEXT,
  EMPTY_END_TEXT,
  FOLD_CASE,
  OP_ALT,
  OP_ALT_MATCH,
  OP_CAPTURE,
  OP_EMPTY_WIDTH,
  OP_FAIL,
  OP_LB_CHECK,
  OP_LB_WRITE,
  OP_MATCH,
  OP_NOP,
  OP_RUNE,
  OP_RUNE1,
  OP_RUNE_ANY,
  OP_RUNE_ANY_NOT_NL,
  type ProgramInst,
} from './re2js-program.js';

export interface RegexSpan {
  start: number;
  end: number;
}

export interface LinearRegex {
  readonly source: string;
  /** Non-overlapping leftmost matches (UTF-16 offsets, end exclusive); empty matches are skipped. */
  findAll(text: string): RegexSpan[];
  /** findAll(parts.text), reading the parts around the candidates only (see TextParts). */
  findAllIn(parts: TextParts): RegexSpan[];
  test(text: string): boolean;
}

export type CompileResult = { ok: true; regex: LinearRegex } | { ok: false; error: string };

// Prefilter node types of re2js.
const PF_EXACT = 1;
const PF_AND = 2;
const PF_OR = 3;

interface Inst {
  op: number;
  out: number;
  arg: number;
  runes: ArrayLike<number>;
}
interface PrefilterNode {
  type: number;
  str: string;
  subs: PrefilterNode[];
}

/** Gaps shorter than this between candidate runs are scanned together (fewer DFA scans). */
const MERGE_GAP = 48;

class CharSet {
  readonly ascii = new Uint8Array(128);
  /** Non-ASCII UTF-16 code unit ranges, inclusive. */
  readonly wide: Array<[number, number]> = [];
  everything = false;
  everythingWide = false;
  /** The non-ASCII runes that fold onto ASCII letters are in `wide`. */
  private foldsAscii = false;

  addRange(lo: number, hi: number, fold: boolean): void {
    if (hi > 0xffff) this.wide.push([0xd800, 0xdfff]);
    const asciiHi = Math.min(hi, 127);
    for (let c = lo; c <= asciiHi; c++) {
      this.ascii[c] = 1;
      if (fold) {
        if (c >= 65 && c <= 90) this.ascii[c + 32] = 1;
        else if (c >= 97 && c <= 122) this.ascii[c - 32] = 1;
      }
    }
    if (fold && hi > 127) this.everythingWide = true;
    // Unicode case folding maps a few non-ASCII runes onto ASCII letters (U+017F long s, U+212A Kelvin);
    // added once, not per letter (a phrase of 200 letters held 400 ranges, each read per wide unit).
    if (fold && lo <= 122 && hi >= 65 && !this.foldsAscii) {
      this.foldsAscii = true;
      this.wide.push([0x17f, 0x17f], [0x212a, 0x212a]);
    }
    if (hi > 127) this.wide.push([Math.max(lo, 128), Math.min(hi, 0xffff)]);
  }

  has(code: number): boolean {
    if (this.everything) return true;
    if (code < 128) return this.ascii[code] === 1;
    if (this.everythingWide) return true;
    for (const [lo, hi] of this.wide) if (code >= lo && code <= hi) return true;
    return false;
  }
}

interface Narrowing {
  chars: CharSet;
  literals: string[];
  /**
   * Per literal: the pieces searched for with indexOf and their offsets inside the literal, the rarest
   * first (see anchorsOf).
   */
  anchors: Anchor[][];
  minLength: number;
  /**
   * The literals are lower case and match case-insensitively: they are searched in the text's folded copy
   * (foldedCopy), not in the text.
   */
  folded: boolean;
  /** Per literal, its key in SharedText.hits ('f' or 'e', then the literal): made once, not per text. */
  keys: string[];
}

/**
 * Rough frequency of a character in prose and code (per mille, static). indexOf's cost is driven by how
 * often the FIRST character of the needle occurs (V8 finds it with memchr, then compares), so a needle
 * that starts with a rare character ("_", "K", "y") scans a megabyte 10-50x faster than one that
 * starts with "s" or "a".
 */
const LETTER_FREQUENCY = 'etaoinshrdlcumwfgypbvkjxqz';
function commonness(c: number): number {
  if (c === 32) return 1000;
  if (c >= 97 && c <= 122) return 130 - 5 * LETTER_FREQUENCY.indexOf(String.fromCharCode(c));
  if (c >= 65 && c <= 90) return 13 - 0.5 * LETTER_FREQUENCY.indexOf(String.fromCharCode(c + 32));
  if (c >= 48 && c <= 57) return 5;
  if (c === 46 || c === 44 || c === 10) return 12;
  if (c === 45 || c === 34 || c === 39) return 3;
  if (c === 58 || c === 47 || c === 40 || c === 41) return 2;
  return 1;
}

/**
 * Longest needle searched for. V8 searches a needle of up to 6 characters by finding its first
 * character with memchr and comparing the rest; from 7 on it switches to Boyer-Moore-Horspool, which
 * on prose is several times slower for literals made of common letters (".internal.yourco.com": 0.36
 * ms per MB, its first 6 characters 0.12 ms).
 */
const MAX_ANCHOR = 6;

/** Most pieces of one literal tried before the literal itself is searched (see candidateWindows). */
const MAX_ANCHORS = 3;

/** A piece of a required literal that is searched for, and the commonness of its first character. */
interface Anchor {
  text: string;
  offset: number;
  cost: number;
}

/**
 * The pieces of `literal` to search for, in the order they are tried: at most MAX_ANCHOR characters
 * from the rarest character (earliest on ties, so the needle stays long), then from the next rarest
 * distinct character, up to MAX_ANCHORS pieces, and last the literal itself. Every occurrence of the
 * literal contains each piece at its offset, and each hit of a piece that is not the whole literal is
 * confirmed with startsWith, so whichever piece is searched, the occurrences found are exactly the
 * literal's.
 */
function anchorsOf(literal: string): Anchor[] {
  const order: number[] = [];
  const seen = new Set<number>();
  for (let j = 0; j < literal.length; j++) {
    const c = literal.charCodeAt(j);
    if (seen.has(c)) continue;
    seen.add(c);
    order.push(j);
  }
  // Stable: the earliest position first among equally common characters.
  order.sort((a, b) => commonness(literal.charCodeAt(a)) - commonness(literal.charCodeAt(b)) || a - b);
  const pieces = order
    .slice(0, MAX_ANCHORS)
    .map((j) => ({ text: literal.slice(j, j + MAX_ANCHOR), offset: j, cost: commonness(literal.charCodeAt(j)) }));
  const last = pieces[pieces.length - 1]!;
  if (last.offset !== 0 || last.text !== literal)
    pieces.push({ text: literal, offset: 0, cost: commonness(literal.charCodeAt(0)) });
  return pieces;
}

/** False hits of a piece before its density is judged (a phone number's '-' near the start). */
const MIN_FALSE_HITS = 16;
/**
 * A false hit (indexOf returns to JS, startsWith fails) costs about three times what a stop of V8's
 * indexOf at the first character of a needle costs inside the search (~60 vs ~20 ns).
 */
const FALSE_HIT_WEIGHT = 3;

function analyse(re: RE2JS): Narrowing | null {
  const internals = (
    re as unknown as { re2Input?: { prog?: { inst?: Inst[]; start?: number }; prefilter?: PrefilterNode } }
  ).re2Input;
  const inst = internals?.prog?.inst;
  const start = internals?.prog?.start;
  if (!Array.isArray(inst) || typeof start !== 'number') return null;
  const chars = new CharSet();
  for (const i of inst) {
    if (i.op === OP_LB_WRITE || i.op === OP_LB_CHECK) return null;
    if (i.op === OP_EMPTY_WIDTH && (i.arg & (EMPTY_BEGIN_TEXT | EMPTY_END_TEXT)) !== 0) return null;
    if (i.op === OP_RUNE_ANY || i.op === OP_RUNE_ANY_NOT_NL) chars.everything = true;
    if (i.op === OP_RUNE || i.op === OP_RUNE1) {
      const fold = (i.arg & FOLD_CASE) !== 0;
      const r = i.runes;
      if (r.length === 1) chars.addRange(r[0]!, r[0]!, fold);
      else for (let k = 0; k + 1 < r.length; k += 2) chars.addRange(r[k]!, r[k + 1]!, fold);
    }
  }
  if (chars.everything) return null;
  // Shortest match length: 0-1 BFS over the program graph (rune steps cost 1), one distance at a time:
  // the instructions at distance d (reached by 0-steps: a stack) before those at d + 1. A deque on an
  // array (shift/unshift move every element) made it quadratic: ~2.5 s for a 1 MB alternation.
  const dist = new Array<number>(inst.length).fill(Infinity);
  dist[start] = 0;
  let minLength = 0;
  let level: number[] = [start];
  search: for (let d = 0; level.length > 0; d++) {
    const nextLevel: number[] = [];
    while (level.length > 0) {
      const pc = level.pop()!;
      const i = inst[pc];
      // Also left behind at d + 1 by a 0-step found later at d.
      if (i === undefined || dist[pc] !== d) continue;
      if (i.op === OP_MATCH) {
        minLength = d;
        break search;
      }
      const rune = i.op >= OP_RUNE && i.op <= OP_RUNE_ANY_NOT_NL;
      const next = i.op === OP_ALT || i.op === OP_ALT_MATCH ? [i.out, i.arg] : [i.out];
      for (const n of next) {
        const nd = d + (rune ? 1 : 0);
        if (n >= 0 && n < inst.length && nd < dist[n]!) {
          dist[n] = nd;
          (rune ? nextLevel : level).push(n);
        }
      }
    }
    level = nextLevel;
  }
  const exact = requiredLiterals(internals?.prefilter);
  // re2js's prefilter proves nothing of a case-insensitive literal (every block_if and attack pattern,
  // any `(?i)` one): such a pattern was narrowed by its character runs only, which for letters cover
  // most of any text. Its literal is then read from the program, folded.
  const folded = exact === null ? foldedLiteral(inst, start) : null;
  const literals = exact ?? (folded === null ? [] : [folded]);
  const keyOf = (l: string) => (folded !== null ? 'f' : 'e') + l;
  return {
    chars,
    literals,
    anchors: literals.map(anchorsOf),
    minLength,
    folded: folded !== null,
    keys: literals.map(keyOf),
  };
}

/** Longest program (instructions) whose folded literal is looked for (MAX_FOLDED_TRIES searches of it). */
const MAX_FOLDED_PROGRAM = 4096;
/** Longest folded literal read from a program. */
const MAX_FOLDED_LITERAL = 64;
/** Chains tried, longest first, before giving up on a folded literal. */
const MAX_FOLDED_TRIES = 8;

/**
 * The lower-case ASCII unit that every rune instruction `i` consumes folds to (see foldedCopy), or -1:
 * a single rune (case-insensitive or not) or a small class such as `[sS\u017f]`.
 */
function foldedUnit(i: Inst): number {
  const r = i.runes;
  if (i.op === OP_RUNE1 || (i.op === OP_RUNE && r.length === 1)) {
    const c = r[0]!;
    return c < 128 ? (c >= 65 && c <= 90 ? c + 32 : c) : -1;
  }
  if (i.op !== OP_RUNE || (i.arg & FOLD_CASE) !== 0 || r.length > 8) return -1;
  let unit = -1;
  for (let k = 0; k + 1 < r.length; k += 2) {
    if (r[k + 1]! - r[k]! > 4) return -1;
    for (let c = r[k]!; c <= r[k + 1]!; c++) {
      const f = c === 0x17f ? 's' : String.fromCodePoint(c).toLowerCase();
      if (f.length !== 1 || f.charCodeAt(0) >= 128 || (unit >= 0 && f.charCodeAt(0) !== unit)) return -1;
      unit = f.charCodeAt(0);
    }
  }
  return unit;
}

/**
 * A lower-case ASCII string of at least 2 units that every match contains, folded (foldedCopy), or null:
 * the longest chain of single-rune instructions, each leading to the next without a choice, whose first
 * instruction every path from the start to a MATCH goes through (so every match reads the whole chain,
 * in consecutive characters). Read from the program because re2js's prefilter ignores folded literals.
 */
function foldedLiteral(inst: Inst[], start: number): string | null {
  if (inst.length > MAX_FOLDED_PROGRAM) return null;
  const n = inst.length;
  const skips = (i: Inst): boolean => i.op === OP_NOP || i.op === OP_CAPTURE || i.op === OP_EMPTY_WIDTH;
  const units = new Int32Array(n).fill(-1);
  for (let pc = 1; pc < n; pc++) if (!skips(inst[pc]!)) units[pc] = foldedUnit(inst[pc]!);
  // The length of the chain from each instruction (capped at MAX_FOLDED_LITERAL), from its successor's:
  // reading every chain from each of its instructions made a long phrase cost its length times 64.
  const length = new Int32Array(n);
  const state = new Uint8Array(n); // 0 not yet, 1 on the current path, 2 known
  const path: number[] = [];
  for (let pc = 1; pc < n; pc++) {
    let q = pc;
    while (q > 0 && q < n && state[q] === 0 && (units[q]! >= 0 || skips(inst[q]!))) {
      state[q] = 1;
      path.push(q);
      q = inst[q]!.out;
    }
    // The chain goes on from q: where it ends, a known chain, or round a loop (read to the cap when the
    // loop consumes something; none does in re2js's programs, where a loop goes through an ALT).
    let after = 0;
    if (q > 0 && q < n && state[q] === 2) after = length[q]!;
    else if (q > 0 && q < n && state[q] === 1 && path.slice(path.lastIndexOf(q)).some((p) => units[p]! >= 0))
      after = MAX_FOLDED_LITERAL;
    while (path.length > 0) {
      const p = path.pop()!;
      after = Math.min(MAX_FOLDED_LITERAL, after + (units[p]! >= 0 ? 1 : 0));
      length[p] = after;
      state[p] = 2;
    }
  }
  const chains: number[] = [];
  for (let pc = 1; pc < n; pc++) if (length[pc]! >= 2) chains.push(pc);
  chains.sort((a, b) => length[b]! - length[a]! || a - b);
  for (const pc of chains.slice(0, MAX_FOLDED_TRIES)) {
    if (!dominatesMatch(inst, start, pc)) continue;
    let text = '';
    for (let q = pc; text.length < length[pc]!; q = inst[q]!.out)
      if (units[q]! >= 0) text += String.fromCharCode(units[q]!);
    return text;
  }
  return null;
}

/** Whether every path from `start` to a MATCH goes through `pc` (a search that never enters it). */
function dominatesMatch(inst: Inst[], start: number, pc: number): boolean {
  const seen = new Uint8Array(inst.length);
  const stack = [start];
  seen[pc] = 1;
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (q <= 0 || q >= inst.length || seen[q] === 1) continue;
    seen[q] = 1;
    const i = inst[q]!;
    if (i.op === OP_MATCH) return false;
    if (i.op === OP_FAIL) continue;
    stack.push(i.out);
    if (i.op === OP_ALT || i.op === OP_ALT_MATCH) stack.push(i.arg);
  }
  return true;
}

/**
 * The text as folded literals are searched in: lower case, with U+017F (long s, which folds to s but is
 * lower case already) read as s; U+212A (Kelvin) lowers to k. Every character a folded literal's unit
 * matches (its case variants, and those two) becomes that unit, at the same offset; other characters may
 * become it too (a superset of the occurrences: the windows only narrow). Null when lowering changes the
 * length (U+0130 and a few others lower to two units): offsets would shift, and the runs are used alone.
 */
export function foldedCopy(text: string): string | null {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) return null;
  if (lower.includes('\u017f')) lower = lower.replaceAll('\u017f', 's');
  return lower;
}

/** Strings of which every match contains at least one, or null when the prefilter proves nothing. */
function requiredLiterals(pf: PrefilterNode | undefined): string[] | null {
  if (pf === undefined || pf === null) return null;
  if (pf.type === PF_EXACT) return pf.str.length > 0 ? [pf.str] : null;
  if (pf.type === PF_AND) {
    let best: string[] | null = null;
    for (const sub of pf.subs) {
      const lits = requiredLiterals(sub);
      if (lits === null) continue;
      const shortest = Math.min(...lits.map((l) => l.length));
      if (best === null || shortest > Math.min(...best.map((l) => l.length))) best = lits;
    }
    return best;
  }
  if (pf.type === PF_OR) {
    const all: string[] = [];
    for (const sub of pf.subs) {
      const lits = requiredLiterals(sub);
      if (lits === null) return null;
      all.push(...lits);
    }
    return all.length > 0 && all.length <= 64 ? all : null;
  }
  return null;
}

/**
 * Where a run that starts at `s`, after runs covering `covered` units, makes the runs dense (see DENSE)
 * once it reaches that far: the first end e past DENSE_MIN with (covered + e - s) * DENSE > e. A run is
 * not read past it (a run over the whole text, letters and spaces for `(?i)secret[- ]?code \d+`, is
 * then read to DENSE_MIN only, not to its end, by each regex of a group).
 */
function denseFrom(s: number, covered: number): number {
  return Math.max(DENSE_MIN, Math.floor((DENSE * (s - covered)) / (DENSE - 1))) + 1;
}

/**
 * The occurrences of a literal in a text (`hay`), in order, found as they are asked for, so that the
 * regexes of a group that require the same literal share one search (SharedText.hits) and a search that
 * stops early (dense windows) reads no further. Same occurrences as `hay.indexOf(lit, from)` in a loop:
 * the piece from the rare character is searched and the whole literal confirmed at its offset.
 * A text where the "rare" character is common ('_' in code, '-' in Markdown) would return to this loop
 * for every one of them. Once a piece's false hits, weighted, are denser than the next piece's first
 * character is in prose (its static commonness, per mille), the next piece is searched, and after the
 * last piece the literal itself. Stepping through the pieces matters: the literal's own first character
 * is often a common letter ('s' of "sk-"), which V8's indexOf stops at about every 16th character of
 * prose (~1.2 ms per MB); and a piece whose character is merely uncommon in the text ('_' in docs, about
 * 1 in 200) is kept.
 */
class LiteralHits {
  private readonly found: number[] = [];
  private piece = 0;
  private anchor: string;
  private offset: number;
  private falseHits = 0;
  /** Where the current piece's search began (the density's denominator). */
  private since = 0;
  private from = 0;
  private done = false;

  constructor(
    private readonly hay: string,
    private readonly lit: string,
    private readonly pieces: Anchor[],
  ) {
    ({ text: this.anchor, offset: this.offset } = pieces[0]!);
  }

  /** The `k`th occurrence (from 0), or -1 when there are fewer (a shared search: every occurrence kept). */
  get(k: number): number {
    while (this.found.length <= k && !this.done) {
      const at = this.advance();
      if (at >= 0) this.found.push(at);
    }
    return k < this.found.length ? this.found[k]! : -1;
  }

  /** The first occurrence at or after `from` (and after the last one given), or -1 (a search of one regex). */
  seek(from: number): number {
    if (from > this.from) this.from = from;
    return this.done ? -1 : this.advance();
  }

  private advance(): number {
    const { hay, lit } = this;
    for (;;) {
      const hit = hay.indexOf(this.anchor, this.from + this.offset);
      if (hit < 0) {
        this.done = true;
        return -1;
      }
      const at = hit - this.offset;
      this.from = at + 1;
      // The literal's first character is compared inline first: most false hits fail there, and
      // cost no startsWith call (a '_' in snake_case code for "ghp_": ~4,500 per MB of docs).
      if (this.anchor.length < lit.length && (hay.charCodeAt(at) !== lit.charCodeAt(0) || !hay.startsWith(lit, at))) {
        this.falseHits++;
        const next = this.pieces[this.piece + 1];
        if (
          next !== undefined &&
          this.falseHits > MIN_FALSE_HITS &&
          this.falseHits * FALSE_HIT_WEIGHT * 1000 > (this.from - this.since) * next.cost
        ) {
          this.piece++;
          ({ text: this.anchor, offset: this.offset } = next);
          this.falseHits = 0;
          this.since = this.from;
        }
        continue;
      }
      return at;
    }
  }
}

/**
 * Candidate runs covering more than 1/DENSE of the text read so far (past DENSE_MIN characters) make the
 * narrowing pure overhead: the windows would cover most of the text anyway, and finding each run costs
 * more than the DFA's reading of it ("x.internal.yourco.com " repeated: 47k runs, 13 ms).
 */
const DENSE = 2;
const DENSE_MIN = 16384;

/**
 * The windows that can hold matches, in order; null when they would cover so much of the text that it
 * is cheaper to scan all of it (the DFA scans whole texts fast). `hay` is where the literals are searched:
 * the text, or for folded ones its foldedCopy (null: none could be made, the runs are used alone).
 */
function candidateWindows(
  text: string,
  n: Narrowing,
  hay: string | null = text,
  shared?: SharedText,
): RegexSpan[] | null {
  const runs: RegexSpan[] = [];
  const { chars } = n;
  let covered = 0;
  // The run around a literal at `pos`; null once it makes the runs dense (see denseFrom).
  const runAround = (pos: number): RegexSpan | null => {
    let s = pos;
    let e = pos;
    while (s > 0 && chars.has(text.charCodeAt(s - 1))) s--;
    const dense = denseFrom(s, covered);
    const stop = Math.min(text.length, dense);
    while (e < stop && chars.has(text.charCodeAt(e))) e++;
    return e >= dense ? null : { start: s, end: e };
  };
  if (n.literals.length > 0 && hay !== null) {
    for (let k = 0; k < n.literals.length; k++) {
      const lit = n.literals[k]!;
      const key = n.keys[k]!;
      // A literal that other regexes of a group require too is searched once for all of them (every
      // occurrence kept); one that only this regex requires is searched past each kept run.
      const common = shared !== undefined && shared.common.has(key);
      let hits = common ? shared.hits.get(key) : undefined;
      if (hits === undefined) {
        hits = new LiteralHits(hay, lit, n.anchors[k]!);
        if (common) shared.hits.set(key, hits);
      }
      let from = 0;
      let j = 0;
      for (;;) {
        let at = common ? hits.get(j++) : hits.seek(from);
        while (at >= 0 && at < from) at = hits.get(j++);
        if (at < 0) break;
        const run = runAround(at);
        if (run === null) return null;
        // A match lies inside one run and is at least minLength long: a shorter run around the literal
        // ("sk-" before a bracket, in a page that documents the pattern) holds none, and costs a search
        // call when kept. Every match contains a literal, so the runs kept still hold every match.
        if (run.end - run.start >= n.minLength) {
          runs.push(run);
          covered += run.end - run.start;
          if (run.end > DENSE_MIN && covered * DENSE > run.end) return null;
        }
        from = Math.max(run.end, at + 1);
      }
    }
    // One literal's runs come in order already.
    if (n.literals.length > 1) runs.sort((a, b) => a.start - b.start);
  } else {
    let i = 0;
    const len = text.length;
    while (i < len) {
      if (!chars.has(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const s = i;
      const dense = denseFrom(s, covered);
      const stop = Math.min(len, dense);
      while (i < stop && chars.has(text.charCodeAt(i))) i++;
      if (i >= dense) return null;
      if (i - s >= Math.max(1, n.minLength)) {
        runs.push({ start: s, end: i });
        covered += i - s;
        if (i > DENSE_MIN && covered * DENSE > i) return null;
      }
    }
  }
  const windows: RegexSpan[] = [];
  for (const r of runs) {
    const last = windows[windows.length - 1];
    if (last !== undefined && r.start <= last.end + MERGE_GAP) last.end = Math.max(last.end, r.end);
    else windows.push({ ...r });
  }
  return windows;
}

/**
 * Code units a window of a text kept as parts is read with on each side: the DFA reads one unit past
 * each end of a search for assertions, and one more for a surrogate pair there.
 */
const WINDOW_CONTEXT = 2;

/**
 * candidateWindows of `source.text`, found in its parts: the windows of each part, plus every run of
 * the pattern's characters that reaches over a boundary between two parts (a marker next to a word),
 * literal or not, when it is as long as a match. A run that does not touch a boundary lies inside one
 * part, whose windows hold it when it can hold a match; a run that does is taken whole, and the windows
 * of the parts it covers in part are merged into it. Null when the windows would cover most of the text.
 */
function partWindows(source: TextParts, n: Narrowing): RegexSpan[] | null {
  const { parts, starts } = source;
  const { chars } = n;
  const runs: RegexSpan[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const inPart = candidateWindows(part, n, n.folded ? foldedCopy(part) : part);
    if (inPart === null) return null;
    const at = starts[k]!;
    for (const w of inPart) runs.push({ start: w.start + at, end: w.end + at });
  }
  const shortest = Math.max(1, n.minLength);
  // The end of the last run over a boundary: a boundary up to it lies in that run or after it.
  let reach = 0;
  for (let k = 1; k < parts.length; k++) {
    const b = starts[k]!;
    if (b <= reach) continue;
    let s = b;
    for (let j = k - 1; j >= 0; j--) {
      const p = parts[j]!;
      let i = p.length;
      while (i > 0 && chars.has(p.charCodeAt(i - 1))) i--;
      s = starts[j]! + i;
      if (i > 0) break;
    }
    let e = b;
    for (let j = k; j < parts.length; j++) {
      const p = parts[j]!;
      let i = 0;
      while (i < p.length && chars.has(p.charCodeAt(i))) i++;
      e = starts[j]! + i;
      if (i < p.length) break;
    }
    reach = e;
    if (e - s >= shortest) runs.push({ start: s, end: e });
  }
  runs.sort((a, b) => a.start - b.start);
  const windows: RegexSpan[] = [];
  let covered = 0;
  for (const r of runs) {
    const last = windows[windows.length - 1];
    if (last !== undefined && r.start <= last.end + MERGE_GAP) {
      if (r.end > last.end) {
        covered += r.end - Math.max(r.start, last.end);
        last.end = r.end;
      }
    } else {
      windows.push(r);
      covered += r.end - r.start;
    }
  }
  const length = source.length;
  return length > DENSE_MIN && covered * DENSE > length ? null : windows;
}

/**
 * Compiles a user regex with RE2 semantics (no backreferences or lookahead; linear-time matching).
 * `caseInsensitive` adds the `i` flag. Returns an error string instead of throwing on bad syntax, and
 * for a program the DFA does not model (none of re2js 2.x's defaults; the lookbehind it supports behind
 * an option is not enabled): re2js's own matcher is linear per search but not over all the matches of a
 * text (see regex-dfa.ts), so such a pattern is refused rather than run.
 */
export function compileLinearRegex(source: string, options: { caseInsensitive?: boolean } = {}): CompileResult {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, options.caseInsensitive === true ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const program = (re as unknown as { re2Input?: { prog?: { inst?: unknown; start?: unknown } } }).re2Input?.prog;
  const dfa = RegexDfa.of(program?.inst, program?.start);
  if (dfa === null) return { ok: false, error: 'the pattern needs a feature kt cannot search for in linear time' };
  const narrowing = analyse(re);
  /** The windows that can hold matches (null: the whole text), the literals' searches shared. */
  const windowsOf = (shared: SharedText): RegexSpan[] | null =>
    narrowing === null ? null : candidateWindows(shared.text, narrowing, hayOf(narrowing, shared), shared);
  const scanWindows = (text: string, windows: RegexSpan[] | null): RegexSpan[] => {
    const out: RegexSpan[] = [];
    if (text.length === 0) return out;
    // One allowance for the whole text (see searchBudget): the windows' searches together read at most
    // a constant times the text's length, the two-pass search included.
    const budget = searchBudget(text.length);
    for (const w of windows ?? [{ start: 0, end: text.length }]) dfa.scan(text, w.start, w.end, out, budget);
    return out;
  };
  const findAll = (text: string): RegexSpan[] =>
    text.length === 0
      ? []
      : scanWindows(text, windowsOf({ text, folded: undefined, hits: NO_HITS, common: NONE_COMMON }));
  const findAllIn = (parts: TextParts): RegexSpan[] => {
    const windows = narrowing === null || parts.parts.length === 1 ? null : partWindows(parts, narrowing);
    // Without windows every unit is read: the flat text is as cheap as any.
    if (windows === null) return findAll(parts.text);
    const out: RegexSpan[] = [];
    const length = parts.length;
    const budget = searchBudget(length);
    for (const w of windows) {
      // Each window is searched in a copy of it and the units around it, at its own offsets.
      const a = Math.max(0, w.start - WINDOW_CONTEXT);
      const b = Math.min(length, w.end + WINDOW_CONTEXT);
      const first = out.length;
      dfa.scan(parts.slice(a, b), w.start - a, w.end - a, out, budget);
      for (let i = first; i < out.length; i++) {
        out[i]!.start += a;
        out[i]!.end += a;
      }
    }
    return out;
  };
  const regex: LinearRegex = { source, findAll, findAllIn, test: (text) => findAll(text).length > 0 };
  compiled.set(regex, {
    program: { inst: program!.inst as ProgramInst[], start: program!.start as number },
    windowsOf,
    scanWindows,
    literalKeys: narrowing === null ? [] : narrowing.keys,
    folded: narrowing?.folded === true,
  });
  return { ok: true, regex };
}

/** A text searched by several regexes, and its folded copy once one of them made it (see foldedCopy). */
interface SharedText {
  readonly text: string;
  folded: string | null | undefined;
  /** The occurrences of each literal searched so far ('e' or 'f' for exact or folded, then the literal). */
  readonly hits: Map<string, LiteralHits>;
  /** The keys of `hits` that two or more regexes of the group require. */
  readonly common: ReadonlySet<string>;
}

const NONE_COMMON: ReadonlySet<string> = new Set();
/** The hits of a regex searched alone: with no common literal nothing is ever kept in it (candidateWindows). */
const NO_HITS: Map<string, LiteralHits> = new Map();

function hayOf(n: Narrowing, shared: SharedText): string | null {
  return n.folded ? foldedOf(shared) : shared.text;
}

/**
 * The last text a folded copy was made of, and the copy: a detector that runs its regexes one by one on a
 * text (prompt-injection's `attack_patterns`) made the copy once per regex (a 400 KB text and 1,000
 * patterns: ~0.4 s of lowering a request). One entry, so it holds no more than the text being scanned and
 * its copy; a text equal to it is the same text whether or not it is the same string.
 */
let lastFolded: { text: string; folded: string | null } | undefined;

/** The text's foldedCopy, made on first use. */
function foldedOf(shared: SharedText): string | null {
  if (shared.folded === undefined) {
    const text = shared.text;
    if (lastFolded === undefined || lastFolded.text.length !== text.length || lastFolded.text !== text)
      lastFolded = { text, folded: foldedCopy(text) };
    shared.folded = lastFolded.folded;
  }
  return shared.folded;
}

/** What a RegexGroup reads of the regexes compileLinearRegex made. */
interface Compiled {
  program: { inst: ProgramInst[]; start: number };
  windowsOf(shared: SharedText): RegexSpan[] | null;
  /** The keys of its literals in SharedText.hits. */
  literalKeys: string[];
  /** Its literals are folded (searched in the text's foldedCopy). */
  folded: boolean;
  scanWindows(text: string, windows: RegexSpan[] | null): RegexSpan[];
}
const compiled = new WeakMap<LinearRegex, Compiled>();

/**
 * The regexes of a step that read their text together (dlp `patterns`, pii `detect_patterns`, safety
 * `block_if`). Same results as each regex's findAll, for less than the sum of their passes:
 * - the folded copy of the text (for case-insensitive literals) is made once, and each literal is
 *   searched once, for all the regexes that require it;
 * - when their windows add up to SET_MIN times the text or more (regexes with no literal, whose runs of
 *   characters are found by a pass over the text each and cover most texts, or whose literal is
 *   everywhere: each costs about a full pass), one set pass (regex-set.ts, about the cost of one such
 *   pass) first tells which regexes match at all, and only those are narrowed and searched. Not below
 *   SET_MIN_LENGTH units: there the searches cost less than it. At worst (every regex matches) the set
 *   pass adds one pass to SET_MIN or more.
 */
export interface RegexGroup {
  /** Per regex, in order, its findAll(text); `skip(i)` true: regex i is not searched ([]). */
  findAll(text: string, skip?: (i: number) => boolean): RegexSpan[][];
}

const SET_MIN = 3;
const SET_MIN_LENGTH = 4096;

export function prepareRegexGroup(regexes: readonly LinearRegex[]): RegexGroup {
  const parts = regexes.map((r) => compiled.get(r));
  const seen = new Set<string>();
  const common = new Set<string>();
  for (const c of parts) for (const key of new Set(c?.literalKeys ?? [])) (seen.has(key) ? common : seen).add(key);
  // The set holds every regex compileLinearRegex made, built on first use (its states lazily too).
  let set: RegexSet | null | undefined;
  const inSet = new Int32Array(regexes.length).fill(-1);
  const setOf = (): RegexSet | null => {
    if (set !== undefined) return set;
    const members: number[] = [];
    parts.forEach((c, i) => {
      if (c !== undefined) inSet[i] = members.push(i) - 1;
    });
    set = members.length >= SET_MIN ? RegexSet.of(members.map((i) => parts[i]!.program)) : null;
    return set;
  };
  return {
    findAll(text, skip) {
      const shared: SharedText = { text, folded: undefined, hits: common.size === 0 ? NO_HITS : new Map(), common };
      const long = text.length >= SET_MIN_LENGTH;
      // A short text (most prompts): each regex's windows searched in turn, with nothing to plan; the set
      // pass below pays only when the searches would read a long text several times over. (The plan's
      // arrays and closures cost a 1 KB prompt's dlp step about a quarter of its time.)
      if (!long)
        return regexes.map((r, i) => {
          if (text.length === 0 || skip?.(i) === true) return [];
          const c = parts[i];
          return c === undefined ? r.findAll(text) : c.scanWindows(text, c.windowsOf(shared));
        });
      const skipped = regexes.map((_, i) => skip?.(i) === true);
      // The windows of the regexes with literals first (a few native searches each). Those of the others
      // cost a pass over the text each (their runs), as the set does for all of them: on a long text they
      // are found after the set pass, for the regexes it reports only.
      // (Folded literals are of no use when the text has no folded copy: see foldedCopy.)
      const narrowsCheaply = (c: Compiled): boolean =>
        c.literalKeys.length > 0 && (!c.folded || foldedOf(shared) !== null);
      const windows = parts.map((c, i) =>
        c === undefined || skipped[i] || text.length === 0 || (long && !narrowsCheaply(c))
          ? undefined
          : c.windowsOf(shared),
      );
      // Units the searches would read (the whole text for a regex without windows, yet or at all).
      let reads = 0;
      parts.forEach((c, i) => {
        if (c === undefined || skipped[i]) return;
        const w = windows[i];
        if (w === null || w === undefined) reads += text.length;
        else for (const x of w) reads += x.end - x.start;
      });
      const matching = long && reads >= SET_MIN * text.length ? (setOf()?.matching(text, reads) ?? null) : null;
      return regexes.map((r, i) => {
        const c = parts[i];
        if (skipped[i] || text.length === 0) return [];
        if (c === undefined) return r.findAll(text);
        // Not matching anywhere (RE2::Set's answer): no span to search for.
        if (matching !== null && matching[inSet[i]!] === 0) return [];
        const w = windows[i];
        return c.scanWindows(text, w === undefined ? c.windowsOf(shared) : w);
      });
    },
  };
}

/**
 * An operator's pattern of the injection and safety detectors (`attack_patterns`, legacy
 * `detection.patterns`, `block_if`), case-insensitive; a phrase that is not valid RE2 is matched as the
 * literal text it is (operators write phrases there as often as regexes).
 */
export function compileUserPattern(p: string): LinearRegex {
  const r = compileLinearRegex(p, { caseInsensitive: true });
  if (r.ok) return r.regex;
  const literal = compileLinearRegex(escapeRegexLiteral(p), { caseInsensitive: true });
  if (!literal.ok) throw new Error(`pattern ${JSON.stringify(p)}: ${literal.error}`);
  return literal.regex;
}

/** Escapes a literal phrase for use inside an RE2 pattern. */
export function escapeRegexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
