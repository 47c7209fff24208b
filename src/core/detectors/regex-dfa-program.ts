/**
 * A compiled re2js program as the automata of regex-dfa.ts and regex-dfa-two-pass.ts read it, and the
 * bounded state cache they build their states in.
 *
 * Why a module of its own: both searches (the fast path's forward and reverse DFAs, the two-pass search's
 * any-end automaton) step the same program the same way. They read a character as its class (the set of
 * runes no instruction tells apart, with its kind for the assertions), follow the threads' closures in
 * re2js's priority order, walk the epsilon edges backwards to the instructions that still lead somewhere,
 * and evaluate the empty-width assertions (^ $ \b \B, with (?m)) from the kinds of the characters on each
 * side of a position. That is what DfaProgram holds, computed once per regex; the searches differ only in
 * the automata they build on it. Each automaton keeps its states in a Direction, which bounds the memory
 * a hostile text can make a long-lived regex hold.
 */

import {
  type ProgramInst,
  EMPTY_BEGIN_LINE,
  EMPTY_BEGIN_TEXT,
  EMPTY_END_LINE,
  EMPTY_END_TEXT,
  EMPTY_NO_WORD_BOUNDARY,
  EMPTY_WORD_BOUNDARY,
  FOLD_CASE,
  OP_ALT,
  OP_ALT_MATCH,
  OP_CAPTURE,
  OP_EMPTY_WIDTH,
  OP_MATCH,
  OP_NOP,
  OP_RUNE,
  OP_RUNE1,
  OP_RUNE_ANY,
  OP_RUNE_ANY_NOT_NL,
} from './re2js-program.js';

// What an assertion needs to know of the character on one side of a position.
export const EDGE = 0; // no character: the start or the end of the text
const NEWLINE = 1;
const WORD = 2;
export const OTHER = 3;

export function kindOf(rune: number): number {
  if (rune < 0) return EDGE;
  if (rune === 10) return NEWLINE;
  if ((rune >= 48 && rune <= 57) || (rune >= 65 && rune <= 90) || (rune >= 97 && rune <= 122) || rune === 95)
    return WORD;
  return OTHER;
}

/** The empty-width flags that hold between a character of kind `before` and one of kind `after`. */
export function conditionOf(before: number, after: number): number {
  let op = 0;
  if (before === EDGE) op |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  else if (before === NEWLINE) op |= EMPTY_BEGIN_LINE;
  if (after === EDGE) op |= EMPTY_END_TEXT | EMPTY_END_LINE;
  else if (after === NEWLINE) op |= EMPTY_END_LINE;
  op |= (before === WORD) !== (after === WORD) ? EMPTY_WORD_BOUNDARY : EMPTY_NO_WORD_BOUNDARY;
  return op;
}

/**
 * Memory one DFA direction may use for its states and transitions before its cache is cleared (bytes,
 * estimated): a regex's cache lives as long as its pack, and a hostile text can make it fill up.
 */
const MEMORY_BUDGET = 1 << 20;
/** Estimated bytes of a state besides its row of transitions (its key, its instruction list, the map entry). */
const STATE_OVERHEAD = 96;
/**
 * A cache that fills up again before the searches have read this many characters per state it holds
 * since it was last cleared is thrashing (RE2's rule: building a state costs far more than re2js's NFA
 * step): the search gives up. The fast path then leaves the rest of the text to the two-pass search, and
 * the two-pass search goes on without its cache.
 */
const MIN_PROGRESS_PER_STATE = 10;

/**
 * The Latin-1 runes each rune set consumes, by its key (see DfaProgram.runeGroups): matchRune reads only
 * what the key holds, so the answer is the same in every program. Bounded, in entries and key length
 * (the sets past it are asked each time).
 */
const latin1Members = new Map<string, Uint8Array>();
const MAX_SHARED_SETS = 4096;
const MAX_SHARED_KEY = 256;

/** The span of a match, in code units. */
export type RegexSpan = { start: number; end: number };

const EMPTY_TABLE = new Int32Array(0);

/**
 * One direction's cache: states by key, and a transition table indexed by state * stride + class. An
 * entry is -1 until computed, then (next state << 2) | (next state is dead << 1) | flag, where the flag
 * is the direction's per-step answer (a match ends here / a match can start here).
 */
export class Direction<S> {
  readonly states: S[] = [];
  private readonly ids = new Map<string, number>();
  table: Int32Array;
  stride: number;
  /** Characters the searches read since the cache was last cleared (see MIN_PROGRESS_PER_STATE). */
  read = 0;
  /** The state each search starts in, by the kind of the character beside its first position (-1: not made yet). */
  readonly starts = new Int32Array(4).fill(-1);

  constructor(stride: number) {
    this.stride = stride;
    // Made with the first state: most of a pack's regexes never build one (their literal is not in the
    // text), and a table per direction was most of the memory a compiled pattern held.
    this.table = EMPTY_TABLE;
  }

  /** The id of the state with `key`, made by `make` if new; -1 when the cache is full. */
  intern(key: string, make: () => S): number {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if ((this.states.length + 1) * (this.stride * 4 + STATE_OVERHEAD) > MEMORY_BUDGET) return -1;
    const id = this.states.length;
    this.states.push(make());
    this.ids.set(key, id);
    if ((id + 1) * this.stride > this.table.length) {
      const grown = new Int32Array(Math.max(16 * this.stride, this.table.length * 2)).fill(-1);
      grown.set(this.table);
      this.table = grown;
    }
    return id;
  }

  /** Empties a full cache; false when it filled up too fast (the search gives up instead). */
  clear(): boolean {
    if (this.read < MIN_PROGRESS_PER_STATE * this.states.length) return false;
    this.read = 0;
    this.starts.fill(-1);
    this.states.length = 0;
    this.ids.clear();
    this.table = EMPTY_TABLE;
    return true;
  }

  /** Makes room for `classes` classes per state (new classes appear as new characters are met). */
  widen(classes: number): void {
    if (classes <= this.stride) return;
    let stride = this.stride;
    while (stride < classes) stride *= 2;
    if (this.states.length === 0) {
      this.stride = stride;
      return;
    }
    const grown = new Int32Array(Math.max(16, this.states.length) * stride).fill(-1);
    for (let s = 0; s < this.states.length; s++)
      grown.set(this.table.subarray(s * this.stride, (s + 1) * this.stride), s * stride);
    this.table = grown;
    this.stride = stride;
  }
}

/** A reverse state: the rune instructions (or the match) that lead to the match end, as a set. */
export interface ReverseState {
  alive: Int32Array;
  /** Kind of the character after the position. */
  after: number;
}

/**
 * The program, prepared for stepping: its instructions by role, its character classes and the closure
 * machinery. RegexDfa (the fast path) extends it; the two-pass search reads it through its public members,
 * which are for those two only.
 */
export class DfaProgram {
  readonly inst: readonly ProgramInst[];
  readonly start: number;
  /** Whether the program has assertions at all (if not, the neighbouring characters' kinds do not matter). */
  readonly assertions: boolean;
  /** Rune-consuming instructions (the leaves of the threads' closures besides MATCH). */
  readonly runeInsts: Int32Array;
  protected readonly matchInsts: Int32Array;
  /**
   * Reverse epsilon edges: the instructions that reach instruction pc without a character are
   * epsilonFrom[epsilonAt[pc] .. epsilonAt[pc + 1]). Made on first use (only the reverse searches read them).
   */
  private epsilonAt: Int32Array | null = null;
  private epsilonFrom: Int32Array | null = null;

  /** Class 0 is "no character" (the text's edge); classes 1.. are sets of runes no instruction tells apart. */
  classCount = 1;
  readonly latin1 = new Int32Array(256);
  private readonly classOfSignature = new Map<string, number>();
  /** Whether classOfSignature holds the Latin-1 classes yet (see signatureClass). */
  private latin1Signed = false;
  /**
   * What tells runes apart, for signatureClass: the runes of OP_RUNE1 instructions, one OP_RUNE
   * instruction per distinct rune set (the others consume the same runes), and whether an
   * OP_RUNE_ANY_NOT_NL exists (OP_RUNE_ANY consumes every rune: it tells none apart).
   */
  private readonly literalRunes = new Set<number>();
  private readonly runeGroups: Int32Array;
  /**
   * Per instruction: for an OP_RUNE, the index of its rune set in runeGroups (the instructions of one
   * index consume the same runes), else -1.
   */
  protected readonly groupOf: Int32Array;
  private readonly anyButNewline: boolean;
  /**
   * Past Latin-1: the starts of the rune intervals on which no instruction changes its mind (from the
   * instructions' ranges), and each interval's class once met (0: not yet). Null when an instruction
   * matches a rune case-insensitively (its other cases are not in its ranges): then classes are
   * remembered per rune, in a bounded map.
   */
  private readonly bounds: Int32Array | null;
  private readonly intervalClass: Int32Array;
  private readonly classOfRune = new Map<number, number>();

  /** Visit marks for closures (one generation per use, so no clearing). */
  readonly mark: Uint32Array;
  generation = 0;

  protected constructor(inst: readonly ProgramInst[], start: number) {
    this.inst = inst;
    this.start = start;
    const runes: number[] = [];
    const matches: number[] = [];
    let assertions = false;
    inst.forEach((i, pc) => {
      if (i.op >= OP_RUNE && i.op <= OP_RUNE_ANY_NOT_NL) runes.push(pc);
      else if (i.op === OP_MATCH) matches.push(pc);
      if (i.op === OP_EMPTY_WIDTH) assertions = true;
    });
    this.assertions = assertions;
    this.runeInsts = Int32Array.from(runes);
    this.matchInsts = Int32Array.from(matches);
    this.mark = new Uint32Array(inst.length);
    const starts = new Set<number>([256]);
    let folding = false;
    for (const pc of runes) {
      const i = inst[pc]!;
      const r = i.runes;
      if (i.op === OP_RUNE && r.length === 1 && (i.arg & FOLD_CASE) !== 0) folding = true;
      else if (i.op === OP_RUNE1 || (i.op === OP_RUNE && r.length === 1)) starts.add(r[0]!).add(r[0]! + 1);
      else if (i.op === OP_RUNE) for (let k = 0; k + 1 < r.length; k += 2) starts.add(r[k]!).add(r[k + 1]! + 1);
    }
    // A signature per instruction cost 256 strings as long as the program at compile time (a pattern of
    // 900,000 literals took ~50 s to compile): instructions that consume the same runes are one entry.
    const groups = new Map<string, number>();
    const groupIndex = new Map<string, number>();
    this.groupOf = new Int32Array(inst.length).fill(-1);
    let anyButNewline = false;
    for (const pc of runes) {
      const i = inst[pc]!;
      if (i.op === OP_RUNE1) this.literalRunes.add(i.runes[0]!);
      else if (i.op === OP_RUNE) {
        // matchRune reads the runes, and the fold flag for a single rune.
        const key =
          i.runes.length === 1 ? `${i.arg & FOLD_CASE}:${i.runes[0]}` : Array.prototype.join.call(i.runes, ',');
        if (!groups.has(key)) {
          groupIndex.set(key, groups.size);
          groups.set(key, pc);
        }
        this.groupOf[pc] = groupIndex.get(key)!;
      } else if (i.op === OP_RUNE_ANY_NOT_NL) anyButNewline = true;
    }
    this.runeGroups = Int32Array.from(groups.values());
    this.anyButNewline = anyButNewline;
    this.bounds = folding ? null : Int32Array.from([...starts].filter((b) => b >= 256)).sort();
    this.intervalClass = new Int32Array(folding ? 0 : this.bounds!.length);
    this.classifyLatin1(groups);
  }

  /**
   * The classes of the Latin-1 runes, numbered as signatureClass would number them rune by rune (the
   * runes in order, a new class at each new signature), but found by splitting the runes by what each
   * literal and rune set consumes of them. A signature per rune cost 256 strings as long as the number
   * of rune sets, most of a pattern's compile time (a pack of 5,000 attack patterns took seconds).
   * The Latin-1 classes' signatures are made when a rune past Latin-1 is first classified (see
   * signatureClass).
   */
  private classifyLatin1(groups: ReadonlyMap<string, number>): void {
    const part = new Int32Array(256);
    const size: number[] = [];
    // First by kind, and by whether OP_RUNE_ANY_NOT_NL consumes the rune (all but the newline).
    const initial = new Map<number, number>();
    for (let u = 0; u < 256; u++) {
      const key = this.kind(u) * 2 + (this.anyButNewline && u !== 10 ? 1 : 0);
      let p = initial.get(key);
      if (p === undefined) {
        p = size.push(0) - 1;
        initial.set(key, p);
      }
      part[u] = p;
      size[p]!++;
    }
    // Then by each set of runes an instruction consumes: the runes of a part it takes some of (not all)
    // become a part of their own.
    const touched: number[] = [];
    // At most 256 parts (none is empty).
    const hits = new Int32Array(256);
    const split = new Int32Array(256).fill(-1);
    const refine = (members: ArrayLike<number>): void => {
      for (let k = 0; k < members.length; k++) {
        const p = part[members[k]!]!;
        if (hits[p] === 0) touched.push(p);
        hits[p]!++;
      }
      for (const p of touched) if (hits[p]! < size[p]!) split[p] = size.push(0) - 1;
      for (let k = 0; k < members.length; k++) {
        const u = members[k]!;
        const q = split[part[u]!]!;
        if (q < 0) continue;
        size[part[u]!]!--;
        size[q]!++;
        part[u] = q;
      }
      for (const p of touched) {
        hits[p] = 0;
        split[p] = -1;
      }
      touched.length = 0;
    };
    for (const r of this.literalRunes) if (r < 256) refine([r]);
    for (const [key, pc] of groups) refine(this.latin1Members(key, pc));
    const classOfPart = new Int32Array(size.length);
    for (let u = 0; u < 256; u++) this.latin1[u] = classOfPart[part[u]!] ||= this.classCount++;
  }

  /**
   * The Latin-1 runes that rune set `pc` (an OP_RUNE of runeGroups, `key` its key there) consumes, in
   * order. What matchRune answers depends on the key alone: the sets most patterns share (a folded
   * letter, \s, \W) are asked once in all.
   */
  private latin1Members(key: string, pc: number): Uint8Array {
    let members = latin1Members.get(key);
    if (members !== undefined) return members;
    const r = this.inst[pc]!.runes;
    const found: number[] = [];
    if (r.length === 1) {
      // A rune, and with the fold flag its other cases (Unicode's folding orbits, which matchRune walks).
      for (let u = 0; u < 256; u++) if (this.consumes(pc, u)) found.push(u);
    } else {
      // Ranges: only a rune inside one can be consumed (matchRune has the last word).
      for (let k = 0; k + 1 < r.length; k += 2)
        for (let u = r[k]!; u <= r[k + 1]! && u < 256; u++) if (this.consumes(pc, u)) found.push(u);
    }
    members = Uint8Array.from(found);
    if (latin1Members.size < MAX_SHARED_SETS && key.length <= MAX_SHARED_KEY) latin1Members.set(key, members);
    return members;
  }

  /** Whether rune instruction `pc` consumes `rune` (exactly as re2js's Machine.step decides). */
  consumes(pc: number, rune: number): boolean {
    const i = this.inst[pc]!;
    switch (i.op) {
      case OP_RUNE:
        return i.matchRune(rune);
      case OP_RUNE1:
        return rune === i.runes[0];
      case OP_RUNE_ANY:
        return true;
      default:
        return rune !== 10;
    }
  }

  /** The class of a rune: which rune instructions consume it, and its kind for assertions. */
  classOf(rune: number): number {
    if (rune >= 256 && this.bounds !== null) {
      // The last interval start at or below the rune (bounds[0] is 256).
      const b = this.bounds;
      let lo = 0;
      let hi = b.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (b[mid]! <= rune) lo = mid;
        else hi = mid - 1;
      }
      return (this.intervalClass[lo] ||= this.signatureClass(rune));
    }
    if (rune < 256) return this.latin1[rune]!;
    const known = this.classOfRune.get(rune);
    if (known !== undefined) return known;
    const cls = this.signatureClass(rune);
    // Bounded: a text of many distinct characters computes their classes again rather than grow the map.
    if (this.classOfRune.size < 16384) this.classOfRune.set(rune, cls);
    return cls;
  }

  /**
   * The class of the runes that every instruction treats as it treats `rune`: two runes share one when
   * they have the same kind and are consumed by the same instructions - by the same OP_RUNE1 (only when
   * they are that one rune), by the same rune sets, by OP_RUNE_ANY_NOT_NL alike.
   */
  private signatureClass(rune: number): number {
    if (!this.latin1Signed) {
      // The Latin-1 classes' signatures (see classifyLatin1), from one rune of each.
      this.latin1Signed = true;
      const seen = new Uint8Array(this.classCount);
      for (let u = 0; u < 256; u++) {
        const cls = this.latin1[u]!;
        if (seen[cls] === 0) {
          seen[cls] = 1;
          this.classOfSignature.set(this.signature(u), cls);
        }
      }
    }
    const signature = this.signature(rune);
    let cls = this.classOfSignature.get(signature);
    if (cls === undefined) {
      cls = this.classCount++;
      this.classOfSignature.set(signature, cls);
    }
    return cls;
  }

  private signature(rune: number): string {
    let signature = `${this.assertions ? kindOf(rune) : OTHER}|${this.literalRunes.has(rune) ? rune : ''}|`;
    signature += this.anyButNewline && rune !== 10 ? '1|' : '0|';
    for (const pc of this.runeGroups) signature += this.consumes(pc, rune) ? '1' : '0';
    return signature;
  }

  kind(rune: number): number {
    return this.assertions ? kindOf(rune) : OTHER;
  }

  /** The code point re2js reads at `p` (a surrogate pair as one) and its class, packed as cls * 4 + width. */
  protected classAt(text: string, p: number): number {
    const u = text.charCodeAt(p);
    if (u < 256) return this.latin1[u]! * 4 + 1;
    if (u >= 0xd800 && u <= 0xdbff && p + 1 < text.length) {
      const v = text.charCodeAt(p + 1);
      if (v >= 0xdc00 && v <= 0xdfff) return this.classOf((u - 0xd800) * 1024 + (v - 0xdc00) + 0x10000) * 4 + 2;
    }
    return this.classOf(u) * 4 + 1;
  }

  /**
   * Appends the leaves (rune instructions and MATCH) of `pc`'s closure under `cond` to `leaves`, in
   * re2js's priority order (an ALT's `out` before its `arg`), skipping instructions already visited in
   * this generation.
   */
  closure(pc: number, cond: number, leaves: number[], stack: number[]): void {
    const mark = this.mark;
    const gen = this.generation;
    stack.push(pc);
    while (stack.length > 0) {
      pc = stack.pop()!;
      while (pc !== 0 && mark[pc] !== gen) {
        mark[pc] = gen;
        const i = this.inst[pc]!;
        switch (i.op) {
          case OP_ALT:
          case OP_ALT_MATCH:
            stack.push(i.arg);
            pc = i.out;
            break;
          case OP_NOP:
          case OP_CAPTURE:
            pc = i.out;
            break;
          case OP_EMPTY_WIDTH:
            pc = (i.arg & ~cond) === 0 ? i.out : 0;
            break;
          case OP_MATCH:
          case OP_RUNE:
          case OP_RUNE1:
          case OP_RUNE_ANY:
          case OP_RUNE_ANY_NOT_NL:
            leaves.push(pc);
            pc = 0;
            break;
          default: // FAIL
            pc = 0;
        }
      }
    }
  }

  nextGeneration(): void {
    if (++this.generation === 0xffffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
  }

  /** Makes epsilonAt and epsilonFrom: the epsilon edges (ALT, NOP, CAPTURE, EMPTY_WIDTH), by target. */
  private linkEpsilons(): void {
    const inst = this.inst;
    const n = inst.length;
    const at = new Int32Array(n + 1);
    const each = (visit: (target: number, pc: number) => void): void => {
      for (let pc = 0; pc < n; pc++) {
        const i = inst[pc]!;
        const alt = i.op === OP_ALT || i.op === OP_ALT_MATCH;
        if (alt || i.op === OP_NOP || i.op === OP_CAPTURE || i.op === OP_EMPTY_WIDTH) {
          if (i.out >= 0 && i.out < n) visit(i.out, pc);
          if (alt && i.arg >= 0 && i.arg < n) visit(i.arg, pc);
        }
      }
    };
    each((target) => at[target + 1]!++);
    for (let pc = 0; pc < n; pc++) at[pc + 1]! += at[pc]!;
    const from = new Int32Array(at[n]!);
    const next = at.slice(0, n);
    each((target, pc) => (from[next[target]!++] = pc));
    this.epsilonAt = at;
    this.epsilonFrom = from;
  }

  /**
   * Marks (in a new generation) every instruction that reaches one of `alive` (or a MATCH, with
   * `matches`) without consuming a character, under the assertion context `cond`.
   */
  markLeadingTo(alive: ArrayLike<number>, cond: number, matches: boolean): void {
    this.nextGeneration();
    const mark = this.mark;
    const gen = this.generation;
    const pending: number[] = [];
    const seed = (pc: number): void => {
      if (mark[pc] === gen) return;
      mark[pc] = gen;
      pending.push(pc);
    };
    for (let k = 0; k < alive.length; k++) seed(alive[k]!);
    if (matches) for (const pc of this.matchInsts) seed(pc);
    if (this.epsilonFrom === null) this.linkEpsilons();
    const at = this.epsilonAt!;
    const from = this.epsilonFrom!;
    while (pending.length > 0) {
      const pc = pending.pop()!;
      for (let e = at[pc]!; e < at[pc + 1]!; e++) {
        const p = from[e]!;
        if (mark[p] === gen) continue;
        const i = this.inst[p]!;
        if (i.op === OP_EMPTY_WIDTH && (i.arg & ~cond) !== 0) continue;
        mark[p] = gen;
        pending.push(p);
      }
    }
  }
}

/**
 * The code point that ends at unit `p` of `text` as a forward reading from `from` sees it: a surrogate pair
 * only when both halves are at or after `from`, else the unit before `p`; -1 at the start of the text.
 */
export function runeEndingAt(text: string, p: number, from: number): number {
  if (p <= 0) return -1;
  const u = text.charCodeAt(p - 1);
  if (u >= 0xdc00 && u <= 0xdfff && p - 2 >= from) {
    const h = text.charCodeAt(p - 2);
    if (h >= 0xd800 && h <= 0xdbff) return (h - 0xd800) * 1024 + (u - 0xdc00) + 0x10000;
  }
  return u;
}
