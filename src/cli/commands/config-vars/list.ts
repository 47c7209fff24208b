import { connectionOptions } from '../connection-options.js';
import { recordListOptions } from '../output-options.js';
import { defineCommand } from '../../command.js';

export const configVarsListCommand = defineCommand({
  path: 'config-vars list',
  summary: 'List config variables (metadata only)',
  options: [...recordListOptions, ...connectionOptions],
  examples: [
    { command: 'kt config-vars list', description: 'list config variables (metadata only)' },
    { command: 'kt config-vars list --json', description: 'metadata as JSON' },
    { command: 'kt config-vars list --format csv > config-vars.csv', description: 'metadata as CSV' },
  ],
  load: () => import('./list.run.js'),
});
