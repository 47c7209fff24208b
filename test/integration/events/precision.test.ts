// Time bounds keep the events' microseconds end to end: kt parses --from/--to without cutting them to
// milliseconds, and the real gateway's GET /v1/events compares at microseconds (a real Gateway in-process).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway.js';
import { runKt } from '../../helpers/run-kt.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

let gateway: InProcessGateway;
const env = () => gateway.env();
// Three events within one millisecond, one in the next.
const stamps = [
  '2026-11-22T01:15:20.322100Z',
  '2026-11-22T01:15:20.322500Z',
  '2026-11-22T01:15:20.322900Z',
  '2026-11-22T01:15:20.323000Z',
];

beforeAll(async () => {
  gateway = await startInProcessGateway('precision');
  for (const [i, timestamp] of stamps.entries()) {
    const { prev_hash: _p, hash: _h, ...e } = makeEvent(i, { timestamp });
    await gateway.gw.eventLog.append(e);
  }
});
afterAll(async () => {
  await gateway.close();
});

const listed = async (...range: string[]) => {
  const r = await runKt(['events', 'list', ...range, '--format', 'ndjson'], { env: env() });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { timestamp: string }).timestamp);
};

describe('microsecond time bounds against a real gateway', () => {
  it('--to (exclusive) and --from (inclusive) cut between events of the same millisecond', async () => {
    expect(await listed('--from', '2026-11-22T01:15:20Z', '--to', '2026-11-22T01:15:20.322500Z')).toEqual(
      stamps.slice(0, 1),
    );
    expect(await listed('--from', '2026-11-22T01:15:20.322500Z', '--to', '2026-11-22T01:15:21Z')).toEqual(
      stamps.slice(1),
    );
    expect(await listed('--from', '2026-11-22T01:15:20.3221Z', '--to', '2026-11-22T01:15:20.3229Z')).toEqual(
      stamps.slice(0, 2),
    );
    expect(await listed('--from', '2026-11-22T01:15:20.3222Z', '--to', '2026-11-22T01:15:20.32290Z')).toEqual(
      stamps.slice(1, 2),
    );
    // An offset and digits past the microsecond: .3225001 is after the event at .322500.
    expect(await listed('--from', '2026-11-22T03:15:20.3225001+02:00', '--to', '2026-11-22T01:15:20.323Z')).toEqual(
      stamps.slice(2, 3),
    );
  });

  it('events export writes the same period', async () => {
    const out = join(gateway.dir, 'x.ndjson');
    const r = await runKt(
      [
        'events',
        'export',
        '--from',
        '2026-11-22T01:15:20.322100Z',
        '--to',
        '2026-11-22T01:15:20.322900Z',
        '--format',
        'ndjson',
        '-o',
        out,
      ],
      { env: env() },
    );
    expect(r.exitCode).toBe(0);
    const rows = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { timestamp: string }).timestamp);
    expect(rows).toEqual(stamps.slice(0, 2));
  });
});
