import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireLock } from '../../../src/config/lock-file.js';
import { pollUntil } from '../../helpers/wait.js';

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

it.runIf(process.platform === 'linux')(
  'takes over the lock of a process killed but not reaped (a zombie), and of a pid now another process',
  async () => {
    const lock = join(dir, 'x.lock');
    // The forked child exits at once and its parent never waits for it: a zombie. (Perl, not `sh -c 'sleep 0 &
    // exec sleep 30'`: the shell could reap its child before the exec, and then /proc read ESRCH under load.)
    const parent = spawn(
      'perl',
      ['-e', '$| = 1; my $p = fork() // die; if ($p == 0) { exit 0 } print "$p\\n"; sleep 30'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    try {
      const zombie = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(String(d)))));
      const stat = await pollUntil(
        () => readFile(`/proc/${zombie}/stat`, 'latin1'),
        (text) => text.includes(') Z '),
      );
      expect(stat).toContain(') Z ');
      await writeFile(lock, `${zombie} abc\n`);
      const release = await acquireLock(lock, { waitMs: 0, busy });
      expect((await readFile(lock, 'utf8')).split(' ')[0]).toBe(String(process.pid));
      await release();
    } finally {
      parent.kill('SIGKILL');
    }
    // A live pid (this one) whose start time is not the one the lock recorded: the pid was reused.
    await writeFile(lock, `${process.pid} abc 1\n`);
    const release = await acquireLock(lock, { waitMs: 0, busy });
    expect((await readFile(lock, 'utf8')).split(' ')[0]).toBe(String(process.pid));
    // With its true start time it is a live holder (the first test: this process's own lock is refused).
    await expect(acquireLock(lock, { waitMs: 0, busy })).rejects.toMatchObject({ holder: process.pid });
    await release();
  },
);
