/** `kt policy migrate`, `kt completion` and the man-page staleness check. */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Whether a shell is installed here (zsh and fish are optional: their tests run where they are). */
const hasShell = (name: string): boolean => spawnSync(name, ['-c', 'exit 0']).status === 0;
const legacy = join(root, 'examples/legacy-dlp-and-injection.yaml');

/** The last stderr line of a migration of the seed, which drops two of its seven items. */
const seedNotMigrated =
  "2 legacy items were NOT migrated ('output-validation', 'injection-escalation'): the output enforces less than the input; add them by hand";
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('kt policy migrate', () => {
  it('writes a current-shape pack that lints clean with --force over an existing file, and lists what it could not map on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    const out = join(dir, 'policy-config.yaml');
    writeFileSync(out, 'old content\n');
    const result = await runKt(['policy', 'migrate', legacy, '--output', out, '--name', 'sec-eng', '--force']);
    expect(result.exitCode).toBe(1); // written, but two legacy items were dropped: a finding
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("migrate: 'output-validation' (output_filter): not migrated");
    expect(result.stderr).toContain("migrate: 'injection-escalation' (input_filter): not migrated");
    expect(lastLine(result.stderr)).toBe(
      `wrote ${out}: 3 policies from 5 of 7 legacy items, 7 note(s) above; ${seedNotMigrated}`,
    );
    expect(readdirSync(dir)).toEqual(['policy-config.yaml']); // atomic: no temp file left behind

    const doc = parse(readFileSync(out, 'utf8')) as {
      pack: unknown;
      policies: { chain: string[] };
      policy: Record<string, Record<string, unknown>>;
    };
    expect(doc.pack).toEqual({ name: 'sec-eng', version: '1.0.0', enabled: true });
    expect(doc.policies.chain).toEqual(['pii-detector', 'safety-filter', 'prompt-injection']);
    expect(doc.policy['prompt-injection']).toEqual({
      detection: {
        attack_patterns: [
          'ignore previous instructions',
          'ignore all prior',
          'disregard the above',
          'new instructions:',
          'system prompt:',
        ],
      },
      embedding_threshold: 0.85,
      response: { action: 'block' },
    });

    const lint = await runKt(['policy', 'lint', '--json', '--fail-on', 'warning', out]);
    expect(lint.exitCode).toBe(0);
    expect(JSON.parse(lint.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 0, unreadable: 0 });
  });

  it('prints to stdout without --output and honours --pack-version; dropped items exit 1 with one stderr line even with --quiet', async () => {
    const result = await runKt(['policy', 'migrate', legacy, '--pack-version', '2.1.0', '--quiet']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `migrated 3 policies from 5 of 7 legacy items to stdout, 7 note(s) above; ${seedNotMigrated}\n`,
    );
    expect((parse(result.stdout) as { pack: { version: string } }).pack.version).toBe('2.1.0');
    // `--output -` is stdout too (as in events export), not a file named "-".
    const dash = await runKt(['policy', 'migrate', legacy, '--output', '-', '--quiet']);
    expect(dash.stdout).toBe((await runKt(['policy', 'migrate', legacy, '--quiet'])).stdout);
    expect(existsSync(join(process.cwd(), '-'))).toBe(false);
  });

  it('exits 0 when every legacy item is migrated, even with merge and rewrite notes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    const input = join(dir, 'legacy.yaml');
    writeFileSync(
      input,
      [
        'policies:',
        '  - {name: content-safety, type: content_filter, action: block, categories: [violence], threshold: medium}',
        '  - {name: topic-restriction, type: content_filter, action: block, blocked_topics: [internal roadmap]}',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'policy-config.yaml');
    const result = await runKt(['policy', 'migrate', input, '--output', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("migrate: 'topic-restriction' merged into safety-filter (from 'content-safety')");
    expect(result.stderr).not.toContain('NOT migrated');
    expect(lastLine(result.stderr)).toBe(`wrote ${out}: 1 policy from 2 legacy items, 1 note(s) above`);
    expect((parse(readFileSync(out, 'utf8')) as { policies: { chain: string[] } }).policies.chain).toEqual([
      'safety-filter',
    ]);

    const stdout = await runKt(['policy', 'migrate', input]);
    expect(stdout.exitCode).toBe(0);
    expect(lastLine(stdout.stderr)).toBe('migrated 1 policy from 2 legacy items to stdout, 1 note(s) above');
    expect(stdout.stdout).toBe(readFileSync(out, 'utf8'));
  });

  it('a report-only content_filter (action log, flag, ...) is not migrated: exit 1 naming it, no blocking safety-filter written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    const input = join(dir, 'legacy.yaml');
    writeFileSync(
      input,
      [
        'policies:',
        '  - {name: tox-monitor, type: content_filter, action: log, categories: [violence]}',
        '  - {name: tox-flag, type: content_filter, action: flag, blocked_topics: [layoffs]}',
        '',
      ].join('\n'),
    );
    // It used to stop with exit 70 (internal.migration_invalid: safety-filter has no action "log").
    const result = await runKt(['policy', 'migrate', input]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`'tox-monitor' (content_filter): not migrated: action "log" only reports`);
    expect(lastLine(result.stderr)).toContain("2 legacy items were NOT migrated ('tox-monitor', 'tox-flag')");
    expect((parse(result.stdout) as { policies: { chain: string[] } }).policies.chain).toEqual([]);
  });

  it('refuses to overwrite an existing --output without --force: one line, exit 3, the file unchanged, no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    const out = join(dir, 'policy-config.yaml');
    writeFileSync(out, 'hand edits\n');
    const result = await runKt(['policy', 'migrate', legacy, '--output', out]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `kt: error[input.file_exists]: ${out}: the file already exists; not overwritten (use --force to replace it)\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('hand edits\n');
    expect(readdirSync(dir)).toEqual(['policy-config.yaml']);

    // A symlink at the output path is in the way too; neither it nor its target is touched.
    const link = join(dir, 'link.yaml');
    symlinkSync(out, link);
    const viaLink = await runKt(['policy', 'migrate', legacy, '--output', link]);
    expect(viaLink.exitCode).toBe(3);
    expect(viaLink.stderr).toContain('[input.file_exists]');
    expect(readFileSync(out, 'utf8')).toBe('hand edits\n');
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'policy-config.yaml']);
  });

  it('refuses to write over its own input file unless --force, and then replaces it atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    const input = join(dir, 'legacy.yaml');
    copyFileSync(legacy, input);
    const before = readFileSync(input, 'utf8');

    // Spelled differently (relative to the working directory): still the input file.
    const refused = await runKt(['policy', 'migrate', input, '--output', 'legacy.yaml'], { cwd: dir });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toBe(
      'kt: error[input.file_exists]: legacy.yaml: this is the input file; not overwritten (use --force to replace it)\n',
    );
    expect(readFileSync(input, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['legacy.yaml']);

    const forced = await runKt(['policy', 'migrate', input, '--output', input, '--force']);
    expect(forced.exitCode).toBe(1);
    expect(lastLine(forced.stderr)).toBe(
      `wrote ${input}: 3 policies from 5 of 7 legacy items, 7 note(s) above; ${seedNotMigrated}`,
    );
    expect((parse(readFileSync(input, 'utf8')) as { policies: { chain: string[] } }).policies.chain).toEqual([
      'pii-detector',
      'safety-filter',
      'prompt-injection',
    ]);
    expect(readdirSync(dir)).toEqual(['legacy.yaml']);
  });

  it('--force over an --output that is a symbolic link writes through it: the target is replaced, the link stays a link (it was replaced by a regular file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    mkdirSync(join(dir, 'packs'));
    writeFileSync(join(dir, 'packs', 'gateway.yaml'), 'old pack\n');
    symlinkSync('packs/gateway.yaml', join(dir, 'policy-config.yaml'));
    const linked = await runKt(['policy', 'migrate', legacy, '--output', 'policy-config.yaml', '--force'], {
      cwd: dir,
    });
    expect(linked.exitCode).toBe(1);
    expect(lastLine(linked.stderr)).toMatch(/^wrote policy-config\.yaml: /);
    expect(lstatSync(join(dir, 'policy-config.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'policy-config.yaml'))).toBe('packs/gateway.yaml');
    expect(readFileSync(join(dir, 'packs', 'gateway.yaml'), 'utf8')).toMatch(/^# Migrated from /);
    expect(readdirSync(join(dir, 'packs'))).toEqual(['gateway.yaml']);

    // A dangling link whose directory exists: the file it names is created.
    symlinkSync('packs/new.yaml', join(dir, 'next.yaml'));
    const dangling = await runKt(['policy', 'migrate', legacy, '--output', 'next.yaml', '--force'], { cwd: dir });
    expect(dangling.exitCode).toBe(1);
    expect(lstatSync(join(dir, 'next.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'packs', 'new.yaml'), 'utf8')).toMatch(/^# Migrated from /);

    // One whose directory does not exist: one line naming the link as typed, exit 3, the link untouched.
    symlinkSync('gone/x.yaml', join(dir, 'nowhere.yaml'));
    const nowhere = await runKt(['policy', 'migrate', legacy, '--output', 'nowhere.yaml', '--force'], { cwd: dir });
    expect([nowhere.exitCode, nowhere.stderr]).toEqual([
      3,
      'kt: error[input.cannot_write]: nowhere.yaml: cannot write: it is a symbolic link to gone/x.yaml, whose directory does not exist\n',
    ]);
    expect(readlinkSync(join(dir, 'nowhere.yaml'))).toBe('gone/x.yaml');
  });

  it('an unwritable --output is one line naming it (not the temp file), exit 3, nothing left behind', async () => {
    const missing = join(tmpdir(), `kt-migrate-missing-${process.pid}`, 'dir', 'x.yaml');
    const result = await runKt(['policy', 'migrate', legacy, '--output', missing]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `kt: error[input.cannot_write]: ${missing}: cannot write: no such file or directory (ENOENT)\n`,
    );

    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
    writeFileSync(join(dir, 'file'), 'x\n');
    const underFile = await runKt(['policy', 'migrate', legacy, '--output', join(dir, 'file', 'x.yaml')]);
    expect(underFile.exitCode).toBe(3);
    expect(underFile.stderr).toBe(
      `kt: error[input.cannot_write]: ${join(dir, 'file', 'x.yaml')}: cannot write: a part of the path is not a directory (ENOTDIR)\n`,
    );

    mkdirSync(join(dir, 'sub'));
    const onDir = await runKt(['policy', 'migrate', legacy, '--output', 'sub', '--force'], { cwd: dir });
    expect(onDir.exitCode).toBe(3);
    expect(onDir.stderr).toBe('kt: error[input.cannot_write]: sub: cannot write: it is a directory (EISDIR)\n');
    expect(readdirSync(dir).sort()).toEqual(['file', 'sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('refuses an --output typed with a trailing "/": it names a directory (a file of that name was written, or replaced with --force)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-slash-'));
    writeFileSync(join(dir, 'pack.yaml'), 'kept\n');
    for (const [output, force] of [
      ['packs/', []],
      ['pack.yaml/', ['--force']],
    ] as const) {
      const result = await runKt(['policy', 'migrate', legacy, '--output', output, ...force], { cwd: dir });
      expect([result.exitCode, result.stdout, result.stderr]).toEqual([
        3,
        '',
        `kt: error[input.cannot_write]: ${output}: ends with "/", so it names a directory, not the file to write\n` +
          `  hint: name the file, e.g. ${output.slice(0, -1)}/policy-config.yaml\n`,
      ]);
    }
    expect(readdirSync(dir)).toEqual(['pack.yaml']);
    expect(readFileSync(join(dir, 'pack.yaml'), 'utf8')).toBe('kept\n');
  });

  it('refuses a pack that is not legacy, and a bad version', async () => {
    const current = await runKt(['policy', 'migrate', join(root, 'examples/zero-trust-gateway.yaml')]);
    expect(current.exitCode).toBe(3);
    expect(current.stderr).toContain('nothing to migrate');
    expect((await runKt(['policy', 'migrate', legacy, '--pack-version', '1.0'])).exitCode).toBe(2);
  });

  it('refuses a --name that is not a pack name as a usage error naming the option, not the value (was internal.migration_invalid, exit 70)', async () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/pack.schema.json'), 'utf8')) as {
      $defs: { packMeta: { properties: { name: unknown } } };
    };
    expect(schema.$defs.packMeta.properties.name).toEqual({ type: 'string', minLength: 1, maxLength: 200 }); // the rule the message states
    const expected =
      'kt: error[usage.invalid_name]: --name: a pack name is 1 to 200 characters on one line, not blank, with no control characters\n  hint: e.g. --name payments-gateway\n';
    for (const name of ['', '   ', 'x'.repeat(201), 'secret-ish\nsecond line', 'tab\there']) {
      const result = await runKt(['policy', 'migrate', legacy, '--name', name]);
      expect(result.exitCode, JSON.stringify(name)).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(expected);
    }
    const longest = await runKt(['policy', 'migrate', legacy, '--name', 'é'.repeat(200), '--quiet']);
    expect(longest.exitCode).toBe(1); // accepted: only the two unmappable seed items are findings
    expect((parse(longest.stdout) as { pack: { name: string } }).pack.name).toBe('é'.repeat(200));
    // --pack-version is refused by naming the option too: its value is never echoed.
    const version = await runKt(['policy', 'migrate', legacy, '--pack-version', 'sk-not-a-version-123']);
    expect(version.exitCode).toBe(2);
    expect(version.stderr).toContain('error[usage.invalid_version]: --pack-version is not SemVer');
    expect(version.stderr).not.toContain('sk-not-a-version-123');
  });

  it("replaces a legacy file's own name that is not a pack name with the file name, and says so (was internal.migration_invalid, exit 70)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-name-'));
    for (const [file, ownName] of [
      ['empty-name.yaml', '""'],
      ['multi-line.yaml', '"line one\\nline two"'],
    ] as const) {
      const path = join(dir, file);
      writeFileSync(
        path,
        `name: ${ownName}\npolicies:\n  - name: pii\n    type: input_filter\n    action: redact\n    patterns: ["[0-9]{3}-[0-9]{2}-[0-9]{4}"]\n`,
      );
      const result = await runKt(['policy', 'migrate', path, '--output', '-']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect((parse(result.stdout) as { pack: { name: string } }).pack.name).toBe(file.replace('.yaml', ''));
      expect(result.stderr).toMatch(
        /^warning: the legacy name: is not a pack name .* named (empty-name|multi-line) \(use --name to choose\)$/m,
      );
    }
  });
  it('drops a key a legacy item carries that its current kind does not have (a typo, a setting of another product), with a note, instead of exit 70', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-extra-'));
    const path = join(dir, 'extra.yaml');
    writeFileSync(
      path,
      [
        'name: extra',
        'policies:',
        '  - name: guard',
        '    type: prompt_injection',
        '    sensitivity: high',
        '    detection: {patterns: ["ignore previous"], extra_knob: 2}',
        '',
      ].join('\n'),
    );
    expect((await runKt(['policy', 'lint', path])).exitCode).toBe(0);
    const result = await runKt(['policy', 'migrate', path, '--output', '-']);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = parse(result.stdout) as { policy: Record<string, Record<string, unknown>> };
    expect(doc.policy['prompt-injection']).toEqual({ detection: { attack_patterns: ['ignore previous'] } });
    for (const key of ['sensitivity', 'detection.extra_knob'])
      expect(result.stderr).toContain(
        `warning: migrate: policy.prompt-injection.${key}: no such field in the current shape; dropped`,
      );
    const migrated = join(dir, 'migrated.yaml');
    writeFileSync(migrated, result.stdout);
    expect((await runKt(['policy', 'lint', migrated])).exitCode).toBe(0);
  });

  it('refuses a legacy pack with a lint error it would carry over: exit 3 at the input position, nothing written (was exit 70 "a bug in kt", or an invalid action quietly written as redact)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-migrate-invalid-'));
    const item = (extra: string[]) =>
      ['policies:', '  - name: accounts', '    type: input_filter', ...extra, ''].join('\n');
    const cases = [
      [
        'backtracking.yaml',
        item(['    action: redact', '    patterns:', '      - {type: regex, pattern: "(a+)+$"}']),
        '6:32: E008',
      ],
      [
        'unclosed.yaml',
        item(['    action: redact', '    patterns:', '      - {type: regex, pattern: "([a-z"}']),
        '6:32: E007',
      ],
      ['action.yaml', item(['    action: explode', '    patterns: [{type: email}]']), '4:13: E004'],
    ] as const;
    for (const [file, text, where] of cases) {
      const path = join(dir, file);
      writeFileSync(path, text);
      const out = join(dir, `out-${file}`);
      const result = await runKt(['policy', 'migrate', path, '--output', out]);
      expect(result.exitCode, `${file}: ${result.stderr}`).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`error[config.invalid_pack]: ${path}:${where}`);
      expect(result.stderr).toContain(
        `hint: fix the legacy pack first (\`kt policy lint ${path}\` shows every problem)`,
      );
      expect(result.stderr).not.toContain('bug');
      expect(existsSync(out)).toBe(false);
      const json = await runKt(['--json', 'policy', 'migrate', path]);
      expect(json.exitCode).toBe(2); // migrate prints YAML: --json is not one of its options
    }
    // A legacy name that is no string is not carried: the file name replaces it, as for a multi-line one.
    const named = join(dir, 'named.yaml');
    writeFileSync(named, 'name: 123\npolicies:\n  - {name: pii, type: input_filter, patterns: [{type: email}]}\n');
    const renamed = await runKt(['policy', 'migrate', named, '--output', '-']);
    expect(renamed.exitCode, renamed.stderr).toBe(0);
    expect((parse(renamed.stdout) as { pack: { name: string } }).pack.name).toBe('named');
    expect(renamed.stderr).toMatch(
      /^warning: the legacy name: is not a pack name .* named named \(use --name to choose\)$/m,
    );
    // An error inside an item that is reported as NOT migrated is accounted for: the output is still written.
    const unknown = join(dir, 'unknown-type.yaml');
    writeFileSync(
      unknown,
      'policies:\n  - {name: x, type: input_filtr, action: block}\n  - {name: pii, type: input_filter, patterns: [{type: email}]}\n',
    );
    const partial = await runKt(['policy', 'migrate', unknown, '--output', '-']);
    expect(partial.exitCode, partial.stderr).toBe(1);
    expect((parse(partial.stdout) as { policies: { chain: string[] } }).policies.chain).toEqual(['pii-detector']);
  });
});

describe('kt completion', () => {
  /**
   * Runs the completion function of a generated script in a real bash, once per command line: each line
   * is the words bash hands the function (bash splits `--opt=value` at "=" itself, so `--format = s`
   * is what it passes for `--format=s`), the last one being completed. Prints COMPREPLY, one line each.
   * `prelude` runs before the script is sourced. Completion runs in a directory with two files and a
   * directory, so a reply of file names shows. With `markOnly`, a reply is followed by ` (only)` when
   * the function turned bash's fallback to file names off (`compopt +o default`, stubbed here): an
   * empty reply without it still lists file names in a real bash. `shell` runs another shell (zsh).
   */
  function complete(
    script: string,
    lines: string[][],
    prelude = '',
    options: { markOnly?: boolean; shell?: string } = {},
  ): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'kt-comp-'));
    writeFileSync(join(dir, 'kt.sh'), script);
    mkdirSync(join(dir, 'cwd'));
    writeFileSync(join(dir, 'cwd', 'afile'), '');
    writeFileSync(join(dir, 'cwd', 'bfile'), '');
    mkdirSync(join(dir, 'cwd', 'adir'));
    const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
    const probe = [
      prelude,
      options.markOnly
        ? 'compopt() { [[ $* == "+o default" ]] && only="${only} (only)"; [[ $* == "-o nospace" ]] && only="${only} (nospace)"; }'
        : '',
      `source ${quote(join(dir, 'kt.sh'))}`,
      't() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); only=""; _kt; echo "${COMPREPLY[*]}${only-}"; }',
      ...lines.map((words) => `t ${words.map(quote).join(' ')}`),
    ].join('\n');
    const shell = spawnSync(options.shell ?? 'bash', options.shell === 'zsh' ? ['-f', '-c', probe] : ['-c', probe], {
      encoding: 'utf8',
      cwd: join(dir, 'cwd'),
    });
    expect(shell.stderr).toBe('');
    expect(shell.status).toBe(0);
    const sortWords = (l: string) => l.split(' ').sort().join(' ');
    return shell.stdout
      .split('\n')
      .slice(0, lines.length)
      .map((l) => {
        const marks = /( \((?:only|nospace)\))*$/.exec(l)![0];
        return `${sortWords(l.slice(0, l.length - marks.length))}${marks}`;
      });
  }
  const sorted = (words: string) => words.split(' ').sort().join(' ');

  it('prints a bash script that completes commands, options and choices', async () => {
    const result = await runKt(['completion', 'bash']);
    expect(result.exitCode).toBe(0);
    const replies = complete(result.stdout, [
      ['kt', 'po'],
      ['kt', 'policy', 'l'],
      ['kt', 'policy', 'lint', '--format', ''],
      ['kt', 'validate', '--fail-on', 'w'],
      ['kt', 'config-var', 'r'],
      ['kt', '--'], // every option `kt --help` lists, --version too
      ['kt', 'policy', 'lint', '--v'], // only there
    ]);
    expect(replies).toEqual([
      'policy',
      'lint',
      sorted('text json github junit sarif'),
      'warning',
      'resolve rotate',
      sorted('--color --no-color --debug --quiet --help --version'),
      '',
    ]);
  });

  // README: kt has one spelling per option rather than hidden aliases, so completion offers every name an
  // option is taken under: `--since`/`--until` (the aliases of `--from`/`--to`) were accepted but not offered.
  it('completes the --since/--until aliases of events list|tail|export, in bash and fish', async () => {
    const script = (await runKt(['completion', 'bash'])).stdout;
    expect(
      complete(script, [
        ['kt', 'events', 'list', '--s'],
        ['kt', 'events', 'tail', '--un'],
        ['kt', 'events', 'export', '--s'],
        ['kt', 'events', 'export', '--since', '7d', '--un'],
      ]),
    ).toEqual([sorted('--since --state-dir'), '--until', sorted('--since --state-dir'), '--until']);
    const fish = (await runKt(['completion', 'fish'])).stdout;
    for (const path of ['events list', 'events tail', 'events export'])
      for (const name of ['since', 'until'])
        expect(fish).toMatch(new RegExp(`__kt_at \\\\'${path}\\\\''.* -l ${name} -x`));
  });

  it('bash: completes the shells of `kt completion`, command words after `help`, and `--opt=value`', async () => {
    const script = (await runKt(['completion', 'bash'])).stdout;
    const commands = 'auth completion config config-vars events gateway health init policy validate version';
    const replies = complete(script, [
      ['kt', 'completion', ''], // the argument's choices, not file names
      ['kt', 'completion', 'z'],
      ['kt', 'help', ''], // commands and the help topics
      ['kt', 'help', 'pol'], // as `kt pol<TAB>`
      ['kt', 'help', 'policy', ''],
      ['kt', 'help', 'policy', 'l'],
      ['kt', 'policy', 'help', ''], // commander reads `kt policy help lint` too
      ['kt', 'help', 'policy', 'lint', ''], // a leaf: nothing more to name, and no file names
      ['kt', 'help', 'nope', ''],
      ['kt', 'he'],
      ['kt', ''],
      ['kt', 'init', '--template', '=', 'a'], // `--template=a<TAB>` as bash splits it
      ['kt', 'init', '--template', '='], // `--template=<TAB>`
      ['kt', 'init', '--template=pii'], // one word (zsh, or "=" not in COMP_WORDBREAKS)
      ['kt', 'policy', 'eval', '--phase', ''],
      ['kt', 'policy', 'eval', '--fail-on', 'b'],
      ['kt', 'policy', 'lint', '--format', '=', 'json', '--fail-on', ''], // the value after "=" is skipped
      ['kt', 'events', 'tail', '--format', ''],
      ['kt', 'policy', 'lint', ''], // files where a command takes files
      ['kt', 'policy', 'lint', '--format', '=', 'json', 'a'],
    ]);
    expect(replies).toEqual([
      sorted('bash zsh fish'),
      'zsh',
      sorted(`${commands} environment exit-codes`),
      'policy',
      sorted('eval lint migrate test'),
      'lint',
      sorted('eval lint migrate test'),
      '',
      '',
      sorted('health help'),
      sorted(`${commands} help`),
      'agent-firewall',
      sorted(
        'zero-trust prompt-injection-detection pii-redaction agent-firewall citation-verification quality-benchmarking',
      ),
      '--template=pii-redaction',
      sorted('request response all'),
      'block',
      sorted('error warning never'),
      sorted('text table json ndjson csv'),
      'adir afile bfile',
      'adir afile',
    ]);
  });

  it('bash: nothing after a complete argument list, and no file names for a value that is not a file (a name, an id, a time)', async () => {
    const script = (await runKt(['completion', 'bash'])).stdout;
    const cases: Array<[string[], string]> = [
      [['kt', 'completion', 'bash', ''], ' (only)'], // offered the shells again
      [['kt', 'completion', 'bash', 'z'], ' (only)'],
      [['kt', 'config-vars', 'get', ''], ' (only)'], // [name]: offered file names
      [['kt', 'config-var', 'rotate', 'K'], ' (only)'],
      [['kt', 'gateway', 'keys', 'revoke', ''], ' (only)'], // <id>
      [['kt', 'config-vars', 'set', '--name', ''], ' (only)'], // --name <name>
      [['kt', 'config-vars', 'set', '--name', '=', ''], ' (only)'],
      [['kt', 'events', 'list', '--from', ''], ' (only)'], // --from <time>
      [['kt', 'health', ''], ' (only)'], // no arguments at all
      [['kt', 'policy', 'migrate', 'afile', ''], ' (only)'], // <file> given
      [['kt', 'nope', ''], ' (only)'], // not a command: not the commands again either
      [['kt', 'policy', 'lint', '--zz'], ' (only)'], // options are never files
      // Files and directories where a value is one, by its placeholder.
      [['kt', 'policy', 'migrate', ''], 'adir afile bfile'],
      [['kt', 'policy', 'migrate', '--output', 'x.yaml', ''], 'adir afile bfile'],
      [['kt', 'policy', 'migrate', '--output', ''], 'adir afile bfile'], // --output <path>
      [['kt', 'policy', 'eval', '--input', '=', 'a'], 'adir afile'],
      [['kt', 'policy', 'lint', 'afile', 'bfile', ''], 'adir afile bfile'], // [files...]: any number
      [['kt', 'init', ''], 'adir (only)'], // [dir]: directories
      [['kt', 'init', 'adir', ''], ' (only)'],
      [['kt', 'init', '--template', 'pii-redaction', ''], 'adir (only)'],
      [['kt', 'policy', 'test', '--pack-dir', ''], 'adir (only)'], // --pack-dir <dir>
      [['kt', 'config-vars', 'set', '--from-file', ''], 'adir afile bfile'],
    ];
    const replies = complete(
      script,
      cases.map(([words]) => words),
      '',
      { markOnly: true },
    );
    expect(replies.map((r, i) => [cases[i]![0].join(' '), r])).toEqual(
      cases.map(([words, reply]) => [words.join(' '), reply]),
    );
  });

  it('bash: --filter offers the filter keys, then the verdicts of verdict: and action:, also where bash splits the word at ":"', async () => {
    const script = (await runKt(['completion', 'bash'])).stdout;
    const keys = 'verdict: action: policy: reason: provider: model: user: team: gateway:';
    const cases: Array<[string[], string]> = [
      [['kt', 'events', 'list', '--filter', ''], `${sorted(keys)} (only)`],
      [['kt', 'events', 'tail', '--filter', 'p'], 'policy: provider: (only)'],
      [['kt', 'events', 'export', '--filter', 'pol'], 'policy: (nospace) (only)'], // no space after the colon
      // `--filter verdict:<TAB>`: bash hands the function `verdict` `:`, and replaces only what follows ":".
      [['kt', 'events', 'list', '--filter', 'verdict', ':'], `${sorted('allow block redact escalate')} (only)`],
      [['kt', 'events', 'list', '--filter', 'verdict', ':', 'b'], 'block (only)'],
      [
        ['kt', 'events', 'list', '--filter', 'action', ':', ''],
        `${sorted('allowed blocked redacted escalated')} (only)`,
      ],
      [['kt', 'events', 'list', '--filter', '=', 'verdict', ':', 'e'], 'escalate (only)'], // --filter=verdict:e
      [['kt', 'events', 'list', '--filter=verdict:r'], '--filter=verdict:redact (only)'], // one word (zsh)
      [['kt', 'events', 'list', '--filter', 'model', ':', 'g'], ' (only)'], // a model is the operator's
      // A complete filter before: its words are no arguments, and options still complete.
      [['kt', 'events', 'list', '--filter', 'verdict', ':', 'block', '--filter', 'u'], 'user: (nospace) (only)'],
      [['kt', 'events', 'list', '--filter', 'verdict', ':', 'block', '--fol'], '--follow (only)'],
      [['kt', 'events', 'list', '--verdict', 'b'], 'block (only)'],
    ];
    const replies = complete(
      script,
      cases.map(([words]) => words),
      '',
      { markOnly: true },
    );
    expect(replies.map((r, i) => [cases[i]![0].join(' '), r])).toEqual(
      cases.map(([words, reply]) => [words.join(' '), reply]),
    );
  });

  // bash-completion loads ~/.local/share/bash-completion/completions/kt (where the script's header says to
  // save it) at the first TAB, by sourcing it inside a function: `declare -A` there made the tables
  // locals of that function, gone when it returned, and nothing ever completed.
  it('bash: completes when sourced inside a function, as bash-completion loads a file of completions/', async () => {
    const script = (await runKt(['completion', 'bash'])).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'kt-bcl-'));
    writeFileSync(join(dir, 'kt'), script);
    const probe = [
      `load() { . ${dir}/kt; }`,
      'load',
      'COMP_WORDS=(kt pol); COMP_CWORD=1; COMPREPLY=(); _kt; echo "${COMPREPLY[*]}"',
      'COMP_WORDS=(kt completion ""); COMP_CWORD=2; COMPREPLY=(); _kt; echo "${COMPREPLY[*]}"',
    ].join('\n');
    const bash = spawnSync('bash', ['-c', probe], { encoding: 'utf8', cwd: dir });
    expect(bash.stderr).toBe('');
    expect(bash.stdout).toBe('policy\nbash zsh fish\n');
  });

  it('bash: options typed before the command, as kt reads them (kt --profile prod events list)', async () => {
    const script = (await runKt(['completion', 'bash'])).stdout;
    const commands = 'auth completion config config-vars events gateway health init policy validate version';
    const replies = complete(
      script,
      [
        ['kt', '--profile', 'prod', ''], // prod is the value, not a command word
        ['kt', '--profile', 'prod', 'ev'],
        ['kt', '--api-url', 'http', ':', '//127.0.0.1', ':', '41002', 'events', ''], // bash splits at ":"
        ['kt', '--format', 'json', 'version', '--j'],
        ['kt', '--timeout', '=', '5s', 'health', '--verb'], // `--timeout=5s` as bash splits it
        ['kt', '--profile', ''], // a profile name goes here: no commands, no file names
        ['kt', '--json', ''], // a flag: the commands follow
      ],
      '',
      { markOnly: true },
    );
    expect(replies).toEqual([
      `${sorted(`${commands} help`)} (only)`,
      'events (only)',
      `${sorted('export list tail verify')} (only)`,
      '--json (only)',
      '--verbose (only)',
      ' (only)',
      `${sorted(`${commands} help`)} (only)`,
    ]);
    const fish = (await runKt(['completion', 'fish'])).stdout;
    // fish: __kt_path skips the value of an option before the command, by the list of every option that takes one.
    expect(fish).toMatch(/\n {8}case ''\n {12}printf '%s\\n' [^\n]* --profile [^\n]*\n/);
    expect(fish).toContain("    set -l valued (__kt_valued '')\n");
  });

  // zsh and fish are not installed on the machines this suite was written on: the zsh script is the bash
  // script under bashcompinit, so its body is run in bash (with bashcompinit stubbed); the fish script
  // is checked line by line.
  it('zsh: the same completion function, behind bashcompinit', async () => {
    const script = (await runKt(['completion', 'zsh'])).stdout;
    expect(script).toMatch(
      /^#compdef kt\n(?:#.*\n)*typeset -f compdef >\/dev\/null 2>&1 \|\| \{ autoload -U compinit && compinit; \}\nautoload -U \+X bashcompinit && bashcompinit\ntypeset -gA _kt_sub _kt_opts _kt_valued _kt_choices _kt_values _kt_args _kt_nargs _kt_kind\n/,
    );
    // zsh keeps quotes in a subscript as part of the key: `_kt_sub['kt']` was the key "'kt'", which no
    // lookup found, so nothing completed in zsh. Keys are bare words.
    expect(script).not.toMatch(/_kt_\w+\[['"]/);
    // No `-o default` (zsh has no compopt to turn it off): the function offers file names itself.
    expect(script).toMatch(/\ncomplete -o nospace -F _kt_zsh kt\n/);
    expect(script).not.toMatch(/complete -o default/);
    // zsh splits unquoted expansions only with shwordsplit: the choices loop of `--opt=value` needs it.
    expect(script).toContain('[[ -n ${ZSH_VERSION-} ]] && setopt localoptions ksharrays shwordsplit');
    const replies = complete(
      script,
      [
        ['kt', 'completion', ''],
        ['kt', 'help', 'policy', ''],
        ['kt', 'init', '--template=a'],
      ],
      'autoload() { :; }; bashcompinit() { :; }; compdef() { :; }',
    );
    expect(replies).toEqual([sorted('bash zsh fish'), sorted('eval lint migrate test'), '--template=agent-firewall']);
  });

  // `kt completion --help` says `source <(kt completion zsh)`. zsh starts without compinit (no ~/.zshrc
  // line for it, as on a fresh macOS account): bashcompinit's `complete` then failed with "command not
  // found: compdef" and kt was left without completion.
  it.skipIf(!hasShell('zsh'))(
    'zsh (installed): `source <(kt completion zsh)` registers kt in a zsh that has not run compinit',
    async () => {
      const script = (await runKt(['completion', 'zsh'])).stdout;
      const dir = mkdtempSync(join(tmpdir(), 'kt-znc-'));
      writeFileSync(join(dir, 'kt.zsh'), script);
      const probe = [`source ${dir}/kt.zsh`, 'print -r -- "${_comps[kt]-unregistered}"'].join('\n');
      // ZDOTDIR: compinit writes its .zcompdump there, not in the home directory.
      const zsh = spawnSync('zsh', ['-f', '-c', probe], {
        encoding: 'utf8',
        cwd: dir,
        env: { ...process.env, ZDOTDIR: dir },
      });
      expect(zsh.stderr).toBe('');
      expect(zsh.stdout.trim()).not.toBe('unregistered');
      expect(zsh.stdout.trim()).not.toBe('');
    },
  );

  // Where zsh is installed, the script runs in it, under its own bashcompinit (whose compgen leaves the
  // matching of the typed prefix to zsh: the lines below complete an empty word).
  it.skipIf(!hasShell('zsh'))(
    'zsh (installed): completes in a real zsh, and nothing where bash offers nothing',
    async () => {
      const script = (await runKt(['completion', 'zsh'])).stdout;
      const cases: Array<[string[], string]> = [
        [
          ['kt', ''],
          sorted('auth completion config config-vars events gateway health help init policy validate version'),
        ],
        [['kt', 'completion', ''], sorted('bash zsh fish')],
        [['kt', 'completion', 'bash', ''], ''],
        [['kt', 'config-vars', 'get', ''], ''],
        [['kt', 'policy', 'lint', '--format', ''], sorted('text json github junit sarif')],
        [['kt', 'policy', 'migrate', ''], 'adir afile bfile'],
        [['kt', 'init', ''], 'adir'],
      ];
      const replies = complete(
        script,
        cases.map(([words]) => words),
        'autoload -U compinit && compinit -D -u',
        { shell: 'zsh' },
      );
      expect(replies.map((r, i) => [cases[i]![0].join(' '), r])).toEqual(
        cases.map(([words, reply]) => [words.join(' '), reply]),
      );
    },
  );

  // `#compdef kt` offers the script to compinit as a file `_kt` in $fpath, whose text is then the body of
  // the function `_kt`, run at the first TAB. The tables were declared with `typeset -A` there: locals
  // of that call, gone at the next TAB, and the first TAB completed nothing. compadd is stubbed to print
  // what it is given (it works only inside a completion widget).
  it.skipIf(!hasShell('zsh'))(
    'zsh (installed): completes as a file _kt in $fpath, from the first TAB on, not only when sourced',
    async () => {
      const script = (await runKt(['completion', 'zsh'])).stdout;
      const dir = mkdtempSync(join(tmpdir(), 'kt-zfp-'));
      writeFileSync(join(dir, '_kt'), script);
      const probe = [
        `fpath=(${dir} $fpath)`,
        'autoload -U compinit && compinit -u -D',
        'compadd() { local -a w; w=("${@[${@[(i)-]}+1,-1]}"); [[ -n ${w[*]} ]] && print -r -- "${w[*]}"; return 0; }',
        'words=(kt completion ""); CURRENT=3; _kt', // the first TAB: compinit autoloads _kt from $fpath
        'print -- --',
        'words=(kt policy ""); CURRENT=3; ${=_comps[kt]}', // a later TAB: what compinit now calls for kt
      ].join('\n');
      const zsh = spawnSync('zsh', ['-f', '-c', probe], { encoding: 'utf8', cwd: dir });
      expect(zsh.stderr).toBe('');
      expect(zsh.stdout.split('\n').map(sorted)).toEqual([
        sorted('bash zsh fish'),
        '--',
        sorted('eval lint migrate test'),
        '',
      ]);
    },
  );

  // bashcompinit hands each reply to compadd: with `-S ''` (no space after it) under `-o nospace` unless
  // it ends in a space, then with `-S ' '`. `policy:` had zsh's default space after it, so the value had
  // to be typed after a backspace; every other reply keeps its space.
  it.skipIf(!hasShell('zsh'))(
    'zsh (installed): no space after the start of a filter value (`policy:`), a space after anything else',
    async () => {
      const script = (await runKt(['completion', 'zsh'])).stdout;
      const dir = mkdtempSync(join(tmpdir(), 'kt-zsp-'));
      writeFileSync(join(dir, 'kt.zsh'), script);
      const probe = [
        'autoload -U compinit && compinit -u -D',
        `source ${dir}/kt.zsh`,
        // Prints each non-empty compadd as `SUFFIX|words`, the suffix in brackets.
        'compadd() { local s=default; [[ $1 == -S ]] && { s=$2; shift 2; }; [[ $1 == - ]] && shift; (($#)) && print -r -- "[$s]|$*"; return 0; }',
        'words=(kt events list --filter pol); CURRENT=5; ${=_comps[kt]}',
        'words=(kt events list --filter verdict:bl); CURRENT=5; ${=_comps[kt]}',
        'words=(kt completion ""); CURRENT=3; ${=_comps[kt]}',
      ].join('\n');
      const zsh = spawnSync('zsh', ['-f', '-c', probe], { encoding: 'utf8', cwd: dir });
      expect(zsh.stderr).toBe('');
      expect(zsh.stdout.split('\n')).toEqual(['[]|policy:', '[ ]|verdict:block', '[ ]|bash zsh fish', '']);
    },
  );

  it('fish: shells, help, option choices and files where a command takes them', async () => {
    const fish = (await runKt(['completion', 'fish'])).stdout;
    expect(fish).toContain(
      "complete -c kt -n '__kt_at \\'policy lint\\'' -l format -x -a 'text json github junit sarif'",
    );
    expect(fish).toContain(
      "complete -c kt -n '__kt_at \\'init\\'' -s t -l template -x -a 'zero-trust prompt-injection-detection pii-redaction agent-firewall citation-verification quality-benchmarking'",
    );
    // The shells only while none is given (`kt completion bash <TAB>` offered them again).
    expect(fish).toContain(
      "complete -c kt -n '__kt_at \\'completion\\'; and test (__kt_nargs) -lt 1' -a 'bash zsh fish'\n",
    );
    expect(fish).not.toMatch(/__kt_at \\'completion\\'' -F/);
    // A name is not a file: no positional completion for `kt config-vars get`, and `--name` takes a
    // value without file names (`-x`); a directory option completes directories.
    expect(fish).not.toMatch(/__kt_at \\'config-vars get\\''( -[rF])* -F/);
    expect(fish).toContain("complete -c kt -n '__kt_at \\'config-vars get\\'' -l name -x -d ");
    expect(fish).toContain(
      "complete -c kt -n '__kt_at \\'policy test\\'' -l pack-dir -x -a '(__fish_complete_directories)' -d ",
    );
    // `kt help <TAB>`, `kt help policy <TAB>`: command words (and the topics at the top).
    expect(fish).toContain("complete -c kt -n '__kt_at help' -a 'environment exit-codes'");
    expect(fish).toContain("complete -c kt -n '__kt_at \\'help policy\\'' -a 'lint'");
    expect(fish).toContain("complete -c kt -n '__kt_at \\'\\'' -a help");
    expect(fish).toMatch(/if test "\$t" = help -a \$helping = 0; and contains -- "\$here" \$__kt_groups/);
    // Files where a command takes them (the script turns files off with `complete -c kt -f`), not elsewhere.
    expect(fish).toContain("complete -c kt -n '__kt_at \\'policy lint\\'' -F\n");
    expect(fish).toContain("complete -c kt -n '__kt_at \\'policy migrate\\'; and test (__kt_nargs) -lt 1' -F\n");
    expect(fish).not.toContain("complete -c kt -n '__kt_at \\'health\\'' -F\n");
    // --filter suggests its keys and the verdicts; values are not restricted to them (-x: no file names).
    expect(fish).toContain(
      "complete -c kt -n '__kt_at \\'events list\\'' -l filter -x -a 'verdict: verdict:allow verdict:block verdict:redact verdict:escalate action: action:allowed action:blocked action:redacted action:escalated policy: reason: provider: model: user: team: gateway:'",
    );
    // Every block the script opens is closed.
    const opened = fish.split('\n').filter((l) => /^\s*(function|for|if|while|switch|begin)\b/.test(l)).length;
    const closed = fish.split('\n').filter((l) => /^\s*end$/.test(l)).length;
    expect(closed).toBe(opened);
  });

  it.skipIf(!hasShell('fish'))('fish (installed): what `complete -C` offers for a line', async () => {
    const script = (await runKt(['completion', 'fish'])).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'kt-fish-'));
    writeFileSync(`${dir}.fish`, script); // beside the directory, so not one of its file names
    writeFileSync(join(dir, 'afile'), '');
    mkdirSync(join(dir, 'adir'));
    const cases: Array<[string, string]> = [
      ['kt completion ', 'bash fish zsh'],
      ['kt --', '--color --debug --help --no-color --quiet --version'],
      ['kt completion bash ', ''],
      ['kt config-vars get ', ''],
      ['kt config-vars set --name ', ''],
      ['kt events list --from ', ''],
      ['kt health ', ''],
      ['kt policy migrate ', 'adir/ afile'],
      ['kt policy migrate afile ', ''],
      ['kt policy migrate --output x.yaml ', 'adir/ afile'],
      ['kt policy migrate --output ', 'adir/ afile'],
      ['kt policy test --pack-dir ', 'adir/'],
      ['kt policy lint afile ', 'adir/ afile'],
      ['kt init ', 'adir/'],
      ['kt init adir ', ''],
      ['kt config-vars set --from-file ', 'adir/ afile'],
      ['kt help policy ', 'eval lint migrate test'],
    ];
    const probe = [
      `source ${dir}.fish`,
      ...cases.map(([line]) => `echo (complete -C '${line}' | cut -f1 | sort)`),
    ].join('\n');
    const fish = spawnSync('fish', ['--no-config', '-c', probe], { encoding: 'utf8', cwd: dir });
    expect(fish.stderr).toBe('');
    const replies = fish.stdout.split('\n').slice(0, cases.length);
    expect(replies.map((r, i) => [cases[i]![0], r])).toEqual(cases);
  });

  it('refuses other shells', async () => {
    const bad = await runKt(['completion', 'tcsh']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("unsupported shell 'tcsh'");
  });
});

describe('man pages', () => {
  it('are up to date with the command specs (run `node scripts/gen-man.mjs` after changing a spec)', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts/gen-man.mjs'), '--check'], {
      encoding: 'utf8',
      cwd: root,
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('say "may be repeated" only of options that collect every value, and say it once', async () => {
    // kt-gateway-run.1 told readers that -c may be repeated, which kt refuses (usage.repeated_option).
    const run = readFileSync(join(root, 'man/kt-gateway-run.1'), 'utf8');
    const at = run.indexOf('policy\\-config <path>');
    expect(at).toBeGreaterThan(0);
    const entry = run.slice(at, run.indexOf('.TP', at));
    expect(entry).toContain('pack to enforce (one file;');
    expect(entry).not.toMatch(/repeat/);
    const twice = await runKt(['gateway', 'run', '-c', 'a.yaml', '-c', 'b.yaml']);
    expect(twice.exitCode).toBe(2);
    for (const page of readdirSync(join(root, 'man')))
      expect(readFileSync(join(root, 'man', page), 'utf8')).not.toMatch(/repeatable.*may be repeated/);
  });
});
