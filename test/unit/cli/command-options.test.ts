// Options that several commands share come from one array, so their help and man pages cannot drift
// apart (set and rotate, and get/resolve/delete, each carried their own copy of the same options).
import { describe, expect, it } from 'vitest';
import { commandSpecs } from '../../../src/cli/commands/index.js';
import { connectionOptions } from '../../../src/cli/commands/connection-options.js';
import { nameOption, valueSourceOptions } from '../../../src/cli/commands/config-vars/options.js';
import { textOrJsonOptions } from '../../../src/cli/commands/output-options.js';

const spec = (path: string) => commandSpecs.find((s) => s.path === path)!;

describe('shared option arrays', () => {
  it('every command whose --format is text|json takes it and --json from textOrJsonOptions', () => {
    const users = commandSpecs.filter((s) =>
      s.options.some((o) => o.flags === '--format <format>' && o.choices?.join(' ') === 'text json'),
    );
    expect(users.length).toBeGreaterThan(10);
    for (const s of users) for (const option of textOrJsonOptions) expect(s.options, s.path).toContain(option);
  });

  it('the config-vars commands about one variable share --name, the output options and the connection; set and rotate the value sources', () => {
    for (const command of ['get', 'set', 'rotate', 'delete', 'resolve']) {
      const options = spec(`config-vars ${command}`).options;
      expect(options[0], command).toBe(nameOption);
      for (const option of [...textOrJsonOptions, ...connectionOptions]) expect(options, command).toContain(option);
    }
    for (const command of ['set', 'rotate'])
      for (const option of valueSourceOptions)
        expect(spec(`config-vars ${command}`).options, command).toContain(option);
    // Same options in the same order: the two commands take a value the same way.
    expect(spec('config-vars rotate').options).toEqual(spec('config-vars set').options);
    expect(spec('config-vars resolve').options).toEqual(spec('config-vars get').options);
  });
});
