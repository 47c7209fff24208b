import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const configShowCommand = defineCommand({
  path: 'config show',
  summary: 'Print the effective CLI configuration and where each value comes from',
  description:
    'Resolves the connection settings as every remote command does (flags > environment > profile > local gateway > default) and prints each with its source, without contacting the API. Tokens are never printed, only where one would come from.',
  options: [...textOrJsonOptions, ...connectionOptions],
  examples: [
    { command: 'kt config show', description: 'the URL, profile, token source, timeout and TLS files in use' },
    { command: 'kt config show --profile staging --json', description: 'what a profile resolves to, as JSON' },
  ],
  load: () => import('./show.run.js'),
});
