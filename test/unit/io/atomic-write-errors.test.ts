/** writeFileAtomic's errors: an unwritable destination is `input.cannot_write` (exit 3) naming the target, never the temp file. */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import { KtError } from '../../../src/errors.js';
import { errnoOf, writeFileAtomic } from '../../../src/io/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-atomic-err-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

async function failure(file: string, options: Parameters<typeof writeFileAtomic>[3] = {}): Promise<KtError> {
  const error = await writeFileAtomic(file, 'data\n', 0o644, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KtError);
  return error as KtError;
}

describe('writeFileAtomic on an unwritable destination', () => {
  it('a missing directory is input.cannot_write (exit 3) at the target, not the temp file', async () => {
    const file = join(dir, 'no', 'such', 'x.yaml');
    const error = await failure(file);
    expect(error.code).toBe('input.cannot_write');
    expect(exitCodeFor(error.code)).toBe(3);
    expect(error.located).toBe(`${file}: cannot write: no such file or directory (ENOENT)`);
    expect(error.located).not.toMatch(/\.tmp/);
    expect(error.details.data).toEqual({ errno: 'ENOENT', syscall: 'open' });
    expect(errnoOf(error)).toBe('ENOENT');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a file where a directory should be is ENOTDIR, with or without noClobber', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    for (const options of [{}, { noClobber: true }]) {
      const error = await failure(join(dir, 'plain', 'x.yaml'), options);
      expect(error.code).toBe('input.cannot_write');
      expect(error.details.file).toBe(join(dir, 'plain', 'x.yaml'));
      expect(errnoOf(error)).toBe('ENOTDIR');
    }
    expect(await readdir(dir)).toEqual(['plain']);
  });

  it('a directory at the target is EISDIR and the temp file is removed', async () => {
    const target = join(dir, 'sub');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'x');
    const error = await failure(target);
    expect(error.code).toBe('input.cannot_write');
    expect(error.message).toBe('cannot write: it is a directory (EISDIR)');
    expect((await readdir(dir)).sort()).toEqual(['sub']);
    expect(await readFile(join(target, 'keep'), 'utf8')).toBe('x');
  });

  it.skipIf(process.getuid?.() === 0)('a read-only directory is EACCES', async () => {
    await chmod(dir, 0o500);
    const error = await failure(join(dir, 'x.yaml'));
    expect(error.code).toBe('input.cannot_write');
    expect(errnoOf(error)).toBe('EACCES');
  });

  it('EEXIST from noClobber stays a plain errno error (callers check for it); errnoOf reads both kinds', async () => {
    const file = join(dir, 'k.key');
    await writeFile(file, 'first\n');
    const error = await writeFileAtomic(file, 'second\n', 0o600, { noClobber: true }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(KtError);
    expect(errnoOf(error)).toBe('EEXIST');
    expect(await readFile(file, 'utf8')).toBe('first\n');
    expect(await readdir(dir)).toEqual(['k.key']);
    expect(errnoOf(new Error('no code'))).toBeUndefined();
  });
});
