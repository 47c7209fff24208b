import { connectionOptions } from './connection-options.js';
import { defineCommand } from '../command.js';
import { textOrJsonOptions } from './output-options.js';

export const healthCommand = defineCommand({
  path: 'health',
  summary: 'Check gateway health',
  options: [
    { flags: '-v, --verbose', description: 'pack, providers, TLS, uptime, auth' },
    ...textOrJsonOptions,
    ...connectionOptions,
  ],
  examples: [
    { command: 'kt health --verbose', description: 'full health report' },
    { command: 'kt health', description: 'one status line; exit 0 healthy, 1 degraded or unhealthy, 5 unreachable' },
    {
      command: 'kt health --api-url https://gw.example.com --ca-cert ca.pem --client-cert me.pem --client-key me.key',
      description: 'a remote gateway over mTLS',
    },
  ],
  load: () => import('./health.run.js'),
});
