/**
 * `kt gateway run` given a pack or an admin token file that is an odd file-system object fails fast, one
 * line naming it as typed, exit 3: a FIFO no program writes to after a short wait (it hung for ever in
 * open()), a link to /dev/zero at the cap (the pack hung reading; the token file read 512 MiB and said
 * `config.admin_token: Invalid string length`, naming no file). A provider's `tls.ca_file` that is a FIFO
 * is refused (a synchronous read blocked the whole process, Ctrl-C included), one that is missing is
 * said in words (it was Node's `ENOENT: ..., open '/abs/path'`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';
import { linkToDevZero, mkfifo } from '../../helpers/odd-files.js';

const dir = mkdtempSync(join(tmpdir(), 'kt-gateway-odd-'));
writeFileSync(
  join(dir, 'pack.yaml'),
  'pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n',
);
mkfifo(join(dir, 'pipe'));
linkToDevZero(join(dir, 'zero'));

const gatewayRun = (args: string[]) =>
  runKt(['gateway', 'run', '--listen', '127.0.0.1:0', '--state-dir', 'state', ...args], {
    cwd: dir,
    env: { HOME: dir },
  });
const pipe = 'it is a named pipe (FIFO) that no program opened for writing within 2 s';

describe('kt gateway run with odd files', () => {
  it('a pack or a token file that is a FIFO no program writes to', async () => {
    const [pack, token] = await Promise.all([
      gatewayRun(['-c', 'pipe']),
      gatewayRun(['-c', 'pack.yaml', '--admin-token-file', 'pipe']),
    ]);
    expect([pack.exitCode, pack.stderr]).toEqual([
      3,
      `kt: error[input.unreadable]: pipe: cannot read the pack: ${pipe}\n`,
    ]);
    expect([token.exitCode, token.stderr]).toEqual([
      3,
      `kt: error[input.unreadable]: pipe: cannot read the admin token file (--admin-token-file): ${pipe}\n`,
    ]);
  }, 20_000);

  it('a pack or a token file that is a link to /dev/zero', async () => {
    const pack = await gatewayRun(['-c', 'zero']);
    expect([pack.exitCode, pack.stderr]).toEqual([
      3,
      'kt: error[input.unreadable]: zero: cannot read the pack: it is larger than 1048576 bytes\n',
    ]);
    const token = await gatewayRun(['-c', 'pack.yaml', '--admin-token-file', 'zero']);
    expect([token.exitCode, token.stderr]).toEqual([
      3,
      'kt: error[input.unreadable]: zero: cannot read the admin token file (--admin-token-file): it is larger than 4096 bytes\n',
    ]);
  });

  it("a provider's tls.ca_file that is a FIFO or missing", async () => {
    for (const [caFile, why] of [
      ['pipe', 'it is a named pipe (FIFO), not a regular file'],
      ['missing.pem', 'no such file or directory (ENOENT)'],
    ]) {
      writeFileSync(
        join(dir, 'ca-pack.yaml'),
        `pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: o, provider: openai, model: m, base_url: "https://127.0.0.1:9/v1", tls: {ca_file: ${caFile}}}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n`,
      );
      const r = await gatewayRun(['-c', 'ca-pack.yaml']);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain(
        `ca-pack.yaml:4:7: error[providers.invalid]: providers.targets[o].tls.ca_file: cannot read ${caFile}: ${why}\n`,
      );
    }
  });
});
