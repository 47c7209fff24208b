/**
 * Word templates of the safety classifier: intent and target structure over word tokens ("i will" +
 * up to two words + a harm verb; "you" + up to three words + an insult). A template is a list of slots,
 * compiled once; matching starts only at tokens that can begin a template (a map lookup per token), and
 * every gap is bounded, so the cost is linear in the number of words.
 *
 * Slot syntax (data in safety-lexicon.ts): a string of alternatives separated by "|", each one or more
 * whole words ("am going to"); a leading "?" makes the slot optional; a number N is a gap of 0..N
 * arbitrary words. The first slot must be words. Words are numbered once (the vocabulary), tokens carry
 * those numbers, so matching compares integers.
 */
import { NO_TOKEN, type TokenSource, type Tokens } from './safety-tokens.js';
import type { SafetyCategory } from './safety-lexicon.js';

export interface TemplateSpec {
  id: string;
  category: SafetyCategory;
  weight: number;
  slots: ReadonlyArray<string | number>;
  /**
   * A negation inside the match, or before it in its clause, cancels it ("i will not hurt you", "i would never
   * in my life want to hurt anyone", "don't kill yourself"; the clause is read by negatedInClause).
   */
  negatable?: boolean;
  /**
   * What must stand right before the match, read back from it by the caller (leadBefore in safety-clauses.ts):
   * a volitional lead ('volition': "want to", "let's", "I will", "go" before "commit genocide"), a negation
   * ('negation': "can't" before "wait to kill you"), a verb of spreading ('spread': "post" before "her home address")
   * or of forcing ('force': "forces" before "her anyway"). The words of a lead are common; read back from a rare
   * first word they begin no template.
   */
  leadBefore?: 'volition' | 'negation' | 'spread' | 'force';
  /**
   * Harm that is no hostility to people (cruelty to an animal): a group named beside the match gets no hostile
   * company from it (SAFETY_COMPANY_FROM; "my Muslim neighbour's dog ... I want to poison the dog" is no hate).
   */
  noCompany?: boolean;
  /** The first word must start a clause or follow a word that leads an order ("just", "go", "so"). */
  imperative?: boolean;
  /**
   * Harm told as an event ("stabbed him", "blood everywhere", "broken ribs"), not called for or wished:
   * counted as topical evidence, which the register of a report or a story lowers (safety-context.ts).
   */
  narrative?: boolean;
  /**
   * A call that names no one: right after "that" or "which" (a relative clause, whose antecedent is mostly a
   * thing: "the illnesses that should be eradicated"), a match ending in a verb said of things as well as of
   * people (SAFETY_THING_HARM: eradicated, destroyed, eliminated) does not count (safety-counting.ts).
   */
  relativeThing?: boolean;
  /**
   * A statement about a group (a generalisation, a trope, a denial) that counter-speech quotes to refute: in
   * a frame of refutation ("it is a myth that ...", "... is a lie") neither the match nor the cue words it
   * spans count (safety-refutation.ts).
   */
  claim?: boolean;
  /**
   * A statement that is hate only when refuted: that a group is human, that an atrocity happened ("don't
   * believe the lie that ... are human", "it is a myth that the Holocaust happened"). Counts only in a frame
   * of refutation, and only where the statement ends its clause (safety-refutation.ts).
   */
  refutedOnly?: boolean;
  /**
   * The match must end its statement (statementEnds in safety-clauses.ts): what follows is the end of the text,
   * a mark other than a comma, or "and", "so", "or", "then" ("I know where your kids go to school." threatens;
   * "I know where your kids go to school, it's next to mine" tells).
   */
  endsStatement?: boolean;
  /**
   * The match does not count where the next words give its reason or source (explainedAfter in safety-clauses.ts):
   * "I know where you live because you gave me your address" tells a fact.
   */
  unlessExplained?: boolean;
}

/**
 * A slot: a gap of 0..`gap` words (gap >= 0), or words (gap = -1): alternatives (as word ids) grouped by
 * their first word, so one read per token. One shape for both kinds (the matcher's property reads stay
 * monomorphic); `alternatives`, `laidOut` and `firsts` are filled once the vocabulary is complete.
 */
interface Slot {
  gap: number;
  optional: boolean;
  /** Alternatives by first word, each list longest first (so "am going to" is tried before "am"). */
  byFirst: Map<number, number[][]>;
  /** The keys of byFirst, in its order (read by index: see the constructor). */
  firstWords: number[];
  /** The most words an alternative has (0 for a gap). */
  longest: number;
  /**
   * byFirst laid out for matchFrom in one array: at the offset `alternatives` gives for a first word id, the
   * number of its alternatives of two words or more, each as its length and its words (in byFirst's order),
   * then the number of its one-word alternatives. Typed arrays, not per first word a map by second word and
   * arrays of ids: a start word's templates were read from objects and arrays all over the heap (and arrays
   * as long as the vocabulary per slot), each a cache miss on a document (see IdTable).
   */
  alternatives: IdTable;
  laidOut: Int32Array;
  /**
   * Bit `id` set for the first words of the alternatives: most tokens begin none, and this answers so from
   * a few hundred bytes for all slots.
   */
  firsts: Int32Array;
}

/**
 * Word id -> a number, for a few hundred ids at most: open addressing over pairs (id, value) in one typed
 * array, so that a lookup reads one or two cache lines (a Map's lookup read its buckets, then its entries).
 */
class IdTable {
  private readonly pairs: Int32Array;
  private readonly mask: number;

  /** `ids[k]` -> `values[k]`. */
  constructor(ids: readonly number[], values: readonly number[]) {
    let size = 4;
    while (size < ids.length * 2) size <<= 1;
    this.mask = size - 1;
    this.pairs = new Int32Array(size * 2).fill(-1);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const value = values[k]!;
      let slot = IdTable.slotOf(id) & this.mask;
      while (this.pairs[slot * 2] !== -1) slot = (slot + 1) & this.mask;
      this.pairs[slot * 2] = id;
      this.pairs[slot * 2 + 1] = value;
    }
  }

  private static slotOf(id: number): number {
    return Math.imul(id, 0x9e3779b1) >>> 16;
  }

  /** The value of `id` (>= 0), or `absent` where the table does not have it. */
  get(id: number, absent: number): number {
    const pairs = this.pairs;
    for (let slot = IdTable.slotOf(id) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = pairs[slot * 2]!;
      if (at === id) return pairs[slot * 2 + 1]!;
      if (at === -1) return absent;
    }
  }
}

const NO_IDS = new IdTable([], []);
const NOTHING_LAID_OUT = new Int32Array(0);

interface CompiledTemplate {
  spec: TemplateSpec;
  slots: Slot[];
  /**
   * The first slot after the first that must match (-1: the first slot can match alone), the first words of
   * its alternatives (bits by word id), and the furthest token after the start word it can begin at (after
   * the longest first-slot alternative, the widest gaps and the longest optional words between). A match
   * holds one of those words within that reach.
   */
  required: number;
  requiredWords: Int32Array;
  furthest: number;
}

export interface TemplateMatch {
  spec: TemplateSpec;
  /** Token range [first, last). */
  first: number;
  last: number;
}

const NEGATORS = [
  'not',
  'never',
  'no',
  "don't",
  'dont',
  "won't",
  'wont',
  "wouldn't",
  'wouldnt',
  "didn't",
  'didnt',
  "doesn't",
  'doesnt',
  "shouldn't",
  'shouldnt',
  "can't",
  'cant',
  'cannot',
  "isn't",
  'isnt',
  "aren't",
  'arent',
  "wasn't",
  'wasnt',
  'nor',
];

const IMPERATIVE_LEADS = [
  'just',
  'go',
  'so',
  'and',
  'then',
  'please',
  "let's",
  'lets',
  'gotta',
  'should',
  'must',
  'we',
  "y'all",
  'yall',
];

const NONE: number[][] = [];
/** A slot's byFirst and firstWords once the matcher is built (never added to). */
const NO_ALTERNATIVES: Map<number, number[][]> = new Map();
const NO_FIRST_WORDS: number[] = [];
/** A slot's alternatives as the lexicon writes them: words of printable ASCII, one space between two words. */
const PLAIN_SLOT = /^[!-{}~]+(?: [!-{}~]+)*(?:\|[!-{}~]+(?: [!-{}~]+)*)*$/;
/** The `firsts` of a gap slot (no words). */
const NO_WORDS = new Int32Array(0);

/** Compiled templates, indexed by the words that can begin them. */
export class TemplateMatcher {
  /** Every word any template names, numbered by position: the token ids the scanner must produce. */
  readonly vocabulary: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Templates by the vocabulary id of a word that can begin them (an array: ids are dense). */
  private readonly byFirstWord: Array<CompiledTemplate[] | undefined> = [];
  /** Bit `id` set for the negators (NEGATORS). */
  private readonly negators: Int32Array;
  /**
   * For a start word whose first-slot alternatives all have two words or more ("the whole world"): the
   * words that may follow it. A start word without one (undefined) needs no second-word check.
   */
  private readonly secondWords: Array<Set<number> | undefined> = [];
  /** secondWords as bits by word id, for matchAt. */
  private readonly secondBits: Array<Int32Array | undefined> = [];
  /** Bit `id` set for the imperative leads (IMPERATIVE_LEADS). */
  private readonly imperativeLeads: Int32Array;
  /**
   * Per start word (undefined: no such test): the first words of the first slot after the first that must
   * match, in each of its templates, as bits by word id; and the furthest token after the start word at
   * which such a slot can begin. A match holds one of these words there: a start word with none of them in
   * reach begins no match ("jews jews jews ...": nine templates with gaps of three words tried at every
   * word were the scan's main cost).
   */
  private readonly laterWords: Array<Int32Array | undefined> = [];
  /** Per start word with laterWords: the distinct bit sets laterWords is the union of (shared between start words). */
  private readonly laterSets: Array<Int32Array[] | undefined> = [];
  private readonly reach: number[] = [];

  constructor(specs: readonly TemplateSpec[]) {
    // (This runs when a policy is prepared, before a process's first evaluation, on the code's first run: the
    // loops are indexed, Maps and Sets read with forEach or get, since a for-of made an iterator result per
    // step, which was most of the garbage of the prepare, and its collection a good part of its time.)
    const negators = NEGATORS.map((w) => this.idOf(w));
    const imperativeLeads = IMPERATIVE_LEADS.map((w) => this.idOf(w));
    // A slot written alike in several templates (WANT_TO, the harm verbs, the targets) is parsed once and
    // shared: its words have the same ids either way, and a slot is laid out from its words alone (below).
    const parsed = new Map<string, Slot>();
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]!;
      const slots = spec.slots.map((s) => {
        if (typeof s === 'number') return this.parseSlot(s);
        let slot = parsed.get(s);
        if (slot === undefined) parsed.set(s, (slot = this.parseSlot(s)));
        return slot;
      });
      const first = slots[0];
      if (!first || first.gap >= 0 || first.optional)
        throw new Error(`safety template ${spec.id}: the first slot must be words`);
      const required = slots.findIndex((slot, k) => k > 0 && slot.gap < 0 && !slot.optional);
      let furthest = 0;
      for (let k = 0; k < required; k++) {
        const slot = slots[k]!;
        furthest += slot.gap >= 0 ? slot.gap : slot.longest;
      }
      const compiled: CompiledTemplate = { spec, slots, required, requiredWords: NO_WORDS, furthest };
      for (let k = 0; k < first.firstWords.length; k++) (this.byFirstWord[first.firstWords[k]!] ??= []).push(compiled);
    }
    // A word begins a template only when followed by a second word of one of its alternatives, unless one
    // of its alternatives is the word alone.
    const alone = new Set<number>();
    const second = new Map<number, Set<number>>();
    // (forEach visits the start words alone: the array has holes for the other words.)
    this.byFirstWord.forEach((list, h) => {
      if (list === undefined) return;
      // (Templates that share their first slot give the same words: each slot is read once.)
      const read: Slot[] = [];
      for (let i = 0; i < list.length; i++) {
        const first = list[i]!.slots[0]!;
        if (read.includes(first)) continue;
        read.push(first);
        const alts = first.byFirst.get(h) ?? NONE;
        for (let k = 0; k < alts.length; k++) {
          const alt = alts[k]!;
          if (alt.length === 1) alone.add(h);
          else second.set(h, (second.get(h) ?? new Set()).add(alt[1]!));
        }
      }
    });
    second.forEach((words, h) => {
      if (!alone.has(h)) this.secondWords[h] = words;
    });
    const words = (this.vocabulary.length + 31) >>> 5;
    const bitsOf = (ids: { forEach(visit: (id: number) => void): void }): Int32Array => {
      const bits = new Int32Array(words);
      ids.forEach((id) => (bits[id >>> 5]! |= 1 << (id & 31)));
      return bits;
    };
    this.negators = bitsOf(negators);
    this.imperativeLeads = bitsOf(imperativeLeads);
    this.secondWords.forEach((set, h) => {
      if (set !== undefined) this.secondBits[h] = bitsOf(set);
    });
    // Templates whose required slot is the same (shared) slot share its bits.
    const slotBits = new Map<Slot, Int32Array>();
    // Each distinct set of required words, numbered (for the key of a union below).
    const setNumber = new Map<Int32Array, number>();
    this.byFirstWord.forEach((list) => {
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        if (t.required < 0 || t.requiredWords !== NO_WORDS) continue;
        const slot = t.slots[t.required]!;
        let bits = slotBits.get(slot);
        if (bits === undefined) {
          slotBits.set(slot, (bits = bitsOf(slot.firstWords)));
          setNumber.set(bits, setNumber.size);
        }
        t.requiredWords = bits;
      }
    });
    // Start words listed in the same templates (the words of one first slot) have the same sets: their union
    // is made once and shared (read only).
    const unions = new Map<string, { later: Int32Array; sets: Int32Array[] }>();
    this.byFirstWord.forEach((list, h) => {
      if (list === undefined) return;
      // A template that can match with its first slot alone gives no word to look for.
      if (list.some((t) => t.required < 0)) return;
      const merged: Int32Array[] = [];
      let reach = 0;
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        if (!merged.includes(t.requiredWords)) merged.push(t.requiredWords);
        reach = Math.max(reach, t.furthest);
      }
      const key = merged.map((set) => setNumber.get(set)).join(',');
      let union = unions.get(key);
      if (union === undefined) {
        const later = new Int32Array(words);
        for (let k = 0; k < merged.length; k++) for (let w = 0; w < words; w++) later[w]! |= merged[k]![w]!;
        unions.set(key, (union = { later, sets: merged }));
      }
      this.laterWords[h] = union.later;
      this.laterSets[h] = union.sets;
      this.reach[h] = reach;
    });
    this.byFirstWord.forEach((list) => {
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        const slots = list[i]!.slots;
        for (let j = 0; j < slots.length; j++) {
          const slot = slots[j]!;
          // (A slot of a template listed under several start words is laid out once.)
          if (slot.gap >= 0 || slot.firsts !== NO_WORDS) continue;
          slot.firsts = new Int32Array((this.vocabulary.length + 31) >>> 5);
          // Its size first, then filled in place (a list pushed to and copied made garbage).
          let size = 0;
          for (let f = 0; f < slot.firstWords.length; f++) {
            const alts = slot.byFirst.get(slot.firstWords[f]!)!;
            size += 2;
            for (let k = 0; k < alts.length; k++) if (alts[k]!.length > 1) size += 1 + alts[k]!.length;
          }
          const laidOut = new Int32Array(size);
          const offsets: number[] = [];
          let at = 0;
          for (let f = 0; f < slot.firstWords.length; f++) {
            const id = slot.firstWords[f]!;
            const alts = slot.byFirst.get(id)!;
            slot.firsts[id >>> 5]! |= 1 << (id & 31);
            offsets.push(at);
            let long = 0;
            for (let k = 0; k < alts.length; k++) if (alts[k]!.length > 1) long++;
            laidOut[at++] = long;
            for (let k = 0; k < alts.length; k++) {
              const alt = alts[k]!;
              if (alt.length < 2) continue;
              laidOut[at++] = alt.length;
              for (let w = 0; w < alt.length; w++) laidOut[at++] = alt[w]!;
            }
            laidOut[at++] = alts.length - long;
          }
          slot.alternatives = new IdTable(slot.firstWords, offsets);
          slot.laidOut = laidOut;
        }
      }
    });
    // The alternatives as lists were for building: matching reads them laid out. Let go of them (some 5,000
    // small arrays a classifier would keep for as long as it lives).
    parsed.forEach((slot) => {
      slot.byFirst = NO_ALTERNATIVES;
      slot.firstWords = NO_FIRST_WORDS;
    });
  }

  private idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.vocabulary.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  private parseSlot(s: string | number): Slot {
    if (typeof s === 'number')
      return {
        gap: s,
        optional: false,
        byFirst: NO_ALTERNATIVES,
        firstWords: NO_FIRST_WORDS,
        longest: 0,
        alternatives: NO_IDS,
        laidOut: NOTHING_LAID_OUT,
        firsts: NO_WORDS,
      };
    const optional = s.startsWith('?');
    const slot: Slot = {
      gap: -1,
      optional,
      byFirst: new Map(),
      firstWords: [],
      longest: 0,
      alternatives: NO_IDS,
      laidOut: NOTHING_LAID_OUT,
      firsts: NO_WORDS,
    };
    const body = optional ? s.slice(1) : s;
    // Words are split at white space; a slot written as the lexicon writes them (words of printable ASCII
    // with one space between them) is split at each space, without a regular expression per alternative.
    const plain = PLAIN_SLOT.test(body);
    const texts = body.split('|');
    for (let i = 0; i < texts.length; i++) {
      const alt = (plain ? texts[i]!.split(' ') : texts[i]!.trim().split(/\s+/)).map((w) => this.idOf(w));
      const list = slot.byFirst.get(alt[0]!);
      if (list === undefined) {
        slot.byFirst.set(alt[0]!, [alt]);
        slot.firstWords.push(alt[0]!);
      } else {
        // Longest alternative first, so "am going to" is tried before "am"; of the same length, as written.
        let k = list.length;
        list.push(alt);
        for (; k > 0 && list[k - 1]!.length < alt.length; k--) list[k] = list[k - 1]!;
        list[k] = alt;
      }
      if (alt.length > slot.longest) slot.longest = alt.length;
    }
    return slot;
  }

  /** Vocabulary ids of the words that can begin a template (a scanner looks for these). */
  startWords(): number[] {
    const ids: number[] = [];
    this.byFirstWord.forEach((list, id) => {
      if (list) ids.push(id);
    });
    return ids;
  }

  /**
   * The words one of which must follow start word `id` for any template to match there (the second
   * words of its first-slot alternatives, when none is the word alone), or undefined.
   */
  secondWordsOf(id: number): ReadonlySet<number> | undefined {
    return this.secondWords[id];
  }

  /**
   * The words of which one must stand within `reach` tokens after start word `id` for any template to match
   * there (see laterWords), or undefined when the start word has no such test: as the union of `sets`, bit
   * sets by word id that start words share (the same array object for the same set), so that a reader can
   * work out what it needs of a set once rather than once per start word (a scanner's prepare read some
   * 16,000 pairs of a start word and a later word, where the distinct sets hold some 1,200 words).
   */
  laterWordsOf(id: number): { sets: readonly Int32Array[]; reach: number } | undefined {
    const sets = this.laterSets[id];
    return sets === undefined ? undefined : { sets, reach: this.reach[id]! };
  }

  /** Calls `onMatch` for every template match (the first match of each template at each start token). */
  scan(tokens: Tokens, onMatch: (m: TemplateMatch) => void): void {
    const ids = tokens.ids;
    const n = tokens.count;
    const source = new ArraySource(tokens);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id < 0 || this.byFirstWord[id] === undefined) continue;
      source.base = i;
      this.matchAt(source, (spec, last) => onMatch({ spec, first: i, last: i + last }));
    }
  }

  /**
   * Runs the templates that can begin with token 0 of `tokens` (a window around one start word; see
   * TokenSource) and calls `onMatch(spec, last)` for each match, `last` the exclusive end token.
   */
  matchAt(tokens: TokenSource, onMatch: (spec: TemplateSpec, last: number) => void): void {
    const first = tokens.id(0);
    const candidates = this.byFirstWord[first];
    if (!candidates) return;
    // Same answers, sooner: no alternative of the first slot can match without its second word.
    const second = this.secondBits[first];
    if (second !== undefined && !hasWord(second, tokens.id(1))) return;
    const later = this.laterWords[first];
    if (later !== undefined) {
      let possible = false;
      for (let k = 1, reach = this.reach[first]!; k <= reach; k++) {
        const id = tokens.id(k);
        if (id === NO_TOKEN) break;
        if (hasWord(later, id)) {
          possible = true;
          break;
        }
      }
      if (!possible) return;
    }
    // Whether an imperative template may start here: the same for every candidate, looked up once (0: not yet).
    let imperativeHere = 0;
    for (let c = 0; c < candidates.length; c++) {
      const t = candidates[c]!;
      // Likewise per candidate: one with no word of its own required slot within its own reach cannot match
      // (on documents most start words were tried against templates whose words never came).
      if (later !== undefined && !requiredWithin(t, tokens)) continue;
      const end = matchFrom(t.slots, 0, tokens, 0);
      if (end < 0) continue;
      // Asked after the words matched, not before: the same answer (both must hold, and reading tokens has no
      // effect on what they are), but the tokens before the start (clauseStart, id(-1)) cost a backward read,
      // and the words after a start word seldom match (a harm verb in a document: "end", "run", "cut").
      if (t.spec.imperative) {
        if (imperativeHere === 0)
          imperativeHere = tokens.clauseStart() || hasWord(this.imperativeLeads, tokens.id(-1)) ? 1 : -1;
        if (imperativeHere < 0) continue;
      }
      if (t.spec.negatable && this.negated(tokens, end)) continue;
      onMatch(t.spec, end);
    }
  }

  /**
   * A negator inside the match. One before it, in its clause, is the caller's to read (negatedInClause in
   * safety-clauses.ts: the clause may reach further back than the tokens read here).
   */
  private negated(tokens: TokenSource, last: number): boolean {
    for (let k = 0; k < last; k++) if (hasWord(this.negators, tokens.id(k))) return true;
    return false;
  }
}

/** Token arrays seen from one start token (the whole-text form of TokenSource). */
class ArraySource implements TokenSource {
  base = 0;
  constructor(private readonly tokens: Tokens) {}

  id(k: number): number {
    const at = this.base + k;
    return at >= 0 && at < this.tokens.count ? this.tokens.ids[at]! : NO_TOKEN;
  }

  clauseStart(): boolean {
    return this.tokens.clauseStart[this.base] === 1;
  }
}

/** Whether a word of template `t`'s required slot stands within its reach after the start token. */
function requiredWithin(t: CompiledTemplate, tokens: TokenSource): boolean {
  for (let k = 1; k <= t.furthest; k++) {
    const id = tokens.id(k);
    if (id === NO_TOKEN) return false;
    if (hasWord(t.requiredWords, id)) return true;
  }
  return false;
}

/** Whether word `id` has its bit in `bits` (false for the negative ids of other words and of no token). */
function hasWord(bits: Int32Array, id: number): boolean {
  return id >= 0 && (bits[id >>> 5]! & (1 << (id & 31))) !== 0;
}

/** Whether the tokens from `at` are the `length` words laidOut[from, from + length). */
function altMatches(laidOut: Int32Array, from: number, length: number, tokens: TokenSource, at: number): boolean {
  for (let k = 0; k < length; k++) if (tokens.id(at + k) !== laidOut[from + k]) return false;
  return true;
}

/**
 * End token (exclusive) of a match of slots[k..] starting at token `at`, or -1. Gaps are bounded. A token
 * past the end of the text reads as NO_TOKEN, which equals no word; a gap never reaches past the last token.
 */
function matchFrom(slots: readonly Slot[], k: number, tokens: TokenSource, at: number): number {
  if (k === slots.length) return at;
  const slot = slots[k]!;
  if (slot.gap >= 0) {
    for (let g = 0; g <= slot.gap && (g === 0 || tokens.id(at + g - 1) !== NO_TOKEN); g++) {
      const end = matchFrom(slots, k + 1, tokens, at + g);
      if (end >= 0) return end;
    }
    return -1;
  }
  // Ids of words outside the vocabulary (-1) and past the text (NO_TOKEN) are negative: no alternatives.
  // The alternatives of the word in byFirst's order (see Slot.alternatives): those of two words or more whose
  // second word is the next token, then the word alone (several one-word alternatives would each try the
  // same rest: once is the same answer).
  const id = tokens.id(at);
  if (hasWord(slot.firsts, id)) {
    const laidOut = slot.laidOut;
    let p = slot.alternatives.get(id, 0);
    const longCount = laidOut[p++]!;
    if (longCount > 0) {
      const next = tokens.id(at + 1);
      for (let a = 0; a < longCount; a++) {
        const length = laidOut[p]!;
        if (laidOut[p + 2] === next && altMatches(laidOut, p + 1, length, tokens, at)) {
          const end = matchFrom(slots, k + 1, tokens, at + length);
          if (end >= 0) return end;
        }
        p += 1 + length;
      }
    }
    if (laidOut[p]! > 0) {
      const end = matchFrom(slots, k + 1, tokens, at + 1);
      if (end >= 0) return end;
    }
  }
  return slot.optional ? matchFrom(slots, k + 1, tokens, at) : -1;
}
