/**
 * `kt policy eval` on hostile payload input: an error in the bytes or a line past the cap comes after the
 * decisions of the lines before it and names its line; a first line that cannot start a JSON document, or
 * a document that breaks, is reported as soon as it is read, not after the rest of the input (which may
 * never end).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { runKt } from '../../helpers/run-kt.js';

const root = join(import.meta.dirname, '..', '..', '..');
const pack = join(root, 'templates', 'pii-redaction', 'policy-config.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kt-eval-hostile-'));
const line = (content: string) => JSON.stringify({ messages: [{ role: 'user', content }] });
const verdicts = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l).verdict);

/** Runs eval on a stdin that stays open after `text` (as a producer that never stops would). */
async function evalOpenStdin(text: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  let stdout = '';
  let stderr = '';
  const exitCode = run(['policy', 'eval', '--file', pack, '--format', 'ndjson'], {
    env: { NO_COLOR: '1' },
    cwd: dir,
    streams: {
      stdout: { isTTY: false, write: (c: string) => ((stdout += c), true) },
      stderr: { isTTY: false, write: (c: string) => ((stderr += c), true) },
      stdin,
    },
  });
  stdin.write(text);
  return { exitCode: await exitCode, stdout, stderr };
}

describe('kt policy eval: hostile payload input', () => {
  it('invalid UTF-8 on a line comes after the decisions of every line before it', async () => {
    const good = `${line('hi')}\n${line('mail bob@example.com')}\n${line('hello')}\n`;
    const bad = Buffer.concat([
      Buffer.from(good),
      Buffer.from('{"messages": "caf'),
      Buffer.from([0xe9, 0x22, 0x7d, 0x0a]),
    ]);
    // One chunk on stdin: the decisions of the three lines before were dropped with it.
    const r = await runKt(['policy', 'eval', '--file', pack, '--format', 'ndjson'], { stdin: bad });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      `kt: error[input.encoding]: <stdin>:4:18: invalid UTF-8 at byte offset ${good.length + 17}\n`,
    );
    expect(verdicts(r.stdout)).toEqual(['allow', 'redact', 'allow']);
    // A file read in chunks: the bad byte's chunk holds lines before it too.
    const many = `${line('x'.repeat(1000))}\n`.repeat(200);
    const path = join(dir, 'bad-far.ndjson');
    writeFileSync(path, Buffer.concat([Buffer.from(many), Buffer.from([0xff, 0x0a]), Buffer.from(many)]));
    const far = await runKt(['policy', 'eval', '--file', pack, '--input', path, '--format', 'ndjson']);
    expect([far.exitCode, far.stderr]).toEqual([
      3,
      `kt: error[input.encoding]: ${path}:201:1: invalid UTF-8 at byte offset ${many.length}\n`,
    ]);
    expect(verdicts(far.stdout)).toHaveLength(200);
  });

  it('a line past the cap names its line, after the decisions of the lines before it', async () => {
    const path = join(dir, 'long-line.ndjson');
    const before = `${line('hi')}\n${line('hello')}\n`;
    writeFileSync(path, Buffer.concat([Buffer.from(before), Buffer.alloc(64 * 1024 * 1024 + 1, 0x78)]));
    const r = await runKt(['policy', 'eval', '--file', pack, '--input', path, '--format', 'ndjson']);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      `kt: error[input.too_large]: ${path}:3: line exceeds 67108864 characters\n`,
    ]);
    expect(verdicts(r.stdout)).toEqual(['allow', 'allow']);
  }, 30_000);

  it('a first line that cannot start a JSON document is the error at once, without reading on (`yes | kt policy eval`)', async () => {
    const r = await evalOpenStdin('y\ny\ny\n');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([
      3,
      '',
      'kt: error[input.invalid_json]: <stdin>:1:1: invalid JSON: unexpected token\n',
    ]);
  });

  it('a document that breaks is reported where it breaks without reading on', async () => {
    // `yes '{'`: a start of a document, then what cannot continue it.
    const braces = await evalOpenStdin('{\n'.repeat(50_000));
    expect([braces.exitCode, braces.stderr]).toEqual([
      3,
      "kt: error[input.invalid_json]: <stdin>:2:1: invalid JSON: Expected property name or '}'\n",
    ]);
    // NDJSON whose first line was cut short: the error is on line 2, not "too large" at 64 MiB.
    const cut = await evalOpenStdin(`{"messages": [{"role": "user"\n${`${line('hi')}\n`.repeat(3000)}`);
    expect([cut.exitCode, cut.stderr]).toEqual([
      3,
      "kt: error[input.invalid_json]: <stdin>:2:1: invalid JSON: Expected ',' or '}' after property value\n",
    ]);
  });

  it('a pretty-printed document larger than a read, with a string across reads, is one payload', async () => {
    const path = join(dir, 'pretty.json');
    const doc = JSON.stringify({ messages: [{ role: 'user', content: 'a b '.repeat(60_000) }], n: [1, 2, 3] }, null, 2);
    writeFileSync(path, `${doc}\n\n`);
    const r = await runKt(['policy', 'eval', '--file', pack, '--input', path, '--format', 'ndjson']);
    expect([r.exitCode, r.stderr, verdicts(r.stdout)]).toEqual([0, '', ['allow']]);
  });
});
