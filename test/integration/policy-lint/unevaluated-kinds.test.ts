/**
 * Kinds the reference docs describe but this kt does not evaluate (healthcare-compliance, bias-monitor,
 * eu-ai-act, ...) run as skipped steps. A pack chaining them used to lint clean and start a gateway with
 * nothing said, while none of their settings was enforced.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const pack = `pack: {name: compliance, version: 1.0.0, enabled: true}
policies:
  chain: [pii-detector, healthcare-compliance, bias-monitor]
policy:
  pii-detector: {}
  healthcare-compliance:
    blocked_patterns: ["guaranteed cure"]
    required_disclaimers: ["This is not medical advice."]
  bias-monitor:
    protected_characteristics: [gender, age]
    threshold: 0.85
    action: escalate
`;

describe('lint on a chain with kinds kt does not evaluate', () => {
  it('warns W013 at each such chain entry (file:line:col), and eval shows the step skipped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kt-unevaluated-')), 'policy-config.yaml');
    writeFileSync(file, pack);
    const r = await runKt(['policy', 'lint', file, '--json']);
    expect(r.exitCode).toBe(0);
    const ds = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
      .diagnostics;
    expect(ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.path}`)).toEqual([
      'W013 3:25 policies.chain[1]',
      'W013 3:48 policies.chain[2]',
    ]);
    expect(String(ds[0]!.message)).toContain('healthcare-compliance is accepted but not evaluated');
    expect((await runKt(['policy', 'lint', '--fail-on', 'warning', file])).exitCode).toBe(1);

    const e = await runKt(['policy', 'eval', '--file', file, '--json'], {
      stdin: JSON.stringify({
        messages: [{ role: 'user', content: 'hi' }],
        upstream_response: { choices: [{ message: { role: 'assistant', content: 'a guaranteed cure' } }] },
      }),
    });
    const steps = (JSON.parse(e.stdout) as { steps: Array<{ policy: string; verdict: string; reason_code: string }> })
      .steps;
    expect(steps.find((s) => s.policy === 'healthcare-compliance')).toMatchObject({
      verdict: 'skipped',
      reason_code: 'policy.not_implemented',
    });
  });
});
