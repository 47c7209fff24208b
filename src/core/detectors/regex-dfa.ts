/**
 * A lazily built DFA over a compiled re2js program that finds the same match spans as re2js's own
 * matcher (leftmost-first, the spans of `Matcher.find`), for the user regexes of linear-regex.ts.
 *
 * Why: re2js finds spans with its NFA (Pike VM with submatch tracking), which costs 150-300 ns per
 * character; a hostile text can make a user regex's candidate window the whole megabyte ("AKIA"
 * repeated: 52k matches, ~0.4 s). Only the span of each match is used, and a span needs no submatches:
 * - the end: a forward DFA whose states are the Pike VM's thread lists in priority order (a match cuts
 *   the threads after it and stops new starts, as in re2js's Machine.step), so the last position where a
 *   state matched is the end of the leftmost-first match;
 * - the start: the leftmost position from which the program can reach a match ending exactly there,
 *   found by a reverse DFA over the sets of instructions that still lead to that end. It is the
 *   leftmost-first start: no match at all starts before it (else the forward search would have reported
 *   a match starting there), and the reported match starts there.
 * Both read UTF-16 text the way re2js does (code points, a lone surrogate as itself) and evaluate the
 * empty-width assertions (^ $ \b \B, with (?m)) from the code units on each side of a position. States
 * are built on first use and cached per regex. Each search reads the text from where it starts to
 * where its threads die, as re2js's does.
 *
 * All the matches, in linear time. Searching match by match (the fast path above, and RE2's, Rust's and
 * re2js's find-all) is quadratic on patterns such as `[a-z]*x|a` over a run of letters: each one-letter
 * match needs a read to the end of the run to rule out the higher-priority `[a-z]*x`, and the next search
 * starts one letter further. So the fast path gets an allowance per text (searchBudget: 4 units per unit
 * of the text, plus 1024), and what is left of the text when it runs out, or when the forward states
 * blow up, goes to a two-pass search (exactScan) that gives the same matches:
 * 1. a reverse pass over the rest, with an automaton whose state at position p is the set of rune
 *    instructions that consume the character at p and still lead to a match ending anywhere further on;
 *    stepping back over the character before p says whether a match can start at p;
 * 2. from the leftmost such start, a walk that at each position takes the highest-priority leaf of the
 *    current instruction's closure that is MATCH (the match ends here) or a rune instruction in the pass-1
 *    state (it can still reach a match). Leftmost-first is the highest-priority accepting path from the
 *    leftmost start, so greedy choice with that oracle finds it reading only the match; the next search
 *    starts at its end, so the walks read disjoint stretches.
 * Pass 1 keeps its state every CHUNK units; the walks recompute the states of one chunk at a time from
 * them (each chunk once), so memory stays at a few bytes per unit. Bound, per text of n units, counted by
 * `work`: the fast path reads at most 2 * (4 * (n + 1) + 1024) + 2 units (the reverse reads to a match's
 * start never exceed the forward reads that found it), the two-pass search at most 8 * (n + 1)
 * (pass 1, the recomputation, the walks, the lookup of each next start, 2 per unit each at most, the
 * walks' last step and small windows' overheads included): 16 * (n + 1) + 2050 in all. A state
 * blow-up in the two-pass search's own automaton empties its cache, or, when that thrashes, computes each
 * step without it (an NFA step, still a constant per unit for a given pattern). There is no budget error:
 * no text makes a search fail or miss a match.
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
  OP_LB_CHECK,
  OP_LB_WRITE,
  OP_MATCH,
  OP_NOP,
  OP_RUNE,
  OP_RUNE1,
  OP_RUNE_ANY,
  OP_RUNE_ANY_NOT_NL,
} from './re2js-program.js';

// What an assertion needs to know of the character on one side of a position.
const EDGE = 0; // no character: the start or the end of the text
const NEWLINE = 1;
const WORD = 2;
const OTHER = 3;

function kindOf(rune: number): number {
  if (rune < 0) return EDGE;
  if (rune === 10) return NEWLINE;
  if ((rune >= 48 && rune <= 57) || (rune >= 65 && rune <= 90) || (rune >= 97 && rune <= 122) || rune === 95)
    return WORD;
  return OTHER;
}

/** The empty-width flags that hold between a character of kind `before` and one of kind `after`. */
function conditionOf(before: number, after: number): number {
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
 * step): the search gives up and the caller finishes with re2js.
 */
const MIN_PROGRESS_PER_STATE = 10;
/** Returned by a search that gave up (see MIN_PROGRESS_PER_STATE). */
const GAVE_UP = -2;
/** Returned by a search cut short by the fast path's budget (see searchBudget). */
const OVER_BUDGET = -3;

/**
 * The fast path may read FAST_PER_UNIT units per unit of the text, plus FAST_EXTRA, before the rest of the
 * text goes to the two-pass search. Searching match by match, an ordinary pattern reads each unit about
 * once (a search stops where its threads die, a few units past its match; the reverse pass to a match's
 * start reads only the match), so 4 leaves room for patterns that look far ahead (an e-mail address
 * read up to its `@` and back) and is only reached by a text that makes the searches read far past
 * their matches again and again; FAST_EXTRA keeps short texts (a chat turn) on the fast path whatever
 * they hold. The two-pass search gives the same matches, so the figures trade speed only.
 */
const FAST_PER_UNIT = 4;
const FAST_EXTRA = 1024;
/** Units between the states pass 1 of the two-pass search keeps (see exactScan). */
const CHUNK = 4096;
/** Closure leaf lists kept for the walks before the cache is emptied. */
const LEAF_CACHE_SIZE = 4096;

/** What is left of the fast path's allowance for one text (shared by its windows). */
export interface SearchBudget {
  fastUnits: number;
}

/** The fast path's allowance for a text of `length` units: FAST_PER_UNIT * (length + 1) + FAST_EXTRA. */
export function searchBudget(length: number): SearchBudget {
  return { fastUnits: FAST_PER_UNIT * (length + 1) + FAST_EXTRA };
}

type RegexSpan = { start: number; end: number };

/** Units read by every RegexDfa's searches in this realm (see RegexDfa.work); for tests and benchmarks. */
let totalUnits = 0;
export function unitsRead(): number {
  return totalUnits;
}

/**
 * One direction's cache: states by key, and a transition table indexed by state * stride + class. An
 * entry is -1 until computed, then (next state << 2) | (next state is dead << 1) | flag, where the flag
 * is the direction's per-step answer (a match ends here / a match can start here).
 */
class Direction<S> {
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
    this.table = new Int32Array(16 * stride).fill(-1);
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
      const grown = new Int32Array(this.table.length * 2).fill(-1);
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
    this.table = new Int32Array(16 * this.stride).fill(-1);
    return true;
  }

  /** Makes room for `classes` classes per state (new classes appear as new characters are met). */
  widen(classes: number): void {
    if (classes <= this.stride) return;
    let stride = this.stride;
    while (stride < classes) stride *= 2;
    const grown = new Int32Array(Math.max(16, this.states.length) * stride).fill(-1);
    for (let s = 0; s < this.states.length; s++)
      grown.set(this.table.subarray(s * this.stride, (s + 1) * this.stride), s * stride);
    this.table = grown;
    this.stride = stride;
  }
}

// The bits of a forward transition (next state << 4 | bits).
/** A match ends before the character read. */
const FORWARD_MATCH = 1;
/** No thread is left and a match was seen: the search is over. */
const FORWARD_DEAD = 2;
/**
 * The match that ends here was found by a thread that started at the last position where no thread
 * was alive (the last "idle" position): its start is known without the reverse DFA. Threads carry a tag
 * (the low bit of a root): 1 for the descendants of the thread started at an idle position, 0 for
 * those started while older threads were alive; the tag-1 threads all come from the latest idle position,
 * since every thread alive before it had died there.
 */
const FORWARD_AT_IDLE = 4;
/** The next state has no thread and no match yet (its position is an idle one). */
const FORWARD_NEXT_IDLE = 8;

/** Placeholder for a cache not made yet (RegexDfa.anyEnd). */
const EMPTY_DIRECTION = new Direction<never>(1);

/** A forward state: the threads' instructions before their closure, in priority order. */
interface ForwardState {
  /** Instruction * 2 + tag (see FORWARD_AT_IDLE). */
  roots: Int32Array;
  /** Kind of the character before the position (EDGE, NEWLINE, WORD, OTHER). */
  before: number;
  /** A match has been seen: no new thread starts. */
  matched: boolean;
}

/** A reverse state: the rune instructions (or the match) that lead to the match end, as a set. */
interface ReverseState {
  alive: Int32Array;
  /** Kind of the character after the position. */
  after: number;
}

export class RegexDfa {
  private readonly inst: readonly ProgramInst[];
  private readonly start: number;
  /** Whether the program has assertions at all (if not, the neighbouring characters' kinds do not matter). */
  private readonly assertions: boolean;
  /** Rune-consuming instructions (the leaves of the threads' closures besides MATCH). */
  private readonly runeInsts: Int32Array;
  private readonly matchInsts: Int32Array;
  /** Reverse epsilon edges: for each instruction, the instructions that reach it without a character. */
  private readonly epsilonFrom: number[][];

  /** Class 0 is "no character" (the text's edge); classes 1.. are sets of runes no instruction tells apart. */
  private classCount = 1;
  private readonly latin1 = new Int32Array(256);
  private readonly classOfSignature = new Map<string, number>();
  /**
   * Past Latin-1: the starts of the rune intervals on which no instruction changes its mind (from the
   * instructions' ranges), and each interval's class once met (0: not yet). Null when an instruction
   * matches a rune case-insensitively (its other cases are not in its ranges): then classes are
   * remembered per rune, in a bounded map.
   */
  private readonly bounds: Int32Array | null;
  private readonly intervalClass: Int32Array;
  private readonly classOfRune = new Map<number, number>();

  private readonly forward = new Direction<ForwardState>(32);
  private readonly reverse = new Direction<ReverseState>(32);
  /** Visit marks for closures (one generation per use, so no clearing). */
  private readonly mark: Uint32Array;
  private generation = 0;

  private constructor(inst: readonly ProgramInst[], start: number) {
    this.inst = inst;
    this.start = start;
    const runes: number[] = [];
    const matches: number[] = [];
    const from: number[][] = inst.map(() => []);
    let assertions = false;
    inst.forEach((i, pc) => {
      if (i.op >= OP_RUNE && i.op <= OP_RUNE_ANY_NOT_NL) runes.push(pc);
      else if (i.op === OP_MATCH) matches.push(pc);
      else if (i.op === OP_ALT || i.op === OP_ALT_MATCH) {
        from[i.out]?.push(pc);
        from[i.arg]?.push(pc);
      } else if (i.op === OP_NOP || i.op === OP_CAPTURE || i.op === OP_EMPTY_WIDTH) from[i.out]?.push(pc);
      if (i.op === OP_EMPTY_WIDTH) assertions = true;
    });
    this.assertions = assertions;
    this.runeInsts = Int32Array.from(runes);
    this.matchInsts = Int32Array.from(matches);
    this.epsilonFrom = from;
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
    this.bounds = folding ? null : Int32Array.from([...starts].filter((b) => b >= 256)).sort();
    this.intervalClass = new Int32Array(folding ? 0 : this.bounds!.length);
    for (let u = 0; u < 256; u++) this.latin1[u] = this.classOf(u);
    this.forward.widen(this.classCount);
    this.reverse.widen(this.classCount);
  }

  /**
   * A DFA for the program, or null when it has instructions the DFA does not model (lookbehind) or does
   * not look like a re2js 2.x program.
   */
  static of(inst: unknown, start: unknown): RegexDfa | null {
    if (!Array.isArray(inst) || typeof start !== 'number' || start <= 0 || start >= inst.length) return null;
    for (const i of inst as ProgramInst[]) {
      if (typeof i?.op !== 'number' || typeof i.matchRune !== 'function') return null;
      if (i.op === OP_LB_WRITE || i.op === OP_LB_CHECK) return null;
      if (i.op < OP_ALT || i.op > OP_RUNE_ANY_NOT_NL) return null;
    }
    return new RegexDfa(inst as ProgramInst[], start);
  }

  /** Whether rune instruction `pc` consumes `rune` (exactly as re2js's Machine.step decides). */
  private consumes(pc: number, rune: number): boolean {
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
  private classOf(rune: number): number {
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
    if (rune < 256) return this.signatureClass(rune);
    const known = this.classOfRune.get(rune);
    if (known !== undefined) return known;
    const cls = this.signatureClass(rune);
    // Bounded: a text of many distinct characters computes their classes again rather than grow the map.
    if (this.classOfRune.size < 16384) this.classOfRune.set(rune, cls);
    return cls;
  }

  /** The class of the runes that every instruction treats as it treats `rune`. */
  private signatureClass(rune: number): number {
    let signature = String(this.assertions ? kindOf(rune) : OTHER);
    for (const pc of this.runeInsts) signature += this.consumes(pc, rune) ? '1' : '0';
    let cls = this.classOfSignature.get(signature);
    if (cls === undefined) {
      cls = this.classCount++;
      this.classOfSignature.set(signature, cls);
    }
    return cls;
  }

  private kind(rune: number): number {
    return this.assertions ? kindOf(rune) : OTHER;
  }

  /**
   * Appends the leaves (rune instructions and MATCH) of `pc`'s closure under `cond` to `leaves`, in
   * re2js's priority order (an ALT's `out` before its `arg`), skipping instructions already visited in
   * this generation.
   */
  private closure(pc: number, cond: number, leaves: number[], stack: number[]): void {
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

  private nextGeneration(): void {
    if (++this.generation === 0xffffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
  }

  private forwardState(roots: readonly number[], before: number, matched: boolean): number {
    const key = `${roots.join(',')}|${before}|${matched ? 1 : 0}`;
    return this.forward.intern(key, () => ({ roots: Int32Array.from(roots), before, matched }));
  }

  /** Computes the forward transition of state `s` on `rune` (class `cls`); -1 when the cache is full. */
  private forwardStep(s: number, cls: number, rune: number): number {
    const st = this.forward.states[s]!;
    const after = rune < 0 ? EDGE : this.kind(rune);
    const cond = conditionOf(st.before, after);
    this.nextGeneration();
    const leaves: number[] = [];
    const tags: number[] = [];
    const stack: number[] = [];
    for (const r of st.roots) {
      this.closure(r >> 1, cond, leaves, stack);
      while (tags.length < leaves.length) tags.push(r & 1);
    }
    // The thread starting here is the oldest one alive when no other is (see FORWARD_AT_IDLE).
    const idle = st.roots.length === 0;
    if (!st.matched) {
      this.closure(this.start, cond, leaves, stack);
      while (tags.length < leaves.length) tags.push(idle ? 1 : 0);
    }
    let matchHere = false;
    let matchAtIdle = false;
    const outs: number[] = [];
    const seen = new Set<number>();
    for (let k = 0; k < leaves.length; k++) {
      const pc = leaves[k]!;
      if (this.inst[pc]!.op === OP_MATCH) {
        // A match cuts the lower-priority threads (re2js, leftmost-first).
        matchHere = true;
        matchAtIdle = tags[k] === 1;
        break;
      }
      if (rune >= 0 && this.consumes(pc, rune)) {
        const out = this.inst[pc]!.out;
        if (!seen.has(out)) {
          seen.add(out);
          outs.push(out * 2 + tags[k]!);
        }
      }
    }
    const matched = st.matched || matchHere;
    const next = this.forwardState(outs, after, matched);
    if (next < 0) return -1;
    const entry =
      (next << 4) |
      (outs.length === 0 && !matched ? FORWARD_NEXT_IDLE : 0) |
      (matchAtIdle ? FORWARD_AT_IDLE : 0) |
      (outs.length === 0 && matched ? FORWARD_DEAD : 0) |
      (matchHere ? FORWARD_MATCH : 0);
    this.forward.table[s * this.forward.stride + cls] = entry;
    return entry;
  }

  private reverseState(alive: readonly number[], after: number): number {
    const key = `${alive.join(',')}|${after}`;
    return this.reverse.intern(key, () => ({ alive: Int32Array.from(alive), after }));
  }

  /**
   * Computes the reverse transition of state `s` (the instructions at position p that lead to the end)
   * on the rune before p: whether a match can start at p, and the rune instructions at that rune's
   * position that lead to the end. -1 when the cache is full.
   */
  private reverseStep(s: number, cls: number, rune: number): number {
    const st = this.reverse.states[s]!;
    const before = rune < 0 ? EDGE : this.kind(rune);
    const cond = conditionOf(before, st.after);
    // Every instruction that reaches one of `alive` without consuming a character, under `cond`.
    this.markLeadingTo(st.alive, cond, false);
    const mark = this.mark;
    const gen = this.generation;
    const startsHere = mark[this.start] === gen;
    const alive: number[] = [];
    if (rune >= 0)
      for (const pc of this.runeInsts) if (mark[this.inst[pc]!.out] === gen && this.consumes(pc, rune)) alive.push(pc);
    const next = this.reverseState(alive, before);
    if (next < 0) return -1;
    const entry = (next << 2) | (alive.length === 0 ? 2 : 0) | (startsHere ? 1 : 0);
    this.reverse.table[s * this.reverse.stride + cls] = entry;
    return entry;
  }

  /** The code point re2js reads at `p` (a surrogate pair as one) and its class, packed as cls * 4 + width. */
  private classAt(text: string, p: number): number {
    const u = text.charCodeAt(p);
    if (u < 256) return this.latin1[u]! * 4 + 1;
    if (u >= 0xd800 && u <= 0xdbff && p + 1 < text.length) {
      const v = text.charCodeAt(p + 1);
      if (v >= 0xdc00 && v <= 0xdfff) return this.classOf((u - 0xd800) * 1024 + (v - 0xdc00) + 0x10000) * 4 + 2;
    }
    return this.classOf(u) * 4 + 1;
  }

  /** Start of the match matchEnd found when its thread started at an idle position, else -1. */
  private endStart = -1;

  /**
   * End of the leftmost-first match that starts at or after `from`, reading characters up to `limit`
   * (the character at `limit`, or the end of the text, is read for assertions only); -1 when there is
   * none, GAVE_UP when the state cache thrashed, OVER_BUDGET when the search reached `stop` (before
   * `limit`) with threads still alive. Sets endStart and lastRead.
   */
  private matchEnd(text: string, from: number, limit: number, stop = limit): number {
    const len = text.length;
    const fw = this.forward;
    const latin1 = this.latin1;
    const before = from === 0 ? EDGE : this.kind(text.charCodeAt(from - 1));
    let s = fw.starts[before]!;
    if (s < 0) {
      s = this.forwardState([], before, false);
      if (s < 0) {
        if (!fw.clear()) return GAVE_UP;
        s = this.forwardState([], before, false);
      }
      fw.starts[before] = s;
    }
    let table = fw.table;
    let stride = fw.stride;
    let end = -1;
    let p = from;
    let counted = from;
    // The last idle position (see FORWARD_AT_IDLE): the search starts idle.
    let idleAt = from;
    this.endStart = -1;
    this.lastRead = 0;
    for (;;) {
      let cls = 0;
      let width = 1;
      if (p < len) {
        const u = text.charCodeAt(p);
        if (u < 256) cls = latin1[u]!;
        else {
          const cw = this.classAt(text, p);
          cls = cw >> 2;
          width = cw & 3;
          if (cls >= stride) {
            fw.widen(this.classCount);
            table = fw.table;
            stride = fw.stride;
          }
        }
      }
      let t = table[s * stride + cls]!;
      if (t < 0) {
        // codePointAt reads what re2js reads: a pair as one rune, a lone surrogate as itself.
        const r = p < len ? text.codePointAt(p)! : -1;
        t = this.forwardStep(s, cls, r);
        if (t < 0) {
          // Cache full: start over from the current state, unless it filled up too fast.
          fw.read += p - counted;
          counted = p;
          const st = fw.states[s]!;
          this.lastRead = p - from + 1;
          if (!fw.clear()) return GAVE_UP;
          s = this.forwardState([...st.roots], st.before, st.matched);
          t = this.forwardStep(s, cls, r);
          if (t < 0) return GAVE_UP;
        }
        table = fw.table;
        stride = fw.stride;
      }
      if ((t & FORWARD_MATCH) !== 0) {
        end = p;
        this.endStart = (t & FORWARD_AT_IDLE) !== 0 ? idleAt : -1;
      }
      if ((t & FORWARD_DEAD) !== 0 || p >= stop) {
        fw.read += p - counted;
        this.lastRead = p - from + 1;
        return (t & FORWARD_DEAD) !== 0 || p >= limit ? end : OVER_BUDGET;
      }
      s = t >> 4;
      p += width;
      if ((t & FORWARD_NEXT_IDLE) !== 0) idleAt = p;
    }
  }

  /** Leftmost position in [from, end] where a match ending at `end` starts; -1 if none, or GAVE_UP. */
  private matchStart(text: string, from: number, end: number): number {
    const rv = this.reverse;
    this.lastRead = 0;
    const latin1 = this.latin1;
    const after = end < text.length ? this.kind(text.charCodeAt(end)) : EDGE;
    let s = rv.starts[after]!;
    if (s < 0) {
      s = this.reverseState([...this.matchInsts], after);
      if (s < 0) {
        if (!rv.clear()) return GAVE_UP;
        s = this.reverseState([...this.matchInsts], after);
      }
      rv.starts[after] = s;
    }
    let table = rv.table;
    let stride = rv.stride;
    let best = -1;
    let p = end;
    let counted = end;
    for (;;) {
      // The rune that ends at p: a surrogate pair only when both halves are at or after `from` (as the
      // forward reading from `from` pairs them); at `from`, only the code unit before it, for assertions.
      const rune = runeEndingAt(text, p, from);
      const width = rune > 0xffff ? 2 : 1;
      let cls = 0;
      if (p > 0) {
        if (rune < 256) cls = latin1[rune]!;
        else {
          cls = this.classOf(rune);
          if (cls >= stride) {
            rv.widen(this.classCount);
            table = rv.table;
            stride = rv.stride;
          }
        }
      }
      let t = table[s * stride + cls]!;
      if (t < 0) {
        t = this.reverseStep(s, cls, rune);
        if (t < 0) {
          rv.read += counted - p;
          counted = p;
          const st = rv.states[s]!;
          this.lastRead = end - p + 1;
          if (!rv.clear()) return GAVE_UP;
          s = this.reverseState([...st.alive], st.after);
          t = this.reverseStep(s, cls, rune);
          if (t < 0) return GAVE_UP;
        }
        table = rv.table;
        stride = rv.stride;
      }
      if ((t & 1) !== 0) best = p;
      if ((t & 2) !== 0 || p <= from) {
        rv.read += counted - p;
        this.lastRead = end - p + 1;
        return best;
      }
      s = t >> 2;
      p -= width;
    }
  }

  /** Units the last matchEnd read (the character at its stopping point included). */
  private lastRead = 0;

  /** Adds `units` to this DFA's work and the module's (see unitsRead). */
  private count(units: number): void {
    this.work += units;
    totalUnits += units;
  }

  /**
   * Units of text this DFA's searches have read, all searches together: the forward and reverse DFA
   * passes of the fast path, and every unit the two-pass search reads (both reverse passes, the walks and
   * the lookup of the next start). Tests bound it; nothing else depends on it.
   */
  work = 0;
  /** Windows (or rests of windows) the two-pass search has scanned; for tests. */
  twoPassScans = 0;

  /**
   * Adds to `out` the non-empty matches that re2js's `Matcher.find` reports, called from `lo` on, that
   * lie in [lo, hi]: hi is the end of the text, or a position no match can cross (a character the
   * pattern cannot consume; never between the halves of a surrogate pair). `budget` is shared by the
   * windows of one text (see searchBudget): the fast path searches match by match while it lasts, the
   * two-pass search (exactScan) does the rest.
   */
  scan(text: string, lo: number, hi: number, out: RegexSpan[], budget: SearchBudget = searchBudget(hi - lo)): void {
    let from = lo;
    while (from <= hi) {
      if (budget.fastUnits <= 0) {
        this.exactScan(text, from, hi, out);
        return;
      }
      // A search is cut where the allowance ends; its partial answer is thrown away (a thread still alive
      // there could have made a longer or another match), and the two-pass search starts where it started.
      const e = this.matchEnd(text, from, hi, Math.min(hi, from + budget.fastUnits));
      this.count(this.lastRead);
      budget.fastUnits -= this.lastRead;
      if (e === GAVE_UP || e === OVER_BUDGET) {
        // A thrashing forward cache (GAVE_UP) is no better on the next windows: they go two-pass too.
        budget.fastUnits = 0;
        this.exactScan(text, from, hi, out);
        return;
      }
      if (e < 0) return;
      if (e === from) {
        from = e + 1;
        continue;
      }
      let s = this.endStart;
      if (s < 0) {
        s = this.matchStart(text, from, e);
        this.count(this.lastRead);
        budget.fastUnits -= this.lastRead;
        if (s < 0) {
          budget.fastUnits = 0;
          this.exactScan(text, from, hi, out);
          return;
        }
      }
      if (e > s) {
        out.push({ start: s, end: e });
        from = e;
      } else from = e + 1;
    }
  }

  // The two-pass search (see the comment at the top of the file).

  /**
   * The any-end reverse automaton: its state at a position p is the set of rune instructions that, at p,
   * consume the character there and lead on to a match ending anywhere at or after p (up to the scan's
   * end); a step back over the character before p tells whether a match can start at p.
   */
  private anyEnd: Direction<ReverseState> = EMPTY_DIRECTION;
  /** Closure leaves by (instruction, assertion context), for the walks. */
  private readonly leafCache = new Map<number, Int32Array>();

  /**
   * The any-end state before the character that ends at `p` (read as the forward search from `from`
   * reads it: a surrogate pair only when both halves are at or after `from`), and whether a match can
   * start at `p`. Moves `cur` back over that character, unless `p` is `from` (then the character before
   * it is read for the assertions only, and `cur` stays).
   */
  private anyEndDown(text: string, from: number, cur: AnyEndCursor): boolean {
    const p = cur.p;
    const rune = runeEndingAt(text, p, from);
    const width = rune > 0xffff ? 2 : 1;
    let cls = 0;
    if (p > 0) {
      if (rune < 256) cls = this.latin1[rune]!;
      else {
        cls = this.classOf(rune);
        if (cls >= this.anyEnd.stride) this.anyEnd.widen(this.classCount);
      }
    }
    const ae = this.anyEnd;
    ae.read++;
    if (cur.id >= 0) {
      let t = ae.table[cur.id * ae.stride + cls]!;
      if (t < 0) {
        t = this.anyEndStep(cur.id, cls, rune);
        if (t < 0) {
          // Cache full: empty it and go on from the same state, or, when it fills up too fast, go on
          // without it (each step computed, at the cost of an NFA step).
          cur.id = ae.clear() ? this.anyEndState(cur.state.alive, cur.state.after) : -1;
          if (cur.id >= 0) t = this.anyEndStep(cur.id, cls, rune);
          if (t < 0) cur.id = -1;
        }
      }
      if (t >= 0) {
        cur.id = t >> 1;
        cur.state = ae.states[cur.id]!;
        if (p > from) cur.p = p - width;
        return (t & 1) !== 0;
      }
    }
    const step = this.anyEndCompute(cur.state, rune);
    cur.state = { alive: Int32Array.from(step.alive), after: step.before };
    if (p > from) cur.p = p - width;
    return step.starts;
  }

  /** The id of the any-end state (alive, after); -1 when the cache is full. */
  private anyEndState(alive: ArrayLike<number>, after: number): number {
    const key = `${Array.prototype.join.call(alive, ',')}|${after}`;
    return this.anyEnd.intern(key, () => ({ alive: Int32Array.from(alive), after }));
  }

  /** The cached any-end transition of state `s` on `rune` (class `cls`): next << 1 | starts; -1 when full. */
  private anyEndStep(s: number, cls: number, rune: number): number {
    const step = this.anyEndCompute(this.anyEnd.states[s]!, rune);
    const next = this.anyEndState(step.alive, step.before);
    if (next < 0) return -1;
    const entry = (next << 1) | (step.starts ? 1 : 0);
    this.anyEnd.table[s * this.anyEnd.stride + cls] = entry;
    return entry;
  }

  /**
   * One any-end step back from `st` (at p) over `rune` (the character before p; -1 at the text's start):
   * whether a match can start at p, and the rune instructions at the character's own position that lead to
   * a match.
   */
  private anyEndCompute(st: ReverseState, rune: number): { alive: number[]; before: number; starts: boolean } {
    const before = rune < 0 ? EDGE : this.kind(rune);
    this.markLeadingTo(st.alive, conditionOf(before, st.after), true);
    const mark = this.mark;
    const gen = this.generation;
    const alive: number[] = [];
    if (rune >= 0)
      for (const pc of this.runeInsts) if (mark[this.inst[pc]!.out] === gen && this.consumes(pc, rune)) alive.push(pc);
    return { alive, before, starts: mark[this.start] === gen };
  }

  /**
   * Marks (in a new generation) every instruction that reaches one of `alive` (or a MATCH, with
   * `matches`) without consuming a character, under the assertion context `cond`.
   */
  private markLeadingTo(alive: ArrayLike<number>, cond: number, matches: boolean): void {
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
    while (pending.length > 0) {
      const pc = pending.pop()!;
      for (const p of this.epsilonFrom[pc]!) {
        if (mark[p] === gen) continue;
        const i = this.inst[p]!;
        if (i.op === OP_EMPTY_WIDTH && (i.arg & ~cond) !== 0) continue;
        mark[p] = gen;
        pending.push(p);
      }
    }
  }

  /** The assertion context at `p` (from the code units on each side, as re2js's matcher reads it). */
  private conditionAt(text: string, p: number): number {
    if (!this.assertions) return 0;
    return conditionOf(
      p === 0 ? EDGE : kindOf(text.charCodeAt(p - 1)),
      p < text.length ? kindOf(text.charCodeAt(p)) : EDGE,
    );
  }

  /** The leaves of `pc`'s closure under `cond`, in priority order (cached; see closure). */
  private leavesOf(pc: number, cond: number): Int32Array {
    const key = pc * 64 + cond;
    let leaves = this.leafCache.get(key);
    if (leaves === undefined) {
      const list: number[] = [];
      this.nextGeneration();
      this.closure(pc, cond, list, []);
      leaves = Int32Array.from(list);
      // Bounded like the DFA caches: a huge program's combinations are computed again rather than kept.
      if (this.leafCache.size >= LEAF_CACHE_SIZE) this.leafCache.clear();
      this.leafCache.set(key, leaves);
    }
    return leaves;
  }

  /**
   * The two-pass search: the matches re2js would report searching from `base` on, in [base, hi], in
   * time linear in hi - base whatever the text. Pass 1 runs the any-end reverse automaton from hi back
   * to base and notes where a match can start, keeping its state every CHUNK units. Then, from the
   * leftmost start, a walk follows the highest-priority path of the program that can still reach a match
   * (the state of pass 1 at each position says which can), and ends where that path's match ends: that is
   * the leftmost-first match, found by reading it once. The next search starts at its end (one unit
   * further after an empty match), so the walks read disjoint stretches; the states a walk needs are
   * computed again from pass 1's kept states one chunk at a time, each chunk once.
   */
  private exactScan(text: string, base: number, hi: number, out: RegexSpan[]): void {
    this.twoPassScans++;
    // Made on first use: most patterns never need it.
    if (this.anyEnd === EMPTY_DIRECTION) {
      this.anyEnd = new Direction<ReverseState>(32);
      this.anyEnd.widen(this.classCount);
    }
    const len = hi - base;
    const chunks = Math.floor(len / CHUNK) + 1;
    const starts = new Uint8Array(len + 1);
    // Per chunk c: the state at the lowest position at or above base + (c + 1) * CHUNK (at hi for the last).
    const keptAt = new Int32Array(chunks);
    const kept: ReverseState[] = new Array<ReverseState>(chunks);
    const cur = this.anyEndCursor(text, hi);
    keptAt[chunks - 1] = hi;
    kept[chunks - 1] = cur.state;
    let steps = 0;
    for (;;) {
      const p = cur.p;
      const c = Math.floor((p - base) / CHUNK) - 1;
      if (c >= 0) {
        keptAt[c] = p;
        kept[c] = cur.state;
      }
      starts[p - base] = this.anyEndDown(text, base, cur) ? 1 : 0;
      steps++;
      if (p <= base) break;
    }
    this.count(steps);

    let chunk = -1;
    const states: ReverseState[] = new Array<ReverseState>(CHUNK + 2);
    const stateAt = (q: number): ReverseState => {
      const c = Math.floor((q - base) / CHUNK);
      if (c !== chunk) {
        chunk = c;
        const low = base + c * CHUNK;
        const at = this.anyEndCursor(text, keptAt[c]!, kept[c]!);
        let n = 0;
        for (;;) {
          const p = at.p;
          states[p - low] = at.state;
          n++;
          if (p <= low || p <= base) break;
          this.anyEndDown(text, base, at);
        }
        this.count(n);
      }
      return states[q - base - c * CHUNK]!;
    };

    let from = base;
    while (from <= hi) {
      // After an empty match before a surrogate pair, the search starts between its halves and reads the
      // low half alone (as re2js does): pass 1, which paired them, has no state there.
      if (
        from > base &&
        from < hi &&
        isLowSurrogate(text.charCodeAt(from)) &&
        isHighSurrogate(text.charCodeAt(from - 1))
      ) {
        const e = this.walkFromLowHalf(text, from, stateAt);
        if (e > from) {
          out.push({ start: from, end: e });
          from = e;
          continue;
        }
        from++;
      }
      const next = starts.indexOf(1, from - base);
      this.count((next < 0 ? len + 1 : next) - (from - base));
      if (next < 0) return;
      const s = base + next;
      const e = this.walk(text, this.start, s, stateAt);
      if (e > s) {
        out.push({ start: s, end: e });
        from = e;
      } else from = s + 1;
    }
  }

  /** A cursor on the any-end automaton at `p`, in `state` (by default: no instruction alive, at hi). */
  private anyEndCursor(text: string, p: number, state?: ReverseState): AnyEndCursor {
    const st = state ?? { alive: new Int32Array(0), after: p < text.length ? this.kind(text.charCodeAt(p)) : EDGE };
    let id = this.anyEndState(st.alive, st.after);
    if (id < 0 && this.anyEnd.clear()) id = this.anyEndState(st.alive, st.after);
    return { p, id, state: id >= 0 ? this.anyEnd.states[id]! : st };
  }

  /**
   * Follows, from instruction `pc` at position `q`, the highest-priority path that can still reach a
   * match (by the any-end states), and returns where its match ends; -1 when no path from `pc` at `q`
   * reaches one (only possible at the first step: from then on the path chosen can).
   */
  private walk(text: string, pc: number, q: number, stateAt: (q: number) => ReverseState): number {
    const q0 = q;
    for (;;) {
      const leaves = this.leavesOf(pc, this.conditionAt(text, q));
      const alive = stateAt(q).alive;
      let taken = -1;
      for (let k = 0; k < leaves.length; k++) {
        const leaf = leaves[k]!;
        if (this.inst[leaf]!.op === OP_MATCH) {
          this.count(q - q0 + 1);
          return q;
        }
        if (contains(alive, leaf)) {
          taken = leaf;
          break;
        }
      }
      if (taken < 0) {
        this.count(q - q0 + 1);
        return -1;
      }
      pc = this.inst[taken]!.out;
      q += isHighSurrogate(text.charCodeAt(q)) && q + 1 < text.length && isLowSurrogate(text.charCodeAt(q + 1)) ? 2 : 1;
    }
  }

  /**
   * The end of the leftmost-first match starting at `q`, between the halves of a surrogate pair, reading
   * the low half alone; -1 when none starts there.
   */
  private walkFromLowHalf(text: string, q: number, stateAt: (q: number) => ReverseState): number {
    const leaves = this.leavesOf(this.start, this.conditionAt(text, q));
    const unit = text.charCodeAt(q);
    const after = stateAt(q + 1);
    this.markLeadingTo(after.alive, this.conditionAt(text, q + 1), true);
    const mark = this.mark;
    const gen = this.generation;
    for (let k = 0; k < leaves.length; k++) {
      const leaf = leaves[k]!;
      const i = this.inst[leaf]!;
      if (i.op === OP_MATCH) return q;
      if (this.consumes(leaf, unit) && mark[i.out] === gen) return this.walk(text, i.out, q + 1, stateAt);
    }
    return -1;
  }
}

/** Where an any-end pass stands: its position, its state, and the state's id (-1 when not cached). */
interface AnyEndCursor {
  p: number;
  id: number;
  state: ReverseState;
}

/** Whether sorted `list` holds `x`. */
function contains(list: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The code point that ends at unit `p` of `text` as a forward reading from `from` sees it: a surrogate pair
 * only when both halves are at or after `from`, else the unit before `p`; -1 at the start of the text.
 */
function runeEndingAt(text: string, p: number, from: number): number {
  if (p <= 0) return -1;
  const u = text.charCodeAt(p - 1);
  if (u >= 0xdc00 && u <= 0xdfff && p - 2 >= from) {
    const h = text.charCodeAt(p - 2);
    if (h >= 0xd800 && h <= 0xdbff) return (h - 0xd800) * 1024 + (u - 0xdc00) + 0x10000;
  }
  return u;
}

const isHighSurrogate = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;
