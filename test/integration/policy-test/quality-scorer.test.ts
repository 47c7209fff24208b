/**
 * quality-scorer's per-dimension minimums and assertions through the CLI: a small pack, golden cases
 * run by `kt policy test`, and one payload through `kt policy eval` (what an operator sees).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const PACK = `pack: {name: answers, version: 1.0.0, enabled: true}
policies:
  chain: [quality-scorer]
policy:
  quality-scorer:
    thresholds: {min_aggregate: 0.6, min_relevancy: 0.75}
    assertions:
      - {type: not-icontains, value: "internal use only", name: no internal notes}
      - {type: regex, value: "\\\\b(rotate|revoke)\\\\b", case_sensitive: false}
      - {type: llm-rubric, value: "Gives concrete steps"}
    on_fail: block
`;

const QUESTION = 'How do I rotate the API key used by our billing service?';
const input = (answer: string) => ({
  messages: [{ role: 'user', content: QUESTION }],
  upstream_response: { choices: [{ message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] },
});
const GOOD =
  'To rotate the API key used by the billing service, create a new key, store it, reload the gateway, then revoke the old key.';

function packDir(cases: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-quality-'));
  writeFileSync(join(dir, 'policy-config.yaml'), PACK);
  mkdirSync(join(dir, 'tests'));
  for (const [name, c] of Object.entries(cases)) writeFileSync(join(dir, 'tests', name), JSON.stringify(c, null, 2));
  return dir;
}

describe('quality-scorer through kt policy test and kt policy eval', () => {
  it('lints with one warning: the rubric no judge checks (W013)', async () => {
    const dir = packDir({});
    const r = await runKt(['policy', 'lint', join(dir, 'policy-config.yaml'), '--json']);
    expect(r.exitCode).toBe(0);
    const ds = JSON.parse(r.stdout).files[0].diagnostics as { code: string; path: string }[];
    expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(['W013 policy.quality-scorer.assertions[2].type']);
  });

  it('golden cases: a dimension minimum and a failed assertion block; the unjudged rubric is reported', async () => {
    const dir = packDir({
      'good.json': {
        name: 'allows a relevant answer, reporting the rubric it could not judge',
        input: input(GOOD),
        expected: { verdict: 'allow', steps: { 'quality-scorer': 'allow' }, findings: ['not_evaluated'] },
      },
      'internal.json': {
        name: 'blocks an answer quoting internal notes',
        input: input(`${GOOD} (Internal use only: the old key stays valid for a day.)`),
        expected: { verdict: 'block', reason_code: 'quality.assertion_failed', findings: ['assertion_failed'] },
      },
      'off-topic.json': {
        name: 'blocks a fluent answer about something else, on relevancy alone',
        input: input(
          'Paris is the capital of France and sits on the Seine. Its museums hold famous paintings. Rotate.',
        ),
        expected: { verdict: 'block', reason_code: 'quality.dimension_below_min', findings: ['low_quality'] },
      },
    });
    const r = await runKt(['policy', 'test', '--pack-dir', dir, '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.results.map((x: { name: string; passed: boolean }) => [x.name, x.passed])).toEqual([
      ['allows a relevant answer, reporting the rubric it could not judge', true],
      ['blocks an answer quoting internal notes', true],
      ['blocks a fluent answer about something else, on relevancy alone', true],
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('kt policy eval shows which dimension and which assertion failed', async () => {
    const dir = packDir({});
    const payload = input('Paris is the capital of France. Internal use only: do not share.');
    const r = await runKt(['policy', 'eval', '--file', join(dir, 'policy-config.yaml'), '--json'], {
      stdin: JSON.stringify(payload),
    });
    expect(r.exitCode).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({
      verdict: 'block',
      reason_code: 'quality.dimension_below_min',
      blocked_by: 'quality-scorer',
    });
    expect(d.steps[0].findings.map((f: { type: string; detector: string }) => `${f.type} ${f.detector}`)).toEqual([
      'low_quality quality.heuristic:relevancy',
      'assertion_failed quality.assertion:not-icontains:no internal notes',
      'assertion_failed quality.assertion:regex',
      'not_evaluated quality.assertion:llm-rubric',
    ]);
    const text = await runKt(['policy', 'eval', '--file', join(dir, 'policy-config.yaml')], {
      stdin: JSON.stringify(payload),
    });
    expect(text.stdout).toContain("assertion 'no internal notes' (not-icontains) failed");
    expect(text.stdout).toContain('not evaluated: assertion (llm-rubric): needs a judge (none supplied)');
  });
});
