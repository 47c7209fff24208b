/**
 * The gateway's socket-level defences, before any route runs: slow clients (headers within
 * `headersTimeoutMs`, the whole request within `requestTimeoutMs`, TLS handshakes within 10 s, idle
 * keep-alive sockets closed after 5 s), header size and count caps, a connection cap, `Expect:
 * 100-continue` deferred to the route, and Node's own refusals (a bad request, another `Expect`,
 * CONNECT) answered in the gateway's error envelope (with a lingering close, see http.ts lingeringClose).
 * A refusal of the parser is logged under the id its answer carries, with the status it sent: by the
 * route's handler when the request's headers were read (it was reading the body), else by `onRefused`,
 * which also logs the `Expect` and CONNECT refusals (their headers were read, but no route ran).
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import {
  clientErrorRefusal,
  deferContinue,
  HttpError,
  lingeringClose,
  newRequestId,
  noRoute,
  noteListenerAnswer,
  rawErrorAnswer,
  requestIdFor,
  sendError,
} from './http.js';
import { loggedPath } from './logged-path.js';
import type { ServerTls } from './tls-config.js';

export interface ListenerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Sockets accepted at most (bounds buffered request bodies no matter how many clients connect). */
  maxConnections: number;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A request the parser refused before its headers were read (no handler saw it): what its log line says. */
export interface Refusal {
  requestId: string;
  status: number;
  remote: string | null;
  /** Since the connection opened or its previous answer was sent: how long this request was waited for. */
  latencyMs: number;
  /** The request's method and target, when its headers were read (an `Expect` refused, a CONNECT). */
  method?: string;
  path?: string;
}

export function createListener(
  tls: ServerTls | undefined,
  limits: ListenerLimits,
  handler: Handler,
  onRefused?: (refusal: Refusal) => void,
): http.Server | https.Server {
  const common = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: 500,
    maxHeaderSize: 32 * 1024,
    // Node's own refusal of an HTTP/1.1 request without Host is a bare 400 (no envelope, no request id);
    // the gateway's handler refuses it instead, like every other error.
    requireHostHeader: false,
  };
  // When each connection started waiting for its current request (opened, or its last answer sent): the
  // latency of a refusal before the headers were read, which no handler times.
  const waitingSince = new WeakMap<Duplex, number>();
  const started = (socket: Duplex) => waitingSince.set(socket, performance.now());
  const handle: Handler = (req, res) => {
    const socket = req.socket;
    res.once('finish', () => started(socket));
    handler(req, res);
  };
  const server = tls
    ? https.createServer({ ...common, ...tls.options, handshakeTimeout: 10_000 }, handle)
    : http.createServer(common, handle);
  server.on(tls ? 'secureConnection' : 'connection', started);
  // A request answered here although its headers were read (no route's handler sees it): logged as one.
  const refusedAfterHeaders = (req: http.IncomingMessage, requestId: string, status: number): void => {
    const since = waitingSince.get(req.socket);
    onRefused?.({
      requestId,
      status,
      remote: req.socket.remoteAddress ?? null,
      latencyMs: since === undefined ? 0 : performance.now() - since,
      method: req.method ?? '',
      // Never the query, nor a step the gateway would not take as a name (logged-path.ts).
      path: loggedPath(req.url ?? ''),
    });
  };
  // `Expect: 100-continue`: the 100 goes out only once a route wants the body (see deferContinue).
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    deferContinue(req, res);
    handle(req, res);
  });
  // Any other `Expect` is refused (RFC 9110 §10.1.1), in the envelope: Node's own 417 is a bare one.
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const message = 'the gateway meets no expectation but 100-continue';
    const requestId = requestIdFor(req);
    sendError(res, requestId, new HttpError(417, 'invalid_request_error', 'expectation_failed', message));
    refusedAfterHeaders(req, requestId, 417);
  });
  // CONNECT: Node hands the socket over and, with no listener, closes it without a word. The gateway is no
  // proxy: the method is refused as any other a path does not serve (405 with Allow on a route, else 404).
  server.on('connect', (req: http.IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {});
    const refusal = noRoute('CONNECT', req.url ?? '');
    const requestId = requestIdFor(req);
    socket.write(rawErrorAnswer(refusal, requestId));
    refusedAfterHeaders(req, requestId, refusal.status);
    // What the client sends on (tunnel bytes, for it) is dropped while the answer lingers.
    lingeringClose(socket, (discarded) => socket.on('data', (chunk: Buffer) => discarded(chunk.length)));
  });
  server.maxHeadersCount = 200;
  server.maxConnections = limits.maxConnections;
  // A client that never finishes its TLS handshake or sends garbage must not crash or stall anything.
  // Node answers these itself, before any handler runs: the answer is written here in the same envelope
  // (and x-request-id) as every other error, so a client sees one error format.
  // After a parse error (400, 431) the parser stays in its error state and refuses every later piece of
  // the connection with another clientError (`rawPacket` is that piece): while the answer lingers
  // (lingeringClose), those are the rest of what the client was sending, discarded and counted, not a
  // reason to reset the connection. After a 408 the parser reads on and only the linger's time bound ends it.
  const lingering = new WeakMap<Duplex, (bytes: number) => void>();
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    const discarded = lingering.get(socket);
    if (discarded !== undefined) {
      discarded(err.rawPacket?.length ?? 0);
      return;
    }
    // As Node's own handler: only when no answer to this request has started, or the peer gets garbage.
    const inFlight = (socket as { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (!socket.writable || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const refusal = clientErrorRefusal(err.code);
    // A request whose headers were read and whose body was still arriving (too slowly, or broken) has an id
    // and a handler reading it: the answer carries that id, and the handler logs the status sent here. One
    // whose headers never arrived (or that follows an unanswered one) gets a fresh id, logged here.
    const req = inFlight?.req.complete === false ? inFlight.req : undefined;
    const requestId = req === undefined ? newRequestId() : requestIdFor(req);
    if (req !== undefined) noteListenerAnswer(req, refusal.status);
    else if (onRefused !== undefined) {
      const since = waitingSince.get(socket);
      onRefused({
        requestId,
        status: refusal.status,
        remote: (socket as { remoteAddress?: string }).remoteAddress ?? null,
        latencyMs: since === undefined ? 0 : performance.now() - since,
      });
    }
    socket.write(rawErrorAnswer(refusal, requestId));
    lingeringClose(socket, (count) => lingering.set(socket, count));
  });
  server.on('tlsClientError', () => {});
  return server;
}

/** Binds `server`; rejects with the bind error (EADDRINUSE, EACCES, ...). */
export function listenOn(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
