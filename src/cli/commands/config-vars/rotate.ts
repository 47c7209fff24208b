import { valueSourceOptions, variableOptions } from './options.js';
import { defineCommand } from '../../command.js';

export const configVarsRotateCommand = defineCommand({
  path: 'config-vars rotate',
  summary: 'Set a new value, reload the gateway and check the provider that uses it',
  args: '[name]',
  options: variableOptions(...valueSourceOptions),
  examples: [
    {
      command: 'kt config-vars rotate OPENAI_API_KEY',
      description: 'set a new value, reload the gateway and check the provider that uses it',
    },
    {
      command: 'printf \'%s\' "$NEW_KEY" | kt config-vars rotate OPENAI_API_KEY --stdin',
      description: 'rotate from a pipe: set, reload, then check the provider that uses the key',
    },
  ],
  load: () => import('./rotate.run.js'),
});
