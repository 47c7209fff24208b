import { defineCommand } from '../../command.js';

export const policyLintCommand = defineCommand({
  path: "policy lint",
  aliases: ["validate"],
  summary: "Validate policy packs (schema and semantic checks) for CI",
  args: "[files...]",
  options: [
    { flags: "-f, --file <path>", description: "pack file to lint (repeatable; same as a positional FILE)", repeatable: true },
    { flags: "--format <format>", description: "output format", choices: ["text", "json", "github", "junit", "sarif"], default: "text" },
    { flags: "--json", description: "same as --format json" },
    { flags: "--fail-on <level>", description: "exit 1 when a finding at or above this severity exists", choices: ["error", "warning", "never"], default: "error" },
  ],
  examples: [
    { command: "kt policy lint policy-config.yaml", description: "lint one pack" },
    { command: "kt policy lint --format github packs/", description: "annotate a GitHub Actions run for every pack in a folder" },
    { command: "kt validate --file policy-config.yaml --json", description: "machine-readable result" },
  ],
  load: () => import('./lint.run.js'),
});
