/**
 * The contract between the engine and one policy kind. A kind prepares its config once (compiling
 * regexes, lexicons, automata) and returns step functions; the engine runs them in phase and chain order.
 */
import type { ChainEntry, EvalContext, Finding, PackModel, Phase, StepResult, StepVerdict } from '../types.js';
import type { Workspace } from '../detectors/payload-text.js';

/** Which side of the exchange a step function looks at. */
export type Side = 'request' | 'response';

export interface StepInput {
  /** The payload as earlier steps left it (redactions applied); steps rewrite it through `setText`. */
  workspace: Workspace;
  ctx: EvalContext;
  side: Side;
  /** Results of the steps that ran before this one, in order. */
  previous: readonly StepResult[];
}

export interface StepOutcome {
  verdict: StepVerdict;
  reason_code: string | null;
  findings: Finding[];
  score?: number;
  message?: string;
}

export type StepFn = (input: StepInput) => StepOutcome;

export interface PreparedPolicy {
  /** Runs in the kind's own phase on the request side (network, identity, input, tool phases). */
  request?: StepFn;
  /** Runs in the output phase on `upstream_response` (output kinds, and the output side of input kinds). */
  response?: StepFn;
  /** Runs last, in the audit phase (audit-logger). */
  audit?: StepFn;
  /** Reacts to earlier steps (legacy escalation items): still runs after a block stopped the chain. */
  reactive?: boolean;
}

export interface PolicyKind {
  kind: string;
  /** Compiles the config; throws Error with a readable message when the config is unusable. */
  prepare(entry: ChainEntry, pack: PackModel): PreparedPolicy;
}

// Two literals rather than a conditional spread: steps call this on every evaluation, and a spread
// builds its object key by key.
export const allow = (message?: string, findings: Finding[] = []): StepOutcome =>
  message === undefined
    ? { verdict: 'allow', reason_code: null, findings }
    : { verdict: 'allow', reason_code: null, findings, message };

export const phaseForSide = (side: Side, requestPhase: Phase): Phase => (side === 'response' ? 'output' : requestPhase);
