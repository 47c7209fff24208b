import { defineCommand } from '../../command.js';

export const policyMigrateCommand = defineCommand({
  path: "policy migrate",
  summary: "Rewrite a legacy list-shape pack into the current shape",
  args: "<file>",
  options: [
    { flags: "-o, --output <path>", description: "write the migrated pack here instead of stdout" },
    { flags: "--name <name>", description: "pack name for the migrated pack" },
    { flags: "--version <semver>", description: "pack version for the migrated pack" },
  ],
  examples: [
    { command: "kt policy migrate legacy.yaml --output policy-config.yaml", description: "migrate and save" },
  ],
  load: () => import('./migrate.run.js'),
});
