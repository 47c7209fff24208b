/**
 * End to end: `kt config-vars` against a real `kt gateway run` at the edges of names, values and the
 * encrypted store (`npm run build` first). Values go in through stdin or files, never argv, and no
 * test value may appear in any output, log or plaintext file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKtProcess, type KtRun } from '../../helpers/run-kt.js';
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
});
