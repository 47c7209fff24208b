// startLeftovers: what a failed start of the gateway takes back in its state directory, and when it takes
// back nothing (test/e2e/gateway/failed-start.test.ts runs the real starts).
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockStateDir, startLeftovers } from '../../../src/runtime/state-dir.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kt-state-dir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What a start writes: the names of START_CREATES, a file or a directory each. */
async function writeStartFiles(dir: string): Promise<void> {
  await mkdir(join(dir, 'config-vars'), { recursive: true });
  await writeFile(join(dir, 'config-vars', 'key'), 'k');
  await mkdir(join(dir, 'events'));
  for (const name of ['admin-token', 'hash-key', 'gateway-keys.json', 'gateway.json'])
    await writeFile(join(dir, name), 'x');
}

describe('startLeftovers', () => {
  it('removes a new directory, its new parents and what the start wrote in it', async () => {
    const dir = join(root, 'a', 'b', 'state');
    const takeBack = await startLeftovers(dir);
    await writeStartFiles(dir);
    await takeBack();
    expect(await readdir(root)).toEqual([]);
  });

  it('in a directory that was there, removes only the names that were not, and keeps anything else put there', async () => {
    const dir = join(root, 'state');
    await mkdir(dir);
    await writeFile(join(dir, 'admin-token'), 'kept');
    const takeBack = await startLeftovers(dir);
    await writeStartFiles(dir);
    await writeFile(join(dir, 'notes.txt'), 'the operator');
    await takeBack();
    expect((await readdir(dir)).sort()).toEqual(['admin-token', 'notes.txt']);
  });

  it('removes nothing while another gateway holds the lock: what appeared there is that gateway’s', async () => {
    const dir = join(root, 'state');
    const takeBack = await startLeftovers(dir);
    await writeStartFiles(dir);
    const release = await lockStateDir(dir);
    try {
      await takeBack();
      expect((await readdir(dir)).sort()).toEqual([
        'admin-token',
        'config-vars',
        'events',
        'gateway-keys.json',
        'gateway.json',
        'gateway.lock',
        'hash-key',
      ]);
    } finally {
      await release();
    }
  });
});
