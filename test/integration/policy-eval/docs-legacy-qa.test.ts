/**
 * The legacy list items of the public QA guide (reference §4.1: `type: quality` with `thresholds`,
 * `type: grounding` with `require_sources`, each with an `action`) as a user would write them. Their
 * `action` and `min_relevance_score` used to be ignored (a failing answer escalated under `action: block`,
 * an answer without sources passed, an off-topic one passed), and settings kt has no field for linted
 * clean with nothing said.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'kt-legacy-qa-')), 'policy-config.yaml');
  writeFileSync(file, text);
  return file;
};

const qaItems = (qualityAction: string, groundingAction: string) => `version: "1"
policies:
  - name: quality-gate
    type: quality
    phase: output
    action: ${qualityAction}
    thresholds:
      min_relevance_score: 0.7
      max_hallucination_risk: 0.3
      min_response_length: 50
      max_response_length: 4000
  - name: grounding-check
    type: grounding
    phase: output
    action: ${groundingAction}
    knowledge_base: product-docs
    min_citation_coverage: 0.8
    require_sources: true
`;

const question = 'Explain how photosynthesis works in plants.';
const payload = (answer: string) =>
  JSON.stringify({
    messages: [{ role: 'user', content: question }],
    upstream_response: { choices: [{ message: { role: 'assistant', content: answer } }] },
  });
const onTopic =
  'Photosynthesis is the process by which plants use sunlight, water and carbon dioxide to make glucose and oxygen (Smith, 2019). It takes place in the chloroplasts.';
const offTopic =
  'The stock market rose sharply today as investors cheered strong earnings from several large technology companies. Analysts expect more volatility in the coming weeks.';

const evaluate = async (pack: string, answer: string) => {
  const r = await runKt(['policy', 'eval', '--file', pack, '--all', '--json'], { stdin: payload(answer) });
  expect(r.exitCode).toBe(0);
  const d = JSON.parse(r.stdout) as {
    verdict: string;
    steps: Array<{ policy: string; verdict: string; reason_code: string | null }>;
  };
  const step = (name: string) => d.steps.find((s) => s.policy === name)!;
  return { verdict: d.verdict, quality: step('quality-gate'), grounding: step('grounding-check') };
};

describe('legacy QA items of the reference docs', () => {
  it("a quality item's action decides what a miss does (block blocks; it used to escalate)", async () => {
    const pack = write(qaItems('block', 'flag'));
    const r = await evaluate(pack, 'Yes.');
    expect(r.quality).toMatchObject({ verdict: 'block', reason_code: 'quality.below_threshold' });
    expect(r.verdict).toBe('block');
    expect((await evaluate(pack, onTopic)).quality.verdict).toBe('allow');
  });

  it('thresholds.min_relevance_score is the relevancy minimum: an off-topic answer is caught', async () => {
    const r = await evaluate(write(qaItems('escalate', 'flag')), offTopic);
    expect(r.quality).toMatchObject({ verdict: 'escalate', reason_code: 'quality.dimension_below_min' });
  });

  it("a grounding item's action applies to an answer without sources (block blocks; it used to allow)", async () => {
    const pack = write(qaItems('escalate', 'block'));
    const noSource = 'Photosynthesis turns sunlight, water and carbon dioxide into glucose and oxygen in plants.';
    expect((await evaluate(pack, noSource)).grounding).toMatchObject({
      verdict: 'block',
      reason_code: 'citation.unverified',
    });
    expect((await evaluate(pack, onTopic)).grounding.verdict).toBe('allow');
    // flag records the missing source and lets the answer through.
    const flagged = await evaluate(write(qaItems('escalate', 'flag')), noSource);
    expect(flagged.grounding).toMatchObject({ verdict: 'allow', reason_code: 'citation.unverified' });
  });

  it('lint names each setting kt does not enforce (W013 at file:line:col), and nothing else', async () => {
    const pack = write(qaItems('escalate', 'flag'));
    const r = await runKt(['policy', 'lint', pack, '--json']);
    expect(r.exitCode).toBe(0);
    const ds = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
      .diagnostics;
    expect(ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.path}`)).toEqual([
      'W004 2:1 policies',
      'W013 9:7 policies[0].thresholds.max_hallucination_risk',
      'W013 10:7 policies[0].thresholds.min_response_length',
      'W013 11:7 policies[0].thresholds.max_response_length',
      'W013 16:5 policies[1].knowledge_base',
      'W013 17:5 policies[1].min_citation_coverage',
    ]);
    // The settings kt reads (action, min_relevance_score, require_sources) are not reported.
    const text = await runKt(['policy', 'lint', pack]);
    expect(text.stdout).toContain(`${pack}:9:7`);
  });

  it('a generic filter item (content_filter, input_filter) with a setting kt does not read is W013 at the key', async () => {
    const pack = write(`policies:
  - name: content
    type: content_filter
    action: block
    categories: [violence]
    sensitivity: high
  - name: pii
    type: input_filter
    action: redact
    patterns:
      - type: email
    mask_char: "#"
`);
    const r = await runKt(['policy', 'lint', pack, '--json']);
    const ds = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
      .diagnostics;
    expect(ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.path}`)).toEqual([
      'W004 1:1 policies',
      'W013 6:5 policies[0].sensitivity',
      'W013 12:5 policies[1].mask_char',
    ]);
    // The seed's legacy pack uses only settings kt reads: the deprecation is its one warning.
    const seed = await runKt([
      'policy',
      'lint',
      join(import.meta.dirname, '../../../examples/legacy-dlp-and-injection.yaml'),
      '--json',
    ]);
    const seedDs = (JSON.parse(seed.stdout) as { files: Array<{ diagnostics: Array<{ code: string }> }> }).files[0]!
      .diagnostics;
    expect(seedDs.map((d) => d.code)).toEqual(['W004']);
  });
});
