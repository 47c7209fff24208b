import { connectionOptions } from '../connection-options.js';
import { defineCommand } from '../../command.js';

export const authLogoutCommand = defineCommand({
  path: "auth logout",
  summary: "Remove the stored token of a profile",
  options: [
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt auth logout", description: "forget the active profile's token" },
  ],
  load: () => import('./logout.run.js'),
});
