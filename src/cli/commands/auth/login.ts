import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const authLoginCommand = defineCommand({
  path: 'auth login',
  summary: 'Store an API token for a profile',
  options: [
    { flags: '--token-stdin', description: 'read the token from stdin' },
    { flags: '--from-file <path>', description: "read the token from a file ('-': standard input)" },
    { flags: '--from-env <var>', description: 'read the token from an environment variable' },
    // The public docs show `kt auth login --email E --password P`: refused with what to do instead
    // (login.run.ts), rather than as an unknown option.
    { flags: '--email <email>', description: 'not supported: kt logs in with an API token', hidden: true },
    { flags: '--password <password>', description: 'not supported: kt logs in with an API token', hidden: true },
    ...textOrJsonOptions,
    ...connectionOptions,
  ],
  examples: [
    { command: 'kt auth login --api-url https://api.example.com', description: 'prompt for a token and save it' },
    {
      command: 'printf \'%s\' "$KT_TOKEN" | kt auth login --api-url https://api.example.com --token-stdin',
      description: 'log in from a script (the token never goes on the command line)',
    },
    {
      command: 'kt auth login --api-url https://api.example.com --from-env CI_KEEPTRUSTS_TOKEN',
      description: 'the token from a variable the CI system provides (saved in the profile)',
    },
    {
      command: 'kt auth login --profile staging --api-url https://staging.example.com',
      description:
        'a second, named profile; it becomes the current one (another per command: --profile NAME or KT_PROFILE)',
    },
  ],
  load: () => import('./login.run.js'),
});
