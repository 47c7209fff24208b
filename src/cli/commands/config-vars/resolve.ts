import { variableOptions } from './options.js';
import { defineCommand } from '../../command.js';

export const configVarsResolveCommand = defineCommand({
  path: 'config-vars resolve',
  summary: 'Check that a config variable resolves at runtime',
  args: '[name]',
  options: variableOptions(),
  examples: [
    {
      command: 'kt config-vars resolve OPENAI_API_KEY',
      description: 'check that a config variable resolves at runtime',
    },
  ],
  load: () => import('./resolve.run.js'),
});
