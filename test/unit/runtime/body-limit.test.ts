// A body over --max-body-bytes: the gateway answers 413 with `Connection: close` and stops reading, so
// a client still sending a huge body cannot make it read (or buffer) the rest; `Expect: 100-continue`
// is answered with the 413 instead of "go ahead". Real gateway in-process, raw sockets on loopback.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { Gateway } from '../../../src/runtime/gateway.js';

const LIMIT = 2048;
let dir: string;
let gw: Gateway;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-gw-body-'));
  await writeFile(
    join(dir, 'pack.yaml'),
    'pack: {name: body, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock, model: mock-echo}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n',
  );
  gw = await Gateway.start({
    packFile: join(dir, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: 'kt_admin_body_test_token_0123456789',
    prepareChain,
    version: 'test',
    env: {},
    maxBodyBytes: LIMIT,
  });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

interface Upload {
  /** What the gateway answered (head and body). */
  answer: string;
  /** Whether the gateway ended the connection while the client still had body to send. */
  closedByGateway: boolean;
}

/**
 * Sends `head`, then body pieces of `piece` bytes (as given by `frame`) until the gateway answers, then
 * keeps the connection open for up to `waitMs` to see whether the gateway closes it.
 */
function upload(
  head: string,
  frame: (piece: string) => string,
  options: { piece?: number; sendBody?: boolean; waitMs?: number } = {},
): Promise<Upload> {
  const url = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    let closedByGateway = false;
    const finish = () => {
      clearInterval(sender);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ answer, closedByGateway });
    };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('end', () => {
      closedByGateway = true;
      finish();
    });
    socket.on('error', () => {
      closedByGateway = true;
      finish();
    });
    socket.write(head);
    const piece = 'x'.repeat(options.piece ?? 1024);
    // The body keeps coming until an answer arrives (a client uploading a file does not look at the socket).
    const sender = setInterval(() => {
      if (options.sendBody !== false && answer === '' && socket.writable) socket.write(frame(piece));
    }, 2);
    const deadline = setTimeout(finish, options.waitMs ?? 3_000);
  });
}

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const header = (answer: string, name: string) => new RegExp(`^${name}: *(.*?)\\r$`, 'im').exec(answer)?.[1];

describe('a body over the limit', () => {
  it('declared too large: 413 with Connection: close, and the connection ends without the body being read', async () => {
    const r = await upload(
      'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\n\r\n',
      (p) => p,
      { piece: 64 * 1024 },
    );
    expect(status(r.answer)).toBe(413);
    expect(header(r.answer, 'connection')).toBe('close');
    expect(r.answer).toContain('"code":"body_too_large"');
    expect(r.closedByGateway).toBe(true);
  });

  it('chunked, no length: 413 once past the limit, Connection: close, and the gateway stops reading and closes', async () => {
    const r = await upload(
      'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
      (p) => `${p.length.toString(16)}\r\n${p}\r\n`,
    );
    expect(status(r.answer)).toBe(413);
    expect(header(r.answer, 'connection')).toBe('close');
    expect(r.closedByGateway).toBe(true);
  });

  it('admin routes too: a config variable PUT over the limit is 413 and closes', async () => {
    const r = await upload(
      'PUT /v1/config-variables/big HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer kt_admin_body_test_token_0123456789\r\ncontent-length: 10000000\r\n\r\n',
      (p) => p,
    );
    expect(status(r.answer)).toBe(413);
    expect(header(r.answer, 'connection')).toBe('close');
    expect(r.closedByGateway).toBe(true);
  });

  it('Expect: 100-continue with a declared length over the limit gets the 413, not 100 Continue', async () => {
    const r = await upload(
      'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\nexpect: 100-continue\r\n\r\n',
      (p) => p,
      { sendBody: false },
    );
    expect(r.answer).not.toContain('100 Continue');
    expect(status(r.answer)).toBe(413);
    expect(r.closedByGateway).toBe(true);
  });

  it('Expect: 100-continue within the limit: 100 Continue, then the answer, and the connection stays usable', async () => {
    const body = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi there' }] });
    const url = new URL(gw.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      let text = '';
      socket.setEncoding('latin1');
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nexpect: 100-continue\r\n\r\n`,
      );
      socket.on('data', (d: string) => {
        text += d;
        if (
          text.startsWith('HTTP/1.1 100') &&
          !text.includes('hi there') &&
          text.endsWith('\r\n\r\n') &&
          !text.includes('200 OK')
        )
          socket.write(body);
        if (text.includes('"finish_reason"')) {
          socket.destroy();
          resolve(text);
        }
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    expect(answer).toContain('hi there');
  });

  it('a real client uploading too much sees the 413 (not a reset), and the next request works', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    const ok = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'after' }] }),
    });
    expect(ok.status).toBe(200);
  });
});
