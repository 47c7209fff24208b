/**
 * Reading a file the user named without hanging and without running out of memory, whatever it is:
 *
 *   - a named pipe (FIFO) is opened non-blocking: open() on a FIFO with no writer blocks for ever, and
 *     kt must not. A pipe with a writer (`<(cmd)` process substitution, `cat x > fifo &`) is read to its
 *     end, however slowly it is written; one no program writes to within NO_WRITER_WAIT_MS is refused
 *     (FileReadRefused `KT_NO_WRITER`, exit 3 where the caller reports it). Pipes are not refused up
 *     front: `--from-file <(pass show key)` is how secrets are best passed.
 *   - devices and pipes report no size (`/dev/zero`, `/dev/urandom`): the bytes actually read count
 *     against the cap, and reading stops one chunk past it (FileReadRefused `EFBIG`).
 *   - a directory is the errno error EISDIR, as a read of it gives, before anything is read.
 *
 * Other failures are Node's errno errors (ENOENT, ELOOP, ENAMETOOLONG, ...) with `code` intact, for the
 * caller to word with describeFsError and the path as the user typed it.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileReadRefused, specialFileKind } from './fs-errors.js';

/** How long a FIFO may go without a writer before it is refused. */
export const NO_WRITER_WAIT_MS = 2000;
/** Between two reads of a pipe or device that had nothing yet (EAGAIN). */
const POLL_MS = 20;
const CHUNK_BYTES = 64 * 1024;

/** PEM files (CA bundles, certificates, keys): every public root CA together is about 250 KiB. */
export const MAX_PEM_BYTES = 16 * 1024 * 1024;

export interface BoundedReadOptions {
  /** Overrides NO_WRITER_WAIT_MS (tests). */
  writerWaitMs?: number;
}

/** Opens `path` for reading without blocking on a FIFO, with what it is; a directory is refused with EISDIR. */
async function openWithStats(path: string): Promise<{ handle: FileHandle; info: Stats }> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), {
        code: 'EISDIR',
        syscall: 'read',
      });
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Opens `path` for reading without blocking on a FIFO; a directory is refused with EISDIR. */
export async function openForReading(path: string): Promise<FileHandle> {
  return (await openWithStats(path)).handle;
}

/**
 * The bytes of an open file, chunk by chunk, to its end (see the file comment for pipes); closes the
 * handle when done, failed or abandoned.
 */
export async function* readChunks(
  handle: FileHandle,
  options: BoundedReadOptions = {},
  isFifo?: boolean,
): AsyncGenerator<Buffer> {
  try {
    const fifo = isFifo ?? (await handle.stat()).isFIFO();
    // A FIFO read returns 0 bytes both at its end and while no writer has opened it: only the first
    // data, or EAGAIN (a writer is there, with nothing written yet), tells the two apart.
    let writerSeen = !fifo;
    const started = Date.now();
    const waitMs = options.writerWaitMs ?? NO_WRITER_WAIT_MS;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, null));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw error;
        writerSeen = true;
        await sleep(POLL_MS);
        continue;
      }
      if (bytesRead > 0) {
        writerSeen = true;
        yield buf.subarray(0, bytesRead);
        continue;
      }
      if (writerSeen) return;
      if (Date.now() - started >= waitMs)
        throw new FileReadRefused(
          'KT_NO_WRITER',
          `it is a named pipe (FIFO) that no program opened for writing within ${waitMs / 1000} s`,
        );
      await sleep(POLL_MS);
    }
  } finally {
    await handle.close();
  }
}

/**
 * A regular file read synchronously (for code that cannot wait, e.g. a constructor): opened non-blocking,
 * so a FIFO never blocks; anything but a regular file is refused before a byte is read (a sync read
 * cannot wait for a pipe's writer without stopping the process, Ctrl-C included).
 */
export function readRegularFileSync(path: string, max: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (info.isDirectory())
      throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), {
        code: 'EISDIR',
        syscall: 'read',
      });
    if (!info.isFile())
      throw new FileReadRefused('KT_NOT_REGULAR', `it is ${specialFileKind(info)}, not a regular file`);
    if (info.size > max) throw new FileReadRefused('EFBIG', `it is larger than ${max} bytes`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The whole file (see the file comment), or FileReadRefused `EFBIG` when it holds more than `max` bytes. */
export async function readFileBounded(path: string, max: number, options: BoundedReadOptions = {}): Promise<Buffer> {
  const { handle, info } = await openWithStats(path);
  const tooLarge = () => new FileReadRefused('EFBIG', `it is larger than ${max} bytes`);
  if (info.isFile() && info.size > max) {
    await handle.close();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early (throw) runs readChunks' finally, which closes the handle.
  for await (const chunk of readChunks(handle, options, info.isFIFO())) {
    total += chunk.length;
    if (total > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
