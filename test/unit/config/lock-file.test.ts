import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireLock } from '../../../src/config/lock-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const busy = (holder: number) => Object.assign(new Error(`held by ${holder}`), { holder });

it('takes a free lock with its pid, refuses one a live process holds, and releases only its own', async () => {
  const lock = join(dir, 'x.lock');
  const release = await acquireLock(lock, { waitMs: 0, busy });
  expect((await readFile(lock, 'utf8')).split(' ')[0]).toBe(String(process.pid));
  await expect(acquireLock(lock, { waitMs: 0, busy })).rejects.toMatchObject({ holder: process.pid });
  await release();
  expect(existsSync(lock)).toBe(false);
});

it('takes over the lock of a process that is gone', async () => {
  const lock = join(dir, 'x.lock');
  // The pid of a process that has exited.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  await writeFile(lock, `${gone} abc\n`);
  const release = await acquireLock(lock, { waitMs: 0, busy });
  expect((await readFile(lock, 'utf8')).split(' ')[0]).toBe(String(process.pid));
  await release();
});

it('a directory in the lock file place is an error at once, not a wait for ever (it was read as "released meanwhile")', async () => {
  const lock = join(dir, 'x.lock');
  await mkdir(lock);
  await expect(acquireLock(lock, { waitMs: 0, busy })).rejects.toMatchObject({ code: 'EISDIR' });
  const unreadable = (e: unknown) => new Error(`unreadable: ${(e as NodeJS.ErrnoException).code}`);
  await expect(acquireLock(lock, { waitMs: 10_000, busy, unreadable })).rejects.toThrow('unreadable: EISDIR');
});
