/**
 * Atomic file writes: write a temp file beside the target, fsync it, then move it into place, so a
 * reader (or a crash) never sees a half-written file.
 */
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `file` atomically with permission bits `mode`. By default an existing file is
 * replaced (rename); with `noClobber` an existing file is left alone and the call fails with EEXIST
 * (the temp file is hard-linked to the target, which the file system refuses when the target exists,
 * so two writers cannot both win).
 */
export async function writeFileAtomic(file: string, text: string, mode = 0o644, options: { noClobber?: boolean } = {}): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
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
