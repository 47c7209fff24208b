/**
 * Which of many user regexes match a text at all, in one pass (RE2::Set semantics), so that the span
 * search (regex-dfa.ts) runs only for those. A step with 200 `patterns` whose characters are everywhere
 * (case-insensitive letters, no literal to narrow by: see linear-regex.ts) otherwise reads the whole text
 * 200 times.
 *
 * The programs are joined into one (each pattern's instructions renumbered, an alternation of their starts
 * in front) and read by a lazily built DFA whose states are SETS of threads: no priority and no cut at a
 * match, since the question is only whether some match of a pattern exists, anywhere, empty or not. A
 * thread starts at every position (unanchored). A transition records the patterns whose MATCH the
 * threads reach before the character it reads (and at the end of the text, before no character); the
 * pass stops once every pattern has matched. Assertions (^ $ \b \B, with (?m)) and UTF-16 are read as
 * regex-dfa.ts reads them (DfaProgram), so a pattern the set does not report has no match at all.
 *
 * Bounded: building a state costs about the number of threads it holds, and the states of a hostile text
 * can be many. The pass gives up (null: run every pattern) when the work of building states passes
 * BUILD_PER_UNIT per unit of the text plus BUILD_EXTRA, or when its cache thrashes (Direction.clear): the
 * caller then pays the per-pattern passes it paid before, plus at most that bounded work.
 */

import { type ProgramInst, OP_ALT, OP_ALT_MATCH, OP_MATCH } from './re2js-program.js';
import { DfaProgram, Direction, EDGE, conditionOf } from './regex-dfa-program.js';

/** Work (threads visited) allowed for building states, per unit of the text and in all (see the header). */
const BUILD_PER_UNIT = 8;
const BUILD_EXTRA = 200_000;

const FAIL_INST: ProgramInst = { op: 5, out: 0, arg: 0, runes: [], matchRune: () => false };

interface SetState {
  /** The threads' instructions before their closure (sorted, distinct). */
  roots: Int32Array;
  /** Kind of the character before the position. */
  before: number;
  /** Per class: the patterns whose MATCH the threads reach before a character of it (only when any). */
  found: Map<number, Int32Array>;
}

export class RegexSet extends DfaProgram {
  readonly size: number;
  private readonly states = new Direction<SetState>(32);
  /** Per instruction of the joined program: the pattern of a MATCH, else -1. */
  private readonly patternOf: Int32Array;
  private work = 0;

  private constructor(inst: ProgramInst[], start: number, patternOf: Int32Array, size: number) {
    super(inst, start);
    this.patternOf = patternOf;
    this.size = size;
    this.states.widen(this.classCount);
  }

  /** The set of the programs (each a re2js program checked by RegexDfa.of). */
  static of(programs: ReadonlyArray<{ inst: readonly ProgramInst[]; start: number }>): RegexSet {
    // Instruction 0 of every re2js program is FAIL, and an `out` of 0 means "no thread": all share it.
    const inst: ProgramInst[] = [FAIL_INST];
    const owner: number[] = [-1];
    const starts: number[] = [];
    programs.forEach((p, k) => {
      const base = inst.length - 1;
      const at = (pc: number): number => (pc === 0 ? 0 : base + pc);
      for (let pc = 1; pc < p.inst.length; pc++) {
        const i = p.inst[pc]!;
        const alt = i.op === OP_ALT || i.op === OP_ALT_MATCH;
        inst.push({
          op: i.op,
          out: at(i.out),
          arg: alt ? at(i.arg) : i.arg,
          runes: i.runes,
          matchRune: (r) => i.matchRune(r),
        });
        owner.push(i.op === OP_MATCH ? k : -1);
      }
      starts.push(at(p.start));
    });
    // An alternation of the starts: a_k -> start_k | a_(k+1), the last one's arg the last start.
    let start = starts[starts.length - 1]!;
    for (let k = starts.length - 2; k >= 0; k--) {
      inst.push({ op: OP_ALT, out: starts[k]!, arg: start, runes: [], matchRune: () => false });
      owner.push(-1);
      start = inst.length - 1;
    }
    return new RegexSet(inst, start, Int32Array.from(owner), programs.length);
  }

  private state(roots: readonly number[], before: number): number {
    return this.states.intern(`${roots.join(',')}|${before}`, () => ({
      roots: Int32Array.from(roots),
      before,
      found: new Map(),
    }));
  }

  /** The transition of state `s` on `rune` (class `cls`; -1: the end of the text); -1 when the cache is full. */
  private step(s: number, cls: number, rune: number): number {
    const st = this.states.states[s]!;
    const cond = conditionOf(st.before, rune < 0 ? EDGE : this.kind(rune));
    this.nextGeneration();
    const leaves: number[] = [];
    const stack: number[] = [];
    for (const pc of st.roots) this.closure(pc, cond, leaves, stack);
    this.closure(this.start, cond, leaves, stack);
    this.work += st.roots.length + leaves.length;
    const found: number[] = [];
    const outs: number[] = [];
    for (const pc of leaves) {
      const i = this.inst[pc]!;
      if (i.op === OP_MATCH) found.push(this.patternOf[pc]!);
      else if (rune >= 0 && this.consumes(pc, rune)) outs.push(i.out);
    }
    outs.sort((a, b) => a - b);
    let n = 0;
    for (let k = 0; k < outs.length; k++) if (k === 0 || outs[k] !== outs[k - 1]) outs[n++] = outs[k]!;
    outs.length = n;
    const next = this.state(outs, rune < 0 ? EDGE : this.kind(rune));
    if (next < 0) return -1;
    if (found.length > 0) st.found.set(cls, Int32Array.from(found));
    const entry = (next << 1) | (found.length > 0 ? 1 : 0);
    this.states.table[s * this.states.stride + cls] = entry;
    return entry;
  }

  /**
   * Per pattern, 1 if it has a match in `text` (RE2::Set's answer), or null when the pass gave up (see the
   * header): then every pattern may match.
   */
  matching(text: string): Uint8Array | null {
    const found = new Uint8Array(this.size);
    let left = this.size;
    const dir = this.states;
    const len = text.length;
    const budget = BUILD_PER_UNIT * len + BUILD_EXTRA;
    this.work = 0;
    let s = dir.starts[EDGE]!;
    if (s < 0) {
      s = this.state([], EDGE);
      if (s < 0) {
        if (!dir.clear()) return null;
        s = this.state([], EDGE);
      }
      dir.starts[EDGE] = s;
    }
    const latin1 = this.latin1;
    let table = dir.table;
    let stride = dir.stride;
    let counted = 0;
    for (let p = 0; ;) {
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
            dir.widen(this.classCount);
            table = dir.table;
            stride = dir.stride;
          }
        }
      }
      let t = table[s * stride + cls]!;
      if (t < 0) {
        if (this.work > budget) return null;
        const r = p < len ? text.codePointAt(p)! : -1;
        t = this.step(s, cls, r);
        if (t < 0) {
          // Cache full: start over from the current state, unless it filled up too fast.
          dir.read += p - counted;
          counted = p;
          const st = dir.states[s]!;
          if (!dir.clear()) return null;
          s = this.state([...st.roots], st.before);
          t = s < 0 ? -1 : this.step(s, cls, r);
          if (t < 0) return null;
        }
        table = dir.table;
        stride = dir.stride;
      }
      if ((t & 1) !== 0) {
        for (const k of dir.states[s]!.found.get(cls)!) {
          if (found[k] === 0) {
            found[k] = 1;
            left--;
          }
        }
        if (left === 0) break;
      }
      if (p >= len) break;
      s = t >> 1;
      p += width;
    }
    dir.read += len - counted;
    return found;
  }
}
