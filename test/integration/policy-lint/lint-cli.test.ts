/**
 * `kt policy lint` end to end (in-process): golden outputs per format for the invalid seed variants,
 * exit codes, hostile input, stdin and directories. Regenerate goldens with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { KT_VERSION } from '../../../src/cli/version.js';
import { lintReportErrors } from '../../../src/schema/validators.js';
import { runKt, runKtProcess } from '../../helpers/run-kt.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const goldenDir = join(root, 'test/fixtures/packs/golden');
const lintIn = (argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string } = {}) => runKt(['policy', 'lint', ...argv], { cwd: root, ...options });

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  const normalized = actual.split(KT_VERSION).join('<version>');
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, normalized);
  expect(normalized).toBe(readFileSync(file, 'utf8'));
}

const formats = { text: 'txt', json: 'json', github: 'github.txt', junit: 'junit.xml', sarif: 'sarif.json' } as const;
const invalid = ['zero-trust-broken', 'gateway-broken', 'legacy-broken', 'single-policy-broken'] as const;

describe('kt policy lint: golden outputs', () => {
  for (const fixture of invalid) {
    for (const [format, ext] of Object.entries(formats)) {
      it(`${fixture} as ${format}`, async () => {
        const result = await lintIn(['--format', format, `test/fixtures/packs/invalid/${fixture}.yaml`]);
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toBe('');
        golden(`${fixture}.${ext}`, result.stdout);
        expect(result.stdout).not.toContain('sk-proj-abcdef');
        expect(result.stdout).not.toContain('ghp_abcdef');
      });
    }
  }

  it('text output of a valid seed', async () => {
    const result = await lintIn(['examples/zero-trust-gateway.yaml']);
    expect(result.exitCode).toBe(0);
    golden('zero-trust-gateway.txt', result.stdout);
  });

  it('JSON reports match schemas/lint-report.schema.json', async () => {
    for (const target of ['examples/', 'test/fixtures/packs/invalid/']) {
      const result = await lintIn(['--json', target]);
      expect(lintReportErrors(JSON.parse(result.stdout))).toEqual([]);
    }
  });
});

describe('kt policy lint: seeds and exit codes', () => {
  it('lints every seed pack with no error (directory expansion, sorted)', async () => {
    const result = await lintIn(['--json', 'examples']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { files: Array<{ file: string; valid: boolean; shape: string }>; summary: { errors: number } };
    expect(report.summary.errors).toBe(0);
    expect(report.files.map((f) => [f.file, f.shape])).toEqual([
      ['examples/gateway-section.yaml', 'current'],
      ['examples/legacy-dlp-and-injection.yaml', 'legacy-list'],
      ['examples/security-engineering-providers-2.yaml', 'current'],
      ['examples/security-engineering-providers-5.yaml', 'current'],
      ['examples/zero-trust-gateway.yaml', 'current'],
    ]);
  });

  it('honours --fail-on', async () => {
    const seed = 'examples/zero-trust-gateway.yaml';
    expect((await lintIn(['--fail-on', 'warning', seed])).exitCode).toBe(1);
    expect((await lintIn(['--fail-on', 'never', 'test/fixtures/packs/invalid/gateway-broken.yaml'])).exitCode).toBe(0);
    expect((await lintIn(['--fail-on', 'error', seed])).exitCode).toBe(0);
  });

  it('accepts --file, the validate alias and stdin', async () => {
    const viaAlias = await runKt(['validate', '--file', 'examples/gateway-section.yaml', '--json'], { cwd: root, env: { OPENAI_API_KEY: 'x' } });
    expect(viaAlias.exitCode).toBe(0);
    expect(JSON.parse(viaAlias.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 0 });
    const viaStdin = await lintIn(['-', '--format', 'github'], { stdin: 'pack: {name: p, version: 1.0.0, enabled: true}\npolicies: {chain: [rbacc]}\n' });
    expect(viaStdin.exitCode).toBe(1);
    expect(viaStdin.stdout).toBe("::error file=-,line=2,col=20,title=E001::Unknown policy kind 'rbacc' (Did you mean 'rbac'?)\n");
  });

  it('exits 2 on usage errors', async () => {
    expect((await lintIn(['--format', 'xml', 'examples/zero-trust-gateway.yaml'])).exitCode).toBe(2);
    const none = await lintIn([], { cwd: tmpdir() });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('policy-config.yaml');
  });

  it('lints policy-config.yaml in the working directory when no file is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-lint-'));
    writeFileSync(join(dir, 'policy-config.yaml'), readFileSync(join(root, 'examples/security-engineering-providers-5.yaml')));
    const result = await runKt(['policy', 'lint'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('OK policy-config.yaml is valid');
  });
});

describe('kt policy lint: colour', () => {
  const capture = (isTTY: boolean) => ({ text: '', isTTY, write(chunk: string) { this.text += chunk; return true; } });
  const lintWith = async (stdoutTTY: boolean, env: NodeJS.ProcessEnv) => {
    const stdout = capture(stdoutTTY);
    const stderr = capture(true);
    const { Readable } = await import('node:stream');
    await run(['policy', 'lint', 'test/fixtures/packs/invalid/zero-trust-broken.yaml'], { cwd: root, env, streams: { stdout, stderr, stdin: Readable.from([]) } });
    return stdout.text;
  };

  it('colours the report only on a terminal, and never with NO_COLOR or --no-color', async () => {
    expect(await lintWith(true, {})).toContain('\u001b[');
    expect(await lintWith(false, {})).not.toContain('\u001b[');
    expect(await lintWith(true, { NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});

describe('kt policy lint: unreadable and hostile input (exit 3, one line, file named)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-hostile-'));
  const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
    const prev = i === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f', 'g', 'h'][i - 1];
    lol.push(`${name}: &${name} [${new Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const cases: Array<[string, string | Buffer, string]> = [
    ['billion-laughs.yaml', `${lol.join('\n')}\n`, 'input.alias_limit'],
    ['deep.yaml', `a: ${'['.repeat(100_000)}\n`, 'input.too_deep'],
    ['huge.yaml', `pack:\n  description: "${'x'.repeat(3 * 1024 * 1024)}"\n`, 'input.too_large'],
    ['dup.yaml', 'pack:\n  name: a\n  name: b\n', 'input.duplicate_key'],
    ['binary.yaml', Buffer.from([0x70, 0x61, 0x63, 0x6b, 0x3a, 0x00, 0xff, 0x10]), 'input.binary'],
    ['latin1.yaml', Buffer.concat([Buffer.from('pack:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]), 'input.encoding'],
    ['syntax.yaml', 'pack: [unclosed\n', 'input.yaml_syntax'],
    ['list.yaml', '- a\n- b\n', 'input.not_a_pack'],
  ];
  for (const [name, content, code] of cases) {
    it(`${name}: ${code}`, async () => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const started = Date.now();
      const result = await runKt(['policy', 'lint', file]);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.exitCode).toBe(3);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toContain(`error[${code}]`);
      expect(lines[0]).toContain(file);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(lines.filter((l) => !l.startsWith('  hint:'))).toHaveLength(1);
    });
  }

  it('a real process refuses a billion-laughs file within a 64 MB heap (bounded memory)', async () => {
    const file = join(dir, 'lol-process.yaml');
    writeFileSync(file, `${lol.join('\n')}\n`);
    const result = await runKtProcess(['policy', 'lint', file], { env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 15_000 });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(`kt: error[input.alias_limit]: ${file}: aliases expand beyond the limit (100); refusing a possible billion-laughs document\n`);
  });

  it.runIf(existsSync('/dev/zero'))('refuses an endless device without reading it all', async () => {
    const result = await lintIn(['/dev/zero']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('error[input.too_large]: /dev/zero:');
  });

  it('reports a missing file with exit 3', async () => {
    const result = await lintIn(['no/such/pack.yaml']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('kt: error[input.not_found]: no/such/pack.yaml: no such file or directory\n');
  });

  it('answers in JSON in JSON mode', async () => {
    const file = join(dir, 'dup2.yaml');
    writeFileSync(file, 'a: 1\na: 2\n');
    const result = await runKt(['policy', 'lint', '--json', file]);
    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'input.duplicate_key', file, line: 2, column: 1 } });
  });
});
