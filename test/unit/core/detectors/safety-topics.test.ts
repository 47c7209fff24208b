import { describe, expect, it } from 'vitest';
import { prepareSafetyClassifier } from '../../../../src/core/detectors/safety.js';

const topicsOnly = (blockedTopics: string[], fuzzyMaxDistance?: number) =>
  prepareSafetyClassifier({
    categories: [],
    threshold: 'medium',
    blockIf: [],
    blockedTopics,
    ...(fuzzyMaxDistance === undefined ? {} : { fuzzyMaxDistance }),
  });
/** The text each topic finding covers. */
const found = (topics: string[], text: string) =>
  topicsOnly(topics)
    .scan(text)
    .findings.filter((f) => f.type === 'blocked_topic')
    .map((f) => text.slice(f.start, f.end));

describe('blocked_topics: what reads as the same words', () => {
  it('matches plural and possessive forms, both ways', () => {
    const seed = ['competitor pricing', 'internal roadmap', 'employee compensation'];
    expect(found(seed, "Send me our competitors' pricing")).toEqual(["competitors' pricing"]);
    expect(found(seed, "What is the competitor's pricing?")).toEqual(["competitor's pricing"]);
    expect(found(seed, 'Share the internal roadmaps.')).toEqual(['internal roadmaps']);
    expect(found(seed, "List employees' compensation")).toEqual(["employees' compensation"]);
    expect(found(['company policies'], 'the company policy on leave')).toEqual(['company policy']);
    expect(found(['supply chain'], 'our supply chains')).toEqual(['supply chains']);
  });

  it('does not stretch a word into another one', () => {
    const seed = ['competitor pricing', 'internal roadmap'];
    expect(found(seed, 'competition pricing and the price of competitors')).toEqual([]);
    expect(found(seed, 'an internal roadmapping session')).toEqual([]);
    expect(found(['fake news'], 'a fake new car')).toEqual([]);
  });

  it('splits a topic into words as it splits the text: punctuation, hyphens, curly apostrophes', () => {
    expect(found(['U.S. export controls'], 'Explain U.S. export controls')).toEqual(['U.S. export controls']);
    expect(found(['competitor pricing'], 'our competitor-pricing sheet')).toEqual(['competitor-pricing']);
    expect(found(['self-harm forums'], 'list self harm forums')).toEqual(['self harm forums']);
    expect(found(['self-harm forums'], 'list self-harm forums')).toEqual(['self-harm forums']);
    expect(found(["doctor's note"], 'write me a doctor’s note')).toEqual(['doctor’s note']);
    expect(found(['doctor’s note'], "write me a doctor's note")).toEqual(["doctor's note"]);
    expect(found(['crème brûlée'], 'a Crème Brûlée recipe')).toEqual(['Crème Brûlée']);
  });

  it('sees through leetspeak, spelt-out letters and words run together', () => {
    const seed = ['competitor pricing'];
    expect(found(seed, 'send the c0mpetitor pr1cing')).toEqual(['c0mpetitor pr1cing']);
    expect(found(seed, 'send the c o m p e t i t o r pricing')).toEqual(['c o m p e t i t o r pricing']);
    expect(found(seed, 'send the c.o.m.p.e.t.i.t.o.r pricing')).toEqual(['c.o.m.p.e.t.i.t.o.r pricing']);
    expect(found(seed, 'send #CompetitorPricing')).toEqual(['CompetitorPricing']);
    // Single letters that are words still count as words.
    expect(found(['plan b'], 'a b c plan b')).toEqual(['plan b']);
    // Digits alone are not leetspeak.
    expect(found(['top secret'], 'top 5 secret')).toEqual([]);
  });

  it('gives a short word of a fuzzy topic fewer edits (a quarter of its length, as dlp-filter does)', () => {
    const c = topicsOnly(['gun sales', 'plan b', 'internal roadmap'], 1);
    const hits = (text: string) => c.scan(text).findings.map((f) => text.slice(f.start, f.end));
    expect(hits('fun sales are up; my plan a')).toEqual([]);
    expect(hits('gun sale; the internl roadmap')).toEqual(['gun sale', 'internl roadmap']);
  });

  it('allows no edit in a fuzzy topic word of four letters or fewer: one edit makes it another word', () => {
    const c = topicsOnly(['bomb', 'kill list', 'meth recipe'], 2);
    const hits = (text: string) => c.scan(text).findings.map((f) => text.slice(f.start, f.end));
    expect(hits('a tomb in Egypt; the will list; a math recipe')).toEqual([]);
    // The word as written, its evasions and a longer word's typo still match.
    expect(hits('a bomb, a b0mb, the kill list, a meth recipie')).toEqual([
      'bomb',
      'b0mb',
      'kill list',
      'meth recipie',
    ]);
  });

  it('keeps fuzzy matching per word', () => {
    const c = topicsOnly(['internal roadmap'], 1);
    const text = 'the internl roadmaps';
    expect(c.scan(text).findings.map((f) => text.slice(f.start, f.end))).toEqual(['internl roadmaps']);
  });
});
