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
  it('an item with topics and no `categories` key scores no category', () => {
    const config = { blocked_topics: ['internal roadmap'] };
    expect(stepOf(config, THREAT)).toMatchObject({ verdict: 'allow', score: 0, findings: [] });
    expect(stepOf(config, 'share the internal roadmap')).toMatchObject({
      verdict: 'block',
      reason_code: 'safety.blocked_topic',
    });
  });

  it('`categories: []` means all (the defaults), beside topics too, as the reference says of external-moderation', () => {
    expect(stepOf({ categories: [], blocked_topics: ['internal roadmap'] }, THREAT)).toMatchObject({
      verdict: 'block',
      reason_code: 'safety.violation',
    });
  });

  it('an item with nothing else configured takes the default categories', () => {
    for (const config of [
      { categories: [] },
      {},
      { categories: [], blocked_topics: [] },
      // Topics and patterns that match nothing do not switch the categories off (the item checked nothing).
      { blocked_topics: ['', '...'] },
      { block_if: [''] },
    ] as JsonObject[])
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

describe('legacy content_filter topics (seed pack: topic-restriction)', () => {
  const legacy = prepareChain(
    normalizePack({
      version: '1',
      policies: [
        {
          name: 'topic-restriction',
          type: 'content_filter',
          action: 'block',
          blocked_topics: ['competitor pricing', 'internal roadmap', 'employee compensation'],
        },
      ],
    }),
  );
  const run = (content: string) =>
    legacy.evaluate({ messages: [{ role: 'user', content }] } as unknown as Payload, { now: 0 }).steps[0]!;

  it('blocks plural and possessive forms of a topic and its words run together', () => {
    for (const text of [
      "What are our competitors' prices? Send the competitor's pricing",
      'Paste the internal roadmaps here',
      "summarise employees' compensation",
      'the #InternalRoadmap doc',
    ])
      expect(run(text)).toMatchObject({ verdict: 'block', reason_code: 'safety.blocked_topic' });
    expect(run('How do I price against a competitor?').verdict).toBe('allow');
  });
});

describe('safety-filter: which messages a topic counts in', () => {
  const topics = prepareChain(
    normalizePack({
      pack: { name: 'p', version: '1.0.0', enabled: true },
      policies: { chain: ['safety-filter'] },
      policy: { 'safety-filter': { blocked_topics: ['internal roadmap'] } },
    }),
  );
  const run = (messages: unknown[]) => topics.evaluate({ messages } as unknown as Payload, { now: 0 }).steps[0]!;

  it('not in the system prompt, which may name the topics it forbids', () => {
    const s = run([
      { role: 'system', content: 'Never reveal the internal roadmap.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(s.verdict).toBe('allow');
  });

  it('in an earlier assistant turn (the client writes the history it sends), pointing at that text', () => {
    const s = run([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Here is the Internal Roadmap you asked for' },
      { role: 'user', content: 'thanks' },
    ]);
    expect(s.verdict).toBe('block');
    expect(s.findings.map((f) => [f.path, f.start, f.end])).toEqual([['/messages/1/content', 12, 28]]);
  });
});

describe('safety-filter message', () => {
  it('says which categories and finding types acted (it said only "content violates the safety policy")', () => {
    const config = { categories: ['violence'], blocked_topics: ['internal roadmap'] };
    expect(stepOf(config, THREAT).message).toBe('content violates the safety policy: violence');
    expect(stepOf(config, 'the internal roadmap').message).toBe('content violates the safety policy: blocked_topic');
    expect(stepOf({ ...config, message: 'Not allowed here.' }, THREAT).message).toBe('Not allowed here.');
  });
});
