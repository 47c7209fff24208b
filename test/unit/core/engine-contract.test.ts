// Property tests of the engine's contract (DESIGN.md §4, docs/policy-semantics.md): phase order and chain
// order within a phase, precedence block > escalate > redact > allow, the short-circuit (audit still
// runs) and exhaustive mode, fail modes, and a Decision whose verdict, reason_code, blocked_by and http
// agree with its steps. Real kinds are swapped for scripted ones, each answering what its config says.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { policyKinds } from '../../../src/core/policies/index.js';
import type { PolicyKind, StepOutcome } from '../../../src/core/policies/types.js';
import type { ChainEntry, Decision, JsonObject, Phase, StepResult, Verdict } from '../../../src/core/types.js';

type Script = Verdict | 'throw';

/** One stand-in kind per phase (the network phase's kind has no implementation of its own). */
const SCRIPTED: ReadonlyArray<{ kind: string; phase: Phase }> = [
  { kind: 'bot-detector', phase: 'network' },
  { kind: 'rbac', phase: 'identity' },
  { kind: 'pii-detector', phase: 'input' },
  { kind: 'dlp-filter', phase: 'input' },
  { kind: 'agent-firewall', phase: 'tool' },
  { kind: 'quality-scorer', phase: 'output' },
  { kind: 'citation-verifier', phase: 'output' },
];
const PHASES: readonly Phase[] = ['network', 'identity', 'input', 'tool', 'output', 'audit'];
const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };
/** Text a thrown error carries: the content of the payload, which must not reach the Decision. */
const PAYLOAD_TEXT = 'jane.doe@example.com';

function scripted(kind: string, phase: Phase): PolicyKind {
  return {
    kind,
    prepare(entry) {
      const script = entry.config.script as Script;
      const reason = `${kind}.${script}`;
      const fn = (): StepOutcome => {
        if (script === 'throw') throw new Error(`failed on ${PAYLOAD_TEXT}`);
        return { verdict: script, reason_code: script === 'allow' ? null : reason, findings: [] };
      };
      return phase === 'output' ? { response: fn } : { request: fn };
    },
  };
}

const registry = policyKinds as Map<string, PolicyKind>;
const saved = new Map<string, PolicyKind | undefined>();
beforeAll(() => {
  for (const { kind, phase } of SCRIPTED) {
    saved.set(kind, registry.get(kind));
    registry.set(kind, scripted(kind, phase));
  }
});
afterAll(() => {
  for (const [kind, original] of saved) {
    if (original === undefined) registry.delete(kind);
    else registry.set(kind, original);
  }
});

interface Planned {
  name: string;
  kind: string;
  phase: Phase;
  script: Script | 'audit';
}

/** What the contract says the steps are, in order. */
function expectedSteps(planned: Planned[], exhaustive: boolean, failMode: 'block' | 'allow') {
  const ordered = [...planned].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
  let stopped = false;
  return ordered.map((p) => {
    if (p.script === 'audit') return { ...p, verdict: 'allow' as const, effective: 'allow' as Verdict };
    if (stopped) return { ...p, verdict: 'skipped' as const, effective: 'allow' as Verdict };
    const verdict = p.script === 'throw' ? ('error' as const) : p.script;
    const effective: Verdict = p.script === 'throw' ? failMode : p.script;
    if (effective === 'block' && !exhaustive) stopped = true;
    return { ...p, verdict, effective };
  });
}

function checkDecision(d: Decision, planned: Planned[], exhaustive: boolean, failMode: 'block' | 'allow'): void {
  const want = expectedSteps(planned, exhaustive, failMode);
  expect(d.steps.map((s) => [s.policy, s.phase, s.verdict])).toEqual(want.map((w) => [w.name, w.phase, w.verdict]));
  const strongest = want.reduce<Verdict>((v, w) => (RANK[w.effective] > RANK[v] ? w.effective : v), 'allow');
  expect(d.verdict).toBe(strongest);
  const deciding = want.find((w) => w.effective === strongest && strongest !== 'allow');
  const decidingStep: StepResult | undefined =
    deciding === undefined ? undefined : d.steps.find((s) => s.policy === deciding.name);
  if (deciding === undefined) {
    const failedOpen = want.some((w) => w.verdict === 'error');
    expect(d.reason_code).toBe(failedOpen ? 'policy.failed_open' : 'all_policies_passed');
  } else {
    expect(d.reason_code).toBe(decidingStep!.reason_code);
  }
  expect(d.blocked_by).toBe(strongest === 'block' ? deciding!.name : null);
  if (strongest === 'allow' || strongest === 'redact') {
    expect(d.http).toEqual({ status: 200 });
  } else if (strongest === 'escalate') {
    expect(d.http).toMatchObject({
      status: 409,
      error: { type: 'policy_violation', code: 'escalation_required', policy: deciding!.name },
    });
  } else if (deciding!.phase === 'network' || deciding!.phase === 'identity') {
    expect(d.http).toMatchObject({ status: 403, error: { type: 'access_denied', code: 'forbidden' } });
  } else {
    const code = { input: 'input_blocked', tool: 'tool_blocked', output: 'output_blocked' }[
      deciding!.phase as 'input' | 'tool' | 'output'
    ];
    expect(d.http).toMatchObject({ status: 409, error: { type: 'policy_violation', code, policy: deciding!.name } });
  }
  // What a step threw is the payload's business: it reaches neither the steps nor the gateway's answer.
  expect(JSON.stringify(d.steps)).not.toContain(PAYLOAD_TEXT);
  expect(JSON.stringify(d.http)).not.toContain(PAYLOAD_TEXT);
}

const script = fc.constantFrom<Script>('allow', 'redact', 'escalate', 'block', 'throw');
const chainArb = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...SCRIPTED), script), { minLength: 1, maxLength: 8 }),
    fc.integer({ min: -1, max: 8 }),
  )
  .map(([items, auditAt]) => {
    const planned: Planned[] = items.map(([{ kind, phase }, s], i) => ({ name: `s${i}`, kind, phase, script: s }));
    if (auditAt >= 0)
      planned.splice(Math.min(auditAt, planned.length), 0, {
        name: 'audit',
        kind: 'audit-logger',
        phase: 'audit',
        script: 'audit',
      });
    return planned;
  });

function packOf(planned: Planned[]) {
  const chain: ChainEntry[] = planned.map((p) => ({
    name: p.name,
    kind: p.kind,
    config: (p.script === 'audit' ? {} : { script: p.script }) as JsonObject,
    pointer: `/policy/${p.name}`,
  }));
  return {
    shape: 'current' as const,
    pack: { name: 't', version: '1.0.0', enabled: true },
    chain,
    providers: [],
    gateway: {},
    testing: {},
    document: {},
  };
}

const payload = {
  messages: [{ role: 'user', content: `write to ${PAYLOAD_TEXT}` }],
  upstream_response: { choices: [{ message: { role: 'assistant', content: `done, ${PAYLOAD_TEXT}` } }] },
};

describe('engine contract (scripted steps)', () => {
  it('orders phases, applies precedence, short-circuits and decides as its steps say', () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.constantFrom('short-circuit', 'exhaustive'),
        fc.constantFrom('block', 'allow'),
        (planned, mode, failMode) => {
          const d = prepareChain(packOf(planned)).evaluate(payload, {
            now: 0,
            mode: mode as 'short-circuit',
            failMode: failMode as 'block',
          });
          checkDecision(d, planned, mode === 'exhaustive', failMode as 'block');
        },
      ),
      { numRuns: 400 },
    );
  });
});
