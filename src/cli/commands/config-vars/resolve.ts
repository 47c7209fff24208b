import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const configVarsResolveCommand = defineCommand({
  path: "config-vars resolve",
  summary: "Check that a config variable resolves at runtime",
  args: "[name]",
  options: [
    { flags: "--name <name>", description: "the variable (instead of the NAME argument; the public docs' spelling)" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt config-vars resolve OPENAI_API_KEY", description: "check that a config variable resolves at runtime" },
  ],
  load: () => import('./resolve.run.js'),
});
