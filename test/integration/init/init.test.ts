import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('kt init', () => {
  it.each(['zero-trust', 'prompt-injection-detection', 'pii-redaction', 'agent-firewall'])(
    'template %s writes a pack whose tests pass',
    async (template) => {
      const dir = join(mkdtempSync(join(tmpdir(), 'kt-init-')), 'pack');
      const r = await runKt(['init', '--template', template, dir]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`Created a ${template} pack`);
      expect(existsSync(join(dir, 'policy-config.yaml'))).toBe(true);
      const t = await runKt(['policy', 'test', '--pack-dir', dir, '--json']);
      const report = JSON.parse(t.stdout);
      expect(report.results.length).toBeGreaterThanOrEqual(4);
      expect(report.results.filter((x: { passed: boolean }) => !x.passed)).toEqual([]);
      expect(t.exitCode).toBe(0);
    },
  );

  it('zero-trust is the seed pack as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    await runKt(['init', dir]);
    expect(readFileSync(join(dir, 'policy-config.yaml'), 'utf8')).toBe(
      readFileSync(join(root, 'examples', 'zero-trust-gateway.yaml'), 'utf8'),
    );
  });

  it('refuses to overwrite without --force and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    mkdirSync(join(dir, 'tests'));
    writeFileSync(join(dir, 'policy-config.yaml'), 'mine');
    const r = await runKt(['init', '--template', 'pii-redaction', dir]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/policy-config\.yaml already exists/);
    expect(readFileSync(join(dir, 'policy-config.yaml'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'tests', 'allows-clean.json'))).toBe(false);
    const forced = await runKt(['init', '--template', 'pii-redaction', '--force', dir]);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'policy-config.yaml'), 'utf8')).toContain('pii-detector');
  });

  it('rejects an unknown template as a usage error', async () => {
    const r = await runKt(['init', '--template', 'nope']);
    expect(r.exitCode).toBe(2);
  });
});

describe('kt init into an unusable place', () => {
  it('reports an input error (exit 3) when DIR is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runKt(['init', file]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/cannot write the pack: (ENOTDIR|EEXIST)/);
  });
});
