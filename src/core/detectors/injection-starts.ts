/**
 * Where the injection detector's rules can start matching on a long view (see StartIndex): the candidate
 * positions at which injection.ts tries each rule's sticky expression instead of scanning the whole view.
 */
import { OTHER_UNIT, viewBytes, type NormalizedText } from './normalize.js';
import {
  OTHER_UNIT_START,
  START_OF_TEXT,
  startsOf,
  type LexiconRule,
  type RulePivot,
  type RuleStarts,
  type UnitFollow,
} from './injection-lexicon.js';
import type { RecordedStarts, WordStarts } from './injection-words.js';

/**
 * The possible match starts of the rules whose starts are known (startsOf): every match of such
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
  /**
   * The distinct letter runs of the rules as a trie over their units (RUN_SYMBOL: a-z, space, apostrophe,
   * hyphen): node m goes on with symbol y to node |trieStep[m * SYMBOLS + y]|, negative when a run ends
   * at that node (0: no run goes on so, as for symbol 0; node 0 is the root), and trieRun[m] is the run
   * that ends at node m, or -1. A word start is matched against all runs at once by walking the bytes
   * there down the trie (one lookup per byte, until no run goes on), however many runs share its first
   * letters.
   */
  private readonly trieStep: Int16Array;
  /**
   * The first three steps of the walk at once, by the three symbols (s1 << 10 | s2 << 5 | s3): the node
   * they reach (negative when a run ends there), 0 when the walk stops on the way with no run met, or
   * WALK_FROM_ROOT when a run ends before the third step (walk step by step). Three lookups that do not
   * wait for each other instead of three that do: most listed words ("the", "with", "your") walk past
   * their first three letters.
   */
  private readonly trieFirst3 = new Int16Array(32768);
  /**
   * Past the third step, a walk meets only runs of four or five units, which few are (shortBelow[m]: 1
   * at a node m of depth 3 that such a run goes through), or of six and more, which need the six bytes
   * at the word start to be a run's first six: sixBits is a bit set of those (by sixHash; a bit of
   * another six bytes may be set too, then the walk decides). Most listed words ("the", "with", "in")
   * go on with no run's first six bytes and are passed over without walking their next letters.
   */
  private readonly shortBelow: Uint8Array;
  private readonly sixBits = new Int32Array(SIX_BITS >>> 5);
  private readonly trieRun: Int32Array;
  /**
   * Per trie node, its head number (see WordStarts.wordHead), or 0: a node reached by letters only from
   * the root that goes on with a space (where no run ends) and with no apostrophe or hyphen ("the",
   * "with", "as": "the password", "with no", "as your").
   */
  private readonly nodeHead: Int32Array;
  /** See WordStarts.headNext and unitSymbol. */
  readonly headNext: Int32Array;
  readonly unitSymbol = RUN_SYMBOL;
  /** The rules that start with run r: runRule[runFrom[r] .. runFrom[r + 1]). */
  private readonly runFrom: Int32Array;
  private readonly runRule: Int32Array;
  /** Per entry of runRule, what must follow the run in a match of the rule (RuleStarts.runFollows), as unitFollow. */
  private readonly runFollow: readonly (FollowTable | undefined)[];
  /** Per run, for the current text: whether a rule that passed its gates starts with it. */
  private readonly runLive: Uint8Array;
  /** Per rule: 0 no starts, 1 has starts and its candidates are listed for the current text, 2 has starts. */
  private readonly ruleLive: Uint8Array;
  /** The rules whose ruleLive is 1. */
  private readonly live: number[] = [];
  /** Per rule, the candidate starts of the current text (reused arrays). */
  private readonly starts: number[][];
  /** Rules by start unit (a byte of the view, OTHER_UNIT for units that are not ASCII): those of byte c are unitRule[unitFrom[c] .. unitFrom[c + 1]). */
  private readonly unitFrom = new Int32Array(257);
  private readonly unitRule: Int32Array;
  /**
   * At 256 c + x, for the current text, what a place whose byte is c and whose next byte is x asks for:
   * PAIR_WORD for c in a-z (a trie walk, at a word start), PAIR_UNIT when c is a start unit of a live
   * rule that lets x come right after it (x is in its follow's skip or next, or it has no follow), and
   * PAIR_NONE otherwise: a word of [A-Z0-9_] begins no run, and most start units in real text are
   * followed by what no live rule lets come (a backquote by a letter, a full stop by a file extension).
   * One lookup per listed place instead of three or four. A unit's row is rewritten only when which of
   * its rules are live changes (pairLive).
   */
  private readonly pairKind = new Uint8Array(256 * 256);
  /** Per byte, the live rules among those that start at it, as bits by entry of unitRule (see pairKind). */
  private readonly pairLive = new Int32Array(256);
  /**
   * At 256 c + x, for the current text: the live rules at unit c that let x come first after the bytes
   * all of them skip (unitSkip), as bits by entry of unitRule (bit k: entry unitFrom[c] + k). Only their
   * follows are tested there: after "</" that of the closing tag alone, of the five rules that start at '<'.
   */
  private readonly pairRules = new Int32Array(256 * 256);
  /** The bytes that some rule starts at (those with entries in unitRule). */
  private readonly unitBytes: readonly number[];
  /**
   * At 256 c + x, for the current text: 1 when every live rule that starts at unit c may skip byte x
   * after it (the intersection of their follows' skips; nothing when one of them has no follow, and
   * never the 0 byte, which ends the view). Where the first byte after those is not one that pairKind
   * lets come after c, none of the rules starts there: most line feeds before an indented line and
   * full stops before a sentence are passed over without a follow test per rule.
   */
  private readonly unitSkip = new Uint8Array(256 * 256);
  /**
   * Per entry of unitRule, what must follow the unit in a match of the rule (RuleStarts.follows): bytes
   * that may be skipped, then one that must be next (and the texts one of which must come there, when
   * known); undefined when anything may follow.
   */
  private readonly unitFollow: readonly (FollowTable | undefined)[];
  /** Scratch lists of a block of listed places, split into words and units (see addListed). */
  private readonly wordAt = new Int32Array(BLOCK);
  private readonly unitAt = new Int32Array(BLOCK);
  /** The listed rules that have both letter runs and start units, and (scratch) where their word starts end in their lists. */
  private readonly mixed: Int32Array;
  private readonly mixedEnd: Int32Array;
  /** The rules that may match at the start of the text. */
  private readonly atTextStart: readonly number[];
  /** The rules whose starts are found from a literal (RuleStarts.pivot), with it. */
  private readonly pivots: readonly { rule: number; pivot: RulePivot; follow: FollowTable | undefined }[];
  /**
   * Per rule, the rule whose list of starts it uses (itself, or the first rule with the same starts). The
   * other tables know only those first rules.
   */
  private readonly shared: Int32Array;
  /** See WordStarts.unitStarts: the start units of the rules that the word pass can list. */
  readonly unitStarts = new Uint8Array(256);
  /** Per rule, 1 when it has a start unit that the word pass does not list (see unitStarts): its starts need the byte walk. */
  private readonly unlistedUnit: Uint8Array;

  /**
   * Per rule, its expression with the sticky flag instead of the global one, for a rule whose starts are
   * known (startsOf), else undefined: injection.ts tries it at the listed places of a long view instead of
   * scanning all of it with the rule's `re` (the same matches).
   */
  readonly sticky: readonly (RegExp | undefined)[];

  constructor(rules: readonly LexiconRule[]) {
    const ruleStarts = rules.map(startsOf);
    this.sticky = rules.map((rule, index) =>
      ruleStarts[index] ? new RegExp(rule.source, `y${rule.flags}`) : undefined,
    );
    // Rules with the same starts (a strong and a weak form of one pattern) share one list, under the first of them.
    const bySignature = new Map<string, number>();
    this.shared = Int32Array.from(ruleStarts, (starts, index) => {
      if (!starts) return index;
      const signature = signatureOf(starts);
      if (!bySignature.has(signature)) bySignature.set(signature, index);
      return bySignature.get(signature)!;
    });
    const listed = (_: LexiconRule, index: number): boolean => this.shared[index] === index;
    // Each distinct run is one path of the trie, whatever the number of rules that start with it.
    const rulesOf = new Map<string, number[]>();
    rules.forEach((rule, index) => {
      if (!listed(rule, index)) return;
      for (const run of ruleStarts[index]?.runs ?? []) rulesOf.set(run, [...(rulesOf.get(run) ?? []), index]);
    });
    const runs = [...rulesOf.keys()].sort();
    const trie = trieOf(runs);
    // A child's sign says whether a run ends there: a step needs no second lookup where none does.
    this.trieStep = trie.next;
    for (let node = 1; node < trie.end.length; node++)
      if (trie.end[node]! >= 0) this.trieStep[trie.entry[node]!] = -node;
    this.trieRun = trie.end;
    // The heads (see nodeHead), numbered from 1 in the order of a walk down the letters from the root, and
    // the units their runs may go on with after the space (headNext; row 0, no head, lets nothing).
    this.nodeHead = new Int32Array(trie.end.length);
    const heads: number[] = [];
    const down = (node: number): void => {
      for (let y = 1; y <= 26; y++) {
        const child = Math.abs(this.trieStep[node * SYMBOLS + y]!);
        if (child === 0) continue;
        const at = child * SYMBOLS;
        // (A run that ends with the space, "reglas ", is no head's: what follows the space is for its follows.)
        if (
          this.trieStep[at + SPACE_SYMBOL]! > 0 &&
          this.trieStep[at + APOSTROPHE_SYMBOL] === 0 &&
          this.trieStep[at + HYPHEN_SYMBOL] === 0
        ) {
          heads.push(child);
          this.nodeHead[child] = heads.length;
        }
        down(child);
      }
    };
    down(0);
    this.headNext = new Int32Array((heads.length + 1) * SYMBOLS);
    heads.forEach((node, h) => {
      const row = (h + 1) * SYMBOLS;
      const after = Math.abs(this.trieStep[node * SYMBOLS + SPACE_SYMBOL]!);
      for (let x = 1; x < SYMBOLS; x++) {
        const step = this.trieStep[after * SYMBOLS + x]!;
        if (step === 0) continue;
        // A run that ends with x: whatever comes next, collect tests its follows.
        if (step < 0) {
          this.headNext[row + x] = -1;
          continue;
        }
        for (let y = 1; y < SYMBOLS; y++)
          if (this.trieStep[step * SYMBOLS + y] !== 0) this.headNext[row + x]! |= 1 << y;
      }
    });
    this.shortBelow = new Uint8Array(trie.end.length);
    for (const run of runs) {
      if (run.length >= 6) {
        const h = sixHash(
          run.charCodeAt(0) | (run.charCodeAt(1) << 8) | (run.charCodeAt(2) << 16) | (run.charCodeAt(3) << 24),
          run.charCodeAt(4) | (run.charCodeAt(5) << 8),
        );
        this.sixBits[h >>> 5]! |= 1 << (h & 31);
      } else if (run.length >= 4) {
        let node = 0;
        for (let k = 0; k < 3; k++) node = Math.abs(this.trieStep[node * SYMBOLS + RUN_SYMBOL[run.charCodeAt(k)]!]!);
        this.shortBelow[node] = 1;
      }
    }
    // Down the trie's first three levels (the other keys stay 0): a run that ends at the first or second
    // step makes every key that starts so WALK_FROM_ROOT.
    const first3 = this.trieFirst3;
    for (let s1 = 1; s1 < SYMBOLS; s1++) {
      const n1 = this.trieStep[s1]!;
      if (n1 === 0) continue;
      if (n1 < 0) {
        first3.fill(WALK_FROM_ROOT, s1 << 10, (s1 + 1) << 10);
        continue;
      }
      for (let s2 = 1; s2 < SYMBOLS; s2++) {
        const n2 = this.trieStep[n1 * SYMBOLS + s2]!;
        if (n2 === 0) continue;
        const key = (s1 << 10) | (s2 << 5);
        if (n2 < 0) {
          first3.fill(WALK_FROM_ROOT, key, key + SYMBOLS);
          continue;
        }
        for (let s3 = 1; s3 < SYMBOLS; s3++) first3[key | s3] = this.trieStep[n2 * SYMBOLS + s3]!;
      }
    }
    const units: { byte: number; rule: number; follow: UnitFollow | undefined }[] = [];
    const atTextStart: number[] = [];
    rules.forEach((rule, index) => {
      if (!listed(rule, index)) return;
      const starts = ruleStarts[index];
      for (const u of starts?.units ?? '') {
        if (u === START_OF_TEXT) atTextStart.push(index);
        else
          units.push({
            byte: u === OTHER_UNIT_START ? OTHER_UNIT : u.charCodeAt(0),
            rule: index,
            follow: starts!.follows?.[u],
          });
      }
    });
    units.sort((a, b) => a.byte - b.byte);
    for (const u of units) this.unitFrom[u.byte + 1]!++;
    // A unit's rules are bits of an int (pairLive, pairRules).
    if (this.unitFrom.some((count) => count > 30))
      throw new Error('injection-starts: more than 30 rules start at one unit');
    for (let c = 0; c < 256; c++) this.unitFrom[c + 1]! += this.unitFrom[c]!;
    this.unitRule = Int32Array.from(units, (u) => u.rule);
    this.unitFollow = units.map((u) => (u.follow ? followTable(u.follow) : undefined));
    this.unitBytes = [...new Set(units.map((u) => u.byte))];
    for (let c = 97; c <= 122; c++) this.pairKind.fill(PAIR_WORD, c << 8, (c + 1) << 8);
    // The word pass lists the positions of the units it meets outside words (and of every unit that is not
    // ASCII), but not the space, which it skips in its fast path, nor the apostrophe, which it reads as a
    // part of tokens (and a word unit is no start unit).
    this.unlistedUnit = new Uint8Array(rules.length);
    for (const u of units) {
      if (u.byte === 32 || u.byte === 39 || WORD_UNIT[u.byte] === 1) this.unlistedUnit[u.rule] = 1;
      else this.unitStarts[u.byte] = 1;
    }
    this.atTextStart = atTextStart;
    this.pivots = rules.flatMap((rule, index) => {
      const pivot = ruleStarts[index]?.pivot;
      return pivot && listed(rule, index)
        ? [{ rule: index, pivot, follow: pivot.follow ? followTable(pivot.follow) : undefined }]
        : [];
    });
    this.runFrom = new Int32Array(runs.length + 1);
    runs.forEach((run, r) => (this.runFrom[r + 1] = this.runFrom[r]! + rulesOf.get(run)!.length));
    this.runRule = Int32Array.from(runs.flatMap((run) => rulesOf.get(run)!));
    const runFollows = runs.flatMap((run) => rulesOf.get(run)!.map((rule) => ruleStarts[rule]!.runFollows?.[run]));
    this.runFollow = runFollows.map((f) => (f ? followTable(f) : undefined));
    this.runLive = new Uint8Array(runs.length);
    this.ruleRuns = Uint8Array.from(ruleStarts, (starts) => ((starts?.runs.length ?? 0) > 0 ? 1 : 0));
    this.ruleGates = Uint8Array.from(
      rules,
      (rule) => (rule.anchors ? 1 : 0) | (rule.alsoAnchors ? 2 : 0) | (rule.asciiWords ? 4 : 0),
    );
    this.alwaysWords = rules.some((_, index) => this.ruleRuns[index] === 1 && this.ruleGates[index] === 0);
    this.ruleLive = new Uint8Array(rules.length);
    this.mixed = Int32Array.from(new Set(units.map((u) => u.rule).filter((rule) => this.ruleRuns[rule] === 1)));
    this.mixedEnd = new Int32Array(this.mixed.length);
    this.starts = rules.map(() => []);
    ruleStarts.forEach((starts, index) => {
      if (starts) this.ruleLive[index] = 2;
    });
  }

  /** See WordStarts.completes. */
  completes(unlocked: Uint8Array, bit: number): boolean {
    const rule = (bit / 3) | 0;
    if (this.ruleRuns[rule] === 0) return false;
    const need = this.ruleGates[rule]!;
    const at = rule * 3;
    return (
      ((need & 1) === 0 || unlocked[at] === 1) &&
      ((need & 2) === 0 || unlocked[at + 1] === 1) &&
      ((need & 4) === 0 || unlocked[at + 2] === 1)
    );
  }

  /**
   * See WordStarts.wordMayStart: a run may begin where the word b[start, end) begins when the word starts
   * with the run and, if the word goes on past it, some rule that starts with the run lets the word's next
   * unit come after it (its follow's skip or next; "returns" begins with "return", which every rule wants
   * followed by what is not a letter), or the run starts with the word and goes on with a unit that is not
   * [a-z0-9] (as the text after the word does): the word's units are walked down the trie. A word for
   * which this is false is not listed (collect would find no start there: its follows would fail).
   */
  wordMayStart(b: Uint8Array, start: number, end: number): boolean {
    const { trieStep, trieRun } = this;
    let node = 0;
    for (let j = start; j < end; j++) {
      const step = trieStep[node * SYMBOLS + RUN_SYMBOL[b[j]!]!]!;
      if (step === 0) return false;
      node = step > 0 ? step : -step;
      if (step < 0 && (j + 1 === end || this.runLets(trieRun[node]!, b[j + 1]!))) return true;
    }
    const at = node * SYMBOLS;
    return (
      node !== 0 &&
      (trieStep[at + SPACE_SYMBOL] !== 0 ||
        trieStep[at + APOSTROPHE_SYMBOL] !== 0 ||
        trieStep[at + HYPHEN_SYMBOL] !== 0)
    );
  }

  /**
   * See WordStarts.wordHead: for a word that wordMayStart says may begin a run, the head number of the
   * word's trie node when no run ends inside the word or at its end (that the word's next unit may
   * follow) and its runs go on past it with a space only; else 0.
   */
  wordHead(b: Uint8Array, start: number, end: number): number {
    const { trieStep, trieRun } = this;
    let node = 0;
    for (let j = start; j < end; j++) {
      const step = trieStep[node * SYMBOLS + RUN_SYMBOL[b[j]!]!]!;
      if (step === 0) return 0;
      node = step > 0 ? step : -step;
      if (step < 0 && (j + 1 === end || this.runLets(trieRun[node]!, b[j + 1]!))) return 0;
    }
    return this.nodeHead[node]!;
  }

  /** Whether some rule that starts with run r lets byte x come right after it (x is in its follow's skip or next, or it has no follow). */
  private runLets(r: number, x: number): boolean {
    for (let e = this.runFrom[r]!; e < this.runFrom[r + 1]!; e++) {
      const follow = this.runFollow[e];
      if (follow === undefined || follow.skip[x] === 1 || follow.next[x] === 1) return true;
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
    const { ruleLive, runFrom, runRule, runLive, starts, live } = this;
    for (const index of live) ruleLive[index] = 2;
    live.length = 0;
    for (const index of passed) if (ruleLive[this.shared[index]!] === 2) live.push(this.shared[index]!);
    if (live.length === 0) return false;
    const b = viewBytes(view);
    if (b === undefined) {
      live.length = 0;
      return false;
    }
    for (const index of live) {
      ruleLive[index] = 1;
      starts[index]!.length = 0;
    }
    for (let r = 0; r < runLive.length; r++) {
      let on = 0;
      for (let e = runFrom[r]!; e < runFrom[r + 1]! && on === 0; e++) on = ruleLive[runRule[e]!] === 1 ? 1 : 0;
      runLive[r] = on;
    }
    const { unitFrom, unitRule, pairLive } = this;
    for (const c of this.unitBytes) {
      let bits = 0;
      for (let e = unitFrom[c]!; e < unitFrom[c + 1]!; e++)
        if (ruleLive[unitRule[e]!] === 1) bits |= 1 << (e - unitFrom[c]!);
      if (bits !== pairLive[c]) this.setUnitRow(c);
      pairLive[c] = bits;
    }
    for (const index of this.atTextStart) if (ruleLive[index] === 1) starts[index]!.push(0);
    const n = view.text.length;
    let listed = recorded !== undefined && recorded.view === view;
    for (let k = 0; k < live.length && listed; k++) listed = this.unlistedUnit[live[k]!] === 0;
    if (listed) {
      // The places the word pass listed: units of unitStarts, and word starts ([a-z0-9] after a unit that is
      // not). Words are listed from wordsFrom on: when a live rule has letter runs, the bytes before are walked.
      let needWords = false;
      for (let k = 0; k < live.length && !needWords; k++) needWords = this.ruleRuns[live[k]!] === 1;
      const from = needWords ? recorded!.wordsFrom : 0;
      if (from > 0) this.walk(b, n, from, starts);
      const at = recorded!.positions;
      const count = recorded!.count;
      let h = 0;
      while (h < count && at[h]! < from) h++;
      if (needWords) this.addListed(b, n, at, h, count, starts);
      // No live rule has runs: only the units can add starts (the bench prose: its few full stops).
      else this.addListedUnits(b, n, at, h, count, starts);
    } else this.walk(b, n, n, starts);
    for (const { rule, pivot, follow } of this.pivots)
      if (ruleLive[rule] === 1) pivotStarts(view.text, b, pivot, follow, starts[rule]!);
    return true;
  }

  /** Adds the starts at the listed units at[h .. count) (no live rule has runs, so the listed words add none). */
  private addListedUnits(b: Uint8Array, n: number, at: Int32Array, h: number, count: number, starts: number[][]): void {
    const pairKind = this.pairKind;
    for (; h < count; h++) {
      const i = at[h]!;
      const c = b[i]!;
      // b[i + 1] is at most b[n], the 0 after the view.
      if (pairKind[(c << 8) | b[i + 1]!] === PAIR_UNIT) this.addUnit(b, n, c, i, starts);
    }
  }

  /**
   * Adds the starts at the listed places at[h .. count), a block (BLOCK places) at a time. A block's places
   * are first split by what they ask for (pairKind) into words and units, without a branch; then each kind
   * is handled in a loop of its own. (Handled in one loop, the unit or word branch taken at each place is
   * as good as random on real text and cost more than the work done there; by blocks, the split lists stay
   * in the first-level cache.)
   */
  private addListed(b: Uint8Array, n: number, at: Int32Array, h: number, count: number, starts: number[][]): void {
    for (; h < count; h += BLOCK) this.addBlock(b, n, at, h, Math.min(count, h + BLOCK), starts);
  }

  /** See addListed: the places at[h .. end), at most BLOCK. */
  private addBlock(b: Uint8Array, n: number, at: Int32Array, h: number, end: number, starts: number[][]): void {
    const { wordAt, unitAt, pairKind, ruleLive } = this;
    const wordUnit = WORD_UNIT;
    let words = 0;
    let units = 0;
    for (; h < end; h++) {
      const i = at[h]!;
      // b[i + 1] is at most b[n], the 0 after the view.
      const kind = pairKind[(b[i]! << 8) | b[i + 1]!]!;
      wordAt[words] = i;
      words += kind >>> 1;
      unitAt[units] = i;
      units += kind & 1;
    }
    // Word starts of the word pass ([a-z0-9] after a unit that is not) are \b word starts unless '_' or an upper-case letter comes before.
    for (let k = 0; k < words; k++) {
      const i = wordAt[k]!;
      if (i === 0 || wordUnit[b[i - 1]!] === 0) this.addWord(b, n, i, starts);
    }
    // A rule with both runs and start units now has its word starts; its unit starts come after them
    // and are merged in below, so that its list stays in increasing order.
    const { mixed, mixedEnd } = this;
    for (let k = 0; k < mixed.length; k++) mixedEnd[k] = starts[mixed[k]!]!.length;
    for (let k = 0; k < units; k++) {
      const i = unitAt[k]!;
      this.addUnit(b, n, b[i]!, i, starts);
    }
    for (let k = 0; k < mixed.length; k++) if (ruleLive[mixed[k]!] === 1) mergeTail(starts[mixed[k]!]!, mixedEnd[k]!);
  }

  /** Adds the starts at the positions before `end` of the view's bytes `b` (n of them), walking every byte. */
  private walk(b: Uint8Array, n: number, end: number, starts: number[][]): void {
    const wordUnit = WORD_UNIT;
    const pairKind = this.pairKind;
    let i = 0;
    while (i < end) {
      const c = b[i]!;
      if (wordUnit[c] === 0) {
        if (pairKind[(c << 8) | b[i + 1]!] === PAIR_UNIT) this.addUnit(b, n, c, i, starts);
        i++;
        continue;
      }
      // A word starts at i (the unit before is not [A-Za-z0-9_]); only one starting with [a-z] can start a match.
      if (c >= 97 && c <= 122) this.addWord(b, n, i, starts);
      // The byte after the view is 0 (viewBytes), which ends the word.
      i++;
      while (wordUnit[b[i]!] === 1) i++;
    }
  }

  /**
   * Adds `at`, where unit `c` is, to the starts of the live rules that may start at that unit and whose
   * follow (unitFollow) the bytes after it satisfy: on real text most line feeds, full stops and
   * backquotes are followed by what no match of the rules that start with them can have there.
   */
  private addUnit(b: Uint8Array, n: number, c: number, at: number, starts: number[][]): void {
    // Past the bytes that every live rule at c may skip (none is the 0 after the view), only the rules that
    // let the next byte come there (pairRules) may start here.
    const row = c << 8;
    const skip = this.unitSkip;
    let j = at + 1;
    while (skip[row | b[j]!] === 1) j++;
    let rules = this.pairRules[row | b[j]!]!;
    if (rules === 0) return;
    const { unitRule, unitFollow } = this;
    const first = this.unitFrom[c]!;
    while (rules !== 0) {
      const bit = rules & -rules;
      rules ^= bit;
      const e = first + 31 - Math.clz32(bit);
      const follow = unitFollow[e];
      // The rule's follow skips at least the bytes before j (they are in every live rule's skip): its test goes on from j.
      if (follow !== undefined && !follows(b, n, j, follow)) continue;
      const list = starts[unitRule[e]!]!;
      if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
    }
  }

  /**
   * Adds word start `at` (its first byte in a-z) to the starts of the live rules whose runs the bytes there
   * begin with: the bytes are walked down the trie, and each run met on the way is a prefix there.
   */
  private addWord(b: Uint8Array, n: number, at: number, starts: number[][]): void {
    const symbolOf = RUN_SYMBOL;
    // The three bytes are in the view or its slack (viewBytes: 8 bytes past the end), and the byte after the view
    // is 0 (symbol 0, which no run has): a byte past it is never looked at in trieFirst3.
    const b0 = b[at]!;
    const b1 = b[at + 1]!;
    const b2 = b[at + 2]!;
    const first = this.trieFirst3[(symbolOf[b0]! << 10) | (symbolOf[b1]! << 5) | symbolOf[b2]!]!;
    if (first === 0) return;
    if (first === WALK_FROM_ROOT) {
      this.walkRuns(b, n, at, at, 0, starts);
      return;
    }
    let node = first;
    if (first < 0) {
      node = -first;
      const r = this.trieRun[node]!;
      if (this.runLive[r] === 1) this.addRun(b, n, at, at + 3, r, starts);
    }
    if (this.shortBelow[node] === 0) {
      // Bytes at + 3 .. at + 5 are in the view or its slack; past the 0 that ends the view no run goes on,
      // so what they hold there cannot turn a walk that would meet a run into one passed over.
      const h = sixHash(b0 | (b1 << 8) | (b2 << 16) | (b[at + 3]! << 24), b[at + 4]! | (b[at + 5]! << 8));
      if ((this.sixBits[h >>> 5]! & (1 << (h & 31))) === 0) return;
    }
    this.walkRuns(b, n, at, at + 3, node, starts);
  }

  /** Goes on down the trie from `node`, reached by the bytes at [at, from), adding `at` for each run met. */
  private walkRuns(b: Uint8Array, n: number, at: number, from: number, node: number, starts: number[][]): void {
    const { trieStep, trieRun, runLive } = this;
    const symbolOf = RUN_SYMBOL;
    // The byte after the view is 0 (viewBytes), symbol 0, which no run has: the walk stops there at the latest.
    for (let j = from; ;) {
      const step = trieStep[node * SYMBOLS + symbolOf[b[j++]!]!]!;
      if (step > 0) {
        node = step;
        continue;
      }
      if (step === 0) return;
      node = -step;
      const r = trieRun[node]!;
      if (runLive[r] === 1) this.addRun(b, n, at, j, r, starts);
    }
  }

  /** Adds `at` to the starts of the live rules that start with run r (which the bytes at `at` begin with, up to `end`) and whose follow the bytes after it satisfy. */
  private addRun(b: Uint8Array, n: number, at: number, end: number, r: number, starts: number[][]): void {
    const { runFrom, runRule, ruleLive, runFollow } = this;
    for (let e = runFrom[r]!; e < runFrom[r + 1]!; e++) {
      const rule = runRule[e]!;
      if (ruleLive[rule] !== 1) continue;
      const follow = runFollow[e];
      if (follow !== undefined && !follows(b, n, end, follow)) continue;
      const list = starts[rule]!;
      if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
    }
  }

  /**
   * Rewrites unit c's rows of pairKind and unitSkip for the rules at c that are live now: the bytes some
   * of them lets come right after c, and the bytes all of them may skip.
   */
  private setUnitRow(c: number): void {
    const { unitFrom, unitRule, ruleLive, unitFollow, pairKind, pairRules, unitSkip } = this;
    const row = c << 8;
    pairRules.fill(0, row, row + 256);
    unitSkip.fill(1, row, row + 256);
    let live = false;
    for (let e = unitFrom[c]!; e < unitFrom[c + 1]!; e++) {
      if (ruleLive[unitRule[e]!] !== 1) continue;
      live = true;
      const bit = 1 << (e - unitFrom[c]!);
      const follow = unitFollow[e];
      for (let x = 0; x < 256; x++) {
        if (follow === undefined || follow.skip[x] === 1 || follow.next[x] === 1) pairRules[row | x]! |= bit;
        if (follow === undefined || follow.skip[x] === 0) unitSkip[row | x] = 0;
      }
    }
    if (!live) unitSkip.fill(0, row, row + 256);
    unitSkip[row] = 0;
    for (let x = 0; x < 256; x++) pairKind[row | x] = pairRules[row | x] !== 0 ? PAIR_UNIT : PAIR_NONE;
  }

  /** The candidate starts of rule `index` on the current text, or undefined when it has no starts. */
  candidates(index: number): readonly number[] | undefined {
    const list = this.shared[index]!;
    return this.ruleLive[list] === 1 ? this.starts[list] : undefined;
  }
}

/**
 * Merges list[0, mid) and list[mid, end), each in increasing order and with no value in both, into one
 * list in increasing order.
 */
function mergeTail(list: number[], mid: number): void {
  const end = list.length;
  if (mid === 0 || mid === end || list[mid - 1]! < list[mid]!) return;
  const tail = list.slice(mid);
  let a = mid - 1;
  let t = tail.length - 1;
  for (let w = end - 1; t >= 0; w--) list[w] = a >= 0 && list[a]! > tail[t]! ? list[a--]! : tail[t--]!;
}

/**
 * Appends to `out` the possible starts of a rule of RuleStarts.pivot form, in increasing order: from each
 * occurrence of the literal that is followed by what must follow it (`follow`, on the view's bytes `b`),
 * back over whitespace (when the rule allows it) and then over the letters (all of the run, or one) that
 * must precede it. The literal starts with a unit that is neither a letter nor whitespace, so the walk
 * back from one occurrence stops at the one before: the starts increase.
 */
function pivotStarts(
  text: string,
  b: Uint8Array,
  pivot: RulePivot,
  follow: FollowTable | undefined,
  out: number[],
): void {
  const { literal, manyLetters, spaces } = pivot;
  const n = text.length;
  for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
    if (follow !== undefined && !follows(b, n, at + literal.length, follow)) continue;
    let end = at;
    if (spaces) while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
    let start = end;
    if (manyLetters) while (start > 0 && isLowerLetter(text.charCodeAt(start - 1))) start--;
    else if (end > 0 && isLowerLetter(text.charCodeAt(end - 1))) start = end - 1;
    if (start < end && (out.length === 0 || out[out.length - 1]! < start)) out.push(start);
  }
}
/** A unit \\s matches: among ASCII units the space and \\t \\n \\v \\f \\r; the regex is asked only about the others. */
function isWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return WHITESPACE.test(String.fromCharCode(c));
}
const WHITESPACE = /^\s$/;
function isLowerLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** A follow (UnitFollow) as byte tables (a view's byte stands for its unit: OTHER_UNIT for any that is not ASCII). */
interface FollowTable {
  skip: Uint8Array;
  next: Uint8Array;
  /** The words as a trie (as StartIndex's runs: a node's children by RUN_SYMBOL, 0 none), and per node 1 where a word ends; undefined when not known. */
  wordNext: Int16Array | undefined;
  wordEnd: Uint8Array | undefined;
}

/**
 * Whether the bytes from `from` on may be what follows a start (RuleStarts.follows, runFollows): any
 * number of bytes of `skip`, then one of `next`, and there one of the words when they are known. At the
 * end of the view nothing follows: a match that needs a next unit cannot start.
 */
function follows(b: Uint8Array, n: number, from: number, follow: FollowTable): boolean {
  const skip = follow.skip;
  let j = from;
  while (j < n && skip[b[j]!] === 1) j++;
  // At the end (b[n] is the 0 after the view), whatever a follow allows: a NUL may follow a start inside
  // the text, and the 0 must not pass for one.
  if (j >= n || follow.next[b[j]!] !== 1) return false;
  const wordNext = follow.wordNext;
  if (wordNext === undefined) return true;
  // Down the words' trie from j; the 0 after the view (no symbol) ends the walk at the latest.
  const wordEnd = follow.wordEnd!;
  let node = 0;
  for (;;) {
    const symbol = RUN_SYMBOL[b[j++]!]!;
    if (symbol === 0) return false;
    node = wordNext[node * SYMBOLS + symbol]!;
    if (node === 0) return false;
    if (wordEnd[node] === 1) return true;
  }
}

/** A follow's byte tables; equal follows share them (and a follow object, read once, keeps its own). */
function followTable(follow: UnitFollow): FollowTable {
  const known = TABLE_OF_FOLLOW.get(follow);
  if (known !== undefined) return known;
  const key = `${follow.skip}\u0000${follow.next}\u0000${follow.words?.join('\u0000') ?? ''}`;
  let table = FOLLOW_TABLES.get(key);
  if (table === undefined) {
    const byteSet = (chars: string): Uint8Array => {
      const t = new Uint8Array(256);
      for (const ch of chars) t[ch === OTHER_UNIT_START ? OTHER_UNIT : ch.charCodeAt(0)] = 1;
      return t;
    };
    const words = follow.words ? trieOf(follow.words) : undefined;
    const made: FollowTable = {
      skip: byteSet(follow.skip),
      next: byteSet(follow.next),
      wordNext: words?.next,
      wordEnd: words ? Uint8Array.from(words.end, (t) => (t >= 0 ? 1 : 0)) : undefined,
    };
    FOLLOW_TABLES.set(key, (table = made));
  }
  TABLE_OF_FOLLOW.set(follow, table);
  return table;
}
const FOLLOW_TABLES = new Map<string, FollowTable>();
const TABLE_OF_FOLLOW = new WeakMap<UnitFollow, FollowTable>();

/** A text that two rules' starts share exactly when they are equal (kept per starts object: the lexicon's rules are built once). */
function signatureOf(starts: RuleStarts): string {
  let signature = SIGNATURES.get(starts);
  if (signature === undefined) SIGNATURES.set(starts, (signature = JSON.stringify(starts)));
  return signature;
}
const SIGNATURES = new WeakMap<RuleStarts, string>();

/**
 * A trie of `texts` (each of a-z, space, apostrophe, hyphen): node m goes on with symbol y (RUN_SYMBOL)
 * to next[m * SYMBOLS + y] (0: none goes on so; node 0 is the root, and a child is numbered after its
 * parent), end[m] is the index of the text that ends at node m, or -1, and entry[m] the index in next
 * of the entry that leads to node m (-1 for the root).
 */
function trieOf(texts: readonly string[]): { next: Int16Array; end: Int32Array; entry: Int32Array } {
  // At most one node per unit of the texts, and the root.
  let capacity = 1;
  for (const text of texts) capacity += text.length;
  const next = new Int32Array(capacity * SYMBOLS);
  const end = new Int32Array(capacity).fill(-1);
  const entry = new Int32Array(capacity).fill(-1);
  let nodes = 1;
  texts.forEach((text, t) => {
    let node = 0;
    for (let k = 0; k < text.length; k++) {
      const symbol = RUN_SYMBOL[text.charCodeAt(k)]!;
      if (symbol === 0)
        throw new Error(`injection-starts: "${text}" has a unit that is not a-z, space, apostrophe or hyphen`);
      let child = next[node * SYMBOLS + symbol]!;
      if (child === 0) {
        next[node * SYMBOLS + symbol] = child = nodes++;
        entry[child] = node * SYMBOLS + symbol;
      }
      node = child;
    }
    end[node] = t;
  });
  if (nodes > 0x7fff) throw new Error('injection-starts: too many prefixes for a trie');
  return {
    next: new Int16Array(next.subarray(0, nodes * SYMBOLS)),
    end: end.slice(0, nodes),
    entry: entry.slice(0, nodes),
  };
}

/** Listed places handled at a time (StartIndex.addListed). */
const BLOCK = 1024;
/** What a place's pair of bytes asks for (StartIndex.pairKind). */
const PAIR_NONE = 0;
const PAIR_UNIT = 1;
const PAIR_WORD = 2;
/** The size of StartIndex.sixBits, in bits (a power of two; 8 KB). */
const SIX_BITS = 1 << 16;
/** A hash of six bytes (four little-endian in `lo`, two in `hi`) to a bit of StartIndex.sixBits. */
function sixHash(lo: number, hi: number): number {
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 16;
}
/** See StartIndex.trieFirst3 (no node is numbered 0x7fff or above). */
const WALK_FROM_ROOT = -0x8000;

/**
 * The trie's symbols: the units a letter run may have (a-z 1-26, space 27, apostrophe 28, hyphen 29), by
 * byte; 0 for every other byte (no run goes on with it).
 */
const SYMBOLS = 32;
const SPACE_SYMBOL = 27;
const APOSTROPHE_SYMBOL = 28;
const HYPHEN_SYMBOL = 29;
const RUN_SYMBOL = (() => {
  const t = new Uint8Array(256);
  for (let c = 97; c <= 122; c++) t[c] = c - 96;
  t[32] = SPACE_SYMBOL;
  t[39] = APOSTROPHE_SYMBOL;
  t[45] = HYPHEN_SYMBOL;
  return t;
})();

/** [A-Za-z0-9_]: the units \\b tells from the others (bytes; the OTHER_UNIT byte and 0 are not). */
const WORD_UNIT = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 128; c++) if (/\w/.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();
