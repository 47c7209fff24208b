// `kt config-vars set` against the real gateway in-process: its store keeps the version when the same
// value comes again and says so (`changed: false`), and kt reports `unchanged` rather than `updated`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { Gateway } from '../../../src/runtime/gateway.js';
import { runKt } from '../../helpers/run-kt.js';

const PACK = `
pack: {name: cv, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
policies:
  chain: [pii-detector]
policy:
  pii-detector: {action: redact}
`;
const TOKEN = 'kt_admin_config_vars_test_token_0123456789';
let dir: string;
let gw: Gateway;
const env = () => ({ KEEPTRUSTS_API_URL: gw.url, KEEPTRUSTS_API_TOKEN: TOKEN, XDG_CONFIG_HOME: join(dir, 'config'), KT_STATE_DIR: join(dir, 'kt-state') });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-cv-real-'));
  await writeFile(join(dir, 'pack.yaml'), PACK);
  gw = await Gateway.start({ packFile: join(dir, 'pack.yaml'), host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), adminToken: TOKEN, prepareChain, version: 'test', env: {} });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

describe('config-vars set against the real gateway', () => {
  it('the same value again is unchanged, a new one is version 2', async () => {
    expect((await runKt(['config-vars', 'set', 'X'], { env: env(), stdin: 'value-one' })).stdout).toBe('created X (version 1)\n');
    const again = await runKt(['config-vars', 'set', 'X'], { env: env(), stdin: 'value-one' });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe('unchanged X (version 1): it already has this value\n');
    expect((await runKt(['config-vars', 'set', 'X'], { env: env(), stdin: 'value-two' })).stdout).toBe('updated X (version 2)\n');
    // A new description alone is a change (no new version: the value is the same).
    const described = await runKt(['config-vars', 'set', 'X', '--description', 'prod', '--json'], { env: env(), stdin: 'value-two' });
    expect(JSON.parse(described.stdout)).toMatchObject({ version: 2, description: 'prod', changed: true });
  });
});
