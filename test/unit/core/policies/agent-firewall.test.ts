import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import { parseAmount } from '../../../../src/core/policies/agent-firewall.js';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function firewall(config: JsonObject) {
  const pack: PackModel = onePolicyPack('agent-firewall', config);
  return prepareChain(pack);
}

const call = (name: string, args: unknown, extra: Partial<Payload> = {}): Payload => ({
  messages: [
    { role: 'user', content: 'please refund the customer' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: JSON.stringify(args) } }],
    },
  ],
  ...extra,
});

describe('agent-firewall transaction limits', () => {
  const limits = firewall({ transaction_limits: { max_single_transaction: 10000, require_approval_above: 5000 } });
  const verdictOf = (args: unknown) => limits.evaluate(call('refund_payment', args), { now: 0 });

  it.each([
    ['a plain number', { amount: 20000 }],
    ['a thousands-separated string', { amount: '20,000' }],
    ['a currency symbol', { amount: '$20,000.00' }],
    ['a trailing currency code', { amount: '20000 USD' }],
    ['a leading currency code', { amount: 'EUR 20.000,00' }],
    ['an exponent', { amount: '2e4' }],
    ['a negative amount', { amount: -20000 }],
    ['an amount object', { amount: { value: 20000, currency: 'USD' } }],
    ['a nested amount', { refund: { amount: 20000, reason: 'late' } }],
    ['a capitalised key', { Amount: 20000 }],
    ['a camelCase key', { amountUsd: 20000 }],
    ['a nested camelCase key', { transfer: { amountUSD: '20,000' } }],
    ['a kebab-case key', { 'amount-usd': 20000 }],
    ['an amount nested six levels deep', { order: { lines: [{ item: { payment: { details: { amount: 20000 } } } }] } }],
  ])('blocks an amount above max_single_transaction given as %s', (_, args) => {
    const d = verdictOf(args);
    expect(d.verdict).toBe('block');
    expect(d.reason_code).toBe('agent_firewall.transaction_limit');
  });

  it('blocks an amount that overflows a double (1e400 parses to Infinity)', () => {
    const payload = call('refund_payment', {});
    const msg = payload.messages![1] as { tool_calls: Array<{ function: { arguments: string } }> };
    msg.tool_calls[0]!.function.arguments = '{"amount": 1e400}';
    expect(limits.evaluate(payload, { now: 0 }).reason_code).toBe('agent_firewall.transaction_limit');
  });

  it('escalates a formatted amount between the approval threshold and the limit, allows a small one', () => {
    expect(verdictOf({ amount: '$7,500' }).reason_code).toBe('agent_firewall.approval_required');
    expect(verdictOf({ amount: '$75.00' }).verdict).toBe('allow');
  });

  it.each([
    ['a shorthand', { amount: '15k' }],
    ['a currency word', { amount: '15000 dollars' }],
    ['words', { amount: 'fifteen thousand' }],
    ['a malformed number', { amount: '15.000.00' }],
    ['an amount object', { amount: { value: '15k', currency: 'USD' } }],
    ['a nested amount', { refund: { amount_usd: '0x3a98' } }],
    ['a camelCase key', { refund: { amountUsd: '15k' } }],
  ])('blocks an amount it cannot read, given as %s: it could be any amount (it used to pass)', (_, args) => {
    expect(verdictOf(args)).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.transaction_limit' });
    const approvalOnly = firewall({ transaction_limits: { require_approval_above: 5000 } });
    expect(approvalOnly.evaluate(call('refund_payment', args), { now: 0 })).toMatchObject({
      verdict: 'escalate',
      reason_code: 'agent_firewall.approval_required',
    });
  });

  it('leaves an empty amount, and amounts when no transaction limit is set, alone', () => {
    expect(verdictOf({ amount: '', note: 'n/a' }).verdict).toBe('allow');
    expect(verdictOf({ amount: null }).verdict).toBe('allow');
    const none = firewall({ blocked_tools: ['shell'] });
    expect(none.evaluate(call('refund_payment', { amount: '15k' }), { now: 0 }).verdict).toBe('allow');
  });

  /** A call whose `arguments` are given as is (not JSON.stringify'd; a lenient upstream passes any value). */
  const rawCall = (args: unknown): Payload =>
    ({
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'refund_payment', arguments: args } }],
        },
      ],
    }) as Payload;

  it.each([
    ['a trailing comma', '{"amount": 20000,}'],
    ['JSON cut off by the token limit', '{"amount": 20000'],
    ['single quotes', "{'amount': 20000}"],
    ['an array', '[20000]'],
    ['a bare number', '20000'],
    ['a number instead of a string', 20000],
  ])(
    'blocks a call whose arguments are not a JSON object (%s): they could hold any amount (it used to pass)',
    (_, args) => {
      const d = limits.evaluate(rawCall(args), { now: 0 });
      expect(d).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.transaction_limit' });
      expect(d.steps[0]!.message).toBe(
        'refund_payment: its arguments are not a JSON object kt can read, so the transaction limits cannot be checked',
      );
      expect(d.steps[0]!.findings[0]!.path).toBe('/messages/0/tool_calls/0/function/name');
      const approvalOnly = firewall({ transaction_limits: { require_approval_above: 5000 } });
      expect(approvalOnly.evaluate(rawCall(args), { now: 0 }).reason_code).toBe('agent_firewall.approval_required');
      // Without transaction limits the arguments are none of the firewall's business.
      expect(firewall({ blocked_tools: ['shell'] }).evaluate(rawCall(args), { now: 0 }).verdict).toBe('allow');
    },
  );

  it('reads arguments padded past 64 KiB (an amount after the padding used to go unchecked)', () => {
    const padded = JSON.stringify({ note: 'x'.repeat(70_000), amount: 20000 });
    expect(limits.evaluate(rawCall(padded), { now: 0 }).reason_code).toBe('agent_firewall.transaction_limit');
    const small = JSON.stringify({ note: 'x'.repeat(70_000), amount: 20 });
    expect(limits.evaluate(rawCall(small), { now: 0 }).verdict).toBe('allow');
  });

  it('takes absent, null and blank arguments as no arguments', () => {
    for (const args of [undefined, null, '', '  ', '{}'])
      expect(limits.evaluate(rawCall(args), { now: 0 }).verdict).toBe('allow');
  });

  it.each([
    ['amount_cents', { amount_cents: 2_000_000 }],
    ['amountCents', { amountCents: '2,000,000' }],
    ['cents', { cents: 2_000_000 }],
    ['a nested amount_cents', { transfer: { amountCents: 2_000_000 } }],
    ['cents in an amount object', { amount: { cents: 2_000_000, currency: 'USD' } }],
    ['an amount_cents object', { amount_cents: { value: 2_000_000, currency: 'USD' } }],
  ])('reads %s as cents: 2,000,000 cents are 20,000 (they were not read and passed)', (_, args) => {
    const d = verdictOf(args);
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.transaction_limit' });
    expect(d.steps[0]!.message).toBe('refund_payment: amount 20000 exceeds max_single_transaction 10000');
  });

  it('escalates 500,000 cents over a 1,000 approval limit and allows 90,000 cents; a cents figure it cannot read could be any', () => {
    const approval = firewall({ transaction_limits: { require_approval_above: 1000 } });
    const run = (args: unknown) => approval.evaluate(call('transfer', args), { now: 0 });
    expect(run({ amount_cents: 500_000 }).reason_code).toBe('agent_firewall.approval_required');
    expect(run({ amount_cents: 90_000 }).verdict).toBe('allow');
    expect(verdictOf({ amount_cents: 'a lot' }).reason_code).toBe('agent_firewall.transaction_limit');
  });

  it('compares an amount in another currency as written (kt has no exchange rates)', () => {
    expect(verdictOf({ amount: 9000, currency: 'GBP' }).reason_code).toBe('agent_firewall.approval_required');
    expect(verdictOf({ amount: { value: 20000, currency: 'JPY' } }).reason_code).toBe(
      'agent_firewall.transaction_limit',
    );
  });

  it('does not read a nested `value` (a search filter) or a date as an amount', () => {
    expect(verdictOf({ filter: { field: 'age', value: 99999 } }).verdict).toBe('allow');
    expect(verdictOf({ value: '2024-01-05' }).verdict).toBe('allow');
  });
});

describe('agent-firewall deny lists', () => {
  const fw = firewall({
    blocked_tools: ['execute_code', 'shell_*'],
    allowed_tools: ['search', 'execute_code', 'Execute_Code', 'shell_run', 'Shell-Run'],
  });
  const reason = (name: string) => fw.evaluate(call(name, {}), { now: 0 }).reason_code;

  it('ignore case and read - as _ (a client declaring Execute_Code got past blocked_tools: [execute_code])', () => {
    for (const name of ['execute_code', 'Execute_Code', 'EXECUTE-CODE', 'shell_run', 'Shell-Run'])
      expect(reason(name), name).toBe('agent_firewall.tool_blocked');
    expect(reason('search')).toBe('all_policies_passed');
  });

  it('while allow lists match exactly: a near name is not allowed', () => {
    expect(reason('Search')).toBe('agent_firewall.tool_not_allowed');
  });
});

describe('agent-firewall deny lists against disguised and namespaced names', () => {
  // Deny list only (no allow list to fall back on), as most packs that name a few dangerous tools are.
  const fw = firewall({
    blocked_tools: ['execute_code', 'delete_*', 'mcp__github__merge_*', 'filesystem/write_?ile'],
    tools: { roles: { '*': { denied: ['shell_command'] } } },
  });
  const verdict = (name: string) => fw.evaluate(call(name, {}), { now: 0 });

  it.each([
    ['a Cyrillic е', '\u0435xecute_code'],
    ['Cyrillic look-alikes throughout', '\u0435\u0445\u0435\u0441ute_code'],
    ['a zero-width space', 'execute\u200b_code'],
    ['a zero-width joiner at the end', 'execute_code\u200d'],
    ['a soft hyphen', 'exe\u00adcute_code'],
    ['fullwidth letters', '\uff45\uff58\uff45\uff43\uff55\uff54\uff45_code'],
    ['a combining mark', 'execute\u0332_code'],
    ['an accent', '\u00e9xecute_code'],
    ['a space', 'execute code'],
    ['padding spaces', ' execute_code '],
    ['a Unicode hyphen', 'execute\u2010code'],
    ['camelCase', 'executeCode'],
    ['an MCP namespace', 'mcp__sandbox__execute_code'],
    ['a dotted namespace', 'sandbox.execute_code'],
    ['a slash namespace', 'tools/execute_code'],
    ['a glob hit behind a namespace and a look-alike', 'mcp__db__\u0501elete_record'],
    ['a namespaced glob', 'mcp__github__merge_pull_request'],
    ['a ? glob', 'filesystem/write_file'],
    ['a role denial in disguise', 'shell_\u200bcommand'],
  ])('blocks a blocked tool spelt with %s', (_, name) => {
    const d = verdict(name);
    expect(d.reason_code, JSON.stringify(name)).toBe('agent_firewall.tool_blocked');
  });

  it.each([
    'search',
    'execute',
    'executecode_helper',
    'deleted_items',
    'mcp__github__create_issue',
    'filesystem/read_file',
  ])('leaves %s alone', (name) => {
    expect(verdict(name).reason_code).toBe('all_policies_passed');
  });

  it('shows a disguised or very long name escaped and cut in the message and the preview', () => {
    const d = verdict('\u0435xecute_code');
    expect(d.steps[0]!.message).toBe('blocked tool \\u{435}xecute_code');
    expect(d.steps[0]!.findings[0]!.preview).toBe('\\u{435}xecute_code');
    const long = `${'a'.repeat(100_000)}.execute_code`;
    const l = verdict(long);
    expect(l.reason_code).toBe('agent_firewall.tool_blocked');
    expect(l.steps[0]!.message!.length).toBeLessThan(200);
    expect(l.steps[0]!.message).toContain(`(${long.length} characters)`);
  });
});

describe('parseAmount', () => {
  it('reads the separators as written', () => {
    expect(parseAmount('20,000')).toBe(20000);
    expect(parseAmount('1,000,000.50')).toBe(1000000.5);
    expect(parseAmount('1.000.000')).toBe(1000000);
    expect(parseAmount('20.000,50')).toBe(20000.5);
    expect(parseAmount('20,5')).toBe(20.5);
    expect(parseAmount('12.5')).toBe(12.5);
    expect(parseAmount('£ 1 200')).toBe(1200);
    expect(parseAmount('US$15000')).toBe(15000);
    expect(parseAmount('twenty')).toBeUndefined();
    expect(parseAmount('')).toBeUndefined();
  });
});

describe('agent-firewall role rules', () => {
  const roles = firewall({
    tools: {
      roles: {
        support: { allowed: ['search_*', 'read_*'], denied: ['refund_*'] },
        finance: { allowed: ['search_*', 'refund_payment'] },
      },
    },
  });
  const as = (role: string | undefined, tool: string) =>
    roles.evaluate(call(tool, { amount: 1 }, role === undefined ? {} : { identity: { user: 'u', role } }), { now: 0 });

  it('a role with no entry, or no role, may use no tool (it was unrestricted)', () => {
    for (const role of ['intern', undefined]) {
      const d = as(role, 'refund_payment');
      expect(d.verdict).toBe('block');
      expect(d.reason_code).toBe('agent_firewall.tool_not_allowed');
      expect(d.steps[0]!.message).toContain("no '*' entry");
      expect(as(role, 'delete_customer').verdict).toBe('block');
    }
  });

  it('listed roles keep their rules, and a * entry is the default for the others', () => {
    expect(as('finance', 'refund_payment').verdict).toBe('allow');
    expect(as('support', 'refund_payment').verdict).toBe('block');
    const withDefault = firewall({ tools: { roles: { admin: { allowed: ['*'] }, '*': { allowed: ['search_*'] } } } });
    const run = (role: string | undefined, tool: string) =>
      withDefault.evaluate(call(tool, {}, role === undefined ? {} : { identity: { role } }), { now: 0 }).verdict;
    expect(run('intern', 'search_docs')).toBe('allow');
    expect(run(undefined, 'search_docs')).toBe('allow');
    expect(run('intern', 'delete_customer')).toBe('block');
    expect(run('admin', 'delete_customer')).toBe('allow');
  });

  it('without tools.roles nothing changes for role-less callers', () => {
    expect(firewall({ blocked_tools: ['shell'] }).evaluate(call('search', {}), { now: 0 }).verdict).toBe('allow');
  });
});

describe('agent-firewall session figures', () => {
  const fw = firewall({
    max_actions_per_session: 50,
    max_cost_per_session: 10,
    rate_limits: { default: 60, search: 2 },
    transaction_limits: { max_daily_total: 50000 },
  });
  const run = (session: unknown, tool = 'search', args: unknown = {}) =>
    fw.evaluate(call(tool, args, { session } as Partial<Payload>), { now: 0 });

  it.each([
    ['session.actions', { actions: '60' }, 'agent_firewall.action_limit'],
    ['session.cost_usd', { cost_usd: '12.50' }, 'agent_firewall.cost_limit'],
    ['session.calls_last_minute per tool', { calls_last_minute: { search: '5' } }, 'agent_firewall.rate_limited'],
    ['session.calls_last_minute', { calls_last_minute: '5' }, 'agent_firewall.rate_limited'],
  ])('reads %s given as a string (it was taken as 0 and passed)', (_, session, reason) => {
    expect(run(session)).toMatchObject({ verdict: 'block', reason_code: reason });
  });

  it('reads session.daily_total_usd given as a string', () => {
    expect(run({ daily_total_usd: '$45,000' }, 'pay', { amount: 9000 }).reason_code).toBe('agent_firewall.daily_limit');
    expect(run({ daily_total_usd: '40000' }, 'pay', { amount: 9000 }).verdict).toBe('allow');
  });

  it('blocks on a figure that is not a number: the limit it feeds cannot be checked', () => {
    const d = run({ actions: 'many' });
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.action_limit' });
    expect(d.steps[0]!.message).toBe(
      'session.actions is not a number kt can read, so max_actions_per_session cannot be checked',
    );
    expect(d.steps[0]!.findings[0]!.path).toBe('/session/actions');
    const rate = run({ calls_last_minute: { search: true } });
    expect(rate.reason_code).toBe('agent_firewall.rate_limited');
    expect(rate.steps[0]!.findings[0]!.path).toBe('/session/calls_last_minute/search');
    expect(run({ cost_usd: { usd: 3 } }).reason_code).toBe('agent_firewall.cost_limit');
  });

  it('leaves absent, null and blank figures as 0, and figures no limit reads alone', () => {
    expect(run({ actions: '', cost_usd: null, calls_last_minute: {} }).verdict).toBe('allow');
    const noLimits = firewall({ blocked_tools: ['shell'] });
    expect(
      noLimits.evaluate(call('search', {}, { session: { actions: 'many' } } as unknown as Partial<Payload>), { now: 0 })
        .verdict,
    ).toBe('allow');
  });
});

describe('agent-firewall: calls that already ran and calls the request would run', () => {
  const fw = firewall({
    max_actions_per_session: 5,
    transaction_limits: { max_single_transaction: 10000, max_daily_total: 15000, require_approval_above: 5000 },
  });
  const rate = firewall({ rate_limits: { transfer: 2 } });
  const transfer = (id: string, amount: number) => ({
    id,
    type: 'function',
    function: { name: 'transfer', arguments: JSON.stringify({ amount }) },
  });
  /** A conversation in which a 7,000 transfer was approved and made (its result follows it). */
  const afterTransfer = (extra: JsonObject = {}, last: JsonObject = { role: 'user', content: 'and the balance?' }) =>
    ({
      messages: [
        { role: 'user', content: 'pay the invoice' },
        { role: 'assistant', content: null, tool_calls: [transfer('c1', 7000)] },
        { role: 'tool', tool_call_id: 'c1', content: 'done' },
        last,
      ],
      ...extra,
    }) as Payload;

  it('does not hold every later turn for a transfer made already (it escalated the whole conversation again)', () => {
    expect(fw.evaluate(afterTransfer({ session: { actions: 5, daily_total_usd: 7000 } }), { now: 0 }).verdict).toBe(
      'allow',
    );
    // The same call not yet answered is what the request asks to run: it is checked.
    const pending = afterTransfer({}, { role: 'assistant', content: null, tool_calls: [transfer('c2', 7000)] });
    expect(fw.evaluate(pending, { now: 0 })).toMatchObject({
      verdict: 'escalate',
      reason_code: 'agent_firewall.approval_required',
    });
    expect(fw.evaluate(pending, { now: 0 }).steps[0]!.findings[0]!.path).toBe('/messages/3/tool_calls/0/function/name');
  });

  it('counts the calls that ran once: in the session figure when the runtime gives it, else from the conversation', () => {
    const next = { role: 'assistant', content: null, tool_calls: [transfer('c2', 100)] };
    // session.actions 4 holds the transfer made: 4 + 1 pending = 5 (it counted 6).
    expect(fw.evaluate(afterTransfer({ session: { actions: 4 } }, next), { now: 0 }).verdict).toBe('allow');
    expect(fw.evaluate(afterTransfer({ session: { actions: 5 } }, next), { now: 0 }).reason_code).toBe(
      'agent_firewall.action_limit',
    );
    // Without figures the conversation is the record: 7,000 made + 9,000 asked exceed 15,000 a day.
    const big = { role: 'assistant', content: null, tool_calls: [transfer('c2', 4900), transfer('c3', 4000)] };
    expect(fw.evaluate(afterTransfer({}, big), { now: 0 }).reason_code).toBe('agent_firewall.daily_limit');
    expect(fw.evaluate(afterTransfer({ session: { daily_total_usd: 0 } }, big), { now: 0 }).verdict).toBe('allow');
    // ...and 1 transfer made + 2 asked exceed 2 a minute, unless calls_last_minute says otherwise.
    const two = { role: 'assistant', content: null, tool_calls: [transfer('c2', 10), transfer('c3', 10)] };
    expect(rate.evaluate(afterTransfer({}, two), { now: 0 }).reason_code).toBe('agent_firewall.rate_limited');
    expect(
      rate.evaluate(afterTransfer({ session: { calls_last_minute: { transfer: 0 } } }, two), { now: 0 }).verdict,
    ).toBe('allow');
  });

  it('adds up the amounts of several pending calls against max_daily_total (each alone fitted, so both passed)', () => {
    const d = fw.evaluate(
      {
        session: { daily_total_usd: 0 },
        tool_calls: [transfer('a', 4900), transfer('b', 4900), transfer('c', 4900), transfer('d', 4900)],
      } as Payload,
      { now: 0 },
    );
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.daily_limit' });
    expect(d.steps[0]!.findings[0]!.path).toBe('/tool_calls/3/function/name');
  });

  it('reads function_call_output items of a Responses-API input as answers (every earlier call counted as pending)', () => {
    const input = (last: JsonObject[]) =>
      ({
        session: { actions: 5, daily_total_usd: 7000 },
        input: [
          { role: 'user', content: 'pay the invoice' },
          { type: 'function_call', call_id: 'r1', name: 'transfer', arguments: '{"amount": 7000}' },
          { type: 'function_call_output', call_id: 'r1', output: 'done' },
          { type: 'custom_tool_call', call_id: 'r2', name: 'note', input: 'paid' },
          { type: 'custom_tool_call_output', call_id: 'r2', output: 'ok' },
          ...last,
        ],
      }) as Payload;
    expect(fw.evaluate(input([{ role: 'user', content: 'and the balance?' }]), { now: 0 }).verdict).toBe('allow');
    // A call without its output (or with an output before it) is pending: checked, and counted.
    const pending = input([{ type: 'function_call', call_id: 'r3', name: 'transfer', arguments: '{"amount": 100}' }]);
    expect(fw.evaluate(pending, { now: 0 }).reason_code).toBe('agent_firewall.action_limit');
    const early = {
      input: [
        { type: 'function_call_output', call_id: 'r4', output: 'done' },
        { type: 'function_call', call_id: 'r4', name: 'transfer', arguments: '{"amount": 7000}' },
      ],
    } as Payload;
    expect(fw.evaluate(early, { now: 0 }).reason_code).toBe('agent_firewall.approval_required');
  });

  it('reads Anthropic tool_result parts and legacy function results as answers', () => {
    const anthropic = {
      session: { daily_total_usd: 7000 },
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'tu1', name: 'transfer', input: { amount: 7000 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu1', content: 'done' }] },
      ],
    } as Payload;
    expect(fw.evaluate(anthropic, { now: 0 }).verdict).toBe('allow');
    const legacy = {
      session: { daily_total_usd: 7000 },
      messages: [
        { role: 'assistant', content: null, function_call: { name: 'transfer', arguments: '{"amount": 7000}' } },
        { role: 'function', name: 'transfer', content: 'done' },
      ],
    } as Payload;
    expect(fw.evaluate(legacy, { now: 0 }).verdict).toBe('allow');
  });
});

describe('agent-firewall rate limits count a tool however it is spelled', () => {
  /** One request whose assistant turn calls each of `names` once (none answered: all pending). */
  const pending = (names: string[], session?: JsonObject): Payload =>
    ({
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: names.map((name, i) => ({
            id: `c${i}`,
            type: 'function',
            function: { name, arguments: '{}' },
          })),
        },
      ],
      ...(session === undefined ? {} : { session }),
    }) as Payload;
  const named = firewall({ rate_limits: { search: 2 } });
  const verdict = (fw: ReturnType<typeof firewall>, names: string[], session?: JsonObject) =>
    fw.evaluate(pending(names, session), { now: 0 });

  it.each([
    ['case', ['search', 'Search', 'SEARCH']],
    ['a Cyrillic look-alike and an invisible character', ['search', '\u0455earch', 'sea\u200brch']],
    ['a namespace', ['search', 'mcp__a__search', 'tools.search']],
    ['camelCase and dashes', ['search_docs', 'searchDocs', 'search-docs']],
  ])('a limit named for the tool counts its calls spelled with %s (each had a bucket of its own)', (_, names) => {
    const fw = names[0] === 'search' ? named : firewall({ rate_limits: { search_docs: 2 } });
    const d = verdict(fw, names);
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.rate_limited' });
    expect(d.steps[0]!.message).toContain('3 calls in a minute exceed 2');
    expect(verdict(fw, names.slice(0, 2)).verdict).toBe('allow');
  });

  it('adds up the reported figures of every spelling of the tool', () => {
    expect(verdict(named, ['search'], { calls_last_minute: { Search: 1, mcp__x__search: 1 } }).reason_code).toBe(
      'agent_firewall.rate_limited',
    );
    expect(verdict(named, ['search'], { calls_last_minute: { Search: 1, fetch: 5 } }).verdict).toBe('allow');
    const bad = verdict(named, ['search'], { calls_last_minute: { SEARCH: 'lots' } });
    expect(bad.reason_code).toBe('agent_firewall.rate_limited');
    expect(bad.steps[0]!.findings[0]!.path).toBe('/session/calls_last_minute/SEARCH');
  });

  it('counts default-limited calls by the tool they call, not by the spelling', () => {
    const fw = firewall({ rate_limits: { default: 2 } });
    expect(verdict(fw, ['lookup', 'Lookup', 'mcp__kb__lookup']).reason_code).toBe('agent_firewall.rate_limited');
    // Different tools keep separate counts.
    expect(verdict(fw, ['lookup', 'fetch', 'mcp__kb__lookup']).verdict).toBe('allow');
  });

  it('a call a named limit counts is not counted by default as well: the named limit takes it', () => {
    const fw = firewall({ rate_limits: { mcp__github__search: 5, default: 2 } });
    // Two calls of GitHub's search are the named limit's; default sees one jira search and one search.
    const calls = ['mcp__github__search', 'mcp__github__search', 'mcp__jira__search', 'search'];
    expect(verdict(fw, calls).verdict).toBe('allow');
    const third = verdict(fw, [...calls, 'tools.search']);
    expect(third.reason_code).toBe('agent_firewall.rate_limited');
    expect(third.steps[0]!.message).toContain('3 calls in a minute exceed 2 (rate_limits.default for search)');
    // Figures too: the 4 reported for GitHub's search are not default's.
    const reported = { calls_last_minute: { mcp__github__search: 4, search: 1 } };
    expect(verdict(fw, ['mcp__jira__search'], reported).verdict).toBe('allow');
    expect(verdict(fw, ['mcp__jira__search', 'search'], reported).reason_code).toBe('agent_firewall.rate_limited');
    // ...and a figure kt cannot read under a named limit's tool leaves default checkable.
    const unreadable = { calls_last_minute: { mcp__github__search: 'many' } };
    expect(verdict(fw, ['search'], unreadable).verdict).toBe('allow');
    expect(verdict(fw, ['mcp__github__search'], unreadable).reason_code).toBe('agent_firewall.rate_limited');
  });

  it("reads a map's '*' entry as one number for every tool: each limit counts at least that many", () => {
    const fw = firewall({ rate_limits: { lookup: 3, default: 3 } });
    // 2 for every tool, 2 reported for lookup under two names: lookup is at 2, + 1 pending.
    const session = { calls_last_minute: { '*': 2, Lookup: 1, mcp__kb__lookup: 1 } };
    expect(verdict(fw, ['lookup'], session).verdict).toBe('allow');
    expect(verdict(fw, ['lookup', 'fetch'], session).verdict).toBe('allow');
    expect(verdict(fw, ['lookup', 'lookup'], session).reason_code).toBe('agent_firewall.rate_limited');
    // Above the '*' figure, the tool's own figures count.
    const more = verdict(fw, ['lookup'], { calls_last_minute: { '*': 1, lookup: 3 } });
    expect(more.steps[0]!.message).toContain('4 calls in a minute exceed 3 (rate_limits.lookup)');
    expect(verdict(fw, ['fetch', 'fetch'], { calls_last_minute: { '*': 2 } }).reason_code).toBe(
      'agent_firewall.rate_limited',
    );
    const bad = verdict(fw, ['fetch'], { calls_last_minute: { '*': 'lots', lookup: 0 } });
    expect(bad.reason_code).toBe('agent_firewall.rate_limited');
    expect(bad.steps[0]!.findings[0]!.path).toBe('/session/calls_last_minute/*');
  });

  it("a namespaced limit counts that server's tool only", () => {
    const fw = firewall({ rate_limits: { mcp__github__search: 1 } });
    expect(verdict(fw, ['mcp__github__search', 'MCP__GitHub__Search']).reason_code).toBe('agent_firewall.rate_limited');
    expect(verdict(fw, ['mcp__github__search', 'mcp__jira__search', 'search']).verdict).toBe('allow');
  });
});

describe('agent-firewall on an answer with several choices (OpenAI n)', () => {
  /** An answer whose i-th choice calls the tools of `choices[i]` (name and arguments). */
  const answer = (choices: [string, JsonObject][][], session: JsonObject = {}): Payload =>
    ({
      messages: [{ role: 'user', content: 'pay the invoice' }],
      session,
      upstream_response: {
        choices: choices.map((calls, index) => ({
          index,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: calls.map(([name, args], k) => ({
              id: `c${index}_${k}`,
              type: 'function',
              function: { name, arguments: JSON.stringify(args) },
            })),
          },
          finish_reason: 'tool_calls',
        })),
      },
    }) as Payload;
  const fw = firewall({
    max_actions_per_session: 2,
    rate_limits: { transfer: 2 },
    transaction_limits: { max_daily_total: 50_000 },
  });
  const pay = (amount: number): [string, JsonObject] => ['transfer', { amount }];

  it('holds each choice to the counting limits on its own: the client runs one of them', () => {
    // Two choices of one transfer each, one action already taken: one more action, not two.
    expect(fw.evaluate(answer([[pay(10)], [pay(10)]], { actions: 1 }), { now: 0 }).verdict).toBe('allow');
    // Two choices of 30,000: the day's total is 30,000 whichever the client takes.
    expect(fw.evaluate(answer([[pay(30_000)], [pay(30_000)]], { actions: 0 }), { now: 0 }).verdict).toBe('allow');
    expect(fw.evaluate(answer([[pay(10)], [pay(10)], [pay(10)]], { calls_last_minute: 1 }), { now: 0 }).verdict).toBe(
      'allow',
    );
  });

  it('blocks when one choice alone exceeds a limit', () => {
    const d = fw.evaluate(answer([[pay(10)], [pay(30_000), pay(30_000)]], { actions: 0 }), { now: 0 });
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'agent_firewall.daily_limit' });
    expect(d.steps.flatMap((st) => st.findings).map((f) => f.path)).toEqual([
      '/upstream_response/choices/1/message/tool_calls/1/function/name',
    ]);
    expect(fw.evaluate(answer([[pay(10)], [pay(10), pay(10), pay(10)]]), { now: 0 }).reason_code).toBe(
      'agent_firewall.action_limit',
    );
  });
});
