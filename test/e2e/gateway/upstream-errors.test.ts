// Upstream error answers through a real gateway and the real `openai` client: a 4xx refusal of the
// request keeps its status and the upstream's (sanitised) OpenAI error object, so the SDK raises the
// right error class with the upstream's code and param; a refusal of the gateway's own key, a 5xx and a
// body too large to read stay the gateway's 502 envelope. Every answer validates against the contract.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertParsedPage } from '../../../src/api/export-pages.js';
import { csvHeader } from '../../../src/output/csv.js';
import { runKtProcess } from '../../helpers/run-kt.js';
import { pollUntil } from '../../helpers/wait.js';
import {
  allText,
  cleanup,
  closedPort,
  type Json,
  postChat,
  startGateway,
  startUpstream,
  type RunningGateway,
  type Upstream,
} from './helpers.js';

const KEY = 'sk-upstream-key-0123456789abcdefghijklmnopqrstuvwx';

const openapi = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../schemas/openapi.json', import.meta.url)), 'utf8'),
);
const ajv = new Ajv2020.default({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ ...openapi, $id: 'openapi.json' });
const checkError = (value: unknown) => {
  const validate = ajv.getSchema('openapi.json#/components/schemas/Error')!;
  expect(validate(value) ? [] : validate.errors, JSON.stringify(value).slice(0, 300)).toEqual([]);
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  type: 'application/json',
  status,
  headers,
  body: JSON.stringify(body),
});
const MODELS = {
  'up-400': json(400, {
    error: {
      message: "This model's maximum context length is 8192 tokens.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  }),
  'up-404': json(404, {
    error: {
      message: 'The model `up-404` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
  }),
  'up-429': json(
    429,
    {
      error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    },
    { 'retry-after': '7' },
  ),
  // The upstream quotes the key it was sent: a refusal of the gateway's credentials, not of the request.
  'up-401': json(401, {
    error: {
      message: 'Incorrect API key provided: {{key}}.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  }),
  // A 400 whose message quotes the key, a bearer header, an AWS key id and control characters, and is long.
  'up-400-leaky': json(400, {
    error: {
      message: `bad request from {{key}} with Authorization: Bearer abc.def.ghi key AKIAABCDEFGHIJKLMNOP\u001b[31m red ${'x'.repeat(5000)}`,
      type: 'invalid_request_error',
      param: 'x'.repeat(1000),
      code: 'not an identifier!',
    },
  }),
  // Half characters: a lone surrogate escape in the message and the param, and a message the cut at 1,024
  // characters splits in the middle of a pair.
  'up-400-half': json(400, {
    error: {
      message: `bad value jane\ud800 and ${'\u{1f600}'.repeat(600)}`,
      type: 'invalid_request_error',
      param: 'x\udc00',
    },
  }),
  'up-422-vllm': json(422, {
    object: 'error',
    message: 'temperature must be at most 2',
    type: 'BadRequestError',
    param: null,
    code: 422,
  }),
  'up-404-html': {
    type: 'text/html',
    status: 404,
    headers: {},
    body: '<html><body>404 Not Found (nginx)</body></html>',
  },
  'up-400-huge': json(400, { error: { message: 'y'.repeat(200_000), type: 'invalid_request_error', code: 'too_big' } }),
  'up-500': json(500, { error: { message: 'internal failure for {{key}}', type: 'server_error', code: 'boom' } }),
  // Retry-After as upstreams really send it, good and bad.
  'up-429-negative': json(429, { error: { message: 'slow down' } }, { 'retry-after': '-3' }),
  'up-429-fraction': json(429, { error: { message: 'slow down' } }, { 'retry-after': '1.5' }),
  'up-429-hex': json(429, { error: { message: 'slow down' } }, { 'retry-after': '0x10' }),
  'up-429-words': json(429, { error: { message: 'slow down' } }, { 'retry-after': 'in a while' }),
  'up-429-day': json(429, { error: { message: 'quota' } }, { 'retry-after': '86400' }),
  'up-429-date': json(
    429,
    { error: { message: 'slow down' } },
    { 'retry-after': new Date(Date.now() + 200_000).toUTCString() },
  ),
};

let up: Upstream;
let gw: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  up = await startUpstream({ raw: MODELS });
  const targets = Object.keys(MODELS)
    .map(
      (model) =>
        `    - {id: ${model}, provider: openai, model: ${model}, base_url: "${up.url}", secret_key_ref: {env: E2E_UPSTREAM_KEY}}`,
    )
    .join('\n');
  const down = await closedPort();
  const others = [
    `    - {id: up-ok, provider: openai, model: up-ok, base_url: "${up.url}", secret_key_ref: {env: E2E_UPSTREAM_KEY}}`,
    `    - {id: up-down, provider: openai, model: up-down, base_url: "http://127.0.0.1:${down}", secret_key_ref: {env: E2E_UPSTREAM_KEY}}`,
  ].join('\n');
  gw = await startGateway(
    `
pack: {name: e2e-upstream-errors, version: 1.0.0, enabled: true}
providers:
  targets:
${targets}
${others}
policies:
  chain: [pii-detector, audit-logger]
policy:
  pii-detector: {action: redact}
  audit-logger: {log_all_access: true}
`,
    { env: { E2E_UPSTREAM_KEY: KEY } },
  );
  client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await cleanup(gw);
  await up.close();
});

const ask = (model: string, requestId: string, extra: Json = {}) => postChat(gw.url, model, requestId, extra);

const sdkError = async (model: string, stream = false): Promise<InstanceType<typeof OpenAI.APIError>> => {
  const call = stream
    ? client.chat.completions
        .create({ model, stream: true, messages: [{ role: 'user', content: 'hello' }] })
        .then(async (s) => {
          for await (const _ of s);
        })
    : client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenAI.APIError);
  return err as InstanceType<typeof OpenAI.APIError>;
};

const eventFor = (requestId: string) =>
  pollUntil(
    async () =>
      ((await gw.admin('/v1/events?limit=1000')).body.events as Json[]).find((e) => e.request_id === requestId),
    (e) => e !== undefined,
  );

describe('an upstream 4xx refusal of the request is passed on', () => {
  it('400: the SDK raises BadRequestError with the upstream code, param, type and message', async () => {
    for (const stream of [false, true]) {
      const err = await sdkError('up-400', stream);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.status).toBe(400);
      expect({ code: err.code, param: err.param, type: err.type }).toEqual({
        code: 'context_length_exceeded',
        param: 'messages',
        type: 'invalid_request_error',
      });
      expect(err.message).toContain("This model's maximum context length is 8192 tokens.");
    }
  });

  it('404: NotFoundError with model_not_found; the envelope carries request_id and source, and follows the contract', async () => {
    expect(await sdkError('up-404')).toBeInstanceOf(OpenAI.NotFoundError);
    const res = await ask('up-404', 'req_up_404');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req_up_404');
    const body = (await res.json()) as Json;
    expect(body).toEqual({
      error: {
        message: 'The model `up-404` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: null,
        request_id: 'req_up_404',
        source: 'upstream',
      },
    });
    checkError(body);
    expect(await eventFor('req_up_404')).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.rejected',
      provider: 'up-404',
    });
  });

  it('429: RateLimitError with the upstream code and its Retry-After; recorded as upstream.rate_limited', async () => {
    expect(await sdkError('up-429')).toBeInstanceOf(OpenAI.RateLimitError);
    const res = await ask('up-429', 'req_up_429');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const body = (await res.json()) as Json;
    expect(body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests', source: 'upstream' });
    checkError(body);
    expect(await eventFor('req_up_429')).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.rate_limited',
    });
  });

  it('an upstream Retry-After is validated: garbage dropped, a day capped at 300 s, an HTTP-date turned into seconds', async () => {
    const retryAfter = async (model: string) => {
      const res = await ask(model, `req_${model}`);
      expect(res.status).toBe(429);
      await res.body?.cancel();
      return res.headers.get('retry-after');
    };
    for (const garbage of ['up-429-negative', 'up-429-fraction', 'up-429-hex', 'up-429-words'])
      expect({ garbage, header: await retryAfter(garbage) }).toEqual({ garbage, header: null });
    expect(await retryAfter('up-429-day')).toBe('300');
    const fromDate = Number(await retryAfter('up-429-date'));
    expect(fromDate).toBeGreaterThan(100); // 200 s ahead when the upstream started, less the time since
    expect(fromDate).toBeLessThanOrEqual(200);
  });

  it("other servers' shapes: vLLM's top-level error object; a body that is no error object gets the gateway's message", async () => {
    const vllm = await ask('up-422-vllm', 'req_up_422');
    expect(vllm.status).toBe(422);
    const v = (await vllm.json()) as Json;
    expect(v.error).toMatchObject({
      message: 'temperature must be at most 2',
      type: 'BadRequestError',
      code: 'upstream_rejected',
      param: null,
      source: 'upstream',
    });
    checkError(v);
    const html = await ask('up-404-html', 'req_up_html');
    expect(html.status).toBe(404);
    const h = (await html.json()) as Json;
    expect(h.error).toMatchObject({
      type: 'upstream_error',
      code: 'upstream_rejected',
      message: 'provider up-404-html answered HTTP 404',
      source: 'upstream',
    });
    expect(JSON.stringify(h)).not.toContain('nginx');
    checkError(h);
  });

  it('the upstream error object is sanitised: no key, no bearer token, no control characters, bounded', async () => {
    const res = await ask('up-400-leaky', 'req_up_leaky');
    expect(res.status).toBe(400);
    const text = await res.text();
    const body = JSON.parse(text) as Json;
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(text).not.toContain('\\u001b');
    expect(body.error.message).toMatch(
      /^bad request from \[REDACTED\] with Authorization: Bearer \[REDACTED\] key \*+ \[31m red x+…$/,
    );
    expect(body.error.message.length).toBeLessThanOrEqual(1024);
    expect(body.error.param.length).toBeLessThanOrEqual(256);
    expect(body.error.code).toBe('upstream_rejected'); // not an identifier: dropped
    checkError(body);
  });

  it('half a character in the upstream error object (a lone surrogate escape, or a pair the cut splits) is shown as U+FFFD, not passed on', async () => {
    const res = await ask('up-400-half', 'req_up_half');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/\\ud[89a-f]/i);
    const body = JSON.parse(text) as Json;
    expect(body.error.message).toBe(`bad value jane\ufffd and ${'\u{1f600}'.repeat(501)}\ufffd…`);
    expect(body.error.param).toBe('x\ufffd');
    checkError(body);
  });

  it('an error body over 64 KiB is not read on: the status passes, with the gateway message', async () => {
    const res = await ask('up-400-huge', 'req_up_huge');
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.error).toMatchObject({ code: 'upstream_rejected', message: 'provider up-400-huge answered HTTP 400' });
    expect(JSON.stringify(body)).not.toContain('yyyy');
  });
});

describe('failures that are not the client\u2019s stay the gateway\u2019s 502', () => {
  it('401 refuses the gateway key: 502 provider_key_rejected, never the upstream message quoting the key', async () => {
    const res = await ask('up-401', 'req_up_401');
    expect(res.status).toBe(502);
    // The operator has to fix the key: the OpenAI SDKs are told not to retry (they retry every 502).
    expect(res.headers.get('x-should-retry')).toBe('false');
    const text = await res.text();
    expect(text).not.toContain(KEY);
    const body = JSON.parse(text) as Json;
    expect(body.error).toMatchObject({
      type: 'upstream_error',
      code: 'provider_key_rejected',
      request_id: 'req_up_401',
    });
    expect(body.error.source).toBeUndefined();
    checkError(body);
    expect(await eventFor('req_up_401')).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.provider_key_rejected',
    });
  });

  it('500: 502 upstream_status without the upstream body', async () => {
    const res = await ask('up-500', 'req_up_500');
    expect(res.status).toBe(502);
    expect(res.headers.get('x-should-retry')).toBeNull(); // the next call may well succeed
    const text = await res.text();
    expect(text).not.toContain('internal failure');
    expect(JSON.parse(text).error).toMatchObject({ type: 'upstream_error', code: 'upstream_status' });
    expect(await eventFor('req_up_500')).toMatchObject({ reason_code: 'upstream.status' });
  });

  it('the provider key appears nowhere: answers above, events, state files, logs', async () => {
    const events = JSON.stringify((await gw.admin('/v1/events?limit=1000')).body);
    expect(events).not.toContain(KEY);
    expect(await allText(gw.stateDir)).not.toContain(KEY);
    expect(gw.stderr()).not.toContain(KEY);
  });
});

describe('the event records the upstream status', () => {
  const checkEvent = (value: unknown) => {
    const validate = ajv.getSchema('openapi.json#/components/schemas/EventRecord')!;
    expect(validate(value) ? [] : validate.errors, JSON.stringify(value).slice(0, 300)).toEqual([]);
  };

  it('when the outcome was the upstream answer, upstream_status beside the gateway status; absent where there was none', async () => {
    const cases: Array<[model: string, stream: boolean, answered: number, upstream: number | undefined]> = [
      ['up-404', false, 404, 404],
      ['up-404', true, 404, 404],
      ['up-429', false, 429, 429],
      ['up-422-vllm', false, 422, 422],
      ['up-401', false, 502, 401],
      ['up-500', true, 502, 500],
      // No upstream status: a success, and an upstream that cannot be reached.
      ['up-ok', false, 200, undefined],
      ['up-down', false, 502, undefined],
    ];
    for (const [model, stream, answered, upstream] of cases) {
      const id = `req_status_${model}_${stream}`;
      const res = await ask(model, id, { stream });
      expect({ model, status: res.status }).toEqual({ model, status: answered });
      await res.body?.cancel();
      const event = await eventFor(id);
      expect({ model, upstream_status: event.upstream_status }).toEqual({ model, upstream_status: upstream });
      checkEvent(event);
    }
  });

  it('events with and without it chain and verify (`kt events verify`)', async () => {
    const events = (await gw.admin('/v1/events?limit=1000')).body.events as Json[];
    expect(events.some((e) => e.upstream_status !== undefined)).toBe(true);
    expect(events.some((e) => e.upstream_status === undefined)).toBe(true);
    const verify = await runKtProcess(['events', 'verify', '--state-dir', gw.stateDir, '--json']);
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  });

  it('`kt events export --format csv` takes them through its fast route, with the bytes of the JSON.parse route', async () => {
    const exp = await runKtProcess(
      ['events', 'export', '--from', '1h', '--format', 'csv', '--api-url', gw.url, '--debug'],
      { env: { HOME: gw.dir, KEEPTRUSTS_API_TOKEN: gw.adminToken } },
    );
    expect(exp.exitCode, exp.stderr).toBe(0);
    expect(exp.stderr).toMatch(/export: 1 pages, 1 through the fast CSV route, 0 through JSON\.parse/);
    // The same page as the gateway serves it, converted through JSON.parse.
    const raw = await (
      await fetch(`${gw.url}/v1/events?limit=1000`, { headers: { authorization: `Bearer ${gw.adminToken}` } })
    ).text();
    expect(raw).toContain('"upstream_status":');
    expect(exp.stdout).toBe(csvHeader() + convertParsedPage(raw, 'csv', true).text);
  });
});
