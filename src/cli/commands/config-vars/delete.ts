import { variableOptions } from './options.js';
import { defineCommand } from '../../command.js';

export const configVarsDeleteCommand = defineCommand({
  path: 'config-vars delete',
  summary: 'Delete a config variable',
  args: '[name]',
  options: variableOptions({ flags: '-y, --yes', description: 'do not ask for confirmation' }),
  examples: [
    { command: 'kt config-vars delete OPENAI_API_KEY', description: 'delete a config variable' },
    { command: 'kt config-vars delete OLD_KEY --yes', description: 'delete without asking (scripts)' },
  ],
  load: () => import('./delete.run.js'),
});
