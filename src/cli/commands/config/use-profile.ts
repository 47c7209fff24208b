import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const configUseProfileCommand = defineCommand({
  path: 'config use-profile',
  summary: 'Make a saved profile the current one',
  description:
    'Sets the profile later commands use when neither --profile nor KT_PROFILE is given (like `kubectl config use-context`). The profile must already be in the profile file: `kt auth login --profile NAME` creates one.',
  args: '<name>',
  options: [...textOrJsonOptions],
  examples: [
    { command: 'kt config use-profile staging', description: 'switch to the staging control plane' },
    { command: 'kt config use-profile default', description: 'back to the default profile' },
  ],
  load: () => import('./use-profile.run.js'),
});
