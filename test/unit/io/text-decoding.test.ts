import { describe, expect, it } from 'vitest';
import { KtError } from '../../../src/errors.js';
import { DataTextDecoder, decodeDataText, UndecodableText } from '../../../src/io/text-decoding.js';

const utf16le = (text: string, bom = true) =>
  Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Decodes in chunks cut at `cut` (every position is tried by the callers). */
function decodeSplit(input: Buffer, cut: number): string {
  const d = new DataTextDecoder('f.json');
  return d.push(input.subarray(0, cut)) + d.push(input.subarray(cut)) + d.end();
}

function failure(f: () => unknown): KtError {
  try {
    f();
  } catch (e) {
    if (e instanceof KtError) return e;
    throw e;
  }
  throw new Error('expected a KtError');
}

const text = '{"messages": [{"role": "user", "content": "café ✓ 😀"}]}\r\n';

describe('decodeDataText', () => {
  it('reads UTF-8 with and without a byte-order mark, and UTF-16 LE/BE by their mark', () => {
    expect(decodeDataText(Buffer.from(text), 'f.json')).toBe(text);
    expect(decodeDataText(bytes([0xef, 0xbb, 0xbf], text), 'f.json')).toBe(text);
    expect(decodeDataText(utf16le(text), 'f.json')).toBe(text);
    expect(decodeDataText(utf16be(text), 'f.json')).toBe(text);
    expect(decodeDataText(Buffer.alloc(0), 'f.json')).toBe('');
    expect(decodeDataText(Buffer.from('1'), 'f.json')).toBe('1');
  });

  it('gives the same text wherever a chunk ends (inside a character, a surrogate pair, the mark)', () => {
    for (const input of [bytes([0xef, 0xbb, 0xbf], text), utf16le(text), utf16be(text)])
      for (let cut = 0; cut <= input.length; cut++) expect(decodeSplit(input, cut)).toBe(text);
  });

  it('locates invalid UTF-8 (line, column, byte offset) instead of replacing it, however it is chunked', () => {
    const input = bytes('{"a": 1,\n "b": "caf', [0xe9], '"}\n');
    for (let cut = 0; cut <= input.length; cut++) {
      const f = failure(() => decodeSplit(input, cut));
      expect([f.code, f.located]).toEqual(['input.encoding', 'f.json:2:11: invalid UTF-8 at byte offset 19']);
    }
    const bom = failure(() => decodeDataText(bytes([0xef, 0xbb, 0xbf], 'ab', [0xc0, 0xaf]), 'f.json'));
    expect(bom.located).toBe('f.json:1:3: invalid UTF-8 at byte offset 5');
    const cutOff = failure(() => decodeDataText(bytes('{"a": "', [0xe2, 0x9c]), 'f.json'));
    expect(cutOff.located).toBe('f.json:1:8: invalid UTF-8 at byte offset 7');
  });

  it('says what the push decoded before the bad bytes, for a stream reader to hand on those lines first', () => {
    const d = new DataTextDecoder('f.json');
    expect(d.push(Buffer.from('{"a": 1}\n'))).toBe('{"a": 1}\n');
    const f = failure(() => d.push(bytes('{"b": 2}\n{"c": "', [0xff], '"}\n')));
    expect(f).toBeInstanceOf(UndecodableText);
    expect([(f as UndecodableText).before, f.located]).toEqual([
      '{"b": 2}\n{"c": "',
      'f.json:3:8: invalid UTF-8 at byte offset 25',
    ]);
    const lone = failure(() => decodeDataText(utf16le('x\ny\uD800z'), 'f.json'));
    expect((lone as UndecodableText).before).toBe('x\ny');
  });

  it('refuses UTF-16 without a mark, unpaired surrogates and a missing last byte', () => {
    const noMark = failure(() => decodeDataText(utf16le('{"a": 1}', false), 'f.json'));
    expect(noMark.located).toMatch(/^f\.json:1:1: file looks like UTF-16 without a byte-order mark/);
    const lone = failure(() => decodeDataText(utf16le('{\n"a": "x\uD800y"}'), 'f.json'));
    expect(lone.located).toBe('f.json:2:8: invalid UTF-16LE (unpaired surrogate) at byte offset 20');
    const odd = failure(() => decodeDataText(utf16be('{}').subarray(0, 5), 'f.json'));
    expect(odd.located).toMatch(/^f\.json:1:2: odd number of bytes in UTF-16BE text/);
  });
});
