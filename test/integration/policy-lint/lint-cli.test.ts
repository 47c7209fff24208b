/**
 * `kt policy lint` end to end (in-process): golden outputs per format for the invalid seed variants,
 * exit codes, hostile input, stdin and directories. Regenerate goldens with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { KT_VERSION } from '../../../src/cli/version.js';
import { lintReportErrors } from '../../../src/schema/validators.js';
import { runKt, runKtProcess } from '../../helpers/run-kt.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const goldenDir = join(root, 'test/fixtures/packs/golden');
const lintIn = (argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string } = {}) =>
  runKt(['policy', 'lint', ...argv], { cwd: root, ...options });

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  // SARIF names the working directory (its %SRCROOT%) as a file: URI.
  const normalized = actual.split(KT_VERSION).join('<version>').split(pathToFileURL(root).href).join('file:///<root>/');
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
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      files: Array<{ file: string; valid: boolean; shape: string; policy_count: number }>;
      summary: { errors: number };
    };
    expect(report.summary.errors).toBe(0);
    // The public docs' single-file fields: `valid` for the run, `policy_count` per file.
    expect(report.valid).toBe(true);
    expect(report.files.find((f) => f.file === 'examples/zero-trust-gateway.yaml')?.policy_count).toBe(9);
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
    const viaAlias = await runKt(['validate', '--file', 'examples/gateway-section.yaml', '--json'], {
      cwd: root,
      env: { OPENAI_API_KEY: 'x' },
    });
    expect(viaAlias.exitCode).toBe(0);
    // The one warning: W011, the seed's TLS 1.3-only cipher list (examples/gateway-section.yaml copies it).
    expect(JSON.parse(viaAlias.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 1, unreadable: 0 });
    const viaStdin = await lintIn(['-', '--format', 'github'], {
      stdin: 'pack: {name: p, version: 1.0.0, enabled: true}\npolicies: {chain: [rbacc]}\n',
    });
    expect(viaStdin.exitCode).toBe(1);
    expect(viaStdin.stdout).toBe(
      "::error file=<stdin>,line=2,col=20,title=E001::Unknown policy kind 'rbacc'. Did you mean 'rbac'?\n",
    );
  });

  it('--format junit follows --fail-on: a file with only warnings fails under --fail-on warning, as the exit status', async () => {
    const pack = 'pack: {name: p, version: "1.0", enabled: true}\npolicies: {chain: [rbac]}\npolicy: {rbac: {}}\n';
    const plain = await lintIn(['-', '--format', 'junit'], { stdin: pack });
    expect([plain.exitCode, plain.stdout]).toEqual([0, expect.stringContaining('failures="0"')]);
    const strict = await lintIn(['-', '--format', 'junit', '--fail-on', 'warning'], { stdin: pack });
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain('tests="1" failures="1"');
    expect(strict.stdout).toContain('<failure type="lint" message="1 warning(s); first: W001');
  });

  it('calls stdin `<stdin>` in every report, error line and JSON field, as `kt policy eval --input -` does (not `-`)', async () => {
    const pack = 'pack: {name: p, version: 1.0.0, enabled: true}\npolicies: {chain: [rbacc]}\n';
    const text = await lintIn(['-'], { stdin: pack });
    expect(text.stdout).toContain(' --> <stdin>:2:20 (policies.chain[0])');
    expect(text.stdout).toMatch(/^X <stdin> has 1 error/);
    expect(JSON.parse((await lintIn(['-', '--json'], { stdin: pack })).stdout).files[0].file).toBe('<stdin>');
    expect((await lintIn(['-', '--format', 'junit'], { stdin: pack })).stdout).toContain(
      '<testcase classname="kt.policy.lint" name="&lt;stdin&gt;" file="&lt;stdin&gt;">',
    );
    const sarif = JSON.parse((await lintIn(['-', '--format', 'sarif'], { stdin: pack })).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('%3Cstdin%3E');
    // A document that cannot be read: the same one-line error as eval's, on stderr and in the report.
    const broken = await lintIn(['-'], { stdin: 'a: [\n' });
    expect([broken.exitCode, broken.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[input.yaml_syntax]: <stdin>:1:4: this [ is never closed with ]',
    ]);
    expect(broken.stdout).toContain('X <stdin> could not be read');
    // migrate: the error names <stdin>, the hint keeps the command to run; the header of the output too.
    const current = await runKt(['policy', 'migrate', '-'], { stdin: pack });
    expect([current.exitCode, current.stderr]).toEqual([
      3,
      'kt: error[input.not_legacy]: <stdin>: already in the current shape; nothing to migrate\n  hint: run `kt policy lint -` to check it\n',
    ]);
    const legacy = await runKt(['policy', 'migrate', '-'], {
      stdin: 'policies:\n  - name: x\n    type: input_filter\n    action: block\n    patterns: ["a"]\n',
    });
    expect([legacy.exitCode, legacy.stdout.split('\n')[0]]).toEqual([
      0,
      '# Migrated from <stdin> by `kt policy migrate`.',
    ]);
    expect((await runKt(['policy', 'migrate', '-'], { stdin: 'a: [\n' })).stderr).toMatch(
      /^kt: error\[input\.yaml_syntax\]: <stdin>:1:4: this \[ is never closed with \]/,
    );
    // eval's own payload on stdin, for comparison.
    const payload = await runKt(['policy', 'eval', '-f', 'examples/zero-trust-gateway.yaml'], {
      cwd: root,
      stdin: '{',
    });
    expect(payload.stderr).toMatch(/^kt: error\[input\.invalid_json\]: <stdin>:1:2: /);
  });

  it('exits 2 on usage errors', async () => {
    expect((await lintIn(['--format', 'xml', 'examples/zero-trust-gateway.yaml'])).exitCode).toBe(2);
    const none = await lintIn([], { cwd: tmpdir() });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('policy-config.yaml');
  });

  it('lints symlinked packs of a directory (a broken one is an error, never a silent skip)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-links-'));
    writeFileSync(join(dir, 'real.yaml'), readFileSync(join(root, 'examples', 'gateway-section.yaml')));
    mkdirSync(join(dir, 'sub.yaml'));
    writeFileSync(join(dir, 'sub.yaml', 'x.yaml'), 'not: linted\n');
    symlinkSync(join(root, 'examples', 'zero-trust-gateway.yaml'), join(dir, 'linked.yaml'));
    symlinkSync(join(dir, 'sub.yaml'), join(dir, 'dirlink.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'broken.yaml'));
    // Two links to each other: each is an unreadable file of its own, not a reason to skip the directory.
    symlinkSync(join(dir, 'loop-b.yaml'), join(dir, 'loop-a.yaml'));
    symlinkSync(join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml'));
    const result = await runKt(['policy', 'lint', '--json', dir]);
    const report = JSON.parse(result.stdout) as {
      files: Array<{ file: string; valid: boolean; diagnostics: Array<{ code: string }> }>;
    };
    expect(report.files.map((f) => [f.file.slice(dir.length + 1), f.valid, f.diagnostics[0]?.code])).toEqual([
      ['broken.yaml', false, 'input.not_found'],
      ['linked.yaml', true, 'W006'],
      ['loop-a.yaml', false, 'input.unreadable'],
      ['loop-b.yaml', false, 'input.unreadable'],
      ['real.yaml', true, 'W011'],
    ]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain(
      `kt: error[input.unreadable]: ${join(dir, 'loop-a.yaml')}: cannot read: too many symbolic links`,
    );
  });

  it('lints policy-config.yaml in the working directory when no file is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-lint-'));
    writeFileSync(
      join(dir, 'policy-config.yaml'),
      readFileSync(join(root, 'examples/security-engineering-providers-5.yaml')),
    );
    const result = await runKt(['policy', 'lint'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('OK policy-config.yaml is valid');
  });
});

describe('kt policy lint: colour', () => {
  const capture = (isTTY: boolean) => ({
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  });
  const lintWith = async (stdoutTTY: boolean, env: NodeJS.ProcessEnv) => {
    const stdout = capture(stdoutTTY);
    const stderr = capture(true);
    const { Readable } = await import('node:stream');
    await run(['policy', 'lint', 'test/fixtures/packs/invalid/zero-trust-broken.yaml'], {
      cwd: root,
      env,
      streams: { stdout, stderr, stdin: Readable.from([]) },
    });
    return stdout.text;
  };

  it('colours the report only on a terminal, and never with NO_COLOR or --no-color', async () => {
    expect(await lintWith(true, {})).toContain('\u001b[');
    expect(await lintWith(false, {})).not.toContain('\u001b[');
    expect(await lintWith(true, { NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});

describe('kt policy lint: unreadable and hostile input (exit 3, one stderr line, file named, still a report)', () => {
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
    [
      'latin1.yaml',
      Buffer.concat([Buffer.from('pack:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'input.encoding',
    ],
    ['syntax.yaml', 'pack: [unclosed\n', 'input.yaml_syntax'],
    ['list.yaml', '- a\n- b\n', 'input.not_a_pack'],
    ['multi.yaml', 'pack: {name: x, version: 1.0.0}\n---\npack: {name: y}\n', 'input.yaml_syntax'],
  ];
  for (const [name, content, code] of cases) {
    it(`${name}: ${code}`, async () => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const started = Date.now();
      const result = await runKt(['policy', 'lint', file]);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.exitCode).toBe(3);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toContain(`error[${code}]`);
      expect(lines[0]).toContain(file);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(lines.filter((l) => !l.startsWith('  hint:'))).toHaveLength(1);
      // The report names the file and the problem too (so CI formats are never empty).
      expect(result.stdout).toContain(`X ${file} could not be read`);
      expect(result.stdout).toContain(`error[${code}]`);
      expect(result.stdout).toMatch(/1 file linted: 1 error, 0 warnings; 1 file could not be read\n$/);
    });
  }

  it('positions parse failures at file:LINE:COL (alias bomb at the alias, nesting, duplicate keys)', async () => {
    const at = async (name: string, content: string) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const result = await runKt(['policy', 'lint', file]);
      expect(result.exitCode).toBe(3);
      return result.stderr.slice(0, result.stderr.indexOf(': ', result.stderr.indexOf(file) + file.length));
    };
    const file = (name: string) => join(dir, name);
    // The alias bomb: d's first *c is where the expansion count passes 100.
    expect(await at('lol-pos.yaml', `${lol.join('\n')}\n`)).toBe(
      `kt: error[input.alias_limit]: ${file('lol-pos.yaml')}:4:8`,
    );
    expect(await at('deep-pos.yaml', `a:\n  b: ${'['.repeat(100)}\n`)).toBe(
      `kt: error[input.too_deep]: ${file('deep-pos.yaml')}:2:68`,
    );
    expect(await at('dup-pos.yaml', 'pack:\n  name: a\n  name: b\n')).toBe(
      `kt: error[input.duplicate_key]: ${file('dup-pos.yaml')}:3:3`,
    );
  });

  it("a file of several YAML documents is one line in kt's words at the second document, in lint, eval and test alike", async () => {
    const file = join(dir, 'policy-config.yaml');
    writeFileSync(file, 'pack: {name: x, version: 1.0.0}\n---\npack: {name: y}\n');
    const line = `${file}:2:1: a pack file holds one YAML document; this one has another starting here (---)`;
    const lint = await runKt(['policy', 'lint', file]);
    expect(lint.stderr).toBe(`kt: error[input.yaml_syntax]: ${line}\n`);
    expect(lint.stdout).not.toContain('parseAllDocuments');
    const lintJson = JSON.parse((await runKt(['policy', 'lint', '--json', file])).stdout) as {
      files: Array<{ diagnostics: Array<{ message: string }> }>;
    };
    expect(JSON.stringify(lintJson)).toContain('a pack file holds one YAML document');
    const evaluated = await runKt(['policy', 'eval', '--file', file], {
      stdin: '{"messages":[{"role":"user","content":"hi"}]}',
    });
    expect([evaluated.exitCode, evaluated.stderr]).toEqual([3, `kt: error[input.yaml_syntax]: ${line}\n`]);
    const tested = await runKt(['policy', 'test'], { cwd: dir });
    expect([tested.exitCode, tested.stderr]).toEqual([
      3,
      `kt: error[input.yaml_syntax]: ${line.replace(file, 'policy-config.yaml')}\n`,
    ]);
  });

  it('a real process refuses a billion-laughs file within a 64 MB heap (bounded memory)', async () => {
    const file = join(dir, 'lol-process.yaml');
    writeFileSync(file, `${lol.join('\n')}\n`);
    const result = await runKtProcess(['policy', 'lint', file], {
      env: { NODE_OPTIONS: '--max-old-space-size=64' },
      timeoutMs: 15_000,
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      `kt: error[input.alias_limit]: ${file}:4:8: aliases expand beyond the limit (100); refusing a possible billion-laughs document\n`,
    );
  });

  it.runIf(existsSync('/dev/zero'))('refuses an endless device without reading it all', async () => {
    const result = await lintIn(['/dev/zero']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('error[input.too_large]: /dev/zero:');
  });

  // /proc/self/mem stats as a file and fails to read (EIO), whoever runs the tests (root reads a 000 file).
  it.runIf(existsSync('/proc/self/mem'))(
    'words a file that fails to read as every file error: the reason in words, then the errno code',
    async () => {
      const result = await lintIn(['/proc/self/mem']);
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toBe('kt: error[input.unreadable]: /proc/self/mem: cannot read: i/o error (EIO)\n');
    },
  );

  it('reports a missing file with exit 3', async () => {
    const result = await lintIn(['no/such/pack.yaml']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('kt: error[input.not_found]: no/such/pack.yaml: no such file or directory\n');
  });

  it('answers with the lint report in JSON mode, the file an error diagnostic', async () => {
    const file = join(dir, 'dup2.yaml');
    writeFileSync(file, 'a: 1\na: 2\n');
    const result = await runKt(['policy', 'lint', '--json', file]);
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(lintReportErrors(report)).toEqual([]);
    expect(report).toEqual({
      version: 1,
      valid: false,
      files: [
        {
          file,
          valid: false,
          shape: 'unknown',
          pack: { name: '', version: '' },
          chain: [],
          policy_count: 0,
          diagnostics: [
            {
              code: 'input.duplicate_key',
              severity: 'error',
              message:
                "duplicate key 'a' (first at line 1, column 1); a repeated key would silently override the first",
              path: '',
              line: 2,
              column: 1,
            },
          ],
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0, unreadable: 1 },
    });
  });
});

describe('kt policy lint: a bad file among good ones (every file linted, most severe exit status)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-mixed-'));
  writeFileSync(join(dir, 'a.yaml'), readFileSync(join(root, 'examples/security-engineering-providers-5.yaml')));
  writeFileSync(join(dir, 'b.yaml'), readFileSync(join(root, 'test/fixtures/packs/invalid/gateway-broken.yaml')));
  writeFileSync(join(dir, 'big.yaml'), `pack:\n  description: "${'x'.repeat(1100 * 1024)}"\n`);
  writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01]));
  writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  mkdirSync(join(dir, 'no-packs'));
  const argv = ['a.yaml', 'missing.yaml', 'no-packs', 'big.yaml', 'bin.yaml', 'latin1.yaml', 'b.yaml'];
  const unreadable: Array<[string, string, number, number]> = [
    ['missing.yaml', 'input.not_found', 1, 1],
    ['no-packs', 'input.no_packs', 1, 1],
    ['big.yaml', 'input.too_large', 1, 1],
    ['bin.yaml', 'input.binary', 1, 4],
    ['latin1.yaml', 'input.encoding', 1, 4],
  ];
  const lint = (format: string, extra: string[] = []) =>
    runKt(['policy', 'lint', '--format', format, ...extra, ...argv], { cwd: dir, env: { OPENAI_API_KEY: 'x' } });

  it('text: every file has a section, the unreadable ones an error each; exit 3; one stderr line per bad file', async () => {
    const result = await lint('text');
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('OK a.yaml is valid');
    expect(result.stdout).toContain('X b.yaml has 8 errors');
    for (const [file, code, line, column] of unreadable) {
      expect(result.stdout).toContain(`X ${file} could not be read`);
      expect(result.stdout).toContain(`error[${code}]`);
      expect(result.stdout).toContain(`--> ${file}:${line}:${column}`);
    }
    expect(result.stdout).toMatch(/7 files linted: 13 errors, 1 warning; 5 files could not be read\n$/);
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('  hint:'));
    expect(lines).toEqual([
      'kt: error[input.not_found]: missing.yaml: no such file or directory',
      'kt: error[input.no_packs]: no-packs: directory contains no *.yaml, *.yml or *.json files',
      `kt: error[input.too_large]: big.yaml: file is ${1100 * 1024 + 24} bytes; packs are limited to 1048576 bytes`,
      'kt: error[input.binary]: bin.yaml:1:4: binary data (NUL byte at offset 3); a pack must be UTF-8 text',
      'kt: error[input.encoding]: latin1.yaml:1:4: invalid UTF-8 at byte offset 3; a pack must be UTF-8 text',
    ]);
  });

  it('json: matches the schema, files in the order given, unreadable ones as shape unknown with one input.* error', async () => {
    const result = await lint('json');
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(lintReportErrors(report)).toEqual([]);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(argv);
    expect(report.summary).toEqual({ files: 7, errors: 13, warnings: 1, unreadable: 5 });
    expect(report.valid).toBe(false);
    for (const [file, code, line, column] of unreadable) {
      const entry = report.files.find((f: { file: string }) => f.file === file);
      expect(entry).toMatchObject({ valid: false, shape: 'unknown', chain: [] });
      expect(entry.diagnostics).toHaveLength(1);
      expect(entry.diagnostics[0]).toMatchObject({ code, severity: 'error', line, column });
    }
    expect(report.files[0]).toMatchObject({ file: 'a.yaml', valid: true, shape: 'current' });
    expect(report.files[0].policy_count).toBe(report.files[0].chain.length);
    expect(report.files[0].policy_count).toBeGreaterThan(0);
    expect(report.files[6].diagnostics.length).toBeGreaterThan(1);
  });

  it('sarif: results for the good and the bad files; input codes are rules', async () => {
    const result = await lint('sarif');
    expect(result.exitCode).toBe(3);
    const run = JSON.parse(result.stdout).runs[0] as {
      tool: { driver: { rules: Array<{ id: string }> } };
      results: Array<{
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }>;
      }>;
    };
    for (const r of run.results) expect(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    for (const [file, code] of unreadable) {
      const r = run.results.find((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === file);
      expect(r).toMatchObject({ ruleId: code, level: 'error' });
      expect(run.tool.driver.rules[r!.ruleIndex]!.id).toBe(code);
    }
    expect(
      run.results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'b.yaml').length,
    ).toBeGreaterThan(1);
  });

  it('junit: an unreadable file is an <error>, a file with findings a <failure>', async () => {
    const result = await lint('junit');
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('<testsuite name="kt policy lint" tests="7" failures="1" errors="5" skipped="0">');
    for (const [file, code] of unreadable)
      expect(result.stdout).toContain(
        `<testcase classname="kt.policy.lint" name="${file}" file="${file}">\n      <error type="${code}"`,
      );
    expect(result.stdout).toContain('<failure type="lint" message="8 error(s)');
  });

  it('github: one ::error annotation per unreadable file besides the findings', async () => {
    const result = await lint('github');
    expect(result.exitCode).toBe(3);
    for (const [file, code, line, column] of unreadable)
      expect(result.stdout).toContain(`::error file=${file},line=${line},col=${column},title=${code}::`);
    expect(result.stdout).toContain('file=b.yaml,line=9,col=18,title=E011');
  });

  it('exit status is the most severe: 3 for an unreadable file whatever --fail-on says, else 1 or 0', async () => {
    expect((await lint('json', ['--fail-on', 'never'])).exitCode).toBe(3);
    const good = join(dir, 'a.yaml');
    expect(
      (await runKt(['policy', 'lint', good, join(dir, 'b.yaml')], { env: { OPENAI_API_KEY: 'x' } })).exitCode,
    ).toBe(1);
    expect((await runKt(['policy', 'lint', good], { env: { OPENAI_API_KEY: 'x' } })).exitCode).toBe(0);
    const both = await runKt(['policy', 'lint', '--json', good, join(dir, 'missing.yaml')], {
      env: { OPENAI_API_KEY: 'x' },
    });
    expect(both.exitCode).toBe(3);
    expect(JSON.parse(both.stdout).files[0].valid).toBe(true);
  });
});

describe('kt policy lint: literal secrets are never echoed', () => {
  // Secrets written in every style the line-based mask missed: a flow mapping with more after the value,
  // a quoted key, a JSON pack, a block scalar; and a finding on the same line as the secret (E002).
  const yaml = [
    'pack: {name: t, version: 1.0.0, enabled: true}',
    'policies: {chain: [audit-logger]}',
    'policy: {audit-logger: {}}',
    'providers:',
    '  targets:',
    '    - {id: a, provider: openai, api_key: \'Walrus-Flow-7731\', password: "Otter99-Pass"}',
    '    - id: b',
    '      provider: openai',
    '      "api_key": "Quartz-Lime-5521"',
    '    - id: c',
    '      provider: openai',
    '      api_key: |',
    '        Zebra-Quartz-9981-plain',
    '      bogus: 1',
    '',
  ].join('\n');
  const json =
    '{"pack": {"name": "t", "version": "1.0.0", "enabled": true}, "policies": {"chain": []},\n' +
    ' "providers": {"targets": [{"id": "a", "provider": "openai", "api_key": "Heron-Mist-4410", "extra": 1}]}}\n';
  const secrets = ['Walrus-Flow-7731', 'Otter99-Pass', 'Quartz-Lime-5521', 'Zebra-Quartz-9981', 'Heron-Mist-4410'];

  it.each(Object.keys(formats))('%s', async (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-lint-secrets-'));
    writeFileSync(join(dir, 'flow.yaml'), yaml);
    writeFileSync(join(dir, 'pack.json'), json);
    const result = await runKt(['policy', 'lint', '--format', format, dir], { cwd: dir });
    expect(result.exitCode).toBe(1);
    for (const secret of secrets) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
  });

  it('masks the value only, so the rest of the line and every caret stay in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-lint-secrets-'));
    writeFileSync(join(dir, 'flow.yaml'), yaml);
    const result = await runKt(['policy', 'lint', join(dir, 'flow.yaml')], { cwd: dir });
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes("Unknown key 'password'"));
    expect(lines.slice(at + 3, at + 5)).toEqual([
      '6 |     - {id: a, provider: openai, api_key: ******************, password: **************}',
      '  |                                                              ^^^^^^^^',
    ]);
  });
});

describe('kt policy lint: columns', () => {
  it('count UTF-16 code units in every format, and SARIF declares it (columnKind)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-lint-columns-'));
    // `😀` is two UTF-16 code units (four bytes, one code point): the key after it is at column 39.
    writeFileSync(
      join(dir, 'p.yaml'),
      'pack: {name: t, version: 1.0.0, enabled: true}\npolicies: {chain: [audit-logger]}\npolicy:\n  audit-logger: {description: "😀😀", colour: 1}\n',
    );
    const column = '  audit-logger: {description: "😀😀", colour: 1}'.indexOf('colour') + 1;
    expect(column).toBe(39);
    const sarif = JSON.parse((await runKt(['policy', 'lint', '--format', 'sarif', 'p.yaml'], { cwd: dir })).stdout);
    expect(sarif.runs[0].columnKind).toBe('utf16CodeUnits');
    const unknownKey = sarif.runs[0].results.find((r: { message: { text: string } }) =>
      r.message.text.includes("'colour'"),
    );
    expect(unknownKey.locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: column });
    const json = JSON.parse((await runKt(['policy', 'lint', '--json', 'p.yaml'], { cwd: dir })).stdout);
    expect(json.files[0].diagnostics.find((d: { message: string }) => d.message.includes("'colour'")).column).toBe(
      column,
    );
    const github = (await runKt(['policy', 'lint', '--format', 'github', 'p.yaml'], { cwd: dir })).stdout;
    expect(github).toContain(`line=4,col=${column},title=E002`);
  });
});
