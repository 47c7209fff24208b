/**
 * `npm run fuzz` (scripts/fuzz.mjs) as a process: one fresh seed per round, printed before the round, and
 * a last line that names the seeds of failed rounds, so `npm run fuzz | tail -1` still says what to
 * replay. File filters narrow the run to some property files.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/fuzz.mjs', import.meta.url));
const fuzz = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('scripts/fuzz.mjs', () => {
  it('runs the property files a filter names, one printed seed per round, and sums up on the last line', () => {
    const r = fuzz(['2', 'test/unit/io/json-error']);
    expect(r.status).toBe(0);
    const rounds = r.stdout.split('\n').filter((l) => l.startsWith('fuzz round '));
    expect(rounds).toEqual([
      expect.stringMatching(/^fuzz round 1\/2: KT_FC_SEED=\d+ \(1 file\)$/),
      expect.stringMatching(/^fuzz round 2\/2: KT_FC_SEED=\d+ \(1 file\)$/),
    ]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('fuzz: 2 of 2 rounds passed');
    // Two vitest runs started from a test, on a machine that runs the rest of the suite beside it.
  }, 60_000);

  it('names each failed round on its own line and again, with its seed, on the last line', () => {
    // Every vitest the script starts exits 7 at once (a round that fails however it fails: a property,
    // a timeout, a crash); the script itself runs as usual.
    const r = fuzz(['2', 'test/unit/io/json-error'], {
      NODE_OPTIONS: '--import=data:text/javascript,if(/vitest.mjs$/.test(process.argv[1]))process.exit(7)',
    });
    expect(r.status).toBe(1);
    const seeds = [...r.stdout.matchAll(/^fuzz round \d\/2: KT_FC_SEED=(\d+)/gm)].map((m) => m[1]);
    expect(seeds).toHaveLength(2);
    expect(r.stdout).toContain(`fuzz round 1 FAILED: replay with KT_FC_SEED=${seeds[0]}\n`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      `fuzz: 0 of 2 rounds passed; failed: KT_FC_SEED=${seeds[0]} KT_FC_SEED=${seeds[1]}`,
    );
  });

  it('refuses a round count that is not a positive integer, and a filter that matches no property file', () => {
    expect(fuzz(['0'])).toMatchObject({ status: 2, stderr: 'fuzz: rounds must be a positive integer, got "0"\n' });
    expect(fuzz(['1', 'no-such-file'])).toMatchObject({
      status: 2,
      stderr: 'fuzz: no property test file matches "no-such-file"\n',
    });
  });
});
