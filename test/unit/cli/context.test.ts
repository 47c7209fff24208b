import { describe, expect, it } from 'vitest';
import { createContext, type ContextInput } from '../../../src/cli/context.js';

const tty = { isTTY: true, write: () => true } as unknown as ContextInput['stderr'];
const input = (env: NodeJS.ProcessEnv, noColor = false): ContextInput => ({
  stdout: tty,
  stderr: tty,
  stdin: process.stdin,
  env,
  cwd: '/',
  noColor,
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
});
