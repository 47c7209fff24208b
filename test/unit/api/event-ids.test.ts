import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdKeys, KEY_WORDS, RecentIds, savedEventIds, writeKey } from '../../../src/api/event-ids.js';
import { convertParsedPage, dropRows } from '../../../src/api/export-pages.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

const key = (id: string) => {
  const words = new Uint32Array(KEY_WORDS);
  writeKey(id, words, 0);
  return Array.from(words);
};
const keysOf = (ids: readonly string[]) => {
  const keys = new IdKeys(1);
  for (const id of ids) keys.add(id);
  return keys.finish();
};

describe('event id keys', () => {
  it('an evt_ ULID is its own key (exact: ids one character apart differ), anything else a digest of it', () => {
    const ulid = 'evt_01J5Z8Q4W3XKZ7RBN6M2PTV9HG';
    expect(key(ulid)).toEqual(key(ulid));
    for (let i = 4; i < ulid.length; i++) {
      const other = `${ulid.slice(0, i)}${ulid[i] === '0' ? '1' : '0'}${ulid.slice(i + 1)}`;
      expect(key(other), other).not.toEqual(key(ulid));
    }
    // Outside the alphabet, shorter, longer, another prefix: keyed by digest, never equal to a ULID key.
    const others = [ulid.toLowerCase(), 'evt_01J5Z8Q4W3XKZ7RBN6M2PTV9HU', ulid.slice(0, -1), `${ulid}0`, 'req_1', ''];
    const all = [ulid, ...others].map((id) => key(id).join(','));
    expect(new Set(all).size).toBe(all.length);
    expect(key('evt_not-a-ulid')).toEqual(key('evt_not-a-ulid'));
  });

  it('IdKeys grows past its expected count', () => {
    const ids = Array.from({ length: 50 }, (_, i) => makeEvent(i).id);
    const keys = keysOf(ids);
    expect(keys.length).toBe(50 * KEY_WORDS);
    expect(Array.from(keys.subarray(49 * KEY_WORDS))).toEqual(key(ids[49]!));
  });

  it('addAll keys a list as add does one by one, through growth, in batches of any size (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 30 }), { maxLength: 6 }),
        (expected, batches) => {
          const ids = batches.map((b) => b.map((n) => (n % 4 === 0 ? `other-${n}` : makeEvent(n).id)));
          const batched = new IdKeys(expected);
          for (const batch of ids) batched.addAll(batch);
          expect(Array.from(batched.finish())).toEqual(Array.from(keysOf(ids.flat())));
        },
      ),
    );
  });
});

describe('RecentIds', () => {
  // The model: the last `max` distinct ids admitted, oldest out first.
  const model = (max: number) => {
    const window: string[] = [];
    return (id: string) => {
      if (window.includes(id)) return true;
      window.push(id);
      if (window.length > max) window.shift();
      return false;
    };
  };

  it('answers as a first-in-first-out window of the last N ids, through growth and eviction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 }),
        (max, initial, picks) => {
          const ids = picks.map((n) => (n % 3 === 0 ? `other-${n}` : makeEvent(n).id));
          const keys = keysOf(ids);
          const recent = new RecentIds(max, initial);
          const expected = model(max);
          for (let i = 0; i < ids.length; i++) expect(recent.admit(keys, i)).toBe(expected(ids[i]!));
        },
      ),
    );
  });

  it('admits a page at a time as one id at a time does: the same repeats, through growth and eviction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 50 }), { maxLength: 12 }),
        (max, initial, pages) => {
          const recent = new RecentIds(max, initial);
          const expected = model(max);
          for (const page of pages) {
            const ids = page.map((n) => (n % 3 === 0 ? `other-${n}` : makeEvent(n).id));
            const flags = ids.map((id) => (expected(id) ? 1 : 0));
            const repeats = flags.reduce<number>((a, b) => a + b, 0);
            const got = recent.admitPage(keysOf(ids));
            if (repeats === 0) expect(got).toBeUndefined();
            else expect(got).toEqual({ drop: Uint8Array.from(flags), count: repeats });
          }
        },
      ),
    );
  });

  it('saves the keys of the ids it was asked for, little-endian words in admission order, across the ring wrapping (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 40 }),
        (max, total, n) => {
          const ids = Array.from({ length: total }, (_, i) => makeEvent(i).id);
          const recent = new RecentIds(max, 2);
          recent.admitPage(keysOf(ids));
          const kept = ids.slice(Math.max(0, total - Math.min(n, max)));
          const words = keysOf(kept);
          const expected = Buffer.alloc(words.length * 4);
          words.forEach((w, i) => expected.writeUInt32LE(w, i * 4));
          expect(recent.save(n)).toBe(expected.toString('base64'));
        },
      ),
    );
  });

  it('saves the last ids admitted up to a point, and a new window restored from them drops their repeats only', () => {
    const ids = Array.from({ length: 30 }, (_, i) => makeEvent(i).id);
    const keys = keysOf(ids);
    const recent = new RecentIds(20, 4);
    for (let i = 0; i < 25; i++) recent.admit(keys, i);
    const upTo = recent.admitted;
    for (let i = 25; i < 30; i++) recent.admit(keys, i);
    // The 8 ids before admission 25 (17..24); admissions past the point (an unwritten page) are not saved.
    const restored = new RecentIds();
    expect(restored.restore(recent.save(8, upTo))).toBe(true);
    expect(ids.map((_, i) => restored.admit(keys, i))).toEqual(ids.map((_, i) => i >= 17 && i < 25));
    // Asked for more than the window still has: what it has (ids 10..24).
    const wide = new RecentIds();
    wide.restore(recent.save(100, upTo));
    expect(ids.map((_, i) => wide.admit(keys, i))).toEqual(ids.map((_, i) => i >= 10 && i < 25));
    expect(new RecentIds().restore('not base64 of keys')).toBe(false);
    expect(new RecentIds().restore(Buffer.alloc(7).toString('base64'))).toBe(false);
  });
});

describe('dropRows', () => {
  const events = [
    makeEvent(0),
    makeEvent(1, { request_id: 'line\r\nbreak "quoted", comma', model: 'modèle' }),
    makeEvent(2),
    makeEvent(3, { reason_code: 'a\nb' }),
  ];
  const raw = JSON.stringify({ events, next_cursor: null });
  for (const format of ['csv', 'json', 'ndjson'] as const) {
    it(`cuts ${format} rows out of a page's text or bytes, whatever their cells hold`, () => {
      const whole = convertParsedPage(raw, format, true).text;
      const only = (keep: number[]) =>
        convertParsedPage(JSON.stringify({ events: keep.map((i) => events[i]), next_cursor: null }), format, true).text;
      for (const drop of [
        [1, 0, 0, 0],
        [0, 1, 0, 1],
        [1, 1, 1, 1],
        [0, 0, 0, 0],
        [1, 0, 1, 0],
      ]) {
        const expected = only(drop.flatMap((d, i) => (d === 0 ? [i] : [])));
        expect(dropRows(format, whole, Uint8Array.from(drop))).toBe(expected);
        expect(Buffer.from(dropRows(format, Buffer.from(whole), Uint8Array.from(drop))).toString()).toBe(expected);
      }
      expect(() => dropRows(format, whole, new Uint8Array(3))).toThrow(/4 rows where its events are 3/);
    });
  }
});

describe('savedEventIds', () => {
  it('gives back the evt_ + ULID ids a saved window holds, oldest first, and leaves out hashed ones', () => {
    const crockford = fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    const ulidId = fc.array(crockford, { minLength: 26, maxLength: 26 }).map((c) => `evt_${c.join('')}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(ulidId, fc.string()), { maxLength: 40 }), (ids) => {
        const distinct = [...new Set(ids)];
        const recent = new RecentIds();
        recent.admitPage(keysOf(distinct));
        const expected = distinct.filter((id) => /^evt_[0-9A-HJKMNP-TV-Z]{26}$/.test(id));
        expect(savedEventIds(recent.save(100))).toEqual(expected);
      }),
    );
    expect(savedEventIds('not saved ids')).toEqual([]);
  });
});
