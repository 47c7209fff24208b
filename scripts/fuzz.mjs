// `npm run fuzz [-- rounds]`: runs every property test (the test files that import fast-check) for a
// number of rounds (default 5), each from a fresh random seed, and prints the seed of each round. `npm
// test` always uses one fixed seed (test/fast-check-setup.ts); a failure found here replays with
// `KT_FC_SEED=<seed> npx vitest run <file>` and becomes a regression test.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 5);
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  console.error(`fuzz: rounds must be a positive integer, got ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes("from 'fast-check'") ? [path] : [];
  });
}
const files = testFiles(join(root, 'test')).map((f) => relative(root, f));
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
let failed = 0;
for (let round = 1; round <= rounds; round++) {
  const seed = randomInt(2 ** 31 - 1);
  console.log(`fuzz round ${round}/${rounds}: KT_FC_SEED=${seed} (${files.length} files)`);
  const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=dot', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KT_FC_SEED: String(seed) },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`fuzz round ${round} FAILED: replay with KT_FC_SEED=${seed}`);
  }
}
console.log(`fuzz: ${rounds - failed} of ${rounds} rounds passed`);
process.exitCode = failed === 0 ? 0 : 1;
