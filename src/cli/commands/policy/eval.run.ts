/**
 * `kt policy eval --file PACK [--input FILE|-]`: evaluates payloads against a pack locally with the
 * same core the gateway runs. JSON input gives one Decision; NDJSON gives one Decision per line, and with
 * `--format ndjson` or `text` they are streamed as they are computed (flat memory for any number of
 * lines); `--format json` builds one document and stops at 10,000.
 * Identity in dry runs: the payload's `identity` object stands for the verified identity a gateway key
 * would carry (docs/policy-semantics.md).
 */
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import type { Decision, EvalContext, Payload, Verdict } from '../../../core/index.js';
import { extractTexts, extractToolCalls, prepareChain } from '../../../core/index.js';
import { didYouMean } from '../../../schema/suggest.js';
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

/** Whether any policy has text of `p` to read: a request text, an answer, or a tool call. */
function hasText(p: Payload): boolean {
  return (
    extractTexts(p, 'request').length > 0 ||
    extractTexts(p, 'response').length > 0 ||
    extractToolCalls(p, true).length > 0
  );
}

const TEXT_KEYS = ['messages', 'prompt', 'input', 'tool_calls', 'upstream_response'];

/** `"mesages" looks like "messages"` for the first top-level key of `p` that is close to a key holding text. */
function misspeltTextKey(p: Payload): string | undefined {
  for (const key of Object.keys(p)) {
    if (TEXT_KEYS.includes(key)) continue;
    const close = didYouMean(key, TEXT_KEYS);
    if (close !== undefined) return `"${key}" looks like "${close}"`;
  }
  return undefined;
}

/** The keys of an answer object that the output phase reads (extractTexts 'response', extractToolCalls). */
const ANSWER_KEYS = ['choices', 'content', 'output_text'];

/**
 * The keys of the payload's `upstream_response` when it is an object with none of ANSWER_KEYS
 * (`{"message": {...}}`, the `choices` wrapper left out): the output phase reads nothing of it, and its
 * checks pass on nothing. Undefined otherwise.
 */
function unreadAnswer(p: Payload): string[] | undefined {
  const answer = p.upstream_response;
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const keys = Object.keys(answer);
  return keys.some((k) => ANSWER_KEYS.includes(k)) ? undefined : keys;
}

/** Whether the payload carries an identity object (even an empty one: the writer chose it). */
function hasIdentity(p: Payload): boolean {
  return typeof p.identity === 'object' && p.identity !== null;
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
  if (packPath === '-' && input === '-') {
    // The pack would take all of stdin and leave no payload (the error would then be "no payload").
    throw new KtError('usage.stdin_twice', '--file - and --input - both read stdin', {
      hint: 'give the pack or the payloads as a file, e.g. kt policy eval --file - --input payload.json',
    });
  }
  // (This module is loaded for `kt policy eval` only: the core comes with it.)
  const pack = await loadPack(ctx, packPath);
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
    // Hash markers under a key of this run unless KT_REDACTION_KEY names one: under a key anyone can read
    // (the source's fixed dry-run key), a marker of a low-entropy value (an SSN, beside its preview's four
    // digits) is reversed by trying the rest. Within the run one value keeps one marker.
    hashKey: ctx.env.KT_REDACTION_KEY || (await import('node:crypto')).randomBytes(32).toString('base64url'),
  };
  const identity = parseIdentity(options.identity);
  const withIdentity = (p: Payload): Payload => (identity === undefined || hasIdentity(p) ? p : { ...p, identity });
  const threshold = failOn === 'never' ? Infinity : RANK[failOn as Verdict];
  let reached = false;
  // Payloads blocked only for want of an identity: a first dry run of a pack with rbac.require_auth (the
  // zero-trust seed) meets this before anything else, and the fix is in the payload, not the pack.
  let anonymous = 0;
  // Payloads with no text at all for the chain (`{"mesages": [...]}`): allowed, since nothing was there to
  // find, which a CI check of a misspelt payload would otherwise take for a pass. (`{"messages": "hi"}`,
  // which a gateway refuses, is an input error: payloadShapeProblem.)
  let textless = 0;
  let misspelt: string | undefined;
  // Payloads whose upstream_response is an object the output phase reads nothing of (see unreadAnswer).
  let answerless = 0;
  let answerKeys: string[] | undefined;
  const check = (d: Decision, p: Payload) => {
    const unread = unreadAnswer(p);
    if (unread !== undefined) {
      answerless++;
      answerKeys ??= unread;
    }
    if (RANK[d.verdict] >= threshold) reached = true;
    if (d.reason_code === 'rbac.unauthenticated' && identity === undefined && !hasIdentity(p)) anonymous++;
    // (A decision with a finding had text: the walk over the payload is only for the ones without.)
    if (d.steps.every((step) => step.findings.length === 0) && !hasText(p)) {
      textless++;
      misspelt ??= misspeltTextKey(p);
    }
  };
  const noteAnonymous = () => {
    if (anonymous > 0)
      ctx.warn(
        `${anonymous === 1 ? 'the payload has' : `${anonymous} payloads have`} no identity and the pack requires one (rbac require_auth): add "identity": {"user": ..., "role": ..., "team": ...} to the payload, or pass --identity user[:role[:team]]`,
      );
    if (textless > 0)
      ctx.warn(
        `${textless === 1 ? 'the payload has' : `${textless} payloads have`} no text for the chain to read (its messages, prompt, input, tool calls and upstream_response are missing or empty)${misspelt === undefined ? '' : `; ${misspelt}`}: only the identity and network checks had anything to decide on`,
      );
    if (answerless > 0)
      ctx.warn(
        `${answerless === 1 ? "the payload's upstream_response has" : `${answerless} payloads' upstream_response have`} no answer for the output phase to read (it reads "choices": [{"message": {...}}], a "content" string or parts, or "output_text"; ${answerKeys!.length === 0 ? 'the object is empty' : `the object has ${answerKeys!.map((k) => `"${k}"`).join(', ')}`}): the output checks passed on nothing`,
      );
  };

  if (format === 'ndjson') {
    const { renderDecisionNdjson } = await import('../../../output/decision.js');
    let count = 0;
    for await (const { payload } of readPayloads(ctx, input)) {
      if (ctx.signal.aborted) throw new KtError('interrupted.signal', 'interrupted');
      const d = chain.evaluate(withIdentity(payload), evalCtx);
      check(d, payload);
      // Respect backpressure on a pipe: wait for 'drain' rather than buffering decisions in memory.
      if (!ctx.stdout.write(renderDecisionNdjson(d))) await drained(ctx.stdout);
      count++;
    }
    ctx.debugLog(`evaluated ${count} payload(s)`);
    noteAnonymous();
    return { render: () => '', exitCode: reached ? 1 : 0 };
  }

  const exitCode = () => (reached ? 1 : 0);
  if (format === 'json') {
    // One JSON document must be built whole, so it is capped; text and ndjson stream.
    const decisions: Decision[] = [];
    for await (const { payload } of readPayloads(ctx, input)) {
      const decision = chain.evaluate(withIdentity(payload), evalCtx);
      check(decision, payload);
      decisions.push(decision);
      if (decisions.length > 10_000)
        throw new KtError(
          'usage.too_many_payloads',
          'more than 10000 payloads: use --format ndjson (or text) to stream the decisions',
        );
    }
    noteAnonymous();
    return { data: decisions.length === 1 ? decisions[0]! : decisions, exitCode: exitCode() };
  }

  const { renderDecisionText } = await import('../../../output/decision.js');
  type Item = { decision: Decision; payload: Payload; line: number };
  const text = (r: Item, many: boolean) =>
    renderDecisionText(r.decision, r.payload, { color: ctx.stdoutColor }, many ? `line ${r.line}` : undefined);
  const emit = async (chunk: string) => {
    if (!ctx.stdout.write(chunk)) await drained(ctx.stdout);
  };
  // Several payloads stream, one report at a time (flat memory, no cap); only the first is held, since
  // whether it is labelled with its line depends on whether a second one follows.
  let first: Item | undefined;
  let count = 0;
  try {
    for await (const { payload, line } of readPayloads(ctx, input)) {
      if (ctx.signal.aborted) throw new KtError('interrupted.signal', 'interrupted');
      const item: Item = { decision: chain.evaluate(withIdentity(payload), evalCtx), payload, line };
      check(item.decision, payload);
      if (++count === 1) {
        first = item;
        continue;
      }
      if (first !== undefined) {
        await emit(text(first, true));
        first = undefined;
      }
      await emit(`\n${text(item, true)}`);
    }
  } catch (error) {
    // A bad second line still leaves the first decision printed, as every decision before a bad line is.
    if (first !== undefined) await emit(text(first, true));
    throw error;
  }
  ctx.debugLog(`evaluated ${count} payload(s)`);
  noteAnonymous();
  if (first !== undefined) return { data: [first.decision], render: () => text(first, false), exitCode: exitCode() };
  return { render: () => '', exitCode: exitCode() };
};
