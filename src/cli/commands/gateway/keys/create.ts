import { connectionOptions } from '../../connection-options.js';
import { defineCommand } from '../../../command.js';
import { textOrJsonOptions } from '../../output-options.js';

export const gatewayKeysCreateCommand = defineCommand({
  path: 'gateway keys create',
  summary: 'Create a gateway key (kt_gk_...) that identifies a client to the data plane',
  description:
    'Creates a gateway key mapped to a user, role and team. A pack with `rbac.require_auth: true` (the zero-trust seed) answers 401 to a request without one, and `deny_if_missing` checks the identity it maps to. The key is shown once: it is printed alone on stdout (or written to --output-file, 0600), and the gateway keeps only its SHA-256.',
  options: [
    { flags: '--user <name>', description: 'user the key identifies (required)' },
    { flags: '--role <role>', description: 'role recorded for the key (rbac roles, deny_if_missing)' },
    { flags: '--team <team>', description: 'team recorded for the key' },
    { flags: '--expires-in <duration>', description: 'lifetime, e.g. 12h, 30d, 2w (default: no expiry)' },
    {
      flags: '-o, --output-file <path>',
      description: 'write the key to this new file (mode 0600) instead of stdout; never overwrites',
    },
    ...textOrJsonOptions,
    ...connectionOptions,
  ],
  examples: [
    {
      command: 'kt gateway keys create --user ana --role analyst --team risk',
      description: 'print a new key for ana on stdout',
    },
    {
      command: 'kt gateway keys create --user ci-bot --role engineer --team platform --expires-in 30d -o ci-bot.key',
      description: 'a 30-day key written to a 0600 file',
    },
    {
      command: 'OPENAI_API_KEY=$(kt gateway keys create --user ana --role analyst --team risk) python app.py',
      description: 'hand the key to an OpenAI client without it touching disk',
    },
  ],
  load: () => import('./create.run.js'),
});
