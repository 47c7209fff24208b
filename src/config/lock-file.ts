/**
 * Exclusive lock files between kt processes: created with O_EXCL and holding the pid of the process
 * that took it (and when it started, where /proc tells), so that one whose process is gone (killed,
 * crashed, a zombie not yet reaped, or its pid now another process's) is taken over rather than blocking
 * every later kt. Used for the profile file (`config.json.lock`) and an export's output
 * (`<output>.kt-export.lock`).
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, processStartTime } from './paths.js';

/** A lock file still without a pid after this long was left by a process that died while taking it. */
const LOCK_EMPTY_STALE_MS = 5_000;

export interface LockOptions {
  /** How long to wait for a live holder to release the lock before giving up (0: not at all). */
  waitMs: number;
  /** The error when a live process (its pid) still holds the lock after `waitMs`. */
  busy: (holder: number) => Error;
  /** The error when the lock file cannot be created at all (not held); default: the errno error itself. */
  failed?: (error: unknown) => Error;
  /** The error when something that cannot be read as a lock file is in its place; default: `failed`. */
  unreadable?: (error: unknown) => Error;
}

/** Takes `lock`, waiting up to `waitMs` for a live holder; resolves to the function that releases it. */
export async function acquireLock(lock: string, options: LockOptions): Promise<() => Promise<void>> {
  // The pid, a random tag (which lock is ours) and, where it can be read, when this process started.
  const started = processStartTime(process.pid);
  const token = `${process.pid} ${Math.random().toString(36).slice(2)}${started === undefined ? '' : ` ${started}`}\n`;
  const deadline = Date.now() + options.waitMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      // Removed only while it is still ours (a waiter may have judged it stale and taken it over).
      return async () => {
        if ((await readFile(lock, 'utf8').catch(() => undefined)) === token) await rm(lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw options.failed ? options.failed(error) : error;
    }
    let holder: number | 'stale' | undefined;
    try {
      holder = await lockHolder(lock);
    } catch (error) {
      // Something other than a lock file in its place (a directory): no process will ever release it.
      throw (options.unreadable ?? options.failed)?.(error) ?? error;
    }
    if (holder === 'stale') {
      await rm(lock, { force: true });
      continue;
    }
    // A lock being taken (no pid in it yet) or released meanwhile is settled within moments: try again.
    if (holder !== undefined && Date.now() >= deadline) throw options.busy(holder);
    await sleep(wait);
  }
}

/**
 * The pid holding the lock, `stale` when that process is gone (or the file never got a pid and is old),
 * undefined when it cannot be told yet (released meanwhile, or being taken). A lock path that cannot be
 * read (a directory there) is an error, never "try again": that would wait for ever.
 */
async function lockHolder(lock: string): Promise<number | 'stale' | undefined> {
  const text = await readFile(lock, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined; // released meanwhile: try again
  const [pidText, , started] = text.trim().split(' ');
  const pid = Number(pidText);
  if (Number.isInteger(pid) && pid > 0) {
    if (!isProcessAlive(pid)) return 'stale';
    // A live process under that pid that started at another time is another process (the pid was reused).
    const now = started === undefined ? undefined : processStartTime(pid);
    return now !== undefined && now !== started ? 'stale' : pid;
  }
  const age = await stat(lock).then(
    (info) => Date.now() - info.mtimeMs,
    () => 0,
  );
  return age > LOCK_EMPTY_STALE_MS ? 'stale' : undefined;
}
