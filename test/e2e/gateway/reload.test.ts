// Reload under load: a bounded client loop keeps sending while the pack is reloaded from disk, pushed
// through the admin API and re-read on SIGHUP; no request fails, an invalid pack changes nothing, and
// a request in flight finishes on the pack it started with.
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runKtProcess } from '../../helpers/run-kt.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, type Json, startGateway, type RunningGateway, tempDir, waitForInFlight } from './helpers.js';
import { pollUntil } from '../../helpers/wait.js';

const pack = (version: string, chain = '[pii-detector, audit-logger]') => `
pack: {name: e2e-reload, version: ${version}, enabled: true}
providers:
  targets:
    - id: echo
      provider: mock
      model: mock-echo
      mock: {latency_ms: 5}
    - id: slow
      provider: mock
      model: mock-slow
      mock: {latency_ms: 700}
policies:
  chain: ${chain}
policy:
  pii-detector: {action: redact}
  audit-logger: {log_all_access: true}
`;

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(pack('1.0.0'), { args: ['--max-concurrency', '64'] });
});
afterAll(async () => {
  await cleanup(gw);
});

async function healthVersion(): Promise<string> {
  return ((await (await fetch(`${gw.url}/health`)).json()) as Json).pack.version;
}

async function waitForVersion(version: string): Promise<void> {
  for (let i = 0; i < 100 && (await healthVersion()) !== version; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await healthVersion()).toBe(version);
}

// The tests of this suite build on each other's gateway state (traffic, events, versions): keep
// their order even under --sequence.shuffle.
describe('reload', { shuffle: false }, () => {
  it('keeps serving every request while the pack is reloaded three ways', async () => {
    let stop = false;
    const statuses: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 400 && !stop; i++) {
        const res = await fetch(`${gw.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'mock-echo',
            messages: [{ role: 'user', content: `request ${i} from a@b.co` }],
          }),
        }).catch(() => undefined);
        statuses.push(res?.status ?? 0);
        await res?.text();
      }
    };
    const loops = [loop(), loop(), loop(), loop()];
    await new Promise((r) => setTimeout(r, 150));

    await writeFile(
      gw.packFile,
      pack('2.0.0', '[pii-detector, dlp-filter, audit-logger]').replace(
        'audit-logger: {',
        'dlp-filter: {detect_patterns: ["AKIA[A-Z0-9]{16}"]}\n  audit-logger: {',
      ),
    );
    const fromDisk = await gw.admin('/keeptrusts/config/reload', { method: 'POST' });
    expect(fromDisk.status).toBe(200);
    expect(fromDisk.body).toMatchObject({
      reloaded: true,
      previous: { version: '1.0.0' },
      current: { version: '2.0.0' },
      chain_changes: { added: ['dlp-filter'], removed: [] },
    });
    await new Promise((r) => setTimeout(r, 100));

    const invalid = await gw.admin('/keeptrusts/config/reload', {
      method: 'POST',
      body: { document: 'pack: {name: broken, version: 9.9.9\npolicies: [' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toMatchObject({ type: 'validation_error', code: 'invalid_pack' });
    expect(invalid.body.diagnostics[0]).toMatchObject({
      severity: 'error',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(await healthVersion()).toBe('2.0.0');

    const dry = await gw.admin('/keeptrusts/config/reload?dry_run=true', {
      method: 'POST',
      body: { document: pack('3.0.0') },
    });
    expect(dry.body).toMatchObject({ reloaded: false, current: { version: '3.0.0' } });
    expect(await healthVersion()).toBe('2.0.0');

    const pushed = await gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { document: pack('3.0.0') } });
    expect(pushed.body).toMatchObject({ reloaded: true, current: { version: '3.0.0' } });
    expect((await gw.admin('/keeptrusts/config')).body).toMatchObject({ source: 'pushed', pack: { version: '3.0.0' } });
    await new Promise((r) => setTimeout(r, 100));

    await writeFile(gw.packFile, pack('4.0.0'));
    gw.proc.kill('SIGHUP');
    await waitForVersion('4.0.0');
    await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(loops);

    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(gw.stderr()).toMatch(/reloaded: pack e2e-reload 4\.0\.0/);
  });

  it('a request in flight during a reload finishes on the pack it started with', async () => {
    const before = await healthVersion();
    const slow = fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_inflight_test' },
      body: JSON.stringify({ model: 'mock-slow', messages: [{ role: 'user', content: 'slow one' }] }),
    });
    expect(await waitForInFlight(gw.url)).toBe(true);
    const pushed = await gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { document: pack('5.0.0') } });
    expect(pushed.status).toBe(200);
    const res = await slow;
    expect(res.status).toBe(200);
    const events: Json[] = await pollUntil(
      async () =>
        (await gw.admin('/v1/events?limit=1000')).body.events.filter((e: Json) => e.request_id === 'req_inflight_test'),
      (e) => e.length > 0,
    );
    expect(events[0].pack.version).toBe(before);
    expect(await healthVersion()).toBe('5.0.0');
  });

  it('an invalid pack on disk is rejected on SIGHUP and the old one keeps serving', async () => {
    await writeFile(gw.packFile, 'pack:\n  name: x\n  name: duplicate\n');
    gw.proc.kill('SIGHUP');
    for (let i = 0; i < 40 && !/reload rejected/.test(gw.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    // The log line names the file the positions are in.
    expect(gw.stderr()).toContain(`reload rejected, still serving the previous pack: ${gw.packFile}:3:3 `);
    expect(gw.stderr()).toMatch(/duplicate_key/);
    expect(await healthVersion()).toBe('5.0.0');
    // So does `kt gateway reload` without --file (the gateway re-reads the same file).
    const cli = await runKtProcess(['gateway', 'reload', '--state-dir', gw.stateDir]);
    expect(cli.exitCode).toBe(3);
    expect(cli.stderr).toContain(`${gw.packFile} (on the gateway):3:3: error[`);
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'still here' }] }),
    });
    expect(res.status).toBe(200);
    // A pack that loads with warnings: they point into the gateway's file too, not at a file named "pack".
    await writeFile(gw.packFile, pack('6.0.0').replace('version: 6.0.0', 'version: "6.0"'));
    const warned = await runKtProcess(['gateway', 'reload', '--state-dir', gw.stateDir]);
    expect(warned.exitCode, warned.stderr).toBe(0);
    expect(warned.stderr).toMatch(
      new RegExp(
        `^${gw.packFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(on the gateway\\):\\d+:\\d+: warning\\[W001\\]: `,
        'm',
      ),
    );
  });
});

describe('signals as soon as the gateway says it listens', () => {
  it('a SIGHUP sent the moment the listening line appears reloads the pack instead of killing the gateway', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { ktBin } = await import('../../helpers/run-kt.js');
    const dir = await mkdtemp(join(tmpdir(), 'kt-gw-hup-'));
    await writeFile(join(dir, 'pack.yaml'), pack('1.0.0'));
    const proc = spawn(
      process.execPath,
      [ktBin, 'gateway', 'run', '-c', 'pack.yaml', '--listen', '127.0.0.1:0', '--state-dir', 'state'],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    let sent = false;
    // The signal goes out from the handler of the very chunk that carries the line, before anything
    // else: a supervisor that reloads on readiness does the same. The default action of SIGHUP ends the
    // process, which is what happened while the line was logged before the handlers were in place.
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      if (!sent && err.includes('listening on')) {
        sent = true;
        proc.kill('SIGHUP');
      }
    });
    const exited = new Promise<string>((r) => proc.once('exit', (code, signal) => r(`${code} ${signal}`)));
    try {
      const reloaded = await Promise.race([
        pollUntil(
          async () => err,
          (text) => text.includes('reloaded: pack e2e-reload 1.0.0'),
        ).then((text) => text.includes('reloaded: pack e2e-reload 1.0.0')),
        exited.then((how) => `exited (${how}):\n${err}`),
      ]);
      expect(reloaded).toBe(true);
      proc.kill('SIGTERM');
      expect(await exited).toBe('0 null');
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful stop', () => {
  it('SIGTERM lets a request in flight finish, exits 0 and removes gateway.json', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const stopping = await startGateway(pack('1.0.0'));
    try {
      expect(existsSync(join(stopping.stateDir, 'gateway.json'))).toBe(true);
      const slow = fetch(`${stopping.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock-slow', messages: [{ role: 'user', content: 'finish me' }] }),
      });
      expect(await waitForInFlight(stopping.url)).toBe(true);
      const exited = new Promise<number | null>((r) => stopping.proc.once('exit', (code) => r(code)));
      stopping.proc.kill('SIGTERM');
      const res = await slow;
      expect(res.status).toBe(200);
      expect(((await res.json()) as Json).choices[0].message.content).toBe('finish me');
      expect(await exited).toBe(0);
      expect(existsSync(join(stopping.stateDir, 'gateway.json'))).toBe(false);
      expect(stopping.stderr()).toMatch(/stopping/);
    } finally {
      await cleanup(stopping);
    }
  });

  it('a second signal during the stop cuts the request in flight now, answered and recorded; exit 0, nothing left (the default action killed the gateway)', async () => {
    const { existsSync } = await import('node:fs');
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    // A request that would outlast the 10 s grace period.
    const stopping = await startGateway(pack('1.0.0').replace('latency_ms: 700', 'latency_ms: 30000'));
    try {
      const stuck = fetch(`${stopping.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock-slow', messages: [{ role: 'user', content: 'stuck' }] }),
      });
      expect(await waitForInFlight(stopping.url)).toBe(true);
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) =>
        stopping.proc.once('exit', (code, signal) => r([code, signal])),
      );
      stopping.proc.kill('SIGTERM');
      await pollUntil(
        async () => stopping.stderr(),
        (text) => /stopping: finishing requests in flight/.test(text),
      );
      const second = performance.now();
      stopping.proc.kill('SIGINT');
      const res = await stuck;
      expect(performance.now() - second).toBeLessThan(5_000);
      expect(res.status).toBe(503);
      expect(((await res.json()) as Json).error.code).toBe('gateway_shutdown');
      expect(await exited).toEqual([0, null]);
      expect(stopping.stderr()).toMatch(/stopping now: cutting requests in flight/);
      expect(existsSync(join(stopping.stateDir, 'gateway.json'))).toBe(false);
      expect(existsSync(join(stopping.stateDir, 'gateway.lock'))).toBe(false);
      const events = join(stopping.stateDir, 'events');
      const segments = (await readdir(events)).filter((f) => f.startsWith('segment-'));
      const records = (await Promise.all(segments.map((f) => readFile(join(events, f), 'utf8')))).join('');
      expect(records).toMatch(/"reason_code":"gateway\.shutdown"/);
    } finally {
      await cleanup(stopping);
    }
  });

  it('keeps serving when the reader of its log goes away, and still stops cleanly (it used to exit 0 at once, leaving gateway.json)', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const orphaned = await startGateway(pack('1.0.0'));
    try {
      // The log reader dies (a `| tee` or `| logger` that was killed): the next log line meets a broken pipe.
      orphaned.proc.stderr.destroy();
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${orphaned.url}/v1/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: `still here ${i}` }] }),
        });
        expect(res.status).toBe(200);
        await res.text();
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(orphaned.proc.exitCode).toBe(null);
      const exited = new Promise<number | null>((r) => orphaned.proc.once('exit', (code) => r(code)));
      orphaned.proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(orphaned.stateDir, 'gateway.json'))).toBe(false);
      expect(existsSync(join(orphaned.stateDir, 'gateway.lock'))).toBe(false);
    } finally {
      await cleanup(orphaned);
    }
  });
});

describe('config-vars rotate and the served pack', () => {
  it('re-resolves the secrets of the pack being served (a pushed one too) and never swaps the policy', async () => {
    const onDisk = pack('1.0.0');
    const g = await startGateway(onDisk);
    try {
      // A pack pushed over the admin API (the mock provider takes no key: what matters is which pack serves).
      const pushed = onDisk.replace('name: e2e-reload, version: 1.0.0', 'name: e2e-pushed, version: 2.0.0');
      expect((await g.admin('/keeptrusts/config/reload', { method: 'POST', body: { document: pushed } })).status).toBe(
        200,
      );
      // ECHO_KEY exists (nothing uses it): a rotation that created it would fail its check as a misspelt name.
      const set = await runKtProcess(['config-vars', 'set', 'ECHO_KEY', '--state-dir', g.stateDir], {
        stdin: 'sk-first-value-0123456789',
      });
      expect(set.exitCode).toBe(0);
      const rotate = await runKtProcess(['config-vars', 'rotate', 'ECHO_KEY', '--state-dir', g.stateDir], {
        stdin: 'sk-rotated-value-0123456789',
      });
      expect(rotate.stdout).toMatch(/\[2\/3\] reload ok {4}gateway reloaded: e2e-pushed 2\.0\.0/);
      expect(rotate.exitCode).toBe(0);
      // Still the pushed pack (the old rotate re-read e2e-reload from disk).
      expect((await g.admin('/keeptrusts/config')).body.pack).toMatchObject({ name: 'e2e-pushed', version: '2.0.0' });
      expect(rotate.stdout + rotate.stderr).not.toContain('sk-rotated-value');
    } finally {
      await cleanup(g);
    }
  }, 60_000);

  it('keeps a pack pushed with `kt gateway reload --file` and its provider uses the new key; a variable no target uses is a warning', async () => {
    const OLD_KEY = 'sk-old-value-0123456789abcdef';
    const NEW_KEY = 'sk-new-value-fedcba9876543210';
    // An OpenAI-compatible upstream that accepts only the new key and records the Authorization it got.
    const seen: Array<{ path: string; auth: string | undefined }> = [];
    const upstream = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ path: req.url ?? '', auth: req.headers.authorization });
        if (req.headers.authorization !== `Bearer ${NEW_KEY}`) {
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { message: 'bad key' } }));
          return;
        }
        const body = req.url?.endsWith('/models')
          ? { object: 'list', data: [] }
          : {
              id: 'chatcmpl-up',
              object: 'chat.completion',
              created: 1,
              model: 'up-model',
              choices: [{ index: 0, message: { role: 'assistant', content: 'from upstream' }, finish_reason: 'stop' }],
            };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    // On disk: mock targets only (nothing uses OPENAI_API_KEY). Pushed: a provider keyed by the store.
    const g = await startGateway(pack('1.0.0'));
    try {
      const storePack = `
pack: {name: e2e-store-pack, version: 3.1.0, enabled: true}
providers:
  targets:
    - id: keyed
      provider: openai
      model: up-model
      base_url: ${upstreamUrl}
      secret_key_ref: {store: OPENAI_API_KEY}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;
      const storeFile = join(g.dir, 'storepack.yaml');
      await writeFile(storeFile, storePack);
      const set = await runKtProcess(['config-vars', 'set', 'OPENAI_API_KEY', '--state-dir', g.stateDir], {
        stdin: OLD_KEY,
      });
      expect(set.exitCode, set.stderr).toBe(0);
      const push = await runKtProcess(['gateway', 'reload', '--file', storeFile, '--state-dir', g.stateDir]);
      expect(push.exitCode, push.stderr).toBe(0);
      const pushed = (await g.admin('/keeptrusts/config')).body.pack;
      expect(pushed).toMatchObject({ name: 'e2e-store-pack', version: '3.1.0' });

      const rotate = await runKtProcess(['config-vars', 'rotate', 'OPENAI_API_KEY', '--state-dir', g.stateDir], {
        stdin: NEW_KEY,
      });
      expect(rotate.exitCode, rotate.stdout + rotate.stderr).toBe(0);
      const lines = rotate.stdout.trim().split('\n');
      expect(lines[1]).toMatch(/^\[2\/3\] reload ok {4}gateway reloaded: e2e-store-pack 3\.1\.0/);
      expect(lines[2]).toMatch(/^\[3\/3\] check {2}ok {4}gateway healthy; provider keyed reachable \(\d+ ms\)$/);
      // The policy did not change: same pack, same hash (the old rotate re-read e2e-reload from disk).
      const after = await g.admin('/keeptrusts/config');
      expect(after.body.pack).toMatchObject({ name: 'e2e-store-pack', version: '3.1.0', hash: pushed.hash });
      expect(((await (await fetch(`${g.url}/health`)).json()) as Json).pack.name).toBe('e2e-store-pack');
      // The probe and a real request reach the upstream with the new key.
      expect(seen.filter((r) => r.path.endsWith('/models')).at(-1)?.auth).toBe(`Bearer ${NEW_KEY}`);
      const chat = await fetch(`${g.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'up-model', messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(chat.status).toBe(200);
      expect(seen.at(-1)).toEqual({ path: '/v1/chat/completions', auth: `Bearer ${NEW_KEY}` });
      expect(rotate.stdout + rotate.stderr).not.toContain(NEW_KEY);

      // A key the upstream rejects: the check cannot confirm the rotation, exit 1 with one FAIL line.
      const bad = await runKtProcess(['config-vars', 'rotate', 'OPENAI_API_KEY', '--state-dir', g.stateDir], {
        stdin: OLD_KEY,
      });
      expect(bad.exitCode).toBe(1);
      expect(bad.stdout.trim().split('\n')[2]).toMatch(
        /^\[3\/3\] check {2}FAIL {2}gateway .*provider keyed reachable \(\d+ ms\): key rejected \(HTTP 401\)$/,
      );

      // A variable that did not exist, which no target uses: a misspelt name most likely (the variable meant
      // keeps the value being rotated out), so the check fails (exit 1) rather than "nothing to check".
      const misspelt = await runKtProcess(['config-vars', 'rotate', 'UNUSED_KEY', '--state-dir', g.stateDir], {
        stdin: 'sk-unused-0123456789abcdef',
      });
      expect(misspelt.exitCode).toBe(1);
      expect(misspelt.stdout.trim().split('\n')[2]).toMatch(
        /^\[3\/3\] check {2}FAIL {2}gateway \w+; UNUSED_KEY did not exist and no provider target of pack e2e-store-pack 3\.1\.0 uses it \(secret_key_ref\.store\): the new value is stored under a name nothing reads$/,
      );
      expect(misspelt.stderr).toMatch(
        /^warning: if UNUSED_KEY is misspelt, the variable you meant still has its old value; /m,
      );
      expect(misspelt.stdout + misspelt.stderr).not.toContain('sk-unused');
      // A variable that exists, which no target of the served pack uses: nothing to confirm, a warning (not
      // "ok"), exit 0.
      const unused = await runKtProcess(['config-vars', 'rotate', 'UNUSED_KEY', '--state-dir', g.stateDir], {
        stdin: 'sk-unused-2-0123456789abcdef',
      });
      expect(unused.exitCode).toBe(0);
      expect(unused.stdout.trim().split('\n')[2]).toMatch(
        /^\[3\/3\] check {2}warn {2}gateway \w+; no provider target of pack e2e-store-pack 3\.1\.0 uses UNUSED_KEY/,
      );
      expect(unused.stderr).toMatch(/^warning: no provider target of the served pack uses UNUSED_KEY/m);
      expect((await g.admin('/keeptrusts/config')).body.pack.name).toBe('e2e-store-pack');

      // A target keyed by the environment variable of that name keeps the key the gateway started with:
      // the rotation fails (exit 1) and says where the key really comes from; resolve shows it too.
      const envFile = join(g.dir, 'envpack.yaml');
      await writeFile(
        envFile,
        storePack.replace('e2e-store-pack', 'e2e-env-pack').replace('{store: OPENAI_API_KEY}', '{env: OPENAI_API_KEY}'),
      );
      expect((await runKtProcess(['gateway', 'reload', '--file', envFile, '--state-dir', g.stateDir])).exitCode).toBe(
        0,
      );
      const envRotate = await runKtProcess(['config-vars', 'rotate', 'OPENAI_API_KEY', '--state-dir', g.stateDir], {
        stdin: NEW_KEY,
      });
      expect(envRotate.exitCode).toBe(1);
      expect(envRotate.stdout.trim().split('\n')[2]).toMatch(
        /^\[3\/3\] check {2}FAIL {2}gateway \w+; provider keyed reads OPENAI_API_KEY from the gateway's environment \(secret_key_ref\.env\), not the config-variable store: the new value is stored but not used$/,
      );
      expect(envRotate.stderr).toMatch(
        /^warning: provider keyed reads OPENAI_API_KEY .*point the target at secret_key_ref: \{store: OPENAI_API_KEY\} and reload$/m,
      );
      const resolve = await runKtProcess([
        'config-vars',
        'resolve',
        'OPENAI_API_KEY',
        '--json',
        '--state-dir',
        g.stateDir,
      ]);
      expect(JSON.parse(resolve.stdout)).toMatchObject({ used_by: [], used_by_env: ['keyed'] });
      expect(envRotate.stdout + envRotate.stderr + resolve.stdout).not.toContain(NEW_KEY);
    } finally {
      await cleanup(g);
      upstream.closeAllConnections();
      await new Promise((r) => upstream.close(r));
    }
  }, 60_000);
});

describe('reload --dry-run reports what the new pack changes', () => {
  it('names the provider targets it adds or drops, not only the chain', async () => {
    const g = await startGateway(pack('1.0.0'));
    try {
      const next = join(g.dir, 'next.yaml');
      // The same chain; the slow target replaced by another.
      await writeFile(next, pack('1.1.0').replace('id: slow', 'id: backup'));
      const r = await runKtProcess(['gateway', 'reload', '--file', next, '--dry-run', '--state-dir', g.stateDir]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(
        'chain: unchanged (other settings of the pack differ)\nproviders: added backup\nproviders: removed slow\n',
      );
      expect((await g.admin('/keeptrusts/config')).body.pack.version).toBe('1.0.0');
    } finally {
      await cleanup(g);
    }
  }, 60_000);
});

describe('a pack file whose bytes are not UTF-8 text', () => {
  // A lossy decode (U+FFFD for the bad byte) used to start and reload such a file: `kt policy lint` refuses
  // it, and what served was not what was written (a name or a pattern with a replaced byte).
  const badName = (text: string) => {
    const [before, after] = text.split('e2e-reload');
    return Buffer.concat([Buffer.from(`${before}"e2e-re`), Buffer.from([0xff]), Buffer.from(`load"${after}`)]);
  };

  it('is refused at start with its position (exit 3)', async () => {
    const dir = await tempDir();
    try {
      await writeFile(join(dir, 'bad.yaml'), badName(pack('1.0.0')));
      const r = await runKtProcess(
        ['gateway', 'run', '-c', 'bad.yaml', '--listen', '127.0.0.1:0', '--state-dir', 'state'],
        { cwd: dir },
      );
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain('bad.yaml:2:21: error[input.encoding]: invalid UTF-8 at byte offset 21');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is refused on reload with its position, and the old pack keeps serving', async () => {
    const g = await startGateway(pack('1.0.0'));
    try {
      await writeFile(g.packFile, badName(pack('2.0.0')));
      const res = await g.admin('/keeptrusts/config/reload', { method: 'POST' });
      expect(res.status).toBe(422);
      expect(res.body.file).toBe(g.packFile);
      expect(res.body.diagnostics).toEqual([
        expect.objectContaining({ code: 'input.encoding', severity: 'error', line: 2, column: 21 }),
      ]);
      const config = await g.admin('/keeptrusts/config');
      expect(config.body.pack).toMatchObject({ name: 'e2e-reload', version: '1.0.0' });
    } finally {
      await cleanup(g);
    }
  }, 60_000);
});

describe('a dry run asked for in a way the gateway does not understand', () => {
  it('is refused (422) and swaps nothing, where it used to be a real reload', async () => {
    const g = await startGateway(pack('1.0.0'));
    try {
      const next = pack('2.0.0', '[audit-logger]');
      const served = async () => (await g.admin('/keeptrusts/config')).body.pack.version as string;
      for (const query of ['?dry_run=yes', '?dry_run=TRUE', '?dry_run', '?dry_run=true&dry_run=false']) {
        const res = await g.admin(`/keeptrusts/config/reload${query}`, { method: 'POST', body: { document: next } });
        expect(res.status, query).toBe(422);
        expect(res.body.error).toMatchObject({ type: 'validation_error', code: 'validation_error' });
        expect(res.body.error.message).toContain('`dry_run`');
      }
      const inBody = await g.admin('/keeptrusts/config/reload', {
        method: 'POST',
        body: { document: next, dry_run: true },
      });
      expect(inBody.status).toBe(422);
      expect(inBody.body.error.message).toContain('unknown field `dry_run`');
      expect(await served()).toBe('1.0.0');
      // The spellings the contract names still work: 1 is a dry run, false a real reload.
      const dry = await g.admin('/keeptrusts/config/reload?dry_run=1', { method: 'POST', body: { document: next } });
      expect(dry.body).toMatchObject({ reloaded: false, current: { version: '2.0.0' } });
      expect(await served()).toBe('1.0.0');
      const real = await g.admin('/keeptrusts/config/reload?dry_run=false', {
        method: 'POST',
        body: { document: next },
      });
      expect(real.body).toMatchObject({ reloaded: true });
      expect(await served()).toBe('2.0.0');
    } finally {
      await cleanup(g);
    }
  }, 60_000);
});

describe('--max-body-bytes bounds chat requests, not the reload', () => {
  it('a gateway that keeps chat bodies small still takes a pack pushed with kt gateway reload --file', async () => {
    const g = await startGateway(pack('1.0.0'), { args: ['--max-body-bytes', '1000'] });
    try {
      const next = join(g.dir, 'next.yaml');
      // Over 1000 bytes as a pack, more still as the JSON of the request (it used to be a 413, exit 3).
      await writeFile(next, `${pack('2.0.0')}# ${'a comment line "quoted"\n# '.repeat(60)}\n`);
      const r = await runKtProcess(['gateway', 'reload', '--file', next, '--state-dir', g.stateDir]);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      expect((await g.admin('/keeptrusts/config')).body.pack.version).toBe('2.0.0');
      const chat = await fetch(`${g.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(1200) }] }),
      });
      expect(chat.status).toBe(413);
    } finally {
      await cleanup(g);
    }
  }, 60_000);

  it('a limit no body could be read under is a usage error, the largest readable one starts', async () => {
    // A body is decoded as one string: 1e12 let a 540 MB body of valid JSON pass the size check, to be
    // answered 400 "not valid UTF-8" after the gateway held a gigabyte for it.
    const dir = await tempDir('kt-body-limit-');
    try {
      await writeFile(join(dir, 'pack.yaml'), pack('1.0.0'));
      const r = await runKtProcess(
        [
          'gateway',
          'run',
          '-c',
          'pack.yaml',
          '--listen',
          '127.0.0.1:0',
          '--state-dir',
          'state',
          '--max-body-bytes',
          '1e12',
        ],
        { cwd: dir, env: { HOME: dir } },
      );
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([
        2,
        '',
        'kt: error[usage.invalid_number]: --max-body-bytes "1e12" is more than 536870888 (512 MiB): a chat body is decoded as one string, and no string can be longer\n',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const g = await startGateway(pack('1.0.0'), { args: ['--max-body-bytes', '536870888'] });
    try {
      const chat = await fetch(`${g.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(chat.status).toBe(200);
    } finally {
      await cleanup(g);
    }
  }, 60_000);
});

describe('kt_pack_reloads_total', () => {
  it('counts reloads, not dry runs: a rejected dry run leaves the rejected count alone', async () => {
    const g = await startGateway(pack('1.0.0'));
    try {
      const rejected = async () =>
        Number(
          /^kt_pack_reloads_total\{result="rejected"\} (\d+)$/m.exec(
            await (await fetch(`${g.url}/metrics`)).text(),
          )?.[1] ?? 0,
        );
      // Lints, but cannot be served: a target of an unknown provider without a base_url.
      await writeFile(g.packFile, pack('2.0.0').replace('provider: mock\n      model: mock-slow', 'provider: zzz'));
      const dry = await runKtProcess(['gateway', 'reload', '--dry-run', '--state-dir', g.stateDir]);
      expect(dry.exitCode).toBe(3);
      expect(dry.stderr).toContain('error[providers.invalid]');
      expect(await rejected()).toBe(0);
      const real = await runKtProcess(['gateway', 'reload', '--state-dir', g.stateDir]);
      expect(real.exitCode).toBe(3);
      expect(await rejected()).toBe(1);
    } finally {
      await cleanup(g);
    }
  }, 60_000);
});
