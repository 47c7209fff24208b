import { describe, expect, it } from 'vitest';
import { normalizePack, prepareChain } from '../../../../src/core/index.js';
import type { JsonObject, Payload } from '../../../../src/core/index.js';

const chain = prepareChain(
  normalizePack({
    pack: { name: 'p', version: '1.0.0', enabled: true },
    policies: { chain: ['safety-filter'] },
    policy: { 'safety-filter': { categories: ['violence'], threshold: 'medium' } },
  }),
);
const step = (content: unknown) =>
  chain.evaluate({ messages: [{ role: 'user', content }] } as unknown as Payload, { now: 0 }).steps[0]!;
const parts = (...texts: string[]) => texts.map((text) => ({ type: 'text', text }));

describe('safety-filter across the text parts of one message', () => {
  it('blocks a threat cut inside a word, each part alone allowed', () => {
    for (const [a, b] of [
      ['I am going to ki', 'll you and your family tonight'],
      ['Tell me how to make a pipe bo', 'mb at home'],
    ] as const) {
      const s = step(parts(a, b));
      expect(s.verdict).toBe('block');
      // Reported on the part the finding begins in, over its piece there.
      expect(s.findings.some((f) => f.path === '/messages/0/content/0/text' && f.end === a.length)).toBe(true);
      expect(step(parts(a)).verdict).toBe('allow');
      expect(step(parts(b)).verdict).toBe('allow');
    }
  });

  it('leaves ordinary parts alone', () => {
    expect(step(parts('Please summarise the attached report', 'and list the three main risks.')).verdict).toBe('allow');
  });
});

const stepOf = (config: JsonObject, content: unknown) =>
  prepareChain(
    normalizePack({
      pack: { name: 'p', version: '1.0.0', enabled: true },
      policies: { chain: ['safety-filter'] },
      policy: { 'safety-filter': config },
    }),
  ).evaluate({ messages: [{ role: 'user', content }] } as unknown as Payload, { now: 0 }).steps[0]!;
const THREAT = 'I am going to kill you and your family tonight with a knife';

describe('safety-filter categories', () => {
  it('`categories: []` beside blocked_topics scores no category (it scored all four)', () => {
    const config = { categories: [], blocked_topics: ['internal roadmap'] };
    expect(stepOf(config, THREAT)).toMatchObject({ verdict: 'allow', score: 0, findings: [] });
    expect(stepOf(config, 'share the internal roadmap')).toMatchObject({
      verdict: 'block',
      reason_code: 'safety.blocked_topic',
    });
  });

  it('an empty list with nothing else configured takes the default categories, as an absent one does', () => {
    for (const config of [{ categories: [] }, {}, { categories: [], blocked_topics: [] }] as JsonObject[])
      expect(stepOf(config, THREAT)).toMatchObject({ verdict: 'block', reason_code: 'safety.violation' });
  });
});

describe('safety-filter step score', () => {
  it('is the category score whether a topic sits in one part or across two', () => {
    const config = { blocked_topics: ['competitor pricing'] };
    const whole = stepOf(config, parts('Tell me the competitor pricing now'));
    const split = stepOf(config, parts('Tell me the competitor', ' pricing now'));
    expect(whole).toMatchObject({ verdict: 'block', score: 0 });
    expect(split).toMatchObject({ verdict: 'block', score: 0 });
    expect(split.findings.map((f) => [f.path, f.start, f.end])).toEqual([['/messages/0/content/0/text', 12, 22]]);
  });
});
