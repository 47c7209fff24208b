// The JSON output of every operator command matches schemas/operator-output.schema.json.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../../schemas/operator-output.schema.json' with { type: 'json' };
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { runKt } from '../../helpers/run-kt.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
ajv.addSchema(schema);
const check = (def: string, data: unknown) => {
  const validate = ajv.getSchema(`${schema.$id}#/$defs/${def}`)!;
  expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
};

const sandbox = useGatewaySandbox({
  prefix: 'kt-json-',
  gateway: () => ({ events: Array.from({ length: 5 }, (_, i) => makeEvent(i)) }),
  perFile: true,
});
const env = () => sandbox.env();
const json = async (argv: string[], stdin?: string) => {
  const r = await runKt(argv, { env: env(), ...(stdin !== undefined ? { stdin } : {}) });
  return JSON.parse(r.stdout) as unknown;
};

describe('operator JSON output matches schemas/operator-output.schema.json', () => {
  it('health, events, config-vars, rotate, reload, auth', async () => {
    check('health', await json(['health', '--verbose', '--json']));
    check('eventList', await json(['events', 'list', '--from', '2025-01-01', '--json']));
    check('configVarSet', await json(['config-vars', 'set', 'K', '--json'], 'value-1'));
    check('configVarList', await json(['config-vars', 'list', '--json']));
    check('configVar', await json(['config-vars', 'get', 'K', '--json']));
    check('configVarResolve', await json(['config-vars', 'resolve', 'K', '--json']));
    check('rotate', await json(['config-vars', 'rotate', 'OPENAI_API_KEY', '--json'], 'value-2'));
    check('reload', await json(['gateway', 'reload', '--dry-run', '--json']));
    check('configVarDelete', await json(['config-vars', 'delete', 'K', '--yes', '--json']));
    check('authStatus', await json(['auth', 'status', '--json']));
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', '--json'], {
      env: sandbox.homeEnv(),
      stdin: sandbox.gw.token,
    });
    check('authLogin', JSON.parse(login.stdout));
    check('authLogout', await json(['auth', 'logout', '--json']));
  });

  it('version, config, init and the help topics', async () => {
    check('version', await json(['version', '--json']));
    check('configShow', await json(['config', 'show', '--json']));
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', '--profile', 'ci'], {
      env: sandbox.homeEnv(),
      stdin: sandbox.gw.token,
    });
    expect(login.exitCode).toBe(0);
    check('configUseProfile', await json(['config', 'use-profile', 'ci', '--json']));
    check('configShow', await json(['config', 'show', '--json', '--timeout', '5s']));
    const init = await runKt(['init', '--template', 'pii-redaction', 'p', '--json'], {
      env: env(),
      cwd: sandbox.home,
    });
    check('init', JSON.parse(init.stdout));
    check('helpExitCodes', await json(['help', 'exit-codes', '--json']));
    check('helpEnvironment', await json(['help', 'environment', '--json']));
  });

  it('errors: one {error} document on stdout, whatever the class', async () => {
    const missing = join(sandbox.home, 'missing.yaml');
    const broken = join(sandbox.home, 'broken.yaml');
    await writeFile(broken, 'pack:\n  name: [\n');
    const cases: [string[], number][] = [
      [['events', 'list', '--bogus', '--json'], 2],
      [['events', 'list', '--format', 'xml', '--json'], 2],
      [['events', 'list', '--filter', 'nope:x', '--json'], 2],
      [['config-vars', 'get', 'NOPE', '--json'], 3],
      [['config', 'use-profile', 'nope', '--json'], 3],
      [['policy', 'eval', '--file', missing, '--json'], 3],
      [['policy', 'eval', '--file', broken, '--json'], 3],
      [['health', '--json', '--api-url', 'http://127.0.0.1:1'], 5],
    ];
    for (const [argv, status] of cases) {
      const r = await runKt(argv, { env: env() });
      expect(r.exitCode, argv.join(' ')).toBe(status);
      check('error', JSON.parse(r.stdout));
    }
  });
});
