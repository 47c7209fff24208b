import { connectionOptions } from '../../connection-options.js';
import { recordListOptions } from '../../output-options.js';
import { defineCommand } from '../../../command.js';

export const gatewayKeysListCommand = defineCommand({
  path: 'gateway keys list',
  summary: 'List gateway keys (metadata only: id, prefix, identity, expiry)',
  options: [...recordListOptions, ...connectionOptions],
  examples: [
    { command: 'kt gateway keys list', description: 'keys with their identity and expiry' },
    { command: 'kt gateway keys list --json', description: 'metadata as JSON' },
    {
      command: "kt gateway keys list | jq -r 'select(.expires_at == null) | .id'",
      description: 'keys that never expire (one JSON object per line into a pipe)',
    },
  ],
  load: () => import('./list.run.js'),
});
