import { describe, expect, it } from 'vitest';
import { lintParsed } from '../../../src/schema/lint.js';
import { parsePackText } from '../../../src/schema/parse.js';

// W013 (a model-graded assertion needs a judge kt never has) is tested in unenforced.test.ts.
const lint = async (text: string) =>
  (await lintParsed(parsePackText(text, 't.yaml'), { env: {} })).diagnostics.filter((d) => d.code !== 'W013');
const brief = (ds: Awaited<ReturnType<typeof lint>>) => ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.path}`);

/** A current-shape pack whose quality-scorer block is `block` (indented under `quality-scorer:`). */
const pack = (block: string) =>
  `pack: {name: q, version: 1.0.0, enabled: true}
policies:
  chain: [quality-scorer]
policy:
  quality-scorer:
${block
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

describe('lint: quality-scorer assertions', () => {
  it('accepts every assertion type kt evaluates, with and without the not- prefix', async () => {
    const ds = await lint(
      pack(`
assertions:
  - {type: contains, value: refund, case_sensitive: false}
  - {type: not-icontains, value: password}
  - {type: contains-any, value: [a, b]}
  - {type: contains-all, value: [a, b]}
  - {type: equals, value: "OK"}
  - {type: starts-with, value: "Dear"}
  - {type: regex, value: "\\\\d+"}
  - {type: is-json}
  - {type: context-faithfulness, threshold: 0.8}
  - {type: llm-rubric, value: "Is polite", threshold: 0.7}
  - {type: factuality, config: {reference_statement: "Paris is the capital"}}
  - {type: model-graded-closedqa, value: "Answers the question"}
`),
    );
    expect(ds).toEqual([]);
  });

  it('reports an unknown assertion type (E004) at the type, with a did-you-mean', async () => {
    const ds = await lint(pack(`assertions:\n  - {type: contain, value: refund}\n  - {type: not-is-jsno}`));
    expect(brief(ds)).toEqual([
      'E004 7:16 policy.quality-scorer.assertions[0].type',
      'E004 8:16 policy.quality-scorer.assertions[1].type',
    ]);
    expect(ds[0]!.message).toContain("'contain' is not an assertion type kt evaluates");
    expect(ds[0]!.hint).toMatch(/^Did you mean 'contains'\?/);
    expect(ds[1]!.hint).toMatch(/^Did you mean 'not-is-json'\?/);
  });

  it('reports an invalid or non-RE2 regex (E007, E009) at the value, never crashing', async () => {
    const ds = await lint(
      pack(
        `assertions:\n  - {type: regex, value: "(unclosed"}\n  - {type: not-regex, value: "(?<=x)y"}\n  - {type: regex, value: "(a+)+$"}`,
      ),
    );
    expect(brief(ds)).toEqual([
      'E007 7:30 policy.quality-scorer.assertions[0].value',
      'E009 8:34 policy.quality-scorer.assertions[1].value',
      'E008 9:30 policy.quality-scorer.assertions[2].value',
    ]);
    // A value that is a pattern only for regex types: the same text under contains is a plain text.
    expect(await lint(pack(`assertions:\n  - {type: contains, value: "(unclosed"}`))).toEqual([]);
  });

  it('reports a threshold outside 0..1 (E004), on assertions and in thresholds', async () => {
    const ds = await lint(
      pack(`thresholds: {min_relevancy: 1.5}\nassertions:\n  - {type: llm-rubric, value: polite, threshold: 7}`),
    );
    expect(brief(ds)).toEqual([
      'E004 6:33 policy.quality-scorer.thresholds.min_relevancy',
      'E004 8:54 policy.quality-scorer.assertions[0].threshold',
    ]);
    expect(ds[1]!.message).toBe('llm-rubric assertion: threshold must be between 0 and 1, found 7');
  });

  it('reports a missing value (E005) and a value of the wrong shape (E004)', async () => {
    const ds = await lint(
      pack(
        `assertions:\n  - {type: contains}\n  - {type: llm-rubric}\n  - {type: equals, value: {a: 1}}\n  - {type: contains-any, value: []}`,
      ),
    );
    expect(brief(ds)).toEqual([
      'E005 7:16 policy.quality-scorer.assertions[0].type',
      'E005 8:16 policy.quality-scorer.assertions[1].type',
      'E004 9:31 policy.quality-scorer.assertions[2].value',
      'E004 10:37 policy.quality-scorer.assertions[3].value',
    ]);
  });

  it('warns (W012) about settings that have no effect', async () => {
    const ds = await lint(
      pack(`
assertions:
  - {type: contains, value: x, threshold: 0.5}
  - {type: is-json, value: {type: object}, case_sensitive: true}
  - {type: icontains, value: x, case_sensitive: true}
  - {type: llm-rubric, value: polite, provider: judge-1}
benchmarks: {ragas_relevancy: false}
thresholds: {min_relevancy: 0.7}
`),
    );
    expect(brief(ds)).toEqual([
      'W012 7:36 policy.quality-scorer.assertions[0].threshold',
      'W012 8:25 policy.quality-scorer.assertions[1].value',
      'W012 8:48 policy.quality-scorer.assertions[1].case_sensitive',
      'W012 9:37 policy.quality-scorer.assertions[2].case_sensitive',
      'W012 10:43 policy.quality-scorer.assertions[3].provider',
      'W012 12:18 policy.quality-scorer.thresholds.min_relevancy',
    ]);
    expect(ds.every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('lint: quality-scorer dimensions and weights', () => {
  it('reports an unknown dimension name (E004) at the key, and reads the docs spelling relevance (W005)', async () => {
    const ds = await lint(
      pack(
        `weights: {faithfulness: 0.5, relevence: 0.5}\ndimensions:\n  relevance: {weight: 1, min_score: 0.7}\n  tone: {min_score: 0.5}`,
      ),
    );
    expect(brief(ds)).toEqual([
      'E004 6:34 policy.quality-scorer.weights.relevence',
      'W005 8:7 policy.quality-scorer.dimensions.relevance',
      'E004 9:7 policy.quality-scorer.dimensions.tone',
    ]);
    expect(ds[0]!.hint).toMatch(/^Did you mean 'relevance'\?/);
  });

  it('reports weights that are all 0 (E004)', async () => {
    expect(brief(await lint(pack(`weights: {relevancy: 0, coherence: 0}`)))).toEqual([
      'E004 6:5 policy.quality-scorer.weights',
    ]);
  });

  it('checks a single-policy document and a block outside the chain too', async () => {
    const single = `policy: {name: quality-scorer, version: 1.0.0, enabled: true}\nassertions:\n  - {type: containz, value: x}\n`;
    expect(brief(await lint(single))).toEqual(['E004 3:12 assertions[0].type']);
    const outside = `pack: {name: q, version: 1.0.0, enabled: true}\npolicies: {chain: []}\npolicy:\n  quality-scorer:\n    assertions: [{type: regex, value: "["}]\n`;
    expect(brief(await lint(outside))).toEqual([
      'W003 4:3 policy.quality-scorer',
      'E007 5:39 policy.quality-scorer.assertions[0].value',
    ]);
  });
});
