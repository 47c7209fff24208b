// The export with a converter thread (KT_EXPORT_WORKERS=1, a real kt process: workers need the bundled
// dist/) writes the same bytes as without one, for each format, with pages of both CSV routes: the
// contract's layout (fast route) and pages holding cells that need quoting or neutralising (JSON.parse).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { runKtProcess } from '../../helpers/run-kt.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

const tricky = (i: number) =>
  i === 3 || i === 2003 ? { model: 'a,b', reason_code: '=1+1', request_id: 'line\nbreak "q"' } : {};
const sandbox = useGatewaySandbox({
  prefix: 'kt-export-workers-',
  gateway: () => ({ events: Array.from({ length: 2600 }, (_, i) => makeEvent(i, tricky(i))) }),
  perFile: true,
});

it('a converter thread writes the same bytes as the main thread, in every format', async () => {
  for (const format of ['csv', 'json', 'ndjson']) {
    const files: string[] = [];
    for (const workers of ['0', '1']) {
      const out = join(sandbox.home, `events-${workers}.${format}`);
      const env = {
        PATH: process.env.PATH,
        HOME: sandbox.home,
        NO_COLOR: '1',
        ...sandbox.env({ KT_EXPORT_WORKERS: workers }),
      };
      const r = await runKtProcess(
        ['events', 'export', '--from', '2025-01-01', '--format', format, '--output', out, '--debug'],
        { env },
      );
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain(`; ${workers} converter threads`);
      if (format === 'csv')
        expect(r.stderr).toMatch(/export: 3 pages, 1 through the fast CSV route, 2 through JSON\.parse/);
      files.push(await readFile(out, 'utf8'));
    }
    expect(files[1]).toBe(files[0]);
    if (format === 'json') expect((JSON.parse(files[0]!) as unknown[]).length).toBe(2600);
  }
}, 60_000);

it('a server with its own field order: learnt from the first page, the same CSV as the contract order', async () => {
  const reversed = (e: object) => Object.fromEntries(Object.entries(e).reverse());
  const contractOrder = Array.from({ length: 2600 }, (_, i) => makeEvent(i));
  const files: string[] = [];
  for (const [events, workers] of [
    [contractOrder, '0'],
    [contractOrder.map(reversed), '0'],
    [contractOrder.map(reversed), '1'],
  ] as const) {
    sandbox.gw.events = events as typeof contractOrder;
    const out = join(sandbox.home, `order-${files.length}.csv`);
    const env = {
      PATH: process.env.PATH,
      HOME: sandbox.home,
      NO_COLOR: '1',
      ...sandbox.env({ KT_EXPORT_WORKERS: workers }),
    };
    const r = await runKtProcess(
      ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out, '--debug'],
      { env },
    );
    expect(r.exitCode).toBe(0);
    // The contract order takes the fast route from the first page; another order is learnt by each
    // thread that converts: with a converter thread, page 1 converts on the main thread while it boots,
    // page 2 teaches the thread, page 3 is fast.
    const expected =
      files.length === 0
        ? '3 through the fast CSV route'
        : workers === '0'
          ? '2 through the fast CSV route, 1 through JSON.parse'
          : '1 through the fast CSV route, 2 through JSON.parse';
    expect(r.stderr).toContain(`export: 3 pages, ${expected}`);
    files.push(await readFile(out, 'utf8'));
  }
  expect(files[1]).toBe(files[0]);
  expect(files[2]).toBe(files[0]);
}, 60_000);
