/**
 * Admin and control-plane routes of the local gateway (docs/http-api.md): config and reload, gateway
 * keys, events, config variables and whoami. All need the admin token, except whoami, which also
 * answers for a gateway key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Diagnostic, JsonValue } from '../core/types.js';
import type { ActivePack } from './active-pack.js';
import { chainSummary } from './active-pack.js';
import { CONFIG_VAR_NAME, type ConfigStore, MAX_VALUE_BYTES } from './config-store.js';
import type { EventLog } from './event-log.js';
import { type EventQuery, InvalidCursor, isVerdict, timeMs } from './event-query.js';
import type { GatewayKeys } from './gateway-keys.js';
import { MAX_PACK_BYTES } from './pack-source.js';
import { hasControlCharacter } from '../io/terminal-text.js';
import { secretShapeIn } from '../schema/rules/secrets.js';
import { didYouMean } from '../schema/suggest.js';
import {
  bearerToken,
  forbidden,
  noRoute,
  notFound,
  parseJsonObject,
  readBody,
  routeMethod,
  sendJson,
  sendOptions,
  unauthorized,
  validationError,
} from './http.js';

/** The reload request's `keep_pack: true`: the served pack again, secrets re-resolved (see AdminDeps.reload). */
export const KEEP_PACK: unique symbol = Symbol('keep_pack');
export interface ReloadOutcome {
  reloaded: boolean;
  previous: { name: string; version: string; hash: string };
  current: { name: string; version: string; hash: string };
  chain_changes: { added: string[]; removed: string[]; reordered: boolean };
  /** Provider target ids the new pack adds or drops (a reload that drops every target answers 502 after). */
  provider_changes: { added: string[]; removed: string[] };
  diagnostics: Diagnostic[];
  /** The pack file the diagnostics' positions are in (absent for a pushed pack). */
  file?: string;
}

export interface AdminDeps {
  adminTokenDigest: Buffer;
  gatewayId: string;
  keys: GatewayKeys;
  events: EventLog;
  store: ConfigStore;
  active: () => ActivePack;
  /**
   * A pushed document, undefined to re-read the pack file, or KEEP_PACK to activate the pack being served
   * again (its secret references resolved anew, as `kt config-vars rotate` needs; the policy unchanged).
   */
  reload: (document: string | typeof KEEP_PACK | undefined, dryRun: boolean) => Promise<ReloadOutcome>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Whether `req` carries the admin token (whose SHA-256 is `adminTokenDigest`). */
export function isAdmin(req: IncomingMessage, adminTokenDigest: Buffer): boolean {
  const token = bearerToken(req);
  return token !== undefined && timingSafeEqual(digest(token), adminTokenDigest);
}

function requireAdmin(req: IncomingMessage, deps: AdminDeps): void {
  const token = bearerToken(req);
  if (token === undefined) throw unauthorized('the admin token is required (Authorization: Bearer <token>)');
  if (!timingSafeEqual(digest(token), deps.adminTokenDigest)) {
    if (token.startsWith('kt_gk_') && deps.keys.verify(token).ok)
      throw forbidden('gateway keys cannot use admin endpoints');
    throw unauthorized('the admin token is not valid');
  }
}

/** The query parameters of GET /v1/events: bounds (with their aliases), order, and the filters. */
const EVENT_BOUNDS = ['limit', 'cursor', 'from', 'since', 'to', 'until', 'order'] as const;
const EVENT_FILTERS = [
  'verdict',
  'action',
  'policy',
  'reason',
  'provider',
  'model',
  'user',
  'team',
  'gateway',
] as const;
const EVENT_PARAMETERS: ReadonlySet<string> = new Set([...EVENT_BOUNDS, ...EVENT_FILTERS]);

/**
 * A parameter GET /v1/events does not take is refused (422 `unknown_parameter`), naming it and the ones
 * it takes: ignored, a typo (`limt=5`) or a filter in another API's shape (`filter=verdict:block`) answered
 * the whole unfiltered log as if it were the selection asked for. Parameter names are compared as sent
 * (`Limit` is not `limit`). A name is quoted only when it looks like one: a client that put a token in the
 * query must not see it come back in an error its tooling may log.
 */
function refuseUnknownEventParameters(sp: URLSearchParams): void {
  for (const name of sp.keys()) {
    if (EVENT_PARAMETERS.has(name)) continue;
    const shown = /^[A-Za-z0-9_.[\]-]{1,40}$/.test(name) && secretShapeIn(name) === undefined;
    const close = shown ? didYouMean(name, [...EVENT_PARAMETERS]) : undefined;
    throw validationError(
      `${shown ? `unknown query parameter "${name}"` : 'a query parameter that is no parameter name'}${close === undefined ? '' : ` (did you mean ${close}?)`}; ` +
        'GET /v1/events takes limit, cursor, from (or since), to (or until), order, and the filters ' +
        'verdict (or action), policy, reason, provider, model, user, team, gateway',
      'unknown_parameter',
    );
  }
}

/**
 * Key names whose string value is a credential, compared without case, `-` or `_` and by their ending
 * (`x-api-key`, `webhook_secret`, `aws_secret_access_key`, `refresh_token`): the free-form sections of a
 * pack (`agents`, `providers.models`, test inputs) are not checked by lint's E010 key list. Names that only
 * mention secrets (`secrets_action`, `secret_key_ref`, `max_tokens`) end otherwise and stay readable.
 */
const SECRET_KEY_ENDING =
  /(?:apikey|password|passwd|passphrase|secret|secretkey|accesskey|privatekey|token|bearer|authorization|credentials?|cookie)$/;
/** Values shaped like credentials whatever their key: lint's provider-key shapes, plus kt admin tokens, JWTs and bearer headers. */
const SECRET_VALUE = /^kt_admin_|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.|^bearer\s+\S/i;
const secretKey = (key: string): boolean => SECRET_KEY_ENDING.test(key.toLowerCase().replace(/[-_\s]/g, ''));
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:\s]*:)[^/?#\s]*@/i;

/** The document with secret-looking values replaced, for GET /keeptrusts/config. */
export function redactDocument(value: JsonValue, key = ''): JsonValue {
  if (Array.isArray(value)) return value.map((v) => redactDocument(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDocument(v, k);
    return out;
  }
  if (
    typeof value === 'string' &&
    (secretKey(key) || SECRET_VALUE.test(value) || secretShapeIn(value) !== undefined) &&
    !URL_PASSWORD.test(value)
  )
    return '[REDACTED]';
  // A password in a URL (`base_url: https://user:pass@host/v1`): the URL stays readable, the password not.
  if (typeof value === 'string') return value.replace(URL_PASSWORD, '$1[REDACTED]@');
  return value;
}

/**
 * A config-variable PUT body: JSON writes a control character as `\u00XX`, six bytes for one, so a value
 * within MAX_VALUE_BYTES (and a description of 2000 characters) can be six times its size on the wire.
 */
const MAX_PUT_BODY_BYTES = MAX_VALUE_BYTES * 6 + 2000 * 6 + 4096;

/**
 * A reload body: a pack of up to MAX_PACK_BYTES as a JSON string, where one byte can take six (`\u00XX`).
 * Not --max-body-bytes, which bounds chat requests: a gateway that keeps those small must still take a pack.
 */
const MAX_RELOAD_BODY_BYTES = MAX_PACK_BYTES * 6 + 4096;

/** The values `?dry_run=` takes (docs/http-api.md). */
const DRY_RUN_VALUE = /^(true|false|1|0)$/;

/** Longest gateway-key lifetime accepted: ten years. */
const MAX_KEY_LIFETIME_SECONDS = 10 * 365 * 86_400;

const packId = (p: ActivePack) => ({ name: p.model.pack.name, version: p.model.pack.version, hash: p.hash });

const list = (v: string | string[] | null | undefined): string[] | undefined => {
  if (v === undefined || v === null) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

// RFC 3339 (`T` or a space, upper or lower case), or a date alone (its UTC midnight). The offset is
// required: Date.parse reads a time without one in the gateway host's zone, which would move the period by
// that zone's offset with nothing said.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

function parseTime(v: string | null, name: string): number | undefined {
  if (v === null || v === '') return undefined;
  const m = RFC3339.exec(v);
  // The day must exist: Date.parse rolls 2026-02-30 over into March.
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  const real = day !== undefined && day.getUTCMonth() === Number(m![2]) - 1 && day.getUTCDate() === Number(m![3]);
  // To the microsecond, as events are stamped (Date.parse alone stops at the millisecond).
  const t = real ? timeMs(v.replace(' ', 'T')) : NaN;
  if (!Number.isFinite(t))
    throw validationError(
      `${name} must be an RFC 3339 timestamp with its offset (2025-04-01T00:00:00Z) or a date`,
      'invalid_time',
    );
  return t;
}

async function jsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return {};
  return parseJsonObject(raw);
}

/** A percent-encoded path step, decoded; undefined when it is not valid percent-encoding (`%zz`). */
function decodePathStep(step: string): string | undefined {
  try {
    return decodeURIComponent(step);
  } catch {
    return undefined;
  }
}

/** Paths of the admin and control-plane routes (all need the admin token; whoami is not one of them). */
export const isAdminPath = (path: string): boolean =>
  path.startsWith('/keeptrusts/') ||
  path === '/v1/events' ||
  path.startsWith('/v1/events/') ||
  path === '/v1/config-variables' ||
  path.startsWith('/v1/config-variables/');

/** Handles an admin/control-plane route; returns false when the path is not one of them. */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  deps: AdminDeps,
): Promise<boolean> {
  const path = url.pathname;
  const method = routeMethod(req);
  const h = { 'x-request-id': requestId };

  if (path === '/v1/whoami' && method === 'GET') {
    if (isAdmin(req, deps.adminTokenDigest)) {
      sendJson(res, 200, { subject: 'admin', token_type: 'admin', gateway_id: deps.gatewayId }, h);
      return true;
    }
    const token = bearerToken(req);
    const checked = token?.startsWith('kt_gk_') ? deps.keys.verify(token) : undefined;
    if (checked?.ok) {
      sendJson(
        res,
        200,
        {
          subject: checked.meta.user,
          token_type: 'gateway_key',
          gateway_id: deps.gatewayId,
          key_id: checked.meta.id,
          role: checked.meta.role,
          team: checked.meta.team,
        },
        h,
      );
      return true;
    }
    throw unauthorized();
  }

  if (!isAdminPath(path)) return false;
  requireAdmin(req, deps);
  // OPTIONS too is told about an admin route only with the admin token (as a 405 is).
  if (method === 'OPTIONS') {
    if (sendOptions(res, requestId, path)) return true;
    throw noRoute(method, path);
  }

  if (path === '/keeptrusts/config' && method === 'GET') {
    const p = deps.active();
    sendJson(
      res,
      200,
      {
        pack: { ...packId(p), loaded_at: p.loadedAt },
        shape: p.model.shape,
        chain: chainSummary(p),
        source: p.source,
        document: redactDocument(p.model.document),
      },
      h,
    );
    return true;
  }

  if (path === '/keeptrusts/config/reload' && method === 'POST') {
    // A dry run asked for in a way not understood is refused, never read as "not a dry run": `?dry_run=yes`
    // or `{"dry_run": true}` in the body used to swap the pack the operator only meant to check.
    const dryRunValues = url.searchParams.getAll('dry_run');
    if (dryRunValues.length > 1 || dryRunValues.some((v) => !DRY_RUN_VALUE.test(v)))
      throw validationError('`dry_run` must be given once, as true, false, 1 or 0');
    const dryRun = dryRunValues[0] === 'true' || dryRunValues[0] === '1';
    const body = await jsonBody(req, MAX_RELOAD_BODY_BYTES);
    const unknown = Object.keys(body).find((k) => k !== 'document' && k !== 'keep_pack');
    if (unknown !== undefined)
      throw validationError(
        `unknown field \`${unknown.slice(0, 64)}\`: the body takes \`document\` or \`keep_pack\` (a dry run is the query parameter \`dry_run=true\`)`,
      );
    if (body.document !== undefined && typeof body.document !== 'string')
      throw validationError('`document` must be the YAML text of a pack');
    if (body.keep_pack !== undefined && typeof body.keep_pack !== 'boolean')
      throw validationError('`keep_pack` must be a boolean');
    if (body.keep_pack === true && body.document !== undefined)
      throw validationError('give `document` or `keep_pack`, not both');
    const outcome = await deps.reload(
      body.keep_pack === true ? KEEP_PACK : (body.document as string | undefined),
      dryRun,
    );
    sendJson(res, 200, outcome, h);
    return true;
  }

  if (path === '/keeptrusts/gateway-keys') {
    if (method === 'GET') {
      sendJson(res, 200, { keys: deps.keys.list() }, h);
      return true;
    }
    if (method === 'POST') {
      const body = await jsonBody(req, 64 * 1024);
      // As `kt gateway keys create` checks them: no control characters (listings and logs) and no comma (an event
      // filter reads `team=a,b` as a or b, so such a name could never be filtered).
      const str = (v: unknown, name: string, required: boolean): string | undefined => {
        if (v === undefined && !required) return undefined;
        if (typeof v !== 'string' || v.length === 0 || v.length > 200 || v.includes(',') || hasControlCharacter(v))
          throw validationError(
            `\`${name}\` must be a non-empty string of at most 200 characters, without control characters or commas`,
          );
        return v;
      };
      const user = str(body.user, 'user', true)!;
      const role = str(body.role, 'role', false);
      const team = str(body.team, 'team', false);
      const exp = body.expires_in_seconds;
      // At most ten years: the expiry must stay a date that can be written (a huge lifetime made toISOString throw).
      if (
        exp !== undefined &&
        (typeof exp !== 'number' || !Number.isInteger(exp) || exp <= 0 || exp > MAX_KEY_LIFETIME_SECONDS)
      )
        throw validationError('`expires_in_seconds` must be a positive integer of at most 315360000 (ten years)');
      const created = await deps.keys.create({
        user,
        ...(role ? { role } : {}),
        ...(team ? { team } : {}),
        ...(exp !== undefined ? { expires_in_seconds: exp as number } : {}),
      });
      sendJson(res, 201, created, h);
      return true;
    }
  }
  const keyMatch = /^\/keeptrusts\/gateway-keys\/([A-Za-z0-9_]+)$/.exec(path);
  if (keyMatch && method === 'DELETE') {
    if (!(await deps.keys.delete(keyMatch[1]!))) throw notFound(`no gateway key ${keyMatch[1]}`);
    res.writeHead(204, h).end();
    return true;
  }

  if (path === '/v1/events' && method === 'GET') {
    const sp = url.searchParams;
    refuseUnknownEventParameters(sp);
    // Each bound once, in one spelling: `limit=10&limit=1000` or `from=...&since=...` took the first and
    // dropped the other with nothing said (as `order` given twice is refused).
    const once = (names: string[], code: string): string | null => {
      const values = names.flatMap((n) => sp.getAll(n));
      if (values.length > 1) throw validationError(`${names.join(' or ')} given more than once`, code);
      return values[0] ?? null;
    };
    const limitRaw = once(['limit'], 'invalid_limit');
    // Digits only: Number() also read ` 5`, `1e2` and `0x10` as a count.
    const limit = limitRaw === null ? 100 : /^\d{1,4}$/.test(limitRaw) ? Number(limitRaw) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw validationError('limit must be an integer from 1 to 1000', 'invalid_limit');
    const filters: EventQuery['filters'] = {};
    for (const key of ['verdict', 'policy', 'reason', 'provider', 'model', 'user', 'team', 'gateway'] as const) {
      const values = list(sp.getAll(key));
      if (values) filters[key] = values;
    }
    const action = list(sp.getAll('action'));
    if (action) filters.verdict = [...(filters.verdict ?? []), ...action];
    // A verdict no event can have (a typo, `verdict=bloked`) is refused, not answered with an empty page
    // that reads as "nothing was blocked".
    const unknown = filters.verdict?.find((v) => !isVerdict(v));
    if (unknown !== undefined)
      throw validationError(
        `verdict ${JSON.stringify(unknown)} is not one: allow, block, redact, escalate (or allowed, blocked, redacted, escalated)`,
      );
    const cursor = once(['cursor'], 'invalid_cursor') ?? undefined;
    if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(cursor))
      throw validationError('cursor is not valid', 'invalid_cursor');
    const from = parseTime(once(['from', 'since'], 'invalid_time'), 'from');
    const to = parseTime(once(['to', 'until'], 'invalid_time'), 'to');
    // kt's extension (docs/http-api.md): `order=desc` pages newest first. A page asked with `order` echoes
    // it, which is how a client tells this gateway from a server that ignores the parameter; one asked
    // without it keeps the contract's exact shape (`kt events export` reads that shape's tail raw).
    const orders = sp.getAll('order');
    const order = orders.length === 0 || orders[0] === '' ? 'asc' : orders[0];
    if (orders.length > 1 || (order !== 'asc' && order !== 'desc'))
      throw validationError('order must be asc or desc (once)', 'invalid_order');
    const page = await deps.events
      .query({
        limit,
        order,
        filters,
        ...(cursor ? { cursor } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      })
      .catch((e: unknown) => {
        throw e instanceof InvalidCursor ? validationError(e.message, 'invalid_cursor') : e;
      });
    sendJson(res, 200, orders.length > 0 ? { ...page, order } : page, h);
    return true;
  }
  // Any one path step under /v1/events/ is an event id, percent-encoded or not (`%65vt_...` is `evt_...`,
  // as a client or proxy may send it): one that is not an id this gateway writes is no event (404), never
  // the 405 "use GET" that a GET of it fell through to.
  const eventMatch = /^\/v1\/events\/([^/]+)$/.exec(path);
  if (eventMatch && method === 'GET') {
    const decoded = decodePathStep(eventMatch[1]!);
    // The message names a well-formed id; a step that is no id is not repeated (a client that put a secret
    // there must not see it come back in an error, which its own tooling may log).
    const id = decoded !== undefined && /^[A-Za-z0-9_]+$/.test(decoded) ? decoded : undefined;
    const found = id !== undefined ? await deps.events.get(id) : undefined;
    if (found === undefined) throw notFound(id === undefined ? 'no event: that is not an event id' : `no event ${id}`);
    sendJson(res, 200, found, h);
    return true;
  }

  if (path === '/v1/config-variables' && method === 'GET') {
    sendJson(res, 200, { variables: deps.store.list() }, h);
    return true;
  }
  const varMatch = /^\/v1\/config-variables\/([^/]+)(\/resolve)?$/.exec(path);
  if (varMatch) {
    let name: string;
    try {
      name = decodeURIComponent(varMatch[1]!);
    } catch {
      throw validationError('config variable name is not valid', 'invalid_name');
    }
    if (!CONFIG_VAR_NAME.test(name))
      throw validationError('config variable names match ^[A-Za-z0-9_.-]{1,128}$', 'invalid_name');
    if (varMatch[2] !== undefined) {
      if (method !== 'POST') throw noRoute(req.method ?? '', path);
      const meta = deps.store.get(name);
      if (meta === undefined) throw notFound(`no config variable ${name}`);
      const providers = deps.active().providers;
      const usedBy = providers.filter((p) => p.storeRef === name).map((p) => p.id);
      // Targets that read a variable of the same name from the gateway's environment: a value set in the
      // store does not reach them (kt config-vars rotate says so instead of reporting nothing to check).
      const usedByEnv = providers.filter((p) => p.envRef === name).map((p) => p.id);
      sendJson(
        res,
        200,
        {
          name,
          resolved: true,
          version: meta.version,
          updated_at: meta.updated_at,
          used_by: usedBy,
          used_by_env: usedByEnv,
        },
        h,
      );
      return true;
    }
    if (method === 'GET') {
      const meta = deps.store.get(name);
      if (meta === undefined) throw notFound(`no config variable ${name}`);
      sendJson(res, 200, meta, h);
      return true;
    }
    if (method === 'PUT') {
      const body = await jsonBody(req, MAX_PUT_BODY_BYTES);
      if (typeof body.value !== 'string' || body.value.length === 0)
        throw validationError('`value` must be a non-empty string');
      if (Buffer.byteLength(body.value) > MAX_VALUE_BYTES)
        throw validationError(`\`value\` is larger than ${MAX_VALUE_BYTES} bytes`);
      // As `kt config-vars set --description` checks it: it is listed and shown on one line (config-vars list, get).
      if (
        body.description !== undefined &&
        (typeof body.description !== 'string' ||
          body.description.length > 2000 ||
          hasControlCharacter(body.description))
      )
        throw validationError('`description` must be a string of at most 2000 characters, without control characters');
      const result = await deps.store.put(name, body.value, body.description as string | undefined);
      // `changed: false`: the same value (and description) again, nothing written and no new version.
      sendJson(res, result.created ? 201 : 200, { ...result.meta, changed: result.changed }, h);
      return true;
    }
    if (method === 'DELETE') {
      if (!(await deps.store.delete(name))) throw notFound(`no config variable ${name}`);
      res.writeHead(204, h).end();
      return true;
    }
  }
  throw noRoute(req.method ?? '', path);
}
