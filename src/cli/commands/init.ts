import { defineCommand } from '../command.js';
import { textOrJsonOptions } from './output-options.js';

/** The templates of templates/ that `kt init` writes (init.run.ts checks the name against them too). */
export const templateNames = [
  'zero-trust',
  'prompt-injection-detection',
  'pii-redaction',
  'agent-firewall',
  'citation-verification',
  'quality-benchmarking',
] as const;

export const initCommand = defineCommand({
  path: 'init',
  summary: 'Create a starter pack with tests from a template',
  args: '[dir]',
  options: [
    {
      flags: '-t, --template <name>',
      description: 'template',
      choices: [...templateNames],
      default: 'zero-trust',
    },
    { flags: '--force', description: 'overwrite existing files' },
    ...textOrJsonOptions,
  ],
  examples: [
    {
      command: 'kt init --template pii-redaction my-pack',
      description: 'write my-pack/policy-config.yaml and my-pack/tests/',
    },
  ],
  load: () => import('./init.run.js'),
});
