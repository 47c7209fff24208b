/**
 * readFileBounded (src/io/bounded-read.ts): a FIFO no program writes to is refused after a short wait,
 * not waited on for ever (open() of a FIFO without a writer blocks); a FIFO with a writer is read to its
 * end; /dev/zero stops at the cap; a directory is EISDIR before anything is read.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileBounded } from '../../../src/io/bounded-read.js';
import { describeFsError, FileReadRefused } from '../../../src/io/fs-errors.js';
import { linkToDevZero, mkfifo } from '../../helpers/odd-files.js';

const dir = mkdtempSync(join(tmpdir(), 'kt-bounded-'));

/** The error readFileBounded throws (it must throw). */
async function refusal(path: string, max: number, writerWaitMs?: number): Promise<unknown> {
  try {
    await readFileBounded(path, max, writerWaitMs === undefined ? {} : { writerWaitMs });
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('readFileBounded', () => {
  it('reads a regular file; refuses one over the cap by its size', async () => {
    writeFileSync(join(dir, 'small'), 'hello');
    expect((await readFileBounded(join(dir, 'small'), 5)).toString()).toBe('hello');
    const e = await refusal(join(dir, 'small'), 4);
    expect(e).toBeInstanceOf(FileReadRefused);
    expect([(e as FileReadRefused).code, describeFsError(e)]).toEqual(['EFBIG', 'it is larger than 4 bytes']);
  });

  it('stops /dev/zero at the cap (it stats as 0 bytes)', async () => {
    const e = await refusal(linkToDevZero(join(dir, 'zero')), 100_000);
    expect(describeFsError(e)).toBe('it is larger than 100000 bytes');
  });

  it('refuses a FIFO no program writes to after the wait, instead of blocking in open() for ever', async () => {
    const fifo = mkfifo(join(dir, 'no-writer'));
    const started = Date.now();
    const e = await refusal(fifo, 1000, 150);
    expect(Date.now() - started).toBeLessThan(5000);
    expect([(e as FileReadRefused).code, describeFsError(e)]).toEqual([
      'KT_NO_WRITER',
      'it is a named pipe (FIFO) that no program opened for writing within 0.15 s',
    ]);
  });

  it('reads a FIFO to its end when a program writes to it, slowly or after kt opened it', async () => {
    const fifo = mkfifo(join(dir, 'with-writer'));
    // The writer opens the pipe after the reader, and writes in two parts with a pause between.
    const writer = spawn('sh', ['-c', `sleep 0.3; { printf 'one '; sleep 0.3; printf 'two'; } > '${fifo}'`]);
    const exited = new Promise((done) => writer.on('close', done));
    const text = (await readFileBounded(fifo, 1000)).toString();
    expect(text).toBe('one two');
    await exited;
  });

  it('a directory is EISDIR, in words', async () => {
    const e = await refusal(dir, 1000);
    expect(describeFsError(e)).toBe('it is a directory (EISDIR)');
  });
});
