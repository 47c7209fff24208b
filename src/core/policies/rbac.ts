/**
 * rbac (identity phase). Dry-run and gateway semantics (docs/policy-semantics.md):
 * - `require_auth`: the request must carry an identity. The gateway fills `payload.identity` from a
 *   verified gateway key; in `kt policy eval` the payload's `identity` object stands for that verified
 *   identity (a bare `Authorization` header is not a verified identity). Missing -> 401.
 * - `deny_if_missing`: each name is looked up as an identity attribute (`role`, `team`, `user`, ...)
 *   and then as a request header (case-insensitive, e.g. `X-Tenant`); the gateway's identity headers
 *   (`X-User-ID`, `X-User-Role`, `X-Team-ID`) also by the attribute they carry. Missing -> 403. The names of the
 *   verified identity's own attributes (IDENTITY_ATTRIBUTES) come from the identity only: a client that
 *   sends `Role: admin` has not got a role.
 * - `roles.<role>.allowed_tools` / `denied_tools` (globs, `*` wildcard): tool actions of the request
 *   checked against the caller's role. A denied tool -> 403. A role without tool rules (or no role) takes
 *   the `*` entry; without one it may use no tool (fail closed: an unlisted role is not unrestricted).
 *   The calls in the model's answer (`upstream_response`) are checked the same way in the output phase:
 *   a client runs the tools its model asks for, so an answer that calls a tool the caller's role may not
 *   use is blocked (409 output_blocked) rather than handed over.
 * - `roles.<role>.allowed_models` (globs): the models the caller's role may be served by. The model is
 *   the one the gateway would send upstream: each provider target the request could be routed to
 *   (`targetsFor`, failover included) with its own `model`, else the request's `model`. A model outside
 *   the list -> 403. As for tools, a role without `allowed_models` (or no role) takes the `*` entry's,
 *   and without one may use no model; a request whose model cannot be known (no `model`, and a target
 *   without one) is denied too, since the check cannot be made.
 */
import type { Finding } from '../types.js';
import { escapePointerToken, extractToolCalls, payloadHeader, type ToolCallRef } from '../detectors/payload-text.js';
import { compileDenyGlobs, compileGlobs, shownName } from '../detectors/tool-glob.js';
import { bool, obj, strList } from './config.js';
import { targetsFor } from './data-routing-policy.js';
import { allow, type PolicyKind, type StepOutcome } from './types.js';
import { isRecord } from '../pack/json.js';

/** Attributes of the verified identity (gateway key or dry-run `identity`): never taken from a header. */
const IDENTITY_ATTRIBUTES = new Set(['user', 'role', 'team', 'id', 'user_id', 'team_id', 'key_id']);

/**
 * The gateway's identity headers (docs/gateway.md, `trust_identity_headers`) and the attribute each
 * carries. `deny_if_missing: [X-User-ID]` (the reference's example) asks for the caller's user: a
 * verified gateway key supplies it, and the gateway drops the untrusted header itself, so reading the
 * name as a header only denied every request that came with a key.
 */
const IDENTITY_HEADERS: Readonly<Record<string, string>> = {
  'x-user-id': 'user',
  'x-user-role': 'role',
  'x-team-id': 'team',
};

function present(v: unknown): boolean {
  return (typeof v === 'string' && v.trim().length > 0) || typeof v === 'number' || (Array.isArray(v) && v.length > 0);
}

/**
 * Where a missing `deny_if_missing` name was looked for: the identity attribute for the identity's own
 * names and the gateway's identity headers (`X-User-ID` -> `/identity/user`), else the request header.
 */
function missingPath(name: string): string {
  const lower = name.toLowerCase();
  if (IDENTITY_ATTRIBUTES.has(lower)) return `/identity/${lower}`;
  if (Object.hasOwn(IDENTITY_HEADERS, lower)) return `/identity/${IDENTITY_HEADERS[lower]!}`;
  return `/headers/${escapePointerToken(name)}`;
}

interface RoleTools {
  allowed: ((n: string) => boolean) | null;
  denied: (n: string) => boolean;
}

/** The role of the payload's (verified) identity, if any. */
function roleOf(payload: unknown): string | undefined {
  const identity = isRecord(payload) && isRecord(payload.identity) ? payload.identity : {};
  return typeof identity.role === 'string' ? identity.role : undefined;
}

/** Blocks the calls of `calls` that `role` may not use under `roles` (see the header), or undefined when it may use them all. */
function deniedTools(
  roles: ReadonlyMap<string, RoleTools>,
  role: string | undefined,
  calls: readonly ToolCallRef[],
  answer: boolean,
): StepOutcome | undefined {
  // A role without tool rules (or no role) takes the '*' entry; without one it may use no tool,
  // so an unlisted role never has more tools than the roles the pack restricts.
  const rules = role === undefined ? roles.get('*') : (roles.get(role) ?? roles.get('*'));
  const denied = calls.filter(
    (t) => rules === undefined || rules.denied(t.name) || (rules.allowed !== null && !rules.allowed(t.name)),
  );
  if (denied.length === 0) return undefined;
  // As agent-firewall shows them: a look-alike or invisible character visible, a long name cut (shownName).
  const names = [...new Set(denied.map((t) => shownName(t.name)))].join(', ');
  const who =
    rules === undefined
      ? `${role === undefined ? 'no role on the request' : `role ${role} has no tool rules`} in roles (and no '*' entry): no tools allowed`
      : `role ${role ?? '*'} may not use`;
  return {
    verdict: 'block',
    reason_code: 'rbac.tool_denied',
    findings: denied.map((t): Finding => ({
      type: 'tool_denied',
      detector: 'rbac',
      path: t.path,
      start: 0,
      end: t.name.length,
      preview: shownName(t.name),
    })),
    message:
      rules === undefined
        ? `${who} (${names})${answer ? ': the answer calls them' : ''}`
        : `${who} ${names}${answer ? ', which the answer calls' : ''}`,
  };
}

/** The models a request would be served by (see the header); undefined stands for "not known". */
function servedModels(
  targets: readonly { id: string; model?: string | undefined }[],
  requested: unknown,
): (string | undefined)[] {
  const asked = typeof requested === 'string' && requested.length > 0 ? requested : undefined;
  if (targets.length === 0) return [asked];
  return [...new Set(targetsFor(targets, requested).map((t) => t.model ?? asked))];
}

/** Blocks a request served by a model that `role` may not use under `models`, or undefined when every model is allowed. */
function deniedModel(
  models: ReadonlyMap<string, (n: string) => boolean>,
  role: string | undefined,
  served: readonly (string | undefined)[],
): StepOutcome | undefined {
  const allowed = role === undefined ? models.get('*') : (models.get(role) ?? models.get('*'));
  const denied = served.filter((m) => m === undefined || allowed === undefined || !allowed(m));
  if (denied.length === 0) return undefined;
  const named = denied.filter((m) => m !== undefined);
  const message =
    allowed === undefined
      ? `${role === undefined ? 'no role on the request' : `role ${role} has no allowed_models`} in roles (and no '*' entry): no model allowed${named.length > 0 ? ` (${named.join(', ')})` : ''}`
      : named.length < denied.length
        ? `role ${role ?? '*'} is limited to allowed_models, and the request names no model to check`
        : `role ${role ?? '*'} may not use model ${named.join(', ')}`;
  return {
    verdict: 'block',
    reason_code: 'rbac.model_denied',
    findings: [
      {
        type: 'model_denied',
        detector: 'rbac',
        path: '/model',
        start: 0,
        end: 0,
        ...(denied[0] === undefined ? {} : { preview: denied[0] }),
      },
    ],
    message,
  };
}

export const rbac: PolicyKind = {
  kind: 'rbac',
  prepare(entry, pack) {
    const c = entry.config;
    const requireAuth = bool(c.require_auth, false);
    const required = strList(c.deny_if_missing);
    const roles = new Map<string, RoleTools>();
    const models = new Map<string, (n: string) => boolean>();
    for (const [role, rules] of Object.entries(obj(c.roles))) {
      const r = obj(rules);
      if (r.allowed_models !== undefined) models.set(role, compileGlobs(strList(r.allowed_models)));
      // Roles that only configure other things (data_access, ...) say nothing about tools.
      if (r.allowed_tools === undefined && r.denied_tools === undefined) continue;
      const allowedList = strList(r.allowed_tools);
      roles.set(role, {
        allowed: r.allowed_tools === undefined ? null : compileGlobs(allowedList),
        denied: compileDenyGlobs(strList(r.denied_tools)),
      });
    }
    return {
      request: ({ workspace }) => {
        const p = workspace.payload as Record<string, unknown>;
        const identity = isRecord(p.identity) ? p.identity : {};
        const headers = isRecord(p.headers) ? p.headers : {};
        const headerOf = (name: string): unknown => payloadHeader(headers, name);
        if (requireAuth && !present(identity.user) && !present(identity.role) && !present(identity.id)) {
          return {
            verdict: 'block',
            reason_code: 'rbac.unauthenticated',
            findings: [{ type: 'missing_identity', detector: 'rbac', path: '/identity', start: 0, end: 0 }],
            message: 'no verified identity on the request (require_auth)',
          };
        }
        const missing = required.filter((name) => {
          const lower = name.toLowerCase();
          const attribute = Object.hasOwn(IDENTITY_HEADERS, lower) ? IDENTITY_HEADERS[lower]! : undefined;
          return (
            !present(identity[name]) &&
            !present(identity[lower]) &&
            (attribute === undefined || !present(identity[attribute])) &&
            (IDENTITY_ATTRIBUTES.has(lower) || !present(headerOf(name)))
          );
        });
        if (missing.length > 0) {
          return {
            verdict: 'block',
            reason_code: 'rbac.missing_attribute',
            findings: missing.map((m): Finding => ({
              type: 'missing_attribute',
              detector: 'rbac',
              path: missingPath(m),
              start: 0,
              end: 0,
              preview: m,
            })),
            message: `missing ${missing.join(', ')}`,
          };
        }
        const role = roleOf(p);
        const denied =
          (models.size > 0 ? deniedModel(models, role, servedModels(pack.providers, p.model)) : undefined) ??
          (roles.size > 0 ? deniedTools(roles, role, extractToolCalls(workspace.payload, false), false) : undefined);
        return denied ?? allow(role === undefined ? undefined : `role ${role}`);
      },
      ...(roles.size === 0
        ? {}
        : {
            response: ({ workspace }) => {
              const calls = extractToolCalls(workspace.payload, true).filter((t) => t.source === 'response');
              if (calls.length === 0) return allow();
              return deniedTools(roles, roleOf(workspace.payload), calls, true) ?? allow();
            },
          }),
    };
  },
};
