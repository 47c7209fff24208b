/**
 * `mkdir -p` that fails at once. Node's `mkdir(dir, { recursive: true })` loops forever when a parent
 * exists but refuses new entries with ENOENT (any path under /proc, e.g. `/proc/forbidden`): it reads
 * ENOENT as "parent missing", creates the parent (EEXIST, fine) and retries the child, again and again.
 * Here the missing levels are found with stat() first and created one at a time, non-recursively, so
 * every failure surfaces as one error naming the directory; the directories created are returned so a
 * caller can roll back.
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KtError } from '../errors.js';
import { describeFsError } from './fs-errors.js';

export interface MakeDirsOptions {
  /** How a path is shown in errors (e.g. relative to the working directory). */
  show?: (path: string) => string;
  mode?: number;
}

/**
 * Creates `dir` and its missing parents; returns the directories it created, outermost first.
 * Throws KtError('input.cannot_write') naming the directory that could not be created.
 */
export async function makeDirs(dir: string, options: MakeDirsOptions = {}): Promise<string[]> {
  const show = options.show ?? ((p: string) => p);
  const fail = (path: string, reason: string) =>
    new KtError('input.cannot_write', `cannot create directory: ${reason}`, { file: show(path) });
  const missing: string[] = [];
  for (let current = dir; ;) {
    try {
      const info = await stat(current);
      if (info.isDirectory()) break;
      throw missing.length === 0
        ? fail(current, 'a file with this name exists (ENOTDIR)')
        : fail(missing[missing.length - 1]!, `${show(current)} is not a directory (ENOTDIR)`);
    } catch (error) {
      if (error instanceof KtError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: some ancestor is a file; keep climbing to name it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fail(current, describeFsError(error));
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const created: string[] = [];
  for (const level of missing.reverse()) {
    try {
      await mkdir(level, options.mode === undefined ? {} : { mode: options.mode });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made by someone else meanwhile (the gateway and the CLI share the state directory): fine.
      if (
        code === 'EEXIST' &&
        (await stat(level).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      )
        continue;
      await removeDirs(created);
      // ENOENT although the parent exists: the parent refuses new entries (/proc, /sys).
      throw fail(
        level,
        code === 'ENOENT' ? `${show(dirname(level))} does not accept new directories (ENOENT)` : describeFsError(error),
      );
    }
    created.push(level);
  }
  return created;
}

/** Removes directories made by makeDirs (innermost first), best effort: only empty ones go. */
export async function removeDirs(created: readonly string[]): Promise<void> {
  for (const level of [...created].reverse()) await rmdir(level).catch(() => undefined);
}
