/**
 * Small HTTP helpers shared by every route: the one error envelope, JSON answers, bounded body reading
 * and request ids. Everything that answers an error goes through `sendError` so the envelope and the
 * `x-request-id` header never drift apart.
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { parseJsonStrict } from '../io/json-strict.js';
import { findLoneSurrogate, formatJsonPath, maySpellSurrogate } from '../io/lone-surrogates.js';
import { pooledRandomBytes } from './random-pool.js';

/** An error answered to the client; `message` must never contain a secret. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly extra: {
      policy?: string;
      retryAfter?: number;
      allow?: readonly string[];
      /** Top-level fields beside `error` (the diagnostics of an invalid pack). */
      body?: Record<string, unknown>;
      /** Fields of the `error` object beyond type/code/message (an upstream's `param`, `source`). */
      fields?: Record<string, unknown>;
      /** Answer with `Connection: close` (the rest of the request is not read, see readBody). */
      close?: boolean;
      /**
       * Answer with `x-should-retry: false`, which the OpenAI SDKs obey over their own rule: an answer that
       * a retry gets again (a policy block, a provider the operator has to fix) is not worth their retries.
       */
      final?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthorized = (message = 'a valid bearer token is required') =>
  new HttpError(401, 'access_denied', 'unauthorized', message);
export const forbidden = (message: string, code = 'forbidden') => new HttpError(403, 'access_denied', code, message);
export const notFound = (message = 'no such resource') => new HttpError(404, 'not_found', 'not_found', message);
/** 405 with the `Allow` header (RFC 9110 §15.5.6) listing the methods the path answers (allowedMethods). */
export const methodNotAllowed = (allow: readonly string[]) =>
  new HttpError(405, 'invalid_request_error', 'method_not_allowed', `use ${allow.join(' or ')}`, { allow });

/**
 * The path of `GET /v1/models/{id}`: the id is the rest of the path, percent-decoded. A model id may hold a
 * `/` (`deepseek/deepseek-r1`), sent as is or as %2F.
 */
export const MODEL_PATH = /^\/v1\/models\/(.+)$/;

/**
 * The methods each route of the gateway serves (docs/http-api.md). Every route also answers OPTIONS
 * (204 with `Allow`), and HEAD wherever it answers GET (RFC 9110 §9.3.2: the GET answer without its body);
 * a known path asked with another method gets 405 and `Allow`, an unknown path 404. No CORS: the gateway
 * is called by servers and SDKs, not browsers, and sends no Access-Control-* headers.
 */
const ROUTES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^\/v1\/chat\/completions$/, ['POST']],
  [/^\/v1\/models$/, ['GET']],
  [MODEL_PATH, ['GET']],
  [/^\/health$/, ['GET']],
  [/^\/metrics$/, ['GET']],
  [/^\/v1\/whoami$/, ['GET']],
  [/^\/keeptrusts\/config$/, ['GET']],
  [/^\/keeptrusts\/config\/reload$/, ['POST']],
  [/^\/keeptrusts\/gateway-keys$/, ['GET', 'POST']],
  [/^\/keeptrusts\/gateway-keys\/[^/]+$/, ['DELETE']],
  [/^\/v1\/events$/, ['GET']],
  [/^\/v1\/events\/[^/]+$/, ['GET']],
  [/^\/v1\/config-variables$/, ['GET']],
  [/^\/v1\/config-variables\/[^/]+$/, ['GET', 'PUT', 'DELETE']],
  [/^\/v1\/config-variables\/[^/]+\/resolve$/, ['POST']],
];

/** The methods `path` answers, for `Allow` (HEAD beside GET, OPTIONS everywhere); undefined for no route. */
export function allowedMethods(path: string): string[] | undefined {
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  if (route === undefined) return undefined;
  return [...route[1].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])), 'OPTIONS'];
}

/** 405 when the path is a route of the gateway (another method), else 404. */
export function noRoute(method: string, path: string): HttpError {
  const allow = allowedMethods(path);
  return allow === undefined
    ? new HttpError(404, 'not_found', 'not_found', `no route ${method} ${path}`)
    : methodNotAllowed(allow);
}

/** The method a request is routed by: HEAD is served as GET (Node leaves the body out of a HEAD answer). */
export const routeMethod = (req: IncomingMessage): string => (req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'));

/** OPTIONS on a route: 204 with `Allow`. False (nothing sent) when the path is no route. */
export function sendOptions(res: ServerResponse, requestId: string, path: string): boolean {
  const allow = allowedMethods(path);
  if (allow === undefined) return false;
  res.writeHead(204, { allow: allow.join(', '), 'cache-control': 'no-store', 'x-request-id': requestId }).end();
  return true;
}

export const validationError = (message: string, code = 'validation_error') =>
  new HttpError(422, 'validation_error', code, message);
export const badRequest = (message: string, code = 'invalid_request') =>
  new HttpError(400, 'invalid_request_error', code, message);

/** A fresh request id: `req_` + 24 hex chars. */
export const newRequestId = (): string => `req_${pooledRandomBytes(12).toString('hex')}`;

/**
 * Each request's id, chosen once: the route's handler and the listener, when it answers the request
 * itself (a 408 for a body too slow, see listenerAnswer), name the same one in the answer and the log.
 */
const requestIds = new WeakMap<IncomingMessage, string>();

/** The request's id: a client-supplied one when it is short and plain, else a fresh one; the same on every call. */
export function requestIdFor(req: IncomingMessage): string {
  let id = requestIds.get(req);
  if (id !== undefined) return id;
  const given = req.headers['x-request-id'];
  id = typeof given === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(given) ? given : newRequestId();
  requestIds.set(req, id);
  return id;
}

/**
 * Requests the listener answered itself while their handler was still reading the body (Node's parser
 * refused the rest: a 408 for a body too slow, a 400 for one that is not valid HTTP), with the status it
 * sent. The handler then answers nothing more, and logs that status under the same id.
 */
const listenerAnswers = new WeakMap<IncomingMessage, number>();

export function noteListenerAnswer(req: IncomingMessage, status: number): void {
  listenerAnswers.set(req, status);
}

/** The status the listener answered `req` with (see noteListenerAnswer); undefined when it did not. */
export const listenerAnswer = (req: IncomingMessage): number | undefined => listenerAnswers.get(req);

const jsonHead = (res: ServerResponse, status: number, length: number, headers: Record<string, string>): void => {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': length,
    'cache-control': 'no-store',
    ...headers,
  });
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  jsonHead(res, status, Buffer.byteLength(text), headers);
  res.end(text);
}

/**
 * Resolves when the response can take more data, or the client went away. A client that takes nothing
 * for `stallMs` is cut off (as if it had gone): one that stops reading but keeps its connection open
 * would otherwise hold its concurrency slot and upstream call for good, and enough of them answer every
 * other client 503.
 */
export function drained(res: ServerResponse, stallMs: number): Promise<void> {
  return eventOrCutOff(res, 'drain', stallMs);
}

/**
 * Resolves once an ended response is handed to the system in full, or the client went away; a client
 * that has not taken the rest within `stallMs` is cut off. Without this an answer bigger than the socket
 * buffers, sent to a client that reads none of it, kept its connection and its bytes in memory for good:
 * nothing times out a connection whose answer is written.
 */
export function flushed(res: ServerResponse, stallMs: number): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return eventOrCutOff(res, 'finish', stallMs);
}

/** Resolves on the response's `event` or its close; destroys it (the client is cut off) if neither comes within `stallMs`. */
function eventOrCutOff(res: ServerResponse, event: 'drain' | 'finish', stallMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), stallMs);
    const done = () => {
      clearTimeout(timer);
      res.off(event, done);
      res.off('close', done);
      resolve();
    };
    res.on(event, done);
    res.on('close', done);
  });
}

/** Slices a large answer is written in (see sendJsonPaced). */
const ANSWER_SLICE = 64 * 1024;

/**
 * sendJson for an answer that may be large (a chat completion, up to the upstream's 32 MiB): written a
 * slice at a time, each once the client has taken the one before, so a client that takes nothing for
 * `stallMs` is cut off (see drained, flushed) while a slow one that keeps reading is not. Resolves once
 * the answer is handed to the system or the connection is gone.
 */
export async function sendJsonPaced(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  stallMs: number,
): Promise<void> {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  // An answer within one slice (a third of it in UTF-16 units is at most a slice in bytes) goes to the
  // socket's buffer whole, whether the client reads or not: no pacing, and no timer or listeners per request.
  if (text.length <= ANSWER_SLICE / 3) {
    jsonHead(res, status, Buffer.byteLength(text), headers);
    res.end(text);
    return;
  }
  const data = Buffer.from(text);
  jsonHead(res, status, data.length, headers);
  let at = 0;
  for (; data.length - at > ANSWER_SLICE; at += ANSWER_SLICE) {
    if (res.destroyed) return;
    if (!res.write(data.subarray(at, at + ANSWER_SLICE))) await drained(res, stallMs);
  }
  if (res.destroyed) return;
  res.end(data.subarray(at));
  await flushed(res, stallMs);
}

/** The `error` object of an answer (also the last event of a stream that ends in an error). */
export function errorEnvelope(error: HttpError, requestId: string): Record<string, unknown> {
  const envelope: Record<string, unknown> = {
    type: error.type,
    code: error.code,
    message: error.message,
    ...error.extra.fields,
    request_id: requestId,
  };
  if (error.extra.policy !== undefined) envelope.policy = error.extra.policy;
  return envelope;
}

export function sendError(res: ServerResponse, requestId: string, error: HttpError): void {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (error.extra.retryAfter !== undefined) headers['retry-after'] = String(error.extra.retryAfter);
  if (error.extra.allow !== undefined) headers.allow = error.extra.allow.join(', ');
  if (error.extra.final === true) headers['x-should-retry'] = 'false';
  // RFC 9110: a 401 names the scheme the client should authenticate with (a gateway key, the admin token).
  if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="kt"';
  // Node ends the connection once this answer is written (and reads nothing more of the request).
  if (error.extra.close === true) {
    headers.connection = 'close';
    if (res.req?.complete === false && res.socket !== null) lingerOnClose(res.socket, res.req);
  }
  sendJson(res, error.status, { error: errorEnvelope(error, requestId), ...(error.extra.body ?? {}) }, headers);
}

/** How long, and how much, a refused upload is still read (and discarded) after its answer: see lingeringClose. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * A "lingering close" (as nginx does) for an answer sent while the client is still sending (a 413 mid-upload,
 * a 431 or 400 from Node's parser, a 408): closing the socket with the client's data unread in the receive
 * buffer makes the kernel send a reset, and a client that had not read the answer yet got ECONNRESET/EPIPE
 * instead of it. So once the answer is written, the gateway sends its FIN and then discards what still
 * arrives until the client closes its side, for at most LINGER_MS and LINGER_BYTES: a client sending
 * forever still cannot hold the connection. `drain` routes what still arrives to the `discarded` counter
 * (who reads the socket differs: the request for a 413, the refusing parser for a clientError).
 */
export function lingeringClose(socket: Duplex, drain: (discarded: (bytes: number) => void) => void): void {
  let total = 0;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', close);
  drain((bytes) => {
    total += bytes;
    if (total > LINGER_BYTES) close();
  });
  socket.end();
  socket.resume();
}

/** Node ends a `Connection: close` answer's socket with destroySoon(): for this one socket it lingers instead. */
function lingerOnClose(socket: Socket, req: IncomingMessage): void {
  socket.destroySoon = function (this: Socket) {
    // Node's HTTP parser reads the socket itself and hands the body to the request: the refused body is
    // drained (and dropped) through it.
    lingeringClose(this, (discarded) => {
      req.removeAllListeners('data');
      req.on('data', (chunk: Buffer) => discarded(chunk.length));
      req.resume();
    });
  };
}

/**
 * The raw HTTP/1.1 text of `error`'s answer, for a socket no ServerResponse writes to: the error envelope
 * and `x-request-id` as sendError writes them, and `Connection: close` (the socket is closed after it).
 */
export function rawErrorAnswer(error: HttpError, requestId = newRequestId()): string {
  const body = JSON.stringify({ error: errorEnvelope(error, requestId) });
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    `x-request-id: ${requestId}`,
    ...(error.extra.allow === undefined ? [] : [`allow: ${error.extra.allow.join(', ')}`]),
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The error for a request Node's parser refused or timed out (the `clientError` event), answered with
 * rawErrorAnswer: the connection is closed, since what follows on it cannot be trusted to be a request.
 */
export function clientErrorRefusal(code: string | undefined): HttpError {
  const [status, errorCode, message] =
    code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'the request did not arrive in time; the connection is closed']
      : code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request headers exceed 32 KiB']
        : [400, 'invalid_request', 'the request is not valid HTTP/1.1'];
  return new HttpError(status, 'invalid_request_error', errorCode, message);
}

/** Requests that asked `Expect: 100-continue`, with the answer that owes them the 100 (see readBody). */
const awaitingContinue = new WeakMap<IncomingMessage, ServerResponse>();

/**
 * For the server's `checkContinue` event: the 100 Continue is sent only when a route starts reading the
 * body and its declared length fits (readBody), so a client about to upload too much gets the 413 before
 * it sends a byte of the body, and one refused for other reasons (401, 404, ...) is not asked for it.
 */
export function deferContinue(req: IncomingMessage, res: ServerResponse): void {
  awaitingContinue.set(req, res);
}

const tooLarge = (limit: number) =>
  new HttpError(413, 'invalid_request_error', 'body_too_large', `request body exceeds ${limit} bytes`, { close: true });

/**
 * A body the gateway would read as other text than the client sent: every body is JSON read as UTF-8
 * (RFC 8259 §8.1), so a `charset` other than UTF-8 in `Content-Type` (`iso-8859-1`, `utf-16`) and any
 * `Content-Encoding` (gzip, ...) are refused with 415 before the body is read, rather than decoded as
 * UTF-8 into text the client did not mean, which the policies would check and the upstream get (a transfer
 * coding other than `chunked` likewise). The media
 * type itself is not checked (`curl -d` sends `application/x-www-form-urlencoded`; the body is parsed as
 * JSON either way).
 */
function unreadableBody(req: IncomingMessage): HttpError | undefined {
  // Node's parser frames the body by a final `chunked` and hands over the bytes as they came: a coding
  // before it (`Transfer-Encoding: gzip, chunked`) would be read as if it were not there. Refused as a
  // Content-Encoding is (415, not RFC 9112's 501, which OpenAI clients would retry).
  const transfer = req.headers['transfer-encoding']?.trim().toLowerCase();
  if (transfer !== undefined && transfer !== 'chunked')
    return new HttpError(
      415,
      'invalid_request_error',
      'unsupported_media_type',
      `Transfer-Encoding ${JSON.stringify(transfer.slice(0, 40))} is not supported; send the body uncompressed (chunked or with a Content-Length)`,
      { close: true },
    );
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity')
    return new HttpError(
      415,
      'invalid_request_error',
      'unsupported_media_type',
      `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported; send the body uncompressed`,
      { close: true },
    );
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return new HttpError(
      415,
      'invalid_request_error',
      'unsupported_media_type',
      `charset ${JSON.stringify(charset.slice(0, 40))} is not supported; send the JSON body as UTF-8`,
      { close: true },
    );
  return undefined;
}

/**
 * Reads the whole body up to `limit` bytes, once its headers say it is text the gateway reads as the client
 * means it (unreadableBody: else 415). Beyond the limit (declared or counted) the request is
 * answered 413 with `Connection: close` and nothing more is read: the client may still be sending a huge
 * body, and reading it to the end (even to discard it) would let it hold the gateway for as long as it
 * likes. The connection ends once the 413 is written.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const unreadable = unreadableBody(req);
    if (unreadable !== undefined) {
      reject(unreadable);
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const owed = awaitingContinue.get(req);
    if (owed !== undefined) {
      awaitingContinue.delete(req);
      owed.writeContinue();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('aborted', () => reject(new HttpError(400, 'invalid_request_error', 'aborted', 'request aborted')));
  });
}

/**
 * Parses a JSON object body with size/depth caps and invalid-UTF-8 rejection. A key repeated in one object
 * is refused (400 `duplicate_key`), as `kt policy eval` refuses it in a payload file (io/json-strict.ts):
 * JSON.parse keeps the last value, other parsers the first, so `{"messages": [...], "messages": [...]}`
 * shows one conversation to whatever reads it first-wins (a proxy, a log, a WAF in front of the gateway)
 * and another to the policies and the upstream. Half a character (a `\ud800` escape without its other half,
 * in a value or a key) is refused on every body (400 `lone_surrogate`, see refuseLoneSurrogate).
 */
export function parseJsonObject(body: Buffer, maxDepth = 64): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badRequest('request body is not valid UTF-8', 'invalid_utf8');
  }
  // The body may hold a secret (a config-variable PUT): the messages never quote it (a key name is masked).
  // Nesting past maxDepth is refused before anything is parsed (io/json-depth.ts).
  const parsed = parseJsonStrict(text, undefined, maxDepth);
  if (!parsed.ok) {
    const { problem } = parsed;
    if (problem.code === 'input.too_deep')
      throw badRequest(`request body is nested deeper than ${maxDepth} levels`, 'too_deep');
    const at = problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column})`;
    if (problem.code === 'input.duplicate_key')
      throw badRequest(`request body has a repeated key${at}: ${problem.message}`, 'duplicate_key');
    throw badRequest(`request body is not valid JSON: ${problem.reason ?? problem.message}${at}`, 'invalid_json');
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('request body must be a JSON object', 'invalid_json');
  if (maySpellSurrogate(body)) refuseLoneSurrogate(value as Record<string, unknown>);
  return value as Record<string, unknown>;
}

/**
 * A body with half a character in it is refused, naming where: it is no text, so UTF-8 (the upstream's
 * encoding, the state files') cannot carry it. In a chat body it splits what the detectors read, so
 * `john.doe\ud800@example.com` went upstream unredacted (io/lone-surrogates.ts); a config-variable value
 * was stored as U+FFFD, a gateway key's user went into events as it came. Checked here, for every body
 * the gateway reads, so no route is left without it. The message names the field and the escape only
 * (a value may be a secret; a lone surrogate can be no part of one that is stored).
 */
function refuseLoneSurrogate(body: Record<string, unknown>): void {
  const lone = findLoneSurrogate(body);
  if (lone === undefined) return;
  const param = formatJsonPath(lone.path);
  const holder = formatJsonPath(lone.path.slice(0, -1));
  const where = !lone.key ? `'${param}'` : holder === '' ? 'a key of the body' : `a key of '${holder}'`;
  throw new HttpError(
    400,
    'invalid_request_error',
    'lone_surrogate',
    `${where} holds a lone UTF-16 surrogate (${lone.escape}): half a character, which is no text and cannot be encoded as UTF-8; send whole characters`,
    { fields: { param } },
  );
}

/**
 * A request with more than one `Authorization` field line: which credential it means is ambiguous. Node's
 * `req.headers.authorization` keeps the first and drops the rest, while a proxy or WAF in front may check
 * the last (or both joined), so a request could be let in on one token and served on another. RFC 9110
 * allows one Authorization value; the request is refused (400 `ambiguous_credentials`, gateway.ts) on every
 * route rather than any of them picked. Counted in `rawHeaders`, where each line is kept as sent.
 */
export function ambiguousCredentials(req: IncomingMessage): HttpError | undefined {
  const n = fieldLines(req, 'authorization');
  if (n < 2) return undefined;
  return new HttpError(
    400,
    'invalid_request_error',
    'ambiguous_credentials',
    `the request has ${n} Authorization headers; send one (Authorization: Bearer <token>)`,
  );
}

/**
 * A request with more than one line of an identity header the pack trusts (`x-user-role: viewer` and
 * `x-user-role: admin`, or a line a proxy added beside the client's own): Node joins them into
 * `viewer, admin`, while whatever checked the request in front may have read the first or the last. As for
 * Authorization, none of them is picked (400 `ambiguous_credentials`). One line is taken as it is, a comma
 * included: a comma is no repeat (docs/gateway.md, `trust_identity_headers`).
 */
export function ambiguousIdentity(req: IncomingMessage, names: readonly string[]): HttpError | undefined {
  for (const name of names) {
    const n = fieldLines(req, name);
    if (n < 2) continue;
    return new HttpError(
      400,
      'invalid_request_error',
      'ambiguous_credentials',
      `the request has ${n} ${name} headers, an identity header this gateway trusts (policy.rbac.trust_identity_headers); send one`,
    );
  }
  return undefined;
}

/** How many field lines named `name` (lower case) the request has: counted in `rawHeaders`, where each line is kept as sent. */
function fieldLines(req: IncomingMessage, name: string): number {
  const raw = req.rawHeaders;
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === name.length && raw[i]!.toLowerCase() === name) n++;
  return n;
}

/** The bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
