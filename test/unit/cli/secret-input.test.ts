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
    noColor: true,
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

  it('drops exactly one trailing newline', () => {
    expect(stripOneNewline('a\n\n')).toBe('a\n');
    expect(stripOneNewline('a\r\n')).toBe('a');
    expect(stripOneNewline(' a ')).toBe(' a ');
  });
});
