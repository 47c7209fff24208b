/**
 * Atomic file writes, the one implementation for the CLI, the config profiles and the gateway's state:
 * write a temp file beside the target, fsync it, then move it into place, so a reader (or a crash) never
 * sees a half-written file.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Leave an existing file alone and fail with EEXIST: the temp file is hard-linked to the target, which
   * the file system refuses when the target exists, so two writers cannot both win.
   */
  noClobber?: boolean;
  /** Give the file exactly `mode` (a umask may take bits off the mode a file is created with): for secrets. */
  exactMode?: boolean;
}

/**
 * Writes `data` to `file` atomically with permission bits `mode`. By default an existing file is replaced
 * (rename). The temp file has a random name and is created exclusively, so a stale one left by a crash is
 * never reused with its old mode.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644, options: AtomicWriteOptions = {}): Promise<void> {
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
    return;
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
