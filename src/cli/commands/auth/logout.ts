import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const authLogoutCommand = defineCommand({
  path: 'auth logout',
  summary: 'Remove the stored token of a profile',
  options: [...textOrJsonOptions, ...connectionOptions],
  examples: [{ command: 'kt auth logout', description: "forget the active profile's token" }],
  load: () => import('./logout.run.js'),
});
