/**
 * Check-digit algorithms used to tell real identifiers from look-alike digit runs: Luhn (cards, NPI),
 * GS1 (barcodes, to tell them from cards), ISO 7064 mod 97-10 (IBAN), CRC-32 (GitHub token checksums). Pure functions over ASCII strings.
 */

/** Luhn (mod 10) over a string of ASCII digits. Returns false for empty or non-digit input. */
export function luhnValid(digits: string): boolean {
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    const code = digits.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return false;
    let d = code;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit that makes `body + digit` valid. */
export function luhnCheckDigit(body: string): number {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + String(d))) return d;
  return 0;
}

/**
 * NPI (US National Provider Identifier): 10 digits whose Luhn check runs over the card-issuer prefix
 * 80840 followed by the number (CMS NPI standard), and which start with 1 or 2.
 */
export function npiValid(digits: string): boolean {
  return /^[12]\d{9}$/.test(digits) && luhnValid('80840' + digits);
}

/**
 * GS1 check digit (EAN-13, UPC-A, GTIN-14, ISBN-13): from the right, the check digit weighs 1, the next
 * digit 3, then 1, 3, ...; the sum is a multiple of 10. Over the ASCII digits of `value` (other characters
 * are skipped); false for fewer than 8 digits.
 */
export function gs1Valid(value: string): boolean {
  let sum = 0;
  let n = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    sum += (n & 1) === 1 ? 3 * d : d;
    n++;
  }
  return n >= 8 && sum % 10 === 0;
}

/** Registered IBAN lengths per ISO 3166 country code (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** ISO 7064 mod 97-10 remainder of an alphanumeric string (letters count as 10..35). */
export function mod97(value: string): number {
  let remainder = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      remainder = (remainder * 10 + (c - 48)) % 97;
    } else {
      const upper = c & ~32;
      if (upper < 65 || upper > 90) return -1;
      remainder = (remainder * 100 + (upper - 55)) % 97;
    }
  }
  return remainder;
}

/** IBAN validity: known country, registered length, and mod-97 of the rearranged value equals 1. */
export function ibanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

const CRC32_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3) of an ASCII string. */
export function crc32(ascii: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < ascii.length; i++) crc = CRC32_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 encoding of a non-negative integer, left-padded with '0' to `width`. */
export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/**
 * Checksum of GitHub's current token format (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 30 random chars
 * + 6 chars of base62 CRC-32 of the random part), as described in GitHub's 2021 token-format post.
 */
export function githubTokenChecksumValid(token: string): boolean {
  const body = token.slice(4);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  if (isAsciiString(value)) return asciiEntropy(value);
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function isAsciiString(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 128) return false;
  return true;
}

/** Per ASCII code, its count; and the codes in order of first occurrence (scratch, reused: never nested). */
const ASCII_COUNTS = new Int32Array(128);
const FIRST_SEEN = new Int32Array(128);

/**
 * shannonEntropy of an ASCII string without a Map and a string per character: the same counts, summed in
 * the same order (first occurrence, as the Map iterates), so the same bits to the last one.
 */
function asciiEntropy(value: string): number {
  let distinct = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const was = ASCII_COUNTS[c]!;
    ASCII_COUNTS[c] = was + 1;
    if (was === 0) FIRST_SEEN[distinct++] = c;
  }
  let bits = 0;
  for (let k = 0; k < distinct; k++) {
    const c = FIRST_SEEN[k]!;
    const p = ASCII_COUNTS[c]! / value.length;
    bits -= p * Math.log2(p);
    ASCII_COUNTS[c] = 0;
  }
  return bits;
}
