import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const configVarsGetCommand = defineCommand({
  path: "config-vars get",
  summary: "Show a config variable's metadata (never its value: it is write-only)",
  args: "[name]",
  options: [
    { flags: "--name <name>", description: "the variable (instead of the NAME argument; the public docs' spelling)" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt config-vars get OPENAI_API_KEY", description: "show a config variable's metadata (version, dates, description)" },
  ],
  load: () => import('./get.run.js'),
});
