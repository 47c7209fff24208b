// Assembles kernel.wat into kernel.wasm with wabt, which is not a project dependency: install it here only
// (npm i --no-save --prefix bench/spikes/wasm-words wabt).
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';
const wabt = await wabtInit();
const mod = wabt.parseWat('kernel.wat', readFileSync(new URL('./kernel.wat', import.meta.url), 'utf8'), { simd: true });
mod.validate();
const { buffer } = mod.toBinary({});
writeFileSync(new URL('./kernel.wasm', import.meta.url), buffer);
console.log('kernel.wasm', buffer.length, 'bytes');
