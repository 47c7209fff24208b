import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt, runKtProcess } from '../../helpers/run-kt.js';
import { templateNames } from '../../../src/cli/commands/init.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('kt init', () => {
  it.each([...templateNames])('template %s writes a pack whose tests pass', async (template) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kt-init-')), 'pack');
    const r = await runKt(['init', '--template', template, dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Created a pack from the ${template} template in \\S+pack:\n`));
    expect(existsSync(join(dir, 'policy-config.yaml'))).toBe(true);
    const t = await runKt(['policy', 'test', '--pack-dir', dir, '--json']);
    const report = JSON.parse(t.stdout);
    expect(report.results.length).toBeGreaterThanOrEqual(4);
    expect(report.results.filter((x: { passed: boolean }) => !x.passed)).toEqual([]);
    expect(t.exitCode).toBe(0);
  });

  it('zero-trust is the seed pack as written, but for the two pack lines its header explains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    await runKt(['init', dir]);
    const body = (text: string) => text.replace(/^(#.*\n)+/, '');
    const written = readFileSync(join(dir, 'policy-config.yaml'), 'utf8');
    expect(written).toContain('`version` is full SemVer (the seed\'s "1.0" is W001)');
    expect(body(written).replace('  version: 1.0.0\n  enabled: true\n', '  version: "1.0"\n')).toBe(
      body(readFileSync(join(root, 'examples', 'zero-trust-gateway.yaml'), 'utf8')),
    );
  });

  it.each([...templateNames])('template %s lints clean, warnings included', async (template) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kt-init-')), 'pack');
    expect((await runKt(['init', '--template', template, dir])).exitCode).toBe(0);
    const lint = await runKt(['policy', 'lint', '--fail-on', 'warning', '--json', join(dir, 'policy-config.yaml')]);
    expect(JSON.parse(lint.stdout).summary).toMatchObject({ errors: 0, warnings: 0 });
    expect(lint.exitCode).toBe(0);
  });

  it('refuses to overwrite without --force and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    mkdirSync(join(dir, 'tests'));
    writeFileSync(join(dir, 'policy-config.yaml'), 'mine');
    const r = await runKtProcess(['init', '--template', 'pii-redaction', dir]);
    expect(r.exitCode).toBe(3);
    // The code kt policy migrate and kt gateway keys create give for the same refusal (docs/packs.md).
    expect(r.stderr).toMatch(/^kt: error\[input\.file_exists\]: .*policy-config\.yaml already exists\n/);
    expect(readFileSync(join(dir, 'policy-config.yaml'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'tests', 'allows-clean.json'))).toBe(false);
    const forced = await runKt(['init', '--template', 'pii-redaction', '--force', dir]);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'policy-config.yaml'), 'utf8')).toContain('pii-detector');
  });

  it('prints what it wrote on stdout and the next steps on stderr (not data; --quiet drops them); --json is one document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const r = await runKt(['init', '--template', 'agent-firewall', 'pack'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(
      r.stdout.startsWith('Created a pack from the agent-firewall template in pack:\n  pack/policy-config.yaml\n'),
    ).toBe(true);
    expect(r.stdout).not.toContain('Next:');
    expect(r.stderr).toContain('Next:\n  kt policy lint pack/policy-config.yaml\n  kt policy test --pack-dir pack\n');
    const quiet = await runKt(['-q', 'init', '--template', 'agent-firewall', 'quiet'], { cwd: dir });
    expect([quiet.exitCode, quiet.stderr]).toEqual([0, '']);
    const json = await runKt(['init', '--template', 'agent-firewall', 'json', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      template: 'agent-firewall',
      dir: 'json',
      files: expect.arrayContaining(['json/policy-config.yaml']),
    });
  });

  it('prints a directory outside the working directory as an absolute path (it printed ../../tmp/...), and next steps that paste as they are', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kt-init-cwd-'));
    const outside = join(mkdtempSync(join(tmpdir(), 'kt-init-')), 'pack');
    const r = await runKt(['init', '--template', 'agent-firewall', outside], { cwd });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `Created a pack from the agent-firewall template in ${outside}:`,
      `  ${join(outside, 'policy-config.yaml')}`,
    ]);
    expect(r.stdout).not.toContain('..');
    expect(r.stderr).toContain(
      `Next:\n  kt policy lint ${join(outside, 'policy-config.yaml')}\n  kt policy test --pack-dir ${outside}\n`,
    );
    const json = await runKt(['init', '--template', 'agent-firewall', '--force', outside, '--json'], { cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({
      dir: outside,
      files: expect.arrayContaining([join(outside, 'policy-config.yaml')]),
    });
    const again = await runKt(['init', '--template', 'agent-firewall', outside], { cwd });
    expect([again.exitCode, again.stderr.split('\n')[0]]).toEqual([
      3,
      `kt: error[input.file_exists]: ${join(outside, 'policy-config.yaml')} already exists (and 7 more)`,
    ]);
    // Inside the working directory: relative, `..name` included (a directory, not the parent); a name
    // the shell would split is quoted in the next steps.
    const inside = await runKt(['init', '--template', 'agent-firewall', '..packs'], { cwd });
    expect(inside.stdout.split('\n')[0]).toBe('Created a pack from the agent-firewall template in ..packs:');
    const spaced = await runKt(['init', '--template', 'agent-firewall', "ana's packs"], { cwd });
    expect(spaced.stderr).toContain(
      `Next:\n  kt policy lint 'ana'\\''s packs/policy-config.yaml'\n  kt policy test --pack-dir 'ana'\\''s packs'\n`,
    );
  });

  it('a DIR starting with ~ that no shell expanded is a directory named ~ here, printed ./~/... (never read as home), with a warning', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const home = mkdtempSync(join(tmpdir(), 'kt-init-home-'));
    const r = await runKt(['init', '--template', 'agent-firewall', '~/packs'], { cwd, env: { HOME: home } });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(cwd, '~', 'packs', 'policy-config.yaml'))).toBe(true);
    expect(readdirSync(home)).toEqual([]);
    expect(r.stdout.split('\n')[0]).toBe('Created a pack from the agent-firewall template in ./~/packs:');
    expect(r.stdout).not.toMatch(/^ {2}~/m);
    expect(r.stderr).toContain(
      'warning: "~/packs" was not expanded by a shell: writing to ./~/packs in the working directory',
    );
    expect(r.stderr).toContain(
      "Next:\n  kt policy lint './~/packs/policy-config.yaml'\n  kt policy test --pack-dir './~/packs'\n",
    );
    const again = await runKt(['init', '--template', 'agent-firewall', '~/packs', '--json'], {
      cwd,
      env: { HOME: home },
    });
    expect(JSON.parse(again.stdout).error).toMatchObject({
      code: 'input.file_exists',
      message: './~/packs/policy-config.yaml already exists (and 7 more)',
    });
  });

  it('an empty DIR (kt init "$DIR" with DIR unset) is a usage error, not the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const r = await runKt(['init', ''], { cwd });
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      'kt: error[usage.empty_argument]: DIR is empty\n  hint: give a directory, or leave DIR out to write into the working directory\n',
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('rejects an unknown template as a usage error', async () => {
    const r = await runKt(['init', '--template', 'nope']);
    expect(r.exitCode).toBe(2);
  });

  it('a misspelt template gets a did-you-mean (exit 2, nothing written), as --format does', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const r = await runKt(['init', '--template', 'zero-trus', 'p'], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split('\n')[0]).toMatch(
      /^kt: error\[usage\.invalid_value\]: option '-t, --template <name>' argument 'zero-trus' is invalid\. Allowed choices are zero-trust, .*\. \(did you mean zero-trust\?\)$/,
    );
    expect(readdirSync(cwd)).toEqual([]);
    const json = await runKt(['init', '-t', 'pii-redactoin', 'p', '--json'], { cwd });
    expect(JSON.parse(json.stdout).error.message).toContain('(did you mean pii-redaction?)');
    const format = await runKt(['policy', 'lint', '--format', 'jsn', 'x.yaml'], { cwd });
    expect([format.exitCode, format.stderr]).toEqual([2, expect.stringContaining('(did you mean json?)')]);
    // Nothing close: the list alone.
    expect((await runKt(['init', '-t', 'nope', 'p'], { cwd })).stderr).not.toContain('did you mean');
  });
});

describe('kt init into an unusable place', () => {
  const asRoot = process.getuid?.() === 0;
  const oneLine = (stderr: string) => expect(stderr.trimEnd().split('\n')).toHaveLength(1);

  it('reports an input error (exit 3) when DIR is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runKt(['init', file]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      `kt: error[input.cannot_write]: ${file}: cannot create directory: a file with this name exists (ENOTDIR)\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(readdirSync(dir)).toEqual(['not-a-dir']);
  });

  it('fails at once under a regular file, naming the directory, and creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    writeFileSync(join(dir, 'file'), 'x');
    const r = await runKt(['init', 'file/pack/deeper'], { cwd: dir });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'kt: error[input.cannot_write]: file/pack: cannot create directory: file is not a directory (ENOTDIR)\n',
    );
    expect(readdirSync(dir)).toEqual(['file']);
  });

  // Node's recursive mkdir loops forever on ENOENT from a parent that exists (/proc): a real process, so a
  // regression is killed by the timeout instead of spinning in the test worker's thread pool.
  it.runIf(existsSync('/proc/self'))('fails at once under /proc (no mkdir retry loop), exit 3, one line', async () => {
    const started = Date.now();
    const r = await runKtProcess(['init', '/proc/forbidden'], { timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'kt: error[input.cannot_write]: /proc/forbidden: cannot create directory: /proc does not accept new directories (ENOENT)\n',
    );
    const nested = await runKtProcess(['init', '/proc/forbidden/a/b'], { timeoutMs: 10_000 });
    expect(nested.exitCode).toBe(3);
    expect(nested.stderr).toContain('/proc/forbidden: cannot create directory');
    oneLine(nested.stderr);
  });

  it('writes into an existing non-empty directory next to what is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    writeFileSync(join(dir, 'README.md'), 'mine');
    mkdirSync(join(dir, 'tests'));
    writeFileSync(join(dir, 'tests', 'my-case.json'), '{}');
    const r = await runKt(['init', '--template', 'pii-redaction', dir]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'tests', 'my-case.json'), 'utf8')).toBe('{}');
    expect(existsSync(join(dir, 'policy-config.yaml'))).toBe(true);
    expect(readdirSync(join(dir, 'tests')).filter((f) => f.includes('.kt-init-'))).toEqual([]);
  });

  it.skipIf(asRoot)('reports a read-only directory (exit 3, one line) and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      const r = await runKt(['init', ro]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toBe(
        `kt: error[input.cannot_write]: ${join(ro, 'tests')}: cannot create directory: permission denied (EACCES)\n`,
      );
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      chmodSync(ro, 0o755);
    }
  });

  it('a write failing half-way removes the files written before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    const pack = join(dir, 'a', 'pack');
    // Something already at the temp path of the last test file: writing it fails after the others.
    mkdirSync(join(pack, 'tests'), { recursive: true });
    const last = readdirSync(join(import.meta.dirname, '..', '..', '..', 'templates', 'zero-trust', 'tests'))
      .sort()
      .at(-1)!;
    mkdirSync(join(pack, 'tests', `${last}.kt-init-${process.pid}`));
    const r = await runKt(['init', pack]);
    expect(r.exitCode).toBe(3);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${last}.kt-init-${process.pid}: cannot write file: file already exists (EEXIST)`);
    expect(readdirSync(pack).sort()).toEqual(['tests']);
    expect(readdirSync(join(pack, 'tests'))).toEqual([`${last}.kt-init-${process.pid}`]);
  });

  it('a failing write removes the directories the run created', async () => {
    const pack = mkdtempSync(join(tmpdir(), 'kt-init-'));
    mkdirSync(join(pack, `policy-config.yaml.kt-init-${process.pid}`));
    const r = await runKt(['init', pack]);
    expect(r.exitCode).toBe(3);
    oneLine(r.stderr);
    expect(readdirSync(pack)).toEqual([`policy-config.yaml.kt-init-${process.pid}`]);
  });

  it('--force replaces files, not a directory with a file name, and then writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-init-'));
    mkdirSync(join(dir, 'pack', 'policy-config.yaml'), { recursive: true });
    const r = await runKt(['init', '--force', join(dir, 'pack')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      `kt: error[input.cannot_write]: ${join(dir, 'pack', 'policy-config.yaml')}: exists and is not a regular file; --force only replaces files\n`,
    );
    expect(readdirSync(join(dir, 'pack'))).toEqual(['policy-config.yaml']);
  });
});
