/**
 * The common setup of the operator-command integration tests: a fake gateway plus a temporary home
 * (config and state dirs) for each test, or once for the file, torn down afterwards, and the
 * environment that points `runKt` at them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeGateway, type FakeGateway, type FakeGatewayOptions } from './fake-gateway.js';

export interface GatewaySandbox {
  /** The fake gateway of the current test (or file, with `perFile`). */
  readonly gw: FakeGateway;
  /** The temporary directory under which config and state live. */
  readonly home: string;
  /** XDG_CONFIG_HOME and KT_STATE_DIR under `home`: no gateway URL or token (as for `auth login`). */
  homeEnv(): Record<string, string>;
  /** `homeEnv()` plus KEEPTRUSTS_API_URL/KEEPTRUSTS_API_TOKEN of the fake gateway, then `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Closes the current fake gateway (if still open) and starts a new one (e.g. on the same port). */
  restartGateway(options?: FakeGatewayOptions): Promise<FakeGateway>;
}

export interface GatewaySandboxOptions {
  /** mkdtemp prefix of the home directory (names the suite in /tmp when something is left over). */
  prefix: string;
  /** Options of the fake gateway (a function is called anew for every start). */
  gateway?: FakeGatewayOptions | (() => FakeGatewayOptions);
  /** Start once for the whole file (beforeAll) instead of once per test (beforeEach). */
  perFile?: boolean;
}

/** Registers the setup/teardown hooks in the calling file and returns live accessors to the sandbox. */
export function useGatewaySandbox(options: GatewaySandboxOptions): GatewaySandbox {
  let gw: FakeGateway | undefined;
  let home: string | undefined;
  const before = options.perFile ? beforeAll : beforeEach;
  const after = options.perFile ? afterAll : afterEach;
  before(async () => {
    const gatewayOptions = typeof options.gateway === 'function' ? options.gateway() : options.gateway;
    gw = await startFakeGateway(gatewayOptions);
    home = await mkdtemp(join(tmpdir(), options.prefix));
  });
  after(async () => {
    await gw?.close();
    if (home) await rm(home, { recursive: true, force: true });
    gw = undefined;
    home = undefined;
  });
  const sandbox: GatewaySandbox = {
    get gw() {
      if (!gw) throw new Error('the fake gateway is only available inside a test');
      return gw;
    },
    get home() {
      if (!home) throw new Error('the sandbox home is only available inside a test');
      return home;
    },
    homeEnv: () => ({ XDG_CONFIG_HOME: join(sandbox.home, 'config'), KT_STATE_DIR: join(sandbox.home, 'state') }),
    restartGateway: async (next) => {
      await gw?.close();
      gw = await startFakeGateway(next);
      return gw;
    },
    env: (extra = {}) => ({
      ...sandbox.homeEnv(),
      KEEPTRUSTS_API_URL: sandbox.gw.url,
      KEEPTRUSTS_API_TOKEN: sandbox.gw.token,
      ...extra,
    }),
  };
  return sandbox;
}
