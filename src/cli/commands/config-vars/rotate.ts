import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const configVarsRotateCommand = defineCommand({
  path: "config-vars rotate",
  summary: "Set a new value, reload the gateway and check the provider that uses it",
  args: "[name]",
  options: [
    { flags: "--name <name>", description: "the variable (instead of the NAME argument; the public docs' spelling)" },
    { flags: "--from-file <path>", description: "read the value from a file" },
    { flags: "--from-env <var>", description: "read the value from an environment variable" },
    { flags: "--stdin", description: "read the value from standard input" },
    { flags: "--value <value>", description: "the value on the command line (refused unless --force: argv is visible to other users)" },
    { flags: "--force", description: "allow --value" },
    { flags: "--description <text>", description: "description" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt config-vars rotate OPENAI_API_KEY", description: "set a new value, reload the gateway and check the provider that uses it" },
    { command: "printf '%s' \"$NEW_KEY\" | kt config-vars rotate OPENAI_API_KEY --stdin", description: "rotate from a pipe: set, reload, then check the provider that uses the key" },
  ],
  load: () => import('./rotate.run.js'),
});
