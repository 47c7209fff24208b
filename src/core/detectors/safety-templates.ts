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
import type { Tokens } from './safety-cues.js';
import type { SafetyCategory } from './safety-lexicon.js';

export interface TemplateSpec {
  id: string;
  category: SafetyCategory;
  weight: number;
  slots: ReadonlyArray<string | number>;
  /** A negation just before or inside the match cancels it ("i would never hurt you", "don't kill yourself"). */
  negatable?: boolean;
  /** The first word must start a clause or follow a word that leads an order ("just", "go", "so"). */
  imperative?: boolean;
}

/** A word slot: alternatives (as word ids) grouped by their first word, so one map read per token. */
interface WordSlot {
  optional: boolean;
  byFirst: Map<number, number[][]>;
}

type Slot = { gap: number } | WordSlot;

interface CompiledTemplate {
  spec: TemplateSpec;
  slots: Slot[];
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

/** Compiled templates, indexed by the words that can begin them. */
export class TemplateMatcher {
  /** Every word any template names, numbered by position: the token ids the scanner must produce. */
  readonly vocabulary: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly byFirstWord = new Map<number, CompiledTemplate[]>();
  private readonly negators: Set<number>;
  private readonly imperativeLeads: Set<number>;

  constructor(specs: readonly TemplateSpec[]) {
    this.negators = new Set(NEGATORS.map((w) => this.idOf(w)));
    this.imperativeLeads = new Set(IMPERATIVE_LEADS.map((w) => this.idOf(w)));
    for (const spec of specs) {
      const slots = spec.slots.map((s) => this.parseSlot(s));
      const first = slots[0];
      if (!first || 'gap' in first || first.optional)
        throw new Error(`safety template ${spec.id}: the first slot must be words`);
      const compiled: CompiledTemplate = { spec, slots };
      for (const h of first.byFirst.keys()) {
        const list = this.byFirstWord.get(h) ?? [];
        list.push(compiled);
        this.byFirstWord.set(h, list);
      }
    }
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
    if (typeof s === 'number') return { gap: s };
    const optional = s.startsWith('?');
    const slot: WordSlot = { optional, byFirst: new Map() };
    for (const text of (optional ? s.slice(1) : s).split('|')) {
      const alt = text
        .trim()
        .split(/\s+/)
        .map((w) => this.idOf(w));
      const list = slot.byFirst.get(alt[0]!) ?? [];
      list.push(alt);
      slot.byFirst.set(alt[0]!, list);
    }
    // Longest alternative first, so "am going to" is tried before "am".
    for (const list of slot.byFirst.values()) list.sort((a, b) => b.length - a.length);
    return slot;
  }

  /** Calls `onMatch` for every template match (the first match of each template at each start token). */
  scan(tokens: Tokens, onMatch: (m: TemplateMatch) => void): void {
    const ids = tokens.ids;
    const n = tokens.count;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id < 0) continue;
      const candidates = this.byFirstWord.get(id);
      if (!candidates) continue;
      for (const t of candidates) {
        if (t.spec.imperative && tokens.clauseStart[i] === 0 && !(i > 0 && this.imperativeLeads.has(ids[i - 1]!)))
          continue;
        const end = matchFrom(t.slots, 0, ids, n, i);
        if (end < 0) continue;
        if (t.spec.negatable && this.negated(ids, i, end)) continue;
        onMatch({ spec: t.spec, first: i, last: end });
      }
    }
  }

  private negated(ids: Int32Array, first: number, last: number): boolean {
    for (let k = Math.max(0, first - 2); k < last; k++) if (this.negators.has(ids[k]!)) return true;
    return false;
  }
}

function altMatches(alt: readonly number[], ids: Int32Array, n: number, at: number): boolean {
  if (at + alt.length > n) return false;
  for (let k = 0; k < alt.length; k++) if (ids[at + k] !== alt[k]) return false;
  return true;
}

/** End token (exclusive) of a match of slots[k..] starting at token `at`, or -1. Gaps are bounded. */
function matchFrom(slots: readonly Slot[], k: number, ids: Int32Array, n: number, at: number): number {
  if (k === slots.length) return at;
  const slot = slots[k]!;
  if ('gap' in slot) {
    for (let g = 0; g <= slot.gap && at + g <= n; g++) {
      const end = matchFrom(slots, k + 1, ids, n, at + g);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (at < n) {
    for (const alt of slot.byFirst.get(ids[at]!) ?? NONE) {
      if (!altMatches(alt, ids, n, at)) continue;
      const end = matchFrom(slots, k + 1, ids, n, at + alt.length);
      if (end >= 0) return end;
    }
  }
  return slot.optional ? matchFrom(slots, k + 1, ids, n, at) : -1;
}
