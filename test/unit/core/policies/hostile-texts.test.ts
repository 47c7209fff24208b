/**
 * Texts a hostile client can choose (one short string repeated) give the findings and redactions the
 * straightforward computation gives, and a 1 MB one finishes. The fast paths these texts take (the
 * regex DFA, shared previews, no per-match objects) must not change a result.
 */
import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import { maskedPreview } from '../../../../src/core/detectors/redaction.js';
import { unitsRead } from '../../../../src/core/detectors/regex-dfa.js';
import type { Finding, JsonObject, PackModel, Payload } from '../../../../src/core/types.js';
import { re2jsSpans } from '../../../helpers/re2js-reference.js';
import { referenceTermMatcher } from '../../../helpers/fuzzy-terms-reference.js';
import { MAX_FINDINGS_PER_TERM } from '../../../../src/core/policies/dlp-filter.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function pack(kind: string, config: JsonObject): PackModel {
  return onePolicyPack(kind, config);
}
const user = (content: string): Payload => ({ messages: [{ role: 'user', content }] });
const repeated = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

// The seed zero-trust pack's DLP patterns (examples/zero-trust-gateway.yaml).
const SEED_PATTERNS = [
  { name: 'api_keys', regex: '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})', action: 'block' },
  { name: 'internal_hostnames', regex: '[a-z0-9-]+\\.internal\\.yourco\\.com', action: 'redact' },
  { name: 'aws_arns', regex: 'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:', action: 'redact' },
] as const;

/** The dlp step's findings and redacted text, computed the straightforward way. */
function expectedDlp(text: string): { findings: Finding[]; redacted: string } {
  const findings: Finding[] = [];
  for (const p of SEED_PATTERNS)
    for (const { start, end } of re2jsSpans(p.regex, text))
      findings.push({
        type: p.name,
        detector: `dlp.pattern:${p.name}`,
        path: '/messages/0/content',
        start,
        end,
        score: 1,
        preview: maskedPreview(text.slice(start, end)),
        action: p.action,
      });
  const spans = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let redacted = '';
  let at = 0;
  for (let i = 0; i < spans.length;) {
    const open = spans[i]!;
    let end = open.end;
    for (i++; i < spans.length && spans[i]!.start < end; i++) end = Math.max(end, spans[i]!.end);
    redacted += `${text.slice(at, open.start)}[${open.type.toUpperCase()}_REDACTED]`;
    at = end;
  }
  return { findings, redacted: redacted + text.slice(at) };
}

describe('hostile texts: dlp-filter', () => {
  const chain = prepareChain(
    pack('dlp-filter', { patterns: SEED_PATTERNS.map((p) => ({ ...p })) as unknown as JsonObject[] }),
  );
  // [unit, whether its repetition holds matches]
  const units: Array<[string, boolean]> = [
    ['AKIA', true],
    ['sk-', false],
    ['ghp_', false],
    ['AKIAAKIAAKIAAKIAAKIA ', true],
    ['a.internal.yourco.com ', true],
    ['arn:aws:s3::123456789012:', true],
    [`sk-${'aB3'.repeat(16)}`, true],
    [`ghp_${'x'.repeat(36)} `, true],
    ['x-y.internal.yourco.com.internal.yourco.com ', true],
    ['é.internal.yourco.com\u{1f600}AKIA2345672345672345', true],
  ];

  it.each(units)('finds and redacts what the straightforward path does in %j repeated', (unit, matches) => {
    const text = repeated(unit, 40_000);
    const d = chain.evaluate(user(text), { now: 0 });
    const want = expectedDlp(text);
    expect(want.findings.length > 100).toBe(matches);
    expect(d.steps[0]!.findings).toEqual(want.findings);
    expect((d.request.messages as Array<{ content: string }>)[0]!.content).toBe(want.redacted);
  });

  it('finishes a hostile megabyte with every key found and masked', () => {
    const text = repeated('AKIA', 1 << 20);
    const d = chain.evaluate(user(text), { now: 0, mode: 'exhaustive' });
    expect(d.verdict).toBe('block');
    expect(d.steps[0]!.findings).toHaveLength(52428);
    // 20 characters a key, 16 left over at the end (too short for one).
    const sanitized = (d.request.messages as Array<{ content: string }>)[0]!.content;
    expect(sanitized).toBe('[API_KEYS_REDACTED]'.repeat(52428) + 'AKIA'.repeat(4));
  });
});

describe('hostile texts: dlp-filter blocked_terms near many terms', () => {
  const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  const terms = Array.from({ length: 60 }, (_, i) => `project${NAMES[i % NAMES.length]}${i}`);
  const chain = prepareChain(pack('dlp-filter', { blocked_terms: terms, fuzzy_matching: true, max_distance: 2 }));
  // Each word is within 2 edits of several terms ("projectalpha0" of projectalpha10, projectalpha20, ...).
  const text = repeated('projectalpha0 projectbravo1, xprojectalpha30 hello ', 60_000);
  const all = referenceTermMatcher(terms, 2).scan(text);

  it('reports the first matches of each term, counts the rest, and redacts every one', () => {
    const d = chain.evaluate(user(text), { now: 0, mode: 'exhaustive' });
    const step = d.steps[0]!;
    expect(step.verdict).toBe('redact');
    const seen = new Map<string, number>();
    const listed = all.filter((m) => {
      const k = (seen.get(m.term) ?? 0) + 1;
      seen.set(m.term, k);
      return k <= MAX_FINDINGS_PER_TERM;
    });
    expect(all.length).toBeGreaterThan(listed.length * 10);
    expect(step.findings.map((f) => [f.start, f.end, f.score])).toEqual(
      listed.map((m) => [m.start, m.end, 1 - m.distance / 10]),
    );
    expect(step.message).toContain(`${all.length - listed.length} more blocked_term matches not listed`);
    // Every match masked, overlapping ones as one span.
    const spans = [...all].sort((a, b) => a.start - b.start || b.end - a.end);
    let redacted = '';
    let at = 0;
    for (let i = 0; i < spans.length;) {
      const open = spans[i]!;
      let end = open.end;
      for (i++; i < spans.length && spans[i]!.start < end; i++) end = Math.max(end, spans[i]!.end);
      redacted += `${text.slice(at, open.start)}[BLOCKED_TERM_REDACTED]`;
      at = end;
    }
    redacted += text.slice(at);
    expect((d.request.messages as Array<{ content: string }>)[0]!.content).toBe(redacted);
  });

  it('still lists every match of a text under the cap', () => {
    const short = 'see projectalpha0 and projectbravo11';
    const d = chain.evaluate(user(short), { now: 0, mode: 'exhaustive' });
    const want = referenceTermMatcher(terms, 2).scan(short);
    expect(d.steps[0]!.findings.map((f) => [f.start, f.end])).toEqual(want.map((m) => [m.start, m.end]));
    expect(d.steps[0]!.message).toBe('blocked_term');
  });
});

describe('hostile texts: user regexes whose every match needs a look far past it', () => {
  // `\w+@|\w{32}` on a run of letters: each 32-letter match needs a read to the end of the run to rule out
  // the higher-priority `\w+@`, and the next search starts at its end. Searching match by match that is
  // n^2 / 64 units (1 MiB: 17 billion, hours); the stated bound (regex-dfa.ts) is 16 (n + 1) + 2050 per
  // text searched.
  const n = 1 << 20;
  const text = 'a'.repeat(n);
  const bound = 16 * (n + 1) + 2050;
  const tokens = n / 32;
  const spanOf = (f: Finding): [number, number] => [f.start, f.end];
  /** The units the user-regex searches read while `run` runs. */
  const unitsDuring = (run: () => void): number => {
    const before = unitsRead();
    run();
    return unitsRead() - before;
  };

  it('dlp-filter patterns: every match found and masked, reading at most the bound', () => {
    const chain = prepareChain(
      pack('dlp-filter', { patterns: [{ name: 'token', regex: '\\w+@|\\w{32}', action: 'redact' }] }),
    );
    let d: ReturnType<typeof chain.evaluate> | undefined;
    expect(unitsDuring(() => (d = chain.evaluate(user(text), { now: 0 })))).toBeLessThanOrEqual(bound);
    const step = d!.steps[0]!;
    expect(step.verdict).toBe('redact');
    expect(step.findings).toHaveLength(tokens);
    expect(spanOf(step.findings[0]!)).toEqual([0, 32]);
    expect(spanOf(step.findings[tokens - 1]!)).toEqual([n - 32, n]);
    expect((d!.request.messages as Array<{ content: string }>)[0]!.content).toBe('[TOKEN_REDACTED]'.repeat(tokens));
  });

  it('pii-detector detect_patterns and a legacy type: regex item: every match found, reading at most the bound', () => {
    const pii = prepareChain(pack('pii-detector', { categories: [], detect_patterns: ['[a-z]*x|a{32}'] }));
    let d: ReturnType<typeof pii.evaluate> | undefined;
    expect(unitsDuring(() => (d = pii.evaluate(user(text), { now: 0 })))).toBeLessThanOrEqual(bound);
    expect(d!.steps[0]!.verdict).toBe('redact');
    expect(d!.steps[0]!.findings).toHaveLength(tokens);
    const legacy = prepareChain(
      pack('input_filter', {
        name: 'l',
        type: 'input_filter',
        action: 'redact',
        patterns: [{ type: 'regex', pattern: '[a-z]*x|a{32}' }],
      }),
    );
    expect(unitsDuring(() => (d = legacy.evaluate(user(text), { now: 0 })))).toBeLessThanOrEqual(bound);
    expect(d!.steps[0]!.findings).toHaveLength(tokens);
  });

  it('prompt-injection attack_patterns and safety-filter block_if: the first 32 matches, through the same linear search', () => {
    // A second pattern with an empty alternative: re2js's find loop stepped over its empty matches without
    // counting them against the 32-findings cap, each one a read to the end of the run.
    const patterns = ['\\w+@|\\w{32}', '[a-z]*@|'];
    const injection = prepareChain(pack('prompt-injection', { detection: { attack_patterns: patterns } }));
    let d: ReturnType<typeof injection.evaluate> | undefined;
    const injectionUnits = unitsDuring(() => (d = injection.evaluate(user(text), { now: 0 })));
    const userPatterns = d!.steps[0]!.findings.filter((f) => f.detector.startsWith('injection.user_pattern'));
    expect(userPatterns.map(spanOf)).toEqual(Array.from({ length: 32 }, (_, i) => [32 * i, 32 * i + 32]));
    const safety = prepareChain(pack('safety-filter', { block_if: patterns }));
    const safetyUnits = unitsDuring(() => (d = safety.evaluate(user(text), { now: 0 })));
    expect(d!.steps[0]!.verdict).toBe('block');
    expect(d!.steps[0]!.findings.filter((f) => f.type === 'block_if')).toHaveLength(32);
    // Both patterns are searched on the one text view each detector reads here (the normalised text; no
    // decoded layer), by the linear search (whose counter moves) and within its bound.
    for (const units of [injectionUnits, safetyUnits]) {
      expect(units).toBeGreaterThanOrEqual(2 * n);
      expect(units).toBeLessThanOrEqual(2 * bound);
    }
  });
});
