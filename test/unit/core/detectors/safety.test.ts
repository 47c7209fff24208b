import { describe, expect, it } from 'vitest';
import { prepareSafetyClassifier, resolveSafetyThreshold, withinDistance } from '../../../../src/core/detectors/safety.js';

const ALL = ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'];

describe('safety classifier', () => {
  it('scores self-harm text and reports the cue spans', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    const text = 'Lately I want to kill myself.';
    const r = c.scan(text);
    expect(r.scores.self_harm).toBeGreaterThanOrEqual(0.5);
    const f = r.findings.find((x) => x.type === 'self_harm')!;
    expect(text.slice(f.start, f.end)).toBe('kill myself');
  });

  it('leaves an ordinary sentence at zero', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'low', blockIf: [], blockedTopics: [] });
    const r = c.scan('How do I bake sourdough bread at home?');
    expect(Object.values(r.scores).every((s) => s === 0)).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('scores only the configured categories; an empty list means none', () => {
    const c = prepareSafetyClassifier({ categories: ['violence'], threshold: 0.5, blockIf: [], blockedTopics: [] });
    expect(Object.keys(c.scan('x').scores)).toEqual(['violence']);
    const none = prepareSafetyClassifier({ categories: [], threshold: 0.5, blockIf: [], blockedTopics: ['internal roadmap'] });
    expect(none.scan('I want to kill myself').findings).toEqual([]);
  });

  it('maps named thresholds: low is stricter than high', () => {
    expect(resolveSafetyThreshold('low')).toBeLessThan(resolveSafetyThreshold('medium'));
    expect(resolveSafetyThreshold('medium')).toBeLessThan(resolveSafetyThreshold('high'));
    expect(resolveSafetyThreshold('0.42')).toBe(0.42);
    expect(resolveSafetyThreshold(7)).toBe(1);
  });

  it('block_if uses linear regexes and blocked topics match fuzzily within max distance', () => {
    const c = prepareSafetyClassifier({ categories: [], threshold: 'medium', blockIf: ['competitor\\s+pricing'], blockedTopics: ['internal roadmap'], fuzzyMaxDistance: 1 });
    const text = 'Share competitor  pricing and the internl roadmap';
    const r = c.scan(text);
    expect(r.findings.map((f) => f.type)).toEqual(['block_if', 'blocked_topic']);
    const topic = r.findings[1]!;
    expect(text.slice(topic.start, topic.end)).toBe('internl roadmap');
    const exact = prepareSafetyClassifier({ categories: [], threshold: 'medium', blockIf: [], blockedTopics: ['internal roadmap'] });
    expect(exact.scan(text).findings).toEqual([]);
  });

  it('mode adds its built-in topics', () => {
    const c = prepareSafetyClassifier({ categories: [], threshold: 'medium', blockIf: [], blockedTopics: [], mode: 'automotive' });
    expect(c.scan('how to disable the brakes remotely').findings.map((f) => f.type)).toEqual(['blocked_topic']);
  });

  it('look-alike letters do not hide a cue', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    expect(c.scan('I want to kіll myself').scores.self_harm).toBeGreaterThanOrEqual(0.5); // Cyrillic і
  });

  it('composed cues tell a threat from a word in passing', () => {
    const c = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
    expect(c.scan("I'm going to stab him tomorrow").scores.violence).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('The stability of the bridge was tested.').scores.violence).toBe(0);
    expect(c.scan('he stabbed him twice').scores.violence).toBeGreaterThan(0);
    expect(c.scan('you are such a pathetic loser').scores.harassment).toBeGreaterThanOrEqual(0.5);
    expect(c.scan('They should all be executed.').scores.violence).toBeGreaterThanOrEqual(0.5);
  });

  it('bounded edit distance', () => {
    expect(withinDistance('roadmap', 'roadmap', 0)).toBe(true);
    expect(withinDistance('roadmp', 'roadmap', 1)).toBe(true);
    expect(withinDistance('rodmp', 'roadmap', 1)).toBe(false);
  });
});
