// A client too slow for the gateway's timeouts gets a 408, and the request log says so under the same id.
// The answer (written by the listener, where Node's parser reports the timeout) and the log line (written
// by the route's handler, or for headers that never arrived by nobody) used to disagree: a body too slow
// was answered 408 under a fresh id while the handler logged a 400 (the failed read) under the request's
// own id; headers too slow were answered 408 and not logged at all.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { Gateway, type RequestLogLine } from '../../../src/runtime/gateway.js';
import { pollUntil } from '../../helpers/wait.js';

let dir: string;
let gw: Gateway;
const lines: RequestLogLine[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-gw-slow-'));
  await writeFile(
    join(dir, 'pack.yaml'),
    'pack: {name: slow, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock, model: mock-echo}\npolicies:\n  chain: [audit-logger]\npolicy:\n  audit-logger: {log_all_access: true}\n',
  );
  gw = await Gateway.start({
    packFile: join(dir, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: 'kt_admin_slow_test_token_0123456789',
    prepareChain,
    version: 'test',
    env: {},
    // Short client timeouts, as the tight gateway of gateway.test.ts has them.
    headersTimeoutMs: 300,
    requestTimeoutMs: 800,
    onRequest: (line) => lines.push(line),
  });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends `head` and nothing more; resolves with everything the gateway sent until the connection closed. */
function sendAndWait(head: string): Promise<string> {
  const url = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8').on('data', (c: string) => (text += c));
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
  });
}

/** The status, the `x-request-id` header and the envelope's `request_id` of a raw HTTP/1.1 answer. */
function answerOf(text: string): { status: number; header: string | undefined; body: string | undefined } {
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end);
  const body = JSON.parse(text.slice(end + 4)) as { error: { code: string; request_id: string } };
  expect(body.error.code).toBe('request_timeout');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]),
    header: /^x-request-id: (.*)$/im.exec(head)?.[1],
    body: body.error.request_id,
  };
}

describe('a request too slow for the timeouts', () => {
  it('headers that never finish: answered 408, and logged as 408 under the id of the answer', async () => {
    const answer = answerOf(await sendAndWait('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-slow: 1\r\n'));
    expect(answer.status).toBe(408);
    expect(answer.header).toBe(answer.body);
    const logged = await pollUntil(
      async () => lines.filter((l) => l.request_id === answer.body),
      (found) => found.length > 0,
    );
    expect(logged).toEqual([
      expect.objectContaining({ request_id: answer.body, status: 408, method: '', path: '', remote: '127.0.0.1' }),
    ]);
  });

  it('a body that never finishes: answered 408 under the request id, and logged as 408 under it', async () => {
    const answer = answerOf(
      await sendAndWait(
        'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-request-id: slow-body-1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"messages": [',
      ),
    );
    // The id the client named is the one answered (the 408 carried a fresh one).
    expect(answer).toEqual({ status: 408, header: 'slow-body-1', body: 'slow-body-1' });
    const logged = await pollUntil(
      async () => lines.filter((l) => l.path === '/v1/chat/completions'),
      (found) => found.length > 0,
    );
    expect(logged).toEqual([
      expect.objectContaining({ request_id: 'slow-body-1', status: 408, method: 'POST', path: '/v1/chat/completions' }),
    ]);
  });
});

describe('requests the listener refuses after reading their headers', () => {
  /** Sends `head` and resolves with the answer's status and x-request-id once its head arrived. */
  function answerHead(head: string): Promise<{ status: number; id: string | undefined }> {
    const url = new URL(gw.url);
    return new Promise((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write(head));
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => {
        text += c;
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.destroy();
        resolve({
          status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]),
          id: /^x-request-id: (.*)$/im.exec(text.slice(0, end))?.[1],
        });
      });
      socket.on('error', () => {});
    });
  }

  it('an Expect the gateway does not meet (417) and a CONNECT are logged under the id of their answer', async () => {
    const expectation = await answerHead('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nexpect: teapot\r\n\r\n');
    const connect = await answerHead('CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n');
    expect(expectation.status).toBe(417);
    expect(connect.status).toBe(404);
    const logged = await pollUntil(
      async () => lines.filter((l) => l.request_id === expectation.id || l.request_id === connect.id),
      (found) => found.length === 2,
    );
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 417, method: 'POST', path: '/v1/chat/completions' }),
        expect.objectContaining({ status: 404, method: 'CONNECT', path: 'example.com:443' }),
      ]),
    );
  });
});
