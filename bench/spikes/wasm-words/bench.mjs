/* global TextEncoder, WebAssembly */
// node bench.mjs [rounds]: the JS bare word walk vs the wasm kernel (kernel.wasm: node build.mjs) on the docs
// megabyte, every variant once per round in rotating order, medians of CPU ms. See README.md.
import { readFileSync } from 'node:fs';
import { docsMegabyte } from './text.mjs';

const rounds = +(process.argv[2] ?? 60);
const text = docsMegabyte().slice(0, +(process.env.SIZE ?? 1 << 20));
const viewText = text.toLowerCase(); // the view's text (built anyway: other layers read it)
const n = viewText.length;
const otherUnits = [];
for (let k = 0; k < n; k++) if (viewText.charCodeAt(k) >= 0x80) otherUnits.push(k);
const ENC = new TextEncoder();

// ---- JS side: the same bytes viewBytes gives (encodeInto, then each unit that is not ASCII closed up into 0x7f).
const jsBuf = new Uint8Array(3 * n + 64);
const jsDv = new DataView(jsBuf.buffer);
function jsPrep() {
  ENC.encodeInto(viewText, jsBuf);
  let src = 0,
    dst = 0;
  for (let k = 0; k < otherUnits.length; k++) {
    const p = otherUnits[k];
    const c = viewText.charCodeAt(p);
    if (p > dst) {
      if (src !== dst) jsBuf.copyWithin(dst, src, src + p - dst);
      src += p - dst;
      dst = p;
    }
    let width = 3;
    if (c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdfff) width = 2; // (pairs only in this text)
    jsBuf[dst++] = 0x7f;
    src += width;
  }
  if (src !== dst) jsBuf.copyWithin(dst, src, src + n - dst);
  jsBuf.fill(0, n, n + 32);
  return n;
}
function jsEncodeOnly() {
  return ENC.encodeInto(viewText, jsBuf).written;
}

const UNIT = new Uint8Array(256);
for (let c = 97; c <= 122; c++) UNIT[c] = 1;
for (let c = 48; c <= 57; c++) UNIT[c] = 1;
function nonWordBytes(x) {
  const lower = (x + 0x1f1f1f1f) & ~(x + 0x05050505);
  const digit = (x + 0x50505050) & ~(x + 0x46464646);
  return ~(lower | digit) & 0x80808080;
}
function wordMask(x) {
  const m = nonWordBytes(x);
  return ((m & -m) >>> 7) - 1;
}

// The bare walk: AsciiWordPass's fast-loop identification (same masks, same key) for every word, as
// (start, len, key) triples; a word of 16 bytes or more folds the rest in with FNV-1a steps.
function jsWalk(b, dv, n, out) {
  const unit = UNIT;
  let i = 0,
    w = 0;
  while (i < n) {
    if (unit[b[i]] !== 1) {
      i++;
      continue;
    }
    const start = i;
    const first = dv.getInt32(start, true);
    const second = dv.getInt32(start + 4, true);
    const keepLo = wordMask(first);
    const keepHi = wordMask(second) & -(keepLo >>> 31);
    const lo = first & keepLo,
      hi = second & keepHi;
    let end = start + ((64 - Math.clz32(keepLo) - Math.clz32(keepHi)) >> 3);
    let mid = 0,
      tail = 0,
      long = false;
    if (keepHi === -1) {
      const x = dv.getInt32(end, true);
      const keepMid = wordMask(x);
      mid = x & keepMid;
      end += (32 - Math.clz32(keepMid)) >> 3;
      if (keepMid === -1) {
        const y = dv.getInt32(end, true);
        const keepTail = wordMask(y);
        tail = y & keepTail;
        end += (32 - Math.clz32(keepTail)) >> 3;
        long = keepTail === -1;
      }
    }
    let key = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(mid ^ tail, 0xcc9e2d51), 0x9e3779b1);
    if (long)
      while (unit[b[end]] === 1) {
        key = Math.imul(key ^ b[end], 0x01000193);
        end++;
      }
    out[w] = start;
    out[w + 1] = end - start;
    out[w + 2] = key;
    w += 3;
    i = end;
  }
  return w / 3;
}

// The same walk with the table probe inline (what identification + lookup costs in JS today), no output.
function jsWalkProbe(b, dv, n, records) {
  const unit = UNIT;
  let i = 0,
    sum = 0;
  while (i < n) {
    if (unit[b[i]] !== 1) {
      i++;
      continue;
    }
    const start = i;
    const first = dv.getInt32(start, true);
    const second = dv.getInt32(start + 4, true);
    const keepLo = wordMask(first);
    const keepHi = wordMask(second) & -(keepLo >>> 31);
    const lo = first & keepLo,
      hi = second & keepHi;
    let end = start + ((64 - Math.clz32(keepLo) - Math.clz32(keepHi)) >> 3);
    let mid = 0,
      tail = 0,
      long = false;
    if (keepHi === -1) {
      const x = dv.getInt32(end, true);
      const keepMid = wordMask(x);
      mid = x & keepMid;
      end += (32 - Math.clz32(keepMid)) >> 3;
      if (keepMid === -1) {
        const y = dv.getInt32(end, true);
        const keepTail = wordMask(y);
        tail = y & keepTail;
        end += (32 - Math.clz32(keepTail)) >> 3;
        long = keepTail === -1;
      }
    }
    let key = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(mid ^ tail, 0xcc9e2d51), 0x9e3779b1);
    if (long)
      while (unit[b[end]] === 1) {
        key = Math.imul(key ^ b[end], 0x01000193);
        end++;
      }
    const slot = key >>> 17;
    let rec = slot * 8;
    if (
      records[rec] !== lo ||
      records[rec + 1] !== hi ||
      records[rec + 2] !== mid ||
      records[rec + 3] !== tail ||
      records[rec + 4] !== end - start ||
      records[rec + 6] !== key
    ) {
      rec = -1;
      for (let g = 1; g < 4; g++) {
        const r = (slot ^ g) * 8;
        if (
          records[r] === lo &&
          records[r + 1] === hi &&
          records[r + 2] === mid &&
          records[r + 3] === tail &&
          records[r + 4] === end - start &&
          records[r + 6] === key
        ) {
          rec = r;
          break;
        }
      }
    }
    if (rec >= 0) sum += records[rec + 5];
    i = end;
  }
  return sum;
}

// ---- The bitmap algorithm in plain JS (no SIMD): to tell what the algorithm gains from what wasm gains.
// Classification four bytes at a time (SWAR; view bytes are all < 0x80, so the adds carry across no byte):
// the high bits of the word bytes gathered into 4 bits by one multiply.
const jsBm = new Int32Array((n >> 5) + 8);
function jsClassify(dv, n, bm) {
  let w = 0;
  for (let i = 0; i < n; i += 32, w++) {
    let bits = 0;
    for (let j = 0; j < 32; j += 4) {
      const x = dv.getInt32(i + j, true);
      const m = ((x + 0x1f1f1f1f) & ~(x + 0x05050505)) | ((x + 0x50505050) & ~(x + 0x46464646));
      bits |= ((Math.imul((m & 0x80808080) >>> 7, 0x204081) >>> 21) & 15) << j;
    }
    bm[w] = bits;
  }
  bm[w] = 0;
  bm[w + 1] = 0;
}
const MASKS = new Int32Array(17 * 4);
for (let L = 0; L <= 16; L++)
  for (let q = 0; q < 4; q++) {
    const k = Math.max(0, Math.min(4, L - 4 * q));
    MASKS[L * 4 + q] = k === 4 ? -1 : (1 << (8 * k)) - 1;
  }
function jsWords(b, dv, n, bm, out, records) {
  const masks = MASKS;
  let carry = 0,
    o = 0,
    sum = 0;
  const nw = (n + 31) >> 5;
  for (let w = 0; w < nw; w++) {
    const x = bm[w];
    let starts = x & ~((x << 1) | carry);
    carry = x >>> 31;
    while (starts !== 0) {
      const p = 31 - Math.clz32(starts & -starts);
      starts &= starts - 1;
      const start = (w << 5) + p;
      const r = ~(x >>> p);
      let len = 31 - Math.clz32(r & -r);
      if (len < 0 || len === 32 - p) {
        let k = w + 1;
        len = 32 - p;
        while (bm[k] === -1) {
          len += 32;
          k++;
        }
        const z = ~bm[k];
        len += 31 - Math.clz32(z & -z);
      }
      const L = (len < 16 ? len : 16) << 2;
      const lo = dv.getInt32(start, true) & masks[L];
      const hi = dv.getInt32(start + 4, true) & masks[L + 1];
      const mid = dv.getInt32(start + 8, true) & masks[L + 2];
      const tail = dv.getInt32(start + 12, true) & masks[L + 3];
      let key = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(mid ^ tail, 0xcc9e2d51), 0x9e3779b1);
      if (len > 16) for (let k = start + 16; k < start + len; k++) key = Math.imul(key ^ b[k], 0x01000193);
      if (records === undefined) {
        out[o] = start;
        out[o + 1] = len;
        out[o + 2] = key;
        o += 3;
      } else {
        const slot = key >>> 17;
        for (let g = 0; g < 4; g++) {
          const rec = (slot ^ g) * 8;
          if (
            records[rec] === lo &&
            records[rec + 1] === hi &&
            records[rec + 2] === mid &&
            records[rec + 3] === tail &&
            records[rec + 4] === len &&
            records[rec + 6] === key
          ) {
            sum += records[rec + 5];
            break;
          }
        }
      }
    }
  }
  return records === undefined ? o / 3 : sum;
}

// ---- wasm side.
const { instance } = await WebAssembly.instantiate(readFileSync(new URL('./kernel.wasm', import.meta.url)));
const K = instance.exports;
const align = (x) => (x + 63) & ~63;
const IN = 1024,
  VIEW = align(IN + 3 * n + 64),
  BM = align(VIEW + n + 64),
  OUT = align(BM + (n >> 3) + 64);
const TBL = align(OUT + 12 * ((n >> 1) + 16)),
  END = TBL + 32769 * 32;
K.mem.grow(Math.ceil(END / 65536) - K.mem.buffer.byteLength / 65536);
const mem = new Uint8Array(K.mem.buffer);
for (let L = 0; L <= 16; L++) mem.fill(0xff, L * 16, L * 16 + L);
const memIn = mem.subarray(IN, VIEW);
const wOut = new Int32Array(K.mem.buffer, OUT, 3 * ((n >> 1) + 16));
const wTbl = new Int32Array(K.mem.buffer, TBL, 32769 * 8);

function wasmPrep() {
  // copy in (encodeInto straight into wasm memory) + close-up/lower-case
  const { written } = ENC.encodeInto(viewText, memIn);
  return K.prep(IN, written, VIEW);
}
function wasmWalk() {
  return K.walk(VIEW, n, OUT);
}
function wasmClassify() {
  K.classify(VIEW, n, BM);
}
function wasmWords(tbl) {
  return K.words(VIEW, n, BM, OUT, tbl);
}

// ---- consumers of the kernel's triples.
function consumeMap(out, count, map) {
  let sum = 0;
  for (let k = 0, r = 0; k < count; k++, r += 3) {
    const f = map.get(out[r + 2]);
    if (f !== undefined) sum += f;
  }
  return sum;
}
function consumeTable(out, count, records) {
  // key + length confirm only (bytes not compared: optimistic)
  let sum = 0;
  for (let k = 0, r = 0; k < count; k++, r += 3) {
    const key = out[r + 2],
      len = out[r + 1];
    const slot = key >>> 17;
    for (let g = 0; g < 4; g++) {
      const rec = (slot ^ g) * 8;
      if (records[rec + 6] === key && records[rec + 4] === len) {
        sum += records[rec + 5];
        break;
      }
    }
  }
  return sum;
}
function consumeSlots(out, count, records) {
  // the kernel probed: third field is the slot
  let sum = 0;
  for (let k = 0, r = 0; k < count; k++, r += 3) {
    const s = out[r + 2];
    if (s >= 0) sum += records[s * 8 + 5];
  }
  return sum;
}
function consumeBare(out, count) {
  // just iterating the triples
  let sum = 0;
  for (let k = 0, r = 0; k < count; k++, r += 3) sum += out[r] ^ out[r + 1] ^ out[r + 2];
  return sum;
}

// ---- check, and build the tables (every distinct word learnt, as in steady state).
jsPrep();
const jsOut = new Int32Array(3 * ((n >> 1) + 16));
const count = jsWalk(jsBuf, jsDv, n, jsOut);
const units = wasmPrep();
if (units !== n) throw new Error(`prep: ${units} units, expected ${n}`);
for (let k = 0; k < n + 16; k++) if (mem[VIEW + k] !== jsBuf[k]) throw new Error(`prep differs at ${k}`);
const wc = wasmWalk();
const same = (c) => {
  if (c !== count) throw new Error(`count ${c} vs ${count}`);
  for (let k = 0; k < 3 * count; k++) if (wOut[k] !== jsOut[k]) throw new Error(`triple differs at ${k}`);
};
same(wc);
wasmClassify();
same(wasmWords(0));
const records = new Int32Array(32769 * 8);
const map = new Map();
let learnt = 0,
  unlearnt = 0;
for (let k = 0; k < count; k++) {
  const start = jsOut[3 * k],
    len = jsOut[3 * k + 1],
    key = jsOut[3 * k + 2];
  const w = [0, 4, 8, 12].map((o) => {
    let x = 0;
    for (let j = 3; j >= 0; j--) x = (x << 8) | (o + j < len ? jsBuf[start + o + j] : 0);
    return x | 0;
  });
  const slot = key >>> 17;
  let free = -1,
    known = false;
  for (let g = 0; g < 4; g++) {
    const r = (slot ^ g) * 8;
    if (
      records[r + 4] === len &&
      records[r + 6] === key &&
      records[r] === w[0] &&
      records[r + 1] === w[1] &&
      records[r + 2] === w[2] &&
      records[r + 3] === w[3]
    ) {
      known = true;
      break;
    }
    if (records[r + 4] === 0 && free < 0) free = r;
  }
  if (known) continue;
  if (free < 0) {
    unlearnt++;
    continue;
  }
  records.set([w[0], w[1], w[2], w[3], len, ((len * 7) & 255) | 1, key, 0], free);
  map.set(key, ((len * 7) & 255) | 1);
  learnt++;
}
wTbl.set(records);
const expect = jsWalkProbe(jsBuf, jsDv, n, records);
jsClassify(jsDv, n, jsBm);
for (let k = 0; k < n >> 5; k++)
  if (jsBm[k] !== new Int32Array(K.mem.buffer, BM, (n >> 5) + 4)[k]) throw new Error(`bitmap differs at ${k}`);
const jsOut2 = new Int32Array(jsOut.length);
if (jsWords(jsBuf, jsDv, n, jsBm, jsOut2) !== count) throw new Error('jsWords count');
for (let k = 0; k < 3 * count; k++) if (jsOut2[k] !== jsOut[k]) throw new Error(`jsWords differs at ${k}`);
if (jsWords(jsBuf, jsDv, n, jsBm, undefined, records) !== expect) throw new Error('jsWords probe');
wasmWords(TBL);
const got = consumeSlots(wOut, count, wTbl);
if (got !== expect) throw new Error(`probe sums ${got} vs ${expect}`);
console.log(`units ${n}, words ${count}, learnt ${learnt}, not placed (group full) ${unlearnt}; outputs identical`);

// ---- timing: every variant once per round, in rotating order; medians of ms.
// CPU time (user + system, µs resolution) rather than wall time: on this shared 2-core machine wall times jump by
// whole 4 ms scheduler slices. KT_WALL=1 measures wall time instead.
const ms = process.env.KT_WALL
  ? (f) => {
      const t0 = process.hrtime.bigint();
      f();
      return Number(process.hrtime.bigint() - t0) / 1e6;
    }
  : (f) => {
      const c0 = process.cpuUsage();
      f();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
let sink = 0;
const variants = {
  'A0 js encodeInto only': () => {
    sink += jsEncodeOnly();
  },
  'A1 js prep (encodeInto + close-up)': () => {
    sink += jsPrep();
  },
  'A2 js bare walk -> triples': () => {
    sink += jsWalk(jsBuf, jsDv, n, jsOut);
  },
  'A3 js walk + typed probe inline': () => {
    sink += jsWalkProbe(jsBuf, jsDv, n, records);
  },
  'A4 js classify (SWAR bitmap)': () => {
    jsClassify(jsDv, n, jsBm);
  },
  'A5 js words from bitmap -> triples': () => {
    sink += jsWords(jsBuf, jsDv, n, jsBm, jsOut);
  },
  'A6 js words from bitmap + probe': () => {
    sink += jsWords(jsBuf, jsDv, n, jsBm, undefined, records);
  },
  'B1 wasm copy-in + prep': () => {
    sink += wasmPrep();
  },
  'B2 wasm scalar walk -> triples': () => {
    sink += wasmWalk();
  },
  'B3a wasm classify (bitmap)': () => {
    wasmClassify();
  },
  'B3b wasm words from bitmap -> triples': () => {
    sink += wasmWords(0);
  },
  'B4 wasm words + probe in wasm': () => {
    sink += wasmWords(TBL);
  },
  'C0 js iterate triples': () => {
    sink += consumeBare(wOut, count);
  },
  'C1 js triples + Map.get': () => {
    sink += consumeMap(wOut, count, map);
  },
  'C2 js triples + typed probe (key)': () => {
    sink += consumeTable(wOut, count, records);
  },
  'C3 js slots -> flags': () => {
    sink += consumeSlots(wOut, count, wTbl);
  },
};
// C1/C2 need key triples, C3 slot triples: run B3b before C0-C2 and B4 before C3 in every round.
const names = Object.keys(variants);
// SIZE=1024 REPEAT=2000: small prompts, each sample the mean of REPEAT calls (figures then in ms per call).
const REPEAT = +(process.env.REPEAT ?? 1);
const t = Object.fromEntries(names.map((k) => [k, []]));
for (let r = 0; r < rounds + 15; r++) {
  const order = names.slice(r % names.length).concat(names.slice(0, r % names.length));
  for (const k of order) {
    if (k.startsWith('C')) {
      if (k.startsWith('C3')) wasmWords(TBL);
      else wasmWords(0);
    }
    const f = variants[k];
    const d =
      REPEAT === 1
        ? ms(f)
        : ms(() => {
            for (let j = 0; j < REPEAT; j++) f();
          }) / REPEAT;
    if (r >= 15) t[k].push(d);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const q1 = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 2];
const fmt = (x) => (REPEAT === 1 ? x.toFixed(3) + ' ms' : (x * 1000).toFixed(3) + ' us');
for (const k of names) console.log(k.padEnd(40), fmt(med(t[k])).padStart(10), ' (q1', fmt(q1(t[k])) + ')');
if (process.env.SEQ) for (const k of names) console.log(k.slice(0, 3), t[k].map((x) => x.toFixed(1)).join(' '));
const M = (k) => med(t[k]);
console.log(`--- per text (${REPEAT === 1 ? 'ms' : 'us'}), identification + lookup:`);
const U = REPEAT === 1 ? 1 : 1000;
console.log(
  'JS today  A1+A3             ',
  ((M('A1 js prep (encodeInto + close-up)') + M('A3 js walk + typed probe inline')) * U).toFixed(2),
);
console.log(
  'JS bitmap A1+A4+A6          ',
  (
    (M('A1 js prep (encodeInto + close-up)') +
      M('A4 js classify (SWAR bitmap)') +
      M('A6 js words from bitmap + probe')) *
    U
  ).toFixed(2),
);
console.log(
  'wasm keys B1+B3a+B3b+C2     ',
  (
    (M('B1 wasm copy-in + prep') +
      M('B3a wasm classify (bitmap)') +
      M('B3b wasm words from bitmap -> triples') +
      M('C2 js triples + typed probe (key)')) *
    U
  ).toFixed(2),
);
console.log(
  'wasm slots B1+B3a+B4+C3     ',
  (
    (M('B1 wasm copy-in + prep') +
      M('B3a wasm classify (bitmap)') +
      M('B4 wasm words + probe in wasm') +
      M('C3 js slots -> flags')) *
    U
  ).toFixed(2),
);
console.log(
  'wasm scalar B1+B2+C2        ',
  (
    (M('B1 wasm copy-in + prep') + M('B2 wasm scalar walk -> triples') + M('C2 js triples + typed probe (key)')) *
    U
  ).toFixed(2),
);
if (sink === 0.5) console.log(sink);
