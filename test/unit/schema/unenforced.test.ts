import { describe, expect, it } from 'vitest';
import { lintParsed } from '../../../src/schema/lint.js';
import { parsePackText } from '../../../src/schema/parse.js';

const lint = async (text: string) => (await lintParsed(parsePackText(text, 't.yaml'), { env: {} })).diagnostics;
const w013 = async (text: string) =>
  (await lint(text)).filter((d) => d.code === 'W013').map((d) => `${d.line}:${d.column} ${d.path}`);

const pack = (kind: string, block: string) =>
  `pack: {name: u, version: 1.0.0, enabled: true}
policies:
  chain: [${kind}]
policy:
  ${kind}:
${block
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

describe('lint W013: documented settings kt accepts but does not enforce', () => {
  it('reports each control the engine skips, at its key, with a hint to what kt enforces', async () => {
    const ds = await lint(
      pack(
        'agent-firewall',
        `
allowed_tools: [search]
kill_switches:
  max_errors_before_halt: 5
  halt_on_pii_in_action: true
  halt_on_suspicious_pattern: true
`,
      ),
    );
    const found = ds.filter((d) => d.code === 'W013');
    expect(found.map((d) => `${d.line}:${d.column} ${d.path}`)).toEqual([
      '8:7 policy.agent-firewall.kill_switches.max_errors_before_halt',
      '9:7 policy.agent-firewall.kill_switches.halt_on_pii_in_action',
      '10:7 policy.agent-firewall.kill_switches.halt_on_suspicious_pattern',
    ]);
    expect(found.every((d) => d.severity === 'warning')).toBe(true);
    expect(found[1]!.message).toContain('not enforced');
    expect(found[1]!.hint).toContain('pii-detector');
    expect(await w013(pack('safety-filter', 'max_age: 18'))).toEqual(['6:5 policy.safety-filter.max_age']);
    expect(
      await w013(
        pack(
          'rbac',
          `
data_access: {analyst: {max_sensitivity: confidential}}
minimum_necessary: {enabled: true, allowed_phi_roles: [clinician]}
`,
        ),
      ),
    ).toEqual(['6:5 policy.rbac.data_access', '7:25 policy.rbac.minimum_necessary.enabled']);
    expect(await w013(pack('citation-verifier', 'external_resolver: {url: "https://r.example"}'))).toEqual([
      '6:5 policy.citation-verifier.external_resolver',
    ]);
    // Read from a field no provider sends: a test payload can carry it, the gateway never sees one.
    expect(
      await w013(pack('human-oversight', 'require_human_for: [financial_advice]\nconfidence_threshold: 0.7')),
    ).toEqual(['7:5 policy.human-oversight.confidence_threshold']);
  });

  it('a switch written off asks for nothing, and enforced settings are not reported', async () => {
    expect(
      await w013(
        pack(
          'agent-firewall',
          `
kill_switches: {max_errors_before_halt: 0, halt_on_pii_in_action: false}
max_actions_per_session: 200
`,
        ),
      ),
    ).toEqual([]);
    expect(await w013(pack('safety-filter', 'max_age: 0\nblocked_topics: [weapons]'))).toEqual([]);
    expect(await w013(pack('rbac', 'minimum_necessary: {enabled: false}\nroles: {a: {allowed_models: [x]}}'))).toEqual(
      [],
    );
  });

  it('reports the quality-scorer settings only a judge model can check (kt calls none, so every answer passed them)', async () => {
    const text = `policy: {name: quality-scorer, version: 1.0.0, enabled: true}
providers:
  - {id: judge, provider: openai, model: gpt-4o}
thresholds: {min_aggregate: 0.7, min_accuracy: 0.8}
dimensions: {accuracy: {min_score: 0.5}, relevance: {min_score: 0.5}}
assertions:
  - {type: not-llm-rubric, value: is rude}
  - {type: factuality, value: x, mode: audit}
  - {type: model-graded-closedqa, value: x, enabled: false}
  - {type: contains, value: refund}
  - {type: model-graded-closedqa, value: x, weight: 0}
  - {type: factuality, value: x}
`;
    expect(await w013(text)).toEqual([
      '2:1 providers',
      '4:34 thresholds.min_accuracy',
      '5:25 dimensions.accuracy.min_score',
      '7:6 assertions[0].type',
      '12:6 assertions[5].type',
    ]);
    const ds = (await lint(text)).filter((d) => d.code === 'W013');
    expect(ds[3]!.message).toContain('not-llm-rubric assertion is accepted but not enforced');
    expect(ds[3]!.hint).toContain('deterministic assertions');
    expect(await w013(pack('quality-scorer', 'thresholds: {min_accuracy: 0}\nproviders: []'))).toEqual([]);
  });

  it('reports an external embedding backend, which kt does not call (backend: local is what it runs)', async () => {
    const block = `backend: external
endpoint: http://localhost:8080/embed
categories: [{label: merger, reference_text: acquisition plans}]`;
    expect(await w013(pack('embedding-detector', block))).toEqual(['6:5 policy.embedding-detector.backend']);
    expect(await w013(pack('embedding-detector', block.replace('external', 'local')))).toEqual([]);
  });

  it('reads the single-policy shape (fields beside policy) too', async () => {
    const text = `policy: {name: agent-firewall, version: 1.0.0, enabled: true}
allowed_tools: [search]
kill_switches: {halt_on_pii_in_action: true}
`;
    expect(await w013(text)).toEqual(['3:17 kill_switches.halt_on_pii_in_action']);
  });
});
