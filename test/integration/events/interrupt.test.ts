// Ctrl-C (or SIGTERM, from a supervisor or `timeout`) in the middle of an export (a real kt process against
// the fake gateway, which can delay a page on cue): exit 130 with the saved row count, a consistent
// checkpoint, and `--resume` finishes the file.
// It runs with two page-converter workers (KT_EXPORT_WORKERS=2), so the worker path is covered too.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';
import { makeEvent } from '../../helpers/fake-gateway.js';
import { waitFor } from '../../helpers/wait.js';

const sandbox = useGatewaySandbox({
  prefix: 'kt-interrupt-',
  gateway: () => ({ events: Array.from({ length: 3500 }, (_, i) => makeEvent(i)) }),
  perFile: true,
});

it.each(['SIGINT', 'SIGTERM'] as const)(
  '%s during an export exits 130, keeps the checkpoint, and --resume completes it',
  async (signal) => {
    const env = {
      PATH: process.env.PATH,
      HOME: sandbox.home,
      NO_COLOR: '1',
      ...sandbox.env({ KT_EXPORT_WORKERS: '2' }),
    };
    const out = join(sandbox.home, `events-${signal}.csv`);
    const before = sandbox.gw.requests.filter((r) => r.path === '/v1/events').length;
    // The second page answers slowly, so the signal arrives while a request is in flight.
    sandbox.gw.faults.push(
      { path: '/v1/events', delayMs: 0, status: 0 },
      { path: '/v1/events', delayMs: 5_000, status: 0 },
    );
    const child = spawn(
      process.execPath,
      [ktBin, 'events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // A loaded machine may take seconds to start the process: wait for the second page request itself.
    await waitFor(() => sandbox.gw.requests.filter((r) => r.path === '/v1/events').length >= before + 2, {
      timeoutMs: 30_000,
      intervalMs: 25,
    });
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /kt: error\[interrupted\]: export interrupted\n {2}hint: 1000 rows are saved; run the same command with --resume to continue\n/,
    );
    expect(existsSync(out)).toBe(false);
    expect(JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8'))).toMatchObject({ rows: 1000 });

    const resumed = await runKtProcess(['events', 'export', '--resume', '--output', out], { env });
    expect(resumed.exitCode).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3501);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(sandbox.gw.events.map((e) => e.id));
  },
  60_000,
);

/**
 * Signals every 2 ms from the first on until kt has said how it stopped (its `interrupted` error): a second
 * Ctrl-C (or kill) lands while kt stops, wherever that is. Resolves with kt's stderr once it has ended. A
 * signal that arrives once kt is done and Node is tearing the process down (the handlers gone) still ends it
 * by that signal: what it had to do is done by then, which the callers check.
 */
async function interruptRepeatedly(child: ReturnType<typeof spawn>, signal: NodeJS.Signals): Promise<string> {
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('close', (c, s) => r([c, s])));
  child.kill(signal);
  const timer = setInterval(() => {
    if (!stderr.includes('error[interrupted]') && child.exitCode === null && child.signalCode === null)
      child.kill(signal);
  }, 2);
  try {
    const [code, by] = await closed;
    expect(code === 130 || by === signal, `exit ${code}, signal ${by}; stderr:\n${stderr}`).toBe(true);
    return stderr;
  } finally {
    clearInterval(timer);
  }
}

it.each(['SIGINT', 'SIGTERM'] as const)(
  '%s again and again while the export stops does not cut the stop short: exit 130, the checkpoint saved, no part file of an export that wrote nothing, no temp file',
  async (signal) => {
    const env = { PATH: process.env.PATH, HOME: sandbox.home, NO_COLOR: '1', ...sandbox.env() };
    const dir = await mkdtemp(join(sandbox.home, `again-${signal}-`));
    const exportTo = (out: string) =>
      spawn(process.execPath, [ktBin, 'events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const pageRequests = () => sandbox.gw.requests.filter((r) => r.path === '/v1/events').length;

    // Pages written: the checkpoint counts them, and --resume finishes the file.
    const out = join(dir, 'events.csv');
    let before = pageRequests();
    sandbox.gw.faults.push(
      { path: '/v1/events', delayMs: 0, status: 0 },
      { path: '/v1/events', delayMs: 5_000, status: 0 },
    );
    const child = exportTo(out);
    await waitFor(() => pageRequests() >= before + 2, { timeoutMs: 30_000, intervalMs: 10 });
    expect(await interruptRepeatedly(child, signal)).toMatch(
      /kt: error\[interrupted\]: export interrupted\n {2}hint: 1000 rows are saved; /,
    );
    const checkpoint = JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8'));
    expect(checkpoint).toMatchObject({ rows: 1000 });
    expect((await stat(`${out}.part`)).size).toBe(checkpoint.bytes);
    expect((await readdir(dir)).sort()).toEqual(['events.csv.kt-export.json', 'events.csv.part']);
    const resumed = await runKtProcess(['events', 'export', '--resume', '--output', out], { env });
    expect(resumed.exitCode).toBe(0);
    expect((await readFile(out, 'utf8')).trimEnd().split('\r\n')).toHaveLength(3501);

    // Nothing written yet (the first page is slow): the part file and checkpoint are removed.
    const none = join(dir, 'none.csv');
    before = pageRequests();
    sandbox.gw.faults.push({ path: '/v1/events', delayMs: 5_000, status: 0 });
    const early = exportTo(none);
    await waitFor(() => pageRequests() >= before + 1, { timeoutMs: 30_000, intervalMs: 10 });
    expect(await interruptRepeatedly(early, signal)).toMatch(
      /kt: error\[interrupted\]: export interrupted\n {2}hint: nothing was written to /,
    );
    expect((await readdir(dir)).sort()).toEqual(['events.csv']);
  },
  60_000,
);
