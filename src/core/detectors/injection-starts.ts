/**
 * Where the injection detector's rules can start matching on a long view (see StartIndex): the candidate
 * positions at which injection.ts tries each rule's sticky expression instead of scanning the whole view.
 */
import { OTHER_UNIT, viewBytes, type NormalizedText } from './normalize.js';
import { OTHER_UNIT_START, START_OF_TEXT, type LexiconRule, type RulePivot, type UnitFollow } from './injection-lexicon.js';
import type { RecordedStarts, WordStarts } from './injection-words.js';

/**
 * The possible match starts of the rules whose starts are known (LexiconRule.starts): every match of such
 * a rule starts at a \\b before a letter, where the view starts with one of the rule's letter runs, or at
 * one of its start units (a punctuation mark, a line feed, a unit that is not ASCII, the start of the
 * text). One pass over the view's bytes lists, per rule, the word starts that begin with one of its runs
 * and the positions of its start units, in increasing order; trying the rule's sticky expression at each of them in turn (skipping those inside the
 * previous match) gives exactly the matches of the global scan, which would try every position in between
 * and fail there. On real text most rules pass their gates (their words occur somewhere in a megabyte),
 * and one regex scan of the whole view per rule cost several times this pass.
 */
export class StartIndex implements WordStarts {
  /** Below this many units the whole-view scans cost less than setting up the pass. */
  static readonly MIN_TEXT = 4096;
  /** See WordStarts.minText. */
  readonly minText = StartIndex.MIN_TEXT;
  /** See WordStarts.alwaysWords. */
  readonly alwaysWords: boolean;
  /**
   * Per rule: 1 when it has letter runs. Per rule, the gate flags it needs from the word table, as
   * injection.ts numbers them (three per rule: anchors, second words, ASCII marker words): bits 1, 2, 4.
   */
  private readonly ruleRuns: Uint8Array;
  private readonly ruleGates: Uint8Array;
  /** The distinct letter runs of the rules, grouped by key (see keyOf): those of key k are keyFrom[k] <= r < keyFrom[k + 1]. */
  private readonly keyFrom: Int32Array;
  /**
   * Per key, a 256-bit set (8 words) of the bytes that may follow the key's units in a word that begins
   * with one of its runs: the run's unit after the key, or every byte when a run is no longer than the key.
   * A word start whose next byte is not in the set begins with none of the key's runs (add would compare
   * them all and fail): on real text most word starts under a live key stop at this test.
   */
  private readonly keyNext: Int32Array;
  private readonly runBytes: readonly Uint8Array[];
  /** Per run, its length. */
  private readonly runLength: Uint8Array;
  /** Per run r: its bytes as three little-endian words at 6r .. 6r + 2 and their masks at 6r + 3 .. 6r + 5. */
  private readonly runWords: Int32Array;
  /** A DataView of the bytes of the last view (read four bytes at a time by add). */
  private data: DataView | undefined;
  /** Per run, its unit after the key's (-1 when it has none); a key's runs are in increasing order of it. */
  private readonly runNext: Int16Array;
  /** The rules that start with run r: runRule[runFrom[r] .. runFrom[r + 1]). */
  private readonly runFrom: Int32Array;
  private readonly runRule: Int32Array;
  /** Per entry of runRule, what must follow the run in a match of the rule (RuleStarts.runFollows), as unitSkip and unitNext. */
  private readonly runSkip: readonly (Uint8Array | undefined)[];
  private readonly runFollow: readonly (Uint8Array | undefined)[];
  /** Per run and per key, for the current text: whether a rule that passed its gates starts with it. */
  private readonly runLive: Uint8Array;
  private readonly keyLive = new Uint8Array(KEYS);
  /** Per rule: 0 no starts, 1 has starts and its candidates are listed for the current text, 2 has starts. */
  private readonly ruleLive: Uint8Array;
  /** The rules whose ruleLive is 1. */
  private readonly live: number[] = [];
  /** Per rule, the candidate starts of the current text (reused arrays). */
  private readonly starts: number[][];
  /** Rules by start unit (a byte of the view, OTHER_UNIT for units that are not ASCII): those of byte c are unitRule[unitFrom[c] .. unitFrom[c + 1]). */
  private readonly unitFrom = new Int32Array(257);
  private readonly unitRule: Int32Array;
  /** Per byte, for the current text: whether a rule that passed its gates starts with it. */
  private readonly unitLive = new Uint8Array(256);
  /**
   * Per entry of unitRule, what must follow the unit in a match of the rule (RuleStarts.follows): bytes
   * that may be skipped, then one that must be next; undefined when anything may follow.
   */
  private readonly unitSkip: readonly (Uint8Array | undefined)[];
  private readonly unitNext: readonly (Uint8Array | undefined)[];
  /** The rules that may match at the start of the text. */
  private readonly atTextStart: readonly number[];
  /** The rules whose starts are found from a literal (RuleStarts.pivot), with it. */
  private readonly pivots: readonly { rule: number; pivot: RulePivot }[];
  /**
   * Per rule, the rule whose list of starts it uses (itself, or the first rule with the same starts). The
   * other tables know only those first rules.
   */
  private readonly shared: Int32Array;
  /** See WordStarts.unitStarts: the start units of the rules that the word pass can list. */
  readonly unitStarts = new Uint8Array(256);
  /** Per rule, 1 when it has a start unit that the word pass does not list (see unitStarts): its starts need the byte walk. */
  private readonly unlistedUnit: Uint8Array;

  constructor(rules: readonly LexiconRule[]) {
    // Rules with the same starts (a strong and a weak form of one pattern) share one list, under the first of them.
    const bySignature = new Map<string, number>();
    this.shared = Int32Array.from(rules, (rule, index) => {
      if (!rule.starts) return index;
      const signature = JSON.stringify(rule.starts);
      if (!bySignature.has(signature)) bySignature.set(signature, index);
      return bySignature.get(signature)!;
    });
    const listed = (_: LexiconRule, index: number): boolean => this.shared[index] === index;
    // Each distinct run is compared once per word start, whatever the number of rules that start with it.
    const rulesOf = new Map<string, number[]>();
    rules.forEach((rule, index) => {
      if (!listed(rule, index)) return;
      for (const run of rule.starts?.runs ?? []) rulesOf.set(run, [...(rulesOf.get(run) ?? []), index]);
    });
    const keyOfRun = (run: string): number => keyOf(run.charCodeAt(0), run.length > 1 && isLowerLetter(run.charCodeAt(1)) ? run.charCodeAt(1) : 0);
    // By key, then by the unit after the key (-1 for a run no longer than its key): add stops at the first
    // run whose unit there is past the text's.
    const nextOf = (run: string): number => {
      const keyLength = keyOfRun(run) % 27 === 0 ? 1 : 2;
      return run.length > keyLength ? run.charCodeAt(keyLength) : -1;
    };
    const runs = [...rulesOf.keys()].sort((a, b) => keyOfRun(a) - keyOfRun(b) || nextOf(a) - nextOf(b));
    this.runNext = Int16Array.from(runs, nextOf);
    const units: { byte: number; rule: number; follow: UnitFollow | undefined }[] = [];
    const atTextStart: number[] = [];
    rules.forEach((rule, index) => {
      if (!listed(rule, index)) return;
      for (const u of rule.starts?.units ?? '') {
        if (u === START_OF_TEXT) atTextStart.push(index);
        else units.push({ byte: u === OTHER_UNIT_START ? OTHER_UNIT : u.charCodeAt(0), rule: index, follow: rule.starts!.follows?.[u] });
      }
    });
    units.sort((a, b) => a.byte - b.byte);
    for (const u of units) this.unitFrom[u.byte + 1]!++;
    for (let c = 0; c < 256; c++) this.unitFrom[c + 1]! += this.unitFrom[c]!;
    this.unitRule = Int32Array.from(units, (u) => u.rule);
    this.unitSkip = units.map((u) => (u.follow ? followTables(u.follow).skip : undefined));
    this.unitNext = units.map((u) => (u.follow ? followTables(u.follow).next : undefined));
    // The word pass lists the positions of the units it meets outside words (and of every unit that is not
    // ASCII), but not the space, which it skips in its fast path, nor the apostrophe, which it reads as a
    // part of tokens (and a word unit is no start unit).
    this.unlistedUnit = new Uint8Array(rules.length);
    for (const u of units) {
      if (u.byte === 32 || u.byte === 39 || WORD_UNIT[u.byte] === 1) this.unlistedUnit[u.rule] = 1;
      else this.unitStarts[u.byte] = 1;
    }
    this.atTextStart = atTextStart;
    this.pivots = rules.flatMap((rule, index) => (rule.starts?.pivot && listed(rule, index) ? [{ rule: index, pivot: rule.starts.pivot }] : []));
    this.keyFrom = new Int32Array(KEYS + 1);
    for (const run of runs) this.keyFrom[keyOfRun(run) + 1]!++;
    for (let k = 0; k < KEYS; k++) this.keyFrom[k + 1]! += this.keyFrom[k]!;
    this.runBytes = runs.map((run) => Uint8Array.from(run, (ch) => ch.charCodeAt(0)));
    // Each run as three little-endian words and their masks (bytes past the run zero): a run is at most
    // MAX_PREFIX (12) units.
    this.runLength = Uint8Array.from(runs, (run) => run.length);
    this.runWords = new Int32Array(runs.length * 6);
    runs.forEach((run, r) => {
      if (run.length > 12) throw new Error(`injection-starts: the run "${run}" is longer than 12 units`);
      for (let k = 0; k < run.length; k++) {
        const shift = 8 * (k & 3);
        this.runWords[r * 6 + (k >> 2)]! |= (run.charCodeAt(k) & 255) << shift;
        this.runWords[r * 6 + 3 + (k >> 2)]! |= 255 << shift;
      }
    });
    this.keyNext = new Int32Array(KEYS * 8);
    for (const run of runs) {
      const key = keyOfRun(run);
      const keyLength = key % 27 === 0 ? 1 : 2;
      if (run.length <= keyLength) this.keyNext.fill(-1, key * 8, key * 8 + 8);
      else {
        const next = run.charCodeAt(keyLength);
        this.keyNext[key * 8 + (next >>> 5)]! |= 1 << (next & 31);
      }
    }
    this.runFrom = new Int32Array(runs.length + 1);
    runs.forEach((run, r) => (this.runFrom[r + 1] = this.runFrom[r]! + rulesOf.get(run)!.length));
    this.runRule = Int32Array.from(runs.flatMap((run) => rulesOf.get(run)!));
    const runFollows = runs.flatMap((run) => rulesOf.get(run)!.map((rule) => rules[rule]!.starts!.runFollows?.[run]));
    this.runSkip = runFollows.map((f) => (f ? followTables(f).skip : undefined));
    this.runFollow = runFollows.map((f) => (f ? followTables(f).next : undefined));
    this.runLive = new Uint8Array(runs.length);
    this.ruleRuns = Uint8Array.from(rules, (rule) => ((rule.starts?.runs.length ?? 0) > 0 ? 1 : 0));
    this.ruleGates = Uint8Array.from(rules, (rule) => (rule.anchors ? 1 : 0) | (rule.alsoAnchors ? 2 : 0) | (rule.asciiWords ? 4 : 0));
    this.alwaysWords = rules.some((_, index) => this.ruleRuns[index] === 1 && this.ruleGates[index] === 0);
    this.ruleLive = new Uint8Array(rules.length);
    this.starts = rules.map(() => []);
    for (const [index, rule] of rules.entries()) if (rule.starts) this.ruleLive[index] = 2;
  }

  /** See WordStarts.completes. */
  completes(unlocked: Uint8Array, bit: number): boolean {
    const rule = (bit / 3) | 0;
    if (this.ruleRuns[rule] === 0) return false;
    const need = this.ruleGates[rule]!;
    const at = rule * 3;
    return ((need & 1) === 0 || unlocked[at] === 1) && ((need & 2) === 0 || unlocked[at + 1] === 1) && ((need & 4) === 0 || unlocked[at + 2] === 1);
  }

  /** See WordStarts.wordMayStart: the runs under the word's keys are compared with it. */
  wordMayStart(b: Uint8Array, start: number, end: number): boolean {
    const c = b[start]!;
    if (c < 97 || c > 122) return false;
    if (this.runAtWord(b, start, end, keyOf(c, 0))) return true;
    const c2 = end - start > 1 ? b[start + 1]! : 0;
    return c2 >= 97 && c2 <= 122 && this.runAtWord(b, start, end, keyOf(c, c2));
  }

  /**
   * Whether a run under `key` may begin where word b[start, end) begins: the run starts with the word and
   * goes on with a unit that is not [a-z0-9] (as the text after the word does), or the word starts with the run.
   */
  private runAtWord(b: Uint8Array, start: number, end: number, key: number): boolean {
    const len = end - start;
    // The word's unit after the key, when the word goes on past it: the runs of a key are in increasing
    // order of theirs (runNext), so the compare stops at the first past it, as in add.
    const keyLength = key % 27 === 0 ? 1 : 2;
    const next = len > keyLength ? b[start + keyLength]! : -1;
    for (let r = this.keyFrom[key]!; r < this.keyFrom[key + 1]!; r++) {
      if (next >= 0) {
        const runNextUnit = this.runNext[r]!;
        if (runNextUnit > next) break;
        if (runNextUnit >= 0 && runNextUnit !== next) continue;
      }
      const run = this.runBytes[r]!;
      const common = Math.min(run.length, len);
      let k = 0;
      while (k < common && b[start + k] === run[k]) k++;
      if (k < common) continue;
      if (run.length <= len) return true;
      const after = run[len]!;
      if (!((after >= 97 && after <= 122) || (after >= 48 && after <= 57))) return true;
    }
    return false;
  }

  /**
   * Lists the candidate starts in `view` of the rules `passed` that have starts. False (nothing listed)
   * when none has or the view has no byte form (too many units that are not ASCII): scan the whole view.
   * `recorded`, the places the word pass listed while walking `view` (AsciiWordPass.starts), spares the
   * walk over every byte: a run can begin only at a word start it lists (wordMayStart), and it lists
   * every unit of unitStarts.
   */
  collect(view: NormalizedText, passed: readonly number[], recorded?: RecordedStarts): boolean {
    const { ruleLive, keyLive, keyFrom, runFrom, runRule, runLive, starts, live } = this;
    for (const index of live) ruleLive[index] = 2;
    live.length = 0;
    for (const index of passed) if (ruleLive[this.shared[index]!] === 2) live.push(this.shared[index]!);
    if (live.length === 0) return false;
    const b = viewBytes(view);
    if (b === undefined) {
      live.length = 0;
      return false;
    }
    if (this.data?.buffer !== b.buffer || this.data.byteOffset !== b.byteOffset || this.data.byteLength !== b.byteLength) this.data = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (const index of live) {
      ruleLive[index] = 1;
      starts[index]!.length = 0;
    }
    for (let k = 0; k < KEYS; k++) {
      let keyOn = 0;
      for (let r = keyFrom[k]!; r < keyFrom[k + 1]!; r++) {
        let on = 0;
        for (let e = runFrom[r]!; e < runFrom[r + 1]! && on === 0; e++) on = ruleLive[runRule[e]!] === 1 ? 1 : 0;
        runLive[r] = on;
        keyOn |= on;
      }
      keyLive[k] = keyOn;
    }
    const { unitFrom, unitRule, unitLive } = this;
    for (let c = 0; c < 256; c++) {
      let on = 0;
      for (let e = unitFrom[c]!; e < unitFrom[c + 1]! && on === 0; e++) on = ruleLive[unitRule[e]!] === 1 ? 1 : 0;
      unitLive[c] = on;
    }
    for (const index of this.atTextStart) if (ruleLive[index] === 1) starts[index]!.push(0);
    const n = view.text.length;
    const wordUnit = WORD_UNIT;
    let listed = recorded !== undefined && recorded.view === view;
    for (let k = 0; k < live.length && listed; k++) listed = this.unlistedUnit[live[k]!] === 0;
    if (listed) {
      // The places the word pass listed: units of unitStarts, and word starts of the word pass ([a-z0-9]
      // after a unit that is not), which are \b word starts unless '_' or an upper-case letter comes before.
      // Words are listed from wordsFrom on: when a live rule has letter runs, the bytes before are walked.
      let needWords = false;
      for (let k = 0; k < live.length && !needWords; k++) needWords = this.ruleRuns[live[k]!] === 1;
      const from = needWords ? recorded!.wordsFrom : 0;
      if (from > 0) this.walk(b, n, from, starts);
      const at = recorded!.positions;
      const count = recorded!.count;
      let h = 0;
      while (h < count && at[h]! < from) h++;
      for (; h < count; h++) {
        const i = at[h]!;
        const c = b[i]!;
        if (wordUnit[c] === 0) {
          if (unitLive[c] === 1) this.addUnit(b, n, c, i, starts);
        } else if (i === 0 || wordUnit[b[i - 1]!] === 0) this.addWord(b, n, i, c, starts);
      }
    } else this.walk(b, n, n, starts);
    for (const { rule, pivot } of this.pivots) if (ruleLive[rule] === 1) pivotStarts(view.text, pivot, starts[rule]!);
    return true;
  }

  /** Adds the starts at the positions before `end` of the view's bytes `b` (n of them), walking every byte. */
  private walk(b: Uint8Array, n: number, end: number, starts: number[][]): void {
    const wordUnit = WORD_UNIT;
    const unitLive = this.unitLive;
    let i = 0;
    while (i < end) {
      const c = b[i]!;
      if (wordUnit[c] === 0) {
        if (unitLive[c] === 1) this.addUnit(b, n, c, i, starts);
        i++;
        continue;
      }
      // A word starts at i (the unit before is not [A-Za-z0-9_]).
      this.addWord(b, n, i, c, starts);
      // The byte after the view is 0 (viewBytes), which ends the word.
      i++;
      while (wordUnit[b[i]!] === 1) i++;
    }
  }

  /**
   * Adds `at`, where unit `c` is, to the starts of the live rules that may start at that unit and whose
   * follow (unitSkip, unitNext) the bytes after it satisfy: on real text most line feeds, full stops and
   * backquotes are followed by what no match of the rules that start with them can have there.
   */
  private addUnit(b: Uint8Array, n: number, c: number, at: number, starts: number[][]): void {
    const { unitFrom, unitRule, ruleLive, unitSkip, unitNext } = this;
    for (let e = unitFrom[c]!; e < unitFrom[c + 1]!; e++) {
      const rule = unitRule[e]!;
      if (ruleLive[rule] !== 1) continue;
      const next = unitNext[e];
      if (next !== undefined && !follows(b, n, at + 1, unitSkip[e]!, next)) continue;
      const list = starts[rule]!;
      if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
    }
  }

  /** Adds word start `at` (first byte `c`) to the starts of the live rules whose runs the bytes there begin with. */
  private addWord(b: Uint8Array, n: number, at: number, c: number, starts: number[][]): void {
    // Only a word starting with [a-z] can start a match.
    if (c < 97 || c > 122) return;
    const { keyLive, keyNext } = this;
    // b[at + 1] and b[at + 2] are at most b[n], the 0 after the view (viewBytes), when a two-letter key applies.
    const c2 = b[at + 1]!;
    const one = keyOf(c, 0);
    if (keyLive[one] === 1 && (keyNext[one * 8 + (c2 >>> 5)]! >>> (c2 & 31)) & 1) this.add(b, n, at, one, starts);
    if (c2 >= 97 && c2 <= 122) {
      const two = keyOf(c, c2);
      const c3 = b[at + 2]!;
      if (keyLive[two] === 1 && (keyNext[two * 8 + (c3 >>> 5)]! >>> (c3 & 31)) & 1) this.add(b, n, at, two, starts);
    }
  }

  /** Adds `at` to the starts of the live rules whose run under `key` the bytes at `at` begin with. */
  private add(b: Uint8Array, n: number, at: number, key: number, starts: number[][]): void {
    const { keyFrom, runLength, runWords, runNext, runLive, runFrom, runRule, ruleLive, runSkip, runFollow } = this;
    const dv = this.data!;
    // The key holds the first two units of a run whose second is a letter, the first only otherwise.
    const keyLength = key % 27 === 0 ? 1 : 2;
    const next = b[at + keyLength]!; // at most b[n], the 0 after the view
    for (let r = keyFrom[key]!; r < keyFrom[key + 1]!; r++) {
      const runNextUnit = runNext[r]!;
      if (runNextUnit > next) break;
      if (runNextUnit >= 0 && runNextUnit !== next) continue;
      if (runLive[r] !== 1) continue;
      const length = runLength[r]!;
      if (at + length > n) continue;
      // The run's bytes, four at a time; a word past the run's end is not read (the view's bytes go on at
      // least eight bytes past the text, so every word read here lies in the buffer).
      const w = r * 6;
      if ((dv.getInt32(at, true) & runWords[w + 3]!) !== runWords[w]) continue;
      if (length > 4 && (dv.getInt32(at + 4, true) & runWords[w + 4]!) !== runWords[w + 1]) continue;
      if (length > 8 && (dv.getInt32(at + 8, true) & runWords[w + 5]!) !== runWords[w + 2]) continue;
      for (let e = runFrom[r]!; e < runFrom[r + 1]!; e++) {
        const rule = runRule[e]!;
        if (ruleLive[rule] !== 1) continue;
        const follow = runFollow[e];
        if (follow !== undefined && !follows(b, n, at + length, runSkip[e]!, follow)) continue;
        const list = starts[rule]!;
        if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
      }
    }
  }

  /** The candidate starts of rule `index` on the current text, or undefined when it has no starts. */
  candidates(index: number): readonly number[] | undefined {
    const list = this.shared[index]!;
    return this.ruleLive[list] === 1 ? this.starts[list] : undefined;
  }
}

/**
 * Appends to `out` the possible starts of a rule of RuleStarts.pivot form, in increasing order: from each
 * occurrence of the literal, back over whitespace (when the rule allows it) and then over the letters (all
 * of the run, or one) that must precede it. The literal starts with a unit that is neither a letter nor
 * whitespace, so the walk back from one occurrence stops at the one before: the starts increase.
 */
function pivotStarts(text: string, pivot: RulePivot, out: number[]): void {
  const { literal, manyLetters, spaces } = pivot;
  for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
    let end = at;
    if (spaces) while (end > 0 && WHITESPACE.test(text[end - 1]!)) end--;
    let start = end;
    if (manyLetters) while (start > 0 && isLowerLetter(text.charCodeAt(start - 1))) start--;
    else if (end > 0 && isLowerLetter(text.charCodeAt(end - 1))) start = end - 1;
    if (start < end && (out.length === 0 || out[out.length - 1]! < start)) out.push(start);
  }
}
const WHITESPACE = /^\s$/;
function isLowerLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * Whether the bytes from `from` on may be what follows a start (RuleStarts.follows, runFollows): any
 * number of bytes of `skip`, then one of `next`. b[n] is the 0 after the view: at the end, a match that
 * needs a next unit cannot start.
 */
function follows(b: Uint8Array, n: number, from: number, skip: Uint8Array, next: Uint8Array): boolean {
  let j = from;
  while (j < n && skip[b[j]!] === 1) j++;
  return next[b[j]!] === 1;
}

/** A follow's sets as byte tables (a view's byte stands for its unit: OTHER_UNIT for any that is not ASCII); equal follows share them. */
function followTables(follow: UnitFollow): { skip: Uint8Array; next: Uint8Array } {
  const key = `${follow.skip}\u0000${follow.next}`;
  let tables = FOLLOW_TABLES.get(key);
  if (tables === undefined) {
    const byteSet = (chars: string): Uint8Array => {
      const t = new Uint8Array(256);
      for (const ch of chars) t[ch === OTHER_UNIT_START ? OTHER_UNIT : ch.charCodeAt(0)] = 1;
      return t;
    };
    tables = { skip: byteSet(follow.skip), next: byteSet(follow.next) };
    FOLLOW_TABLES.set(key, tables);
  }
  return tables;
}
const FOLLOW_TABLES = new Map<string, { skip: Uint8Array; next: Uint8Array }>();

/** Keys of StartIndex: the first letter (a-z) times 27 plus the second (1-26) or 0 for a one-letter run. */
const KEYS = 26 * 27;
function keyOf(first: number, second: number): number {
  return (first - 97) * 27 + (second === 0 ? 0 : second - 96);
}

/** [A-Za-z0-9_]: the units \\b tells from the others (bytes; the OTHER_UNIT byte and 0 are not). */
const WORD_UNIT = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 128; c++) if (/\w/.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();
