/**
 * The legacy shape's `includes:` directive (reference §4.1, "an includes directive for fragments"): kt does
 * not load fragments, so their policies never ran, while the pack linted clean and eval and the gateway
 * enforced the rest. It is an error now, at the key.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const main = (includes: string) => `version: "1"
includes: ${includes}
policies:
  - name: guard
    type: prompt_injection
    action: block
`;

const fragment = `policies:
  - name: pii
    type: pii_redaction
    action: redact
    entity_types: [email]
`;

describe('legacy includes', () => {
  it('is E004 at the key (file:line:col), and eval refuses the pack instead of running half of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-includes-'));
    writeFileSync(join(dir, 'pii.yaml'), fragment);
    const file = join(dir, 'policy-config.yaml');
    writeFileSync(file, main('[pii.yaml]'));
    const r = await runKt(['policy', 'lint', file, '--json']);
    expect(r.exitCode).toBe(1);
    const ds = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
      .diagnostics;
    const e = ds.find((d) => d.code === 'E004');
    expect(e).toMatchObject({ line: 2, column: 1, path: 'includes', severity: 'error' });
    expect(String(e!.message)).toContain('pii.yaml');

    const ev = await runKt(['policy', 'eval', '--file', file, '--json'], {
      stdin: JSON.stringify({ messages: [{ role: 'user', content: 'mail a@example.com' }] }),
    });
    expect(ev.exitCode).toBe(3);
  });

  it('an empty list includes nothing and lints clean but for the legacy warning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kt-includes-')), 'policy-config.yaml');
    writeFileSync(file, main('[]'));
    const r = await runKt(['policy', 'lint', file, '--json']);
    expect(r.exitCode).toBe(0);
    const ds = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
      .diagnostics;
    expect(ds.map((d) => d.code)).toEqual(['W004']);
  });
});
