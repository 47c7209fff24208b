/**
 * Evidence of long texts for the safety classifier (safety.ts), window by window: see EVIDENCE_WINDOW.
 */
import { SAFETY_CATEGORIES, type SafetyCategory } from './safety-lexicon.js';
import { grownInt32 } from './typed-arrays.js';

/**
 * Cues and templates count within windows of this many units of the matching view: the evidence of a text
 * longer than that is the largest evidence of any window (repeats counted per window), so that weak cues
 * from unrelated sections of a long document ("kill your app" in one, "executed from the root directory"
 * in another) do not add up, while one violent paragraph among technical text still counts in full. A text
 * no longer than a window is scored as a whole, as before.
 */
export const EVIDENCE_WINDOW = 2048;

const CATEGORY_INDEX = new Map(SAFETY_CATEGORIES.map((c, i) => [c, i]));
const SEXUAL_INDEX = CATEGORY_INDEX.get('sexual_content')!;
const HARASSMENT_INDEX = CATEGORY_INDEX.get('harassment')!;

/**
 * Evidence of a text longer than EVIDENCE_WINDOW, window by window. The cues and templates a scan finds are
 * kept as events (position, key: a cue term or a template, numbered when the classifier is prepared); one
 * pass over them in text order moves a window of EVIDENCE_WINDOW units with two pointers, keeping each
 * key's count inside it and each category's evidence (per key, its weight times repeatFactor(1) + ... +
 * repeatFactor(count)): an event entering or leaving costs a constant, so a hostile megabyte full of cues
 * stays linear. The same rules as the whole-text sum: harassment words count half where the window's
 * sexual evidence reads as explicit, templates in full, and the terms that need company (names of groups)
 * count only in a window that holds other evidence of their category.
 */
export class WindowEvidence {
  private readonly wanted: Uint8Array;
  /** Per key: the categories (indexes) it counts for and its weight in each; whether it is a template. */
  private readonly keyCats: number[][] = [];
  private readonly keyWeights: number[][] = [];
  /** Per key and category (as keyCats): whether the evidence is topical (lowered by a register). */
  private readonly keyTopical: boolean[][] = [];
  /** Per key and category (as keyCats): whether the evidence needs company; per key, the categories it is company for. */
  private readonly keyNamed: boolean[][] = [];
  private readonly keyCompany: number[] = [];
  /** Per category: the factor of topical evidence in this text (setTopicalFactor; 1 by default). */
  private readonly topicalFactor = new Float64Array(SAFETY_CATEGORIES.length).fill(1);
  private readonly keyTemplate: boolean[] = [];
  private counts = new Int32Array(0);
  // Events as found: cues in text order, then templates in text order (merged by score()); typed arrays
  // kept from text to text (a hostile megabyte of cue words is 200k events).
  private readonly cues = new Events();
  /** Indexes of the cues dropCuesWithin keeps (slurs): few, so a set. */
  private readonly pinned = new Set<number>();
  private readonly templates = new Events();
  /** The merged events (the cues' own list when there is no template). */
  private events = new Events();
  /** Categories (bits by index) whose window evidence changed since score() last compared it with the best. */
  private dirty = 0;
  private readonly evidence = new Float64Array(SAFETY_CATEGORIES.length);
  /** Per category, in the window: the evidence that needs company, and how many events are company. */
  private readonly namedEvidence = new Float64Array(SAFETY_CATEGORIES.length);
  private readonly companyCount = new Int32Array(SAFETY_CATEGORIES.length);
  private harassmentWords = 0;
  private sexual = 0;
  private readonly bestEvidence = new Float64Array(SAFETY_CATEGORIES.length);
  private readonly bestFrom = new Int32Array(SAFETY_CATEGORIES.length);
  private readonly bestTo = new Int32Array(SAFETY_CATEGORIES.length);

  /**
   * `wanted`: the categories scored. `repeatFactor(k)`: the evidence share of a key's k-th occurrence.
   * `explicitRegister`: sexual evidence from which harassment words count half.
   */
  constructor(
    wanted: ReadonlySet<SafetyCategory>,
    private readonly repeatFactor: (count: number) => number,
    private readonly explicitRegister: number,
  ) {
    this.wanted = Uint8Array.from(SAFETY_CATEGORIES, (c) => (wanted.has(c) ? 1 : 0));
  }

  /** Numbers a new key (a cue term, or a template when `template`); its weights come with addWeight. */
  newKey(template: boolean): number {
    this.keyCats.push([]);
    this.keyWeights.push([]);
    this.keyTopical.push([]);
    this.keyNamed.push([]);
    this.keyCompany.push(0);
    this.keyTemplate.push(template);
    return this.keyCats.length - 1;
  }

  /**
   * The key counts `weight` (fitted scale applied) for `category`; `topical`: that evidence names the harm
   * as a topic and counts at the category's topical factor (setTopicalFactor); `needsCompany`: it counts only
   * in a window that holds company for the category (setCompany).
   */
  addWeight(key: number, category: SafetyCategory, weight: number, topical = false, needsCompany = false): void {
    const cat = CATEGORY_INDEX.get(category)!;
    // A key's first weight makes its arrays (of one: an array pushed to from empty takes room for sixteen, and
    // most keys have one weight; a classifier has some 1,500 keys, made when a policy is prepared).
    if (this.keyCats[key]!.length === 0) {
      this.keyCats[key] = [cat];
      this.keyWeights[key] = [weight];
      this.keyTopical[key] = [topical];
      this.keyNamed[key] = [needsCompany];
      return;
    }
    this.keyCats[key]!.push(cat);
    this.keyWeights[key]!.push(weight);
    this.keyTopical[key]!.push(topical);
    this.keyNamed[key]!.push(needsCompany);
  }

  /** The key vouches for the terms that need company of these categories (bits by SAFETY_CATEGORIES index). */
  setCompany(key: number, categoryBits: number): void {
    this.keyCompany[key] = categoryBits;
  }

  /** The factor of the category's topical evidence in the text being scored (the register; see safety-context.ts). */
  setTopicalFactor(category: SafetyCategory, factor: number): void {
    this.topicalFactor[CATEGORY_INDEX.get(category)!] = factor;
  }

  /** Starts a text: forgets the events of the previous one. */
  reset(): void {
    this.topicalFactor.fill(1);
    this.cues.clear();
    if (this.pinned.size > 0) this.pinned.clear();
    if (this.events !== this.cues) this.events.clear();
    this.templates.clear();
  }

  /**
   * A cue found at [start, end) of the view (cues come in text order); `pinned` when dropCuesWithin must
   * keep it (a slur counts even inside a refuted claim).
   */
  addCue(key: number, start: number, end: number, pinned = false): void {
    this.cues.add(start, end, key);
    if (pinned) this.pinned.add(this.cues.count - 1);
  }

  /**
   * Forgets the cues that start inside one of `spans` (start, end pairs of the view, ascending), but for
   * pinned ones: the words of a claim quoted to be refuted (safety-refutation.ts), found only once the
   * claim's template matched, after its words were added. One pass over the cues, so a long text with a
   * refuted claim is not scanned a second time.
   */
  dropCuesWithin(spans: readonly number[]): void {
    const cues = this.cues;
    let kept = 0;
    let s = 0;
    for (let i = 0; i < cues.count; i++) {
      const start = cues.starts[i]!;
      while (s < spans.length && spans[s + 1]! <= start) s += 2;
      if (s < spans.length && spans[s]! <= start && !this.pinned.has(i)) continue;
      cues.starts[kept] = start;
      cues.ends[kept] = cues.ends[i]!;
      cues.keys[kept++] = cues.keys[i]!;
    }
    cues.count = kept;
    this.pinned.clear();
  }

  /** A template match at [start, end) (template matches come in text order, after the cues). */
  addTemplate(key: number, start: number, end: number): void {
    this.templates.add(start, end, key);
  }

  /** Finds each category's strongest window (best, spans). */
  score(): void {
    const { evidence, namedEvidence, companyCount, bestEvidence, bestFrom, bestTo, wanted } = this;
    // Merge the two event lists by position (a cue before a template at the same position).
    const cues = this.cues;
    const templates = this.templates;
    if (templates.count === 0) this.events = cues;
    else {
      if (this.events === cues) this.events = new Events();
      const merged = this.events;
      merged.clear();
      let c = 0;
      let t = 0;
      while (c < cues.count || t < templates.count) {
        if (t >= templates.count || (c < cues.count && cues.starts[c]! <= templates.starts[t]!)) {
          merged.add(cues.starts[c]!, cues.ends[c]!, cues.keys[c]!);
          c++;
        } else {
          merged.add(templates.starts[t]!, templates.ends[t]!, templates.keys[t]!);
          t++;
        }
      }
    }
    const { starts, keys, count } = this.events;
    if (this.counts.length !== this.keyCats.length) this.counts = new Int32Array(this.keyCats.length);
    this.counts.fill(0);
    evidence.fill(0);
    this.namedEvidence.fill(0);
    this.companyCount.fill(0);
    bestEvidence.fill(0);
    bestFrom.fill(-1);
    bestTo.fill(-1);
    this.harassmentWords = 0;
    this.sexual = 0;
    this.dirty = 0;
    let from = 0;
    for (let to = 0; to < count; to++) {
      this.move(keys[to]!, 1);
      while (starts[to]! - starts[from]! > EVIDENCE_WINDOW) this.move(keys[from++]!, -1);
      // Only the categories whose evidence the moves changed can have a new best: the others were compared
      // with their best after their last change (a megabyte of one cue word changes one or two per event).
      const dirty = this.dirty;
      if (dirty === 0) continue;
      this.dirty = 0;
      for (let k = 0; k < evidence.length; k++) {
        if (wanted[k] === 0 || (dirty & (1 << k)) === 0) continue;
        const e =
          k === HARASSMENT_INDEX
            ? evidence[k]! + this.harassmentWords * (this.sexual >= this.explicitRegister ? 0.5 : 1)
            : companyCount[k]! > 0
              ? evidence[k]! + namedEvidence[k]!
              : evidence[k]!;
        if (e > bestEvidence[k]!) {
          bestEvidence[k] = e;
          bestFrom[k] = from;
          bestTo[k] = to;
        }
      }
    }
  }

  /** The evidence of the category's strongest window (0 when it has none). */
  best(category: SafetyCategory): number {
    return this.bestEvidence[CATEGORY_INDEX.get(category)!]!;
  }

  /** Spans of the category's cues, then templates, in its strongest window: at most `max`. */
  spans(category: SafetyCategory, max: number): Array<[number, number]> {
    const k = CATEGORY_INDEX.get(category)!;
    const out: Array<[number, number]> = [];
    const { starts, ends, keys } = this.events;
    for (const templates of [false, true]) {
      for (let i = this.bestFrom[k]!; i >= 0 && i <= this.bestTo[k]! && out.length < max; i++) {
        const key = keys[i]!;
        if (this.keyTemplate[key] === templates && this.keyCats[key]!.includes(k)) out.push([starts[i]!, ends[i]!]);
      }
    }
    return out;
  }

  /** An event of `key` enters (direction 1) or leaves (-1) the window. */
  private move(key: number, direction: 1 | -1): void {
    const count = this.counts[key]!;
    // Entering: the occurrence count + 1 adds its share; leaving: the last one counted takes its share back.
    const share = direction * this.repeatFactor(direction === 1 ? count + 1 : count);
    this.counts[key] = count + direction;
    const cats = this.keyCats[key]!;
    const weights = this.keyWeights[key]!;
    const topical = this.keyTopical[key]!;
    const template = this.keyTemplate[key]!;
    const named = this.keyNamed[key]!;
    const companyBits = this.keyCompany[key]!;
    if (companyBits !== 0) {
      for (let cat = 0; cat < SAFETY_CATEGORIES.length; cat++)
        if ((companyBits & (1 << cat)) !== 0) this.companyCount[cat] = this.companyCount[cat]! + direction;
      this.dirty |= companyBits;
    }
    for (let j = 0; j < cats.length; j++) {
      const cat = cats[j]!;
      const x = weights[j]! * share;
      // Sexual evidence decides how harassment words count.
      if (!template && cat === SEXUAL_INDEX) {
        this.sexual += x;
        this.dirty |= 1 << HARASSMENT_INDEX;
      }
      if (this.wanted[cat] === 0) continue;
      this.dirty |= 1 << cat;
      if (!template && cat === HARASSMENT_INDEX) this.harassmentWords += x;
      else if (named[j])
        this.namedEvidence[cat] = this.namedEvidence[cat]! + (topical[j] ? x * this.topicalFactor[cat]! : x);
      else this.evidence[cat] = this.evidence[cat]! + (topical[j] ? x * this.topicalFactor[cat]! : x);
    }
  }
}

/** Events (start, end, key) in three typed arrays that grow as needed and are kept for the next text. */
class Events {
  starts: Int32Array = new Int32Array(256);
  ends: Int32Array = new Int32Array(256);
  keys: Int32Array = new Int32Array(256);
  count = 0;

  add(start: number, end: number, key: number): void {
    if (this.count === this.starts.length) {
      this.starts = grownInt32(this.starts);
      this.ends = grownInt32(this.ends);
      this.keys = grownInt32(this.keys);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.keys[this.count++] = key;
  }

  /** Forgets the events; a list grown past 64k events is given back (a megabyte does not stay allocated). */
  clear(): void {
    this.count = 0;
    if (this.starts.length > 1 << 16) {
      this.starts = new Int32Array(256);
      this.ends = new Int32Array(256);
      this.keys = new Int32Array(256);
    }
  }
}
