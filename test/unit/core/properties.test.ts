// Property tests of the "Done when": after redaction no detected value survives anywhere in
// the payload; finding offsets point at the matched text; evaluation never throws on arbitrary JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { normalizePack, prepareChain } from '../../../src/core/index.js';
import type { JsonObject, Payload } from '../../../src/core/index.js';
import { preparePiiDetector } from '../../../src/core/detectors/pii.js';
import { extractTexts } from '../../../src/core/detectors/payload-text.js';

const root = join(import.meta.dirname, '..', '..', '..');
const zeroTrust = prepareChain(
  normalizePack(parse(readFileSync(join(root, 'examples', 'zero-trust-gateway.yaml'), 'utf8')) as JsonObject),
);
const identity = { user: 'prop', role: 'tester', team: 'qa' };

// Filler that cannot itself form PII or DLP matches, nor trip the chain's other policies: ordinary
// words. (Random letters spelled a safety cue now and then - "cum" - and the chain blocked, which says
// nothing about redaction.)
const FILLER_WORDS = [
  'the',
  'report',
  'shows',
  'revenue',
  'for',
  'our',
  'team',
  'please',
  'send',
  'notes',
  'to',
  'and',
  'call',
  'about',
  'invoice',
  'meeting',
  'on',
  'thursday',
];
const filler = fc.array(fc.constantFrom(...FILLER_WORDS), { maxLength: 6 }).map((words) => words.join(' '));
// Names from syllables, not random letters: random letters in an address spelled a slur now and then
// ("fag.aa@aamail.com"), and the safety filter blocked it, which again says nothing about redaction.
const SYLLABLES = [
  'an',
  'ba',
  'chen',
  'del',
  'eko',
  'fio',
  'gar',
  'hol',
  'ina',
  'jo',
  'kim',
  'lu',
  'mar',
  'no',
  'ola',
  'pet',
  'ria',
  'sol',
  'tam',
  'vik',
];
const name = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
const email = fc.tuple(name, name, fc.constantFrom('com', 'org', 'net')).map(([u, d, t]) => `${u}.${d}@${d}mail.${t}`);
// Also dotted and wrapped at a line end: the line break is part of the value, and is redacted with it.
const card = fc.constantFrom(
  '4111 1111 1111 1111',
  '5555-5555-5555-4444',
  '378282246310005',
  '6011 1111 1111 1117',
  '4111.1111.1111.1111',
  '5555 5555\n5555 4444',
  '3782-822463-\n10005',
);
const ssn = fc
  .tuple(fc.integer({ min: 1, max: 665 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .map(([a, g, s]) => `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`);
const host = fc.tuple(name, fc.stringMatching(/^[0-9-]{0,4}$/)).map(([h, tail]) => `${h}${tail}.internal.yourco.com`);
const arn = fc.stringMatching(/^\d{12}$/).map((acct) => `arn:aws:iam::${acct}:`);
const secretValue = fc.oneof(email, card, ssn, host, arn);

/** A text of filler with planted values; returns the text and what was planted. */
const plantedText = fc.array(fc.tuple(filler, secretValue), { minLength: 1, maxLength: 4 }).map((parts) => {
  let text = '';
  const planted: Array<{ value: string; start: number }> = [];
  for (const [f, v] of parts) {
    text += `${f} `;
    planted.push({ value: v, start: text.length });
    text += `${v} `;
  }
  return { text, planted };
});

describe('redaction properties (zero-trust pack)', () => {
  it('no detected value survives anywhere in the sanitised payload', () => {
    const pii = preparePiiDetector({ types: ['email', 'phone', 'ssn', 'credit_card'] });
    fc.assert(
      fc.property(fc.array(plantedText, { minLength: 1, maxLength: 3 }), fc.boolean(), (texts, asParts) => {
        const messages = texts.map((t) => ({
          role: 'user',
          content: asParts ? [{ type: 'text', text: t.text }] : t.text,
        }));
        const payload: Payload = { messages, identity };
        const d = zeroTrust.evaluate(payload, { now: 0 });
        expect(['redact', 'allow']).toContain(d.verdict);
        const sanitized = JSON.stringify(d.request);
        for (const t of texts) {
          for (const m of pii.scan(t.text)) expect(sanitized).not.toContain(t.text.slice(m.start, m.end));
          for (const p of t.planted) expect(sanitized).not.toContain(p.value);
        }
        // Nothing left for the detectors to find in what the provider would see.
        for (const seg of extractTexts(d.request, 'request')) expect(pii.scan(seg.text)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('finding offsets point at the matched text', () => {
    // Block-only configuration. What blocks is masked in the printed request; with same-length
    // markers (preserve_length) the pii-detector's masks leave every later offset where it was.
    const chain = prepareChain(
      normalizePack({
        pack: { name: 'p', version: '1.0.0', enabled: true },
        policies: { chain: ['pii-detector', 'dlp-filter'] },
        policy: {
          'pii-detector': {
            action: 'block',
            categories: ['email', 'ssn', 'credit_card'],
            redaction: { preserve_length: true },
          },
          'dlp-filter': {
            patterns: [
              { name: 'hosts', regex: '[a-z0-9-]+\\.internal\\.yourco\\.com', action: 'block' },
              { name: 'arns', regex: 'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:', action: 'block' },
            ],
          },
        },
      }),
    );
    fc.assert(
      fc.property(plantedText, (t) => {
        const d = chain.evaluate({ messages: [{ role: 'user', content: t.text }] }, { now: 0, mode: 'exhaustive' });
        const findings = d.steps.flatMap((s) => s.findings);
        expect(findings.length).toBeGreaterThanOrEqual(1);
        for (const f of findings) {
          expect(f.path).toBe('/messages/0/content');
          const matched = t.text.slice(f.start, f.end);
          expect(t.planted.map((p) => p.value)).toContain(matched);
          expect(f.preview).not.toBe(matched);
        }
        // Every planted value was found at its place.
        for (const p of t.planted)
          expect(findings.some((f) => f.start === p.start && f.end === p.start + p.value.length)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('evaluation is total', () => {
  const anyMessage = fc.record(
    {
      role: fc.oneof(fc.constantFrom('user', 'system', 'assistant', 'tool'), fc.string()),
      content: fc.oneof(
        fc.string(),
        fc.string({ unit: 'grapheme' }),
        fc.constant(null),
        fc.array(fc.oneof(fc.record({ type: fc.string(), text: fc.oneof(fc.string(), fc.integer()) }), fc.jsonValue())),
      ),
      tool_calls: fc.array(
        fc.oneof(
          fc.record({
            function: fc.record({
              name: fc.oneof(fc.string(), fc.integer()),
              arguments: fc.oneof(fc.string(), fc.json()),
            }),
          }),
          fc.jsonValue(),
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const anyPayload = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.record(
      {
        messages: fc.oneof(fc.array(anyMessage), fc.jsonValue()),
        tools: fc.jsonValue(),
        tool_calls: fc.jsonValue(),
        identity: fc.oneof(fc.constant(identity), fc.jsonValue()),
        headers: fc.jsonValue(),
        session: fc.jsonValue(),
        context: fc.jsonValue(),
        upstream_response: fc.oneof(
          fc.jsonValue(),
          fc.record({
            choices: fc.array(fc.record({ message: anyMessage, finish_reason: fc.jsonValue() }, { requiredKeys: [] })),
          }),
        ),
      },
      { requiredKeys: [] },
    ),
  );
  it('never throws on arbitrary JSON payloads, in every mode', () => {
    fc.assert(
      fc.property(
        anyPayload,
        fc.constantFrom('short-circuit', 'exhaustive'),
        fc.constantFrom('request', 'response', 'all'),
        (payload, mode, phases) => {
          const d = zeroTrust.evaluate(payload as Payload, {
            now: 0,
            mode: mode as 'exhaustive',
            phases: phases as 'all',
          });
          expect(['allow', 'redact', 'escalate', 'block']).toContain(d.verdict);
          expect(typeof d.http.status).toBe('number');
          expect(() => JSON.stringify(d)).not.toThrow();
        },
      ),
      { numRuns: 400 },
    );
  });
});
