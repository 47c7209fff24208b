/* global structuredClone */
// node same.mjs BEFORE.mjs AFTER.mjs (two core bundles, /tmp/s31/tools/bundle.sh): the chain's decisions on
// the docs megabyte and four slices of it agree (run in this order, so the word table is warm for the slices).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { docsMegabyte, root } from './text.mjs';
const { parse } = await import(pathToFileURL(join(root, 'node_modules/yaml/dist/index.js')).href);
const doc = parse(readFileSync(join(root, 'examples/zero-trust-gateway.yaml'), 'utf8'));
const [A, B] = await Promise.all(process.argv.slice(2, 4).map((f) => import(pathToFileURL(f).href)));
const chains = [A, B].map((core) => core.prepareChain(core.normalizePack(structuredClone(doc))));
const text = docsMegabyte();
const strip = (d) => JSON.stringify(d, (k, v) => (k === 'duration_us' ? undefined : v));
let n = 0;
for (const [from, len] of [
  [0, 1 << 20],
  [12345, 1000],
  [500000, 200000],
  [7, 40],
  [900000, 4096],
]) {
  const p = { model: 'm', messages: [{ role: 'user', content: text.slice(from, from + len) }] };
  const [x, y] = chains.map((c) => strip(c.evaluate(p, { now: 0, mode: 'exhaustive' })));
  if (x !== y) throw new Error(`differs at ${from}+${len}`);
  n++;
}
console.log('same decisions on', n, 'texts');
