/**
 * Fuzzy blocked_topics through the first-word index give what trying every topic at every word gives (the
 * path a TopicIndex prepared without a distance takes): same topics, spans and order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTopics, prepareTopics } from '../../../../src/core/detectors/safety-topics.js';

const letters = fc.constantFrom('a', 'b', 'o', 'a', 'b', 'e', 's', 'y', 'i', '1', "'");
// Mostly short words; some long enough for a budget of 3 or 4 edits (compared one by one).
const wordArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(letters, { minLength: 1, maxLength: 10 }).map((cs) => cs.join('')) },
  { weight: 1, arbitrary: fc.array(letters, { minLength: 12, maxLength: 20 }).map((cs) => cs.join('')) },
);
/** A word in leetspeak (e as 3, s as 5, o as 0, i as 1) with a digit kept. */
const leet = (t: string): string => `${t.replace(/[esoi]/g, (c) => ({ e: '3', s: '5', o: '0', i: '1' })[c]!)}`;
const topicArb = fc.array(wordArb, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
const separator = fc.constantFrom(' ', ' ', ' ', '. ', '-', ' ’', ', ');
const textOf = (topics: string[]) =>
  fc
    .array(
      fc.oneof(
        wordArb,
        fc.constantFrom(...topics),
        // A topic with an edit, or its letters spelt out one by one.
        fc.tuple(fc.constantFrom(...topics), fc.nat(), fc.constantFrom('', 'a', 'x')).map(([t, at, ch]) => {
          const i = at % Math.max(1, t.length);
          return t.slice(0, i) + ch + t.slice(i + (at % 2));
        }),
        fc.constantFrom(...topics).map((t) => t.replaceAll(' ', '').split('').join(' ')),
        // In leetspeak, with an edit.
        fc.tuple(fc.constantFrom(...topics), fc.nat()).map(([t, at]) => {
          const l = leet(t);
          const i = at % Math.max(1, l.length);
          return `${l.slice(0, i)}b${l.slice(i + 1)}7`;
        }),
      ),
      { maxLength: 30 },
    )
    .chain((parts) =>
      fc.tuple(fc.constant(parts), fc.array(separator, { minLength: parts.length, maxLength: parts.length })),
    )
    .map(([parts, seps]) => parts.map((p, k) => p + seps[k]).join(''));

describe('blocked_topics fuzzy index', () => {
  it('finds what trying every topic finds, in the same order (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(topicArb, { minLength: 1, maxLength: 10 })
          .chain((topics) =>
            fc.tuple(
              fc.constant(topics),
              textOf(topics),
              fc.integer({ min: 1, max: 4 }),
              fc.integer({ min: 1, max: 6 }),
            ),
          ),
        ([topics, text, d, limit]) => {
          const everyTopic = findTopics(text, prepareTopics(topics), d);
          const index = prepareTopics(topics, d);
          expect(findTopics(text, index, d)).toEqual(everyTopic);
          expect(findTopics(text, index, d, limit).slice(0, limit)).toEqual(everyTopic.slice(0, limit));
        },
      ),
    );
  });

  it('finds the same when many topics share their first word (filtered by the second) (property)', () => {
    const vocab = fc.constantFrom('proj', 'proje', 'alpha', 'alpa', 'bravo', 'bravos', 'p0j', 'x');
    const shared = fc.array(
      fc.array(vocab, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')),
      {
        minLength: 12,
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(
        shared.chain((topics) => fc.tuple(fc.constant(topics), textOf(topics), fc.integer({ min: 0, max: 2 }))),
        ([topics, text, d]) => {
          const everyTopic = findTopics(text, prepareTopics(topics, d === 0 ? 1 : 0), d);
          expect(findTopics(text, prepareTopics(topics, d), d)).toEqual(everyTopic);
        },
      ),
    );
  });

  it('stops at the limit on a text near many topics', () => {
    const topics = Array.from({ length: 50 }, (_, i) => `project${i}`);
    const text = 'project0 '.repeat(10_000);
    const index = prepareTopics(topics, 2);
    expect(findTopics(text, index, 2).length).toBeGreaterThan(50_000);
    expect(findTopics(text, index, 2, 100).length).toBe(100);
  });
});
