/**
 * The gateway's state directory (docs/http-api.md): admin token, gateway.json, events/, config-vars/,
 * gateway-keys.json. Files holding secrets are created 0600 inside a 0700 directory and written
 * atomically (temp file + rename), so a crash never leaves a half-written secret.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isProcessAlive } from '../config/paths.js';
import { KtError } from '../errors.js';
import { writeFileAtomic as writeAtomic } from '../io/atomic-write.js';
import { readFileBounded } from '../io/bounded-read.js';
import { describeJsonError } from '../io/json-error.js';
import { credentialFileOpen } from '../io/file-mode.js';
import { makeDirs } from '../io/make-dirs.js';
import type { ShowPath } from '../io/shown-path.js';
import { isRecord } from '../core/pack/json.js';

// The CLI and the gateway resolve the state directory the same way (src/config/paths.ts).
export { resolveStateDir } from '../config/paths.js';
export { refuseSharedStateDir } from '../io/file-mode.js';

/**
 * Creates the directory (0700) and its parents; one error naming it when it cannot (io/make-dirs.ts),
 * through `show` (how the operator typed it, src/io/shown-path.ts).
 */
export async function ensurePrivateDir(dir: string, show?: ShowPath): Promise<void> {
  await makeDirs(dir, { mode: 0o700, ...(show === undefined ? {} : { show }) });
}

/** What a start creates in the state directory (Gateway.start, loadAdminToken), and nothing else. */
const START_CREATES = [
  'admin-token',
  'hash-key',
  'config-vars',
  'events',
  'gateway-keys.json',
  'gateway.lock',
  'gateway.json',
];

/**
 * Called before a start touches `dir`: returns what takes back the files and directories of a start that
 * were not there then, once that start has failed (an invalid pack, an address in use, a damaged state
 * file; abandoned past `kt gateway run --timeout`) and has stopped. A failed start leaves the state
 * directory as it found it: a generated admin token nobody was shown, a store key and hash secret that
 * encrypt and key nothing yet, and a new (or newly made) state directory and its parents are removed. Only
 * the names a start creates are removed (never anything else put there meanwhile; a directory that is not
 * empty then stays); what a start changes in files that were already there (an event log's interrupted
 * last record repaired) stays as it is. It holds the lock while it removes: when another gateway has taken
 * the directory meanwhile, what is there is that gateway's and nothing is removed, and no gateway can start
 * there half-way through.
 */
export async function startLeftovers(dir: string): Promise<() => Promise<void>> {
  const absent = async (path: string) =>
    stat(path).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
    );
  // The directories a start makes: `dir` and its missing parents, deepest first.
  const made: string[] = [];
  for (let d = dir; (await absent(d)) && dirname(d) !== d; d = dirname(d)) made.push(d);
  const created: string[] = [];
  for (const name of START_CREATES) if (made.length > 0 || (await absent(join(dir, name)))) created.push(name);
  return async () => {
    let release: (() => Promise<void>) | undefined;
    try {
      release = await lockStateDir(dir);
    } catch (e) {
      if (e instanceof StateDirBusy) return;
      // Otherwise no directory to lock (the start failed making it) or one nobody can write in: no file of
      // it to remove, only the empty directories below.
    }
    if (release !== undefined) {
      try {
        for (const name of created)
          if (name !== 'gateway.lock') await rm(join(dir, name), { recursive: true, force: true });
      } finally {
        await release(); // removes gateway.lock, ours now
      }
    }
    for (const d of made) {
      const removed = await rmdir(d).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  };
}

/**
 * For the read-only opens of a dry run: whether `dir` exists (false: a start would create it). Anything
 * else under that name throws the error a start gets from ensurePrivateDir (which fails before it
 * writes anything).
 */
export async function existingDir(dir: string): Promise<boolean> {
  try {
    if ((await stat(dir)).isDirectory()) return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
  }
  await ensurePrivateDir(dir);
  return true; // not reached: ensurePrivateDir refuses what is not a directory
}

/** True when group or others can read or enter the directory (it holds tokens and keys). */
export async function isExposed(dir: string): Promise<boolean> {
  try {
    return ((await stat(dir)).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** Writes a state file atomically (io/atomic-write.ts) with exactly `mode`, its directory made private first. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await ensurePrivateDir(dirname(file));
  await writeAtomic(file, data, mode, { exactMode: true });
}

/** Far above any state file kt writes (config variables are at most 64 KiB each); /dev/zero stops here. */
const MAX_STATE_FILE_BYTES = 64 * 1024 * 1024;
/** An admin token is a line of text; a file beyond this is not one (and is not read on for ever). */
const MAX_ADMIN_TOKEN_FILE_BYTES = 4096;

export async function readIfExists(file: string, max = MAX_STATE_FILE_BYTES): Promise<string | undefined> {
  try {
    // Bounded and non-blocking: a FIFO or a link to /dev/zero in the state directory is an error, not a hang.
    return (await readFileBounded(file, max)).toString('utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return undefined;
    // A failed read() (EISDIR: the "file" is a directory) carries no path: add it, so the error can name it.
    if (typeof err.code === 'string' && err.path === undefined) err.path = file;
    throw e;
  }
}

/** A damaged state file: one error naming it (exit 3), not a crash reported as a bug in kt. */
export function stateFileInvalid(
  file: string,
  message: string,
  at: { line?: number; column?: number } = {},
  hint?: string,
): KtError {
  return new KtError('config.state_file_invalid', message, {
    file,
    ...at,
    hint:
      hint ??
      'the state directory is damaged: restore this file from a backup (moving it aside starts that part of the state afresh)',
  });
}

/**
 * Reads a JSON state file; undefined when it does not exist. A file that is not JSON, or whose top level
 * is not what `check` expects (an object by default), is `config.state_file_invalid` naming the file
 * and position. The message never quotes the text (a state file can hold keys).
 */
export async function readStateJson<T>(
  file: string,
  check: (value: Record<string, unknown>) => string | undefined = () => undefined,
): Promise<T | undefined> {
  const text = await readIfExists(file);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { reason, ...at } = describeJsonError(error, text);
    throw stateFileInvalid(file, `invalid JSON: ${reason}`, at);
  }
  const problem = isRecord(value) ? check(value as Record<string, unknown>) : 'must hold a JSON object';
  if (problem !== undefined) throw stateFileInvalid(file, problem);
  return value as T;
}

/** `kt_admin_` + 32 random bytes in base64url. */
export const newAdminToken = (): string => `kt_admin_${randomBytes(32).toString('base64url')}`;

export interface AdminTokenSource {
  token: string;
  /** Where it came from, for the start-up line (never the token itself). */
  origin: 'file' | 'env' | 'generated' | 'state-dir';
}

/**
 * Refuses an admin token file that group or others may read or write (config.state_file_unsafe, exit 3),
 * as the config-variable key is refused: whoever reads it administers the gateway (docs/gateway.md).
 */
export async function refuseOpenTokenFile(file: string): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw credentialFileOpen(
      'config.state_file_unsafe',
      file,
      mode,
      'anyone who can read it administers the gateway',
      "replace the token if others may have read it (a state directory's admin-token is generated again when deleted)",
    );
}

/** Shortest admin token accepted from any source (the generated ones are 52 characters). */
const MIN_ADMIN_TOKEN_LENGTH = 16;

/**
 * The refusal of a short token: names where it came from and the rule, never the value; a file goes in
 * `file`, so the message starts with it as every error about a file does.
 */
const tooShort = (where: string, details: { file?: string; hint?: string } = {}): KtError =>
  new KtError('config.admin_token', `${where} holds fewer than ${MIN_ADMIN_TOKEN_LENGTH} characters`, details);

/**
 * The admin token: `--admin-token-file`, else KT_ADMIN_TOKEN, else `<state-dir>/admin-token`
 * (generated on first start, mode 0600). Each is trimmed and refused below 16 characters.
 * `tokenFileShown` is how errors name `tokenFile`: the path as the operator gave it (relative stays
 * relative), where `tokenFile` is the one resolved against their working directory.
 */
export async function loadAdminToken(
  stateDir: string,
  tokenFile: string | undefined,
  env: NodeJS.ProcessEnv,
  tokenFileShown = tokenFile,
): Promise<AdminTokenSource> {
  if (tokenFile !== undefined) {
    const text = (await readFileBounded(tokenFile, MAX_ADMIN_TOKEN_FILE_BYTES)).toString('utf8').trim();
    if (text.length < MIN_ADMIN_TOKEN_LENGTH)
      throw tooShort('the admin token file (--admin-token-file)', { file: tokenFileShown ?? tokenFile });
    await refuseOpenTokenFile(tokenFile);
    return { token: text, origin: 'file' };
  }
  // An empty variable is unset, as every kt variable; spaces only are a value that trims to nothing.
  if (env.KT_ADMIN_TOKEN !== undefined && env.KT_ADMIN_TOKEN !== '') {
    const fromEnv = env.KT_ADMIN_TOKEN.trim();
    if (fromEnv.length < MIN_ADMIN_TOKEN_LENGTH) throw tooShort('KT_ADMIN_TOKEN');
    return { token: fromEnv, origin: 'env' };
  }
  const file = join(stateDir, 'admin-token');
  const existing = (await readIfExists(file, MAX_ADMIN_TOKEN_FILE_BYTES))?.trim();
  if (existing) {
    // kt writes 52 characters here; a shorter token was put there by hand and is as weak as any other.
    if (existing.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw tooShort('the admin token file', {
        file,
        hint: 'delete it to have a new token generated, or give one with --admin-token-file or KT_ADMIN_TOKEN',
      });
    }
    await refuseOpenTokenFile(file);
    return { token: existing, origin: 'state-dir' };
  }
  const token = newAdminToken();
  await writeFileAtomic(file, `${token}\n`, 0o600);
  return { token, origin: 'generated' };
}

/** Locks held by this process (a second gateway in the same process is refused too). */
const heldLocks = new Set<string>();

export class StateDirBusy extends Error {
  constructor(
    readonly pid: number,
    /** The state directory (as resolved; the CLI names it as typed). */
    readonly dir: string,
  ) {
    super(`another gateway (pid ${pid}) is using ${dir}`);
    this.name = 'StateDirBusy';
  }
}

/**
 * Takes `<state-dir>/gateway.lock` (O_EXCL, holding our pid): two gateways appending to one event log
 * would break its hash chain. A lock left by a process that no longer exists is taken over.
 * Returns the release function.
 */
export async function lockStateDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'gateway.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldLocks.add(file);
      return async () => {
        heldLocks.delete(file);
        if ((await readIfExists(file))?.trim() === String(process.pid)) await rm(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      await refuseHeldLock(file, dir);
      await rm(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`cannot take ${file}`);
}

/** Throws StateDirBusy when the lock `file` is held by a live process (or by this one); a stale lock passes. */
async function refuseHeldLock(file: string, dir: string): Promise<void> {
  const text = await readIfExists(file);
  if (text === undefined) return;
  const pid = Number(text.trim());
  const ours = pid === process.pid;
  if ((ours && heldLocks.has(file)) || (!ours && Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)))
    throw new StateDirBusy(pid, dir);
}

/**
 * What lockStateDir would refuse, without taking the lock (`kt gateway run --dry-run`): StateDirBusy for a
 * directory a live gateway uses, and the system error of a directory where the lock file cannot be made
 * (named as that file, as a start names it). Writing nothing, a dry run never holds the lock: taking and
 * giving it back made a start that raced it fail with config.state_dir_in_use, and changed the directory.
 */
export async function checkStateDirLock(dir: string): Promise<void> {
  const file = join(dir, 'gateway.lock');
  await refuseHeldLock(file, dir);
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    (e as NodeJS.ErrnoException).path = file;
    throw e;
  }
}
