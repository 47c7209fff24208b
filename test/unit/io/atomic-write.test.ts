import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/io/atomic-write.js';
import { KtError } from '../../../src/errors.js';

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

  it("throughSymlink writes through a chain of links to the file at its end, in that file's directory; the links stay links", async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'pack.yaml'), 'old');
    await symlink('real/pack.yaml', join(dir, 'middle.yaml'));
    await symlink('middle.yaml', join(dir, 'outer.yaml'));
    await writeFileAtomic(join(dir, 'outer.yaml'), 'new', 0o644, { throughSymlink: true });
    expect(await readFile(join(dir, 'real', 'pack.yaml'), 'utf8')).toBe('new');
    expect(await readlink(join(dir, 'outer.yaml'))).toBe('middle.yaml');
    expect(await readlink(join(dir, 'middle.yaml'))).toBe('real/pack.yaml');
    expect((await readdir(dir)).sort()).toEqual(['middle.yaml', 'outer.yaml', 'real']);
    expect(await readdir(join(dir, 'real'))).toEqual(['pack.yaml']);
    // Without it the link itself is replaced (state files, which kt alone writes).
    await writeFileAtomic(join(dir, 'outer.yaml'), 'plain', 0o644);
    expect((await lstat(join(dir, 'outer.yaml'))).isFile()).toBe(true);
  });

  it('throughSymlink: a dangling chain creates the file it ends at when that directory exists; else, and for a loop, one error naming the path given', async () => {
    await symlink('b.yaml', join(dir, 'a.yaml'));
    await symlink('made.yaml', join(dir, 'b.yaml'));
    await writeFileAtomic(join(dir, 'a.yaml'), 'new', 0o644, { throughSymlink: true });
    expect(await readFile(join(dir, 'made.yaml'), 'utf8')).toBe('new');
    expect((await lstat(join(dir, 'a.yaml'))).isSymbolicLink()).toBe(true);

    await symlink('no/dir/x.yaml', join(dir, 'lost.yaml'));
    const lost = await writeFileAtomic(join(dir, 'lost.yaml'), 'x', 0o644, { throughSymlink: true }).catch(
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(KtError);
    expect((lost as KtError).located).toBe(
      `${join(dir, 'lost.yaml')}: cannot write: it is a symbolic link to no/dir/x.yaml, whose directory does not exist`,
    );

    await symlink('loop.yaml', join(dir, 'loop.yaml'));
    const loop = await writeFileAtomic(join(dir, 'loop.yaml'), 'x', 0o644, { throughSymlink: true }).catch(
      (e: unknown) => e,
    );
    expect([(loop as KtError).code, (loop as KtError).located]).toEqual([
      'input.cannot_write',
      `${join(dir, 'loop.yaml')}: cannot write: too many symbolic links encountered (ELOOP)`,
    ]);
    expect((await readdir(dir)).sort()).toEqual(['a.yaml', 'b.yaml', 'loop.yaml', 'lost.yaml', 'made.yaml']);
  });
});
