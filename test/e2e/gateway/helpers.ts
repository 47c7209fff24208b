/**
 * Helpers for gateway end-to-end tests: spawn `bin/kt.js gateway run` as a real process on a free
 * loopback port, generate test certificates with node-forge, and run tiny upstream servers.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import forge from 'node-forge';
import { ktBin, SPAWN_WAIT_MS, stderrTail } from '../../helpers/run-kt.js';
import { waitFor } from '../../helpers/wait.js';

/** Parsed JSON from the gateway; tests assert its shape field by field. */
export type Json = ReturnType<typeof JSON.parse>;

export interface RunningGateway {
  url: string;
  dir: string;
  stateDir: string;
  packFile: string;
  adminToken: string;
  proc: ChildProcessWithoutNullStreams;
  stderr: () => string;
  admin: (
    path: string,
    init?: { method?: string; body?: unknown },
  ) => Promise<{ status: number; body: Json; headers: Headers }>;
  stop: () => Promise<number | null>;
}

export async function tempDir(prefix = 'kt-gw-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Starts the gateway and waits for its "listening on" line; rejects with its stderr when it exits.
 * `relativePaths`: the pack and the state directory are given relative to the gateway's working
 * directory (`dir`), as `-c pack.yaml --state-dir state`; `packFile` and `stateDir` stay absolute.
 * With `--admin-token-file` in `args` (relative to `dir`), the admin token is read from that file.
 */
export async function startGateway(
  packYaml: string,
  options: {
    env?: NodeJS.ProcessEnv;
    args?: string[];
    dir?: string;
    files?: Record<string, string>;
    relativePaths?: boolean;
    /** `--listen` (default `127.0.0.1:0`). */
    listen?: string;
  } = {},
): Promise<RunningGateway> {
  const dir = options.dir ?? (await tempDir());
  const packFile = join(dir, 'pack.yaml');
  for (const [name, content] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), content);
  await writeFile(packFile, packYaml);
  const stateDir = join(dir, 'state');
  const proc = spawn(
    process.execPath,
    [
      ktBin,
      'gateway',
      'run',
      '--policy-config',
      options.relativePaths === true ? 'pack.yaml' : packFile,
      '--listen',
      options.listen ?? '127.0.0.1:0',
      '--state-dir',
      options.relativePaths === true ? 'state' : stateDir,
      ...(options.args ?? []),
    ],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', ...(options.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let err = '';
  let out = '';
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  proc.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    // A gateway that never says it listens is killed (it would outlive the test) and named with its stderr.
    const timer = setTimeout(() => {
      proc.off('exit', onExit);
      proc.kill('SIGKILL');
      reject(
        new Error(
          `kt gateway run did not print its listening line within ${SPAWN_WAIT_MS} ms (killed); ${stderrTail(err)}`,
        ),
      );
    }, SPAWN_WAIT_MS);
    const onData = () => {
      const m = /listening on (https?:\/\/\S+)|"msg":"listening","url":"(https?:[^"]+)"/.exec(err);
      if (m) {
        clearTimeout(timer);
        proc.stderr.off('data', onData);
        resolve((m[1] ?? m[2])!);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`gateway exited with ${code ?? signal} before it listened:\n${err}`), {
          exitCode: code,
          stderr: err,
        }),
      );
    };
    proc.stderr.on('data', onData);
    proc.once('exit', onExit);
  });
  const tokenArg = (options.args ?? []).indexOf('--admin-token-file');
  const tokenFile =
    tokenArg >= 0 ? resolve(dir, (options.args ?? [])[tokenArg + 1] ?? '') : join(stateDir, 'admin-token');
  const adminToken = (await readFile(tokenFile, 'utf8')).trim();
  const gw: RunningGateway = {
    url,
    dir,
    stateDir,
    packFile,
    adminToken,
    proc,
    stderr: () => err,
    admin: async (path, init = {}) => {
      const res = await fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
    stop: async () => {
      // Already gone (an exit, or a signal: then exitCode is null and 'exit' has fired, so waiting for it would hang).
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        proc.kill('SIGKILL');
      }, SPAWN_WAIT_MS);
      const code = await exited;
      clearTimeout(timer);
      if (killed)
        throw new Error(
          `kt gateway run did not stop within ${SPAWN_WAIT_MS} ms of SIGTERM (killed); ${stderrTail(err)}`,
        );
      if (out !== '') throw new Error(`gateway wrote to stdout: ${out}`);
      return code;
    },
  };
  return gw;
}

/**
 * A pack with one policy in front of the mock echo provider and the given `gateway:` section (its
 * body, indented by two spaces; none when empty): the shape of the network and TLS tests, which vary
 * only the gateway settings. The text starts with a newline, so `gateway:` is line 6 of the file.
 */
export function mockEchoPack(name: string, gateway: string, policy: { kind: string; config: string }): string {
  return `
pack: {name: ${name}, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
${gateway === '' ? '' : `gateway:\n${gateway}\n`}policies:
  chain: [${policy.kind}]
policy:
  ${policy.kind}: ${policy.config}
`;
}

/**
 * Waits until the gateway reports at least `count` data-plane requests in flight (its
 * kt_requests_in_flight gauge): proof that a request has been admitted with the pack of that moment,
 * where a fixed sleep only guesses how long a loaded machine takes to deliver it.
 */
export async function waitForInFlight(url: string, count = 1): Promise<boolean> {
  return waitFor(async () => {
    const text = await fetch(`${url}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    return Number(/^kt_requests_in_flight (\d+)$/m.exec(text)?.[1] ?? 0) >= count;
  });
}

export async function cleanup(gw: RunningGateway | undefined): Promise<void> {
  if (gw === undefined) return;
  await gw.stop().catch(() => {});
  await rm(gw.dir, { recursive: true, force: true });
}

export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by a different CA (must be refused). */
  rogueCert: string;
  rogueKey: string;
}

function makeCert(opts: {
  cn: string;
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  ca?: boolean;
  server?: boolean;
  client?: boolean;
  validity?: { notBefore: Date; notAfter: Date };
  /** A server certificate's subjectAltName entries (default: IP 127.0.0.1 and DNS localhost). */
  altNames?: Json[];
}) {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = forge.util.bytesToHex(forge.random.getBytesSync(8)).replace(/^[89a-f]/, '1');
  cert.validity.notBefore = opts.validity?.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notAfter = opts.validity?.notAfter ?? new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: opts.cn }];
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : subject);
  const ext: Json[] = [{ name: 'basicConstraints', cA: opts.ca === true }];
  if (opts.ca) ext.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true });
  else ext.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
  if (opts.server || opts.client)
    ext.push({ name: 'extKeyUsage', serverAuth: opts.server === true, clientAuth: opts.client === true });
  if (opts.server)
    ext.push({
      name: 'subjectAltName',
      altNames: opts.altNames ?? [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    });
  cert.setExtensions(ext);
  cert.sign(opts.issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return {
    cert,
    key: keys.privateKey,
    pem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

/** A CA, a server certificate for 127.0.0.1/localhost/gateway.kt.test, a client certificate, and a rogue client. */
export function makePki(): TestPki {
  const ca = makeCert({ cn: 'kt test CA', ca: true });
  // gateway.kt.test: a name that is not loopback, which a test's proxy resolves to 127.0.0.1 (kt sends no
  // loopback call to a proxy).
  const server = makeCert({
    cn: 'localhost',
    issuer: ca,
    server: true,
    altNames: [
      { type: 7, ip: '127.0.0.1' },
      { type: 2, value: 'localhost' },
      { type: 2, value: 'gateway.kt.test' },
    ],
  });
  const client = makeCert({ cn: 'test-client', issuer: ca, client: true });
  const rogueCa = makeCert({ cn: 'rogue CA', ca: true });
  const rogue = makeCert({ cn: 'rogue-client', issuer: rogueCa, client: true });
  return {
    caCert: ca.pem,
    serverCert: server.pem,
    serverKey: server.keyPem,
    clientCert: client.pem,
    clientKey: client.keyPem,
    rogueCert: rogue.pem,
    rogueKey: rogue.keyPem,
  };
}

/** A self-signed server certificate for 127.0.0.1/localhost with this validity (an expired or a future one). */
export function makeServerCert(validity: { notBefore: Date; notAfter: Date }): { cert: string; key: string } {
  const server = makeCert({ cn: 'localhost', server: true, validity });
  return { cert: server.pem, key: server.keyPem };
}

/** A self-signed server certificate for the DNS name `localhost` only (no IP address), as many are made. */
export function makeLocalhostOnlyCert(): { cert: string; key: string } {
  const server = makeCert({ cn: 'localhost', server: true, altNames: [{ type: 2, value: 'localhost' }] });
  return { cert: server.pem, key: server.keyPem };
}

export interface Upstream {
  url: string;
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders; body: Json }>;
  close: () => Promise<void>;
}

/** A tiny OpenAI-compatible upstream that records what it receives; `delayMs` makes it slow. */
/** `chunkDelayMs`: a streamed reply's chunks are written that far apart (a long generation). */
/** `toolCall`: the answer calls this tool (streamed as OpenAI does: id and name, then the arguments in pieces). */
/**
 * `answers` / `streams`: for a request of that model, this exact body (plain) or these chunks (each one
 * `data:` event, then `[DONE]`) instead of the echo: answers a real upstream may give that the gateway must
 * handle (a refusal, a legacy function_call, no choices, several choices).
 * `raw`: for a request of that model (plain or streamed), this content type and body exactly as given
 * (an event stream that breaks off or carries an error event, or JSON where a stream was asked for), with
 * `status` (200) and `headers` when given (an upstream's error answer); `{{key}}` in the body is replaced by
 * the bearer key the request carried (an upstream that quotes the key back). `end` (raw): after the body,
 * `hang` keeps the connection open and sends nothing more; `reset` breaks the connection (no end of the
 * chunked body, as an upstream that crashes or a proxy that cuts it off).
 */
export async function startUpstream(
  options: {
    delayMs?: number;
    reply?: string;
    chunkDelayMs?: number;
    toolCall?: { name: string; arguments: string };
    answers?: Record<string, Json>;
    streams?: Record<string, Json[]>;
    raw?: Record<
      string,
      { type: string; body: string; status?: number; headers?: Record<string, string>; end?: 'hang' | 'reset' }
    >;
  } = {},
): Promise<Upstream> {
  const requests: Upstream['requests'] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : null;
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const answer = () => {
        if (req.url?.endsWith('/models')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [] }));
          return;
        }
        const raw = options.raw?.[body?.model];
        if (raw !== undefined) {
          const key = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
          const text = raw.body.split('{{key}}').join(key);
          res.writeHead(raw.status ?? 200, { ...raw.headers, 'content-type': raw.type });
          if (raw.end === 'hang') res.write(text);
          else if (raw.end === 'reset') res.write(text, () => res.socket?.destroy());
          else res.end(text);
          return;
        }
        const fixedStream = options.streams?.[body?.model];
        if (body?.stream === true && fixedStream !== undefined) {
          res
            .writeHead(200, { 'content-type': 'text/event-stream' })
            .end(`${fixedStream.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`);
          return;
        }
        const fixed = options.answers?.[body?.model];
        if (body?.stream !== true && fixed !== undefined) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixed));
          return;
        }
        const content = options.reply ?? `upstream saw: ${body?.messages?.at(-1)?.content ?? ''}`;
        if (body?.stream === true) {
          // OpenAI-style SSE in 10-character pieces, split across TCP writes.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const chunk = (delta: Json, finish: string | null = null) =>
            `data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
          res.write(chunk({ role: 'assistant', content: '' }));
          const pieces: string[] = [];
          for (let i = 0; i < content.length; i += 10) pieces.push(chunk({ content: content.slice(i, i + 10) }));
          const call = options.toolCall;
          if (call !== undefined) {
            pieces.push(
              chunk({
                tool_calls: [
                  { index: 0, id: 'call_up', type: 'function', function: { name: call.name, arguments: '' } },
                ],
              }),
            );
            const third = Math.ceil(call.arguments.length / 3);
            for (let i = 0; i < call.arguments.length; i += third)
              pieces.push(
                chunk({ tool_calls: [{ index: 0, function: { arguments: call.arguments.slice(i, i + third) } }] }),
              );
          }
          pieces.push(`${chunk({}, call !== undefined ? 'tool_calls' : 'stop')}data: [DONE]\n\n`);
          // All at once, or one piece every chunkDelayMs (the first at once).
          const next = (k: number): void => {
            if (res.destroyed) return;
            if (k === pieces.length - 1) res.end(pieces[k]);
            else {
              res.write(pieces[k]);
              if (options.chunkDelayMs) setTimeout(next, options.chunkDelayMs, k + 1);
              else next(k + 1);
            }
          };
          next(0);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-up',
            object: 'chat.completion',
            created: 1,
            model: body?.model ?? 'up',
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
          }),
        );
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Every file under a directory, concatenated (to assert a secret appears nowhere). */
export async function allText(dir: string): Promise<string> {
  const { readdir, stat } = await import('node:fs/promises');
  let out = '';
  for (const name of await readdir(dir)) {
    const p = join(dir, name);
    // A running gateway writes state atomically (temp file, then rename): a temp file listed by
    // readdir may be gone by the time it is read. Its bytes live on under the final name.
    try {
      const s = await stat(p);
      out += s.isDirectory() ? await allText(p) : await readFile(p, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return out;
}

/** POSTs a one-message chat completion for `model` to the gateway at `url`, with its request id and any extra body fields. */
export function postChat(url: string, model: string, requestId: string, extra: Json = {}): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }),
  });
}

/**
 * An upstream's streamed chunk (OpenAI chat.completion.chunk) with one choice: `delta`, `finish_reason`
 * `finish`, any other choice fields in `choice`, chunk fields in `fields`.
 */
export function upstreamChunk(
  delta: Json,
  options: { finish?: string | null; index?: number; choice?: Json; fields?: Json } = {},
): Json {
  const { finish = null, index = 0, choice = {}, fields = {} } = options;
  return {
    id: 'chatcmpl-up',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'up',
    ...fields,
    choices: [{ index, delta, finish_reason: finish, ...choice }],
  };
}

/** upstreamChunk with only its finish reason: the form most stream tests write. */
export const chunkOf = (delta: Json, finish: string | null = null): Json => upstreamChunk(delta, { finish });

/** A plain upstream answer that calls one tool (`finish_reason: tool_calls`), as an OpenAI upstream sends it. */
export function toolCallCompletion(name: string, args: string): Json {
  return {
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model: 'up',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }],
        },
        finish_reason: 'tool_calls',
      },
    ],
  };
}

/** `text` in pieces of `size` characters. */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
