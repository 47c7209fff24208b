import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { runKt } from '../../helpers/run-kt.js';
import { hex64 } from '../../helpers/fake-gateway.js';

const sandbox = useGatewaySandbox({ prefix: 'kt-reload-' });
const env = () => sandbox.env();
const examples = join(process.cwd(), 'examples');

describe('kt gateway reload', () => {
  it('without --file asks the gateway to re-read its pack and prints old -> new', async () => {
    const r = await runKt(['gateway', 'reload'], { env: env() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'reloaded: zero-trust 1.0.0 (sha256:' +
        hex64('zero-trust 1.0.0') +
        ') -> zero-trust 1.0.0 (sha256:' +
        hex64('zero-trust 1.0.0') +
        ')\nno changes\n',
    );
    expect(sandbox.gw.requests[0]!.body).toBe('');
  });

  it('--file lints locally, pushes the text, and reports chain changes; --dry-run --exit-code exits 1 on a difference', async () => {
    const file = join(sandbox.home, 'pack.yaml');
    await copyFile(join(examples, 'security-engineering-providers-2.yaml'), file);
    const dry = await runKt(['gateway', 'reload', '--file', file, '--dry-run', '--exit-code'], { env: env() });
    expect(dry.exitCode).toBe(1);
    expect(dry.stdout).toContain(
      'dry run, nothing swapped: zero-trust 1.0.0 (sha256:' +
        hex64('zero-trust 1.0.0') +
        ') -> security-engineering-providers-2 1.0.0',
    );
    expect(dry.stdout).toContain('chain: added audit-logger');
    expect(dry.stdout).toContain('chain: removed rbac, prompt-injection, pii-detector');
    expect(sandbox.gw.requests[0]!.query.get('dry_run')).toBe('true');
    expect((JSON.parse(sandbox.gw.requests[0]!.body) as { document: string }).document).toContain(
      'security-engineering-providers-2',
    );
    expect(sandbox.gw.pack.name).toBe('zero-trust');
    const real = await runKt(['gateway', 'reload', '--file', file, '--json'], { env: env() });
    expect(real.exitCode).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({
      reloaded: true,
      changed: true,
      current: { name: 'security-engineering-providers-2' },
    });
  });

  it('--file does not warn about environment variables unset in this shell (the gateway checks its own)', async () => {
    const file = join(sandbox.home, 'pack.yaml');
    await copyFile(join(examples, 'security-engineering-providers-2.yaml'), file);
    const e = env();
    delete e.OPENAI_API_KEY;
    const r = await runKt(['gateway', 'reload', '--file', file, '--dry-run'], { env: e });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain('W002');
    expect(r.stderr).not.toContain('OPENAI_API_KEY');
    // The same pack linted locally does warn: the filter is specific to pushing to a gateway.
    const lint = await runKt(['policy', 'lint', file], { env: e });
    expect(lint.stdout + lint.stderr).toContain('W002');
  });

  it('a pack with lint errors is never sent (exit 3, file:line:col)', async () => {
    const file = join(sandbox.home, 'bad.yaml');
    await writeFile(file, 'pack:\n  name: x\n  version: 1.0.0\npolicies:\n  chain: [no-such-kind]\n');
    const r = await runKt(['gateway', 'reload', '--file', file], { env: env() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(sandbox.gw.requests).toHaveLength(0);
  });

  it('a pack the gateway rejects prints its diagnostics and exits 3', async () => {
    const file = join(sandbox.home, 'p.yaml');
    await copyFile(join(examples, 'security-engineering-providers-2.yaml'), file);
    sandbox.gw.faults.push({
      path: '/keeptrusts/config/reload',
      status: 422,
      body: {
        error: { type: 'validation_error', code: 'invalid_pack', message: 'pack is invalid' },
        diagnostics: [
          { code: 'E004', severity: 'error', message: 'unknown provider', path: 'providers', line: 7, column: 5 },
        ],
      },
    });
    const r = await runKt(['gateway', 'reload', '--file', file], { env: env() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`${file}:7:5: error[E004]: unknown provider`);
    expect(r.stderr).toContain('the old pack keeps serving');
  });

  it('a rejection counts errors and warnings as lint does: plural right, a zero part left out, a warning once', async () => {
    const file = join(sandbox.home, 'p.yaml');
    await copyFile(join(examples, 'security-engineering-providers-2.yaml'), file);
    const error = (line: number) => ({ code: 'E004', severity: 'error', message: 'bad', path: 'x', line, column: 1 });
    const warning = { code: 'W013', severity: 'warning', message: 'not enforced', path: 'y', line: 9, column: 1 };
    const reject = (diagnostics: object[]) =>
      sandbox.gw.faults.push({
        path: '/keeptrusts/config/reload',
        status: 422,
        body: { error: { type: 'validation_error', code: 'invalid_pack', message: 'pack is invalid' }, diagnostics },
      });
    const message = async () => {
      const r = await runKt(['gateway', 'reload', '--file', file], { env: env() });
      expect(r.exitCode).toBe(3);
      return /rejected the pack[^;]*;/.exec(r.stderr)?.[0];
    };
    reject([1, 2, 3, 4, 5].map(error));
    expect(await message()).toBe('rejected the pack (5 errors);');
    reject([error(1), warning, warning]);
    expect(await message()).toBe('rejected the pack (1 error, 1 warning);');
    reject([]);
    expect(await message()).toBe('rejected the pack;');
  });

  it('--json: the diagnostics are in the document only, not also line by line on stderr (one line counts them)', async () => {
    const file = join(sandbox.home, 'zt.yaml');
    // Linted locally with two warnings, which the gateway reports too (it lints the same text).
    await copyFile(join(examples, 'zero-trust-gateway.yaml'), file);
    const w006 = {
      code: 'W006',
      severity: 'warning',
      message: 'pack.enabled is not set; it defaults to true',
      path: 'pack',
      line: 2,
      column: 1,
    };
    const w001 = {
      code: 'W001',
      severity: 'warning',
      message: "pack.version '1.0' is not full SemVer (MAJOR.MINOR.PATCH)",
      path: 'pack.version',
      line: 4,
      column: 12,
    };
    const answer = {
      reloaded: false,
      previous: { name: 'zero-trust', version: '1.0.0', hash: `sha256:${hex64('zero-trust 1.0.0')}` },
      current: { name: 'zero-trust-gateway', version: '1.0', hash: `sha256:${hex64('zt')}` },
      chain_changes: { added: [], removed: [], reordered: false },
      diagnostics: [w006, w001],
    };
    // Text mode: each diagnostic once, on stderr (the local lint's, then the gateway's not shown yet).
    sandbox.gw.faults.push({ path: '/keeptrusts/config/reload', status: 200, body: answer });
    const text = await runKt(['gateway', 'reload', '--file', file, '--dry-run'], { env: env() });
    expect([text.exitCode, text.stderr]).toEqual([
      0,
      `${file}:2:1: warning[W006]: pack.enabled is not set; it defaults to true\n` +
        `${file}:4:12: warning[W001]: pack.version '1.0' is not full SemVer (MAJOR.MINOR.PATCH)\n`,
    ]);
    // JSON mode: the document holds them; stderr says how many and where they are (it repeated each one).
    sandbox.gw.faults.push({ path: '/keeptrusts/config/reload', status: 200, body: answer });
    const json = await runKt(['gateway', 'reload', '--file', file, '--dry-run', '--json'], { env: env() });
    expect([json.exitCode, json.stderr]).toEqual([0, `2 warnings in ${file}: see "diagnostics" in the JSON output\n`]);
    expect(JSON.parse(json.stdout).diagnostics).toEqual([w006, w001]);
    // None: nothing at all on stderr (the local warnings are the gateway's to report, and this one reports none).
    const clean = await runKt(['gateway', 'reload', '--file', file, '--dry-run', '--format', 'json'], { env: env() });
    expect([clean.exitCode, clean.stderr, JSON.parse(clean.stdout).diagnostics]).toEqual([0, '', []]);
    // --quiet drops the count too.
    sandbox.gw.faults.push({ path: '/keeptrusts/config/reload', status: 200, body: answer });
    const quiet = await runKt(['gateway', 'reload', '--file', file, '--dry-run', '--json', '-q'], { env: env() });
    expect([quiet.exitCode, quiet.stderr]).toEqual([0, '']);

    // A rejection: the error document carries the diagnostics; stderr stays empty, as for every error in JSON mode.
    await writeFile(
      file,
      `${await readFile(join(examples, 'zero-trust-gateway.yaml'), 'utf8')}\n# INVALID on the gateway\n`,
    );
    const rejected = await runKt(['gateway', 'reload', '--file', file, '--json'], { env: env() });
    expect([rejected.exitCode, rejected.stderr]).toEqual([3, '']);
    expect(JSON.parse(rejected.stdout).error).toMatchObject({
      code: 'config.invalid_pack',
      message: 'the gateway rejected the pack (1 error); the old pack keeps serving',
      diagnostics: [{ code: 'E001', severity: 'error', line: 2, column: 3 }],
    });
    // In text mode the rejection still lists each diagnostic on stderr, and counts the local warnings printed
    // before them (lint's words: errors and warnings, not "diagnostics").
    const rejectedText = await runKt(['gateway', 'reload', '--file', file], { env: env() });
    expect(rejectedText.stderr).toContain(`${file}:2:3: error[E001]: bad thing\n`);
    expect(rejectedText.stderr).toContain(
      `kt: error[config.invalid_pack]: ${file}: the gateway rejected the pack (1 error, 2 warnings); the old pack keeps serving`,
    );
  });

  it('--file of a legacy pack without name: says the gateway will call it legacy-pack, not after the file', async () => {
    const file = join(sandbox.home, 'team-legacy.yaml');
    await writeFile(
      file,
      'policies:\n  - {name: pii, type: input_filter, action: redact, patterns: [{type: email}]}\n',
    );
    const r = await runKt(['gateway', 'reload', '--file', file, '--dry-run'], { env: env() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${file} has no name: and the gateway is sent its text, not its file name, so it calls the pack legacy-pack (here team-legacy); add \`name: team-legacy\` to the file, or migrate it\n`,
    );
    await writeFile(
      file,
      'name: team\npolicies:\n  - {name: pii, type: input_filter, action: redact, patterns: [{type: email}]}\n',
    );
    const named = await runKt(['gateway', 'reload', '--file', file, '--dry-run'], { env: env() });
    expect(named.stderr).not.toContain('has no name');
  });

  it('reload is a POST: a 503 is not retried', async () => {
    sandbox.gw.faults.push({ path: '/keeptrusts/config/reload', status: 503, headers: { 'retry-after': '0' } });
    const r = await runKt(['gateway', 'reload'], { env: env() });
    expect(r.exitCode).toBe(5);
    expect(sandbox.gw.requests).toHaveLength(1);
  });
});

describe('kt gateway reload --file -', () => {
  /** A dry-run reload of an example pack piped on stdin. */
  const dryRunFromStdin = async (example: string) => {
    const { readFile } = await import('node:fs/promises');
    return runKt(['gateway', 'reload', '--file', '-', '--dry-run'], {
      env: env(),
      stdin: await readFile(join(examples, example), 'utf8'),
    });
  };

  it('reads the pack from stdin', async () => {
    const r = await dryRunFromStdin('security-engineering-providers-2.yaml');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('-> security-engineering-providers-2 1.0.0');
  });

  it('locates the warnings of a pack on stdin in <stdin>, as every diagnostic on stdin is (it said `-:2:1`)', async () => {
    const r = await dryRunFromStdin('zero-trust-gateway.yaml');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('<stdin>:2:1: warning[W006]: pack.enabled is not set; it defaults to true');
    expect(r.stderr).not.toMatch(/^-:/m);
  });
});
