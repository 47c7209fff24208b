import { defineCommand } from '../command.js';

export const versionCommand = defineCommand({
  path: "version",
  summary: "Print version information",
  options: [
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
  ],
  examples: [
    { command: "kt version --json", description: "version, Node and platform as JSON" },
  ],
  load: () => import('./version.run.js'),
});
