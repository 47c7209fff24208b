/**
 * End to end: the progress line of `kt events export` on a real terminal (a pty from util-linux
 * `script`). NO_COLOR must reach the spinner too: ora paints its frame with chalk, which reads
 * --no-color from argv but not NO_COLOR. A pty nobody sized (0 columns, as `script` gives in CI) must
 * not hang the export: ora divided by the width and then cleared lines forever.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';
import { ktBin } from '../../helpers/run-kt.js';

const hasScript = /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '');

let gw: FakeGateway;
let home: string;

beforeAll(async () => {
  if (!existsSync(join(ktBin, '..', '..', 'dist', 'kt.js')))
    throw new Error('run `npm run build` before the e2e tests');
  gw = await startFakeGateway({ events: Array.from({ length: 500 }, (_, i) => makeEvent(i)) });
  home = await mkdtemp(join(tmpdir(), 'kt-e2e-tty-'));
});

afterAll(async () => {
  await gw?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `kt events export` on a pty of `columns` columns (0: left unsized) and returns what it wrote to
 * the terminal and its exit status. kt runs under `timeout` inside the pty: `script` puts it in a
 * session of its own, out of reach of a kill from here, and a kt that hangs must not outlive the test.
 */
function exportOnTerminal(
  columns: number,
  extraEnv: Record<string, string>,
  output: string,
): Promise<{ terminal: string; exitCode: number | null }> {
  const kt = [process.execPath, ktBin, 'events', 'export', '--from', '2025-01-01', '--output', output]
    .map(quote)
    .join(' ');
  const size = columns > 0 ? `stty cols ${columns} rows 40; ` : '';
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `${size}exec timeout -s KILL 10 ${kt}`, '/dev/null'], {
      // No CI: ora stays silent under CI, and the spinner is what is tested here.
      env: {
        PATH: process.env.PATH,
        HOME: home,
        TERM: 'xterm',
        XDG_CONFIG_HOME: join(home, 'config'),
        KT_STATE_DIR: join(home, 'state'),
        KEEPTRUSTS_API_URL: gw.url,
        KEEPTRUSTS_API_TOKEN: gw.token,
        ...extraEnv,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let terminal = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      // The old code flooded the terminal; keep the start, enough to see what happened.
      if (terminal.length < 20_000) terminal += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ terminal, exitCode });
    });
    child.stdin.end();
  });
}

describe.skipIf(!hasScript)('kt events export progress on a terminal', () => {
  it('NO_COLOR leaves the spinner uncoloured (it was cyan); without it the spinner is coloured', async () => {
    const plain = await exportOnTerminal(100, { NO_COLOR: '1' }, join(home, 'plain.json'));
    expect(plain.exitCode, plain.terminal).toBe(0);
    expect(plain.terminal).toContain('exporting events');
    expect(plain.terminal).toContain('exported 500 rows');
    expect(plain.terminal).not.toContain('\u001b[36m');

    const coloured = await exportOnTerminal(100, {}, join(home, 'coloured.json'));
    expect(coloured.exitCode, coloured.terminal).toBe(0);
    expect(coloured.terminal).toContain('\u001b[36m');
  });

  it('a terminal that reports 0 columns gets no spinner, and the export ends', async () => {
    const r = await exportOnTerminal(0, { NO_COLOR: '1' }, join(home, 'unsized.json'));
    expect(r.exitCode, r.terminal.slice(0, 500)).toBe(0);
    expect(r.terminal).toContain('exported 500 rows');
    expect(r.terminal).not.toContain('exporting events');
  });
});
