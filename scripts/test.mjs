// `npm test`: runs vitest (all projects) and ends with one plain summary line, "Tests: N passed, N failed,
// N skipped", that CI systems can read whatever the reporter prints. Exits with vitest's status.
import { spawn } from 'node:child_process';
import { readFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultFile = join(root, 'reports', 'vitest.json');
await mkdir(join(root, 'reports'), { recursive: true });
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const child = spawn(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
try {
  const r = JSON.parse(await readFile(resultFile, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) {
    console.log('no test ran');
    process.exitCode = 1;
  }
} catch {
  console.log('Tests: no result file (vitest did not finish)');
}
process.exitCode = process.exitCode || code;
