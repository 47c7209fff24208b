// A legacy-list pack without `name:` served by a real Gateway (in-process) is named after its file, as
// `kt policy lint` and `kt policy migrate` name it, in events and reloads; a pushed one has no file and
// keeps the fixed fallback name.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { Gateway } from '../../../src/runtime/gateway.js';
import { LEGACY_PII_PACK_SERVED } from '../../helpers/legacy-pack.js';

const LEGACY = LEGACY_PII_PACK_SERVED;

let dir: string;
let gw: Gateway;
const token = 'kt_admin_legacy_name_test_token_0123456789';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-legacy-name-'));
  await writeFile(join(dir, 'team-legacy.yaml'), LEGACY);
  gw = await Gateway.start({
    packFile: join(dir, 'team-legacy.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: token,
    prepareChain,
    version: 'test',
    env: {},
  });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${gw.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('a legacy pack without name: on the gateway', () => {
  it('is named after its file in events and in a reload of the file', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'mail jane@example.com' }] }),
    });
    expect(res.status).toBe(200);
    await res.text();
    const events = (await admin('/v1/events')).body.events as Array<{ pack: { name: string; version: string } }>;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.pack).toEqual({ name: 'team-legacy', version: '0.0.0' });
    const reload = await admin('/keeptrusts/config/reload', { method: 'POST' });
    expect(reload.body).toMatchObject({
      previous: { name: 'team-legacy', version: '0.0.0' },
      current: { name: 'team-legacy', version: '0.0.0' },
    });
  });

  it('pushed as text (no file to name it after) it is legacy-pack', async () => {
    const pushed = await admin('/keeptrusts/config/reload?dry_run=true', {
      method: 'POST',
      body: JSON.stringify({ document: LEGACY }),
    });
    expect(pushed.body).toMatchObject({ current: { name: 'legacy-pack', version: '0.0.0' } });
  });
});
