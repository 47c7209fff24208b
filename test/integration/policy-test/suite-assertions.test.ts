/**
 * Inline `testing.suites` (reference: config-testing). A suite assertion of a type `kt policy test` does not
 * check (the quality-scorer shape the schema shares: `llm-rubric`, `is-json`) and a `target` naming no step
 * used to lint clean and then fail every case of the suite at run time, with no position. They are lint
 * errors at file:line:col now; suites that use the supported assertions run as before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const pack = (suite: string) => `pack: {name: s, version: 1.0.0, enabled: true}
policies: {chain: [pii-detector]}
policy: {pii-detector: {}}
testing:
  default_threshold: 0.8
  plugins: []
  strategies: []
  suites:
    - name: basic
${suite}      cases:
        - name: redacts-email
          input: {messages: [{role: user, content: "mail jane@example.com"}]}
          expected: {verdict: redact}
`;

const writePack = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-suites-'));
  writeFileSync(join(dir, 'policy-config.yaml'), text);
  return dir;
};

const diagnostics = async (dir: string) => {
  const r = await runKt(['policy', 'lint', join(dir, 'policy-config.yaml'), '--json']);
  return (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
    .diagnostics;
};

describe('inline suites', () => {
  it('an unsupported assertion type and an unknown target are E004 at their value, with a did-you-mean', async () => {
    const dir = writePack(
      pack(
        '      target: pii-detecter\n      assertions:\n        - {type: llm-rubric, value: "is polite"}\n        - {type: verdit, value: redact}\n        - {type: is-json, enabled: false}\n',
      ),
    );
    const ds = await diagnostics(dir);
    expect(ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.path} ${d.hint ?? ''}`)).toEqual([
      "E004 10:15 testing.suites[0].target Did you mean 'pii-detector'?",
      expect.stringMatching(
        /^E004 12:18 testing\.suites\[0\]\.assertions\[0\]\.type Suite assertions check the decision: verdict,/,
      ),
      "E004 13:18 testing.suites[0].assertions[1].type Did you mean 'verdict'?",
    ]);
    const t = await runKt(['policy', 'test', '--pack-dir', dir]);
    expect(t.exitCode).toBe(3);
    expect(t.stderr).toContain('policy-config.yaml:10:15: E004');
  });

  it('supported assertions and a target that names a step lint clean and run', async () => {
    const dir = writePack(
      pack(
        '      target: pii-detector\n      assertions:\n        - {type: verdict, value: redact}\n        - {type: finding, value: email}\n        - {type: contains, value: "[EMAIL_REDACTED]"}\n',
      ),
    );
    expect(await diagnostics(dir)).toEqual([]);
    const t = await runKt(['policy', 'test', '--pack-dir', dir, '--json']);
    expect(t.exitCode).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ ok: true, summary: { total: 1, passed: 1 } });
  });
});
