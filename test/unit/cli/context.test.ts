import { describe, expect, it } from 'vitest';
import { colorFlag, createContext, type ContextInput } from '../../../src/cli/context.js';

const tty = { isTTY: true, write: () => true } as unknown as ContextInput['stderr'];
const input = (env: NodeJS.ProcessEnv, noColor = false, color?: boolean): ContextInput => ({
  stdout: tty,
  stderr: tty,
  stdin: process.stdin,
  env,
  cwd: '/',
  colorFlag: noColor ? false : color,
  debug: false,
  quiet: false,
  signal: new AbortController().signal,
});

describe('colour', () => {
  it('is on for a terminal, off with --no-color, TERM=dumb or a non-empty NO_COLOR', () => {
    expect(createContext(input({})).color).toBe(true);
    expect(createContext(input({}, true)).color).toBe(false);
    expect(createContext(input({ TERM: 'dumb' })).color).toBe(false);
    expect(createContext(input({ NO_COLOR: '1' })).color).toBe(false);
  });

  it('ignores an empty NO_COLOR (no-color.org: set and not empty)', () => {
    expect(createContext(input({ NO_COLOR: '' })).color).toBe(true);
  });

  it('--color turns it on into a pipe, over NO_COLOR and TERM=dumb: the flag of this run wins over the environment', () => {
    const pipe = { isTTY: false, write: () => true } as unknown as ContextInput['stderr'];
    const piped = (env: NodeJS.ProcessEnv, color?: boolean) =>
      createContext({ ...input(env, false, color), stderr: pipe, stdout: pipe });
    expect(piped({}).color).toBe(false);
    expect(piped({}, true).color).toBe(true);
    expect(piped({}, true).stdoutColor).toBe(true);
    expect(piped({ NO_COLOR: '1', TERM: 'dumb' }, true).color).toBe(true);
    expect(createContext(input({ FORCE_COLOR: '1' }, true)).color).toBe(false);
  });

  it('reads the last of --color and --no-color, and nothing after --', () => {
    expect(colorFlag(['policy', 'lint'])).toBeUndefined();
    expect(colorFlag(['--color', 'policy', 'lint'])).toBe(true);
    expect(colorFlag(['policy', 'lint', '--no-color'])).toBe(false);
    expect(colorFlag(['--no-color', 'policy', 'lint', '--color'])).toBe(true);
    expect(colorFlag(['--color', 'policy', 'lint', '--no-color'])).toBe(false);
    expect(colorFlag(['policy', 'lint', '--', '--color'])).toBeUndefined();
  });
});
