/**
 * End to end: `kt config-vars` against a real `kt gateway run` at the edges of names, values and the
 * encrypted store (`npm run build` first). Values go in through stdin or files, never argv, and no
 * test value may appear in any output, log or plaintext file.
 */
import { spawn } from 'node:child_process';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/runtime/config-store.js';
import { ktBin, runKtProcess, type KtRun } from '../../helpers/run-kt.js';
import { waitFor } from '../../helpers/wait.js';
import { allText, cleanup, closedPort, startGateway, type RunningGateway } from '../gateway/helpers.js';

const SECRET = 'sk-edge-Vq4nB7xT2mKp9Lw3';

const PACK = `
pack: {name: config-vars-edges, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;

let gw: RunningGateway | undefined;
afterEach(async () => {
  await cleanup(gw);
  gw = undefined;
});

/** Runs kt against `gateway` with its admin token in the environment (never argv). */
function kt(gateway: RunningGateway, argv: string[], stdin?: string | Buffer): Promise<KtRun> {
  return runKtProcess(argv, {
    cwd: gateway.dir,
    env: {
      HOME: gateway.dir,
      XDG_CONFIG_HOME: join(gateway.dir, 'config'),
      KEEPTRUSTS_API_URL: gateway.url,
      KEEPTRUSTS_API_TOKEN: gateway.adminToken,
    },
    ...(stdin !== undefined ? { stdin } : {}),
    timeoutMs: 30_000,
  });
}

describe('kt config-vars at the edges, against a real gateway', () => {
  it('a value that is not UTF-8 is refused (exit 3), not stored with U+FFFD in place of its bytes; a UTF-8 value is stored as given, NUL included', async () => {
    gw = await startGateway(PACK);
    const notUtf8 = Buffer.concat([Buffer.from(SECRET), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('-tail')]);
    await writeFile(join(gw.dir, 'binary.key'), notUtf8);
    // What PowerShell's `"key" > file` writes: UTF-16LE with a byte-order mark.
    await writeFile(
      join(gw.dir, 'utf16.key'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SECRET, 'utf16le')]),
    );
    for (const [argv, stdin, shown] of [
      [['--from-file', 'binary.key'], undefined, 'binary.key: the VALUE of K'],
      [['--from-file', 'utf16.key'], undefined, 'utf16.key: the VALUE of K'],
      [['--stdin'], notUtf8, 'the VALUE of K on stdin'],
    ] as const) {
      for (const command of ['set', 'rotate']) {
        const r = await kt(gw, ['config-vars', command, 'K', ...argv], stdin);
        expect(r.exitCode).toBe(3);
        expect(r.stderr).toBe(
          `kt: error[input.encoding]: ${shown.replace('VALUE', command === 'rotate' ? 'new value' : 'value')} is not UTF-8 text\n  hint: save it as UTF-8; a binary secret must be encoded as text first (e.g. base64)\n`,
        );
        expect(r.stdout).toBe('');
      }
    }
    const value = `${SECRET}\u0000\té€😀 `;
    const set = await kt(gw, ['config-vars', 'set', 'K', '--stdin'], `${value}\r\n`);
    expect(set.exitCode).toBe(0);
    // A UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") is not part of the value, from a file or stdin.
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await writeFile(join(gw.dir, 'bom.key'), Buffer.concat([bom, Buffer.from(`${SECRET}\r\n`)]));
    // Set twice: the same value again is no new version (with the mark kept, the stored value, decrypted
    // without it, never equalled the one given, and each set made a version).
    for (let k = 0; k < 2; k++)
      expect((await kt(gw, ['config-vars', 'set', 'FROM_FILE', '--from-file', 'bom.key'])).exitCode).toBe(0);
    expect(
      (await kt(gw, ['config-vars', 'set', 'FROM_STDIN', '--stdin'], Buffer.concat([bom, Buffer.from(SECRET)])))
        .exitCode,
    ).toBe(0);
    const list = await kt(gw, ['config-vars', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toMatchObject({
      variables: [{ name: 'FROM_FILE', version: 1 }, { name: 'FROM_STDIN' }, { name: 'K', version: 1 }],
    });
    expect(gw.stderr()).not.toContain(SECRET);
    await gw.stop();
    const store = await ConfigStore.open(join(gw.stateDir, 'config-vars'));
    expect(store.resolveValue('K')).toBe(value);
    expect([store.resolveValue('FROM_FILE'), store.resolveValue('FROM_STDIN')]).toEqual([SECRET, SECRET]);
    expect(await allText(gw.stateDir)).not.toContain(SECRET);
  });

  it('PUT of a value with a lone UTF-16 surrogate (a JSON \\ud800 escape) is refused with 400 lone_surrogate, as any body holding one, not stored as U+FFFD and then "unchanged" for any other half character', async () => {
    gw = await startGateway(PACK);
    const put = (value: string) => gw!.admin('/v1/config-variables/HALF', { method: 'PUT', body: { value } });
    for (const [value, escape] of [
      [`${SECRET}\ud800`, '\\ud800'],
      [`\udc00${SECRET}`, '\\udc00'],
      [`${SECRET}\udbff-tail`, '\\udbff'],
    ] as const) {
      const r = await put(value);
      expect([r.status, r.body]).toEqual([
        400,
        {
          error: expect.objectContaining({
            code: 'lone_surrogate',
            param: 'value',
            message: `'value' holds a lone UTF-16 surrogate (${escape}): half a character, which is no text and cannot be encoded as UTF-8; send whole characters`,
          }),
        },
      ]);
      expect(JSON.stringify(r.body)).not.toContain(SECRET);
    }
    expect((await gw.admin('/v1/config-variables/HALF')).status).toBe(404);
    // A whole character of two surrogates is text like any other.
    expect((await put(`${SECRET}\ud83d\udd11`)).status).toBe(201);
    expect(await allText(gw.dir)).not.toContain(SECRET);
  });

  it('a value of 64 KiB is stored whatever its characters: control characters (six bytes each in JSON) are not a 413, exit 5', async () => {
    gw = await startGateway(PACK);
    // 65,536 bytes, every one a control character other than a newline (JSON writes each as \u00XX).
    const value = Buffer.alloc(64 * 1024, 0x01);
    value.write(SECRET, 100);
    await writeFile(join(gw.dir, 'controls.key'), value);
    const set = await kt(gw, ['config-vars', 'set', 'CONTROLS', '--from-file', 'controls.key']);
    expect(set.stderr).not.toContain(SECRET);
    expect([set.exitCode, set.stdout]).toEqual([0, 'created CONTROLS (version 1)\n']);
    await gw.stop();
    expect((await ConfigStore.open(join(gw.stateDir, 'config-vars'))).resolveValue('CONTROLS')).toBe(
      value.toString('utf8'),
    );
  });

  it('a key file that is not the one that wrote the store stops the gateway at start: exit 3 naming the key file, not exit 70 "a bug in kt"', async () => {
    // A target keyed by the store: the gateway resolves OPENAI_API_KEY as it starts.
    const pack = PACK.replace(
      '    - {id: echo, provider: mock, model: mock-echo}',
      `    - {id: openai, provider: openai, base_url: "http://127.0.0.1:${await closedPort()}/v1", secret_key_ref: {store: OPENAI_API_KEY}}`,
    );
    gw = await startGateway(pack);
    const set = await kt(gw, ['config-vars', 'set', 'OPENAI_API_KEY', '--stdin'], SECRET);
    expect(set.exitCode).toBe(0);
    const dir = gw.dir;
    await gw.stop();
    await writeFile(join(gw.stateDir, 'config-vars', 'key'), `${Buffer.alloc(32, 9).toString('base64')}\n`, {
      mode: 0o600,
    });
    const failed = await startGateway(pack, { dir }).then(
      (started) => {
        gw = started;
        return undefined;
      },
      (e: unknown) => e as { exitCode: number; stderr: string },
    );
    expect(failed?.exitCode).toBe(3);
    expect(failed?.stderr).toContain(
      `kt: error[config.state_file_invalid]: ${join(dir, 'state', 'config-vars', 'key')}: does not decrypt the values in store.json`,
    );
    expect(failed?.stderr).not.toContain('bug in kt');
    expect(failed?.stderr).not.toContain(SECRET);
    expect(await allText(dir)).not.toContain(SECRET);
  });

  it('a lost key file or a damaged entry of store.json stops the gateway at start naming the file (exit 3): no new key replaces the lost one, no crash', async () => {
    gw = await startGateway(PACK);
    expect((await kt(gw, ['config-vars', 'set', 'OPENAI_API_KEY', '--stdin'], SECRET)).exitCode).toBe(0);
    const dir = gw.dir;
    await gw.stop();
    const keyFile = join(gw.stateDir, 'config-vars', 'key');
    const storeFile = join(gw.stateDir, 'config-vars', 'store.json');
    const key = await readFile(keyFile);
    const refusal = (pack: string) =>
      startGateway(pack, { dir }).then(
        (started) => {
          gw = started;
          return undefined;
        },
        (e: unknown) => e as { exitCode: number; stderr: string },
      );

    await rm(keyFile);
    const lost = await refusal(PACK);
    expect([lost?.exitCode, lost?.stderr.split('\n')[0]]).toEqual([
      3,
      `kt: error[config.state_file_invalid]: ${keyFile}: is missing, and store.json holds 1 variable encrypted with the key it held`,
    ]);
    // Nothing written in its place: the operator's backup is still what the store needs.
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });

    await writeFile(keyFile, key, { mode: 0o600 });
    const stored = JSON.parse(await readFile(storeFile, 'utf8'));
    await writeFile(storeFile, JSON.stringify({ ...stored, variables: { OPENAI_API_KEY: null } }), { mode: 0o600 });
    const damaged = await refusal(PACK);
    expect([damaged?.exitCode, damaged?.stderr.split('\n')[0]]).toEqual([
      3,
      `kt: error[config.state_file_invalid]: ${storeFile}: config variable OPENAI_API_KEY is not an object`,
    ]);
    for (const failed of [lost, damaged]) {
      expect(failed?.stderr).not.toContain('bug in kt');
      expect(failed?.stderr).not.toContain(SECRET);
    }

    // The restored file opens the store as it was.
    await writeFile(storeFile, JSON.stringify(stored), { mode: 0o600 });
    gw = await startGateway(PACK, { dir });
    expect((await kt(gw, ['config-vars', 'get', 'OPENAI_API_KEY', '--json'])).stdout).toContain('"version": 1');
    expect(await allText(dir)).not.toContain(SECRET);
  });

  it('a key file other users may read (a backup restored with cp under umask 022) stops the gateway at start naming it (exit 3), not a warning while it serves', async () => {
    gw = await startGateway(PACK);
    expect((await kt(gw, ['config-vars', 'set', 'OPENAI_API_KEY', '--stdin'], SECRET)).exitCode).toBe(0);
    const dir = gw.dir;
    await gw.stop();
    const keyFile = join(gw.stateDir, 'config-vars', 'key');
    const key = await readFile(keyFile);
    await rm(keyFile);
    await writeFile(keyFile, key, { mode: 0o644 });
    await chmod(keyFile, 0o644);
    const refused = await startGateway(PACK, { dir, relativePaths: true }).then(
      (started) => {
        gw = started;
        return undefined;
      },
      (e: unknown) => e as { exitCode: number; stderr: string },
    );
    expect([refused?.exitCode, refused?.stderr]).toEqual([
      3,
      'kt: error[config.state_file_unsafe]: state/config-vars/key: is readable by its group and others (mode 644); with store.json it decrypts every provider secret\n' +
        '  hint: chmod 600 it; anyone who could read it can decrypt store.json: rotate the values it protects if that may have happened (kt config-vars rotate)\n',
    ]);
    await chmod(keyFile, 0o600);
    gw = await startGateway(PACK, { dir });
    expect(gw.stderr()).not.toContain('warning');
    expect(await allText(dir)).not.toContain(SECRET);
  });

  it.each([
    ['SIGINT', 'once'],
    ['SIGTERM', 'once'],
    ['SIGINT', 'again and again'],
    ['SIGTERM', 'again and again'],
  ] as const)(
    '%s (Ctrl-C, or a supervisor), %s, during rotate: exit 130 naming the step it stopped at and what is stored, nothing printed of the value; the same rotation run again finishes it',
    async (signal, times) => {
      gw = await startGateway(PACK);
      const target = gw.url;
      // A pass-through proxy that holds the reload: the signal arrives while step 2 is in flight.
      const held: ServerResponse[] = [];
      const proxy = createServer((req, res) => {
        if (req.url!.startsWith('/keeptrusts/config/reload')) {
          held.push(res);
          return;
        }
        const up = httpRequest(new URL(req.url!, target), { method: req.method, headers: req.headers }, (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        });
        up.on('error', () => res.destroy());
        req.pipe(up);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      try {
        const child = spawn(process.execPath, [ktBin, 'config-vars', 'rotate', 'OPENAI_API_KEY', '--stdin'], {
          cwd: gw.dir,
          env: {
            PATH: process.env.PATH,
            NO_COLOR: '1',
            HOME: gw.dir,
            XDG_CONFIG_HOME: join(gw.dir, 'config'),
            KEEPTRUSTS_API_URL: proxyUrl,
            KEEPTRUSTS_API_TOKEN: gw.adminToken,
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.stdin.end(SECRET);
        await waitFor(() => held.length > 0, { timeoutMs: 20_000 });
        const closed = new Promise<[number | null, NodeJS.Signals | null]>((r) =>
          child.on('close', (c, s) => r([c, s])),
        );
        child.kill(signal);
        // Again every 2 ms until kt has said where it stopped: with process.once the second one met Node's
        // default action and killed kt before it said so.
        const repeat =
          times === 'once'
            ? undefined
            : setInterval(() => {
                if (!stderr.includes('error[interrupted]') && child.exitCode === null && child.signalCode === null)
                  child.kill(signal);
              }, 2);
        const [exitCode, killedBy] = await closed;
        clearInterval(repeat);
        const said =
          'kt: error[interrupted]: rotation interrupted at step 2/3 (reload): OPENAI_API_KEY version 1 is stored, but the gateway may not have reloaded it\n' +
          '  hint: run the same rotation again with the same value to finish it\n';
        expect(stdout).toBe('[1/3] set    ok    created OPENAI_API_KEY, version 1\n');
        if (times === 'once') expect([exitCode, stderr]).toEqual([130, said]);
        else {
          expect(stderr).toMatch(
            /^(interrupted again: kt stops once it has said where the rotation stopped\n)?kt: error/,
          );
          expect(stderr.endsWith(said), stderr).toBe(true);
          // A signal that lands once kt is done, while Node tears the process down, still ends it by that
          // signal: everything was said by then.
          expect(exitCode === 130 || killedBy === signal, `exit ${exitCode}, signal ${killedBy}`).toBe(true);
        }

        const again = await kt(gw, ['config-vars', 'rotate', 'OPENAI_API_KEY', '--stdin'], SECRET);
        expect(again.exitCode, again.stderr).toBe(0);
        const [setLine, reloadLine] = again.stdout.split('\n');
        expect(setLine).toMatch(/^\[1\/3\] set {4}ok {4}unchanged OPENAI_API_KEY, version 1 /);
        expect(reloadLine).toMatch(/^\[2\/3\] reload ok /);
        for (const text of [stdout, stderr, again.stdout, again.stderr]) expect(text).not.toContain(SECRET);
      } finally {
        for (const res of held) res.destroy();
        proxy.close();
      }
    },
  );
});
