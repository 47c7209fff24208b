/**
 * Atomic file writes, the one implementation for the CLI, the config profiles and the gateway's state:
 * write a temp file beside the target, fsync it, then move it into place, so a reader (or a crash) never
 * sees a half-written file.
 *
 * A destination that cannot be written (missing or read-only directory, no permission, a directory in
 * the way, disk full) fails with `KtError('input.cannot_write')` naming the target, never the temp file:
 * a local input error (exit 3) with one line, for every command that writes a file.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, open, readlink, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { KtError } from '../errors.js';
import { describeFsError } from './fs-errors.js';

export interface AtomicWriteOptions {
  /**
   * Leave an existing file alone and fail with EEXIST: the temp file is hard-linked to the target, which
   * the file system refuses when the target exists, so two writers cannot both win.
   */
  noClobber?: boolean;
  /** Give the file exactly `mode` (a umask may take bits off the mode a file is created with): for secrets. */
  exactMode?: boolean;
  /**
   * When `file` is a symbolic link, replace the file it points to and keep the link (writeTarget), as a
   * user's `--output` is written; without it the link itself is replaced by a regular file.
   */
  throughSymlink?: boolean;
}

/**
 * Errors of the destination (its directory, its file system, a directory in its place); their words
 * come from fs-errors.ts, as in every other message about a file.
 */
const unwritable = new Set([
  'ELOOP',
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EISDIR',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG',
]);

/**
 * Turns a file-system error about the destination into `input.cannot_write` at `file` (the errno code
 * and the failing call stay in `details.data` and the cause); anything else is rethrown as is,
 * including `EEXIST` from `noClobber`, which callers check for.
 */
function destinationError(error: unknown, file: string): unknown {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !unwritable.has(code)) return error;
  return new KtError('input.cannot_write', `cannot write: ${describeFsError(error)}`, {
    file,
    data: { errno: code, ...(typeof syscall === 'string' ? { syscall } : {}) },
    cause: error,
  });
}

/** The errno code (`ENOENT`, `EEXIST`, ...) of an error from writeFileAtomic, whether or not it was turned into a KtError. */
export function errnoOf(error: unknown): string | undefined {
  if (error instanceof KtError) {
    const errno = error.details.data?.errno;
    return typeof errno === 'string' ? errno : undefined;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Writes `data` to `file` atomically with permission bits `mode`. By default an existing file is replaced
 * (rename). The temp file has a random name and is created exclusively, so a stale one left by a crash is
 * never reused with its old mode. No temp file is left behind when the write fails.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  mode = 0o644,
  options: AtomicWriteOptions = {},
): Promise<void> {
  try {
    await writeThroughTemp(options.throughSymlink === true ? await writeTarget(file) : file, data, mode, options);
  } catch (error) {
    throw destinationError(error, file);
  }
}

/** Links followed to the end of a dangling chain at most (the kernel's own limit on a path is 40). */
const MAX_LINK_HOPS = 40;

/**
 * The file a write to `file` should replace: `file` itself, unresolved, unless it is a symbolic link;
 * then the file the link points to (its real path), so that the temp file is made in that file's
 * directory and renamed over it, and the link stays a link - as `sed -i --follow-symlinks` and editors
 * that save atomically do. Renaming over the link itself put a regular file in its place and left the
 * file it pointed to with the old content.
 *
 * A dangling link (what it points to does not exist) is written through too, creating that file, as
 * `echo > link` does, when its directory exists. When the directory does not exist either, there is no
 * file to create: `input.cannot_write` naming `shown` (the link) and where it points.
 */
export async function writeTarget(file: string, shown = file): Promise<string> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink() !== true) return file;
  try {
    return await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Dangling: follow the chain of links to the path the last one names, which does not exist.
  for (let current = file, hop = 0; hop < MAX_LINK_HOPS; hop++) {
    const pointsTo = await readlink(current);
    const next = resolve(dirname(current), pointsTo);
    const nextInfo = await lstat(next).catch(() => undefined);
    if (nextInfo?.isSymbolicLink() === true) {
      current = next;
      continue;
    }
    try {
      return join(await realpath(dirname(next)), basename(next));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      throw new KtError(
        'input.cannot_write',
        `cannot write: it is a symbolic link to ${pointsTo}, whose directory does not exist`,
        { file: shown, data: { errno: code } },
      );
    }
  }
  throw Object.assign(new Error('ELOOP: too many symbolic links encountered, open'), {
    code: 'ELOOP',
    syscall: 'open',
    path: file,
  });
}

async function writeThroughTemp(
  file: string,
  data: string | Uint8Array,
  mode: number,
  options: AtomicWriteOptions,
): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (options.exactMode === true) await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  if (options.noClobber === true) {
    try {
      await link(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
    await syncDirectory(dirname(file));
    return;
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(file));
}

/**
 * Makes a rename into `dir` durable: the file's data was synced before it, but the new name is an entry of
 * the directory, which reaches the disk only when the directory is synced. Best effort: a file system that
 * cannot sync a directory (some network ones) leaves the rename as durable as it can.
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => {});
  await handle.close().catch(() => {});
}
