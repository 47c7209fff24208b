// `kt config-vars set` against the real gateway in-process: its store keeps the version when the same
// value comes again and says so (`changed: false`), and kt reports `unchanged` rather than `updated`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway.js';
import { runKt } from '../../helpers/run-kt.js';

let gateway: InProcessGateway;
const env = () => gateway.env();

beforeAll(async () => {
  gateway = await startInProcessGateway('cv_real');
});
afterAll(async () => {
  await gateway.close();
});

describe('config-vars set against the real gateway', () => {
  it('the same value again is unchanged, a new one is version 2', async () => {
    expect((await runKt(['config-vars', 'set', 'X'], { env: env(), stdin: 'value-one' })).stdout).toBe(
      'created X (version 1)\n',
    );
    const again = await runKt(['config-vars', 'set', 'X'], { env: env(), stdin: 'value-one' });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe('unchanged X (version 1): it already has this value\n');
    expect((await runKt(['config-vars', 'set', 'X'], { env: env(), stdin: 'value-two' })).stdout).toBe(
      'updated X (version 2)\n',
    );
    // A new description alone is a change (no new version: the value is the same).
    const described = await runKt(['config-vars', 'set', 'X', '--description', 'prod', '--json'], {
      env: env(),
      stdin: 'value-two',
    });
    expect(JSON.parse(described.stdout)).toMatchObject({ version: 2, description: 'prod', changed: true });
  });
});

describe('a provider: mock target that names a config variable', () => {
  // The mock never uses a key, so it is not a user of the variable (a rotation cannot be confirmed
  // against it); the gateway says at start that the reference is ignored (lint W009).
  it('is not in used_by, rotate says nothing uses the variable, and the gateway warns at start', async () => {
    const warnings: string[] = [];
    const mock = await startInProcessGateway('cv_mock', {
      targets: ['{id: stand-in, provider: mock, model: gpt-x, secret_key_ref: {store: MOCK_KEY}}'],
      onWarning: (m) => warnings.push(m),
    });
    try {
      expect(warnings).toEqual([
        expect.stringMatching(
          /pack\.yaml:4:\d+: W009: Provider target 'stand-in' is provider: mock, which never uses a key: its secret_key_ref \(store MOCK_KEY\) is ignored$/,
        ),
      ]);
      expect((await runKt(['config-vars', 'set', 'MOCK_KEY'], { env: mock.env(), stdin: 'value-one' })).exitCode).toBe(
        0,
      );
      const resolved = await runKt(['config-vars', 'resolve', 'MOCK_KEY', '--json'], { env: mock.env() });
      expect(JSON.parse(resolved.stdout)).toMatchObject({
        name: 'MOCK_KEY',
        resolved: true,
        used_by: [],
        used_by_env: [],
      });
      const rotated = await runKt(['config-vars', 'rotate', 'MOCK_KEY', '--stdin'], {
        env: mock.env(),
        stdin: 'value-two',
      });
      expect(rotated.exitCode).toBe(0);
      expect(rotated.stderr).toContain('no provider target of the served pack uses MOCK_KEY (secret_key_ref.store)');
    } finally {
      await mock.close();
    }
  });
});

describe('a provider the gateway cannot reach', () => {
  // Port 1 on loopback refuses at once. The gateway's error names the target and its status itself, so
  // the rotation's check and `kt health --verbose` show only the cause, in words and with the code.
  it('rotate and health --verbose say why once: connection refused (ECONNREFUSED)', async () => {
    const down = await startInProcessGateway('cv_down', {
      targets: [
        '{id: up, provider: openai, model: gpt-x, base_url: "http://127.0.0.1:1/v1", secret_key_ref: {store: UP_KEY}}',
      ],
      onWarning: () => {},
    });
    try {
      const rotated = await runKt(['config-vars', 'rotate', 'UP_KEY', '--stdin'], {
        env: down.env(),
        stdin: 'value-one',
      });
      expect(rotated.exitCode).toBe(1);
      const check = rotated.stdout.trim().split('\n').at(-1);
      expect(check).toMatch(
        /^\[3\/3\] check\s+FAIL\s+gateway degraded; provider up unreachable: connection refused \(ECONNREFUSED\)$/,
      );
      const health = await runKt(['health', '--verbose'], { env: down.env() });
      expect(health.exitCode).toBe(1);
      expect(health.stdout).toMatch(/\n {4}FAIL up {2}unreachable {2}\(connection refused \(ECONNREFUSED\)\)\n/);
      const raw = JSON.parse((await runKt(['health', '--verbose', '--json'], { env: down.env() })).stdout);
      expect(raw.providers.up.error).toBe('provider up is unreachable: connection refused (ECONNREFUSED)');
    } finally {
      await down.close();
    }
  });
});
