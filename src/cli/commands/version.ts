import { defineCommand } from '../command.js';
import { textOrJsonOptions } from './output-options.js';

export const versionCommand = defineCommand({
  path: 'version',
  summary: 'Print version information',
  options: textOrJsonOptions,
  examples: [{ command: 'kt version --json', description: 'version, Node and platform as JSON' }],
  load: () => import('./version.run.js'),
});
