/**
 * A small, contract-faithful stand-in for `kt gateway run` (the HTTP contract of DESIGN.md §6) for
 * unit and integration tests of the operator commands: loopback, port 0, with fault injection.
 * The e2e tests use the real gateway; this one lets tests script 429s, 503s and dropped connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import type { EventRecord } from '../../src/core/types.js';

/** 64 hex digits derived from `text` (the contract's hash shape). */
export const hex64 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface Fault {
  /** Only requests whose path starts with this prefix (default: any). */
  path?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
  /** Delay before answering (ms). */
  delayMs?: number;
  /** Send this text as the body, as is (for hostile bodies JSON.stringify cannot produce). */
  raw?: string;
  /**
   * Run before answering (then answered as usual unless another field says otherwise): changes the
   * client's files at a known point of its run, e.g. while an export waits for a page.
   */
  before?: () => void | Promise<void>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  userAgent?: string;
  body: string;
}

export interface FakeGatewayOptions {
  token?: string;
  events?: EventRecord[];
  status?: 'healthy' | 'degraded' | 'unhealthy';
  providers?: Record<string, { status: string; latency_ms?: number | null; error?: string }>;
  /** provider target id -> config variable name it reads (secret_key_ref.store). */
  storeRefs?: Record<string, string>;
  /** Listen on this port (to restart a "killed" gateway at the same URL). */
  port?: number;
}

export interface FakeGateway {
  url: string;
  token: string;
  requests: LoggedRequest[];
  faults: Fault[];
  events: EventRecord[];
  vars: Map<string, { value: string; description?: string; version: number; created_at: string; updated_at: string }>;
  pack: { name: string; version: string; hash: string; loaded_at: string };
  chain: string[];
  providers: Record<string, { status: string; latency_ms?: number | null; error?: string }>;
  status: 'healthy' | 'degraded' | 'unhealthy';
  /** Number of /v1/events pages served; set `dropAfterPages` to kill connections after N pages. */
  pagesServed: number;
  dropAfterPages?: number;
  /**
   * Page newest first on `order=desc` and echo the order, as kt's gateway does (default: ignore the
   * parameter, as a server without the extension). Its cursors are indexes into `events`.
   */
  newestFirst?: boolean;
  close(): Promise<void>;
}

export function makeEvent(i: number, overrides: Partial<EventRecord> = {}): EventRecord {
  const verdicts = ['allow', 'block', 'redact', 'escalate'] as const;
  const ts = new Date(Date.UTC(2025, 3, 1) + i * 60_000).toISOString().replace('Z', '000Z');
  return {
    id: `evt_${String(i).padStart(26, '0')}`,
    timestamp: ts,
    event_type: 'decision',
    verdict: verdicts[i % 4]!,
    reason_code: i % 4 === 1 ? 'prompt_injection.detected' : 'all_policies_passed',
    pack: { name: 'zero-trust', version: '1.0.0' },
    config_hash: 'sha256:abc',
    policies: [
      {
        name: 'prompt-injection',
        kind: 'prompt-injection',
        phase: 'input',
        verdict: i % 4 === 1 ? 'block' : 'allow',
        reason_code: null,
        duration_us: 12,
      },
    ],
    model: 'gpt-4o',
    provider: 'openai',
    gateway_id: 'gw_local',
    identity: { user: `user${i % 3}`, role: 'dev', team: 'platform' },
    request_id: `req_${i}`,
    latency_ms: 3,
    tokens: { input: 10, output: 20 },
    redactions: [],
    prev_hash: hex64(`e${i - 1}`),
    hash: hex64(`e${i}`),
    ...overrides,
  };
}

const filterKeys: Record<string, (e: EventRecord) => string | null> = {
  verdict: (e) => e.verdict,
  policy: (e) => e.policies.map((p) => p.name).join(','),
  reason: (e) => e.reason_code,
  provider: (e) => e.provider,
  model: (e) => e.model,
  user: (e) => e.identity.user,
  team: (e) => e.identity.team,
  gateway: (e) => e.gateway_id,
};

export async function startFakeGateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const sockets = new Set<Socket>();
  const gw: FakeGateway = {
    url: '',
    token: options.token ?? 'kt_admin_testtoken0000000000000000000000000000',
    requests: [],
    faults: [],
    events: options.events ?? [],
    vars: new Map(),
    pack: {
      name: 'zero-trust',
      version: '1.0.0',
      hash: `sha256:${hex64('zero-trust 1.0.0')}`,
      loaded_at: '2025-04-01T00:00:00Z',
    },
    chain: ['rbac', 'prompt-injection', 'pii-detector'],
    providers: options.providers ?? { openai: { status: 'reachable', latency_ms: 5 } },
    status: options.status ?? 'healthy',
    pagesServed: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const storeRefs = options.storeRefs ?? { openai: 'OPENAI_API_KEY' };
  let seq = 0;

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const rid = `req_fake_${++seq}`;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': rid, ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const err = (
    res: ServerResponse,
    status: number,
    type: string,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => send(res, status, { error: { type, code, message, request_id: `req_fake_${seq + 1}` }, ...extra }, headers);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const logged: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
    if (req.headers.authorization) logged.authorization = req.headers.authorization;
    if (req.headers['user-agent']) logged.userAgent = req.headers['user-agent'];
    gw.requests.push(logged);

    const faultIndex = gw.faults.findIndex((f) => !f.path || url.pathname.startsWith(f.path));
    if (faultIndex >= 0) {
      const fault = gw.faults.splice(faultIndex, 1)[0]!;
      await fault.before?.();
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.raw !== undefined) {
        res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.raw);
        return;
      }
      if (fault.status) {
        send(
          res,
          fault.status,
          fault.body ?? { error: { type: 'server_error', code: 'injected', message: 'injected fault' } },
          fault.headers,
        );
        return;
      }
    }

    const path = url.pathname;
    if (req.method === 'GET' && path === '/health') {
      if (url.searchParams.get('probe') === 'providers') {
        for (const [id, p] of Object.entries(gw.providers)) {
          const ref = storeRefs[id];
          if (ref && !gw.vars.has(ref))
            gw.providers[id] = { status: 'unconfigured', latency_ms: null, error: `config variable ${ref} is not set` };
          else if (ref) gw.providers[id] = { status: 'reachable', latency_ms: 4 };
          else gw.providers[id] = p;
        }
      }
      const anyDown = Object.values(gw.providers).some((p) => p.status !== 'reachable');
      const status = gw.status !== 'healthy' ? gw.status : anyDown ? 'degraded' : 'healthy';
      send(res, 200, {
        status,
        version: '0.1.0',
        uptime_seconds: 3725,
        pack: gw.pack,
        policies_loaded: gw.chain.length,
        requests_processed: 42,
        providers: gw.providers,
        tls: { enabled: false },
        auth: { admin_token: true },
      });
      return;
    }
    if (req.headers.authorization !== `Bearer ${gw.token}`) {
      err(res, 401, 'access_denied', 'unauthorized', 'missing or invalid token');
      return;
    }
    if (req.method === 'GET' && path === '/v1/whoami')
      return send(res, 200, { subject: 'admin', token_type: 'admin', gateway_id: 'gw_local' });
    if (req.method === 'GET' && path === '/keeptrusts/config') {
      return send(res, 200, {
        pack: gw.pack,
        shape: 'current',
        chain: gw.chain.map((name) => ({ name, kind: name, phase: 'input' })),
        source: '/tmp/pack.yaml',
        document: {},
      });
    }
    if (req.method === 'POST' && path === '/keeptrusts/config/reload') {
      const dry = url.searchParams.get('dry_run') === 'true';
      let next = { ...gw.pack };
      let chain = gw.chain;
      const doc = body ? (JSON.parse(body) as { document?: string; keep_pack?: boolean }).document : undefined;
      // `keep_pack: true` (kt config-vars rotate): the served pack again, unchanged.
      if (doc !== undefined) {
        if (doc.includes('INVALID')) {
          return err(res, 422, 'validation_error', 'invalid_pack', 'pack is invalid', {
            diagnostics: [{ code: 'E001', severity: 'error', message: 'bad thing', path: '/pack', line: 2, column: 3 }],
          });
        }
        const version = /version:\s*(\S+)/.exec(doc)?.[1] ?? gw.pack.version;
        const name = /name:\s*(\S+)/.exec(doc)?.[1] ?? gw.pack.name;
        chain = [...doc.matchAll(/^\s+- ([a-z-]+)\s*$/gm)].map((m) => m[1]!);
        next = { name, version, hash: `sha256:${hex64(doc)}`, loaded_at: '2025-04-02T00:00:00Z' };
      }
      const added = chain.filter((c) => !gw.chain.includes(c));
      const removed = gw.chain.filter((c) => !chain.includes(c));
      const result = {
        reloaded: !dry,
        previous: { name: gw.pack.name, version: gw.pack.version, hash: gw.pack.hash },
        current: { name: next.name, version: next.version, hash: next.hash },
        chain_changes: { added, removed, reordered: false },
        diagnostics: [],
        source: body ? 'pushed' : '/tmp/pack.yaml',
      };
      if (!dry) {
        gw.pack = next;
        gw.chain = chain;
      }
      return send(res, 200, result);
    }
    if (req.method === 'GET' && path === '/v1/events') {
      gw.pagesServed++;
      if (gw.dropAfterPages !== undefined && gw.pagesServed > gw.dropAfterPages) {
        req.socket.destroy();
        return;
      }
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 1000);
      const cursor = url.searchParams.get('cursor');
      let start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      const filters: Array<[string, string[]]> = [];
      for (const key of Object.keys(filterKeys)) {
        const values = url.searchParams.getAll(key).flatMap((v) => v.split(','));
        if (values.length > 0) filters.push([key, values]);
      }
      const matches = (e: EventRecord) =>
        (!from || Date.parse(e.timestamp) >= Date.parse(from)) &&
        (!to || Date.parse(e.timestamp) < Date.parse(to)) &&
        filters.every(([k, vs]) => vs.some((v) => (filterKeys[k]!(e) ?? '').split(',').includes(v)));
      const page: EventRecord[] = [];
      if (gw.newestFirst === true && url.searchParams.get('order') === 'desc') {
        // The cursor is the index of the oldest event given: the next page is the events before it.
        let end = cursor ? start : gw.events.length;
        while (end > 0 && page.length < limit) {
          const e = gw.events[--end]!;
          if (matches(e)) page.push(e);
        }
        const before = end > 0 ? Buffer.from(String(end)).toString('base64url') : null;
        return send(res, 200, { events: page, next_cursor: before, order: 'desc' });
      }
      while (start < gw.events.length && page.length < limit) {
        const e = gw.events[start++]!;
        if (matches(e)) page.push(e);
      }
      const next = start < gw.events.length ? Buffer.from(String(start)).toString('base64url') : null;
      return send(res, 200, { events: page, next_cursor: next });
    }
    const eventMatch = /^\/v1\/events\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && eventMatch) {
      const e = gw.events.find((x) => x.id === decodeURIComponent(eventMatch[1]!));
      return e ? send(res, 200, e) : err(res, 404, 'not_found', 'not_found', 'no such event');
    }
    if (req.method === 'GET' && path === '/v1/config-variables') {
      return send(res, 200, { variables: [...gw.vars.entries()].map(([name, v]) => meta(name, v)) });
    }
    const varMatch = /^\/v1\/config-variables\/([^/]+)(\/resolve)?$/.exec(path);
    if (varMatch) {
      const name = decodeURIComponent(varMatch[1]!);
      if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name))
        return err(res, 422, 'validation_error', 'invalid_name', 'invalid name');
      const v = gw.vars.get(name);
      if (varMatch[2]) {
        if (req.method !== 'POST') return err(res, 405, 'invalid_request', 'method_not_allowed', 'use POST');
        if (!v) return err(res, 404, 'not_found', 'not_found', `config variable ${name} not found`);
        const usedBy = Object.entries(storeRefs)
          .filter(([, n]) => n === name)
          .map(([id]) => id);
        return send(res, 200, { name, resolved: true, version: v.version, updated_at: v.updated_at, used_by: usedBy });
      }
      if (req.method === 'GET')
        return v
          ? send(res, 200, meta(name, v))
          : err(res, 404, 'not_found', 'not_found', `config variable ${name} not found`);
      if (req.method === 'DELETE') {
        if (!v) return err(res, 404, 'not_found', 'not_found', `config variable ${name} not found`);
        gw.vars.delete(name);
        return send(res, 204);
      }
      if (req.method === 'PUT') {
        const parsed = JSON.parse(body) as { value?: unknown; description?: string };
        if (typeof parsed.value !== 'string' || parsed.value === '')
          return err(res, 422, 'validation_error', 'invalid_value', 'value must be a non-empty string');
        // The contract: the same value (and description) again changes nothing, no new version.
        if (v && v.value === parsed.value && (parsed.description === undefined || parsed.description === v.description))
          return send(res, 200, { ...meta(name, v), changed: false });
        const now = new Date().toISOString();
        const next = {
          value: parsed.value,
          version: (v?.version ?? 0) + 1,
          created_at: v?.created_at ?? now,
          updated_at: now,
          ...((parsed.description ?? v?.description) ? { description: parsed.description ?? v?.description } : {}),
        };
        gw.vars.set(name, next);
        return send(res, v ? 200 : 201, { ...meta(name, next), changed: true });
      }
    }
    return err(res, 404, 'not_found', 'not_found', `no route ${req.method} ${path}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { type: 'server_error', code: 'internal', message: String(e) } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', () => r()));
  gw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return gw;
}

function meta(name: string, v: { description?: string; version: number; created_at: string; updated_at: string }) {
  return {
    name,
    description: v.description ?? '',
    version: v.version,
    created_at: v.created_at,
    updated_at: v.updated_at,
    sensitive: true,
  };
}
