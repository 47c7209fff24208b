// `npm run fuzz [-- rounds [file filter...]]`: runs every property test (the test files that import
// fast-check; with filters, those whose path contains one of them) for a number of rounds (default 5),
// each from a fresh random seed, and prints the seed of each round. `npm test` always uses one fixed seed
// (test/fast-check-setup.ts); a failure found here replays with `KT_FC_SEED=<seed> npx vitest run <file>`
// and becomes a regression test. The last line names every failed round's seed: a round can fail with no
// seed in vitest's own output (a test that timed out under load), and a log cut to its tail keeps it.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [roundsArg, ...filters] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 5);
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  console.error(`fuzz: rounds must be a positive integer, got ${JSON.stringify(roundsArg)}`);
  process.exit(2);
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes("from 'fast-check'") ? [path] : [];
  });
}
const files = testFiles(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)));
if (files.length === 0) {
  console.error(`fuzz: no property test file matches ${filters.map((f) => JSON.stringify(f)).join(', ')}`);
  process.exit(2);
}
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const failedSeeds = [];
for (let round = 1; round <= rounds; round++) {
  const seed = randomInt(2 ** 31 - 1);
  console.log(
    `fuzz round ${round}/${rounds}: KT_FC_SEED=${seed} (${files.length} file${files.length === 1 ? '' : 's'})`,
  );
  const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=dot', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KT_FC_SEED: String(seed) },
  });
  if (r.status !== 0) {
    failedSeeds.push(seed);
    console.log(`fuzz round ${round} FAILED: replay with KT_FC_SEED=${seed}`);
  }
}
const failed = failedSeeds.length;
console.log(
  `fuzz: ${rounds - failed} of ${rounds} rounds passed${failed === 0 ? '' : `; failed: ${failedSeeds.map((s) => `KT_FC_SEED=${s}`).join(' ')}`}`,
);
process.exitCode = failed === 0 ? 0 : 1;
