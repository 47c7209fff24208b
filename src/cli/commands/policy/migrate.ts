import { defineCommand } from '../../command.js';

export const policyMigrateCommand = defineCommand({
  path: 'policy migrate',
  summary: 'Rewrite a legacy list-shape pack into the current shape',
  args: '<file>',
  options: [
    {
      flags: '-o, --output <path>',
      description:
        'write the migrated pack here instead of stdout (- for stdout; never over an existing file unless --force)',
    },
    {
      flags: '--force',
      description: 'replace an existing --output file, even the input file itself (still written atomically)',
    },
    {
      flags: '--name <name>',
      description:
        'pack name for the migrated pack: 1-200 characters on one line (default: the legacy name or the file name)',
    },
    // Not `--version`: that flag belongs to `kt --version` and commander would read it there.
    { flags: '--pack-version <semver>', description: 'pack version for the migrated pack (default 1.0.0)' },
  ],
  description:
    'Rewrites a legacy list-shape pack (policies: [{name, type, action, ...}]) into the current shape (pack + policies.chain + policy.<kind>). Items of the same kind merge into one block. The result is linted before it is written; anything that could not be carried over exactly is listed on stderr. An existing --output file (the input file included) is refused (exit 3, nothing written) unless --force, and so is a legacy pack with a lint error the output would carry (exit 3 at its line:column). Exit 0 when every legacy item was carried over; exit 1 when some legacy items were NOT migrated (no current policy kind does what they do): the output is still written for you to finish by hand, but it enforces less than the input, and the last stderr line says how many items were dropped.',
  examples: [
    {
      command: 'kt policy migrate legacy.yaml --output policy-config.yaml',
      description: 'migrate and save (written atomically)',
    },
    {
      command: 'kt policy migrate legacy.yaml --name payments --pack-version 2.0.0',
      description: 'print the migrated pack with a chosen name and version',
    },
    {
      command: 'kt policy migrate legacy.yaml --output policy-config.yaml --force',
      description: 'migrate again over an earlier result (replaced atomically)',
    },
  ],
  load: () => import('./migrate.run.js'),
});
