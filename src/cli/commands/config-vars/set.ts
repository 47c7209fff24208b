import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const configVarsSetCommand = defineCommand({
  path: "config-vars set",
  summary: "Set a config variable from a prompt, stdin, file or env",
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
    { command: "kt config-vars set OPENAI_API_KEY", description: "set a config variable from a prompt, stdin, file or env" },
    { command: "printf '%s' \"$NEW_KEY\" | kt config-vars set OPENAI_API_KEY --stdin", description: "set it from a pipe" },
    { command: "kt config-vars set OPENAI_API_KEY --from-env NEW_OPENAI_KEY --description \"prod key\"", description: "set it from an environment variable" },
  ],
  load: () => import('./set.run.js'),
});
