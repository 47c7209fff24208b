import { describe, expect, it } from 'vitest';
import { parsePack } from '../../../src/runtime/pack-source.js';

const pack = (name: string) =>
  `pack: {name: ${name}, version: 1.0.0, enabled: true}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {}\n`;

describe('parsePack of a pushed document', () => {
  it('accepts a pack as text', async () => {
    const read = await parsePack({ origin: 'pushed', text: pack('ok') });
    expect(read.ok).toBe(true);
  });

  it('refuses a NUL or a lone surrogate as a pack file is refused, at their line and column', async () => {
    for (const [text, code, line, column] of [
      [pack('a\u0000b'), 'input.binary', 1, 15],
      [pack('a\ud800b'), 'input.encoding', 1, 15],
      [`${pack('ok')}# \udc00`, 'input.encoding', 6, 3],
    ] as const) {
      const read = await parsePack({ origin: 'pushed', text });
      expect(read.ok).toBe(false);
      if (read.ok) continue;
      expect(read.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([[code, line, column]]);
    }
    // A surrogate pair is text.
    expect((await parsePack({ origin: 'pushed', text: pack('"a\ud83d\ude00b"') })).ok).toBe(true);
  });

  it('refuses a pack over 1 MiB with the code lint gives an oversized file', async () => {
    const text = `${pack('big')}# ${'x'.repeat(1024 * 1024)}\n`;
    const read = await parsePack({ origin: 'pushed', text });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['input.too_large', `pack is ${Buffer.byteLength(text)} bytes; packs are limited to 1048576 bytes`],
    ]);
  });
});
