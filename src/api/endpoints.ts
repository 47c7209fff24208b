/**
 * Typed calls of the HTTP contract (DESIGN.md §6). Each validates its response body.
 */
import type { ApiClient, RequestOptions } from './client.js';
import {
  validateConfigVar,
  validateConfigVarList,
  validateEventsPage,
  validateEventShallow,
  validateGatewayKey,
  validateGatewayKeyList,
  validateGatewayConfig,
  validateHealth,
  validateReload,
  validateResolve,
  validateWhoami,
  type ConfigVarMeta,
  type EventsPage,
  type GatewayKeyMeta,
  type GatewayConfig,
  type Health,
  type ReloadResult,
  type ResolveResult,
  type Whoami,
} from './validate.js';
import type { EventRecord } from '../core/types.js';
import { schemaCheck } from './openapi.js';

/** Full OpenAPI check, then the typed shallow check the commands rely on. */
async function both<T>(schema: string, typed: (body: unknown) => T): Promise<(body: unknown) => T> {
  const check = await schemaCheck(schema);
  return (body) => {
    check(body);
    return typed(body);
  };
}

/** GET /health; `probe` asks the gateway to probe each provider now. */
export async function getHealth(client: ApiClient, probe = false): Promise<Health> {
  // A degraded/unhealthy gateway may answer 503 with the same body; that is data, not an error. A 503
  // that carries an error envelope (overload) or no JSON object at all (a proxy's page) rather than a
  // health report is a server error, which the client builds as for any status: the call's secrets
  // scrubbed from the message, its request id kept, retried after Retry-After.
  const isReport = (body: unknown) =>
    typeof body === 'object' && body !== null && !('error' in body && !('status' in body));
  const res = await client.request('GET', '/health', {
    query: probe ? { probe: 'providers' } : {},
    validate: await both('Health', validateHealth),
    allowStatus: (status, body) => status === 503 && isReport(body),
    idempotent: true,
  });
  return res.body;
}

/** GET /v1/whoami */
export async function whoami(client: ApiClient): Promise<Whoami> {
  return (await client.request('GET', '/v1/whoami', { validate: await both('Whoami', validateWhoami) })).body;
}

/** GET /keeptrusts/config */
export async function getGatewayConfig(client: ApiClient): Promise<GatewayConfig> {
  return (
    await client.request('GET', '/keeptrusts/config', { validate: await both('GatewayConfig', validateGatewayConfig) })
  ).body;
}

/** POST /keeptrusts/config/reload; `document` pushes YAML text instead of re-reading the file. */
/**
 * POST /keeptrusts/config/reload: a pushed `document`, `keepPack` (the served pack again, its secrets
 * resolved anew), or neither (the gateway re-reads its pack file).
 */
export async function reloadGateway(
  client: ApiClient,
  opts: { document?: string; dryRun?: boolean; keepPack?: boolean },
): Promise<ReloadResult> {
  const body =
    opts.document !== undefined
      ? { document: opts.document }
      : opts.keepPack === true
        ? { keep_pack: true }
        : undefined;
  const res = await client.request('POST', '/keeptrusts/config/reload', {
    query: opts.dryRun ? { dry_run: 'true' } : {},
    ...(body !== undefined ? { body } : {}),
    validate: await both('ReloadResult', validateReload),
  });
  return res.body;
}

export interface EventsQuery {
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
  /** `desc`: newest first, where the server supports it (the page's `order` says whether it did). */
  order?: 'desc';
  filters?: Record<string, string[]>;
}

/** The query string of GET /v1/events: the period, page size, cursor and one parameter per filter. */
function eventsQuery(q: EventsQuery): Record<string, string | number | readonly string[] | undefined> {
  const query: Record<string, string | number | readonly string[] | undefined> = {
    from: q.from,
    to: q.to,
    limit: q.limit,
    cursor: q.cursor,
    order: q.order,
  };
  for (const [k, values] of Object.entries(q.filters ?? {})) query[k] = values;
  return query;
}

/** GET /v1/events: one page. */
/** A page of GET /v1/events and the size of its body as received (bytes), which sizes the next page. */
export interface ListedEvents extends EventsPage {
  bytes: number;
}

export async function listEvents(client: ApiClient, q: EventsQuery): Promise<ListedEvents> {
  const query = eventsQuery(q);
  const eventCheck = await schemaCheck('EventRecord');
  const validate = (body: unknown) => {
    const page = validateEventsPage(body);
    if (page.events.length > 0) eventCheck(page.events[0]);
    return page;
  };
  const { body, bytes } = await client.request('GET', '/v1/events', { query, validate });
  return { ...body, bytes };
}

/**
 * GET /v1/events, the page's body as the Buffers it arrived in (see RequestOptions.rawBytes): the export
 * decodes and converts it a piece at a time, so no page-sized string is built.
 */
export async function listEventsBytes(
  client: ApiClient,
  q: EventsQuery,
  bodyBuffers?: RequestOptions<Buffer[]>['bodyBuffers'],
): Promise<Buffer[]> {
  const query = eventsQuery(q);
  return (
    await client.request<Buffer[]>(
      'GET',
      '/v1/events',
      bodyBuffers ? { query, rawBytes: true, bodyBuffers } : { query, rawBytes: true },
    )
  ).body;
}

/** GET /v1/events/{id} */
export async function getEvent(client: ApiClient, id: string): Promise<EventRecord> {
  return (
    await client.request('GET', `/v1/events/${encodeURIComponent(id)}`, {
      validate: await both('EventRecord', (b) => validateEventShallow(b)),
    })
  ).body;
}

/** GET /v1/config-variables */
export async function listConfigVars(client: ApiClient): Promise<ConfigVarMeta[]> {
  const check = await schemaCheck('ConfigVariable');
  const validate = (body: unknown) => {
    const list = validateConfigVarList(body);
    list.variables.forEach((v) => check(v));
    return list;
  };
  return (await client.request('GET', '/v1/config-variables', { validate })).body.variables;
}

/** GET /v1/config-variables/{name} */
export async function getConfigVar(client: ApiClient, name: string): Promise<ConfigVarMeta> {
  return (
    await client.request('GET', `/v1/config-variables/${encodeURIComponent(name)}`, {
      validate: await both('ConfigVariable', (b) => validateConfigVar(b)),
    })
  ).body;
}

/**
 * PUT /v1/config-variables/{name}: idempotent, so retried safely. The value never reaches a log.
 * `changed` is false when the server says the variable already held this value and description (`changed:
 * false` in its answer: no new version); a server that does not say is taken to have changed it.
 */
export async function putConfigVar(
  client: ApiClient,
  name: string,
  value: string,
  description?: string,
): Promise<{ created: boolean; changed: boolean; meta: ConfigVarMeta }> {
  const res = await client.request('PUT', `/v1/config-variables/${encodeURIComponent(name)}`, {
    body: description === undefined ? { value } : { value, description },
    secrets: [value],
    validate: await both('ConfigVariable', (b) => validateConfigVar(b)),
  });
  const { changed, ...meta } = res.body as ConfigVarMeta & { changed?: unknown };
  return { created: res.status === 201, changed: res.status === 201 || changed !== false, meta };
}

/** DELETE /v1/config-variables/{name} */
export async function deleteConfigVar(client: ApiClient, name: string): Promise<void> {
  await client.request('DELETE', `/v1/config-variables/${encodeURIComponent(name)}`);
}

/** POST /v1/config-variables/{name}/resolve: never returns the value. Read-only, so safe to retry. */
export async function resolveConfigVar(client: ApiClient, name: string): Promise<ResolveResult> {
  return (
    await client.request('POST', `/v1/config-variables/${encodeURIComponent(name)}/resolve`, {
      validate: await both('ConfigVariableResolved', validateResolve),
      idempotent: true,
    })
  ).body;
}

/** GET /keeptrusts/gateway-keys: metadata only. */
export async function listGatewayKeys(client: ApiClient): Promise<GatewayKeyMeta[]> {
  const check = await schemaCheck('GatewayKey');
  const validate = (body: unknown) => {
    const list = validateGatewayKeyList(body);
    list.keys.forEach((k) => check(k));
    return list;
  };
  return (await client.request('GET', '/keeptrusts/gateway-keys', { validate })).body.keys;
}

/**
 * POST /keeptrusts/gateway-keys: the answer carries the new key, once. Not retried: a retry after a lost
 * answer would make a second key (the first one then exists, unseen, until revoked).
 */
export async function createGatewayKey(
  client: ApiClient,
  input: { user: string; role?: string; team?: string; expires_in_seconds?: number },
): Promise<GatewayKeyMeta & { key: string }> {
  const validate = await both(
    'GatewayKeyCreated',
    (b) => validateGatewayKey(b, '$', true) as GatewayKeyMeta & { key: string },
  );
  return (await client.request('POST', '/keeptrusts/gateway-keys', { body: input, validate })).body;
}

/** DELETE /keeptrusts/gateway-keys/{id} */
export async function deleteGatewayKey(client: ApiClient, id: string): Promise<void> {
  await client.request('DELETE', `/keeptrusts/gateway-keys/${encodeURIComponent(id)}`);
}
