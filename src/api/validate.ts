/**
 * Response validators for the HTTP contract (DESIGN.md §6, schemas/openapi.json). Hand-written and
 * shallow on purpose: they check what the commands rely on, run on every event page of a million-row
 * export without showing up in the profile, and need no schema compilation at start-up. Unknown extra
 * fields are allowed (the contract may grow). Each throws an Error naming the JSON path that is wrong.
 */
import type { EventRecord } from '../core/types.js';
import type { GatewayKeyMeta } from '../core/types.js';
export type { GatewayKeyMeta };

export interface PackRef {
  name: string;
  version: string;
  hash: string;
  loaded_at?: string;
}

export interface ProviderHealth {
  status: string;
  latency_ms?: number | null;
  error?: string;
}

export interface Health {
  status: 'healthy' | 'degraded' | 'unhealthy';
  version?: string;
  uptime_seconds?: number;
  pack?: PackRef | null;
  policies_loaded?: number;
  requests_processed?: number;
  providers?: Record<string, ProviderHealth>;
  tls?: { enabled: boolean; not_after?: string | null };
  auth?: Record<string, unknown>;
}

export interface Whoami {
  subject: string;
  token_type: string;
  gateway_id?: string;
}

export interface ChainItem {
  name: string;
  kind?: string;
  phase?: string;
}

export interface GatewayConfig {
  pack: PackRef | null;
  shape?: string;
  chain: ChainItem[];
  source?: string;
}

export interface ReloadResult {
  reloaded: boolean;
  previous: PackRef | null;
  current: PackRef | null;
  chain_changes: { added: string[]; removed: string[]; reordered: boolean };
  /** Optional in the contract (older gateways and other control planes may not send it). */
  provider_changes?: { added: string[]; removed: string[] };
  diagnostics: unknown[];
  source?: string;
  /** The gateway's pack file the diagnostics point into (kt's gateway sends it unless the pack was pushed). */
  file?: string;
}

export interface EventsPage {
  events: EventRecord[];
  next_cursor: string | null;
  /** kt's gateway echoes the page order (`order=desc` is its extension); other servers may leave it out. */
  order?: 'asc' | 'desc';
}

export interface ConfigVarMeta {
  name: string;
  description?: string | null;
  version: number;
  created_at?: string;
  updated_at?: string;
  sensitive?: boolean;
}

export interface ResolveResult {
  name: string;
  resolved: boolean;
  version?: number;
  updated_at?: string;
  used_by: string[];
  /** Targets keyed by an environment variable of the same name (`secret_key_ref.env`); kt's gateway sends it, others may not. */
  used_by_env?: string[];
}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${path} must be an object`);
  return v as Obj;
}
function str(o: Obj, k: string, path: string, optional = false): void {
  const v = o[k];
  if (v === undefined && optional) return;
  if (typeof v !== 'string') throw new Error(`${path}.${k} must be a string`);
}
function num(o: Obj, k: string, path: string, optional = false): void {
  const v = o[k];
  if ((v === undefined || v === null) && optional) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${path}.${k} must be a number`);
}
function packRef(v: unknown, path: string): void {
  if (v === null) return;
  const o = obj(v, path);
  str(o, 'name', path);
  str(o, 'version', path);
  str(o, 'hash', path);
}

/** GET /health */
export function validateHealth(body: unknown): Health {
  const o = obj(body, '$');
  if (o.status !== 'healthy' && o.status !== 'degraded' && o.status !== 'unhealthy')
    throw new Error('$.status must be healthy, degraded or unhealthy');
  if (o.pack !== undefined) packRef(o.pack, '$.pack');
  num(o, 'uptime_seconds', '$', true);
  num(o, 'policies_loaded', '$', true);
  num(o, 'requests_processed', '$', true);
  if (o.providers !== undefined) {
    const providers = obj(o.providers, '$.providers');
    for (const [id, p] of Object.entries(providers)) {
      const po = obj(p, `$.providers.${id}`);
      str(po, 'status', `$.providers.${id}`);
      num(po, 'latency_ms', `$.providers.${id}`, true);
    }
  }
  if (o.tls !== undefined) {
    const t = obj(o.tls, '$.tls');
    if (typeof t.enabled !== 'boolean') throw new Error('$.tls.enabled must be a boolean');
  }
  return o as unknown as Health;
}

/** GET /v1/whoami */
export function validateWhoami(body: unknown): Whoami {
  const o = obj(body, '$');
  str(o, 'subject', '$');
  str(o, 'token_type', '$');
  return o as unknown as Whoami;
}

function chain(v: unknown, path: string): void {
  if (!Array.isArray(v)) throw new Error(`${path} must be an array`);
  v.forEach((item, i) => str(obj(item, `${path}[${i}]`), 'name', `${path}[${i}]`));
}

/** GET /keeptrusts/config */
export function validateGatewayConfig(body: unknown): GatewayConfig {
  const o = obj(body, '$');
  packRef(o.pack ?? null, '$.pack');
  chain(o.chain, '$.chain');
  return o as unknown as GatewayConfig;
}

function names(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${path} must be an array of strings`);
}

/** POST /keeptrusts/config/reload */
export function validateReload(body: unknown): ReloadResult {
  const o = obj(body, '$');
  if (typeof o.reloaded !== 'boolean') throw new Error('$.reloaded must be a boolean');
  packRef(o.previous ?? null, '$.previous');
  packRef(o.current ?? null, '$.current');
  const c = obj(o.chain_changes, '$.chain_changes');
  names(c.added, '$.chain_changes.added');
  names(c.removed, '$.chain_changes.removed');
  if (typeof c.reordered !== 'boolean') throw new Error('$.chain_changes.reordered must be a boolean');
  if (o.provider_changes !== undefined) {
    const p = obj(o.provider_changes, '$.provider_changes');
    names(p.added, '$.provider_changes.added');
    names(p.removed, '$.provider_changes.removed');
  }
  if (o.diagnostics === undefined) o.diagnostics = [];
  else if (!Array.isArray(o.diagnostics)) throw new Error('$.diagnostics must be an array');
  return o as unknown as ReloadResult;
}

/** GET /v1/events: the page envelope plus the fields every renderer reads from each event. */
export function validateEventsPage(body: unknown): EventsPage {
  const o = obj(body, '$');
  if (!Array.isArray(o.events)) throw new Error('$.events must be an array');
  if (o.next_cursor !== null && typeof o.next_cursor !== 'string')
    throw new Error('$.next_cursor must be a string or null');
  if (o.order !== undefined && o.order !== 'asc' && o.order !== 'desc') throw new Error('$.order must be asc or desc');
  const events = o.events as unknown[];
  for (let i = 0; i < events.length; i++) validateEventShallow(events[i], `$.events[${i}]`);
  return o as unknown as EventsPage;
}

/** GET /v1/events/{id} and each element of a page. */
export function validateEventShallow(v: unknown, path = '$'): EventRecord {
  const e = obj(v, path);
  if (typeof e.id !== 'string') throw new Error(`${path}.id must be a string`);
  if (typeof e.timestamp !== 'string') throw new Error(`${path}.timestamp must be a string`);
  if (typeof e.verdict !== 'string') throw new Error(`${path}.verdict must be a string`);
  return e as unknown as EventRecord;
}

/** Metadata of one config variable; rejects any response that carries a value. */
export function validateConfigVar(body: unknown, path = '$'): ConfigVarMeta {
  const o = obj(body, path);
  str(o, 'name', path);
  num(o, 'version', path);
  if ('value' in o) throw new Error(`${path} carries a value; the contract never returns values`);
  return o as unknown as ConfigVarMeta;
}

/** GET /v1/config-variables */
export function validateConfigVarList(body: unknown): { variables: ConfigVarMeta[] } {
  const o = obj(body, '$');
  if (!Array.isArray(o.variables)) throw new Error('$.variables must be an array');
  o.variables.forEach((v, i) => validateConfigVar(v, `$.variables[${i}]`));
  return o as unknown as { variables: ConfigVarMeta[] };
}

/** POST /v1/config-variables/{name}/resolve */
export function validateResolve(body: unknown): ResolveResult {
  const o = obj(body, '$');
  str(o, 'name', '$');
  if (typeof o.resolved !== 'boolean') throw new Error('$.resolved must be a boolean');
  if (o.used_by === undefined) o.used_by = [];
  names(o.used_by, '$.used_by');
  if (o.used_by_env !== undefined) names(o.used_by_env, '$.used_by_env');
  if ('value' in o) throw new Error('$ carries a value; the contract never returns values');
  return o as unknown as ResolveResult;
}

/** One gateway key's metadata; `withKey` for the answer to POST /keeptrusts/gateway-keys, the only one that carries the key. */
export function validateGatewayKey(body: unknown, path = '$', withKey = false): GatewayKeyMeta {
  const o = obj(body, path);
  for (const k of ['id', 'prefix', 'user', 'created_at']) str(o, k, path);
  for (const k of ['role', 'team', 'expires_at']) if (o[k] !== null) str(o, k, path);
  if (withKey) {
    str(o, 'key', path);
    if (!(o.key as string).startsWith('kt_gk_')) throw new Error(`${path}.key is not a gateway key (kt_gk_...)`);
  } else if ('key' in o) throw new Error(`${path} carries a key; only the answer to its creation does`);
  return o as unknown as GatewayKeyMeta;
}

/** GET /keeptrusts/gateway-keys */
export function validateGatewayKeyList(body: unknown): { keys: GatewayKeyMeta[] } {
  const o = obj(body, '$');
  if (!Array.isArray(o.keys)) throw new Error('$.keys must be an array');
  o.keys.forEach((k, i) => validateGatewayKey(k, `$.keys[${i}]`));
  return o as unknown as { keys: GatewayKeyMeta[] };
}
