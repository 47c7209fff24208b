import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/io/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces an existing file by default, with the mode asked for', async () => {
    const file = join(dir, 'a.txt');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new', 0o600);
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('with noClobber writes a new file (mode 0600) and leaves an existing one alone, failing with EEXIST', async () => {
    const file = join(dir, 'k.key');
    await writeFileAtomic(file, 'first\n', 0o600, { noClobber: true });
    expect(await readFile(file, 'utf8')).toBe('first\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const error = (await writeFileAtomic(file, 'second\n', 0o600, { noClobber: true }).catch(
      (e: unknown) => e,
    )) as NodeJS.ErrnoException;
    expect(error.code).toBe('EEXIST');
    expect(await readFile(file, 'utf8')).toBe('first\n');
    // No temp file is left behind either way.
    expect(await readdir(dir)).toEqual(['k.key']);
  });
});
