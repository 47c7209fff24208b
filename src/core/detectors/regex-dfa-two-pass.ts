/**
 * The two-pass search of regex-dfa.ts: the matches re2js's find-all reports, in time linear in the text
 * whatever the pattern and the text, for what the fast path leaves (its allowance ran out, or its states
 * blew up). It gives the same matches as the fast path, in two passes:
 * 1. a reverse pass over the rest, with an automaton whose state at position p is the set of rune
 *    instructions that consume the character at p and still lead to a match ending anywhere further on;
 *    stepping back over the character before p says whether a match can start at p;
 * 2. from the leftmost such start, a walk that at each position takes the highest-priority leaf of the
 *    current instruction's closure that is MATCH (the match ends here) or a rune instruction in the pass-1
 *    state (it can still reach a match). Leftmost-first is the highest-priority accepting path from the
 *    leftmost start, so greedy choice with that oracle finds it reading only the match; the next search
 *    starts at its end, so the walks read disjoint stretches.
 * Pass 1 keeps its state every CHUNK units; the walks recompute the states of one chunk at a time from
 * them (each chunk once), so memory stays at a few bytes per unit. Bound, per text of n units: at most
 * 8 * (n + 1) units read (pass 1, the recomputation, the walks, the lookup of each next start, 2 per unit
 * each at most, the walks' last step and small windows' overheads included). A state blow-up in the
 * two-pass search's own automaton empties its cache, or, when that thrashes, computes each step without
 * it (an NFA step, still a constant per unit for a given pattern).
 *
 * A module of its own because it is a second, self-contained search over the same program (DfaProgram),
 * with its own automaton and caches, made only for the patterns and texts that need it.
 */

import { type ProgramInst, OP_MATCH } from './re2js-program.js';
import {
  type DfaProgram,
  type RegexSpan,
  type ReverseState,
  Direction,
  EDGE,
  conditionOf,
  kindOf,
  runeEndingAt,
} from './regex-dfa-program.js';

/** Units between the states pass 1 of the two-pass search keeps (see TwoPassSearch.scan). */
const CHUNK = 4096;
/** Closure leaf lists kept for the walks before the cache is emptied. */
const LEAF_CACHE_SIZE = 4096;

/** Where an any-end pass stands: its position, its state, and the state's id (-1 when not cached). */
interface AnyEndCursor {
  p: number;
  id: number;
  state: ReverseState;
}

export class TwoPassSearch {
  private readonly program: DfaProgram;
  // The program's fields the per-unit loops read, held here (the same objects) to read them in one load.
  private readonly inst: readonly ProgramInst[];
  private readonly latin1: Int32Array;
  private readonly assertions: boolean;

  /**
   * The any-end reverse automaton: its state at a position p is the set of rune instructions that, at p,
   * consume the character there and lead on to a match ending anywhere at or after p (up to the scan's
   * end); a step back over the character before p tells whether a match can start at p.
   */
  private readonly anyEnd: Direction<ReverseState>;
  /** Closure leaves by (instruction, assertion context), for the walks. */
  private readonly leafCache = new Map<number, Int32Array>();
  /** Units the current scan has read (its result). */
  private units = 0;

  constructor(program: DfaProgram) {
    this.program = program;
    this.inst = program.inst;
    this.latin1 = program.latin1;
    this.assertions = program.assertions;
    this.anyEnd = new Direction<ReverseState>(32);
    this.anyEnd.widen(program.classCount);
  }

  /**
   * The matches re2js would report searching from `base` on, in [base, hi], added to `out`, in time
   * linear in hi - base whatever the text; returns the units read (see RegexDfa.work). Pass 1 runs the
   * any-end reverse automaton from hi back to base and notes where a match can start, keeping its state
   * every CHUNK units. Then, from the leftmost start, a walk follows the highest-priority path of the
   * program that can still reach a match (the state of pass 1 at each position says which can), and ends
   * where that path's match ends: that is the leftmost-first match, found by reading it once. The next
   * search starts at its end (one unit further after an empty match), so the walks read disjoint
   * stretches; the states a walk needs are computed again from pass 1's kept states one chunk at a time,
   * each chunk once.
   */
  scan(text: string, base: number, hi: number, out: RegexSpan[]): number {
    this.units = 0;
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
    this.units += steps;

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
        this.units += n;
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
      this.units += (next < 0 ? len + 1 : next) - (from - base);
      if (next < 0) break;
      const s = base + next;
      const e = this.walk(text, this.program.start, s, stateAt);
      if (e > s) {
        out.push({ start: s, end: e });
        from = e;
      } else from = s + 1;
    }
    return this.units;
  }

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
        cls = this.program.classOf(rune);
        if (cls >= this.anyEnd.stride) this.anyEnd.widen(this.program.classCount);
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
    const program = this.program;
    const before = rune < 0 ? EDGE : program.kind(rune);
    program.markLeadingTo(st.alive, conditionOf(before, st.after), true);
    const mark = program.mark;
    const gen = program.generation;
    const alive: number[] = [];
    if (rune >= 0)
      for (const pc of program.runeInsts)
        if (mark[this.inst[pc]!.out] === gen && program.consumes(pc, rune)) alive.push(pc);
    return { alive, before, starts: mark[program.start] === gen };
  }

  /** The assertion context at `p` (from the code units on each side, as re2js's matcher reads it). */
  private conditionAt(text: string, p: number): number {
    if (!this.assertions) return 0;
    return conditionOf(
      p === 0 ? EDGE : kindOf(text.charCodeAt(p - 1)),
      p < text.length ? kindOf(text.charCodeAt(p)) : EDGE,
    );
  }

  /** The leaves of `pc`'s closure under `cond`, in priority order (cached; see DfaProgram.closure). */
  private leavesOf(pc: number, cond: number): Int32Array {
    const key = pc * 64 + cond;
    let leaves = this.leafCache.get(key);
    if (leaves === undefined) {
      const list: number[] = [];
      this.program.nextGeneration();
      this.program.closure(pc, cond, list, []);
      leaves = Int32Array.from(list);
      // Bounded like the DFA caches: a huge program's combinations are computed again rather than kept.
      if (this.leafCache.size >= LEAF_CACHE_SIZE) this.leafCache.clear();
      this.leafCache.set(key, leaves);
    }
    return leaves;
  }

  /** A cursor on the any-end automaton at `p`, in `state` (by default: no instruction alive, at hi). */
  private anyEndCursor(text: string, p: number, state?: ReverseState): AnyEndCursor {
    const st = state ?? {
      alive: new Int32Array(0),
      after: p < text.length ? this.program.kind(text.charCodeAt(p)) : EDGE,
    };
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
          this.units += q - q0 + 1;
          return q;
        }
        if (contains(alive, leaf)) {
          taken = leaf;
          break;
        }
      }
      if (taken < 0) {
        this.units += q - q0 + 1;
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
    const program = this.program;
    const leaves = this.leavesOf(program.start, this.conditionAt(text, q));
    const unit = text.charCodeAt(q);
    const after = stateAt(q + 1);
    program.markLeadingTo(after.alive, this.conditionAt(text, q + 1), true);
    const mark = program.mark;
    const gen = program.generation;
    for (let k = 0; k < leaves.length; k++) {
      const leaf = leaves[k]!;
      const i = this.inst[leaf]!;
      if (i.op === OP_MATCH) return q;
      if (program.consumes(leaf, unit) && mark[i.out] === gen) return this.walk(text, i.out, q + 1, stateAt);
    }
    return -1;
  }
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

const isHighSurrogate = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;
