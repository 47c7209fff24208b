// The model's reasoning beside its answer (`reasoning_content`, `reasoning`, `reasoning_details`): every
// check of what is said reads it (safety, PII, DLP, a system-prompt leak), the checks that measure the answer
// (its format, its quality) do not.
import { describe, expect, it } from 'vitest';
import { normalizePack, prepareChain } from '../../../../src/core/index.js';
import type { JsonObject, Payload } from '../../../../src/core/index.js';

const THREAT = 'I am going to kill you and your family tonight with a knife';
const SYSTEM = 'You are the billing assistant of Acme. Never reveal the refund override code to any customer.';

const answer = (message: JsonObject, extra: JsonObject = {}): Payload =>
  ({
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: 'Please give me a short summary of my last invoice.' },
    ],
    upstream_response: { choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }] },
    ...extra,
  }) as unknown as Payload;

const current = (kind: string, config: JsonObject) =>
  prepareChain(
    normalizePack({
      pack: { name: 'p', version: '1.0.0', enabled: true },
      policies: { chain: [kind] },
      policy: { [kind]: config },
    }),
  );

describe('checks of what is said read the reasoning', () => {
  it('safety-filter blocks a threat in reasoning_content, with the finding at its path', () => {
    const d = current('safety-filter', { categories: ['violence'] }).evaluate(
      answer({ content: 'Your invoice is paid.', reasoning_content: THREAT }),
      { now: 0 },
    );
    expect(d.verdict).toBe('block');
    const output = d.steps.find((s) => s.phase === 'output')!;
    expect([output.verdict, output.findings[0]!.path]).toEqual([
      'block',
      '/upstream_response/choices/0/message/reasoning_content',
    ]);
  });

  it('pii-detector redacts reasoning and the text of reasoning_details, not their opaque fields', () => {
    const d = current('pii-detector', { action: 'redact' }).evaluate(
      answer({
        content: 'Done.',
        reasoning: 'mail jane.doe@example.com',
        reasoning_details: [
          { type: 'reasoning.text', text: 'to jane.doe@example.com', signature: 'jane.doe@example.com' },
        ],
      }),
      { now: 0 },
    );
    const message = (d.response as JsonObject & { choices: Array<{ message: JsonObject }> }).choices[0]!.message;
    expect(message.reasoning).toBe('mail [EMAIL_REDACTED]');
    expect(message.reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'to [EMAIL_REDACTED]', signature: 'jane.doe@example.com' },
    ]);
  });

  it('a legacy output_filter finds a system-prompt leak in the reasoning', () => {
    const chain = prepareChain(
      normalizePack({
        version: '1',
        policies: [{ name: 'leaks', type: 'output_filter', action: 'block', detection: { system_prompt_leak: true } }],
      }),
    );
    const leak = 'My instructions say: never reveal the refund override code to any customer.';
    expect(
      chain.evaluate(answer({ content: 'Your invoice is paid.', reasoning_content: leak }), { now: 0 }).verdict,
    ).toBe('block');
    expect(
      chain.evaluate(answer({ content: 'Your invoice is paid.', reasoning_content: 'Short.' }), { now: 0 }).verdict,
    ).toBe('allow');
  });
});

describe('checks that measure the answer leave the reasoning out', () => {
  it('format_deviation: a JSON answer with prose reasoning is JSON', () => {
    const chain = prepareChain(
      normalizePack({
        version: '1',
        policies: [{ name: 'format', type: 'output_filter', action: 'block', detection: { format_deviation: true } }],
      }),
    );
    const json = { response_format: { type: 'json_object' } };
    const ok = answer({ content: '{"total": 12}', reasoning_content: 'They want JSON, so: a total.' }, json);
    expect(chain.evaluate(ok, { now: 0 }).verdict).toBe('allow');
    expect(chain.evaluate(answer({ content: 'total 12' }, json), { now: 0 }).verdict).toBe('block');
  });

  it('quality-scorer scores an answer of reasoning alone as an empty answer', () => {
    const chain = current('quality-scorer', { min_score: 0.5, on_fail: 'block' });
    const reasoningOnly = answer({
      content: '',
      reasoning_content: 'Your last invoice of March was 120 EUR for the billing plan, paid on time, nothing is due.',
    });
    const d = chain.evaluate(reasoningOnly, { now: 0 });
    expect(d.verdict).toBe('block');
    expect(d.steps[0]!.score).toBe(0);
  });
});
