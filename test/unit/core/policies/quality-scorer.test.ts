import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { EvalContext, JsonObject, Payload, StepResult } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function scorer(config: JsonObject) {
  return prepareChain(onePolicyPack('quality-scorer', config));
}

const QUESTION = 'How do I rotate the API key used by our billing service?';
// Well formed and long enough, but about something else: relevancy 0.4, yet the built-in blend passes 0.6.
const OFF_TOPIC =
  'Paris is the capital of France and sits on the Seine. Its museums hold famous paintings from many centuries.';
const ON_TOPIC =
  'To rotate the API key used by the billing service, create a new key, store it, reload the gateway, then revoke the old key.';

const exchange = (answer: string, extra: Partial<Payload> = {}, finish = 'stop'): Payload => ({
  messages: [{ role: 'user', content: QUESTION }],
  upstream_response: { choices: [{ message: { role: 'assistant', content: answer }, finish_reason: finish }] },
  ...extra,
});

function step(config: JsonObject, payload: Payload, ctx: Partial<EvalContext> = {}): StepResult {
  return scorer(config).evaluate(payload, { now: 0, ...ctx }).steps[0]!;
}

describe('quality-scorer dimensions', () => {
  it('passes the off-topic answer on the aggregate alone (the baseline the next tests change)', () => {
    const s = step({}, exchange(OFF_TOPIC));
    expect(s.verdict).toBe('allow');
    expect(s.score).toBeGreaterThanOrEqual(0.6);
    expect(s.message).toContain('relevancy 0.4');
  });

  it('fails a dimension below its minimum even when the aggregate passes, naming the dimension', () => {
    for (const config of [
      { thresholds: { min_relevancy: 0.75 } },
      { dimensions: { relevancy: { min_score: 0.75 } } },
      { dimensions: { relevance: { min_score: 0.75 } } },
    ] as JsonObject[]) {
      const s = step(config, exchange(OFF_TOPIC));
      expect(s).toMatchObject({ verdict: 'escalate', reason_code: 'quality.dimension_below_min' });
      expect(s.findings).toEqual([
        {
          type: 'low_quality',
          detector: 'quality.heuristic:relevancy',
          path: '/upstream_response',
          start: 0,
          end: 0,
          score: 0.4,
        },
      ]);
      expect(s.message).toContain('relevancy 0.4 below its minimum 0.75');
    }
    expect(step({ thresholds: { min_relevancy: 0.75 } }, exchange(ON_TOPIC)).verdict).toBe('allow');
  });

  it('checks min_coherence and min_completeness too', () => {
    const repetitive = 'Rotate the key. Rotate the key. Rotate the key. Rotate the key. Rotate the key.';
    const s = step({ thresholds: { min_coherence: 0.65 } }, exchange(repetitive));
    expect(s.findings.map((f) => f.detector)).toContain('quality.heuristic:coherence');
    const short = step({ min_output_chars: 200, thresholds: { min_completeness: 0.9 } }, exchange(ON_TOPIC));
    expect(short).toMatchObject({ verdict: 'escalate', reason_code: 'quality.dimension_below_min' });
    expect(short.findings[0]!.detector).toBe('quality.heuristic:completeness');
  });

  it('weights replace the built-in weighting of the aggregate', () => {
    expect(step({}, exchange(OFF_TOPIC)).verdict).toBe('allow');
    const onlyRelevancy = step({ weights: { relevancy: 1 } }, exchange(OFF_TOPIC));
    expect(onlyRelevancy).toMatchObject({ verdict: 'escalate', reason_code: 'quality.below_threshold', score: 0.4 });
    const viaDimensions = step(
      { dimensions: { relevancy: { weight: 3 }, coherence: { weight: 1 } } },
      exchange(OFF_TOPIC),
    );
    const coherence = Number(/coherence ([\d.]+)/.exec(viaDimensions.message!)![1]);
    expect(viaDimensions.score).toBeCloseTo((3 * 0.4 + coherence) / 4, 3);
  });

  it('leaves out weighted dimensions it cannot measure and renormalises the rest', () => {
    // faithfulness has no context to be measured against; accuracy has no judge.
    const s = step({ weights: { relevancy: 0.5, faithfulness: 0.25, accuracy: 0.25 } }, exchange(OFF_TOPIC));
    expect(s.score).toBe(0.4);
    expect(s.message).toContain('accuracy left out of the aggregate: needs a judge');
    // Nothing weighted measurable: not evaluated, said, never a silent pass.
    const none = step({ weights: { accuracy: 1 } }, exchange(ON_TOPIC));
    expect(none).toMatchObject({ verdict: 'allow', reason_code: 'quality.not_evaluated' });
    expect(none.findings.map((f) => [f.type, f.detector])).toEqual([['not_evaluated', 'quality.aggregate']]);
  });

  it('scores faithfulness against the supplied context', () => {
    const context = {
      documents: ['Billing keys are rotated in the provider console, then stored with kt config-vars set.'],
    };
    const config = { thresholds: { min_faithfulness: 0.8 } };
    const grounded = 'Billing keys are rotated in the provider console. They are then stored with kt config-vars set.';
    expect(step(config, exchange(grounded, { context })).verdict).toBe('allow');
    const invented = step(config, exchange(OFF_TOPIC, { context }));
    expect(invented).toMatchObject({ verdict: 'escalate', reason_code: 'quality.dimension_below_min' });
    expect(invented.findings[0]).toMatchObject({ detector: 'quality.heuristic:faithfulness', score: 0 });
    // A grounding judge is used when supplied.
    const judged = step(config, exchange(grounded, { context }), { judges: { grounding: () => 0.5 } });
    expect(judged.findings[0]).toMatchObject({ detector: 'quality.judge:faithfulness', score: 0.5 });
    // No context: nothing to be faithful to; said in the message, not a finding.
    const noContext = step(config, exchange(ON_TOPIC));
    expect(noContext).toMatchObject({ verdict: 'allow', reason_code: null, findings: [] });
    expect(noContext.message).toContain('faithfulness not scored: no context documents');
  });

  it('takes accuracy from a judge only, and says when there is none', () => {
    const config = { thresholds: { min_accuracy: 0.8 } };
    const none = step(config, exchange(ON_TOPIC));
    expect(none).toMatchObject({ verdict: 'allow', reason_code: 'quality.not_evaluated' });
    expect(none.findings).toMatchObject([{ type: 'not_evaluated', detector: 'quality.judge:accuracy' }]);
    const asked: unknown[] = [];
    const judge = (input: { criterion?: unknown }) => {
      asked.push(input.criterion);
      return input.criterion === undefined ? 0.9 : 0.3;
    };
    const judged = step(config, exchange(ON_TOPIC), { judges: { quality: judge } });
    expect(judged).toMatchObject({ verdict: 'escalate', reason_code: 'quality.dimension_below_min', score: 0.9 });
    expect(judged.findings[0]).toMatchObject({ detector: 'quality.judge:accuracy', score: 0.3 });
    expect(asked).toContainEqual({ kind: 'dimension', name: 'accuracy' });
  });

  it('switches a dimension off with benchmarks.<name>: false', () => {
    const s = step(
      { thresholds: { min_relevancy: 0.75 }, benchmarks: { ragas_relevancy: false } },
      exchange(OFF_TOPIC),
    );
    expect(s.verdict).toBe('allow');
    expect(s.message).not.toContain('relevancy');
    // Out of the aggregate too: only coherence (1 here) is left of the two weighted dimensions.
    const weighted = { weights: { relevancy: 1, coherence: 1 } };
    expect(step(weighted, exchange(OFF_TOPIC)).score).toBe(0.7);
    expect(step({ ...weighted, benchmarks: { ragas_relevancy: false } }, exchange(OFF_TOPIC)).score).toBe(1);
  });

  it('combines dimensions by pass_policy.strategy', () => {
    const mean = step({ pass_policy: { strategy: 'weighted_average', threshold: 0.6 } }, exchange(OFF_TOPIC));
    expect(mean.verdict).toBe('allow');
    const all = step({ pass_policy: { strategy: 'all', threshold: 0.6 } }, exchange(OFF_TOPIC));
    expect(all).toMatchObject({ verdict: 'escalate', reason_code: 'quality.below_threshold', score: 0.4 });
    const any = step(
      { pass_policy: { strategy: 'any', threshold: 0.9 }, weights: { relevancy: 1, completeness: 1 } },
      exchange(OFF_TOPIC),
    );
    expect(any).toMatchObject({ verdict: 'allow', score: 1 });
  });

  it('still caps a refusal whatever the weights', () => {
    const s = step({ weights: { coherence: 1 } }, exchange("I'm sorry, but I can't help with that request."));
    expect(s).toMatchObject({ verdict: 'escalate', score: 0.3 });
  });
});

describe('quality-scorer assertions', () => {
  const verdictOf = (
    assertion: JsonObject,
    answer: string,
    ctx: Partial<EvalContext> = {},
    extra: Partial<Payload> = {},
    // Pass mark 0: only the assertion decides.
  ) => step({ overall_min_score: 0, assertions: [assertion] }, exchange(answer, extra), ctx);

  it.each([
    [{ type: 'contains', value: 'billing' }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'contains', value: 'Billing', case_sensitive: false }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'icontains', value: 'BILLING' }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'not-contains', value: 'Paris' }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'contains', value: 'Paris', negate: true }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'contains-any', value: ['gateway', 'console'] }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'contains-all', value: ['rotate', 'revoke'] }, ON_TOPIC, 'Just rotate it and reload the gateway now.'],
    [{ type: 'equals', value: 'Done.' }, ' Done.\n', 'Done!'],
    [{ type: 'starts-with', value: 'To rotate' }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'regex', value: '\\brevoke\\b' }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'regex', value: 'REVOKE', case_sensitive: false }, ON_TOPIC, OFF_TOPIC],
    [{ type: 'not-regex', value: '\\d{3}-\\d{2}-\\d{4}' }, ON_TOPIC, 'The number is 536-22-1234.'],
    [{ type: 'is-json' }, '{"steps": ["create", "store", "revoke"]}', ON_TOPIC],
    [{ type: 'not-is-json' }, ON_TOPIC, '[1, 2]'],
  ])('%j passes on one answer and fails on another', (assertion, passing, failing) => {
    expect(verdictOf(assertion, passing)).toMatchObject({ verdict: 'allow', reason_code: null, findings: [] });
    const bad = verdictOf(assertion, failing);
    expect(bad).toMatchObject({ verdict: 'escalate', reason_code: 'quality.assertion_failed' });
    expect(bad.findings).toMatchObject([
      { type: 'assertion_failed', detector: expect.stringMatching(/^quality\.assertion:/) },
    ]);
  });

  it('a failed assertion is a finding that takes on_fail / failure_action.action, located where it can be', () => {
    const s = step(
      { assertions: [{ type: 'not-contains', value: 'Paris', name: 'no travel talk' }], on_fail: 'block' },
      exchange(OFF_TOPIC),
    );
    expect(s).toMatchObject({ verdict: 'block', reason_code: 'quality.assertion_failed' });
    expect(s.findings).toEqual([
      {
        type: 'assertion_failed',
        detector: 'quality.assertion:not-contains:no travel talk',
        path: '/upstream_response',
        start: 0,
        end: 5,
      },
    ]);
    expect(s.message).toContain("assertion 'no travel talk' (not-contains) failed");
    const viaFailureAction = step(
      { assertions: [{ type: 'contains', value: 'revoke' }], failure_action: { action: 'block' } },
      exchange(OFF_TOPIC),
    );
    expect(viaFailureAction.verdict).toBe('block');
  });

  it('skips an assertion with enabled: false', () => {
    const assertion = { type: 'contains', value: 'revoke' };
    expect(step({ assertions: [assertion] }, exchange(OFF_TOPIC)).verdict).toBe('escalate');
    const s = step({ assertions: [{ ...assertion, enabled: false }] }, exchange(OFF_TOPIC));
    expect(s).toMatchObject({ verdict: 'allow', reason_code: null, findings: [] });
  });

  it('reports without failing in mode audit or with weight 0; names a shadow failure in the message only', () => {
    for (const extra of [{ mode: 'audit' }, { weight: 0 }] as JsonObject[]) {
      const s = step({ assertions: [{ type: 'contains', value: 'revoke', ...extra }] }, exchange(OFF_TOPIC));
      expect(s.verdict).toBe('allow');
      expect(s.findings.map((f) => f.type)).toEqual(['assertion_failed']);
    }
    const shadow = step({ assertions: [{ type: 'contains', value: 'revoke', mode: 'shadow' }] }, exchange(OFF_TOPIC));
    expect(shadow).toMatchObject({ verdict: 'allow', findings: [] });
    expect(shadow.message).toContain('(contains) failed [shadow]');
  });

  it('context-faithfulness compares grounding with the threshold', () => {
    const context = { documents: ['The billing key is rotated every 90 days by the platform team.'] };
    const assertion = { type: 'context-faithfulness', threshold: 0.9 };
    const grounded = 'The billing key is rotated every 90 days. The platform team rotates the billing key.';
    expect(verdictOf(assertion, grounded, {}, { context }).verdict).toBe('allow');
    const bad = verdictOf(assertion, OFF_TOPIC, {}, { context });
    expect(bad).toMatchObject({ verdict: 'escalate', reason_code: 'quality.assertion_failed' });
    expect(bad.findings[0]).toMatchObject({ detector: 'quality.assertion:context-faithfulness', score: 0 });
    // Negated: passes below the threshold.
    expect(verdictOf({ ...assertion, negate: true }, OFF_TOPIC, {}, { context }).verdict).toBe('allow');
  });

  it.each(['llm-rubric', 'factuality', 'model-graded-closedqa'])(
    '%s asks the judge with its text, passes at the threshold, and is reported as not evaluated without a judge',
    (type) => {
      const assertion = { type, value: 'Gives concrete steps', threshold: 0.7 };
      const asked: unknown[] = [];
      // The judge also gives the overall score (no criterion): a good one, so only the assertion decides.
      const judge = (score: number) => (input: { criterion?: unknown }) => {
        if (input.criterion === undefined) return 0.9;
        asked.push(input.criterion);
        return score;
      };
      expect(verdictOf(assertion, ON_TOPIC, { judges: { quality: judge(0.8) } }).verdict).toBe('allow');
      expect(asked).toEqual([{ kind: 'assertion', name: type, text: 'Gives concrete steps' }]);
      const low = verdictOf(assertion, ON_TOPIC, { judges: { quality: judge(0.5) } });
      expect(low).toMatchObject({ verdict: 'escalate', reason_code: 'quality.assertion_failed' });
      expect(low.findings.find((f) => f.type === 'assertion_failed')).toMatchObject({ score: 0.5 });
      const none = verdictOf(assertion, ON_TOPIC);
      expect(none).toMatchObject({ verdict: 'allow', reason_code: 'quality.not_evaluated' });
      expect(none.findings).toMatchObject([{ type: 'not_evaluated', detector: `quality.assertion:${type}` }]);
      expect(none.message).toContain(`not evaluated: assertion (${type}): needs a judge (none supplied)`);
    },
  );

  it('takes the rubric from config when there is no value', () => {
    const asked: unknown[] = [];
    step({ assertions: [{ type: 'llm-rubric', config: { rubric: 'Is polite' } }] }, exchange(ON_TOPIC), {
      judges: {
        quality: (input) => {
          asked.push(input.criterion);
          return 1;
        },
      },
    });
    expect(asked).toContainEqual({ kind: 'assertion', name: 'llm-rubric', text: 'Is polite' });
  });

  it('runs a user regex in linear time: a pattern that backtracks catastrophically elsewhere, on a long hostile answer', () => {
    const hostile = `${'a'.repeat(200_000)}!`;
    for (const value of ['(a+)+$', '(a|aa)*b', '[a-z]*x|a']) {
      const s = step({ assertions: [{ type: 'regex', value }] }, exchange(hostile));
      expect(s.verdict).not.toBe('error');
    }
    expect(
      step({ assertions: [{ type: 'regex', value: '(a|aa)*b' }] }, exchange(hostile)).findings.map((f) => f.type),
    ).toContain('assertion_failed');
  });

  it('an assertion that cannot run is a config error step, never a crash', () => {
    for (const assertion of [
      { type: 'regex', value: '(unclosed' },
      { type: 'regex', value: '(?<=x)y' },
      { type: 'contains-typo', value: 'x' },
      { type: 'contains' },
    ] as JsonObject[]) {
      const d = scorer({ assertions: [assertion] }).evaluate(exchange(ON_TOPIC), { now: 0 });
      expect(d.steps[0]).toMatchObject({ verdict: 'error', reason_code: 'policy.config_error' });
      expect(d.verdict).toBe('block');
    }
  });
});

describe('quality-scorer reads the question the user asked', () => {
  // An agent loop: the user asks, the model calls a tool, and the tool's result comes back in a user turn
  // (Anthropic-style `tool_result` part). The result is what a search returned, not the question.
  const agentLoop = (answer: string): Payload => ({
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Our billing service needs attention.' },
          { type: 'text', text: QUESTION },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'search', input: { q: 'key rotation' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: OFF_TOPIC }] },
    ],
    upstream_response: { choices: [{ message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] },
  });

  it('measures relevancy against the last user turn of its own (all its text parts), not a tool result', () => {
    expect(step({ thresholds: { min_relevancy: 0.75 } }, agentLoop(ON_TOPIC)).verdict).toBe('allow');
    expect(step({ thresholds: { min_relevancy: 0.75 } }, agentLoop(OFF_TOPIC)).verdict).toBe('escalate');
  });

  it('hands the judge that question', () => {
    const asked: string[] = [];
    step({}, agentLoop(ON_TOPIC), {
      judges: {
        quality: ({ request }) => {
          asked.push(request);
          return 0.9;
        },
      },
    });
    expect(asked).toEqual([`Our billing service needs attention.\n${QUESTION}`]);
  });
});
