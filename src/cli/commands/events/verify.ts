import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const eventsVerifyCommand = defineCommand({
  path: 'events verify',
  summary: 'Verify the hash chain of the local event log',
  options: [
    { flags: '--state-dir <dir>', description: 'state directory of the gateway', env: 'KT_STATE_DIR' },
    ...textOrJsonOptions,
  ],
  description:
    "Walks the hash chain of the event log in the gateway's state directory, read from disk (no gateway, token or --api-url needed), and checks that no record was edited, removed, inserted or reordered. Exit 0 when the chain verifies; 1 when it does not, naming the first bad record (segment:line and event id); 3 when there is no event log there or a segment is not a regular file. Keep the head it prints (--json: head) where the gateway host cannot change it: someone able to rewrite the whole log could recompute the chain.",
  examples: [{ command: 'kt events verify', description: 'check that no event was edited, removed or reordered' }],
  load: () => import('./verify.run.js'),
});
