import { connectionOptions } from '../../connection-options.js';
import { defineCommand } from '../../../command.js';

export const gatewayKeysListCommand = defineCommand({
  path: "gateway keys list",
  summary: "List gateway keys (metadata only: id, prefix, identity, expiry)",
  options: [
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    ...connectionOptions,
  ],
  examples: [
    { command: "kt gateway keys list", description: "keys with their identity and expiry" },
    { command: "kt gateway keys list --json", description: "metadata as JSON" },
  ],
  load: () => import('./list.run.js'),
});
