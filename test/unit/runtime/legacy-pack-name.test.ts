// A legacy-list pack without `name:` served by a real Gateway (in-process) is named after its file, as
// `kt policy lint` and `kt policy migrate` name it, in events and reloads; a pushed one has no file and
// keeps the fixed fallback name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway.js';
import { LEGACY_PII_PACK_SERVED } from '../../helpers/legacy-pack.js';

let started: InProcessGateway;
let gw: InProcessGateway['gw'];
let token: string;

beforeAll(async () => {
  started = await startInProcessGateway('legacy-name', {
    pack: { file: 'team-legacy.yaml', text: LEGACY_PII_PACK_SERVED },
  });
  gw = started.gw;
  token = started.env().KEEPTRUSTS_API_TOKEN!;
});
afterAll(async () => {
  await started.close();
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
      body: JSON.stringify({ document: LEGACY_PII_PACK_SERVED }),
    });
    expect(pushed.body).toMatchObject({ current: { name: 'legacy-pack', version: '0.0.0' } });
  });
});
