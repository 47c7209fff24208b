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
/**
 * An SSN or a card with a label word of its entity glued before it, as logs, form dumps and keys write them
 * (`ssn_536-22-1234`, `cc4111...`): the label, and the value it names.
 */
const gluedValue = fc.oneof(
  fc.tuple(fc.constantFrom('ssn_', 'SSN', 'ssn-', 'user_ssn_', 'socialSecurityNumber'), ssn),
  fc.tuple(fc.constantFrom('cc', 'CC_', 'card_', 'cardNumber', 'card.'), card),
);
const plain = (value: fc.Arbitrary<string>) => value.map((v): [string, string] => ['', v]);
const secretValue = fc.oneof(plain(email), plain(card), plain(ssn), plain(host), plain(arn), gluedValue);

/** A text of filler with planted values (some glued to a label); returns the text and what was planted. */
const plantedText = fc.array(fc.tuple(filler, secretValue), { minLength: 1, maxLength: 4 }).map((parts) => {
  let text = '';
  const planted: Array<{ value: string; start: number }> = [];
  for (const [f, [label, v]] of parts) {
    text += `${f} ${label}`;
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

describe('redaction properties (overlapping detectors, adjacent values, parts, unicode)', () => {
  // Ordinary words in several scripts (none of them forms PII), and separators that keep two values apart
  // without being part of either.
  const UNICODE_WORDS = ['café', 'naïve', 'Grüße', '日本語', 'שלום', 'наш', '👍', 'ok', 'e\u0301té', 'ﬁle'];
  const SEPARATORS = [' ', ', ', ';', ' / ', '\n', ' (', ') ', ' | ', ' 👍 ', ' — '];
  const words = fc.array(fc.constantFrom(...FILLER_WORDS, ...UNICODE_WORDS), { maxLength: 4 }).map((w) => w.join(' '));
  const value = fc.oneof(plain(email), plain(card), plain(ssn), gluedValue);
  /** Values one after another (adjacent but for a separator; some glued to a label), in filler. */
  const run = fc
    .tuple(words, fc.array(fc.tuple(value, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 3 }), words)
    .map(([before, values, after]) => {
      let text = before === '' ? '' : `${before} `;
      const planted: string[] = [];
      for (const [[label, v], sep] of values) {
        planted.push(v);
        text += label + v + sep;
      }
      return { text: text + after, planted };
    });
  // pii-detector's own patterns overlap its categories: a card's digit groups, an email's domain. Both
  // detectors' findings in one text are redacted together, once.
  const chainFor = (format: string) =>
    prepareChain(
      normalizePack({
        pack: { name: 'p', version: '1.0.0', enabled: true },
        policies: { chain: ['pii-detector'] },
        policy: {
          'pii-detector': {
            categories: ['email', 'ssn', 'credit_card'],
            detect_patterns: ['\\d{4}[ .-]?\\d{4}', '@?[a-z]+mail\\.(?:com|org|net)'],
            redaction: { marker_format: format },
          },
        },
      }),
    );
  const chains = new Map(['label', 'asterisks', 'hash'].map((f) => [f, chainFor(f)]));
  const MARKERS: Record<string, RegExp> = {
    label: /\[[A-Z_]+_REDACTED\]/g,
    hash: /\[[A-Z_]+_[0-9a-f]{12}\]/g,
    asterisks: /\*+/g,
  };

  it('redacts every value of the request and the answer, once, leaving no character of it', () => {
    const pii = preparePiiDetector({ types: ['email', 'ssn', 'credit_card'] });
    fc.assert(
      fc.property(
        fc.array(run, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('label', 'asterisks', 'hash'),
        (runs, format) => {
          const texts = runs.map((r) => r.text);
          const payload = {
            messages: [
              { role: 'user', content: texts.map((text) => ({ type: 'text', text })) },
              { role: 'assistant', content: null, tool_calls: [{ function: { name: 'note', arguments: { texts } } }] },
            ],
            upstream_response: { choices: [{ message: { role: 'assistant', content: texts.join('\n') } }] },
          } as unknown as Payload;
          const d = chains.get(format)!.evaluate(payload, { now: 0 });
          const sanitized = [
            ...extractTexts(d.request, 'request'),
            ...extractTexts({ upstream_response: d.response }, 'response'),
          ];
          expect(sanitized).toHaveLength(2 * texts.length + 1);
          const all = sanitized.map((seg) => seg.text).join('\n');
          for (const r of runs) for (const v of r.planted) expect(all).not.toContain(v);
          for (const seg of sanitized) expect(pii.scan(seg.text)).toEqual([]);
          // Outside the markers nothing is left of a value (the filler and separators have no digit, '@',
          // '[' or ']'), and no marker was written inside another.
          const rest = all.replace(MARKERS[format]!, '');
          expect(rest).not.toMatch(/[0-9@[\]*]/);
          if (format === 'asterisks') {
            // Same-length markers: each request text keeps its length, each value is all stars.
            runs.forEach((r, i) => {
              const out = sanitized[i]!.text;
              expect(out).toHaveLength(r.text.length);
              for (const v of r.planted) {
                const at = r.text.indexOf(v);
                expect(out.slice(at, at + v.length)).toBe('*'.repeat(v.length));
              }
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('redaction properties (values beside numbers of types the pack does not ask for)', () => {
  // Real text writes SSNs and cards next to phone numbers, IBANs, dates, times, addresses and counts, with
  // the blanks and punctuation of prose and tables between them. None of those is requested here, and a
  // reading of them (a phone joined to the end of an SSN, a card's first group read with a date) must
  // never hide a requested value: every character of each requested value is redacted.
  const neighbour = fc.constantFrom(
    '415-555-0132',
    '(415) 555-0132',
    '+1 415 555 0132',
    '+44 20 7946 0958',
    '0044 20 7946 0958',
    '020 7946 0958',
    '01 23 45 67 89',
    '030/1234567',
    '5555',
    '0199',
    '12',
    '2024',
    '365',
    '07/04/1990',
    '1990-07-04',
    '04 JUL 1990',
    '12:30',
    '10.0.0.1',
    'v1.2.3',
    'DE89 3704 0044 0532 0130 00',
    '1234567893',
  );
  const CONTEXT_WORDS = ['call', 'phone', 'tel', 'SSN', 'card', 'DOB', 'born', 'IBAN', 'ip', 'no'];
  const GAPS = [' ', '  ', '\t', ', ', ' / ', ' - ', ': ', '; ', '. ', '\n', ' (', ') ', ' | ', ' or '];
  // Requested values, with the words a form needs before it (an SSN written with blanks or none needs
  // its context word) and the type that asks for it.
  const ssnBlank = ssn.map((v) => v.replace(/-/g, ' '));
  const phone = fc.constantFrom('415-555-0132', '(212) 555-0199', '+44 20 7946 0958', '+33 1 23 45 67 89');
  const wantedValue = fc.oneof(
    card.map((value) => ({ value, lead: '', type: 'credit_card' })),
    ssn.map((value) => ({ value, lead: '', type: 'ssn' })),
    ssnBlank.map((value) => ({ value, lead: 'SSN ', type: 'ssn' })),
    phone.map((value) => ({ value, lead: '', type: 'phone' })),
  );
  const piece = fc.oneof(
    { weight: 2, arbitrary: wantedValue.map((v) => ({ ...v, wanted: true })) },
    { weight: 2, arbitrary: neighbour.map((value) => ({ value, lead: '', type: '', wanted: false })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...CONTEXT_WORDS).map((value) => ({ value, lead: '', type: '', wanted: false })),
    },
  );
  const mixed = fc
    .array(fc.tuple(piece, fc.constantFrom(...GAPS)), { minLength: 2, maxLength: 6 })
    .filter((parts) => parts.some(([p]) => p.wanted))
    .map((parts) => {
      let text = '';
      const planted: Array<{ value: string; start: number; type: string }> = [];
      for (const [p, gap] of parts) {
        text += p.lead;
        if (p.wanted) planted.push({ value: p.value, start: text.length, type: p.type });
        text += p.value + gap;
      }
      return { text, planted };
    });
  const detectors = [
    ['ssn'],
    ['credit_card'],
    ['phone'],
    ['ssn', 'credit_card'],
    ['email', 'ssn', 'credit_card'],
    ['email', 'phone', 'ssn', 'credit_card', 'ip_address'],
  ];

  it('redacts every character of each requested value', () => {
    const chains = detectors.map((categories) =>
      prepareChain(
        normalizePack({
          pack: { name: 'p', version: '1.0.0', enabled: true },
          policies: { chain: ['pii-detector'] },
          policy: { 'pii-detector': { categories, redaction: { marker_format: 'asterisks' } } },
        }),
      ),
    );
    fc.assert(
      fc.property(mixed, fc.nat({ max: detectors.length - 1 }), (t, which) => {
        const d = chains[which]!.evaluate({ messages: [{ role: 'user', content: t.text }] }, { now: 0 });
        const out = (d.request.messages as Array<{ content: string }>)[0]!.content;
        expect(out).toHaveLength(t.text.length);
        const asked = detectors[which]!;
        // Only the values of a requested type: an SSN pack leaves cards alone.
        for (const p of t.planted.filter((v) => asked.includes(v.type))) {
          const span = out.slice(p.start, p.start + p.value.length);
          expect(span, `${JSON.stringify(t.text)} ${asked.join(',')}`).toBe('*'.repeat(p.value.length));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('redaction properties (a value split over the text parts of one message)', () => {
  // A key the dlp-filter catalogue knows (AWS's documented example id), beside the PII values and the
  // zero-trust pack's own patterns (internal hosts, ARNs).
  const awsKey = fc.constant('AKIAIOSFODNN7EXAMPLE');
  const splitValue = fc.oneof(email, card, ssn, host, arn, awsKey);
  /** The value cut at one or two places, between filler; the parts and where the value begins. */
  const splitText = fc
    .tuple(filler, splitValue, filler, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }))
    .map(([before, value, after, a, b]) => {
      const cutA = 1 + (a % (value.length - 1));
      const cutB = b % 2 === 0 ? cutA : 1 + (b % (value.length - 1));
      const cuts = [...new Set([cutA, cutB])].sort((x, y) => x - y);
      const lead = before === '' ? '' : `${before} `;
      const texts: string[] = [];
      let from = 0;
      for (const cut of [...cuts, value.length]) {
        texts.push(value.slice(from, cut));
        from = cut;
      }
      texts[0] = lead + texts[0]!;
      texts[texts.length - 1] += after === '' ? '' : ` ${after}`;
      return { value, texts, start: lead.length };
    });
  const chainFor = (format: string) =>
    prepareChain(
      normalizePack({
        pack: { name: 'p', version: '1.0.0', enabled: true },
        policies: { chain: ['pii-detector', 'dlp-filter'] },
        policy: {
          'pii-detector': { categories: ['email', 'ssn', 'credit_card'], redaction: { marker_format: format } },
          'dlp-filter': {
            detect_secrets: true,
            secrets_action: 'redact',
            patterns: [
              { name: 'hosts', regex: '[a-z0-9-]+\\.internal\\.yourco\\.com', action: 'redact' },
              { name: 'arns', regex: 'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:', action: 'redact' },
            ],
            redaction: { marker_format: format },
          },
        },
      }),
    );
  const chains = new Map(['label', 'asterisks', 'partial', 'hash'].map((f) => [f, chainFor(f)]));

  it('reports a value whose first piece reads as a value alone once, as the whole value', () => {
    // "jane@example.co" is an email by itself; with the next part it is "jane@example.com".
    const texts = ['write to jane@example.co', 'm today'];
    const payload = { messages: [{ role: 'user', content: texts.map((text) => ({ type: 'text', text })) }] };
    const d = chains.get('hash')!.evaluate(payload as unknown as Payload, { now: 0 });
    const findings = d.steps.flatMap((s) => s.findings);
    expect(findings.map((f) => [f.type, f.path, f.start, f.end])).toEqual([
      ['email', '/messages/0/content/0/text', 9, 24],
    ]);
    // The marker is the whole value's: the same as for the value in one part.
    const whole = chains
      .get('hash')!
      .evaluate({ messages: [{ role: 'user', content: 'write to jane@example.com today' }] } as unknown as Payload, {
        now: 0,
      });
    const marker = /\[EMAIL_[0-9a-f]{12}\]/.exec(JSON.stringify(whole.request))![0];
    const out = (d.request.messages as Array<{ content: Array<{ text: string }> }>)[0]!.content.map((p) => p.text);
    expect(out).toEqual([`write to ${marker}`, ' today']);
  });

  it('is found where it begins and leaves no piece of it in any part', () => {
    fc.assert(
      fc.property(splitText, fc.constantFrom('label', 'asterisks', 'partial', 'hash'), (t, format) => {
        const payload = { messages: [{ role: 'user', content: t.texts.map((text) => ({ type: 'text', text })) }] };
        const d = chains.get(format)!.evaluate(payload as unknown as Payload, { now: 0 });
        expect(d.verdict).toBe('redact');
        const findings = d.steps.flatMap((s) => s.findings);
        // Reported once, on the first part, from the value's start to that part's end.
        expect(findings.filter((f) => f.path === '/messages/0/content/0/text' && f.start === t.start)).toHaveLength(1);
        const head = findings.find((f) => f.start === t.start)!;
        expect(head.end).toBe(t.texts[0]!.length);
        // (A part the value's tail filled is left empty: read from the parts, not the texts extractTexts lists.)
        const out = (d.request.messages as Array<{ content: Array<{ text: string }> }>)[0]!.content.map((p) => p.text);
        expect(out).toHaveLength(t.texts.length);
        const joined = out.join('');
        expect(joined).not.toContain(t.value);
        // No piece of the value is left: what follows the value's start in the joined text is its marker.
        const rest = joined.slice(t.start);
        if (format === 'asterisks') expect(rest.startsWith('*'.repeat(t.value.length))).toBe(true);
        if (format === 'partial')
          expect(rest.startsWith('*'.repeat(t.value.length - 4) + t.value.slice(-4))).toBe(true);
        // The length-keeping formats keep each part's length; the others write the marker in the first part.
        if (format === 'asterisks' || format === 'partial')
          expect(out.map((x) => x.length)).toEqual(t.texts.map((x) => x.length));
        else expect(rest).toMatch(format === 'label' ? /^\[[A-Z_]+_REDACTED\]/ : /^\[[A-Z_]+_[0-9a-f]{12}\]/);
      }),
      { numRuns: 300 },
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

  // Shapes a lenient client sends: content as an object, parts of any type, tool-call arguments that are
  // not strings, numbers at the edge of a double, and keys named like Object.prototype's members (as
  // JSON.parse makes them: own properties, `__proto__` included).
  const oddKey = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'text', 'amount');
  const hugeNumber = fc.constantFrom(1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0, -0);
  const leaf = fc.oneof(
    fc.constantFrom('jane@example.com', '4111 1111 1111 1111', ''),
    fc.string(),
    hugeNumber,
    fc.boolean(),
  );
  const oddValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.array(fc.tuple(oddKey, tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
    ),
  })).value;
  const oddPart = fc.oneof(
    oddValue,
    fc.record(
      {
        type: fc.constantFrom('text', 'tool_use', 'tool_result', 'image_url'),
        text: oddValue,
        input: oddValue,
        content: oddValue,
      },
      { requiredKeys: [] },
    ),
  );
  const oddMessage = fc.record(
    {
      role: fc.oneof(fc.constantFrom('user', 'assistant', 'system'), oddValue),
      content: fc.oneof(oddValue, fc.array(oddPart, { maxLength: 3 })),
      tool_calls: fc.array(
        fc.record({ function: fc.record({ name: fc.oneof(fc.string(), oddValue), arguments: oddValue }) }),
        { maxLength: 2 },
      ),
      function_call: fc.record({ name: fc.string(), arguments: oddValue }),
    },
    { requiredKeys: [] },
  );
  const oddPayload = fc
    .record(
      {
        messages: fc.array(oddMessage, { maxLength: 3 }),
        tool_calls: fc.array(
          fc.record({ function: fc.record({ name: fc.constantFrom('search', 'pay'), arguments: oddValue }) }),
          { maxLength: 2 },
        ),
        session: fc.dictionary(
          fc.constantFrom('actions', 'cost_usd', 'calls_last_minute', 'daily_total_usd', '__proto__'),
          hugeNumber,
        ),
        identity: fc.oneof(fc.constant(identity), oddValue),
        metadata: oddValue,
        upstream_response: fc.record({ choices: fc.array(fc.record({ message: oddMessage }), { maxLength: 2 }) }),
        // A computed key: a literal `__proto__:` would set the record's prototype instead.
        ['__proto__']: oddValue,
      },
      { requiredKeys: [] },
    )
    // Through JSON text, as a request body arrives: `__proto__` keys become own properties.
    .map((p) => JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(p)))) as Payload);

  it('never throws on odd shapes, leaves the caller payload and Object.prototype as they were', () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(oddPayload, fc.constantFrom('short-circuit', 'exhaustive'), (payload, mode) => {
        const before = JSON.stringify(payload);
        const d = zeroTrust.evaluate(payload, { now: 0, mode: mode as 'exhaustive' });
        expect(['allow', 'redact', 'escalate', 'block']).toContain(d.verdict);
        expect(() => JSON.stringify(d)).not.toThrow();
        expect(JSON.stringify(payload)).toBe(before);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
        expect(Object.getPrototypeOf(d.request)).toBe(Object.prototype);
        // What a detector found was redacted wherever it sat, also under a key named __proto__.
        if (d.verdict === 'redact')
          for (const seg of extractTexts(d.request, 'request')) expect(seg.text).not.toContain('jane@example.com');
      }),
      { numRuns: 400 },
    );
  });
});
