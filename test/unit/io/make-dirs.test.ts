import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KtError } from '../../../src/errors.js';
import { makeDirs, removeDirs } from '../../../src/io/make-dirs.js';

const failure = async (p: Promise<unknown>): Promise<KtError> => {
  try {
    await p;
  } catch (error) {
    if (error instanceof KtError) return error;
    throw error;
  }
  throw new Error('expected a KtError');
};

describe('makeDirs', () => {
  it('creates the missing levels, outermost first, and removeDirs takes them back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kt-mkdirs-'));
    const created = await makeDirs(join(root, 'a', 'b', 'c'));
    expect(created).toEqual([join(root, 'a'), join(root, 'a', 'b'), join(root, 'a', 'b', 'c')]);
    expect(await makeDirs(join(root, 'a', 'b'))).toEqual([]);
    await removeDirs(created);
    expect(readdirSync(root)).toEqual([]);
  });

  it('names the first level it cannot create when a parent is a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kt-mkdirs-'));
    writeFileSync(join(root, 'f'), 'x');
    const e = await failure(makeDirs(join(root, 'f', 'x', 'y')));
    expect([e.code, e.details.file, e.message]).toEqual([
      'input.cannot_write',
      join(root, 'f', 'x'),
      `cannot create directory: ${join(root, 'f')} is not a directory (ENOTDIR)`,
    ]);
    const self = await failure(makeDirs(join(root, 'f'), { show: (p) => p.slice(root.length + 1) }));
    expect([self.details.file, self.message]).toEqual([
      'f',
      'cannot create directory: a file with this name exists (ENOTDIR)',
    ]);
  });

  it.runIf(existsSync('/proc/self'))('fails at once where a parent refuses entries with ENOENT (/proc)', async () => {
    const e = await failure(makeDirs('/proc/kt-forbidden/a/b'));
    expect([e.details.file, e.message]).toEqual([
      '/proc/kt-forbidden',
      'cannot create directory: /proc does not accept new directories (ENOENT)',
    ]);
  });
});

describe('every directory kt creates fails at once where node would loop', () => {
  // Node's recursive mkdir never returns under /proc; these would hang the test (and time out) on the old code.
  it.runIf(existsSync('/proc/self'))(
    'the gateway state directory and the profile directory under /proc',
    async () => {
      const { ensurePrivateDir } = await import('../../../src/runtime/state-dir.js');
      const { writeConfigFile } = await import('../../../src/config/profiles.js');
      expect((await failure(ensurePrivateDir('/proc/kt-state/events'))).message).toContain(
        '/proc does not accept new directories',
      );
      expect((await failure(writeConfigFile('/proc/kt-config/kt/config.json', { profiles: {} } as never))).code).toBe(
        'input.cannot_write',
      );
    },
    10_000,
  );

  it('tolerates a level made by someone else meanwhile', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kt-mkdirs-'));
    const both = await Promise.all([makeDirs(join(root, 'a', 'b', 'c')), makeDirs(join(root, 'a', 'b', 'c'))]);
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
    expect(both.flat().length).toBeLessThanOrEqual(3);
  });
});
