import { defineCommand } from '../../command.js';

export const eventsVerifyCommand = defineCommand({
  path: "events verify",
  summary: "Verify the hash chain of the local event log",
  options: [
    { flags: "--state-dir <dir>", description: "state directory of the gateway", env: "KT_STATE_DIR" },
    { flags: "--format <format>", description: "output format", choices: ["text", "json"], default: "text" },
    { flags: "--json", description: "same as --format json" },
  ],
  examples: [
    { command: "kt events verify", description: "check that no event was edited, removed or reordered" },
  ],
  load: () => import('./verify.run.js'),
});
