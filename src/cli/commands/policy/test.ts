import { defineCommand } from '../../command.js';

export const policyTestCommand = defineCommand({
  path: 'policy test',
  summary: 'Run golden tests (tests/*.json and inline testing.suites)',
  description:
    "Runs the golden cases in tests/*.json beside the pack (a file holds one case {name, input, expected}, an array of cases, or {cases: [...]}) and the pack's inline testing.suites. Test files are JSON in UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark; invalid UTF-8 and a key repeated within one JSON object are input errors at their line:column (exit 3). Exit status: 0 when every case passed, 1 when a case failed or none ran.",
  options: [
    {
      flags: '--pack-dir <dir>',
      description: 'directory holding policy-config.yaml and tests/ (default: the directory of --file, else .)',
    },
    { flags: '-f, --file <path>', description: 'pack file (default: <pack-dir>/policy-config.yaml)' },
    { flags: '--format <format>', description: 'output format', choices: ['text', 'json', 'junit'], default: 'text' },
    { flags: '--json', description: 'same as --format json' },
    {
      flags: '--filter <regex>',
      description: 'run only tests whose name (or suite/name) matches this RE2 regular expression',
    },
  ],
  examples: [
    { command: 'kt policy test --pack-dir ./pack', description: 'run every golden test of a pack' },
    { command: 'kt policy test --json', description: 'the documented {ok, results} report' },
  ],
  load: () => import('./test.run.js'),
});
