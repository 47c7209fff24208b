/**
 * Files of the connection and of secret values that are odd file-system objects: a FIFO no program
 * writes to is one line naming it, exit 3, after a short wait (each of these hung for ever: open() of a
 * FIFO blocks until a writer comes), a link to /dev/zero stops at the cap (the profile file and --ca-cert
 * read 512 MiB and said "Invalid string length"), and the profile file's errors are in words, not Node's
 * `ENOTDIR: not a directory, open '/abs/path'`. `kt events export --output` a FIFO or a link to
 * /dev/null is refused (it renamed a regular file over it: as root, /dev/null was replaced).
 */
import { lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { runKt } from '../../helpers/run-kt.js';
import { linkToDevZero, mkfifo } from '../../helpers/odd-files.js';

const dir = mkdtempSync(join(tmpdir(), 'kt-odd-files-'));
const env = (extra: Record<string, string> = {}) => ({
  HOME: dir,
  XDG_CONFIG_HOME: join(dir, 'config'),
  XDG_STATE_HOME: join(dir, 'state'),
  ...extra,
});
const inDir = (argv: string[], extra: Record<string, string> = {}) => runKt(argv, { cwd: dir, env: env(extra) });
/** Nothing listens there: each refusal below comes before any request. */
const nowhere = ['--api-url', 'http://127.0.0.1:9'];

describe('files read by remote commands', () => {
  it('a FIFO no program writes to: --from-file, --ca-cert, the profile file', async () => {
    mkfifo(join(dir, 'pipe'));
    mkdirSync(join(dir, 'fifo-config', 'kt'), { recursive: true });
    mkfifo(join(dir, 'fifo-config', 'kt', 'config.json'));
    const pipe = 'it is a named pipe (FIFO) that no program opened for writing within 2 s';
    const [value, ca, profile] = await Promise.all([
      inDir(['config-vars', 'set', 'OPENAI_API_KEY', '--from-file', 'pipe', ...nowhere]),
      inDir(['health', '--ca-cert', 'pipe', '--api-url', 'https://127.0.0.1:9']),
      inDir(['auth', 'status'], { XDG_CONFIG_HOME: join(dir, 'fifo-config') }),
    ]);
    expect([value.exitCode, value.stderr]).toEqual([
      3,
      `kt: error[input.unreadable]: pipe: cannot read the value of OPENAI_API_KEY: ${pipe}\n`,
    ]);
    expect([ca.exitCode, ca.stderr]).toEqual([
      3,
      `kt: error[input.unreadable]: pipe: cannot read the CA certificate (--ca-cert): ${pipe}\n`,
    ]);
    expect([profile.exitCode, profile.stderr]).toEqual([
      3,
      `kt: error[config.unreadable]: ${join(dir, 'fifo-config', 'kt', 'config.json')}: cannot read the profile file: ${pipe}\n`,
    ]);
  }, 20_000);

  it('a link to /dev/zero stops at the cap', async () => {
    linkToDevZero(join(dir, 'zero'));
    mkdirSync(join(dir, 'zero-config', 'kt'), { recursive: true });
    linkToDevZero(join(dir, 'zero-config', 'kt', 'config.json'));
    const ca = await inDir(['health', '--ca-cert', 'zero', '--api-url', 'https://127.0.0.1:9']);
    expect([ca.exitCode, ca.stderr]).toEqual([
      3,
      'kt: error[input.unreadable]: zero: cannot read the CA certificate (--ca-cert): it is larger than 16777216 bytes\n',
    ]);
    const profile = await inDir(['auth', 'status'], { XDG_CONFIG_HOME: join(dir, 'zero-config') });
    expect([profile.exitCode, profile.stderr]).toEqual([
      3,
      `kt: error[config.unreadable]: ${join(dir, 'zero-config', 'kt', 'config.json')}: cannot read the profile file: it is larger than 1048576 bytes\n`,
    ]);
  });

  it('XDG_CONFIG_HOME naming a file: the profile file error is in words', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const r = await inDir(['auth', 'status'], { XDG_CONFIG_HOME: join(dir, 'plain') });
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      `kt: error[config.unreadable]: ${join(dir, 'plain', 'kt', 'config.json')}: cannot read the profile file: a part of the path is not a directory (ENOTDIR)\n`,
    ]);
  });

  it('a file that is not the PEM it must be: named, exit 3, before any connection (it was exit 5 from the handshake)', async () => {
    writeFileSync(join(dir, 'notes.pem'), 'not a certificate\n');
    // A real certificate, so that the key is the one file at fault in the last case.
    const keys = forge.pki.rsa.generateKeyPair(1024);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    writeFileSync(join(dir, 'client.crt'), forge.pki.certificateToPem(cert));
    const https = ['--api-url', 'https://127.0.0.1:9'];
    for (const [args, what, holds] of [
      [['--ca-cert', 'notes.pem'], 'the CA certificate (--ca-cert)', 'certificate'],
      [
        ['--client-cert', 'notes.pem', '--client-key', 'notes.pem'],
        'the client certificate (--client-cert)',
        'certificate',
      ],
      [['--client-cert', 'client.crt', '--client-key', 'notes.pem'], 'the client key (--client-key)', 'key'],
    ] as const) {
      const r = await inDir(['health', ...args, ...https]);
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
        3,
        `kt: error[input.invalid_pem]: notes.pem: ${what} is not a PEM ${holds} kt can read`,
      ]);
    }
  });
});

describe('kt events export --output that is not a regular file', () => {
  it('a FIFO or a link to /dev/null is refused before any request and left as it was', async () => {
    mkfifo(join(dir, 'out-pipe'));
    symlinkSync('/dev/null', join(dir, 'out-null'));
    for (const [out, kind] of [
      ['out-pipe', 'a named pipe (FIFO)'],
      ['out-null', 'a character device'],
    ]) {
      const r = await inDir(['events', 'export', '--from', '1h', '--format', 'ndjson', '--output', out!, ...nowhere]);
      expect([r.exitCode, r.stderr]).toEqual([
        3,
        `kt: error[input.cannot_write]: ${out}: is ${kind}, not a regular file; --output is written to a temp file renamed into place, which would replace it\n` +
          '  hint: write to stdout with --output - and redirect it there\n',
      ]);
    }
    expect(lstatSync(join(dir, 'out-pipe')).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, 'out-null')).isSymbolicLink()).toBe(true);
  });
});
