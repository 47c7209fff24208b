/**
 * `kt policy eval --file PACK [--input FILE|-]`: evaluates payloads against a pack locally with the
 * same core the gateway runs. JSON input gives one Decision; NDJSON gives one Decision per line, and with
 * `--format ndjson` they are streamed as they are computed (flat memory for any number of lines).
 * Identity in dry runs: the payload's `identity` object stands for the verified identity a gateway key
 * would carry (docs/policy-semantics.md).
 */
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import type { Decision, EvalContext, Payload, Verdict } from '../../../core/index.js';
import type { TableCtor } from '../../../output/decision.js';
import { loadPack } from './pack-source.js';
import { readPayloads } from './payload-source.js';

const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };

/** `user[:role[:team]]` -> an identity object; a payload's own `identity` always wins. */
function parseIdentity(value: unknown): Payload['identity'] | undefined {
  if (value === undefined) return undefined;
  const [user, role, team, ...rest] = String(value).split(':');
  if (!user || rest.length > 0)
    throw new KtError('usage.invalid_identity', `--identity "${String(value)}": expected user[:role[:team]]`);
  return { user, ...(role ? { role } : {}), ...(team ? { team } : {}) };
}

function drained(stream: object): Promise<void> {
  const emitter = stream as { once?: (event: string, cb: () => void) => void };
  return typeof emitter.once === 'function' ? new Promise((ok) => emitter.once!('drain', ok)) : Promise.resolve();
}

export const run: CommandRun = async (ctx, _args, options) => {
  const format = options.json === true ? 'json' : String(options.format ?? 'text');
  const failOn = String(options.failOn ?? 'never');
  const phase = String(options.phase ?? 'all') as NonNullable<EvalContext['phases']>;
  const packPath = String(options.file ?? 'policy-config.yaml');
  const input = String(options.input ?? '-');
  const [{ prepareChain }, pack] = await Promise.all([import('../../../core/index.js'), loadPack(ctx, packPath)]);
  const chain = prepareChain(pack.model);
  const started = performance.now();
  const evalCtx: EvalContext = {
    now: ctx.now(),
    mode: options.all === true ? 'exhaustive' : 'short-circuit',
    phases: phase,
    failMode: options.failMode === 'allow' ? 'allow' : 'block',
    // A dry run checks the pack's gateway network controls on the payload's client_ip and headers.
    simulateNetwork: true,
    clockUs: () => Math.round((performance.now() - started) * 1000),
    ...(ctx.env.KT_REDACTION_KEY ? { hashKey: ctx.env.KT_REDACTION_KEY } : {}),
  };
  const identity = parseIdentity(options.identity);
  const withIdentity = (p: Payload): Payload =>
    identity === undefined || (typeof p.identity === 'object' && p.identity !== null) ? p : { ...p, identity };
  const threshold = failOn === 'never' ? Infinity : RANK[failOn as Verdict];
  let reached = false;
  const check = (d: Decision) => {
    if (RANK[d.verdict] >= threshold) reached = true;
  };

  if (format === 'ndjson') {
    const { renderDecisionNdjson } = await import('../../../output/decision.js');
    let count = 0;
    for await (const { payload } of readPayloads(ctx, input)) {
      if (ctx.signal.aborted) throw new KtError('interrupted.signal', 'interrupted');
      const d = chain.evaluate(withIdentity(payload), evalCtx);
      check(d);
      // Respect backpressure on a pipe: wait for 'drain' rather than buffering decisions in memory.
      if (!ctx.stdout.write(renderDecisionNdjson(d))) await drained(ctx.stdout);
      count++;
    }
    ctx.debugLog(`evaluated ${count} payload(s)`);
    return { render: () => '', exitCode: reached ? 1 : 0 };
  }

  const results: Array<{ decision: Decision; payload: Payload; line: number }> = [];
  for await (const { payload, line } of readPayloads(ctx, input)) {
    const decision = chain.evaluate(withIdentity(payload), evalCtx);
    check(decision);
    results.push({ decision, payload, line });
    if (results.length > 10_000)
      throw new KtError(
        'usage.too_many_payloads',
        'more than 10000 payloads: use --format ndjson to stream the decisions',
      );
  }
  const exitCode = reached ? 1 : 0;
  if (format === 'json') {
    const data = results.length === 1 ? results[0]!.decision : results.map((r) => r.decision);
    return { data, exitCode };
  }
  const [{ renderDecisionText }, tableModule] = await Promise.all([
    import('../../../output/decision.js'),
    import('cli-table3'),
  ]);
  const Table = tableModule.default as unknown as TableCtor;
  const many = results.length > 1;
  return {
    data: results.map((r) => r.decision),
    render: () =>
      results
        .map((r) =>
          renderDecisionText(r.decision, r.payload, Table, { color: ctx.color }, many ? `line ${r.line}` : undefined),
        )
        .join('\n'),
    exitCode,
  };
};
