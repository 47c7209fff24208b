// Two exports of one --output at once (real kt processes against the fake gateway, whose second page
// answers slowly so the first export is mid-way): the second is refused before it touches anything, and
// the first finishes a whole, correct file. They used to share the part file: the second truncated it as
// "an interrupted export" and renamed it into place, then the first wrote its rows into that finished file
// (exit 0 for both) and left a checkpoint counting rows no file held. A lock left by a killed export is
// taken over by the --resume, also while the killed process is a zombie its parent has not reaped.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';
import { makeEvent } from '../../helpers/fake-gateway.js';
import { waitFor } from '../../helpers/wait.js';

const sandbox = useGatewaySandbox({
  prefix: 'kt-concurrent-export-',
  gateway: () => ({ events: Array.from({ length: 2500 }, (_, i) => makeEvent(i)) }),
});

const pageRequests = () => sandbox.gw.requests.filter((r) => r.path === '/v1/events').length;

/** Starts an export of `out` whose second page the gateway holds until `release()`; resolves once it is held. */
async function startHeldExport(out: string, env: NodeJS.ProcessEnv) {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  sandbox.gw.faults.push({ path: '/v1/events' }, { path: '/v1/events', before: () => held });
  const before = pageRequests();
  const child = spawn(
    process.execPath,
    [ktBin, 'events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  await waitFor(() => pageRequests() >= before + 2, { timeoutMs: 30_000, intervalMs: 25 });
  return { child, closed, release, stderr: () => stderr };
}

it('a second export or a --resume of an output being exported is refused (exit 3, nothing touched); the first finishes a whole file', async () => {
  const env = { PATH: process.env.PATH, HOME: sandbox.home, NO_COLOR: '1', ...sandbox.env() };
  const out = join(sandbox.home, 'events.csv');
  const first = await startHeldExport(out, env);
  const part = await readFile(`${out}.part`);

  for (const argv of [
    ['events', 'export', '--from', '2025-01-01', '--format', 'ndjson', '--output', out],
    ['events', 'export', '--resume', '--output', out],
  ]) {
    const second = await runKtProcess(argv, { env });
    expect(second.exitCode, second.stderr).toBe(3);
    expect(second.stderr).toMatch(
      new RegExp(
        `^kt: error\\[input\\.export_in_progress\\]: .*events\\.csv: another kt \\(pid ${first.child.pid}\\) is exporting to this file; nothing touched\\n {2}hint: wait for it to finish, or export to another file; if no kt is exporting, delete .*events\\.csv\\.kt-export\\.lock\\n$`,
      ),
    );
    expect((await readFile(`${out}.part`)).equals(part), 'the part file is untouched').toBe(true);
  }

  first.release();
  expect(await first.closed, first.stderr()).toBe(0);
  const lines = (await readFile(out, 'utf8')).trimEnd().split('\r\n');
  expect(lines).toHaveLength(2501);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(sandbox.gw.events.map((e) => e.id));
  expect((await readdir(sandbox.home)).filter((f) => f.startsWith('events.csv'))).toEqual(['events.csv']);
}, 60_000);

it('the lock of an export killed outright (SIGKILL) is taken over by its --resume', async () => {
  const env = { PATH: process.env.PATH, HOME: sandbox.home, NO_COLOR: '1', ...sandbox.env() };
  const out = join(sandbox.home, 'killed.csv');
  const killed = await startHeldExport(out, env);
  expect(existsSync(`${out}.kt-export.lock`)).toBe(true);
  killed.child.kill('SIGKILL');
  await killed.closed;
  killed.release();
  const resumed = await runKtProcess(['events', 'export', '--resume', '--output', out], { env });
  expect(resumed.exitCode, resumed.stderr).toBe(0);
  expect((await readFile(out, 'utf8')).trimEnd().split('\r\n')).toHaveLength(2501);
  expect(existsSync(`${out}.kt-export.lock`)).toBe(false);
}, 60_000);

it.runIf(process.platform === 'linux')(
  'the lock of an export killed outright whose parent does not reap it (a zombie) is taken over at once',
  async () => {
    const env = { PATH: process.env.PATH, HOME: sandbox.home, NO_COLOR: '1', ...sandbox.env() };
    const out = join(sandbox.home, 'zombie.csv');
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    sandbox.gw.faults.push({ path: '/v1/events' }, { path: '/v1/events', before: () => held });
    const before = pageRequests();
    // The export runs in the background of a shell that then becomes `sleep`, which never reaps it (as a
    // container's PID 1 or a script's Popen that does not wait): killed, it stays a zombie.
    const argv = [ktBin, 'events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out];
    const parent = spawn('sh', ['-c', '"$0" "$@" 2>/dev/null & echo $!; exec sleep 60', process.execPath, ...argv], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const pid = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(String(d)))));
      await waitFor(() => pageRequests() >= before + 2, { timeoutMs: 30_000, intervalMs: 25 });
      process.kill(pid, 'SIGKILL');
      expect(await waitFor(() => readFileSync(`/proc/${pid}/stat`, 'latin1').includes(') Z '))).toBe(true);
      release();
      const resumed = await runKtProcess(['events', 'export', '--resume', '--output', out], { env });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect((await readFile(out, 'utf8')).trimEnd().split('\r\n')).toHaveLength(2501);
      expect(existsSync(`${out}.kt-export.lock`)).toBe(false);
    } finally {
      release();
      parent.kill('SIGKILL');
    }
  },
  60_000,
);
