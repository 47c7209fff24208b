/**
 * `kt events verify` reads the log while the gateway's hourly retention prune may rewrite it (another
 * process: anchor.json first, then the old segments go). The prune is run here at the exact points of
 * verify's walk where it used to cause a false break: a file-system call of verify's is made to wait
 * for a whole prune first.
 */
import * as fsp from 'node:fs/promises';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog, segmentName, verifyEventLog } from '../../../src/runtime/event-log.js';
import { newEvent } from '../../helpers/events.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsp>();
  return { ...actual, open: vi.fn(actual.open), readdir: vi.fn(actual.readdir) };
});

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T10:00:00Z');
const DAYS = 6;

let dir: string;
let log: EventLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-prune-race-'));
  // One segment per day; the clock is on the last day, so prune(2) removes the first DAYS - 3 segments.
  log = await EventLog.open(dir, { now: () => T0 + (DAYS - 1) * DAY });
  for (let d = 0; d < DAYS; d++) for (let i = 0; i < 3; i++) await log.append(newEvent(d * 3 + i, T0 + d * DAY + i));
  await log.flush();
});
afterEach(async () => {
  vi.mocked(fsp.open).mockRestore();
  vi.mocked(fsp.readdir).mockRestore();
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

/** Makes the first call of `fn` whose path is `path` wait for a whole prune before it runs. */
function pruneBefore(fn: 'open' | 'readdir', path: string): { removed: Promise<number> } {
  const mocked = vi.mocked(fsp[fn]) as unknown as {
    getMockImplementation(): unknown;
    mockImplementation(f: unknown): void;
  };
  const actual = mocked.getMockImplementation() as (...args: unknown[]) => Promise<unknown>;
  let resolveRemoved!: (n: number) => void;
  const removed = new Promise<number>((resolve) => (resolveRemoved = resolve));
  let armed = true;
  mocked.mockImplementation(async (...args: unknown[]) => {
    if (armed && String(args[0]) === path) {
      armed = false; // the prune's own calls go straight through
      resolveRemoved(await log.prune(2));
    }
    return actual(...args);
  });
  return { removed };
}

describe('kt events verify while retention prunes', () => {
  it('a prune between reading the anchor and listing the segments is no break', async () => {
    const race = pruneBefore('readdir', dir);
    const result = await verifyEventLog(dir);
    expect(await race.removed).toBe(DAYS - 3);
    expect(result).toMatchObject({ ok: true, records: 9, segments: 3 });
  });

  it('a prune that removes the segment verify is about to read is no break', async () => {
    const race = pruneBefore('open', join(dir, segmentName(2)));
    const result = await verifyEventLog(dir);
    expect(await race.removed).toBe(DAYS - 3);
    expect(result).toMatchObject({ ok: true, records: 9, segments: 3 });
  });

  it('a record edited after the pruned ones is still reported', async () => {
    const file = join(dir, segmentName(DAYS));
    await writeFile(file, (await readFile(file, 'utf8')).replace('"latency_ms":1', '"latency_ms":2'));
    const race = pruneBefore('open', join(dir, segmentName(2)));
    const result = await verifyEventLog(dir);
    expect(await race.removed).toBe(DAYS - 3);
    expect(result).toMatchObject({ ok: false, first_bad: { segment: segmentName(DAYS), line: 1 } });
  });

  it('a segment removed by hand while a prune runs is still reported missing', async () => {
    await rm(join(dir, segmentName(DAYS - 1)));
    const race = pruneBefore('open', join(dir, segmentName(2)));
    const result = await verifyEventLog(dir);
    expect(await race.removed).toBe(DAYS - 3);
    expect(result).toMatchObject({ ok: false, first_bad: { segment: segmentName(DAYS - 1), line: 0 } });
  });
});
