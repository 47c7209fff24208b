import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const configVarsListCommand = defineCommand({
  path: 'config-vars list',
  summary: 'List config variables (metadata only)',
  options: [
    {
      flags: '--format <format>',
      description: 'output format (default: a table on a terminal, ndjson otherwise)',
      choices: ['text', 'json', 'ndjson', 'csv'],
    },
    { flags: '--json', description: 'same as --format json' },
    ...connectionOptions,
  ],
  examples: [
    { command: 'kt config-vars list', description: 'list config variables (metadata only)' },
    { command: 'kt config-vars list --json', description: 'metadata as JSON' },
    { command: 'kt config-vars list --format csv > config-vars.csv', description: 'metadata as CSV' },
  ],
  load: () => import('./list.run.js'),
});
