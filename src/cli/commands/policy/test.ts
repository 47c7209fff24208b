import { defineCommand } from '../../command.js';

export const policyTestCommand = defineCommand({
  path: 'policy test',
  summary: 'Run golden tests (tests/*.json and inline testing.suites)',
  options: [
    {
      flags: '--pack-dir <dir>',
      description: 'directory holding policy-config.yaml and tests/ (default: the directory of --file, else .)',
    },
    { flags: '-f, --file <path>', description: 'pack file (default: <pack-dir>/policy-config.yaml)' },
    { flags: '--format <format>', description: 'output format', choices: ['text', 'json', 'junit'], default: 'text' },
    { flags: '--json', description: 'same as --format json' },
    { flags: '--filter <regex>', description: 'run only tests whose name matches' },
  ],
  examples: [
    { command: 'kt policy test --pack-dir ./pack', description: 'run every golden test of a pack' },
    { command: 'kt policy test --json', description: 'the documented {ok, results} report' },
  ],
  load: () => import('./test.run.js'),
});
