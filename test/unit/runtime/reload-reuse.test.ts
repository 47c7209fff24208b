// A reload of the pack being served (the same document: `keep_pack`, as `kt config-vars rotate` sends,
// or the pack file re-read unchanged) takes the prepared chain as it is instead of compiling it again,
// which for a large pack held the event loop for seconds; a changed pack is compiled.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import type { PackModel } from '../../../src/core/types.js';
import { Gateway } from '../../../src/runtime/gateway.js';

const pack = (version: string) => `
pack: {name: reuse, version: ${version}, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
policies:
  chain: [dlp-filter]
policy:
  dlp-filter:
    patterns:
      - {name: zebra, regex: 'zebra-crossing', action: block}
`;

const TOKEN = 'kt_admin_reuse_test_token_0123456789';
let dir: string;
let gw: Gateway;
const compiled: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-reload-reuse-'));
  await writeFile(join(dir, 'pack.yaml'), pack('1.0.0'));
  gw = await Gateway.start({
    packFile: join(dir, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: TOKEN,
    prepareChain: (model: PackModel) => {
      compiled.push(model.pack.version);
      return prepareChain(model);
    },
    version: 'test',
    env: {},
  });
});
afterAll(async () => {
  await gw?.close();
  await rm(dir, { recursive: true, force: true });
});

async function reload(body?: unknown, dryRun = false): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gw.url}/keeptrusts/config/reload${dryRun ? '?dry_run=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const chat = async (content: string): Promise<number> =>
  (
    await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content }] }),
    })
  ).status;

describe('reload of the pack being served', () => {
  it('keep_pack, the file re-read unchanged and a dry run of it compile nothing; a changed pack is compiled once', async () => {
    expect(compiled).toEqual(['1.0.0']);
    expect((await reload({ keep_pack: true })).status).toBe(200);
    expect((await reload()).status).toBe(200);
    expect((await reload(undefined, true)).status).toBe(200);
    expect(compiled).toEqual(['1.0.0']);
    // The chain taken over still decides.
    expect(await chat('the zebra-crossing plan')).toBe(409);
    expect(await chat('hello')).toBe(200);

    await writeFile(join(dir, 'pack.yaml'), pack('1.1.0'));
    const changed = await reload();
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ current: { version: '1.1.0' } });
    expect(compiled).toEqual(['1.0.0', '1.1.0']);
    expect(await chat('the zebra-crossing plan')).toBe(409);
  });
});
