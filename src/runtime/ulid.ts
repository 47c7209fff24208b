/** ULIDs for event ids: 48-bit millisecond time + 80 random bits, Crockford base32, sortable by time. */
import { pooledRandomBytes } from './random-pool.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(now: number): string {
  let time = '';
  let t = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = pooledRandomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}

const EVENT_ID = /^evt_([0-9A-HJKMNP-TV-Z]{10})[0-9A-HJKMNP-TV-Z]{16}$/;

/** The millisecond an event id (`evt_` + ULID) was minted at, or undefined for any other string. */
export function eventIdTime(id: string): number | undefined {
  const m = EVENT_ID.exec(id);
  if (m === null) return undefined;
  let t = 0;
  for (const c of m[1]!) t = t * 32 + ALPHABET.indexOf(c);
  return t;
}
