// A client refused while it is still sending must get to read its answer: a 413 mid-upload, and the
// refusals of Node's own HTTP parser (431 headers too large, 400 not HTTP, 408 too slow). The gateway used
// to close the socket with the client's unread data still in its receive buffer (or to destroy it when the
// next piece arrived), which makes the kernel answer with a reset: a client that had not read its answer
// yet got ECONNRESET and no answer at all. Now the gateway half-closes and discards what keeps arriving for
// a bounded time (a "lingering close", as nginx does), so the client reads its answer and then the end of
// the connection.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { Gateway } from '../../../src/runtime/gateway.js';

let dir: string;
let gw: Gateway;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-gw-linger-'));
  await writeFile(
    join(dir, 'pack.yaml'),
    'pack: {name: linger, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock, model: mock-echo}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n',
  );
  gw = await Gateway.start({
    packFile: join(dir, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: 'kt_admin_linger_test_token_0123456789',
    prepareChain,
    version: 'test',
    env: {},
    maxBodyBytes: 2048,
    headersTimeoutMs: 500,
  });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

/** Uploads `bodyBytes` at once without reading, and reads the answer only after `readAfterMs`. */
function uploadThenRead(
  head: string,
  bodyBytes: number,
  readAfterMs: number,
): Promise<{ answer: string; error: string | undefined }> {
  const url = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    let error: string | undefined;
    socket.pause();
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => resolve({ answer, error }));
    socket.write(head);
    socket.write(Buffer.alloc(bodyBytes, 0x78));
    setTimeout(() => {
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (answer += d));
      socket.resume();
    }, readAfterMs);
  });
}

it('a client still uploading reads its 413 (no reset), for a declared and a counted oversize', async () => {
  for (const head of [
    'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\n\r\n',
    'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n400000\r\n',
  ]) {
    for (let i = 0; i < 3; i++) {
      const r = await uploadThenRead(head, 4 * 1024 * 1024, 300);
      expect({ error: r.error, status: /^HTTP\/1\.1 (\d{3})/.exec(r.answer)?.[1] }).toEqual({
        error: undefined,
        status: '413',
      });
      expect(r.answer).toContain('"code":"body_too_large"');
    }
  }
});

it('the lingering is bounded: a client that keeps sending after its 413, 431 or 408 is disconnected within about 2 s', async () => {
  const url = new URL(gw.url);
  const big = Buffer.alloc(64 * 1024, 0x78); // every 20 ms, ~3 MB/s: under the byte bound
  for (const [head, piece, status] of [
    ['POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 500000000\r\n\r\n', big, '413'],
    [`GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(40_000)}`, big, '431'],
    // Header lines dripping in past the 500 ms header timeout: Node's parser reads them on after the 408, so
    // without the bound the gateway kept the connection for as long as the client kept dripping.
    ['POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n', Buffer.from('x-slow: 1\r\n'), '408'],
  ] as const) {
    const t0 = Date.now();
    let answer = '';
    const closedAfterMs = await new Promise<number>((resolve) => {
      // Half-open: it keeps sending after the gateway's FIN (a plain socket would answer it with its own).
      const socket = net.connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(sender);
        resolve(Date.now() - t0);
      });
      socket.setEncoding('latin1').on('data', (d: string) => (answer += d));
      socket.write(head);
      const sender = setInterval(() => socket.writable && socket.write(piece), 20);
      setTimeout(() => socket.destroy(), 10_000);
    });
    expect(answer.slice(0, 12), status).toBe(`HTTP/1.1 ${status}`);
    expect(closedAfterMs, status).toBeGreaterThanOrEqual(1_500);
    expect(closedAfterMs, status).toBeLessThan(5_000);
  }
});

/**
 * Writes `head`, then `more` every `everyMs` for as long as the socket takes it, without reading; reads the
 * answer only after `readAfterMs`.
 */
function keepSendingThenRead(
  head: string,
  more: Buffer,
  everyMs: number,
  readAfterMs: number,
): Promise<{ answer: string; error: string | undefined }> {
  const url = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    let error: string | undefined;
    socket.pause();
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => {
      clearInterval(sender);
      resolve({ answer, error });
    });
    socket.write(head);
    const sender = setInterval(() => socket.writable && socket.write(more), everyMs);
    setTimeout(() => {
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (answer += d));
      socket.resume();
    }, readAfterMs);
    setTimeout(() => socket.destroy(), 10_000);
  });
}

const statusOf = (r: { answer: string; error: string | undefined }) => ({
  error: r.error,
  status: /^HTTP\/1\.1 (\d{3})/.exec(r.answer)?.[1],
});

it('a client still sending after the parser refused its headers reads its 431 (no reset)', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await keepSendingThenRead(
      `GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(40_000)}`,
      Buffer.alloc(256 * 1024, 0x61),
      10,
      300,
    );
    expect(statusOf(r)).toEqual({ error: undefined, status: '431' });
    expect(r.answer).toContain('"code":"headers_too_large"');
  }
});

it('the same for a 400 (not HTTP)', async () => {
  const garbage = await keepSendingThenRead('NOT HTTP AT ALL\r\n\r\n', Buffer.alloc(256 * 1024, 0x61), 10, 300);
  expect(statusOf(garbage)).toEqual({ error: undefined, status: '400' });
  expect(garbage.answer).toContain('"code":"invalid_request"');
});
