import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, Payload, StepResult } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function verify(config: JsonObject, payload: Payload): StepResult {
  return prepareChain(onePolicyPack('citation-verifier', config)).evaluate(payload, { now: 0 }).steps[0]!;
}

const context = {
  documents: [
    'Refund policy update: customers may request a refund within 30 days of purchase. Refunds are paid to the original payment method within five business days.',
  ],
  sources: [{ url: 'https://example.com/policies' }],
};
const answer = (content: string): Payload => ({
  messages: [{ role: 'user', content: 'How do refunds work?' }],
  context,
  upstream_response: { choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] },
});

describe('citation-verifier min_confidence', () => {
  // A page under the supplied source: confidence 0.9.
  const underSource = answer(
    'Customers may request a refund within 30 days of purchase (https://example.com/policies/refunds).',
  );

  it('counts a citation as matched only at or above min_confidence (default 0.8)', () => {
    const lenient = verify({ require_source_match: true }, underSource);
    expect(lenient).toMatchObject({ verdict: 'allow' });
    expect(lenient.findings).toMatchObject([{ type: 'citation_url', detector: 'citation.matched', score: 0.9 }]);
    const strict = verify({ require_source_match: true, min_confidence: 0.95 }, underSource);
    expect(strict).toMatchObject({ verdict: 'block', reason_code: 'citation.unmatched' });
    expect(strict.findings).toMatchObject([{ type: 'citation_url', detector: 'citation.unmatched', score: 0.9 }]);
  });

  it('matches a quote with a small difference at the default, not at a stricter min_confidence', () => {
    // One word of the passage changed ("purchase" -> "payment"): 0.95 x (1 - 1/10) = 0.855.
    const quoted = answer(
      'The policy says "customers may request a refund within 30 days of payment" and nothing more.',
    );
    const lenient = verify({ require_source_match: true }, quoted);
    expect(lenient.verdict).toBe('allow');
    expect(lenient.findings).toMatchObject([{ type: 'citation_quote', detector: 'citation.matched', score: 0.855 }]);
    expect(verify({ require_source_match: true, min_confidence: 0.9 }, quoted).reason_code).toBe('citation.unmatched');
  });

  it('flags a low-confidence citation without blocking when require_source_match is off', () => {
    const s = verify({ min_confidence: 0.95 }, underSource);
    expect(s.verdict).toBe('allow');
    expect(s.findings[0]!.detector).toBe('citation.unmatched');
  });

  it('does not take a look-alike host for a supplied source', () => {
    const s = verify(
      { require_source_match: true },
      answer('Refunds take 30 days (https://example.com.evil.net/policies).'),
    );
    expect(s).toMatchObject({ verdict: 'block', reason_code: 'citation.unmatched' });
    expect(s.findings[0]).toMatchObject({ score: 0 });
  });
});

describe('citation-verifier findings', () => {
  it('point at the string the citation is in, with offsets into it (they pointed at /upstream_response with offsets into the joined answer)', () => {
    const second = 'Unrelated: see https://other.example.org/page for more.';
    const step = verify(
      { require_source_match: true },
      {
        messages: [{ role: 'user', content: 'How do refunds work?' }],
        context,
        upstream_response: {
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Refunds take 30 days (https://example.com/policies).' },
            },
            { index: 1, message: { role: 'assistant', content: second } },
          ],
        },
      },
    );
    const urls = step.findings.filter((f) => f.type === 'citation_url');
    expect(urls.map((f) => [f.path, f.start, f.end, f.detector])).toEqual([
      ['/upstream_response/choices/0/message/content', 22, 50, 'citation.matched'],
      ['/upstream_response/choices/1/message/content', 15, 45, 'citation.unmatched'],
    ]);
    expect(second.slice(15, 45)).toBe('https://other.example.org/page');
  });

  it('reads extract_patterns names in any case and in the plural', () => {
    const payload = answer(
      'The policy is at https://example.com/policies and "customers may request a refund within 30 days".',
    );
    const styles = (names: string[]) =>
      verify({ extract_patterns: names }, payload)
        .findings.map((f) => f.type)
        .sort();
    expect(styles(['URL', 'Quotes'])).toEqual(['citation_quote', 'citation_url']);
    expect(styles(['url'])).toEqual(['citation_url']);
  });
});

describe('citation-verifier grounding without context', () => {
  it('says a grounding minimum was not measured (the answer passed as if it had been found grounded)', () => {
    const bare = (content: string): Payload => ({
      messages: [{ role: 'user', content: 'How do refunds work?' }],
      upstream_response: { choices: [{ message: { role: 'assistant', content } }] },
    });
    const step = verify(
      { mode: 'strict', min_grounding_score: 0.7, require_sources: false },
      bare('Refunds take 90 days.'),
    );
    expect(step).toMatchObject({ verdict: 'allow', reason_code: 'citation.not_evaluated' });
    expect(step.findings).toEqual([
      { type: 'not_evaluated', detector: 'citation.grounding', path: '/context', start: 0, end: 0 },
    ]);
    expect(step.message).toContain('grounding not measured');
    // With context it is measured (and blocks here); without a minimum nothing is owed.
    expect(
      verify(
        { mode: 'strict', min_grounding_score: 0.7, require_sources: false },
        answer('Refunds take 90 days to the moon.'),
      ).reason_code,
    ).toBe('citation.ungrounded');
    expect(verify({ require_sources: false }, bare('Refunds take 90 days.'))).toMatchObject({
      verdict: 'allow',
      reason_code: null,
    });
    // An answer citing nothing stops at citation.unverified first, and still says grounding went unmeasured.
    const unverified = verify({ mode: 'strict', min_grounding_score: 0.7 }, bare('Refunds take 90 days.'));
    expect(unverified.reason_code).toBe('citation.unverified');
    expect(unverified.findings.map((f) => f.type)).toEqual(['not_evaluated', 'no_citation']);
    expect(unverified.message).toContain('grounding not measured');
  });
});
