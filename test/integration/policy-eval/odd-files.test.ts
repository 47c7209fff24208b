/**
 * `kt policy eval --input` a FIFO no program writes to: one line naming it, exit 3, after a short wait
 * (it hung for ever: open() of a FIFO blocks until a writer comes). A FIFO with a writer, as `<(cmd)`
 * gives, is read as a file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';
import { mkfifo } from '../../helpers/odd-files.js';

const root = join(import.meta.dirname, '..', '..', '..');
const pack = join(root, 'templates', 'pii-redaction', 'policy-config.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kt-eval-odd-'));

describe('kt policy eval --input FIFO', () => {
  it('no program writes to it: input.unreadable, exit 3', async () => {
    mkfifo(join(dir, 'no-writer'));
    const r = await runKt(['policy', 'eval', '--file', pack, '--input', 'no-writer'], { cwd: dir });
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([
      3,
      '',
      'kt: error[input.unreadable]: no-writer: cannot read payloads: it is a named pipe (FIFO) that no program opened for writing within 2 s\n',
    ]);
  }, 20_000);

  it('a program writes to it: the payloads are evaluated', async () => {
    const fifo = mkfifo(join(dir, 'with-writer'));
    const line = JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] });
    const writer = spawn('sh', ['-c', `printf '%s\\n' '${line}' > '${fifo}'`]);
    const exited = new Promise((done) => writer.on('close', done));
    const r = await runKt(['policy', 'eval', '--file', pack, '--input', 'with-writer', '--json'], { cwd: dir });
    await exited;
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'allow' });
  });
});
