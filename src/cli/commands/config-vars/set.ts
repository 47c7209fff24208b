import { valueSourceOptions, variableOptions } from './options.js';
import { defineCommand } from '../../command.js';

export const configVarsSetCommand = defineCommand({
  path: 'config-vars set',
  // The public docs' `kt config-var create|update --name N`: PUT creates or replaces, so both are `set`
  // (their `--value` stays refused without --force; docs/operator-commands.md).
  aliases: ['config-vars create', 'config-vars update'],
  summary: 'Set a config variable from a prompt, stdin, file or env',
  args: '[name]',
  options: variableOptions(...valueSourceOptions),
  examples: [
    {
      command: 'kt config-vars set OPENAI_API_KEY',
      description: 'set a config variable from a prompt, stdin, file or env',
    },
    {
      command: 'printf \'%s\' "$NEW_KEY" | kt config-vars set OPENAI_API_KEY --stdin',
      description: 'set it from a pipe',
    },
    {
      command: 'kt config-vars set OPENAI_API_KEY --from-env NEW_OPENAI_KEY --description "prod key"',
      description: 'set it from an environment variable',
    },
  ],
  load: () => import('./set.run.js'),
});
