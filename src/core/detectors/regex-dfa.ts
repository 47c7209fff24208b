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
 * blow up, goes to a two-pass search (exactScan, regex-dfa-two-pass.ts) that gives the same matches.
 * Bound, per text of n units, counted by `work`: the fast path reads at most 2 * (4 * (n + 1) + 1024) + 2
 * units (the reverse reads to a match's start never exceed the forward reads that found it), the two-pass
 * search at most 8 * (n + 1): 16 * (n + 1) + 2050 in all. There is no budget error: no text makes a
 * search fail or miss a match.
 *
 * The program as both searches read it (character classes, closures, assertions) and the state cache
 * they share are in regex-dfa-program.ts.
 */

import { type ProgramInst, OP_ALT, OP_LB_CHECK, OP_LB_WRITE, OP_MATCH, OP_RUNE_ANY_NOT_NL } from './re2js-program.js';
import {
  type RegexSpan,
  type ReverseState,
  DfaProgram,
  Direction,
  EDGE,
  conditionOf,
  runeEndingAt,
} from './regex-dfa-program.js';
import { TwoPassSearch } from './regex-dfa-two-pass.js';

/** Returned by a search that gave up (see MIN_PROGRESS_PER_STATE, regex-dfa-program.ts). */
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

/** What is left of the fast path's allowance for one text (shared by its windows). */
export interface SearchBudget {
  fastUnits: number;
}

/** The fast path's allowance for a text of `length` units: FAST_PER_UNIT * (length + 1) + FAST_EXTRA. */
export function searchBudget(length: number): SearchBudget {
  return { fastUnits: FAST_PER_UNIT * (length + 1) + FAST_EXTRA };
}

/** Units read by every RegexDfa's searches in this realm (see RegexDfa.work); for tests and benchmarks. */
let totalUnits = 0;
export function unitsRead(): number {
  return totalUnits;
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

/** A forward state: the threads' instructions before their closure, in priority order. */
interface ForwardState {
  /** Instruction * 2 + tag (see FORWARD_AT_IDLE). */
  roots: Int32Array;
  /** Kind of the character before the position (EDGE, NEWLINE, WORD, OTHER). */
  before: number;
  /** A match has been seen: no new thread starts. */
  matched: boolean;
}

export class RegexDfa extends DfaProgram {
  private readonly forward = new Direction<ForwardState>(32);
  private readonly reverse = new Direction<ReverseState>(32);
  /** The two-pass search, made on first use: most patterns never need it. */
  private twoPass: TwoPassSearch | null = null;

  private constructor(inst: readonly ProgramInst[], start: number) {
    super(inst, start);
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

  /** The two-pass search from `base` to `hi` (see regex-dfa-two-pass.ts), for what the fast path leaves. */
  private exactScan(text: string, base: number, hi: number, out: RegexSpan[]): void {
    this.twoPassScans++;
    this.twoPass ??= new TwoPassSearch(this);
    this.count(this.twoPass.scan(text, base, hi, out));
  }
}
