import { defineCommand } from '../../command.js';

export const policyMigrateCommand = defineCommand({
  path: "policy migrate",
  summary: "Rewrite a legacy list-shape pack into the current shape",
  args: "<file>",
  options: [
    { flags: "-o, --output <path>", description: "write the migrated pack here instead of stdout" },
    { flags: "--name <name>", description: "pack name for the migrated pack (default: the legacy name or the file name)" },
    // Not `--version`: that flag belongs to `kt --version` and commander would read it there.
    { flags: "--pack-version <semver>", description: "pack version for the migrated pack (default 1.0.0)" },
  ],
  description: "Rewrites a legacy list-shape pack (policies: [{name, type, action, ...}]) into the current shape (pack + policies.chain + policy.<kind>). Items of the same kind merge into one block. The result is linted before it is written; anything that could not be carried over exactly is listed on stderr.",
  examples: [
    { command: "kt policy migrate legacy.yaml --output policy-config.yaml", description: "migrate and save (written atomically)" },
    { command: "kt policy migrate legacy.yaml --name payments --pack-version 2.0.0", description: "print the migrated pack with a chosen name and version" },
  ],
  load: () => import('./migrate.run.js'),
});
