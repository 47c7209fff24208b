import { defineCommand } from '../command.js';

export const completionCommand = defineCommand({
  path: 'completion',
  summary: 'Print a shell completion script',
  description:
    'Prints a completion script for SHELL: bash, zsh or fish. It completes command words (also after `kt help`), options, the values of options and arguments with fixed choices, and file names (or directories) where a value is one; a name, an id or a time completes nothing, nor does anything after the last argument a command takes.',
  args: '<shell>',
  argChoices: ['bash', 'zsh', 'fish'],
  options: [],
  examples: [
    { command: 'source <(kt completion bash)', description: 'enable completion in bash' },
    { command: 'source <(kt completion zsh)', description: 'enable completion in zsh' },
    { command: 'kt completion fish > ~/.config/fish/completions/kt.fish', description: 'install completion for fish' },
  ],
  load: () => import('./completion.run.js'),
});
