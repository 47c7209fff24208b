// A client refused with 413 while it is still uploading must get to read the 413. The gateway used to
// close the socket with the client's unread upload still in its receive buffer, which makes the kernel
// answer with a reset: a client that had not read the 413 yet got ECONNRESET and no answer at all.
// Now the gateway half-closes and discards what keeps arriving for a bounded time (a "lingering close",
// as nginx does), so the client reads the 413 and then the end of the connection.
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
  await writeFile(join(dir, 'pack.yaml'), 'pack: {name: linger, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock, model: mock-echo}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n');
  gw = await Gateway.start({ packFile: join(dir, 'pack.yaml'), host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), adminToken: 'kt_admin_linger_test_token_0123456789', prepareChain, version: 'test', env: {}, maxBodyBytes: 2048 });
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

/** Uploads `bodyBytes` at once without reading, and reads the answer only after `readAfterMs`. */
function uploadThenRead(head: string, bodyBytes: number, readAfterMs: number): Promise<{ answer: string; error: string | undefined }> {
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
      expect({ error: r.error, status: /^HTTP\/1\.1 (\d{3})/.exec(r.answer)?.[1] }).toEqual({ error: undefined, status: '413' });
      expect(r.answer).toContain('"code":"body_too_large"');
    }
  }
});

it('the lingering is bounded: a client that keeps uploading after its 413 is disconnected within about 2 s', async () => {
  const url = new URL(gw.url);
  const t0 = Date.now();
  const closedAfterMs = await new Promise<number>((resolve) => {
    // Half-open: it keeps sending after the gateway's FIN (a plain socket would answer it with its own).
    const socket = net.connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(sender);
      resolve(Date.now() - t0);
    });
    socket.resume();
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 500000000\r\n\r\n');
    const piece = Buffer.alloc(64 * 1024, 0x78);
    const sender = setInterval(() => socket.writable && socket.write(piece), 20); // ~3 MB/s: under the byte bound
    setTimeout(() => socket.destroy(), 10_000);
  });
  expect(closedAfterMs).toBeGreaterThanOrEqual(1_500);
  expect(closedAfterMs).toBeLessThan(5_000);
});
