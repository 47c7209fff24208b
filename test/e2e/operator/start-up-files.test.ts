/**
 * The shape of the build (`npm run build` first; scripts/build.mjs says how the code is split): how many
 * files of dist/ a command loads before any of its code runs. Node's ESM loader resolves, reads, compiles
 * and links every one of them, so their number is part of start-up (DESIGN §8); the timings themselves are
 * `npm run bench`'s, the count is checked here. A command's files are followed as Node follows them: the
 * static imports of what bin/kt.js loads (dist/kt.js), then of the command tree (program.js), then of the
 * command's implementation (`*.run.js`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ktBin } from '../../helpers/run-kt.js';

const dist = join(ktBin, '..', '..', 'dist');

/** `import ... from "./x.js"`, `import "./x.js"`, `export ... from "./x.js"`; not `import("./x.js")`. */
const staticImport = /(?:import|export)\s*(?:\{[^}]*\}|\*\s*as\s*[\w$]+|[\w$]+)?\s*(?:from\s*)?"(\.{1,2}\/[^"]+)"/g;

/** The files loaded with `entry` (a path under dist/), itself included. */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [join(dist, entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(staticImport)) stack.push(join(file, '..', m[1]!));
  }
  return seen;
}

function chunk(prefix: string): string {
  const names = readdirSync(join(dist, 'chunks')).filter((f) => f.startsWith(prefix) && f.endsWith('.js'));
  expect(names, `one dist/chunks/${prefix}*.js`).toHaveLength(1);
  return join('chunks', names[0]!);
}

const commandFiles = (implementation: string) =>
  new Set([...loadedWith('kt.js'), ...loadedWith(chunk('program-')), ...loadedWith(chunk(implementation))]);

describe('files a command loads from dist/', () => {
  it('kt --version: the CLI shell only, in at most 3 files (it was 8: one per module the shell shares)', () => {
    expect(loadedWith('kt.js').size).toBeLessThanOrEqual(3);
  });

  it('kt policy lint: at most 12 files (10 now; it was 23, most under 2 KB)', () => {
    expect(commandFiles('lint.run-').size).toBeLessThanOrEqual(12);
  });

  it('kt policy eval: at most 25 files before its detectors load their own (22 now; it was 35)', () => {
    expect(commandFiles('eval.run-').size).toBeLessThanOrEqual(25);
  });

  it('only a file that calls require() imports node:module for it', () => {
    const files = commandFiles('eval.run-');
    const withModule = [...files].filter((f) => readFileSync(f, 'utf8').includes("from 'node:module'"));
    expect(withModule.length).toBeGreaterThan(0);
    for (const file of withModule) {
      const code = readFileSync(file, 'utf8');
      const body = code.slice(code.indexOf('\n'));
      expect(body, file).toMatch(/\brequire\b/);
    }
    expect(withModule.length).toBeLessThanOrEqual(2);
  });
});
