/** `kt policy migrate`, `kt completion` and the man-page staleness check. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const legacy = join(root, 'examples/legacy-dlp-and-injection.yaml');

describe('kt policy migrate', () => {
  it('writes a current-shape pack that lints clean, and lists what it could not map on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    const out = join(dir, 'policy-config.yaml');
    writeFileSync(out, 'old content\n');
    const result = await runKt(['policy', 'migrate', legacy, '--output', out, '--name', 'sec-eng']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("migrate: 'output-validation' (output_filter): not migrated");
    expect(result.stderr).toContain("migrate: 'injection-escalation' (input_filter): not migrated");
    expect(result.stderr).toContain('wrote ');
    expect(readdirSync(dir)).toEqual(['policy-config.yaml']); // atomic: no temp file left behind

    const doc = parse(readFileSync(out, 'utf8')) as { pack: unknown; policies: { chain: string[] }; policy: Record<string, Record<string, unknown>> };
    expect(doc.pack).toEqual({ name: 'sec-eng', version: '1.0.0', enabled: true });
    expect(doc.policies.chain).toEqual(['pii-detector', 'safety-filter', 'prompt-injection']);
    expect(doc.policy['prompt-injection']).toEqual({
      detection: { attack_patterns: ['ignore previous instructions', 'ignore all prior', 'disregard the above', 'new instructions:', 'system prompt:'] },
      embedding_threshold: 0.85,
      response: { action: 'block' },
    });

    const lint = await runKt(['policy', 'lint', '--json', '--fail-on', 'warning', out]);
    expect(lint.exitCode).toBe(0);
    expect(JSON.parse(lint.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 0 });
  });

  it('prints to stdout without --output and honours --pack-version', async () => {
    const result = await runKt(['policy', 'migrate', legacy, '--pack-version', '2.1.0', '--quiet']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect((parse(result.stdout) as { pack: { version: string } }).pack.version).toBe('2.1.0');
  });

  it('refuses a pack that is not legacy, and a bad version', async () => {
    const current = await runKt(['policy', 'migrate', join(root, 'examples/zero-trust-gateway.yaml')]);
    expect(current.exitCode).toBe(3);
    expect(current.stderr).toContain('nothing to migrate');
    expect((await runKt(['policy', 'migrate', legacy, '--pack-version', '1.0'])).exitCode).toBe(2);
  });
});

describe('kt completion', () => {
  it('prints a bash script that completes commands, options and choices', async () => {
    const result = await runKt(['completion', 'bash']);
    expect(result.exitCode).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'kt-comp-'));
    const script = join(dir, 'kt.bash');
    writeFileSync(script, result.stdout);
    const probe = [
      `source ${script}`,
      't() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _kt; echo "${COMPREPLY[*]}"; }',
      't kt po',
      't kt policy l',
      't kt policy lint --format ""',
      't kt validate --fail-on w',
      't kt config-var r',
    ].join('\n');
    const bash = spawnSync('bash', ['-c', probe], { encoding: 'utf8' });
    expect(bash.stderr).toBe('');
    expect(bash.stdout.split('\n').slice(0, 5)).toEqual(['policy', 'lint', 'text json github junit sarif', 'warning', 'resolve rotate']);
  });

  it('prints zsh and fish scripts and refuses other shells', async () => {
    expect((await runKt(['completion', 'zsh'])).stdout).toMatch(/^#compdef kt\n/);
    const fish = (await runKt(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c kt -n '__kt_at \\'policy lint\\'' -l format -x -a 'text json github junit sarif'");
    const bad = await runKt(['completion', 'tcsh']);
    expect(bad.exitCode).toBe(2);
  });
});

describe('man pages', () => {
  it('are up to date with the command specs (run `node scripts/gen-man.mjs` after changing a spec)', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts/gen-man.mjs'), '--check'], { encoding: 'utf8', cwd: root });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
