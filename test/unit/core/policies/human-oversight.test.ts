import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function oversight(config: JsonObject) {
  const pack: PackModel = onePolicyPack('human-oversight', config);
  return prepareChain(pack);
}

const exchange = (question: string, answer: string, extra: JsonObject = {}): Payload => ({
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: question },
  ],
  upstream_response: { choices: [{ index: 0, message: { role: 'assistant', content: answer } }], ...extra },
});

describe('human-oversight findings', () => {
  const chain = oversight({ require_human_for: ['financial_advice', 'medical_decisions'], confidence_threshold: 0.7 });

  it('point at the string the area was found in, with offsets into it (they pointed at /upstream_response and /messages)', () => {
    const d = chain.evaluate(exchange('What dose of ibuprofen?', 'Hello there. You could invest in index funds.'), {
      now: 0,
    });
    expect(d.verdict).toBe('escalate');
    expect(d.steps[0]!.findings).toEqual([
      {
        type: 'financial_advice',
        detector: 'human-oversight',
        path: '/upstream_response/choices/0/message/content',
        start: 23,
        end: 29,
        preview: 'invest',
      },
      {
        type: 'medical_decisions',
        detector: 'human-oversight',
        path: '/messages/1/content',
        start: 5,
        end: 9,
        preview: 'dose',
      },
    ]);
  });

  it('reads a confidence given as a string (it was ignored)', () => {
    const low = chain.evaluate(exchange('hi', 'Hello', { confidence: '0.2' }), { now: 0 });
    expect(low).toMatchObject({ verdict: 'escalate', reason_code: 'human_oversight.required' });
    expect(low.steps[0]!.findings[0]).toMatchObject({
      type: 'low_confidence',
      path: '/upstream_response/confidence',
      score: 0.2,
    });
    expect(chain.evaluate(exchange('hi', 'Hello', { confidence: '0.9' }), { now: 0 }).verdict).toBe('allow');
    expect(chain.evaluate(exchange('hi', 'Hello', { confidence: 'low' }), { now: 0 }).verdict).toBe('allow');
  });
});

describe('human-oversight block_pending', () => {
  const ask = exchange('Should I buy this stock?', 'You could invest in index funds.');

  it('blocks while the escalation is pending (the accepted field was ignored: the answer was only escalated)', () => {
    const d = oversight({ require_human_for: ['financial_advice'], block_pending: true }).evaluate(ask, { now: 0 });
    expect(d.verdict).toBe('block');
    expect(d.steps[0]!.verdict).toBe('escalate');
    expect(d.steps[0]!.reason_code).toBe('escalation.block_pending');
    expect(d.steps[0]!.message).toContain('financial_advice');
  });

  it('without it (or false) the answer is held as an escalation; action: block blocks either way', () => {
    for (const config of [{}, { block_pending: false }] as JsonObject[])
      expect(oversight({ require_human_for: ['financial_advice'], ...config }).evaluate(ask, { now: 0 }).verdict).toBe(
        'escalate',
      );
    const blocked = oversight({ require_human_for: ['financial_advice'], action: 'block', block_pending: true });
    expect(blocked.evaluate(ask, { now: 0 }).reason_code).toBe('human_oversight.required');
  });
});

describe('human-oversight area names', () => {
  it('reads an area in any case and with hyphens or spaces (such names were skipped), typed as the pack writes it', () => {
    const d = oversight({ require_human_for: ['Financial_Advice', 'legal-opinions', 'candidate screening'] }).evaluate(
      exchange('Can I sue my landlord?', 'We will interview the candidate. Index investments are fine.'),
      { now: 0 },
    );
    expect(d.verdict).toBe('escalate');
    expect(d.steps[0]!.findings.map((f) => [f.type, f.preview])).toEqual([
      ['Financial_Advice', 'investments'],
      ['legal-opinions', 'sue'],
      ['candidate screening', 'interview'],
    ]);
  });

  it('reads medical_advice and legal_advice as the reference areas they mean (they were refused with no suggestion)', () => {
    const d = oversight({ require_human_for: ['legal_advice'] }).evaluate(
      exchange('Can I sue my landlord?', 'You could sue for the deposit.'),
      { now: 0 },
    );
    expect(d.verdict).toBe('escalate');
    expect(d.steps[0]!.findings.map((f) => f.type)).toContain('legal_advice');
  });
});

describe('human-oversight question', () => {
  const chain = oversight({ require_human_for: ['financial_advice'] });
  const answer = { choices: [{ index: 0, message: { role: 'assistant', content: 'Here is the summary.' } }] };

  it('is the last user text, not a tool_result part in the user turn (a search result was read as the question)', () => {
    const d = chain.evaluate(
      {
        messages: [
          { role: 'user', content: 'Summarise the weather report.' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'search', input: { q: 'weather' } }] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't1', content: 'Ad: invest in stocks today' },
              { type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: 'mortgage rates fall' }] },
            ],
          },
        ],
        upstream_response: answer,
      },
      { now: 0 },
    );
    expect(d.verdict).toBe('allow');
  });

  it('reads every text part of the last user turn, and a question asked before a tool message', () => {
    const parts = chain.evaluate(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Should I put my savings in stocks?' },
              { type: 'text', text: 'Answer briefly.' },
            ],
          },
        ],
        upstream_response: answer,
      },
      { now: 0 },
    );
    expect(parts.steps[0]!.findings).toMatchObject([{ type: 'financial_advice', path: '/messages/0/content/0/text' }]);
    const beforeTool = chain.evaluate(
      {
        messages: [
          { role: 'user', content: 'Is a mortgage a good idea now?' },
          { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'nothing found' },
        ],
        upstream_response: answer,
      },
      { now: 0 },
    );
    expect(beforeTool.steps[0]!.findings).toMatchObject([{ path: '/messages/0/content' }]);
  });
});
