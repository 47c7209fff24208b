// A gateway whose state directory fills up, on a real file system: a tmpfs of 256 KiB mounted for the test
// (root only; skipped where mounting is not allowed). A full disk first takes part of a batch without an
// error (write(2) returns a short count), then refuses the next write (ENOSPC): the short count was taken
// for the whole batch, and the cut of the next failed batch grew the segment with NUL bytes, so the log
// failed `kt events verify` from there and every events query reaching it answered 500 event_log_damaged.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { startGateway, tempDir, type RunningGateway, mockEchoPack } from './helpers.js';

const PACK = mockEchoPack('e2e-full-disk', '', {
  kind: 'audit-logger',
  config: '{retention_days: 30, log_all_access: true}',
});

let dir = '';
let mounted = false;
beforeAll(async () => {
  dir = await tempDir('kt-full-disk-');
  await mkdir(join(dir, 'state'), { mode: 0o700 });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', join(dir, 'state')], {
      stdio: 'ignore',
    });
    mounted = true;
  } catch {
    // Not root, or no mounts in this sandbox: the test is skipped.
  }
});
let gw: RunningGateway | undefined;
afterAll(async () => {
  await gw?.stop().catch(() => {});
  if (mounted) execFileSync('umount', ['-l', join(dir, 'state')], { stdio: 'ignore' });
  await rm(dir, { recursive: true, force: true });
});

describe('the event log on a disk that fills up', () => {
  it('drops the events it cannot write, and those written after space is freed verify', async (ctx) => {
    if (!mounted) ctx.skip();
    gw = await startGateway(PACK, { dir });
    const chat = (i: number) =>
      fetch(`${gw!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: `hello ${i}` }] }),
      }).then((r) => r.text());
    const health = async () => (await (await fetch(`${gw!.url}/health`)).json()) as { event_log: { status: string } };
    // One at a time, so the disk fills in the middle of some batch; each record is about 1 KiB.
    let i = 0;
    while ((await health()).event_log.status === 'ok' && i < 1000) await chat(i++);
    // Near the limit a smaller batch may fit again (the cut freed what the failed one took): what counts is
    // that some could not be written.
    expect(i).toBeLessThan(1000);
    expect(gw.stderr()).toMatch(/warning: event evt_\w+ could not be written: ENOSPC/);
    for (let k = 0; k < 5; k++) await chat(i++);

    execFileSync('mount', ['-o', 'remount,size=4m', join(dir, 'state')], { stdio: 'ignore' });
    for (let k = 0; k < 5; k++) await chat(i++);
    expect((await health()).event_log.status).toBe('ok');
    const listed = await gw.admin('/v1/events?limit=1000');
    expect(listed.status).toBe(200);
    expect(await gw.stop()).toBe(0);

    const segment = await readFile(join(gw.stateDir, 'events', 'segment-00000001.jsonl'));
    expect(segment.includes(0)).toBe(false);
    const verify = await runKtProcess(['events', 'verify', '--state-dir', gw.stateDir], { cwd: dir });
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/^ok: \d+ record\(s\) in 1 segment\(s\) verify/);
    expect(verify.exitCode).toBe(0);
  }, 60_000);
});
