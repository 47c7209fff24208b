import { defineCommand } from '../../command.js';

export const policyLintCommand = defineCommand({
  path: 'policy lint',
  aliases: ['validate'],
  summary: 'Validate policy packs (schema and semantic checks) for CI',
  description:
    'Validates policy packs in any of the three shapes (current, single-policy, legacy list) against schemas/pack.schema.json and semantic rules: unknown kinds and keys (with did-you-mean), chain entries without a block, duplicate provider target ids, invalid or catastrophic-backtracking regexes, literal secrets, weak TLS settings, invalid CIDR ranges, and quality-scorer assertions and weights the engine could not run (errors E001-E014), plus warnings W001-W014, among them settings that would have no effect and documented settings kt does not enforce (docs/lint-codes.md). Every problem of a file is reported in one run, each with file:line:column. Directories expand to their *.yaml, *.yml and *.json files; - reads stdin; with no FILE, policy-config.yaml in the current directory is linted. A file that cannot be read or parsed (missing, a directory without packs, oversized, binary, invalid UTF-8, YAML syntax, unsupported YAML tags, duplicate keys, alias bombs, excessive nesting) does not stop the run: every other file is still linted, and the bad one is reported as one error with its input.* code in every format (and as a one-line error on stderr). Exit status: the most severe outcome - 3 when any file could not be read (whatever --fail-on says), else 1 for findings at or above --fail-on, 0 clean; 2 usage error.',
  args: '[files...]',
  options: [
    {
      flags: '-f, --file <path>',
      description: 'pack file to lint (repeatable; same as a positional FILE)',
      repeatable: true,
    },
    {
      flags: '--format <format>',
      description: 'output format',
      choices: ['text', 'json', 'github', 'junit', 'sarif'],
      default: 'text',
    },
    { flags: '--json', description: 'same as --format json' },
    {
      flags: '--fail-on <level>',
      description: 'exit 1 when a finding at or above this severity exists',
      choices: ['error', 'warning', 'never'],
      default: 'error',
    },
  ],
  examples: [
    { command: 'kt policy lint policy-config.yaml', description: 'lint one pack' },
    {
      command: 'kt policy lint --format github packs/',
      description: 'annotate a GitHub Actions run for every pack in a folder',
    },
    { command: 'kt validate --file policy-config.yaml --json', description: 'machine-readable result' },
    {
      command: 'kt policy lint --format sarif packs/ > kt-lint.sarif',
      description: 'SARIF 2.1.0 for code-scanning upload',
    },
    { command: 'kt policy lint --fail-on warning policy-config.yaml', description: 'treat warnings as failures too' },
  ],
  load: () => import('./lint.run.js'),
});
