import { connectionOptions } from './connection-options.js';
import { defineCommand } from '../command.js';

export const healthCommand = defineCommand({
  path: "health",
  summary: "Check gateway health",
  options: [
    { flags: "-v, --verbose", description: "pack, providers, TLS, uptime, auth" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt health --verbose", description: "full health report" },
  ],
  load: () => import('./health.run.js'),
});
