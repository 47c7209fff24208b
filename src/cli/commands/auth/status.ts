import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const authStatusCommand = defineCommand({
  path: 'auth status',
  // The public docs' name for it (`kt auth whoami`: the current identity); it calls GET /v1/whoami.
  aliases: ['auth whoami'],
  summary: 'Show which URL and identity the CLI would use',
  options: [...textOrJsonOptions, ...connectionOptions],
  examples: [
    { command: 'kt auth status', description: 'where and who' },
    {
      command: 'kt auth status --profile staging --json',
      description: 'which URL and token source a profile uses, as JSON (never the token)',
    },
  ],
  load: () => import('./status.run.js'),
});
