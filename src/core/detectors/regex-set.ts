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
 * BUILD_PER_UNIT per unit of the text plus BUILD_EXTRA plus 1/FALLBACK_PER_WORK of the units the
 * per-pattern searches would read instead, or when its cache thrashes (Direction.clear): the caller then
 * pays the per-pattern passes it paid before, plus at most that bounded work.
 *
 * The states are kept between texts, so a pack's first long text builds most of them: the states of a
 * large pack hold thousands of threads (every pattern whose characters the text is in, such as hundreds
 * of `[a-z0-9._%+-]+@<domain>` patterns inside any word). What it costs is kept near the size of the
 * states: the start's threads are worked out once per condition and class (startPart), a rune set's
 * answer once per class (consumesIn), and states are found by a hash of their threads (state).
 */

import { type ProgramInst, OP_ALT, OP_ALT_MATCH, OP_MATCH } from './re2js-program.js';
import { DfaProgram, Direction, EDGE, conditionOf } from './regex-dfa-program.js';

/** Work (threads visited) allowed for building states, per unit of the text and in all (see the header). */
const BUILD_PER_UNIT = 8;
const BUILD_EXTRA = 200_000;
/**
 * Units the per-pattern searches would read per unit of work allowed on top (see matching's `fallback`).
 * A unit of work (an instruction visited while building a state) costs a few times a unit those searches
 * read (~100 vs ~30 ns, a pack of 5,000 patterns on prose), so a pass that gives up adds about a tenth
 * to what the searches cost; the budget without it (3.4 million for 400 KB) was what a pack of 2,000
 * patterns needed to build its states on a first text of prose, and a pack of 5,000 needed 8 million:
 * the pass gave up and each of its first texts (every text, once the cache filled) read the text once
 * per pattern (a 400 KB text with 5,000 patterns: ~24 s instead of ~2).
 */
const FALLBACK_PER_WORK = 32;

/**
 * Most instructions the start's answers per class may hold in all (4 MB): patterns that begin with any
 * character hold every one of theirs per class and condition.
 */
const START_MEMORY = 1 << 20;

const FAIL_INST: ProgramInst = { op: 5, out: 0, arg: 0, runes: [], matchRune: () => false };

interface SetState {
  /** The threads' instructions before their closure (sorted, distinct). */
  roots: Int32Array;
  /** Kind of the character before the position. */
  before: number;
  /** Per class: the patterns whose MATCH the threads reach before a character of it (only when any). */
  found: Map<number, Int32Array>;
}

/** The start's threads under one condition (see RegexSet.startPart). */
interface StartPart {
  /** The patterns whose MATCH the start reaches without a character (they match the empty string there). */
  found: Int32Array;
  /** The rune instructions of its closure. */
  runes: Int32Array;
  /** Per class, made on first use: the instructions those go to on a character of it (see startOuts). */
  outs: Array<Int32Array | undefined>;
}

/** A well-spread 32-bit image of an instruction number (summed into a state's hash). */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return x ^ (x >>> 16);
}

/** `list` sorted, without repeats (in place). */
function distinctSorted(list: number[]): number[] {
  list.sort((a, b) => a - b);
  let n = 0;
  for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) list[n++] = list[k]!;
  list.length = n;
  return list;
}

export class RegexSet extends DfaProgram {
  readonly size: number;
  private readonly states = new Direction<SetState>(32);
  /** Per instruction of the joined program: the pattern of a MATCH, else -1. */
  private readonly patternOf: Int32Array;
  private work = 0;
  /** Per class, made on first use: per rune set (DfaProgram.groupOf), 0 not asked yet, 1 no, 2 consumed. */
  private readonly groupAnswers: Array<Uint8Array | undefined> = [];
  private readonly groupCount: number;
  private readonly leaves: number[] = [];
  private readonly stack: number[] = [];
  private readonly outs: number[] = [];
  /** The states by the hash of their roots and kind (see state). */
  private readonly byHash = new Map<number, number[]>();
  /** Marks for sets of instructions (one generation per use), besides the closures' DfaProgram.mark. */
  private readonly seen: Uint32Array;
  private seenGeneration = 0;
  /** Instructions the startParts' `outs` hold, all together (see START_MEMORY). */
  private startHeld = 0;
  /** Per condition (conditionOf's flags), the start's threads; made on first use. */
  private readonly startParts: Array<StartPart | undefined> = [];

  private constructor(inst: ProgramInst[], start: number, patternOf: Int32Array, size: number) {
    super(inst, start);
    this.patternOf = patternOf;
    this.size = size;
    let groups = 0;
    for (const g of this.groupOf) if (g >= groups) groups = g + 1;
    this.groupCount = groups;
    this.seen = new Uint32Array(inst.length);
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

  /**
   * The state of the threads `roots` (distinct, in any order: a set has no priority) after a character of
   * kind `before`; -1 when the cache is full. Found by a hash of the set, which does not depend on the
   * order, and a comparison with marks: the roots of a pack's states hold thousands of threads, and
   * sorting them and joining them into a key string was most of a transition's cost.
   */
  private state(roots: readonly number[], before: number): number {
    const dir = this.states;
    // Emptied (Direction.clear) or new: the index describes states that are gone.
    if (dir.states.length === 0) this.byHash.clear();
    let hash = before;
    for (let k = 0; k < roots.length; k++) hash = (hash + mix(roots[k]!)) | 0;
    const same = this.byHash.get(hash);
    if (same !== undefined) {
      const gen = this.nextSeen();
      const seen = this.seen;
      for (let k = 0; k < roots.length; k++) seen[roots[k]!] = gen;
      for (const id of same) {
        const st = dir.states[id]!;
        if (st.before !== before || st.roots.length !== roots.length) continue;
        let all = true;
        for (let k = 0; k < st.roots.length && all; k++) all = seen[st.roots[k]!] === gen;
        if (all) return id;
      }
    }
    const id = dir.intern(`${dir.states.length}`, () => ({ roots: Int32Array.from(roots), before, found: new Map() }));
    if (id < 0) return -1;
    if (same === undefined) this.byHash.set(hash, [id]);
    else same.push(id);
    return id;
  }

  private nextSeen(): number {
    if (++this.seenGeneration === 0xffffffff) {
      this.seen.fill(0);
      this.seenGeneration = 1;
    }
    return this.seenGeneration;
  }

  /**
   * The start's closure under `cond` (the flags conditionOf gives), made once per condition: it holds a
   * leaf of every pattern, so walking it at each transition made every state cost the whole program
   * (a pack of 2,000 patterns: ~10,000 instructions a transition, and the first long text gave up).
   */
  private startPart(cond: number): StartPart {
    let part = this.startParts[cond];
    if (part === undefined) {
      this.nextGeneration();
      const leaves: number[] = [];
      this.closure(this.start, cond, leaves, []);
      const found: number[] = [];
      const runes: number[] = [];
      for (const pc of leaves) {
        if (this.inst[pc]!.op === OP_MATCH) found.push(this.patternOf[pc]!);
        else runes.push(pc);
      }
      part = { found: Int32Array.from(found), runes: Int32Array.from(runes), outs: [] };
      this.startParts[cond] = part;
      this.work += leaves.length;
    }
    return part;
  }

  /**
   * The instructions the start's threads (under the part's condition) go to on a character of class
   * `cls` (`rune` one of its runes), sorted and distinct; made once per class: the runes of a class are
   * consumed by the same instructions.
   */
  private startOuts(part: StartPart, cls: number, rune: number): Int32Array {
    let outs = part.outs[cls];
    if (outs === undefined) {
      const list: number[] = [];
      for (const pc of part.runes) if (this.consumesIn(pc, cls, rune)) list.push(this.inst[pc]!.out);
      outs = Int32Array.from(distinctSorted(list));
      this.work += part.runes.length;
      // Bounded: past START_MEMORY the answers are computed again each time.
      if (this.startHeld + outs.length > START_MEMORY) return outs;
      this.startHeld += outs.length;
      part.outs[cls] = outs;
    }
    return outs;
  }

  /**
   * Whether rune instruction `pc` consumes `rune`, of class `cls`: asked once per rune set and class. The
   * patterns of a pack share their sets (a folded letter, \d, [a-z0-9._%+-]), and matchRune per thread
   * was most of the time spent building states.
   */
  private consumesIn(pc: number, cls: number, rune: number): boolean {
    const g = this.groupOf[pc]!;
    if (g < 0) return this.consumes(pc, rune);
    let answers = this.groupAnswers[cls];
    if (answers === undefined) {
      answers = new Uint8Array(this.groupCount);
      this.groupAnswers[cls] = answers;
    }
    let a = answers[g]!;
    if (a === 0) {
      a = this.consumes(pc, rune) ? 2 : 1;
      answers[g] = a;
    }
    return a === 2;
  }

  /** The transition of state `s` on `rune` (class `cls`; -1: the end of the text); -1 when the cache is full. */
  private step(s: number, cls: number, rune: number): number {
    const st = this.states.states[s]!;
    const cond = conditionOf(st.before, rune < 0 ? EDGE : this.kind(rune));
    const start = this.startPart(cond);
    this.nextGeneration();
    // Scratch arrays kept between transitions (a transition of a large pack's state holds thousands).
    const { leaves, stack, outs } = this;
    leaves.length = 0;
    outs.length = 0;
    for (const pc of st.roots) this.closure(pc, cond, leaves, stack);
    const found: number[] = [];
    for (const k of start.found) found.push(k);
    // The threads after the character, each once (see state).
    const gen = this.nextSeen();
    const seen = this.seen;
    for (const pc of leaves) {
      const i = this.inst[pc]!;
      if (i.op === OP_MATCH) found.push(this.patternOf[pc]!);
      else if (rune >= 0 && seen[i.out] !== gen && this.consumesIn(pc, cls, rune)) {
        seen[i.out] = gen;
        outs.push(i.out);
      }
    }
    if (rune >= 0)
      for (const out of this.startOuts(start, cls, rune))
        if (seen[out] !== gen) {
          seen[out] = gen;
          outs.push(out);
        }
    this.work += st.roots.length + leaves.length + outs.length;
    const next = this.state(outs, rune < 0 ? EDGE : this.kind(rune));
    if (next < 0) return -1;
    if (found.length > 0) st.found.set(cls, Int32Array.from(found));
    const entry = (next << 1) | (found.length > 0 ? 1 : 0);
    this.states.table[s * this.states.stride + cls] = entry;
    return entry;
  }

  /**
   * Per pattern, 1 if it has a match in `text` (RE2::Set's answer), or null when the pass gave up (see the
   * header): then every pattern may match. `fallback`: the units the caller's per-pattern searches would
   * read without the answer (a share of them is allowed for building states: FALLBACK_PER_WORK).
   */
  matching(text: string, fallback = 0): Uint8Array | null {
    const found = new Uint8Array(this.size);
    let left = this.size;
    const dir = this.states;
    const len = text.length;
    const budget = BUILD_PER_UNIT * len + BUILD_EXTRA + fallback / FALLBACK_PER_WORK;
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
