import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const configVarsDeleteCommand = defineCommand({
  path: "config-vars delete",
  summary: "Delete a config variable",
  args: "[name]",
  options: [
    { flags: "--name <name>", description: "the variable (instead of the NAME argument; the public docs' spelling)" },
    { flags: "-y, --yes", description: "do not ask for confirmation" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt config-vars delete OPENAI_API_KEY", description: "delete a config variable" },
    { command: "kt config-vars delete OLD_KEY --yes", description: "delete without asking (scripts)" },
  ],
  load: () => import('./delete.run.js'),
});
