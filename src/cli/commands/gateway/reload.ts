import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const gatewayReloadCommand = defineCommand({
  path: 'gateway reload',
  summary: 'Reload the running gateway (optionally pushing a new pack)',
  options: [
    { flags: '-f, --file <path>', description: 'pack to push (linted locally first)' },
    { flags: '--dry-run', description: 'show the diff only' },
    { flags: '--exit-code', description: 'exit 1 when the old and new pack differ (with --dry-run: a CI gate)' },
    ...textOrJsonOptions,
    ...connectionOptions,
  ],
  examples: [
    { command: 'kt gateway reload', description: 're-read the pack the gateway was started with' },
    { command: 'kt gateway reload --file policy-config.yaml --dry-run', description: 'show what would change' },
    {
      command: 'kt gateway reload --file policy-config.yaml --dry-run --exit-code',
      description: 'CI gate: exit 1 when the pack would change what the gateway serves',
    },
  ],
  load: () => import('./reload.run.js'),
});
