import { defineCommand } from '../command.js';

export const completionCommand = defineCommand({
  path: "completion",
  summary: "Print a shell completion script",
  args: "<shell>",
  options: [
  ],
  examples: [
    { command: "source <(kt completion bash)", description: "enable completion in bash" },
  ],
  load: () => import('./completion.run.js'),
});
