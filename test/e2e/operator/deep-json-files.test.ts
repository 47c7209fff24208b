/**
 * End to end: payload and golden-test files nested millions of levels deep, read by a real kt process
 * whose heap is capped at 256 MB. Each is refused with one line naming FILE:LINE:COL of the bracket that
 * passes the reader's bound (1000 levels) and exit 3, before JSON.parse builds it. They used to be parsed
 * first: a 63 MB payload file of `{"a":` nesting took 30 s and 3.4 GB before the chain said
 * `payload.invalid`, and a 16 MB test file 1 GB (a capped heap: a crash).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';

let dir: string;
const pack =
  'pack:\n  name: deep\n  version: "1.0"\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector:\n    action: redact\n';
/** Enough nesting that parsing it all needs far more than the capped heap (about 330 bytes a level). */
const levels = 2_000_000;
const env = { NODE_OPTIONS: '--max-old-space-size=256' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-e2e-deep-json-'));
  await writeFile(join(dir, 'pack.yaml'), pack);
  await writeFile(join(dir, 'deep.json'), '{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
  // Pretty-printed: one bracket a line, the document read line by line.
  await writeFile(join(dir, 'deep-lines.json'), '[\n'.repeat(levels) + ']\n'.repeat(levels));
  await mkdir(join(dir, 'suite', 'tests'), { recursive: true });
  await writeFile(join(dir, 'suite', 'policy-config.yaml'), pack);
  await writeFile(join(dir, 'suite', 'tests', 'deep.json'), '['.repeat(levels) + ']'.repeat(levels));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('deeply nested JSON data files', () => {
  it('kt policy eval refuses a one-line payload nested past the bound, at its position', async () => {
    const r = await runKtProcess(['policy', 'eval', '--file', 'pack.yaml', '--input', 'deep.json'], { cwd: dir, env });
    expect(r).toMatchObject({ exitCode: 3, stdout: '' });
    // The 1001st `{"a":` opens at column 5001.
    expect(r.stderr).toBe('kt: error[input.too_deep]: deep.json:1:5001: nesting deeper than 1000 levels\n');
  });

  it('kt policy eval refuses a pretty-printed payload at the line that passes the bound', async () => {
    const r = await runKtProcess(['policy', 'eval', '--file', 'pack.yaml', '--input', '-'], {
      cwd: dir,
      env,
      stdin: '[\n'.repeat(levels),
    });
    expect(r).toMatchObject({ exitCode: 3, stdout: '' });
    expect(r.stderr).toBe('kt: error[input.too_deep]: <stdin>:1001:1: nesting deeper than 1000 levels\n');
    const file = await runKtProcess(['policy', 'eval', '--file', 'pack.yaml', '--input', 'deep-lines.json'], {
      cwd: dir,
      env,
    });
    expect(file.exitCode).toBe(3);
    expect(file.stderr).toBe('kt: error[input.too_deep]: deep-lines.json:1001:1: nesting deeper than 1000 levels\n');
  });

  it('kt policy test refuses a test file nested past the bound', async () => {
    const r = await runKtProcess(['policy', 'test', '--pack-dir', 'suite'], { cwd: dir, env });
    expect(r).toMatchObject({ exitCode: 3, stdout: '' });
    expect(r.stderr).toBe(
      `kt: error[input.too_deep]: ${join('suite', 'tests', 'deep.json')}:1:1001: nesting deeper than 1000 levels\n`,
    );
  });
});
