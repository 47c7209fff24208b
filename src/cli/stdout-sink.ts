import { Writable } from 'node:stream';
import type { OutputStream } from './context.js';
import { claimStdoutError, stdoutWriteError } from './errors.js';

/**
 * Writes `chunk` to stdout and resolves once it is written, for a command that streams its data
 * (`kt events export` without --output, `kt events list`). A real stream reports a failed write to the
 * write's callback (and as an 'error' event) after write() has returned. Waiting for the callback, which
 * also paces the command to the reader, lets the command say the output is incomplete and how much got
 * out; claimed, the error is left to it by bin/kt.js. It rejects with `input.cannot_write`, carrying
 * `bytesWritten` (how much of the chunk reached a file behind stdout, src/cli/file-stdout.ts) when known.
 * A plain object standing in for stdout (tests) throws or returns at once.
 */
export async function writeToStdout(out: OutputStream, chunk: string): Promise<void> {
  try {
    if (!(out instanceof Writable)) {
      out.write(chunk);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      out.write(chunk, (error) => {
        if (error === null || error === undefined) return resolve();
        claimStdoutError(error);
        reject(error);
      });
    });
  } catch (error) {
    const { bytesWritten } = error as { bytesWritten?: unknown };
    throw Object.assign(stdoutWriteError(error), typeof bytesWritten === 'number' ? { bytesWritten } : {});
  }
}
