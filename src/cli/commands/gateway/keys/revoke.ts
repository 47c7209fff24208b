import { connectionOptions } from '../../connection-options.js';
import { defineCommand } from '../../../command.js';
import { textOrJsonOptions } from '../../output-options.js';

export const gatewayKeysRevokeCommand = defineCommand({
  path: 'gateway keys revoke',
  aliases: ['gateway keys delete'],
  summary: 'Revoke a gateway key: requests that carry it are refused from then on',
  args: '<id>',
  options: [
    { flags: '-y, --yes', description: 'do not ask for confirmation' },
    ...textOrJsonOptions,
    ...connectionOptions,
  ],
  examples: [
    { command: 'kt gateway keys revoke gk_5f2c9a0d1e3b4c6a', description: 'revoke a key (asks first on a terminal)' },
    { command: 'kt gateway keys revoke gk_5f2c9a0d1e3b4c6a --yes', description: 'revoke without asking (scripts)' },
  ],
  load: () => import('./revoke.run.js'),
});
