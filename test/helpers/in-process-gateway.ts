/**
 * A real Gateway in the test process (mock provider, a pii-detector pack, an admin token) and the
 * environment that points `kt` at it, for operator commands tested against the real admin API.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareChain } from '../../src/core/engine.js';
import { Gateway, type RequestLogLine } from '../../src/runtime/gateway.js';

export interface InProcessGateway {
  gw: Gateway;
  dir: string;
  /** KEEPTRUSTS_API_URL/TOKEN for this gateway, and config and state directories of kt's own in `dir`. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * `targets`: the pack's provider target lines (default: one mock target); `pack`: a pack file of its own
 * (its name in `dir` and its text) instead of the pii-detector one; `onWarning` gets the gateway's
 * warnings, `onRequest` its request log lines.
 */
export async function startInProcessGateway(
  name: string,
  options: {
    targets?: string[];
    pack?: { file: string; text: string };
    onWarning?: (message: string) => void;
    onRequest?: (line: RequestLogLine) => void;
  } = {},
): Promise<InProcessGateway> {
  const dir = await mkdtemp(join(tmpdir(), `kt-${name}-`));
  const token = `kt_admin_${name}_test_token_0123456789`;
  const pack = [
    `pack: {name: ${name}, version: 1.0.0, enabled: true}`,
    'providers:',
    '  targets:',
    ...(options.targets ?? ['{id: echo, provider: mock, model: mock-echo}']).map((t) => `    - ${t}`),
    'policies:',
    '  chain: [pii-detector]',
    'policy:',
    '  pii-detector: {action: redact}',
    '',
  ].join('\n');
  const packFile = join(dir, options.pack?.file ?? 'pack.yaml');
  await writeFile(packFile, options.pack?.text ?? pack);
  const gw = await Gateway.start({
    packFile,
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: token,
    prepareChain,
    version: 'test',
    env: {},
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  return {
    gw,
    dir,
    env: () => ({
      KEEPTRUSTS_API_URL: gw.url,
      KEEPTRUSTS_API_TOKEN: token,
      XDG_CONFIG_HOME: join(dir, 'config'),
      KT_STATE_DIR: join(dir, 'kt-state'),
    }),
    close: async () => {
      await gw.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
