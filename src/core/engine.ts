/**
 * The policy engine: `prepareChain(pack)` compiles every step once; `evaluate(payload, ctx)` runs them
 * and returns a Decision (DESIGN.md §3.3, §4; docs/policy-semantics.md).
 *
 * Order: request side = network (the `gateway:` section's controls, in dry runs only: the gateway checks
 * the connection itself), identity, input, tool phases (chain order within a phase); response
 * side = output phase (output kinds and the output side of pii/dlp/safety/agent-firewall/embedding, in
 * chain order) on `payload.upstream_response`; then the audit phase. Precedence block > escalate >
 * redact > allow. A block stops the chain (later steps `skipped`, except audit, which records it, and
 * legacy escalation items, which react to it) unless
 * `ctx.mode` is `exhaustive`. A throwing step reports `error` and counts as `ctx.failMode` (block).
 */
import type {
  ChainEntry,
  Decision,
  EvalContext,
  GatewayAnswer,
  PackModel,
  Payload,
  Phase,
  PreparedChain,
  StepResult,
  Verdict,
} from './types.js';
import { phaseOf } from './pack/kinds.js';
import { checkPayloadBounds, Workspace } from './detectors/payload-text.js';
import { prepareGatewayNetwork } from './policies/gateway-network.js';
import { policyKinds } from './policies/index.js';
import type { Side, StepFn, StepOutcome } from './policies/types.js';

interface PlannedStep {
  entry: ChainEntry;
  phase: Phase;
  side: Side | 'audit';
  /** Absent for kinds without an implementation or whose config failed to prepare. */
  fn?: StepFn;
  /** Why there is no fn: `policy.not_implemented` or a prepare error message. */
  unavailable?: { reason: 'policy.not_implemented' | 'policy.disabled' | 'policy.config_error'; detail: string };
  /** Output side of an input kind: only runs when there is a response. */
  dualSide?: boolean;
  reactive?: boolean;
  /** The `gateway:` section's network step: runs only in dry runs (`ctx.simulateNetwork`). */
  simulated?: boolean;
}

const REQUEST_PHASES: readonly Phase[] = ['network', 'identity', 'input', 'tool'];
const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };

function safePhase(kind: string): Phase {
  try {
    return phaseOf(kind);
  } catch {
    return 'input';
  }
}

function plan(pack: PackModel): PlannedStep[] {
  const request: PlannedStep[] = [];
  const response: PlannedStep[] = [];
  const audit: PlannedStep[] = [];
  for (const entry of pack.chain) {
    const phase = safePhase(entry.kind);
    const kind = policyKinds.get(entry.kind);
    /** A step that never evaluates (disabled, not implemented, or a config that does not compile). */
    const placeUnavailable = (unavailable: NonNullable<PlannedStep['unavailable']>) => {
      const side = phase === 'output' ? 'response' : phase === 'audit' ? 'audit' : 'request';
      (side === 'audit' ? audit : side === 'response' ? response : request).push({ entry, phase, side, unavailable });
    };
    if (entry.disabled === true) {
      placeUnavailable({ reason: 'policy.disabled', detail: `${entry.name} has enabled: false` });
      continue;
    }
    if (kind === undefined) {
      placeUnavailable({
        reason: 'policy.not_implemented',
        detail: `kind ${entry.kind} is not implemented by this kt version`,
      });
      continue;
    }
    let prepared;
    try {
      prepared = kind.prepare(entry, pack);
    } catch (e) {
      placeUnavailable({ reason: 'policy.config_error', detail: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (prepared.request !== undefined)
      request.push({
        entry,
        phase,
        side: 'request',
        fn: prepared.request,
        ...(prepared.reactive === true ? { reactive: true } : {}),
      });
    if (prepared.response !== undefined)
      response.push({
        entry,
        phase: 'output',
        side: 'response',
        fn: prepared.response,
        dualSide: prepared.request !== undefined,
      });
    if (prepared.audit !== undefined) audit.push({ entry, phase: 'audit', side: 'audit', fn: prepared.audit });
  }
  request.sort((a, b) => REQUEST_PHASES.indexOf(a.phase) - REQUEST_PHASES.indexOf(b.phase));
  const network = networkStep(pack);
  return [...(network === undefined ? [] : [network]), ...request, ...response, ...audit];
}

/** The `gateway:` section's ip_allowlist / bot_detection as the first request step, when either is on. */
function networkStep(pack: PackModel): PlannedStep | undefined {
  const entry: ChainEntry = { name: 'gateway', kind: 'gateway-network', config: pack.gateway, pointer: '/gateway' };
  try {
    const fn = prepareGatewayNetwork(pack.gateway);
    return fn === undefined ? undefined : { entry, phase: 'network', side: 'request', fn, simulated: true };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      entry,
      phase: 'network',
      side: 'request',
      simulated: true,
      unavailable: { reason: 'policy.config_error', detail },
    };
  }
}

/** What a step result means for the decision (errors follow the fail mode; block_pending blocks). */
function effective(r: StepResult, failMode: 'block' | 'allow'): Verdict {
  if (r.verdict === 'error') return failMode;
  if (r.verdict === 'skipped') return 'allow';
  if (r.verdict === 'escalate' && r.reason_code === 'escalation.block_pending') return 'block';
  return r.verdict;
}

function gatewayAnswer(verdict: Verdict, step: StepResult | undefined, reason: string): GatewayAnswer {
  if (step === undefined || (verdict !== 'block' && verdict !== 'escalate')) return { status: 200 };
  const message = step.message ?? step.error ?? reason;
  if (verdict === 'block' && (step.phase === 'network' || step.phase === 'identity')) {
    const unauthenticated = reason === 'rbac.unauthenticated';
    // The codes the gateway answers: `unauthorized` for a request without a valid key (src/runtime/data-plane.ts),
    // and its network denials' own codes (ip_not_allowed, bot_blocked, ...).
    const code = unauthenticated
      ? 'unauthorized'
      : reason.startsWith('access.')
        ? reason.slice('access.'.length)
        : 'forbidden';
    return {
      status: unauthenticated ? 401 : 403,
      error: {
        type: 'access_denied',
        code,
        policy: step.policy,
        message: `Request denied: ${message}`,
      },
    };
  }
  if (verdict === 'escalate') {
    return {
      status: 409,
      error: {
        type: 'policy_violation',
        code: 'escalation_required',
        policy: step.policy,
        message: `Held for review: ${message}`,
      },
    };
  }
  const code = step.phase === 'output' ? 'output_blocked' : step.phase === 'tool' ? 'tool_blocked' : 'input_blocked';
  const what = step.phase === 'output' ? 'Response' : 'Request';
  // A pack's own message (prompt-injection `response.message`) is the answer as written when it already says
  // so: the documented template's "Request blocked: potential prompt injection detected" was sent as
  // "Request blocked: Request blocked: ...".
  const prefix = `${what} blocked: `;
  const text = message.toLowerCase().startsWith(prefix.toLowerCase()) ? message : `${prefix}${message}`;
  return {
    status: 409,
    error: { type: 'policy_violation', code, policy: step.policy, message: text },
  };
}

/**
 * What the decision says about a step that threw: the error's class only. Its message can quote the
 * payload (a JSON.parse message, a judge's error), and the decision is printed and answered to the client.
 */
function thrownError(e: unknown): string {
  if (!(e instanceof Error)) return 'policy threw a non-Error value';
  const name = /^[A-Za-z_$][\w$]{0,63}$/.test(e.name) ? e.name : 'Error';
  return `policy threw ${name}`;
}

const hasResponse = (p: Payload): boolean => p.upstream_response !== undefined && p.upstream_response !== null;

function invalidPayload(problem: string): Decision {
  return {
    verdict: 'block',
    reason_code: 'payload.invalid',
    blocked_by: null,
    steps: [],
    request: {},
    http: { status: 422, error: { type: 'validation_error', code: 'invalid_payload', message: problem } },
  };
}

/**
 * A step's result with every field in one order (one object shape for all steps, built by assignment:
 * an object spread here cost more than the audit-only chain's whole evaluation).
 */
function stepResult(
  s: PlannedStep,
  verdict: StepResult['verdict'],
  reason: string | null,
  message?: string,
): StepResult {
  const result: StepResult = {
    policy: s.entry.name,
    kind: s.entry.kind,
    phase: s.phase,
    verdict,
    reason_code: reason,
    findings: [],
    duration_us: 0,
  };
  if (message !== undefined) result.message = message;
  return result;
}

/**
 * Compiles a pack's chain once. Never throws for a normalised pack: a kind without an implementation
 * becomes a `skipped` step (`policy.not_implemented`), a config that cannot be compiled an `error` step.
 */
export function prepareChain(pack: PackModel): PreparedChain {
  const steps = plan(pack);
  const disabled = pack.pack.enabled === false;

  function evaluate(payload: Payload, ctx: EvalContext): Decision {
    const problem = checkPayloadBounds(payload);
    if (problem !== null) return invalidPayload(problem);
    const failMode = ctx.failMode ?? 'block';
    const exhaustive = ctx.mode === 'exhaustive';
    const phases = ctx.phases ?? 'all';
    const clock = ctx.clockUs;
    const ws = new Workspace(payload);
    const results: StepResult[] = [];
    let stopped = false;
    /** Whether a response-side step ran on the answer (so the answer in the decision is the checked one). */
    let responseChecked = false;
    const responsePresent = hasResponse(payload);

    for (const s of steps) {
      if (s.simulated === true && ctx.simulateNetwork !== true && ctx.connection === undefined) continue;
      if (s.side === 'request' && phases === 'response') continue;
      if (s.side !== 'request' && phases === 'request') continue;
      if (s.side === 'response' && s.dualSide === true && !responsePresent) continue;
      if (disabled) {
        results.push(stepResult(s, 'skipped', 'pack.disabled', 'pack.enabled is false'));
        continue;
      }
      // An unimplemented or disabled step is reported as such even after a block: the operator must see it
      // never checks.
      if (s.unavailable?.reason === 'policy.not_implemented' || s.unavailable?.reason === 'policy.disabled') {
        results.push(stepResult(s, 'skipped', s.unavailable.reason, s.unavailable.detail));
        continue;
      }
      if (stopped && s.side !== 'audit' && s.reactive !== true) {
        results.push(stepResult(s, 'skipped', 'chain.short_circuit'));
        continue;
      }
      if (s.fn === undefined) {
        const u = s.unavailable!;
        const result = stepResult(s, 'error', u.reason);
        result.error = u.detail;
        results.push(result);
        if (effective(result, failMode) === 'block' && !exhaustive) stopped = true;
        continue;
      }
      if (s.side === 'response' && !responsePresent) {
        results.push(stepResult(s, 'skipped', 'output.no_response', 'no upstream_response to check'));
        continue;
      }
      if (s.side === 'response') responseChecked = true;
      const t0 = clock?.() ?? 0;
      let outcome: StepOutcome;
      let error: string | undefined;
      try {
        outcome = s.fn({ workspace: ws, ctx, side: s.side === 'response' ? 'response' : 'request', previous: results });
      } catch (e) {
        error = thrownError(e);
        outcome = { verdict: 'error', reason_code: 'policy.error', findings: [] };
      }
      const duration = clock === undefined ? 0 : Math.max(0, Math.round(clock() - t0));
      const result = stepResult(s, outcome.verdict, outcome.reason_code);
      result.findings = outcome.findings;
      result.duration_us = duration;
      if (outcome.score !== undefined) result.score = outcome.score;
      if (outcome.message !== undefined) result.message = outcome.message;
      if (error !== undefined) result.error = error;
      results.push(result);
      if (effective(result, failMode) === 'block' && !exhaustive) stopped = true;
    }

    let verdict: Verdict = 'allow';
    let deciding: StepResult | undefined;
    for (const r of results) {
      const v = effective(r, failMode);
      if (RANK[v] > RANK[verdict]) {
        verdict = v;
        deciding = r;
      }
    }
    // An allow with a step that threw (fail mode allow) did not pass every policy: it says so.
    const reason =
      deciding === undefined
        ? results.some((r) => r.verdict === 'error')
          ? 'policy.failed_open'
          : 'all_policies_passed'
        : (deciding.reason_code ?? (deciding.verdict === 'error' ? 'policy.error' : `${deciding.kind}.${verdict}`));
    const finalPayload = ws.payload;
    const { upstream_response: answer, ...request } = finalPayload;
    // The answer is part of the decision only as the output phase left it, or when the chain has no output
    // step to run on it. A request blocked before the output phase (the gateway never calls the upstream)
    // or a request-only run has no checked answer: the raw one, which may hold what the output steps
    // would have redacted, is left out.
    const response = responseChecked || (!stopped && phases !== 'request') ? answer : undefined;
    return {
      verdict,
      reason_code: reason,
      blocked_by: verdict === 'block' && deciding !== undefined ? deciding.policy : null,
      steps: results,
      request: request as Payload,
      ...(response === undefined ? {} : { response }),
      http: gatewayAnswer(verdict, deciding, reason),
    };
  }

  return { pack, evaluate };
}
