// The e2e harness itself: a spawned kt that does not exit fails the test naming the command and what it
// printed, and so does one killed by a signal (a crash): both resolved with exit status 128, which a test
// could take for kt's answer and which hid which of the two it was.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { pollUntil } from '../../helpers/wait.js';
import { mockEchoPack, tempDir } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('kt-harness-');
  await writeFile(join(dir, 'pack.yaml'), mockEchoPack('e2e-harness', '', { kind: 'audit-logger', config: '{}' }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runKtProcess', () => {
  it('a process still running at its timeout is killed and the call rejects naming it, with its stderr', async () => {
    // A gateway runs until it is stopped: the stand-in for a hang. (Its listening line is in the stderr
    // shown when it came out in time; on a loaded machine it may not have.)
    const run = runKtProcess(['gateway', 'run', '-c', 'pack.yaml', '--listen', '127.0.0.1:0', '--state-dir', 'state'], {
      cwd: dir,
      env: { HOME: dir },
      timeoutMs: 2000,
    });
    await expect(run).rejects.toThrow(
      /^kt gateway run -c pack\.yaml --listen 127\.0\.0\.1:0 --state-dir state did not exit within 2000 ms \(killed after \d+ ms\); (\(stderr empty\)|stderr:\nkt gateway listening on )/,
    );
  });

  it('a process killed by a signal (a crash, the OOM killer): the call rejects naming the signal', async () => {
    const run = runKtProcess(
      ['gateway', 'run', '-c', 'pack.yaml', '--listen', '127.0.0.1:0', '--state-dir', 'killed'],
      {
        cwd: dir,
        env: { HOME: dir },
      },
    );
    const info = await pollUntil(
      () => readFile(join(dir, 'killed', 'gateway.json'), 'utf8').catch(() => ''),
      (text) => text !== '',
      { timeoutMs: 30_000 },
    );
    // gateway.json is written while listening, just before the listening line: the first answer to a request
    // comes after that line (the line follows in the same run of microtasks), so the stderr is not empty.
    const { pid, url } = JSON.parse(info) as { pid: number; url: string };
    await pollUntil(
      () =>
        fetch(`${url}/health`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status !== 0,
      { timeoutMs: 30_000 },
    );
    process.kill(pid, 'SIGSEGV');
    await expect(run).rejects.toThrow(
      /^kt gateway run -c pack\.yaml --listen 127\.0\.0\.1:0 --state-dir killed was killed by SIGSEGV after \d+ ms; stderr:\nkt gateway listening on /,
    );
  });
});
