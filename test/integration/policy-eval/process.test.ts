// The built CLI as a user runs it (npm test builds first): a file of many payloads streams through one
// process, one Decision per line, in input order.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe.skipIf(!existsSync(join(root, 'dist', 'kt.js')))('kt policy eval (process)', () => {
  it('streams 2,000 NDJSON payloads from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-eval-proc-'));
    const file = join(dir, 'payloads.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const content =
        i % 100 === 7 ? `contact me at user${i}@example.com` : `question number ${i} about quarterly revenue`;
      lines.push(
        JSON.stringify({ messages: [{ role: 'user', content }], identity: { user: 'u', role: 'r', team: 't' } }),
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(existsSync(ktBin)).toBe(true);
    const r = await runKtProcess(
      [
        'policy',
        'eval',
        '--file',
        join(root, 'examples', 'zero-trust-gateway.yaml'),
        '--input',
        file,
        '--format',
        'ndjson',
        '--fail-on',
        'redact',
      ],
      { timeoutMs: 60_000 },
    );
    const out = r.stdout.trim().split('\n');
    expect(out).toHaveLength(2000);
    const verdicts = out.map((l) => JSON.parse(l).verdict);
    expect(verdicts.filter((v) => v === 'redact')).toHaveLength(20);
    expect(verdicts[7]).toBe('redact');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
  });
});
