import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const eventsVerifyCommand = defineCommand({
  path: 'events verify',
  summary: 'Verify the hash chain of the local event log',
  options: [
    { flags: '--state-dir <dir>', description: 'state directory of the gateway', env: 'KT_STATE_DIR' },
    ...textOrJsonOptions,
  ],
  examples: [{ command: 'kt events verify', description: 'check that no event was edited, removed or reordered' }],
  load: () => import('./verify.run.js'),
});
