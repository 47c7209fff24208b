/**
 * `kt gateway run`: one HTTP(S) server with the data plane, health, metrics and the admin API over a
 * state directory (docs/gateway.md).
 *
 * Reliability choices:
 * - Slow and hostile clients are cut off at the socket (http-listener.ts); a client that takes no data of
 *   its chat completion (streamed or plain) for `writeStallTimeoutMs` (30 s) is cut off too.
 * - Bodies are capped (`maxBodyBytes`, default 1 MiB) and JSON depth is capped at 64.
 * - At most `maxConcurrency` data-plane requests are served at once (a slot is taken once the body
 *   is read); beyond that the answer is 503 with `Retry-After: 1` (admin and health are not counted,
 *   so the gateway stays observable).
 * - Reload parses, validates and prepares the new pack first and swaps one reference; requests in
 *   flight finish on the pack they started with; a failed reload changes nothing.
 * - Stopping lets requests in flight finish for a grace period, then tells those still running
 *   (`gateway_shutdown`) and records their events before the event log closes.
 * What each data-plane request records is request-recorder.ts; provider state in /health, provider-health.ts.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { rm, stat } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import type http from 'node:http';
import { createServer } from 'node:http';
import https from 'node:https';
import { type AddressInfo, isIP } from 'node:net';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic, EvalContext, StepResult } from '../core/types.js';
import { KtError } from '../errors.js';
import { describeFsError } from '../io/fs-errors.js';
import type { ShowPath } from '../io/shown-path.js';
import { activate, type ActivePack, closePack, packChanges, PackInvalid, type PrepareChain } from './active-pack.js';
import { handleAdmin, isAdmin, isAdminPath, KEEP_PACK, type ReloadOutcome } from './admin-api.js';
import { ConfigStore } from './config-store.js';
import {
  chatCompletions,
  listModels,
  type RequestOutcome,
  resolveIdentity,
  retrieveModel,
  servesModel,
} from './data-plane.js';
import { EventLog } from './event-log.js';
import { GatewayKeys } from './gateway-keys.js';
import { loggedPath } from './logged-path.js';
import {
  ambiguousCredentials,
  badRequest,
  HttpError,
  listenerAnswer,
  MODEL_PATH,
  noRoute,
  requestIdFor,
  routeMethod,
  sendError,
  sendJson,
  sendOptions,
} from './http.js';
import { createEpochMicros } from './epoch-micros.js';
import { Metrics } from './metrics.js';
import { isLoopbackHost } from './network-guard.js';
import { checkPack } from './pack-check-thread.js';
import { locateDiagnostics, type PackSource, parsePack, readPackFile } from './pack-source.js';
import { createListener, listenOn } from './http-listener.js';
import { ProviderHealth, type ProbeRequest } from './provider-health.js';
import {
  observeRequest,
  RequestRecorder,
  type RequestLogLine,
  refusalLogLine,
  requestLogLine,
} from './request-recorder.js';
import { checkStateDirLock, ensurePrivateDir, lockStateDir, readIfExists, writeFileAtomic } from './state-dir.js';
import { type ServerTls, serverTlsFromPack } from './tls-config.js';
import { SessionLedger } from './session-ledger.js';

export type { RequestLogLine } from './request-recorder.js';

export interface GatewayOptions {
  /** The pack file (re-read on reload without a pushed document). */
  packFile: string;
  host: string;
  port: number;
  stateDir: string;
  adminToken: string;
  /**
   * Where the admin token is kept, for gateway.json (kt's commands on this machine read it there): a file
   * (absolute), or null when it is in no file (KT_ADMIN_TOKEN). Default: `<state-dir>/admin-token`.
   */
  adminTokenFile?: string | null;
  prepareChain: PrepareChain;
  version: string;
  env: NodeJS.ProcessEnv;
  failMode?: 'block' | 'allow';
  maxConcurrency?: number;
  maxBodyBytes?: number;
  gatewayId?: string;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** A client that takes no data of its chat completion for this long is cut off (default 30 s). */
  writeStallTimeoutMs?: number;
  now?: () => number;
  onRequest?: (line: RequestLogLine) => void;
  onWarning?: (message: string) => void;
  /**
   * How messages and log lines name the paths the operator gave (the pack file, the state directory
   * and its files): as typed, relative or absolute (src/io/shown-path.ts). Default: as they are.
   */
  showPath?: ShowPath;
  /**
   * Aborted when the start-up is abandoned (`--timeout`): start() and dryRun() then stop before they
   * listen or bind, throwing its reason, with what they had opened closed.
   */
  startSignal?: AbortSignal;
}

const HOUR_MS = 3_600_000;
/** How long requests cut at the shutdown deadline have to send their last answer before connections close. */
const CUT_ANSWER_MS = 1_000;
/** Events waiting for the disk beyond which data-plane requests get 503 (see handle). */
const MAX_EVENT_BACKLOG = 10_000;

/** TLS loading errors start with the field they are about (`gateway.tls.cert_file: ...`). */
const tlsDiagnostic = (e: Error): Diagnostic => {
  const field = /^(gateway\.[a-z_.]+)/.exec(e.message)?.[1] ?? 'gateway.tls';
  return { code: 'gateway.tls', severity: 'error', message: e.message, path: field, line: 1, column: 1 };
};

export class Gateway {
  private server!: http.Server | https.Server;
  private activePack!: ActivePack;
  private tls: ServerTls | undefined;
  private events!: EventLog;
  private store!: ConfigStore;
  private keys!: GatewayKeys;
  /** agent-firewall's session counts, kept across reloads for the gateway's life (one node's: docs/gateway.md). */
  private readonly sessions = new SessionLedger();
  private readonly metrics = new Metrics();
  private readonly startedAt: number;
  private requestsProcessed = 0;
  private recorder!: RequestRecorder;
  private inFlight = 0;
  /** Requests being handled (any route), and what close() waits on once their connections are gone. */
  private handling = 0;
  /** Set when close() cuts the connections still open at its grace deadline. */
  private cutting = false;
  /** Cuts the requests in flight of the stop under way (close()), before its deadline. */
  private cutNow: (() => void) | undefined;
  /**
   * Aborted by close() at its grace deadline: requests still running cancel their upstream calls and tell
   * their clients (503 / a final SSE error event, `gateway_shutdown`) before the connections are cut.
   */
  private readonly shutdown = new AbortController();
  /** Called (and cleared) each time no request is being handled. */
  private idleWaiters: Array<() => void> = [];
  private readonly providerHealth = new ProviderHealth(() => this.now());
  private reloading: Promise<unknown> = Promise.resolve();
  private pruneTimer: NodeJS.Timeout | undefined;
  private hashKey = '';
  private readonly now: () => number;
  private readonly failMode: 'block' | 'allow';
  private readonly maxConcurrency: number;
  private readonly maxBodyBytes: number;
  readonly gatewayId: string;
  private readonly adminTokenDigest: Buffer;
  url = '';

  private constructor(private readonly options: GatewayOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.failMode = options.failMode ?? 'block';
    this.maxConcurrency = options.maxConcurrency ?? 16;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.gatewayId = options.gatewayId ?? 'local';
    // One listener per request in flight (removed when it ends): as many as --max-concurrency, not a leak.
    setMaxListeners(0, this.shutdown.signal);
    this.adminTokenDigest = createHash('sha256').update(options.adminToken).digest();
  }

  /** Loads the pack, opens the state, listens. Throws PackInvalid (with diagnostics) on a bad pack. */
  static async start(options: GatewayOptions, source?: PackSource): Promise<Gateway> {
    const gw = new Gateway(options);
    await ensurePrivateDir(options.stateDir, options.showPath);
    gw.unlock = await lockStateDir(options.stateDir);
    try {
      await gw.load(source);
      await gw.abandoned();
      await gw.serve();
      return gw;
    } catch (e) {
      await gw.unlock();
      throw e;
    }
  }

  /**
   * `kt gateway run --dry-run`: every check of start() up to accepting traffic - the same load() (pack,
   * providers and their secrets, TLS files, state files), then a bind of the address, released at once -
   * with nothing written: no gateway.json, no generated key, token or hash secret, no state directory
   * created (a missing one is what a first start creates), the lock read but not taken, and the store and
   * the event log opened read-only (ConfigStore.inspect, EventLog.inspect: an interrupted last write is
   * reported, not repaired). Throws as start() does.
   */
  static async dryRun(options: GatewayOptions, source?: PackSource): Promise<StartCheck> {
    const gw = new Gateway(options);
    const stateExists = await isDirectory(options.stateDir);
    // Neither missing nor a directory: the error a start gets from creating it (makeDirs writes nothing then).
    if (stateExists === undefined) await ensurePrivateDir(options.stateDir, options.showPath);
    // A directory another gateway uses fails a real start: the dry run reads the lock (it takes none).
    if (stateExists === true) await checkStateDirLock(options.stateDir);
    try {
      await gw.load(source, { stateExists: stateExists === true });
      await gw.abandoned();
      const pack = gw.activePack;
      try {
        const bound = await probeListen(options.port, options.host);
        return {
          pack: { name: pack.model.pack.name, version: pack.model.pack.version, hash: pack.hash },
          policies: pack.model.chain.length,
          providers: pack.providers.map((p) => {
            const conf = p.configured();
            const ref =
              p.envRef !== undefined ? { env: p.envRef } : p.storeRef !== undefined ? { store: p.storeRef } : {};
            return {
              id: p.id,
              provider: p.provider,
              ...ref,
              secret: p.envRef === undefined && p.storeRef === undefined ? 'none' : conf.ok ? 'set' : 'missing',
            } as const;
          }),
          tls:
            gw.tls === undefined
              ? { enabled: false }
              : { enabled: true, client_auth: gw.tls.clientAuth, not_after: gw.tls.notAfter },
          listen: bound,
          state_dir: {
            exists: stateExists === true,
            gateway_keys: gw.keys?.list().length ?? 0,
            config_vars: gw.store?.list().length ?? 0,
          },
          warnings: gw.reportWarnings(pack, bound.address),
        };
      } finally {
        await closePack(pack);
      }
    } finally {
      await gw.unlock();
    }
  }

  private unlock: () => Promise<void> = async () => {};

  /** Throws the reason of `startSignal` when it was aborted (closing the loaded pack; the caller unlocks). */
  private async abandoned(): Promise<void> {
    const signal = this.options.startSignal;
    if (signal?.aborted !== true) return;
    await closePack(this.activePack);
    throw signal.reason;
  }

  /**
   * What start() does before it listens: opens the state, reads and prepares the pack, loads its TLS
   * files, checks the providers' secrets. `dry` (a dry run): the state is only read, and only when the
   * directory exists (stateExists).
   */
  private async load(source: PackSource | undefined, dry?: { stateExists: boolean }): Promise<void> {
    const options = this.options;
    if (dry === undefined) {
      this.store = await ConfigStore.open(join(options.stateDir, 'config-vars'), this.now);
      this.keys = await GatewayKeys.open(join(options.stateDir, 'gateway-keys.json'), this.now);
      this.events = await EventLog.open(join(options.stateDir, 'events'), { now: this.now });
      if (this.events.repairedBytes > 0)
        options.onWarning?.(
          `event log: removed an incomplete last record (${this.events.repairedBytes} bytes) left by an interrupted write`,
        );
      const secret = await this.loadHashSecret();
      this.hashKey = createHmac('sha256', secret).update('kt-redaction-pseudonyms').digest('hex');
      this.recorder = new RequestRecorder(this.events, {
        now: this.now,
        // The real clock stamps microseconds; a clock a test injects, its whole milliseconds.
        ...(this.now === Date.now ? { nowMicros: createEpochMicros() } : {}),
        gatewayId: this.gatewayId,
        promptSalt: createHmac('sha256', secret).update('kt-prompt-hash').digest('hex'),
        ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
      });
    } else if (dry.stateExists) {
      // The state as a start opens it, in its order, read-only (no key, repair or directory written).
      const store = await ConfigStore.inspect(join(options.stateDir, 'config-vars'), this.now);
      if (store !== undefined) this.store = store;
      this.keys = await GatewayKeys.open(join(options.stateDir, 'gateway-keys.json'), this.now);
      const events = await EventLog.inspect(join(options.stateDir, 'events'));
      if (events !== undefined && events.incompleteTailBytes > 0)
        options.onWarning?.(
          `event log: an incomplete last record (${events.incompleteTailBytes} bytes) left by an interrupted write; a start removes it`,
        );
      await readIfExists(join(options.stateDir, 'hash-key')); // a directory or unreadable file there fails a start
    }

    const src = source ?? (await readPackFile(options.packFile));
    const pack = await this.prepare(src, options.packFile);
    this.activePack = pack;
    this.metrics.pack = { name: pack.model.pack.name, version: pack.model.pack.version, hash: pack.hash };
    try {
      this.tls = await serverTlsFromPack(pack.model.gateway, join(options.packFile, '..'), this.now()).catch(
        (e: Error) => {
          throw new PackInvalid(locateDiagnostics([tlsDiagnostic(e)], src.text));
        },
      );
    } catch (e) {
      await closePack(pack);
      throw e;
    }
    for (const p of pack.providers) {
      const conf = p.configured();
      // Missing env variables are already reported by lint; a missing store variable only shows here.
      if (!conf.ok && p.storeRef !== undefined)
        options.onWarning?.(`provider ${p.id}: ${conf.error}; requests routed to it fail with 502 until it is set`);
    }
  }

  /** Listens (writing gateway.json), then reports the pack's warnings and starts retention. */
  private async serve(): Promise<void> {
    const pack = this.activePack;
    await this.listen();
    this.reportWarnings(pack, this.listenAddress);
    await this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), HOUR_MS);
    this.pruneTimer.unref();
  }

  private show(path: string): string {
    return this.options.showPath?.(path) ?? path;
  }

  private async loadHashSecret(): Promise<string> {
    const file = join(this.options.stateDir, 'hash-key');
    const existing = (await readIfExists(file))?.trim();
    if (existing) return existing;
    const fresh = randomBytes(32).toString('base64url');
    await writeFileAtomic(file, `${fresh}\n`, 0o600);
    return fresh;
  }

  /**
   * Checks and prepares a pack. On a reload (`serving`: the pack being served) requests keep being answered
   * with it meanwhile: the parse and lint of a large pack run on a worker thread (pack-check-thread.ts),
   * and requests that arrived during them are answered before the chain is compiled, which holds the
   * event loop (closures and automata cannot be built elsewhere) - unless the pack is the one served
   * (same document hash: `keep_pack`, a SIGHUP with the file unchanged), whose chain is taken as it is.
   */
  private async prepare(source: PackSource, origin: string, serving?: ActivePack): Promise<ActivePack> {
    const read =
      serving === undefined ? await parsePack(source, this.options.env) : await checkPack(source, this.options.env);
    if (!read.ok) throw new PackInvalid(read.diagnostics);
    if (serving !== undefined) await setImmediate();
    try {
      return await activate(read, origin, {
        ...(serving !== undefined ? { serving } : {}),
        prepareChain: this.options.prepareChain,
        pushedBaseDir: dirname(this.options.packFile),
        // A dry run on a state directory without a store resolves no config variable (this.store unset).
        secrets: { env: this.options.env, store: (name) => this.store?.resolveValue(name) },
        now: this.now,
      });
    } catch (e) {
      if (e instanceof PackInvalid) throw new PackInvalid(locateDiagnostics(e.diagnostics, source.text));
      throw e;
    }
  }

  private async listen(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handling++;
      void this.handle(req, res).finally(() => {
        if (--this.handling === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
      });
    };
    this.server = createListener(
      this.tls,
      {
        headersTimeoutMs: this.options.headersTimeoutMs ?? 10_000,
        requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
        maxConnections: Math.max(1024, this.maxConcurrency * 16),
      },
      handler,
      (refusal) => this.options.onRequest?.(refusalLogLine(this.now(), refusal, this.activePack)),
    );
    await listenOn(this.server, this.options.port, this.options.host);
    const addr = this.server.address() as AddressInfo;
    this.listenAddress = addr.address;
    this.url = this.clientUrl();
    await this.writeInfo();
  }

  /** The URL kt's commands on this machine use (clientHost): it follows the certificate served. */
  private clientUrl(): string {
    const addr = this.server.address() as AddressInfo;
    return `${this.tls ? 'https' : 'http'}://${clientHost(this.options.host, addr, this.tls)}:${addr.port}`;
  }

  /** The write of gateway.json under way, if any: close waits for it before removing the file. */
  private infoWrite: Promise<void> = Promise.resolve();
  private stopping = false;

  /** Writes gateway.json atomically (temp file, rename): what kt's commands on this machine read. */
  private writeInfo(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const write = writeFileAtomic(
      join(this.options.stateDir, 'gateway.json'),
      JSON.stringify(
        {
          url: this.url,
          pid: process.pid,
          tls: this.tls !== undefined,
          gateway_id: this.gatewayId,
          started_at: new Date(this.startedAt).toISOString(),
          admin_token_file:
            this.options.adminTokenFile === undefined
              ? join(this.options.stateDir, 'admin-token')
              : this.options.adminTokenFile,
        },
        null,
        2,
      ),
      0o600,
    );
    this.infoWrite = write.catch(() => {});
    return write;
  }

  /** The address the server is bound to (after listen). */
  private listenAddress = '';

  /** Whether the server is bound to a wildcard address (every interface), where `url` names loopback. */
  get listensOnEveryInterface(): boolean {
    return isWildcard(this.listenAddress);
  }

  /** Whether the server takes connections from other machines (bound beyond loopback). */
  get listensBeyondLoopback(): boolean {
    return !isLoopbackHost(this.listenAddress);
  }

  /** Reports the warnings of `pack` served on `address` (onWarning, `file:line:col`); returns how many. */
  private reportWarnings(pack: ActivePack, address: string): number {
    const warnings = [...pack.warnings, ...this.lockoutWarnings(pack, address)];
    for (const w of warnings)
      this.options.onWarning?.(`${this.show(this.options.packFile)}:${w.line}:${w.column}: ${w.code}: ${w.message}`);
    return warnings.length;
  }

  /** A warning (positioned in the pack) when `pack`'s allowlist refuses every client a listener on `address` can have. */
  private lockoutWarnings(pack: ActivePack, address = this.listenAddress): Diagnostic[] {
    const message = pack.guard.loopbackLockout(address);
    if (message === undefined) return [];
    return locateDiagnostics(
      [
        {
          code: 'gateway.loopback_denied',
          severity: 'warning',
          message,
          path: 'gateway.ip_allowlist',
          line: 1,
          column: 1,
        },
      ],
      pack.text,
    );
  }

  get active(): ActivePack {
    return this.activePack;
  }

  get eventLog(): EventLog {
    return this.events;
  }

  private evalContext = (phases: EvalContext['phases'], earlier?: readonly StepResult[]): EvalContext => ({
    now: this.now(),
    phases,
    failMode: this.failMode,
    random: Math.random,
    clockUs: () => performance.now() * 1000,
    hashKey: this.hashKey,
    ...(earlier === undefined ? {} : { earlierSteps: earlier }),
  });

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const t0 = performance.now();
    const requestId = requestIdFor(req);
    const pack = this.activePack;
    pack.refs++;
    let outcome: RequestOutcome | undefined;
    let status = 500;
    let denial: string | undefined;
    const url = requestTarget(req.url);
    const path = url.pathname;
    const method = routeMethod(req);
    const isModel = MODEL_PATH.test(path);
    const isDataPlane = (path === '/v1/chat/completions' || path === '/v1/models' || isModel) && method !== 'OPTIONS';
    try {
      const net = pack.guard.checkAddress(req.socket.remoteAddress);
      if (!net.allowed) throw new HttpError(403, 'access_denied', net.code!, net.message!);
      if (net.logOnly)
        this.options.onWarning?.(
          `request ${requestId} from ${req.socket.remoteAddress} is outside the IP allowlist (on_deny: log)`,
        );
      if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1 && req.headers.host === undefined) {
        // RFC 9112 §3.2: a 400, and the connection closed as the parser's own 400s close it.
        res.shouldKeepAlive = false;
        throw badRequest('an HTTP/1.1 request needs a Host header');
      }
      const ambiguous = ambiguousCredentials(req);
      if (ambiguous !== undefined) throw ambiguous;
      if (method === 'OPTIONS' && !isAdminPath(path)) {
        // 204 with Allow (admin routes answer it in handleAdmin, after the token check).
        if (!sendOptions(res, requestId, path)) throw noRoute(method, path);
        status = 204;
      } else if (isDataPlane) {
        // Audit before throughput: when the disk cannot keep up with events, refuse new work instead
        // of buffering records without bound.
        if (this.events.backlog > MAX_EVENT_BACKLOG) {
          throw new HttpError(
            503,
            'server_error',
            'event_log_backlog',
            'the event log is not keeping up; retry shortly',
            { retryAfter: 1 },
          );
        }
        // A slot is taken once the request is read, so slow uploads (bounded by the request timeout)
        // cannot starve the clients that are ready to be served.
        let slot = false;
        const acquireSlot = () => {
          if (slot) return;
          if (this.inFlight >= this.maxConcurrency) {
            throw new HttpError(
              503,
              'server_error',
              'overloaded',
              `the gateway is serving ${this.maxConcurrency} requests; retry shortly`,
              { retryAfter: 1 },
            );
          }
          this.inFlight++;
          this.metrics.inFlight = this.inFlight;
          slot = true;
        };
        try {
          const ua = pack.guard.checkUserAgent(req.headers['user-agent']);
          if (!ua.allowed) throw new HttpError(403, 'access_denied', ua.code!, ua.message!);
          if (path === '/v1/models' || isModel) {
            if (method !== 'GET') throw noRoute(req.method ?? '', path);
            acquireSlot();
            resolveIdentity(req, pack, this.keys);
            sendJson(res, 200, isModel ? retrieveModel(pack, path) : listModels(pack), { 'x-request-id': requestId });
            status = 200;
          } else {
            if (method !== 'POST') throw noRoute(req.method ?? '', path);
            // A connection that closes once the shutdown deadline has cut it was ended by the gateway, not the client.
            let cut = false;
            res.once('close', () => (cut = this.cutting && !res.writableFinished));
            outcome = await chatCompletions(req, res, requestId, pack, {
              keys: this.keys,
              sessions: this.sessions,
              evalContext: this.evalContext,
              ...(net.logOnly === true
                ? {
                    flaggedConnection: {
                      clientIp: req.socket.remoteAddress ?? '',
                      ...(typeof req.headers['user-agent'] === 'string'
                        ? { userAgent: req.headers['user-agent'] }
                        : {}),
                    },
                  }
                : {}),
              maxBodyBytes: this.maxBodyBytes,
              writeStallMs: this.options.writeStallTimeoutMs ?? 30_000,
              acquireSlot,
              onFailover: (from, to) => this.metrics.failovers.inc({ from, to }),
              observeTarget: (target, result) => this.providerHealth.observe(target, result),
              ...(this.options.onWarning !== undefined ? { warn: this.options.onWarning } : {}),
              shutdown: this.shutdown.signal,
              observeUpstream: (provider, s) => this.metrics.upstreamSeconds.observe({ provider }, s),
            });
            if (cut && outcome.reasonCode === 'client.closed') {
              // Recorded as what it is (docs/gateway.md, "Signals"): 503, the gateway went away mid-request.
              outcome.status = 503;
              outcome.reasonCode = 'gateway.shutdown';
            }
            status = outcome.status;
          }
        } finally {
          if (slot) {
            this.inFlight--;
            this.metrics.inFlight = this.inFlight;
          }
        }
      } else if (path === '/health' && method === 'GET') {
        // A probe without the admin token shares its round with other such callers (SHARED_PROBE_MS).
        const probe = url.searchParams.get('probe') === 'providers';
        const body = await this.health(probe ? (isAdmin(req, this.adminTokenDigest) ? 'fresh' : 'shared') : undefined);
        sendJson(res, 200, body, { 'x-request-id': requestId });
        status = 200;
      } else if (path === '/metrics' && method === 'GET') {
        const text = this.metrics.render();
        res
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'x-request-id': requestId })
          .end(text);
        status = 200;
      } else if (
        await handleAdmin(req, res, url, requestId, {
          adminTokenDigest: this.adminTokenDigest,
          gatewayId: this.gatewayId,
          keys: this.keys,
          events: this.events,
          store: this.store,
          active: () => this.activePack,
          reload: (doc, dry) =>
            this.reload(doc === KEEP_PACK || doc === undefined ? doc : { origin: 'pushed', text: doc }, dry),
        })
      ) {
        status = res.statusCode;
      } else {
        throw noRoute(req.method ?? '', url.pathname);
      }
    } catch (e) {
      const err =
        e instanceof HttpError
          ? e
          : e instanceof PackInvalid
            ? undefined
            : e instanceof KtError && e.code === 'config.event_log_damaged'
              ? eventLogDamaged(e)
              : new HttpError(500, 'server_error', 'internal_error', 'internal error');
      const answered = listenerAnswer(req);
      if (answered !== undefined) {
        // The listener answered it already (a body too slow: 408), under this id: nothing more is sent, and
        // what it sent is logged, not the failed read that followed.
        status = answered;
      } else if (err === undefined) {
        const inv = e as PackInvalid;
        status = 422;
        sendError(
          res,
          requestId,
          new HttpError(422, 'validation_error', 'invalid_pack', inv.message, {
            body: { diagnostics: inv.diagnostics, ...(inv.file === undefined ? {} : { file: inv.file }) },
          }),
        );
      } else {
        if (err.status === 500) this.options.onWarning?.(`request ${requestId}: ${(e as Error).message}`);
        status = err.status;
        if (err.status === 401 || err.status === 403) denial = err.code;
        if (!res.headersSent) sendError(res, requestId, err);
        else res.destroy();
      }
    } finally {
      pack.refs--;
      if (pack.retired && pack.refs === 0) void closePack(pack);
    }
    const latencyMs = performance.now() - t0;
    const recorded = isDataPlane && url.pathname === '/v1/chat/completions';
    if (isDataPlane) {
      this.requestsProcessed++;
      // One route label for every model id: ids a client makes up must not grow the metrics without bound.
      observeRequest(this.metrics, isModel ? '/v1/models/{id}' : url.pathname, status, outcome, latencyMs);
      if (recorded) this.recorder.record(pack, requestId, outcome, status, latencyMs, denial);
    }
    this.options.onRequest?.(
      requestLogLine(
        this.now(),
        req,
        loggedPath(url.pathname, (id) => servesModel(pack, id)),
        requestId,
        status,
        outcome,
        latencyMs,
        pack,
        recorded ? denial : undefined,
      ),
    );
  }

  async health(probe?: ProbeRequest): Promise<Record<string, unknown>> {
    const pack = this.activePack;
    const providers = await this.providerHealth.report(pack, probe);
    const eventLogError = this.recorder.error;
    // A failing event log degrades health too: the gateway still serves, but the audit trail has gaps.
    const degraded = Object.values(providers).some((p) => p.status !== 'reachable') || eventLogError !== undefined;
    return {
      status: degraded ? 'degraded' : 'healthy',
      event_log: eventLogError === undefined ? { status: 'ok' } : { status: 'failing', error: eventLogError },
      version: this.options.version,
      uptime_seconds: Math.floor((this.now() - this.startedAt) / 1000),
      pack: { name: pack.model.pack.name, version: pack.model.pack.version, hash: pack.hash, loaded_at: pack.loadedAt },
      policies_loaded: pack.model.chain.length,
      requests_processed: this.requestsProcessed,
      providers,
      tls: { enabled: this.tls !== undefined, ...(this.tls ? { not_after: this.tls.notAfter } : {}) },
      auth: { admin_token: true },
    };
  }

  /**
   * Validates and swaps in a new pack (from `source`, else the pack file). Reloads are serialised.
   * KEEP_PACK is the pack served when this reload's turn comes, not when it was asked for: a rotation's
   * reload queued behind a push (`kt gateway reload --file` of a large pack, still being checked) would
   * otherwise swap the pushed pack back out.
   * Throws PackInvalid when the new pack cannot be enforced; the old one keeps serving.
   */
  reload(source: PackSource | typeof KEEP_PACK | undefined, dryRun = false): Promise<ReloadOutcome> {
    const run = async (): Promise<ReloadOutcome> => {
      const previous = this.activePack;
      const given = source === KEEP_PACK ? { origin: previous.source, text: previous.text } : source;
      let next: ActivePack;
      let nextTls: ServerTls | undefined;
      try {
        const src =
          given ??
          (await readPackFile(this.options.packFile).catch((e: unknown) => {
            // One message for the log line, `kt gateway reload` and the admin API's JSON answer alike:
            // the file as the operator typed it and the system's error in words (it was a bare errno,
            // `cannot read /abs/pack.yaml (ENOENT)`).
            throw new PackInvalid([
              {
                code: 'pack.unreadable',
                severity: 'error',
                message: `cannot read the pack file ${this.show(this.options.packFile)}: ${describeFsError(e)}`,
                path: '',
                line: 1,
                column: 1,
              },
            ]);
          }));
        // The origin is the pack file, `pushed`, or (the served pack again) whichever of those it came from.
        next = await this.prepare(src, src.origin, previous);
        nextTls = await this.checkTlsUnchanged(next);
      } catch (e) {
        // A dry run is a check, not a reload: a CI job that tries a bad pack must not raise the alert on
        // rejected reloads of the gateway it asked (as a good one does not count as applied).
        if (!dryRun) this.metrics.reloads.inc({ result: 'rejected' });
        // Positions are in the pack file the gateway read; say which (an operator reloading by SIGHUP or
        // without --file does not have the path in front of them).
        const origin = given?.origin ?? this.options.packFile;
        if (e instanceof PackInvalid && origin !== 'pushed') e.file = origin;
        throw e;
      }
      const outcome: ReloadOutcome = {
        reloaded: !dryRun,
        previous: { name: previous.model.pack.name, version: previous.model.pack.version, hash: previous.hash },
        current: { name: next.model.pack.name, version: next.model.pack.version, hash: next.hash },
        ...packChanges(previous, next),
        diagnostics: [...next.warnings, ...this.lockoutWarnings(next)],
        ...(next.source !== 'pushed' ? { file: next.source } : {}),
      };
      if (dryRun) {
        await closePack(next);
        return outcome;
      }
      if (nextTls !== undefined && this.server instanceof https.Server) {
        // New handshakes use the new certificate; established connections keep theirs. Set before the swap:
        // serverTlsFromPack (above, in the checks that reject a reload) already built a context from these
        // very options, so OpenSSL has accepted them, and nothing of the new pack serves until they are in.
        this.server.setSecureContext(nextTls.options);
        this.tls = nextTls;
        // A reload cannot turn TLS on or off nor move the listener (checkTlsUnchanged), but the new
        // certificate may name other hosts: the URL kt's commands verify it at follows it (a certificate
        // for `localhost` alone does not verify at 127.0.0.1), and gateway.json says so.
        const url = this.clientUrl();
        if (url !== this.url) {
          this.url = url;
          await this.writeInfo().then(
            () => this.options.onWarning?.(`the new certificate names another host: kt's commands now use ${url}`),
            (e: unknown) =>
              this.options.onWarning?.(`cannot rewrite gateway.json with the new URL ${url}: ${describeFsError(e)}`),
          );
        }
      }
      this.activePack = next;
      this.metrics.pack = { name: next.model.pack.name, version: next.model.pack.version, hash: next.hash };
      this.metrics.reloads.inc({ result: 'applied' });
      previous.retired = true;
      if (previous.refs === 0) void closePack(previous);
      return outcome;
    };
    const result = this.reloading.then(run, run);
    this.reloading = result.catch(() => {});
    return result;
  }

  /** TLS mode cannot change on a live socket; certificates can (applied by the caller on swap). */
  private async checkTlsUnchanged(next: ActivePack): Promise<ServerTls | undefined> {
    const base = join(next.source === 'pushed' ? this.options.packFile : next.source, '..');
    let tls: ServerTls | undefined;
    try {
      tls = await serverTlsFromPack(next.model.gateway, base, this.now());
    } catch (e) {
      throw new PackInvalid(locateDiagnostics([tlsDiagnostic(e as Error)], next.text));
    }
    const tlsChanged = (tls === undefined) !== (this.tls === undefined);
    if (tlsChanged || (tls?.clientAuth ?? false) !== (this.tls?.clientAuth ?? false)) {
      // At the section that changed (its `enabled` line when it has one), as lint findings point: it was 1:1.
      const section = tlsChanged ? 'gateway.tls' : 'gateway.mtls';
      const body = next.model.gateway[section.slice('gateway.'.length)];
      const hasEnabled = body !== null && typeof body === 'object' && !Array.isArray(body) && 'enabled' in body;
      throw new PackInvalid(
        locateDiagnostics(
          [
            {
              code: 'gateway.tls_changed',
              severity: 'error',
              message: tlsChanged
                ? `gateway.tls: TLS cannot be turned ${tls ? 'on' : 'off'} on reload (the listener serves ${this.tls ? 'HTTPS' : 'plain HTTP'}); restart the gateway`
                : `gateway.mtls: client certificates cannot become ${tls?.clientAuth ? 'required' : 'optional'} on reload; restart the gateway`,
              path: hasEnabled ? `${section}.enabled` : section,
              line: 1,
              column: 1,
            },
          ],
          next.text,
        ),
      );
    }
    return tls;
  }

  private async prune(): Promise<void> {
    const days = this.activePack.retentionDays;
    if (days === undefined) return;
    try {
      const removed = await this.events.prune(days);
      if (removed > 0)
        this.options.onWarning?.(`retention: removed ${removed} event segment(s) older than ${days} days`);
    } catch (e) {
      this.options.onWarning?.(`retention pruning failed: ${(e as Error).message}`);
    }
  }

  /** Resolves once no request is being handled, or after `boundMs`. */
  private idle(boundMs: number): Promise<void> {
    if (this.handling === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(bound);
        resolve();
      };
      const bound = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve();
      }, boundMs);
      this.idleWaiters.push(done);
    });
  }

  /**
   * Ends the grace period of a stop under way now (a second SIGINT or SIGTERM): the requests in flight are
   * cut as at the deadline, and the stop goes on as orderly as before. Nothing when no stop is under way.
   */
  hurry(): void {
    this.cutNow?.();
  }

  /** Stops accepting, lets requests in flight finish (up to `graceMs`), flushes events, removes gateway.json. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const cut = () => {
      clearTimeout(timer);
      this.cutNow = undefined;
      this.cutting = true;
      // Requests still running are told first (their upstream calls are cancelled and they answer 503 /
      // end their stream with an error event, see failedAnswer); a client that takes no data cannot hold
      // the stop up, so whatever is left after a moment is cut.
      this.shutdown.abort();
      void this.idle(CUT_ANSWER_MS).then(() => this.server.closeAllConnections());
    };
    const timer = setTimeout(cut, graceMs);
    this.cutNow = cut;
    await closed;
    clearTimeout(timer);
    this.cutNow = undefined;
    // Requests cut at the deadline still end and record their event after their connection is gone: the
    // log closes after them, or those events were lost ("file closed"). Bounded, so a handler that never
    // ends cannot keep the gateway from stopping.
    await this.idle(2_000);
    await this.events.close();
    await closePack(this.activePack);
    // A reload that is rewriting gateway.json (a new certificate) must not put it back once removed.
    this.stopping = true;
    await this.infoWrite;
    await rm(join(this.options.stateDir, 'gateway.json'), { force: true });
    await this.unlock();
  }
}

/**
 * The request target as a URL. A target that starts with `/` is a path, `//` included (RFC 9112 §3.2.1:
 * empty segments are part of it): resolved against a base, `//v1/chat/completions` read `v1` as a host and
 * routed, logged and answered `/chat/completions`, and `//x/v1/models` was served as `/v1/models`.
 */
function requestTarget(target = '/'): URL {
  try {
    return target.startsWith('/')
      ? new URL(`http://gateway.invalid${target}`)
      : new URL(target, 'http://gateway.invalid');
  } catch {
    return new URL('http://gateway.invalid/invalid-request-target');
  }
}

/** 0.0.0.0 and :: - every interface of the machine. */
function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/**
 * The host of the URL that clients on this machine (kt's own commands, through gateway.json) use: the
 * address bound, loopback of its family for a wildcard bind (a connection to 0.0.0.0 is not one every
 * system makes, and reads as a remote host). Over TLS, when the certificate does not name that address
 * but names the host given to --listen (`localhost`, or `localhost` for a wildcard), that name: a
 * certificate for `localhost` alone does not verify at 127.0.0.1.
 */
function clientHost(given: string, bound: AddressInfo, tls: ServerTls | undefined): string {
  const address = isWildcard(bound.address) ? (bound.family === 'IPv6' ? '::1' : '127.0.0.1') : bound.address;
  const literal = bound.family === 'IPv6' ? `[${address}]` : address;
  if (tls === undefined) return literal;
  const bare = given.replace(/^\[|\]$/g, '');
  const name = bare !== '' && isIP(bare) === 0 ? bare : isWildcard(bound.address) ? 'localhost' : undefined;
  if (name === undefined || tls.certificate.checkIP(address) !== undefined) return literal;
  return tls.certificate.checkHost(name) !== undefined ? name : literal;
}

/**
 * The answer to a query that met a damaged event log (a segment that is not a regular file, a line with no
 * end): 500 saying so, with the segment's name (not its path on this host), so `kt events list` tells the
 * operator to verify the log rather than report an internal error.
 */
function eventLogDamaged(e: KtError): HttpError {
  const segment = e.details.file === undefined ? '' : `${basename(e.details.file)}: `;
  return new HttpError(
    500,
    'server_error',
    'event_log_damaged',
    `${segment}${e.message}; check it with kt events verify on the gateway's state directory`,
  );
}

/** What `kt gateway run --dry-run` found (Gateway.dryRun): the shape of its JSON summary. */
export interface StartCheck {
  pack: { name: string; version: string; hash: string };
  policies: number;
  providers: Array<{
    id: string;
    provider: string;
    env?: string;
    store?: string;
    /** Whether the key its `secret_key_ref` names is there now (never the value); `none`: it has no ref. */
    secret: 'none' | 'set' | 'missing';
  }>;
  tls: { enabled: boolean; client_auth?: boolean; not_after?: string };
  /** The address the probe bound and released (port 0: the free port it got, which a start would not reuse). */
  listen: { address: string; port: number };
  state_dir: { exists: boolean; gateway_keys: number; config_vars: number };
  /** Warnings printed on stderr (pack lint warnings and the like), as a real start prints them. */
  warnings: number;
}

/** true: a directory; false: nothing there; undefined: something else (a file, or a file on the way). */
async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory() ? true : undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * Binds `host:port` as the server would and releases it: the errors are those of a real start's listen
 * (EADDRINUSE, EACCES, EADDRNOTAVAIL, a name that does not resolve). Returns the address bound.
 */
async function probeListen(port: number, host: string): Promise<{ address: string; port: number }> {
  const server = createServer();
  await listenOn(server, port, host);
  const addr = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { address: addr.address, port: addr.port };
}
