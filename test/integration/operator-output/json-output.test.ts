// The JSON output of every operator command matches schemas/operator-output.schema.json.
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
});
