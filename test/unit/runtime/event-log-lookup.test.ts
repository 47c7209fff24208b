/**
 * GET /v1/events/{id} (EventLog.get) reads the segments whose span of id times holds the id's time, not the
 * whole log, with the same answers as reading it all: counted here by the segment files it opens.
 */
import * as fsp from 'node:fs/promises';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog, segmentName } from '../../../src/runtime/event-log.js';
import { ulid } from '../../../src/runtime/ulid.js';
import { newEvent } from '../../helpers/events.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsp>();
  return { ...actual, open: vi.fn(actual.open) };
});

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T10:00:00Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-lookup-'));
});
afterEach(async () => {
  vi.mocked(fsp.open).mockClear();
  await rm(dir, { recursive: true, force: true });
});

/** The segment files `run` opens. */
async function opened<T>(run: () => Promise<T>): Promise<{ value: T; segments: string[] }> {
  vi.mocked(fsp.open).mockClear();
  const value = await run();
  const segments = vi
    .mocked(fsp.open)
    .mock.calls.map((c) => basename(String(c[0])))
    .filter((n) => n.startsWith('segment-'));
  return { value, segments };
}

/** Ten daily segments of five events each, ids minted at their timestamps as the gateway does. */
async function tenDays(log: EventLog): Promise<string[]> {
  const ids: string[] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < 5; i++) {
      const at = T0 + d * DAY + i * 1000;
      const id = `evt_${ulid(at)}`;
      ids.push(id);
      await log.append(newEvent(d * 5 + i, at, { id }));
    }
  }
  return ids;
}

/** What get() must answer: the first record of the log with this id, every segment read. */
async function naive(id: string): Promise<unknown> {
  for (let seg = 1; ; seg++) {
    const text = await readFile(join(dir, segmentName(seg)), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    for (const line of text.split('\n').filter(Boolean)) {
      const rec = JSON.parse(line) as { id: string };
      if (rec.id === id) return rec;
    }
  }
}

describe('event lookup by id', () => {
  it('reads only the segment that can hold the id once the spans are known, and none for an id outside them', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    const ids = await tenDays(log);
    // The first lookup learns the spans of the segments it reads on the way.
    expect((await opened(() => log.get(ids.at(-1)!))).segments).toHaveLength(10);
    for (const [n, id] of [ids[2]!, ids[17]!, ids[48]!].entries()) {
      const { value, segments } = await opened(() => log.get(id));
      expect(value).toEqual(await naive(id));
      expect(segments, `lookup ${n}`).toEqual([segmentName([1, 4, 10][n]!)]);
    }
    // Minted in a day the log has no segment for (or a millisecond between two events): nothing to read.
    expect(await opened(() => log.get(`evt_${ulid(T0 + 20 * DAY)}`))).toEqual({ value: undefined, segments: [] });
    expect(await opened(() => log.get(`evt_${ulid(T0 + 2 * DAY + 500)}`))).toMatchObject({ value: undefined });
    await log.close();
  });

  it('finds events appended since the spans were learnt, out of time order and under a clock set back', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    const ids = await tenDays(log);
    expect(await log.get('evt_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBeUndefined(); // learns every span
    // A long stream minted on day 1 and appended on day 9, then events stamped by a clock set back to day 3.
    const late = `evt_${ulid(T0 + DAY + 7)}`;
    const back = `evt_${ulid(T0 + 3 * DAY + 9)}`;
    await log.append(newEvent(100, T0 + 9 * DAY + 9000, { id: late }));
    await log.append(newEvent(101, T0 + 9 * DAY + 9001, { id: back }));
    // And an id of another shape, written by something else.
    await log.append(newEvent(102, T0 + 9 * DAY + 9002, { id: 'evt_imported_42' }));
    for (const id of [late, back, 'evt_imported_42', ids[0]!, ids[30]!]) {
      expect(await log.get(id), id).toEqual(await naive(id));
      expect(await log.get(id), id).toBeDefined();
    }
    // A segment replaced by another file under its name (a restore from a backup) is learnt again.
    const file = join(dir, segmentName(2));
    const moved = `evt_${ulid(T0 + 40 * DAY)}`;
    const text = await readFile(file, 'utf8');
    await rm(file);
    await writeFile(file, text.replace(ids[5]!, moved));
    expect(await log.get(ids[5]!)).toBeUndefined();
    expect(await log.get(moved)).toMatchObject({ id: moved });
    await log.close();
  });
});
