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
