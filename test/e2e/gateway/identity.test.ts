// Identity on the zero-trust seed pack (examples/zero-trust-gateway.yaml, as written plus a mock
// provider): rbac.require_auth + deny_if_missing [role, team] against gateway keys, and identity
// headers counting only when the pack trusts them.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, type Json, startGateway, type RunningGateway } from './helpers.js';
import { runKt } from '../../helpers/run-kt.js';
import { pollUntil } from '../../helpers/wait.js';

const seed = readFileSync(fileURLToPath(new URL('../../../examples/zero-trust-gateway.yaml', import.meta.url)), 'utf8');
const MOCK = '\nproviders:\n  targets:\n    - {id: echo, provider: mock, model: mock-echo}\n';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(seed + MOCK);
});
afterAll(async () => {
  await cleanup(gw);
});

const ask = (key: string, content = 'Summarise our refund policy in two sentences.') =>
  new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 }).chat.completions.create({
    model: 'mock-echo',
    messages: [{ role: 'user', content }],
  });

describe('zero-trust seed: identity from gateway keys', () => {
  it('401 without a key, 403 for a key missing the team, an answer for a full identity', async () => {
    const anon = (await ask('sk-whatever').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ type: 'access_denied' });

    const partial = (
      await gw.admin('/keeptrusts/gateway-keys', { method: 'POST', body: { user: 'dana', role: 'analyst' } })
    ).body.key as string;
    const noTeam = (await ask(partial).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(noTeam.status).toBe(403);
    expect(noTeam.error).toMatchObject({ type: 'access_denied' });
    // A plain `Team:` header is not the key's team: still 403.
    const claimed = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${partial}`,
        'content-type': 'application/json',
        team: 'security',
        role: 'admin',
      },
      body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(claimed.status).toBe(403);

    const full = (
      await gw.admin('/keeptrusts/gateway-keys', {
        method: 'POST',
        body: { user: 'erin', role: 'analyst', team: 'support' },
      })
    ).body.key as string;
    const ok = await ask(full);
    expect(ok.choices[0]!.message.content).toBe('Summarise our refund policy in two sentences.');
  });

  it('kt policy eval predicts these answers: the same status, type and code as the gateway sends', async () => {
    // "gateway would answer ..." is read as the gateway's answer: a dry run of a payload without identity
    // said 401 `unauthenticated` while the gateway answered 401 `unauthorized` to a request without a key.
    const body = { model: 'mock-echo', messages: [{ role: 'user', content: 'hello' }] };
    const dryRun = async (identity?: Record<string, string>) => {
      const r = await runKt(['policy', 'eval', '-f', gw.packFile, '--json'], {
        stdin: JSON.stringify(identity === undefined ? body : { ...body, identity }),
      });
      const http = (JSON.parse(r.stdout) as { http: { status: number; error: { type: string; code: string } } }).http;
      return { status: http.status, type: http.error.type, code: http.error.code };
    };
    const answer = async (key?: string) => {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });
      const error = ((await res.json()) as { error: { type: string; code: string } }).error;
      return { status: res.status, type: error.type, code: error.code };
    };
    expect(await dryRun()).toEqual(await answer());
    const noTeam = (
      await gw.admin('/keeptrusts/gateway-keys', { method: 'POST', body: { user: 'fay', role: 'analyst' } })
    ).body.key as string;
    expect(await dryRun({ user: 'fay', role: 'analyst' })).toEqual(await answer(noTeam));
  });

  it('identity headers do not count unless the pack trusts them', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-user-id': 'mallory', 'x-user-role': 'admin', 'x-team-id': 'security' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.status).toBe(401);
  });
});

/** One request over a raw socket, each header line as given (fetch and node:http join or drop repeats). */
const rawRequest = (base: string, method: string, path: string, headerLines: string[], body = '') =>
  new Promise<{ status: number; error: { type: string; code: string; message: string } | undefined }>(
    (resolve, reject) => {
      const { hostname, port } = new URL(base);
      let text = '';
      const socket = net.connect(Number(port), hostname, () =>
        socket.write(
          [
            `${method} ${path} HTTP/1.1`,
            `host: ${hostname}`,
            'connection: close',
            'content-type: application/json',
            `content-length: ${Buffer.byteLength(body)}`,
            ...headerLines,
            '',
            body,
          ].join('\r\n'),
        ),
      );
      socket.setEncoding('utf8').on('data', (c: string) => (text += c));
      socket.on('error', reject).on('close', () => {
        const at = text.indexOf('\r\n\r\n');
        const payload = text.slice(at + 4);
        resolve({
          status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]),
          // A chunked body is one chunk here (the answers are small): its JSON is between the size lines.
          error: (JSON.parse(payload.slice(payload.indexOf('{'), payload.lastIndexOf('}') + 1)) as Json).error,
        });
      });
    },
  );

describe('two Authorization headers', () => {
  const raw = (method: string, path: string, headerLines: string[], body = '') =>
    rawRequest(gw.url, method, path, headerLines, body);

  it('are refused as ambiguous credentials (400 ambiguous_credentials) on the data plane, the admin and the control endpoints, whichever comes first; the first one won', async () => {
    const key = (
      await gw.admin('/keeptrusts/gateway-keys', {
        method: 'POST',
        body: { user: 'gil', role: 'analyst', team: 'support' },
      })
    ).body.key as string;
    const chat = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hello' }] });
    const cases: Array<[string, string, string[], string?]> = [
      ['POST', '/v1/chat/completions', [`Authorization: Bearer ${key}`, 'Authorization: Bearer sk-other'], chat],
      ['POST', '/v1/chat/completions', ['authorization: Bearer sk-other', `AUTHORIZATION: Bearer ${key}`], chat],
      ['GET', '/v1/models', [`authorization: Bearer ${key}`, `authorization: Bearer ${key}`]],
      ['GET', '/keeptrusts/config', [`Authorization: Bearer ${gw.adminToken}`, `Authorization: Bearer ${key}`]],
      ['GET', '/v1/events?limit=1', [`Authorization: Bearer ${gw.adminToken}`, 'Authorization: Basic Zm9vOmJhcg==']],
      ['GET', '/v1/config-variables', [`authorization: Bearer ${gw.adminToken}`, 'authorization:']],
      ['GET', '/v1/whoami', [`Authorization: Bearer ${key}`, `Authorization: Bearer ${gw.adminToken}`]],
    ];
    for (const [method, path, lines, body] of cases)
      expect(await raw(method, path, lines, body), `${method} ${path}`).toEqual({
        status: 400,
        error: expect.objectContaining({
          type: 'invalid_request_error',
          code: 'ambiguous_credentials',
          message: 'the request has 2 Authorization headers; send one (Authorization: Bearer <token>)',
        }),
      });
    // One is served as before.
    expect((await raw('GET', '/keeptrusts/config', [`Authorization: Bearer ${gw.adminToken}`])).status).toBe(200);
    expect((await raw('POST', '/v1/chat/completions', [`Authorization: Bearer ${key}`], chat)).status).toBe(200);
    // Nothing secret in the answer.
    const refused = await raw('GET', '/v1/whoami', [`Authorization: Bearer ${gw.adminToken}`, 'Authorization: x']);
    expect(JSON.stringify(refused)).not.toContain(gw.adminToken);
  });
});

describe('trusted identity headers', () => {
  let trusted: RunningGateway;
  beforeAll(async () => {
    trusted = await startGateway(`
pack: {name: trusted-headers, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
policies:
  chain: [rbac, audit-logger]
policy:
  rbac:
    trust_identity_headers: true
    deny_if_missing: [role]
  audit-logger: {log_all_access: true}
`);
  });
  afterAll(async () => {
    await cleanup(trusted);
  });

  it('takes identity from x-user-* headers and records it in the event', async () => {
    const send = (headers: Record<string, string>) =>
      fetch(`${trusted.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-request-id': `req_${Object.keys(headers).length}`, ...headers },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await send({ 'x-user-id': 'frank' })).status).toBe(403);
    expect((await send({ 'x-user-id': 'frank', 'x-user-role': 'engineer', 'x-team-id': 'infra' })).status).toBe(200);
    const events = await pollUntil(
      async () => (await trusted.admin('/v1/events?user=frank')).body.events,
      (e) => e.length >= 2,
    );
    expect(events.map((e: { identity: unknown }) => e.identity)).toContainEqual({
      user: 'frank',
      role: 'engineer',
      team: 'infra',
    });
  });
  it("sent more than once (in any case, or a proxy-added line beside the client's) are refused as ambiguous credentials, with a key too; one line with a comma is one literal value", async () => {
    const chat = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
    const key = (
      await trusted.admin('/keeptrusts/gateway-keys', { method: 'POST', body: { user: 'hal', role: 'analyst' } })
    ).body.key as string;
    const refused = (name: string) => ({
      status: 400,
      error: expect.objectContaining({
        type: 'invalid_request_error',
        code: 'ambiguous_credentials',
        message: `the request has 2 ${name} headers, an identity header this gateway trusts (policy.rbac.trust_identity_headers); send one`,
      }),
    });
    const cases: Array<[string, string, string[], string, string?]> = [
      // Read joined, this was the role `viewer, admin`; a check in front may have read either line.
      [
        'POST',
        '/v1/chat/completions',
        ['x-user-id: ivy', 'x-user-role: viewer', 'x-user-role: admin'],
        'x-user-role',
        chat,
      ],
      [
        'POST',
        '/v1/chat/completions',
        ['X-User-Id: ivy', 'x-user-id: mallory', 'x-user-role: viewer'],
        'x-user-id',
        chat,
      ],
      [
        'POST',
        '/v1/chat/completions',
        ['x-user-role: viewer', 'x-team-id: infra', 'X-TEAM-ID: infra'],
        'x-team-id',
        chat,
      ],
      [
        'POST',
        '/v1/chat/completions',
        [`authorization: Bearer ${key}`, 'x-user-role: a', 'x-user-role: b'],
        'x-user-role',
        chat,
      ],
      ['GET', '/v1/models', ['x-user-role: viewer', 'x-user-role: '], 'x-user-role'],
    ];
    for (const [method, path, lines, name, body] of cases)
      expect(await rawRequest(trusted.url, method, path, lines, body), `${lines.join(' | ')}`).toEqual(refused(name));
    // One line each is served, a comma and all: `Doe, Jane` is that user, not two.
    const one = await rawRequest(
      trusted.url,
      'POST',
      '/v1/chat/completions',
      ['x-request-id: req_comma', 'x-user-id: Doe, Jane', 'x-user-role: viewer, admin'],
      chat,
    );
    expect(one.status).toBe(200);
    const events = await pollUntil(
      async () =>
        (await trusted.admin('/v1/events?limit=100')).body.events as Array<{ request_id: string; identity: unknown }>,
      (e) => e.some((x) => x.request_id === 'req_comma'),
    );
    expect(events.find((e) => e.request_id === 'req_comma')!.identity).toEqual({
      user: 'Doe, Jane',
      role: 'viewer, admin',
      team: null,
    });
    // Where the pack does not trust them the headers are dropped, repeated or not: a keyed request is served.
    const full = (
      await gw.admin('/keeptrusts/gateway-keys', {
        method: 'POST',
        body: { user: 'jo', role: 'analyst', team: 'support' },
      })
    ).body.key as string;
    const untrusted = [`authorization: Bearer ${full}`, 'x-user-role: viewer', 'x-user-role: admin'];
    const hello = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hello' }] });
    expect((await rawRequest(gw.url, 'POST', '/v1/chat/completions', untrusted, hello)).status).toBe(200);
  });
});

describe('deny_if_missing: [X-User-ID] with gateway keys', () => {
  let gwKeys: RunningGateway;
  beforeAll(async () => {
    gwKeys = await startGateway(`
pack: {name: user-header, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
policies:
  chain: [rbac]
policy:
  rbac:
    deny_if_missing: [X-User-ID]
`);
  });
  afterAll(async () => {
    await cleanup(gwKeys);
  });

  it("a key's user satisfies X-User-ID (every keyed request was 403: the gateway drops the untrusted header); none still is 403", async () => {
    const key = (await gwKeys.admin('/keeptrusts/gateway-keys', { method: 'POST', body: { user: 'erin' } })).body
      .key as string;
    const send = (headers: Record<string, string>) =>
      fetch(`${gwKeys.url}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await send({ authorization: `Bearer ${key}` })).status).toBe(200);
    const claimed = await send({ 'x-user-id': 'mallory' });
    expect(claimed.status).toBe(403);
    expect(((await claimed.json()) as { error: unknown }).error).toMatchObject({ code: 'forbidden', policy: 'rbac' });
  });
});
