/**
 * agent-firewall (tool phase). Reads the tool actions of the request (declared `tools`, `tool_calls`,
 * and `tool_calls` on messages) and, on the response side, the calls in the model's answer.
 * - `blocked_tools` globs: a declared or called tool that matches is blocked.
 * - `allowed_tools` globs: when given, anything else is blocked.
 * - `tools.roles.<role>.{allowed, denied}` (expanded form): the caller's `identity.role` picks the rules;
 *   a role without an entry (or no role) takes the `*` entry, and without one may use no tool.
 * - The limits below count the pending calls: those no later message answers with a result. Calls that
 *   ran already (executedCalls) are in the session figures; without a figure, they are counted instead.
 * - `max_actions_per_session`: `session.actions` (actions already taken) + pending calls.
 * - `max_cost_per_session` / `transaction_limits.max_cost_per_session`: `session.cost_usd`.
 * - `rate_limits: {default, <tool>}` per minute: `session.calls_last_minute` ({tool: n}, a number, or a map
 *   with a `*` entry) + calls of that tool in this payload, a tool however spelled or namespaced; a call a
 *   named limit counts is not counted by `default` (rateLimited).
 * - `transaction_limits`: the amount of a call is its `amount` / `amount_usd` / `total` / `value`
 *   argument (or `amount_cents` / `cents` / 100; amountOf). Above `max_single_transaction` -> block; `session.daily_total_usd` + the pending amounts
 *   so far above `max_daily_total` -> block; above `require_approval_above` -> escalate. An `amount` / `amount_usd`
 *   that cannot be read as one, or arguments that are not a JSON object, block under either limit
 *   (escalate under approval alone).
 */
import type { Finding } from '../types.js';
import { escapePointerToken, extractToolCalls, type ToolCallRef } from '../detectors/payload-text.js';
import {
  compileDenyGlobs,
  compileGlobs,
  shownName,
  splitCamel,
  toolKeys,
  type ToolKeys,
} from '../detectors/tool-glob.js';
import { num, obj, optNum, strList } from './config.js';
import { allow, type PolicyKind, type StepFn, type StepOutcome } from './types.js';
import { isRecord } from '../pack/json.js';

const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Argument names that hold the amount of a transaction (top level), as documented. */
const AMOUNT_KEYS = new Set(['amount', 'amount_usd', 'total', 'value']);
/** In nested objects only the unambiguous names count (a search filter's `value` is not money). */
const NESTED_AMOUNT_KEYS = new Set(['amount', 'amount_usd']);
/**
 * Argument names that hold an amount in cents (at any depth): read as the amount / 100. (Read as dollars
 * they were not read at all: `{amount_cents: 500000}`, $5,000, passed a $1,000 approval limit.)
 */
const CENTS_KEYS = new Set(['amount_cents', 'amount_in_cents', 'amount_usd_cents', 'cents']);

/**
 * An argument name as the amount names are compared: case does not count, and camelCase, kebab-case and
 * spaced names are snake_case (`amountUsd`, `AmountUSD`, `amount-usd` are `amount_usd`: tool schemas
 * written for JavaScript use camelCase, and `{"amountUsd": 20000}` passed every transaction limit).
 * Unlike tool-glob's looseKeys, runs of `_` stay: `amount__usd` or `_amount` is another argument than a tool reads.
 */
const amountKey = (key: string): string =>
  splitCamel(key)
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * How deep amountOf reads nested arguments: as deep as a payload may nest (checkPayloadBounds); the
 * walk is linear in the arguments' size. (Four levels let `{a: {b: {c: {d: {e: {amount}}}}}}` pass.)
 */
const AMOUNT_DEPTH = 64;

/**
 * An amount written the ways a model writes one: a number, or a string such as `"20000"`, `"20,000"`,
 * `"$20,000.00"`, `"20000 USD"`, `"EUR 1.234,56"`, `"2e4"`. Negative amounts count by their size (a
 * refund of -20000 moves 20000); a number too large for a double is Infinity and exceeds every limit.
 * Undefined when the string is not an amount.
 */
export function parseAmount(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : Math.abs(v);
  if (typeof v !== 'string' || v.length > 64) return undefined;
  const m = /^[+-]?(?:[A-Za-z]{3}|US\$|[$€£¥₹])?[+-]?(\d[\d,.]*)(?:[eE]([+-]?\d{1,4}))?(?:[A-Za-z]{3}|[$€£¥₹])?$/.exec(
    v.replace(/[\s\u00a0\u202f_']/g, ''),
  );
  if (m === null) return undefined;
  let digits = m[1]!;
  const comma = digits.lastIndexOf(',');
  const dot = digits.lastIndexOf('.');
  if (comma !== -1 && dot !== -1) {
    // Both: the last one is the decimal separator ("20,000.50", "20.000,50").
    digits = comma > dot ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, '');
  } else if (comma !== -1) {
    // Commas only: thousands groups ("20,000", "1,000,000"), else a decimal comma ("20,5").
    digits = /^\d{1,3}(?:,\d{3})+$/.test(digits) ? digits.replace(/,/g, '') : digits.replace(',', '.');
  } else if (dot !== -1 && /^\d{1,3}(?:\.\d{3}){2,}$/.test(digits)) {
    // Several dots: thousands groups ("1.000.000"); one dot is a decimal point.
    digits = digits.replace(/\./g, '');
  }
  const n = Number(m[2] === undefined ? digits : `${digits}e${m[2]}`);
  return Number.isNaN(n) ? undefined : Math.abs(n);
}

/**
 * The amount of a call: the largest of its `amount` / `amount_usd` / `total` / `value` arguments, of
 * an amount object (`amount: {value, currency}`), and of `amount` / `amount_usd` in nested objects
 * (`{refund: {amount: 20000}}`), at any depth, and of `amount_cents` / `cents` (CENTS_KEYS) / 100; names
 * compared as amountKey does. `unreadable` names an `amount` / `amount_usd` / cents argument written in a
 * way parseAmount does not read (`"15k"`, `"150 dollars"`): that could be any amount. (`total` and `value`
 * are not always money, so what they hold is only read when it is an amount.)
 * A `currency` other than USD changes nothing: kt has no exchange rates, so an amount is compared with
 * the limits as written (`{amount: 9000, currency: 'GBP'}` is 9000; see docs/policy-semantics.md).
 */
export function amountOf(call: ToolCallRef): { amount: number | undefined; unreadable: string | undefined } {
  const a = call.args;
  let best: number | undefined;
  let unreadable: string | undefined;
  // Arguments that are not a JSON object (`{"amount": 20000,}`, cut off by the token limit) could hold any
  // amount, and a lenient client parser may still run the call with it.
  if (call.argsUnreadable === true) return { amount: best, unreadable: 'arguments' };
  if (a === undefined) return { amount: best, unreadable };
  // `key`: the name as compared (amountKey); `as`: as written, for the message; `per`: units per dollar.
  const take = (x: unknown, key: string, as: string, per = 1) => {
    const amount = parseAmount(x);
    if (amount === undefined) {
      const written = typeof x === 'string' ? x.trim() !== '' : x !== null && x !== undefined && typeof x !== 'object';
      if (written && (NESTED_AMOUNT_KEYS.has(key) || per !== 1)) unreadable ??= as;
    } else if (best === undefined || amount / per > best) best = amount / per;
  };
  const visit = (o: Record<string, unknown>, depth: number) => {
    for (const [key, v] of Object.entries(o)) {
      const k = amountKey(key);
      const per = CENTS_KEYS.has(k) ? 100 : 1;
      const named = per !== 1 || (depth === 0 ? AMOUNT_KEYS.has(k) : NESTED_AMOUNT_KEYS.has(k));
      if (named && !isRecord(v)) take(v, k, key, per);
      else if (named && isRecord(v)) {
        // An amount object: {value: 20000, currency: 'USD'} / {amount: ...}; its value is money.
        take(v.value, NESTED_AMOUNT_KEYS.has(k) || per !== 1 ? k : 'value', key, per);
        take(v.amount, per !== 1 ? k : 'amount', per !== 1 ? key : 'amount', per);
      }
      if (isRecord(v) && depth < AMOUNT_DEPTH) visit(v, depth + 1);
      else if (Array.isArray(v) && depth < AMOUNT_DEPTH)
        for (const item of v) if (isRecord(item)) visit(item, depth + 1);
    }
  };
  visit(a, 0);
  return { amount: best, unreadable };
}

/**
 * The calls of the conversation that have already run: a later message carries their result (a `tool`
 * message whose `tool_call_id` is the call's `id`, a `tool_result` part whose `tool_use_id` is the
 * `tool_use` part's `id`, or, for the legacy `function_call`, a later `function` message; in a Responses-API
 * `input`, ranInInput). Their
 * effects are in the session figures the agent runtime reports (`session.actions`, `daily_total_usd`,
 * ...), and a transfer approved and made is not to be held again on every later turn. A call without an
 * answer (or without an id) is pending: it is what the request asks to run.
 */
function executedCalls(payload: Record<string, unknown>, calls: readonly ToolCallRef[]): Set<ToolCallRef> {
  const out = new Set<ToolCallRef>();
  ranInInput(payload, calls, out);
  const messages = Array.isArray(payload.messages) ? payload.messages : [];
  if (messages.length === 0) return out;
  // Where each result is (the index of the message carrying it); the last one wins, which is all a call needs.
  const answered = new Map<string, number>();
  let lastFunctionResult = -1;
  messages.forEach((m, i) => {
    if (!isRecord(m)) return;
    if (m.role === 'tool' && typeof m.tool_call_id === 'string') answered.set(m.tool_call_id, i);
    if (m.role === 'function') lastFunctionResult = i;
    if (Array.isArray(m.content))
      for (const part of m.content)
        if (isRecord(part) && part.type === 'tool_result' && typeof part.tool_use_id === 'string')
          answered.set(part.tool_use_id, i);
  });
  for (const t of calls) {
    const at = /^\/messages\/(\d+)\/(tool_calls|content|function_call)(?:\/(\d+))?\//.exec(t.path);
    if (at === null) continue;
    const i = Number(at[1]);
    const message = messages[i];
    if (!isRecord(message)) continue;
    if (at[2] === 'function_call') {
      if (lastFunctionResult > i) out.add(t);
      continue;
    }
    const list = at[2] === 'tool_calls' ? message.tool_calls : message.content;
    const item = Array.isArray(list) ? list[Number(at[3])] : undefined;
    const id = isRecord(item) ? item.id : undefined;
    if (typeof id === 'string' && (answered.get(id) ?? -1) > i) out.add(t);
  }
  return out;
}

/**
 * executedCalls for a Responses-API `input` list: a `function_call` / `custom_tool_call` item ran when a
 * later `function_call_output` / `custom_tool_call_output` item carries its `call_id`. (Each earlier call
 * of such a conversation counted as pending on every turn: an approved transfer was held again, and the
 * calls that ran counted twice against max_actions_per_session.) Adds them to `out`.
 */
function ranInInput(payload: Record<string, unknown>, calls: readonly ToolCallRef[], out: Set<ToolCallRef>): void {
  const input = Array.isArray(payload.input) ? payload.input : [];
  const answered = new Map<string, number>();
  input.forEach((item, i) => {
    if (isRecord(item) && (item.type === 'function_call_output' || item.type === 'custom_tool_call_output'))
      if (typeof item.call_id === 'string') answered.set(item.call_id, i);
  });
  if (answered.size === 0) return;
  for (const t of calls) {
    const at = /^\/input\/(\d+)\//.exec(t.path);
    if (at === null) continue;
    const i = Number(at[1]);
    const item: unknown = input[i];
    const id = isRecord(item) ? item.call_id : undefined;
    if (typeof id === 'string' && (answered.get(id) ?? -1) > i) out.add(t);
  }
}

/** A session figure that is there but not a number: where it is (a JSON pointer below `/session`). */
interface Unreadable {
  at: string;
}

/**
 * A session figure as the agent runtime reports it: a number, or a string holding one (`"60"`,
 * `"12.50"`, `"$45,000"`: read as parseAmount reads amounts; a negative figure counts by its size).
 * Absent or blank is 0. Anything else is Unreadable: the limit it feeds cannot be checked, which must
 * not read as 0 (a counter sent as `"60"` used to pass every limit).
 */
function sessionFigure(o: Record<string, unknown>, key: string, at = escapePointerToken(key)): number | Unreadable {
  const v = o[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return 0;
  return parseAmount(v) ?? { at };
}

function unreadableFigure(u: Unreadable, limit: string, type: string, reason = type): StepOutcome {
  const path = `/session/${u.at}`;
  return {
    verdict: 'block',
    reason_code: `agent_firewall.${reason}`,
    findings: [{ type, detector: 'agent-firewall', path, start: 0, end: 0 }],
    message: `${path.slice(1).replace(/\//g, '.')} is not a number kt can read, so ${limit} cannot be checked`,
  };
}

const unreadableWhat = (key: string): string =>
  key === 'arguments' ? 'its arguments are not a JSON object kt can read' : `${key} is not an amount kt can read`;

const shownNames = (calls: readonly ToolCallRef[]): string =>
  [...new Set(calls.map((t) => shownName(t.name)))].join(', ');

const toolFinding = (t: ToolCallRef, type: string): Finding => ({
  type,
  detector: 'agent-firewall',
  path: t.path,
  start: 0,
  end: t.name.length,
  preview: shownName(t.name),
});

/** `rate_limits`, read once: the limits named for a tool (by toolKeys' `whole`), and `default`. */
interface RateLimits {
  named: { name: string; key: string; limit: number }[];
  fallback: number | undefined;
}

function compileRateLimits(config: Record<string, unknown>): RateLimits {
  const named: RateLimits['named'] = [];
  for (const [name, v] of Object.entries(config)) {
    const limit = n(v);
    if (name !== 'default' && limit !== undefined) named.push({ name, key: toolKeys(name).whole, limit });
  }
  return { named, fallback: n(config.default) };
}

/**
 * The named limits (indices into `limits.named`) that count a call of `keys`: a limit named for the name folded
 * (`Search`, `ѕearch` with a Cyrillic `ѕ`), or for the tool's own name under a namespace (`mcp__x__search`
 * under `search`); a namespaced limit (`mcp__x__search`) counts that server's tool only.
 */
const countingLimits = (limits: RateLimits, keys: ToolKeys): number[] =>
  limits.named.flatMap((l, i) => (keys.whole === l.key || keys.own === l.key ? [i] : []));

/**
 * How many calls of a list each limit counts: `named[i]` for the i-th named limit, `own` per own name
 * (what a `default` limit counts: the calls of one tool, whatever its spelling or namespace, that no named
 * limit counts). One pass.
 */
interface Tally {
  named: number[];
  own: Map<string, number>;
}

function tally(limits: RateLimits, items: Iterable<{ keys: ToolKeys; n: number }>): Tally {
  const out: Tally = { named: limits.named.map(() => 0), own: new Map() };
  for (const { keys, n: count } of items) {
    const hits = countingLimits(limits, keys);
    for (const i of hits) out.named[i]! += count;
    // A named limit takes the call; `default` covers only the rest, so that under `{mcp__a__search: 10,
    // default: 3}` the calls of `mcp__a__search` do not use up the 3 of `mcp__b__search` and `search`.
    if (hits.length === 0) out.own.set(keys.own, (out.own.get(keys.own) ?? 0) + count);
  }
  return out;
}

/** toolKeys, computed once per name in one check. */
function memoToolKeys(): (name: string) => ToolKeys {
  const seen = new Map<string, ToolKeys>();
  return (name) => {
    let k = seen.get(name);
    if (k === undefined) seen.set(name, (k = toolKeys(name)));
    return k;
  };
}

/**
 * The `rate_limits` check: `session.calls_last_minute` ({tool: n}, one number for every tool, or both: a map
 * with a `*` entry, EVERY_TOOL) + the calls that ran when no figure covers them + the pending calls, per limit,
 * a tool counted however it is spelled or namespaced (countingLimits; a call no named limit counts meets
 * `default`, with the other calls of the same own name that no named limit counts). Counted per exact name, a
 * client under a limit of 2 called `search`, `Search`, `mcp__a__search`, ...
 * Linear in calls and figures (times the named limits).
 */
function rateLimited(
  limits: RateLimits,
  session: Record<string, unknown>,
  calls: readonly ToolCallRef[],
  ran: ReadonlySet<ToolCallRef>,
): StepOutcome | undefined {
  if (limits.named.length === 0 && limits.fallback === undefined) return undefined;
  const keysOf = memoToolKeys();
  const one = (t: ToolCallRef) => ({ keys: keysOf(t.name), n: 1 });
  const pending = tally(limits, calls.map(one));
  const earlier = tally(limits, [...ran].map(one));
  // The figures the session reports for each limit, and whether it reports any (then the calls that ran are in it).
  const recent = session.calls_last_minute;
  const figures: { keys: ToolKeys; n: number }[] = [];
  // The first figure kt cannot read that each limit counts: that limit cannot be checked.
  const unreadableNamed: (Unreadable | undefined)[] = [];
  const unreadableOwn = new Map<string, Unreadable>();
  const reportedKeys: { keys: ToolKeys; n: number }[] = [];
  // One figure for every tool: the number, or a map's `*` entry; each limit counts at least that many.
  let all = 0;
  let allGiven = false;
  if (isRecord(recent)) {
    for (const name of Object.keys(recent)) {
      const keys = keysOf(name);
      const figure = sessionFigure(recent, name, `calls_last_minute/${escapePointerToken(name)}`);
      if (name === EVERY_TOOL) {
        if (typeof figure !== 'number') return unreadableFigure(figure, 'rate_limits', 'rate_limit', 'rate_limited');
        [all, allGiven] = [figure, given(recent, name)];
        continue;
      }
      if (typeof figure === 'number') figures.push({ keys, n: figure });
      else {
        const hits = countingLimits(limits, keys);
        for (const i of hits) unreadableNamed[i] ??= figure;
        if (hits.length === 0 && !unreadableOwn.has(keys.own)) unreadableOwn.set(keys.own, figure);
      }
      if (given(recent, name)) reportedKeys.push({ keys, n: 1 });
    }
  } else {
    const figure = sessionFigure(session, 'calls_last_minute');
    if (typeof figure !== 'number') return unreadableFigure(figure, 'rate_limits', 'rate_limit', 'rate_limited');
    [all, allGiven] = [figure, given(session, 'calls_last_minute')];
  }
  const before = tally(limits, figures);
  const reported = tally(limits, reportedKeys);
  const checked = new Set<string>();
  for (const t of calls) {
    const keys = keysOf(t.name);
    const hits = countingLimits(limits, keys);
    const buckets: {
      id: string;
      limit: number;
      label: string;
      unreadable: Unreadable | undefined;
      of: (x: Tally) => number;
    }[] = hits.map((i) => ({
      id: `n${i}`,
      limit: limits.named[i]!.limit,
      label: `rate_limits.${shownName(limits.named[i]!.name)}`,
      unreadable: unreadableNamed[i],
      of: (x: Tally) => x.named[i]!,
    }));
    if (hits.length === 0 && limits.fallback !== undefined)
      buckets.push({
        id: `o${keys.own}`,
        limit: limits.fallback,
        label: `rate_limits.default for ${shownName(keys.own)}`,
        unreadable: unreadableOwn.get(keys.own),
        of: (x: Tally) => x.own.get(keys.own) ?? 0,
      });
    for (const b of buckets) {
      if (checked.has(b.id)) continue;
      checked.add(b.id);
      if (b.unreadable !== undefined)
        return unreadableFigure(b.unreadable, 'rate_limits', 'rate_limit', 'rate_limited');
      const isReported = allGiven || b.of(reported) > 0;
      const count = Math.max(all, b.of(before)) + (isReported ? 0 : b.of(earlier)) + b.of(pending);
      if (count > b.limit) {
        return {
          verdict: 'block',
          reason_code: 'agent_firewall.rate_limited',
          findings: [toolFinding(t, 'rate_limit')],
          message: `${shownName(t.name)}: ${count} calls in a minute exceed ${b.limit} (${b.label})`,
        };
      }
    }
  }
  return undefined;
}

/**
 * The `calls_last_minute` entry that is a figure for every tool, as one number is: `{"*": 4, "search": 6}` reads
 * 4 calls of every tool, 6 of search (each limit counts the larger of the `*` figure and the figures of its
 * tools). The gateway writes it when it raises a client's one number with its own per-tool counts
 * (trustedSession). No provider lets a tool be named `*`.
 */
export const EVERY_TOOL = '*';

/**
 * The calls of an answer by choice: one list per `choices[i]` (an OpenAI answer asked with `n` > 1 has several,
 * and the client takes one), the calls of an answer without choices (`content`, `output`) as one list; one
 * empty list when there are none. Limits that count calls hold each choice to them on its own, and the gateway
 * counts what the largest choice would run, not every choice added up.
 */
export function choiceGroups(calls: readonly ToolCallRef[]): ToolCallRef[][] {
  const groups = new Map<string, ToolCallRef[]>();
  for (const t of calls) {
    const key = /^\/upstream_response\/choices\/(\d+)\//.exec(t.path)?.[1] ?? '';
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }
  return groups.size === 0 ? [[]] : [...groups.values()];
}

/** A figure is given: there, and not null or blank (absent figures are 0, and leave the counting to kt). */
const given = (o: Record<string, unknown>, key: string): boolean =>
  o[key] !== undefined && o[key] !== null && !(typeof o[key] === 'string' && o[key].trim() === '');

export const agentFirewall: PolicyKind = {
  kind: 'agent-firewall',
  prepare(entry) {
    const c = entry.config;
    const allowedList = strList(c.allowed_tools);
    const allowed = c.allowed_tools === undefined ? null : compileGlobs(allowedList);
    const blocked = compileDenyGlobs(strList(c.blocked_tools));
    const roles = new Map<string, { allowed: ((x: string) => boolean) | null; denied: (x: string) => boolean }>();
    for (const [role, rules] of Object.entries(obj(obj(c.tools).roles))) {
      const r = obj(rules);
      roles.set(role, {
        allowed: r.allowed === undefined ? null : compileGlobs(strList(r.allowed)),
        denied: compileDenyGlobs(strList(r.denied)),
      });
    }
    const maxActions = optNum(c.max_actions_per_session);
    const tx = obj(c.transaction_limits);
    const maxCost = optNum(c.max_cost_per_session) ?? optNum(tx.max_cost_per_session);
    const rateLimits = compileRateLimits(obj(c.rate_limits));
    const maxSingle = optNum(tx.max_single_transaction);
    const maxDaily = optNum(tx.max_daily_total);
    const approvalAbove = optNum(tx.require_approval_above);

    const step =
      (includeResponse: boolean): StepFn =>
      ({ workspace }): StepOutcome => {
        const p = workspace.payload as Record<string, unknown>;
        const extracted = extractToolCalls(workspace.payload, includeResponse);
        const all = extracted.filter((t) => (includeResponse ? t.source === 'response' : t.source !== 'response'));
        if (all.length === 0 && maxCost === undefined) return allow();
        const session = isRecord(p.session) ? p.session : {};
        const identity = isRecord(p.identity) ? p.identity : {};
        const role = typeof identity.role === 'string' ? identity.role : undefined;
        // A caller whose role has no entry (or who has no role) gets the '*' entry; without one, no
        // tool at all: an unlisted role must not have more tools than the roles the pack restricts.
        const roleRules = role === undefined ? roles.get('*') : (roles.get(role) ?? roles.get('*'));
        const unlistedRole = roles.size > 0 && roleRules === undefined;
        const blockedHits = all.filter((t) => blocked(t.name) || (roleRules !== undefined && roleRules.denied(t.name)));
        if (blockedHits.length > 0) {
          return {
            verdict: 'block',
            reason_code: 'agent_firewall.tool_blocked',
            findings: blockedHits.map((t) => toolFinding(t, 'blocked_tool')),
            message: `blocked tool ${shownNames(blockedHits)}`,
          };
        }
        const notAllowed = all.filter(
          (t) =>
            unlistedRole ||
            (allowed !== null && !allowed(t.name)) ||
            (roleRules?.allowed != null && !roleRules.allowed(t.name)),
        );
        if (notAllowed.length > 0) {
          const names = shownNames(notAllowed);
          return {
            verdict: 'block',
            reason_code: 'agent_firewall.tool_not_allowed',
            findings: notAllowed.map((t) => toolFinding(t, 'tool_not_allowed')),
            message: unlistedRole
              ? `${role === undefined ? 'no role on the request' : `role ${role} has no entry`} in tools.roles (and no '*' entry): no tools allowed (${names})`
              : `tool not in the allow list: ${names}`,
          };
        }
        // The limits count what this request (or answer) would run: the pending calls. The calls that ran
        // already (executedCalls) are in the session figures; where the runtime gives no figure, the
        // conversation's own calls stand in for it (and in the answer's phase, every call of the request).
        const requestCalls = extracted.filter((t) => t.source === 'call');
        const ran = includeResponse ? new Set(requestCalls) : executedCalls(p, requestCalls);
        const pendingCalls = all.filter((t) => t.source !== 'declared' && !ran.has(t));
        /** The counting limits on `calls`, pending together; undefined when they pass. */
        const limited = (calls: readonly ToolCallRef[]): StepOutcome | undefined => {
          const taken = maxActions === undefined ? 0 : sessionFigure(session, 'actions');
          if (typeof taken !== 'number') return unreadableFigure(taken, 'max_actions_per_session', 'action_limit');
          const actions = taken + (given(session, 'actions') ? 0 : ran.size) + calls.length;
          if (maxActions !== undefined && actions > maxActions) {
            return {
              verdict: 'block',
              reason_code: 'agent_firewall.action_limit',
              findings: (calls.length > 0 ? calls : [...ran]).slice(0, 1).map((t) => toolFinding(t, 'action_limit')),
              message: `${actions} actions exceed max_actions_per_session ${maxActions}`,
            };
          }
          const spent = maxCost === undefined ? 0 : sessionFigure(session, 'cost_usd');
          if (typeof spent !== 'number') return unreadableFigure(spent, 'max_cost_per_session', 'cost_limit');
          if (maxCost !== undefined && spent > maxCost) {
            return {
              verdict: 'block',
              reason_code: 'agent_firewall.cost_limit',
              findings: [
                { type: 'cost_limit', detector: 'agent-firewall', path: '/session/cost_usd', start: 0, end: 0 },
              ],
              message: `session cost ${spent} exceeds ${maxCost}`,
            };
          }
          const rate = rateLimited(rateLimits, session, calls, ran);
          if (rate !== undefined) return rate;
          const reportedDaily = maxDaily === undefined ? 0 : sessionFigure(session, 'daily_total_usd');
          if (typeof reportedDaily !== 'number' && calls.some((t) => amountOf(t).amount !== undefined))
            return unreadableFigure(reportedDaily, 'max_daily_total', 'daily_limit');
          // The day's total so far, then each pending call's amount added in turn: two transfers of 30,000
          // under a 50,000 daily limit make 60,000, though each alone fits.
          let daily =
            typeof reportedDaily !== 'number'
              ? 0
              : reportedDaily +
                (given(session, 'daily_total_usd') || maxDaily === undefined
                  ? 0
                  : [...ran].reduce((sum, t) => sum + (amountOf(t).amount ?? 0), 0));
          let escalate: { call: ToolCallRef; why: string } | undefined;
          for (const t of calls) {
            const { amount, unreadable } = amountOf(t);
            // An amount the firewall cannot read is not a small one: it meets the strictest limit configured.
            if (unreadable !== undefined && (maxSingle !== undefined || maxDaily !== undefined)) {
              return {
                verdict: 'block',
                reason_code: 'agent_firewall.transaction_limit',
                findings: [toolFinding(t, 'transaction_limit')],
                message: `${shownName(t.name)}: ${unreadableWhat(unreadable)}, so the transaction limits cannot be checked`,
              };
            }
            if (unreadable !== undefined && approvalAbove !== undefined)
              escalate ??= { call: t, why: unreadableWhat(unreadable) };
            if (amount === undefined) continue;
            if (maxSingle !== undefined && amount > maxSingle) {
              return {
                verdict: 'block',
                reason_code: 'agent_firewall.transaction_limit',
                findings: [toolFinding(t, 'transaction_limit')],
                message: `${shownName(t.name)}: amount ${amount} exceeds max_single_transaction ${maxSingle}`,
              };
            }
            if (maxDaily !== undefined && typeof reportedDaily === 'number' && daily + amount > maxDaily) {
              return {
                verdict: 'block',
                reason_code: 'agent_firewall.daily_limit',
                findings: [toolFinding(t, 'daily_limit')],
                message: `${shownName(t.name)}: daily total ${daily + amount} exceeds max_daily_total ${maxDaily}`,
              };
            }
            daily += amount;
            if (approvalAbove !== undefined && amount > approvalAbove)
              escalate ??= { call: t, why: `amount above require_approval_above ${num(approvalAbove, 0)}` };
          }
          if (escalate !== undefined) {
            return {
              verdict: 'escalate',
              reason_code: 'agent_firewall.approval_required',
              findings: [toolFinding(escalate.call, 'approval_required')],
              message: `${shownName(escalate.call.name)}: ${escalate.why}`,
            };
          }
          return undefined;
        };
        // An answer with several choices (OpenAI `n`): the client runs one of them, so each choice is held to
        // the limits on its own (choiceGroups); their calls added up refused answers any one of which fitted.
        let held: StepOutcome | undefined;
        for (const group of includeResponse ? choiceGroups(pendingCalls) : [pendingCalls]) {
          const outcome = limited(group);
          if (outcome?.verdict === 'block') return outcome;
          held ??= outcome;
        }
        if (held !== undefined) return held;
        return allow(all.length > 0 ? `${all.length} tool action(s) allowed` : undefined);
      };
    return { request: step(false), response: step(true) };
  },
};
