/**
 * The network phase of a dry run: the pack's `gateway:` section (`ip_allowlist`, `bot_detection`) applied
 * to the payload as the gateway applies it to a connection (src/runtime/network-guard.ts; both use
 * detectors/network.ts). Not a chain kind: the engine adds this step, named `gateway`, in front of the
 * chain when the section switches a control on, and runs it only when `ctx.simulateNetwork` is set
 * (`kt policy eval` / `kt policy test`); the gateway has already checked the real connection.
 *
 * What stands for the connection:
 * - `client_ip`: the client address, checked against `ip_allowlist`.
 * - `headers` (names case-insensitive) `User-Agent`, checked by `bot_detection`; with `headers` and no
 *   User-Agent, `require_user_agent` denies, as the gateway would.
 * A payload without `client_ip` (or without `headers`) leaves that control unchecked: a chat body says
 * nothing about its transport, and a dry run must not invent an address. The step names each check it
 * could not run, as quality-scorer and citation-verifier name what they could not evaluate: a
 * `not_evaluated` finding (detector `gateway.ip_allowlist`, `gateway.bot_detection.require_user_agent`,
 * `gateway.bot_detection.block_known_bots`) and a clause of its message, with the reason
 * `network.no_client_ip` / `network.no_headers` (the allowlist's first). With neither field the step is
 * `skipped`; otherwise it is a flagged allow.
 * Denials carry the gateway's reason codes (`access.ip_not_allowed|user_agent_required|bot_blocked`) and
 * answer 403 `access_denied` with the same error codes. `on_deny: log` lets the request through with a
 * finding, a message and the reason code (a flagged allow, which audit-logger `log_all_access: false`
 * records). The gateway runs this step on its real connection when it let a client through that way
 * (EvalContext.connection).
 */
import {
  checkAddress,
  checkUserAgent,
  hasNetworkControls,
  networkRules,
  type NetworkVerdict,
} from '../detectors/network.js';
import { payloadHeader } from '../detectors/payload-text.js';
import type { Finding, JsonObject } from '../types.js';
import type { StepFn, StepOutcome } from './types.js';
import { isRecord } from '../pack/json.js';

const denied = (v: NetworkVerdict, path: string): StepOutcome => ({
  verdict: 'block',
  reason_code: `access.${v.code!}`,
  findings: [{ type: v.code!, detector: 'gateway.network', path, start: 0, end: 0 }],
  message: v.message!,
});

/** A control the payload gave nothing to check with (`path`: the field it would have read). */
const notChecked = (check: string, path: string): Finding => ({
  type: 'not_evaluated',
  detector: `gateway.${check}`,
  path,
  start: 0,
  end: 0,
});

/** The network step of a pack, or undefined when its `gateway:` section switches no control on. Throws on a bad CIDR range. */
export function prepareGatewayNetwork(gateway: JsonObject): StepFn | undefined {
  const rules = networkRules(gateway);
  if (!hasNetworkControls(rules)) return undefined;
  const uaRules = rules.requireUserAgent || rules.blockKnownBots;
  return ({ workspace, ctx }) => {
    // The gateway's connection when it gives one (EvalContext.connection), else the payload's stand-ins.
    const payload = workspace.payload as Record<string, unknown>;
    const p: Record<string, unknown> =
      ctx.connection === undefined
        ? payload
        : {
            client_ip: ctx.connection.clientIp,
            headers: ctx.connection.userAgent === undefined ? {} : { 'user-agent': ctx.connection.userAgent },
          };
    const ipKnown = rules.allow !== undefined && typeof p.client_ip === 'string';
    const headersKnown = uaRules && isRecord(p.headers);
    // Each control that could not run is a `not_evaluated` finding naming it and a clause of the message:
    // never a silent pass (a reader of the step table saw `allow` and took the user agent as checked).
    const unchecked: string[] = [];
    const findings: Finding[] = [];
    // The reason of a step that left a control unchecked: the allowlist's first.
    let uncheckedReason: string | null = null;
    if (rules.allow !== undefined && !ipKnown) {
      unchecked.push('no client_ip: gateway.ip_allowlist was not checked');
      findings.push(notChecked('ip_allowlist', '/client_ip'));
      uncheckedReason = 'network.no_client_ip';
    }
    if (uaRules && !headersKnown) {
      const checks = [
        ...(rules.requireUserAgent ? ['require_user_agent'] : []),
        ...(rules.blockKnownBots ? ['block_known_bots'] : []),
      ];
      unchecked.push(`no headers: gateway.bot_detection was not checked (${checks.join(', ')})`);
      for (const check of checks) findings.push(notChecked(`bot_detection.${check}`, '/headers'));
      uncheckedReason ??= 'network.no_headers';
    }
    if (!ipKnown && !headersKnown) {
      return { verdict: 'skipped', reason_code: uncheckedReason, findings, message: unchecked.join('; ') };
    }
    let noted: string | null = null;
    if (ipKnown) {
      const ip = checkAddress(rules, p.client_ip as string);
      if (!ip.allowed) return denied(ip, '/client_ip');
      if (ip.logOnly === true) {
        findings.push({ type: ip.code!, detector: 'gateway.network', path: '/client_ip', start: 0, end: 0 });
        unchecked.push(`${ip.message!} (on_deny: log)`);
        noted = `access.${ip.code!}`;
      }
    }
    if (headersKnown) {
      const value = payloadHeader(p.headers as Record<string, unknown>, 'user-agent');
      const ua = checkUserAgent(rules, typeof value === 'string' ? value : undefined);
      if (!ua.allowed) return denied(ua, '/headers');
    }
    // A client let through by on_deny: log, or a control left unchecked, is a flagged allow: its reason code
    // says what was noted (the denial that was only logged first).
    const reason = noted ?? uncheckedReason;
    return unchecked.length === 0
      ? { verdict: 'allow', reason_code: reason, findings }
      : { verdict: 'allow', reason_code: reason, findings, message: unchecked.join('; ') };
  };
}
