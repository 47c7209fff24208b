// A legacy-list pack without `name:` served by `kt gateway run` (real processes): the gateway, its events,
// a reload of the file and `kt policy lint` of the same file all call it after the file (pack.yaml ->
// `pack`), not `legacy-pack` on one side and the file name on the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { cleanup, postChat, startGateway, type RunningGateway } from './helpers.js';
import { LEGACY_PII_PACK_SERVED } from '../../helpers/legacy-pack.js';

const LEGACY = LEGACY_PII_PACK_SERVED;

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(LEGACY);
});
afterAll(async () => {
  await cleanup(gw);
});

describe('kt gateway run with a legacy pack without name:', () => {
  it('names it after the file at start, in events, on reload and in lint alike', async () => {
    expect(gw.stderr()).toContain('(pack pack 0.0.0,');
    const res = await postChat(gw.url, 'mock-echo', 'req-legacy-name', {
      messages: [{ role: 'user', content: 'mail jane@example.com' }],
    });
    expect(res.status).toBe(200);
    await res.text();
    const events = await runKtProcess(['events', 'list', '--from', '1h', '--json', '--state-dir', gw.stateDir]);
    expect(events.exitCode, events.stderr).toBe(0);
    const list = JSON.parse(events.stdout) as Array<{ pack: { name: string; version: string } }>;
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) expect(e.pack).toEqual({ name: 'pack', version: '0.0.0' });
    const reload = await runKtProcess(['gateway', 'reload', '--state-dir', gw.stateDir]);
    expect(reload.stdout).toMatch(/^reloaded: pack 0\.0\.0 \(sha256:[0-9a-f]+\) -> pack 0\.0\.0 /);
    const lint = await runKtProcess(['policy', 'lint', gw.packFile, '--json']);
    expect(JSON.parse(lint.stdout).files[0].pack).toEqual({ name: 'pack', version: '0.0.0' });
  });
});
