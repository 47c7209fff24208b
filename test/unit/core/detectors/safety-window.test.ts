import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_WINDOW, WindowEvidence } from '../../../../src/core/detectors/safety-window.js';
import { SAFETY_CATEGORIES, type SafetyCategory } from '../../../../src/core/detectors/safety-lexicon.js';

const repeatFactor = (count: number): number => (count === 1 ? 1 : 0.25 / (count - 1));
const EXPLICIT = 1.2;

interface KeySpec {
  template: boolean;
  weights: Array<{ cat: number; weight: number; topical: boolean; named: boolean }>;
  company: number;
}

/**
 * The window scoring as first written: after each event enters (and the old ones leave), every wanted
 * category's evidence is compared with its best.
 */
function reference(
  keys: KeySpec[],
  wanted: Set<number>,
  topicalFactor: number[],
  events: Array<[number, number, number]>,
): { best: number[]; spans: Array<Array<[number, number]>> } {
  const H = SAFETY_CATEGORIES.indexOf('harassment');
  const S = SAFETY_CATEGORIES.indexOf('sexual_content');
  const n = SAFETY_CATEGORIES.length;
  const counts = new Array<number>(keys.length).fill(0);
  const evidence = new Array<number>(n).fill(0);
  const named = new Array<number>(n).fill(0);
  const company = new Array<number>(n).fill(0);
  const best = new Array<number>(n).fill(0);
  const bestFrom = new Array<number>(n).fill(-1);
  const bestTo = new Array<number>(n).fill(-1);
  let harassmentWords = 0;
  let sexual = 0;
  const move = (key: number, direction: 1 | -1): void => {
    const count = counts[key]!;
    const share = direction * repeatFactor(direction === 1 ? count + 1 : count);
    counts[key] = count + direction;
    const k = keys[key]!;
    for (let cat = 0; cat < n; cat++) if ((k.company & (1 << cat)) !== 0) company[cat]! += direction;
    for (const w of k.weights) {
      const x = w.weight * share;
      if (!k.template && w.cat === S) sexual += x;
      if (!wanted.has(w.cat)) continue;
      if (!k.template && w.cat === H) harassmentWords += x;
      else if (w.named) named[w.cat]! += w.topical ? x * topicalFactor[w.cat]! : x;
      else evidence[w.cat]! += w.topical ? x * topicalFactor[w.cat]! : x;
    }
  };
  let from = 0;
  for (let to = 0; to < events.length; to++) {
    move(events[to]![2], 1);
    while (events[to]![0] - events[from]![0] > EVIDENCE_WINDOW) move(events[from++]![2], -1);
    for (let k = 0; k < n; k++) {
      if (!wanted.has(k)) continue;
      const e =
        k === H
          ? evidence[k]! + harassmentWords * (sexual >= EXPLICIT ? 0.5 : 1)
          : company[k]! > 0
            ? evidence[k]! + named[k]!
            : evidence[k]!;
      if (e > best[k]!) {
        best[k] = e;
        bestFrom[k] = from;
        bestTo[k] = to;
      }
    }
  }
  const spans = SAFETY_CATEGORIES.map((_c, k) => {
    const out: Array<[number, number]> = [];
    for (const templates of [false, true])
      for (let i = bestFrom[k]!; i >= 0 && i <= bestTo[k]! && out.length < 20; i++) {
        const key = keys[events[i]![2]]!;
        if (key.template === templates && key.weights.some((w) => w.cat === k))
          out.push([events[i]![0], events[i]![1]]);
      }
    return out;
  });
  return { best, spans };
}

const category = fc.nat(SAFETY_CATEGORIES.length - 1);
const keySpec: fc.Arbitrary<KeySpec> = fc.record({
  template: fc.boolean(),
  weights: fc.array(
    fc.record({
      cat: category,
      weight: fc.constantFrom(0, 0.1, 0.35, 0.6, 1, 1.7),
      topical: fc.boolean(),
      named: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  company: fc.nat(31),
});

describe('WindowEvidence', () => {
  it("scores each category's strongest window as comparing every category after every event does", () => {
    fc.assert(
      fc.property(
        fc.array(keySpec, { minLength: 1, maxLength: 6 }),
        fc.subarray([...SAFETY_CATEGORIES.keys()]),
        fc.array(fc.tuple(fc.nat(700), fc.nat(20), fc.nat(5)), { maxLength: 120 }),
        fc.array(fc.constantFrom(1, 0.5, 0.25), {
          minLength: SAFETY_CATEGORIES.length,
          maxLength: SAFETY_CATEGORIES.length,
        }),
        (keys, wantedIndexes, raw, factors) => {
          const wanted = new Set(wantedIndexes);
          const w = new WindowEvidence(
            new Set(wantedIndexes.map((i) => SAFETY_CATEGORIES[i]!)),
            repeatFactor,
            EXPLICIT,
          );
          for (const k of keys) {
            const key = w.newKey(k.template);
            for (const x of k.weights) w.addWeight(key, SAFETY_CATEGORIES[x.cat]!, x.weight, x.topical, x.named);
            w.setCompany(key, k.company);
          }
          // Cues in text order, then templates in text order (as the classifier adds them); positions step
          // by up to 700 units so that windows of EVIDENCE_WINDOW fill and drain.
          let at = 0;
          const cues: Array<[number, number, number]> = [];
          const templates: Array<[number, number, number]> = [];
          for (const [step, len, k] of raw) {
            at += step;
            const key = k % keys.length;
            (keys[key]!.template ? templates : cues).push([at, at + len, key]);
          }
          // A second text through the same instance: nothing of the first may remain.
          for (const round of [0, 1]) {
            w.reset();
            for (let c = 0; c < SAFETY_CATEGORIES.length; c++)
              if (wanted.has(c)) w.setTopicalFactor(SAFETY_CATEGORIES[c]!, factors[c]!);
            const events = round === 0 ? cues : cues.slice(0, cues.length >> 1);
            for (const [s, e, k] of events) w.addCue(k, s, e);
            for (const [s, e, k] of templates) w.addTemplate(k, s, e);
            const merged = [...events, ...templates]
              .map((x, i) => [x, i] as const)
              .sort(
                (a, b) =>
                  a[0][0] - b[0][0] || (a[1] < events.length ? 0 : 1) - (b[1] < events.length ? 0 : 1) || a[1] - b[1],
              )
              .map(([x]) => x);
            w.score();
            const want = reference(keys, wanted, factors, merged);
            for (let c = 0; c < SAFETY_CATEGORIES.length; c++) {
              if (!wanted.has(c)) continue;
              const cat = SAFETY_CATEGORIES[c] as SafetyCategory;
              expect(w.best(cat)).toBe(want.best[c]);
              expect(w.spans(cat, 20)).toEqual(want.spans[c]);
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('finds the window where harassment words count in full again once explicit sexual words have left it', () => {
    // Sexual words at 0 make the window explicit (harassment words count half); once they are out of the
    // window (an event 2,100 units on), the harassment word at 1,000 counts in full: the best window.
    const w = new WindowEvidence(new Set<SafetyCategory>(['harassment', 'violence']), repeatFactor, EXPLICIT);
    const sexual = w.newKey(false);
    w.addWeight(sexual, 'sexual_content', 1.7);
    const insult = w.newKey(false);
    w.addWeight(insult, 'harassment', 1);
    const other = w.newKey(false);
    w.addWeight(other, 'violence', 0.3);
    w.reset();
    w.addCue(sexual, 0, 4);
    w.addCue(insult, 1000, 1005);
    w.addCue(other, 2100, 2104);
    w.score();
    expect(w.best('harassment')).toBe(1);
    expect(w.spans('harassment', 20)).toEqual([[1000, 1005]]);
  });
});
