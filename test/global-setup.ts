/**
 * Every test file makes its scratch directories with mkdtemp(tmpdir()), and the processes tests start
 * (gateways, kt itself) write under tmpdir() too. One directory per run holds them all: TMPDIR points
 * there for the workers (forked after this runs, so they inherit it) and it is removed when the run ends,
 * so a run leaves nothing behind in the system's temp directory. KT_KEEP_TEST_TMP=1 keeps it, to look at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'kt-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.KT_KEEP_TEST_TMP === '1') process.stderr.write(`test scratch kept in ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  };
}
