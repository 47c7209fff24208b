import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const authLoginCommand = defineCommand({
  path: "auth login",
  summary: "Store an API token for a profile",
  options: [
    { flags: "--token-stdin", description: "read the token from stdin" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt auth login --api-url https://api.example.com", description: "prompt for a token and save it" },
  ],
  load: () => import('./login.run.js'),
});
