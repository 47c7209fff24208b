/**
 * Word templates of the safety classifier: intent and target structure over word tokens ("i will" +
 * up to two words + a harm verb; "you" + up to three words + an insult). A template is a list of slots,
 * compiled once; matching starts only at tokens that can begin a template (a map lookup per token), and
 * every gap is bounded, so the cost is linear in the number of words.
 *
 * Slot syntax (data in safety-lexicon.ts): a string of alternatives separated by "|", each one or more
 * words ("am going to"); a word ending in "*" matches as a prefix ("exterminat*"); a leading "?" makes the
 * slot optional; a number N is a gap of 0..N arbitrary words. The first slot must be plain words.
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

interface Word {
  text: string;
  prefix: boolean;
}

/**
 * A word slot: alternatives grouped by their exact first word (one map lookup per token), plus the few
 * whose first word is a prefix.
 */
interface WordSlot {
  optional: boolean;
  byFirst: Map<string, Word[][]>;
  prefixed: Word[][];
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

const NEGATORS = new Set([
  'not', 'never', 'no', "don't", 'dont', "won't", 'wont', "wouldn't", 'wouldnt', "didn't", 'didnt', "doesn't", 'doesnt',
  "shouldn't", 'shouldnt', "can't", 'cant', 'cannot', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt', 'nor',
]);

const IMPERATIVE_LEADS = new Set(['just', 'go', 'so', 'and', 'then', 'please', "let's", 'lets', 'gotta', 'should', 'must', 'we', 'y\'all', 'yall']);

function parseSlot(s: string | number): Slot {
  if (typeof s === 'number') return { gap: s };
  const optional = s.startsWith('?');
  const body = optional ? s.slice(1) : s;
  const slot: WordSlot = { optional, byFirst: new Map(), prefixed: [] };
  for (const text of body.split('|')) {
    const alt = text
      .trim()
      .split(/\s+/)
      .map((w) => (w.endsWith('*') ? { text: w.slice(0, -1), prefix: true } : { text: w, prefix: false }));
    if (alt[0]!.prefix) slot.prefixed.push(alt);
    else {
      const list = slot.byFirst.get(alt[0]!.text) ?? [];
      list.push(alt);
      slot.byFirst.set(alt[0]!.text, list);
    }
  }
  // Longest alternative first, so "am going to" is tried before "am".
  for (const list of slot.byFirst.values()) list.sort((a, b) => b.length - a.length);
  return slot;
}

/** Compiled templates, indexed by the words that can begin them. */
export class TemplateMatcher {
  private readonly byFirstWord = new Map<string, CompiledTemplate[]>();
  /** Every word any template names: the tokens the matcher needs to see (others may be blank). */
  readonly vocabulary = new Set<string>();

  constructor(specs: readonly TemplateSpec[]) {
    for (const w of NEGATORS) this.vocabulary.add(w);
    for (const w of IMPERATIVE_LEADS) this.vocabulary.add(w);
    for (const spec of specs) {
      const slots = spec.slots.map(parseSlot);
      const first = slots[0];
      if (!first || 'gap' in first || first.optional || first.prefixed.length > 0) {
        throw new Error(`safety template ${spec.id}: the first slot must be plain words`);
      }
      const compiled: CompiledTemplate = { spec, slots };
      for (const slot of slots) {
        if ('gap' in slot) continue;
        if (slot.prefixed.length > 0) throw new Error(`safety template ${spec.id}: prefix words are not supported`);
        for (const list of slot.byFirst.values()) for (const alt of list) for (const w of alt) this.vocabulary.add(w.text);
      }
      for (const h of first.byFirst.keys()) {
        const list = this.byFirstWord.get(h) ?? [];
        list.push(compiled);
        this.byFirstWord.set(h, list);
      }
    }
  }

  /** Calls `onMatch` for every template match (the first match of each template at each start token). */
  scan(tokens: Tokens, onMatch: (m: TemplateMatch) => void): void {
    const words = tokens.words;
    for (let i = 0; i < words.length; i++) {
      if (words[i] === '') continue;
      const candidates = this.byFirstWord.get(words[i]!);
      if (!candidates) continue;
      for (const t of candidates) {
        if (t.spec.imperative && !tokens.clauseStart[i] && !IMPERATIVE_LEADS.has(words[i - 1] ?? '')) continue;
        const end = matchFrom(t.slots, 0, words, i);
        if (end < 0) continue;
        if (t.spec.negatable && negated(words, i, end)) continue;
        onMatch({ spec: t.spec, first: i, last: end });
      }
    }
  }
}

function negated(words: readonly string[], first: number, last: number): boolean {
  for (let k = Math.max(0, first - 2); k < last; k++) if (NEGATORS.has(words[k]!)) return true;
  return false;
}

const NONE: Word[][] = [];

function altMatches(alt: readonly Word[], words: readonly string[], at: number): boolean {
  if (at + alt.length > words.length) return false;
  for (let k = 0; k < alt.length; k++) {
    const w = alt[k]!;
    const token = words[at + k]!;
    if (w.prefix ? !token.startsWith(w.text) : token !== w.text) return false;
  }
  return true;
}

/** End token (exclusive) of a match of slots[k..] starting at token `at`, or -1. Gaps are bounded. */
function matchFrom(slots: readonly Slot[], k: number, words: readonly string[], at: number): number {
  if (k === slots.length) return at;
  const slot = slots[k]!;
  if ('gap' in slot) {
    for (let g = 0; g <= slot.gap && at + g <= words.length; g++) {
      const end = matchFrom(slots, k + 1, words, at + g);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (at < words.length) {
    for (const alt of slot.byFirst.get(words[at]!) ?? NONE) {
      if (!altMatches(alt, words, at)) continue;
      const end = matchFrom(slots, k + 1, words, at + alt.length);
      if (end >= 0) return end;
    }
    for (const alt of slot.prefixed) {
      if (!altMatches(alt, words, at)) continue;
      const end = matchFrom(slots, k + 1, words, at + alt.length);
      if (end >= 0) return end;
    }
  }
  return slot.optional ? matchFrom(slots, k + 1, words, at) : -1;
}
