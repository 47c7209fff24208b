/**
 * End to end: a file in the event log directory that is not a regular one (a named pipe made with
 * mkfifo, a device, a directory) under a segment's name. `kt events verify` and `kt gateway run` opened
 * segments blocking, so a FIFO hung them for ever; now each stops within seconds with one line naming
 * the file as the operator typed the state directory, exit 3. A real process, so that a hang is a kill
 * at the time limit rather than a test worker stuck in open().
 */
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, segmentName } from '../../../src/runtime/event-log.js';
import { newEvent } from '../../helpers/events.js';
import { mkfifo } from '../../helpers/odd-files.js';
import { pollUntil } from '../../helpers/wait.js';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';
import { cleanup, startGateway } from '../gateway/helpers.js';

let dir: string;
beforeAll(async () => {
  if (!existsSync(join(ktBin, '..', '..', 'dist', 'kt.js')))
    throw new Error('run `npm run build` before the e2e tests');
  dir = await mkdtemp(join(tmpdir(), 'kt-e2e-event-log-files-'));
  await writeFile(
    join(dir, 'pack.yaml'),
    'pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n',
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A state directory `name` under `dir` whose event log holds two records in segment 1. */
async function stateWithLog(name: string): Promise<string> {
  const events = join(dir, name, 'events');
  const log = await EventLog.open(events);
  for (const i of [0, 1]) {
    await log.append(newEvent(i, Date.UTC(2026, 2, 1, 10, 0, i)));
  }
  await log.close();
  return events;
}

const hint =
  '  hint: the gateway writes segments as regular files, so something else put this one here: move it aside and restore the segment from a backup\n';

// A hang is killed at 10 s (exit 128): the tests fail on it instead of waiting for ever.
const verify = (stateDir: string) =>
  runKtProcess(['events', 'verify', '--state-dir', stateDir], { cwd: dir, timeoutMs: 10_000 });

describe('a segment of the event log that is not a regular file', () => {
  it('kt events verify: a FIFO (nothing writes to it) is one line naming it, exit 3, within seconds (it hung for ever)', async () => {
    const events = await stateWithLog('fifo');
    mkfifo(join(events, segmentName(2)));
    const r = await verify('fifo');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([
      3,
      '',
      'kt: error[config.event_log_damaged]: fifo/events/segment-00000002.jsonl: the event log is damaged: this segment is a named pipe (FIFO), not a regular file\n' +
        hint,
    ]);
  });

  it('kt events verify: a directory and a device (a link to /dev/zero) are refused the same way', async () => {
    // The directory first: read to its end, /dev/zero would fill the memory of the old code's process.
    const directory = await stateWithLog('directory');
    await mkdir(join(directory, segmentName(2)));
    const onDirectory = await verify('directory');
    expect([onDirectory.exitCode, onDirectory.stderr]).toEqual([
      3,
      'kt: error[config.event_log_damaged]: directory/events/segment-00000002.jsonl: the event log is damaged: this segment is a directory, not a regular file\n' +
        hint,
    ]);
    const device = await stateWithLog('device');
    await symlink('/dev/zero', join(device, segmentName(2)));
    const onDevice = await verify('device');
    expect([onDevice.exitCode, onDevice.stderr]).toEqual([
      3,
      'kt: error[config.event_log_damaged]: device/events/segment-00000002.jsonl: the event log is damaged: this segment is a character device, not a regular file\n' +
        hint,
    ]);
  });

  it('kt events verify: a head.json that is a FIFO is one line naming it after the 2 s wait for a writer, exit 3 (was an internal error, exit 70)', async () => {
    const events = await stateWithLog('fifo-head');
    await rm(join(events, 'head.json'));
    mkfifo(join(events, 'head.json'));
    const r = await verify('fifo-head');
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      'kt: error[input.unreadable]: fifo-head/events/head.json: cannot read this file of the event log: it is a named pipe (FIFO) that no program opened for writing within 2 s\n',
    ]);
  });

  it('kt gateway run: a FIFO as the last segment stops the start with one line naming it, exit 3 (it hung for ever)', async () => {
    const events = await stateWithLog('gateway-fifo');
    mkfifo(join(events, segmentName(2)));
    const r = await runKtProcess(
      ['gateway', 'run', '-c', 'pack.yaml', '--listen', '127.0.0.1:0', '--state-dir', 'gateway-fifo'],
      { cwd: dir, env: { HOME: dir }, timeoutMs: 10_000 },
    );
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      'kt: error[config.event_log_damaged]: gateway-fifo/events/segment-00000002.jsonl: the event log is damaged: this segment is a named pipe (FIFO), not a regular file\n' +
        hint,
    ]);
  });

  it('kt events list against a gateway whose closed segment became a FIFO: 500 event_log_damaged naming the segment, exit 5 (was internal_error)', async () => {
    const gw = await startGateway(
      'pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock}\npolicies:\n  chain: [audit-logger]\npolicy:\n  audit-logger: {log_all_access: true}\n',
    );
    try {
      const chat = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(chat.status).toBe(200);
      await pollUntil(
        async () => ((await gw.admin('/v1/events')).body.events as unknown[]).length,
        (n) => n === 1,
      );
      const segment = join(gw.stateDir, 'events', segmentName(1));
      await unlink(segment);
      mkfifo(segment);
      const r = await runKtProcess(['events', 'list', '--api-url', gw.url, '--json'], {
        env: { KEEPTRUSTS_API_TOKEN: gw.adminToken },
        timeoutMs: 10_000,
      });
      expect(r.exitCode).toBe(5);
      expect(JSON.parse(r.stdout).error).toMatchObject({
        code: 'server.error',
        message: expect.stringContaining(
          'segment-00000001.jsonl: the event log is damaged: this segment is a named pipe (FIFO), not a regular file; check it with kt events verify',
        ),
      });
      expect(r.stdout + r.stderr).not.toContain(gw.stateDir);
      expect(r.stdout + r.stderr).not.toContain(gw.adminToken);
    } finally {
      await cleanup(gw);
    }
  });
});

describe('kt events verify without head.json', () => {
  it('verifies the chain and warns that records removed from the end would not show; with head.json, no warning', async () => {
    const events = await stateWithLog('no-head');
    const anchored = await verify('no-head');
    expect([anchored.exitCode, anchored.stderr]).toEqual([0, '']);
    await rm(join(events, 'head.json'));
    const bare = await verify('no-head');
    expect(bare.exitCode).toBe(0);
    expect(bare.stdout).toMatch(/^ok: 2 record\(s\) in 1 segment\(s\) verify/);
    expect(bare.stderr).toBe(
      'warning: no no-head/events/head.json: records removed from the end of the log would not show (a running gateway writes it within a second)\n',
    );
    const json = await runKtProcess(['events', 'verify', '--state-dir', 'no-head', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, records: 2, head_file: false });
  });
});
