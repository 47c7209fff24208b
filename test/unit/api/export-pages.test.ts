import { describe, expect, it } from 'vitest';
import {
  convertPage,
  convertParsedPage,
  converterCount,
  peekCursor,
  wholeRows,
} from '../../../src/api/export-pages.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

describe('peekCursor', () => {
  it('reads next_cursor from the tail of a page without parsing it', () => {
    expect(peekCursor('{"events":[],"next_cursor":null}')).toBeNull();
    expect(peekCursor('{"events":[{"id":"x"}],"next_cursor":"MTAwMA"}\n')).toBe('MTAwMA');
    expect(peekCursor('{"events":[] , "next_cursor" : "a-b_c" }')).toBe('a-b_c');
  });
  it('gives up (undefined) when the page is not shaped that way, so the caller parses it', () => {
    expect(peekCursor('{"next_cursor":"abc","events":[]}')).toBeUndefined();
    expect(peekCursor('{"events":[],"next_cursor":"a\\"b"}')).toBeUndefined();
    expect(peekCursor('not json')).toBeUndefined();
  });
  it('reads it from a body still in Buffers, the tail cut across chunks anywhere', () => {
    const raw = JSON.stringify({
      events: Array.from({ length: 30 }, (_, i) => makeEvent(i, { model: 'modèle' })),
      next_cursor: 'MTAwMA',
    });
    const bytes = Buffer.from(raw);
    for (const cut of [1, 5, 20, 4096, 5000, bytes.length - 3, bytes.length - 1]) {
      expect(peekCursor([bytes.subarray(0, bytes.length - cut), bytes.subarray(bytes.length - cut)])).toBe('MTAwMA');
    }
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
    expect(peekCursor(pieces)).toBe('MTAwMA');
    expect(peekCursor([Buffer.from('{"events":[],"next_cursor":nu'), Buffer.from('ll}')])).toBeNull();
    expect(peekCursor([Buffer.from('not json')])).toBeUndefined();
  });
});

describe('convertPage', () => {
  const page = (events: unknown[], next: string | null) => JSON.stringify({ events, next_cursor: next });
  it('formats csv, ndjson and json rows (json rows lead with ",\\n" for the writer to trim once)', () => {
    const raw = page([makeEvent(0), makeEvent(1)], 'n1');
    const csv = convertPage(raw, 'csv', true);
    expect(csv.count).toBe(2);
    expect(csv.next).toBe('n1');
    expect(csv.text.split('\r\n')).toHaveLength(3);
    // The contract's layout takes the fast CSV route, checked by its own match: no event to check again.
    expect(csv.first).toBeUndefined();
    expect(convertParsedPage(raw, 'csv', true)).toMatchObject({ text: csv.text, first: { id: makeEvent(0).id } });
    expect(
      convertPage(raw, 'ndjson', true)
        .text.trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ).toEqual([makeEvent(0).id, makeEvent(1).id]);
    const json = convertPage(raw, 'json', true).text;
    expect(JSON.parse(`[${json.slice(1)}]`)).toHaveLength(2);
  });
  it('rejects pages that break the contract', () => {
    expect(() => convertPage('{"events": 3, "next_cursor": null}', 'csv', true)).toThrow(/\$\.events must be an array/);
    expect(() => convertPage(page([{ id: 1 }], null), 'csv', true)).toThrow(/id must be a string/);
    expect(() => convertPage('<html>', 'csv', true)).toThrow(/not JSON/);
  });
});

describe('converterCount', () => {
  it('is one thread from 4 CPUs up, none below, unless KT_EXPORT_WORKERS says', () => {
    expect(converterCount({}, 2)).toBe(0);
    expect(converterCount({}, 4)).toBe(1);
    expect(converterCount({}, 64)).toBe(1);
    expect(converterCount({ KT_EXPORT_WORKERS: '1' }, 2)).toBe(1);
    expect(converterCount({ KT_EXPORT_WORKERS: '0' }, 8)).toBe(0);
    expect(converterCount({ KT_EXPORT_WORKERS: '8' }, 2)).toBe(4);
    expect(converterCount({ KT_EXPORT_WORKERS: ' 2 ', KT_OTHER: 'x' }, 8)).toBe(2);
  });

  it('refuses a KT_EXPORT_WORKERS that is not a whole number from 0 to 8, naming the variable (usage, exit 2)', () => {
    // It used to fall back to the default ('lots' -> kt decides, '99' -> 8): an operator who sets the
    // variable expects that setting or an error, never a different configuration in silence (the
    // house rule for a bad value, as for KT_FOLLOW_INTERVAL_MS).
    expect(() => converterCount({ KT_EXPORT_WORKERS: 'lots' }, 2)).toThrow(
      expect.objectContaining({
        code: 'usage.invalid_env',
        message: 'KT_EXPORT_WORKERS "lots" is not a whole number from 0 to 8',
      }),
    );
    for (const bad of ['99', '-1', '1.5', '2 threads'])
      expect(() => converterCount({ KT_EXPORT_WORKERS: bad }, 2)).toThrow(/KT_EXPORT_WORKERS/);
    expect(converterCount({ KT_EXPORT_WORKERS: '' }, 2)).toBe(0);
  });
});

describe('wholeRows', () => {
  const page = (events: unknown[]) => JSON.stringify({ events, next_cursor: null });
  it('counts the rows whose every byte is within the first N bytes, wherever the cut falls (a CSV line end or quote inside a cell, multi-byte text)', () => {
    const events = [makeEvent(0, { model: 'modèle' }), makeEvent(1, { model: 'gpt "4o"\r\nmini' }), makeEvent(2)];
    for (const format of ['csv', 'ndjson', 'json'] as const) {
      const rows = events.map((e) => convertPage(page([e]), format, true).text);
      // The export's first JSON page goes out without its leading comma.
      for (const parts of format === 'json' ? [rows, [rows[0]!.slice(1), ...rows.slice(1)]] : [rows]) {
        const text = parts.join('');
        const ends: number[] = [];
        for (const part of parts) ends.push((ends.at(-1) ?? 0) + Buffer.byteLength(part));
        for (let written = -2; written <= ends.at(-1)! + 1; written++) {
          expect(wholeRows(format, text, written), `${format} ${written}`).toBe(
            ends.filter((e) => e <= written).length,
          );
        }
      }
    }
  });
});
