/**
 * Inline `testing.suites` checks that `kt policy test` would otherwise only report when the case runs, as a
 * failure without a position: a suite assertion `type` it does not check (the schema shares the assertion
 * shape with quality-scorer, so `llm-rubric` or `is-json` passed lint and then failed every case of the
 * suite), and a suite `target` that names no step of the chain. Both are E004 at the value, with a
 * did-you-mean.
 */
import type { JsonObject, PackModel } from '../../core/types.js';
import { isObject } from '../../core/pack/json.js';
import { didYouMeanHint } from '../suggest.js';

/** Suite assertion `type` -> the golden-test check it is (src/cli/commands/policy/golden.ts reads it). */
export const suiteAssertionChecks: Readonly<Record<string, string>> = {
  verdict: 'verdict',
  reason_code: 'reason_code',
  blocked_by: 'blocked_by',
  policy: 'blocked_by',
  status: 'http_status',
  http_status: 'http_status',
  contains: 'redacted_contains',
  redacted_contains: 'redacted_contains',
  not_contains: 'redacted_not_contains',
  redacted_not_contains: 'redacted_not_contains',
  finding: 'findings',
  findings: 'findings',
  no_finding: 'no_findings',
  no_findings: 'no_findings',
};

export interface SuiteProblem {
  segments: string[];
  message: string;
  hint: string;
}

export function suiteProblems(doc: JsonObject, model: PackModel): SuiteProblem[] {
  const testing = doc.testing;
  if (!isObject(testing) || !Array.isArray(testing.suites)) return [];
  const types = Object.keys(suiteAssertionChecks);
  // A target names a step: a chain entry's name or kind (the network step is named gateway).
  const steps = [...new Set([...model.chain.flatMap((e) => [e.name, e.kind]), 'gateway'])];
  const out: SuiteProblem[] = [];
  testing.suites.forEach((suite, s) => {
    if (!isObject(suite)) return;
    const at = ['testing', 'suites', String(s)];
    if (typeof suite.target === 'string' && !steps.includes(suite.target))
      out.push({
        segments: [...at, 'target'],
        message: `testing.suites[${s}].target: '${suite.target}' is not a step of the chain, so every case of the suite would fail`,
        hint: didYouMeanHint(suite.target, steps) ?? `Steps: ${steps.join(', ')}`,
      });
    if (!Array.isArray(suite.assertions)) return;
    suite.assertions.forEach((a, i) => {
      if (!isObject(a) || typeof a.type !== 'string' || a.enabled === false) return;
      if (Object.hasOwn(suiteAssertionChecks, a.type)) return;
      out.push({
        segments: [...at, 'assertions', String(i), 'type'],
        message: `testing.suites[${s}].assertions[${i}].type: kt policy test has no suite assertion '${a.type}', so every case of the suite would fail`,
        hint:
          didYouMeanHint(a.type, types) ??
          `Suite assertions check the decision: ${types.join(', ')}; answer-quality assertions (llm-rubric, is-json, ...) belong in policy.quality-scorer.assertions`,
      });
    });
  });
  return out;
}
