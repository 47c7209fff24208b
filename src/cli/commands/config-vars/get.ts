import { variableOptions } from './options.js';
import { defineCommand } from '../../command.js';

export const configVarsGetCommand = defineCommand({
  path: 'config-vars get',
  summary: "Show a config variable's metadata (never its value: it is write-only)",
  args: '[name]',
  options: variableOptions(),
  examples: [
    {
      command: 'kt config-vars get OPENAI_API_KEY',
      description: "show a config variable's metadata (version, dates, description)",
    },
  ],
  load: () => import('./get.run.js'),
});
