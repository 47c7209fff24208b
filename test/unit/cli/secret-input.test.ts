import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/cli/context.js';
import { readSecret, stripOneNewline } from '../../../src/cli/secret-input.js';

function fakeTty() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(on: boolean) {
      this.rawModes.push(on);
    },
  });
  let err = '';
  const ctx = createContext({
    stdout: { write: () => true },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: stdin as unknown as NodeJS.ReadableStream & { isTTY?: boolean },
    env: {},
    cwd: '/',
    colorFlag: false,
    debug: false,
    quiet: false,
    signal: new AbortController().signal,
  });
  return { ctx, stdin, stderr: () => err };
}

describe('readSecret', () => {
  it('prompts on a terminal with echo off (raw mode), handles backspace, never echoes the value', async () => {
    const { ctx, stdin, stderr } = fakeTty();
    const pending = readSecret(
      ctx,
      {},
      { what: 'the value of K', prompt: 'Value for K (input hidden): ', stdinFlag: '--stdin' },
    );
    stdin.write('s3cr');
    stdin.write('x\u007fet-value\r');
    expect(await pending).toBe('s3cret-value');
    expect(stdin.rawModes).toEqual([true, false]);
    expect(stderr()).toBe('Value for K (input hidden): \n');
  });

  it('Ctrl-C at the prompt is an interruption (exit 130)', async () => {
    const { ctx, stdin } = fakeTty();
    const pending = readSecret(ctx, {}, { what: 'x', prompt: '> ', stdinFlag: '--stdin' });
    stdin.write('abc\u0003');
    await expect(pending).rejects.toMatchObject({ code: 'interrupted' }); // exit 130 (exit-codes.ts)
  });

  it('a paste of several lines is refused (input.multiline_value, exit 3), not cut to its first line', async () => {
    const PEM_LINE = 'MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA';
    const { ctx, stdin, stderr } = fakeTty();
    const pending = readSecret(ctx, {}, { what: 'the value of K', prompt: '> ', stdinFlag: '--stdin' });
    stdin.write(`-----BEGIN PRIVATE KEY-----\r${PEM_LINE}\r-----END PRIVATE KEY-----\r`);
    await expect(pending).rejects.toMatchObject({ code: 'input.multiline_value' });
    expect(stdin.rawModes).toEqual([true, false]);
    expect(stderr()).not.toContain(PEM_LINE);
    // One line ending (what Enter, or a paste of one line, sends) ends the value as before.
    const one = fakeTty();
    const single = readSecret(one.ctx, {}, { what: 'x', prompt: '> ', stdinFlag: '--stdin' });
    one.stdin.write('one-line-value\r\n');
    expect(await single).toBe('one-line-value');
  });

  it('arrow and function keys add nothing to the value; a character split across two reads is kept whole', async () => {
    const { ctx, stdin } = fakeTty();
    const pending = readSecret(ctx, {}, { what: 'x', prompt: '> ', stdinFlag: '--stdin' });
    const euro = Buffer.from('€');
    stdin.write('ab\u001b[D\u001b[C\u001bOAc\u001b[15~');
    stdin.write(euro.subarray(0, 1));
    stdin.write(Buffer.concat([euro.subarray(1), Buffer.from('😀x\u007f\u007f\r')]));
    expect(await pending).toBe('abc€');
  });

  it('--stdin on a terminal reads with echo off too (the terminal would show the value as it is typed)', async () => {
    for (const [options, stdinFlag] of [
      [{ stdin: true }, '--stdin'],
      [{ tokenStdin: true }, '--token-stdin'],
    ] as const) {
      const { ctx, stdin, stderr } = fakeTty();
      const pending = readSecret(ctx, options, {
        what: 'the value of K',
        prompt: 'Value for K (input hidden): ',
        stdinFlag,
      });
      stdin.write('typed-value\r');
      stdin.end();
      expect(await pending).toBe('typed-value');
      expect(stdin.rawModes).toEqual([true, false]);
      expect(stderr()).toBe('Value for K (input hidden): \n');
    }
  });

  it('drops exactly one trailing newline', () => {
    expect(stripOneNewline('a\n\n')).toBe('a\n');
    expect(stripOneNewline('a\r\n')).toBe('a');
    expect(stripOneNewline(' a ')).toBe(' a ');
  });
});
