import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, PackModel, Payload, ProviderTarget } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function rbac(config: JsonObject, providers: ProviderTarget[] = []) {
  const pack: PackModel = onePolicyPack('rbac', config, providers);
  return prepareChain(pack);
}

const call = (tool: string, identity?: JsonObject): Payload => ({
  messages: [{ role: 'user', content: 'go' }],
  tool_calls: [{ id: 'c', type: 'function', function: { name: tool, arguments: '{}' } }],
  ...(identity === undefined ? {} : { identity }),
});

describe('rbac role tool rules', () => {
  const chain = rbac({ roles: { analyst: { allowed_tools: ['search_*'] }, admin: { allowed_tools: ['*'] } } });

  it('a role without tool rules, or no role, may use no tool (it was unrestricted)', () => {
    for (const identity of [{ user: 'u', role: 'intern' }, { user: 'u' }] as JsonObject[]) {
      const d = chain.evaluate(call('drop_table', identity), { now: 0 });
      expect(d.verdict).toBe('block');
      expect(d.reason_code).toBe('rbac.tool_denied');
      expect(d.steps[0]!.message).toContain("no '*' entry");
    }
  });

  it('listed roles keep their rules; a * entry is the default; requests without tools pass', () => {
    expect(chain.evaluate(call('search_docs', { role: 'analyst' }), { now: 0 }).verdict).toBe('allow');
    expect(chain.evaluate(call('drop_table', { role: 'analyst' }), { now: 0 }).verdict).toBe('block');
    expect(chain.evaluate(call('drop_table', { role: 'admin' }), { now: 0 }).verdict).toBe('allow');
    expect(
      chain.evaluate({ messages: [{ role: 'user', content: 'hi' }], identity: { role: 'intern' } }, { now: 0 }).verdict,
    ).toBe('allow');
    const withDefault = rbac({ roles: { '*': { denied_tools: ['drop_*'] } } });
    expect(withDefault.evaluate(call('search', { role: 'intern' }), { now: 0 }).verdict).toBe('allow');
    expect(withDefault.evaluate(call('drop_table', {}), { now: 0 }).verdict).toBe('block');
  });

  it('roles that configure no tool rules do not restrict tools', () => {
    const dataOnly = rbac({ roles: { analyst: { max_sensitivity: 'confidential' } } });
    expect(dataOnly.evaluate(call('search', { role: 'intern' }), { now: 0 }).verdict).toBe('allow');
  });
});

describe('rbac on the calls in the model answer', () => {
  const chain = rbac({ roles: { analyst: { allowed_tools: ['search_*'] }, admin: { allowed_tools: ['*'] } } });
  // The request itself calls no tool: the model asks for one in its answer, which the client would run.
  const answering = (tool: string, identity: JsonObject): Payload => ({
    messages: [{ role: 'user', content: 'clean up the old rows' }],
    identity,
    upstream_response: {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: tool, arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    },
  });

  it("blocks an answer that calls a tool the caller's role may not use, in the output phase (409 output_blocked)", () => {
    const d = chain.evaluate(answering('drop_table', { user: 'u', role: 'analyst' }), { now: 0 });
    expect(d.verdict).toBe('block');
    expect(d.reason_code).toBe('rbac.tool_denied');
    const step = d.steps.find((s) => s.phase === 'output')!;
    expect([step.policy, step.verdict]).toEqual(['rbac', 'block']);
    expect(step.findings[0]).toMatchObject({
      type: 'tool_denied',
      path: '/upstream_response/choices/0/message/tool_calls/0/function/name',
    });
    expect(step.message).toBe('role analyst may not use drop_table, which the answer calls');
    expect(d.http).toMatchObject({ status: 409, error: { code: 'output_blocked', policy: 'rbac' } });
    // The identity phase saw a request without tool calls and let it through.
    expect(d.steps.find((s) => s.phase === 'identity')!.verdict).toBe('allow');
  });

  it('lets through answers that call allowed tools, and answers of roles that may use every tool', () => {
    expect(chain.evaluate(answering('search_docs', { user: 'u', role: 'analyst' }), { now: 0 }).verdict).toBe('allow');
    expect(chain.evaluate(answering('drop_table', { user: 'u', role: 'admin' }), { now: 0 }).verdict).toBe('allow');
  });

  it('adds no output step to a pack whose roles restrict no tools', () => {
    const plain = rbac({ require_auth: true });
    const d = plain.evaluate(answering('drop_table', { user: 'u' }), { now: 0 });
    expect(d.verdict).toBe('allow');
    expect(d.steps.map((s) => s.phase)).toEqual(['identity']);
  });
});

describe('rbac deny_if_missing', () => {
  const hi = (extra: Partial<Payload>): Payload => ({ messages: [{ role: 'user', content: 'hi' }], ...extra });

  it("takes the gateway's identity headers as the verified identity's attributes: a gateway key's user satisfies X-User-ID (it was denied)", () => {
    const chain = rbac({ deny_if_missing: ['X-User-ID', 'x-user-role', 'X-Team-ID'] });
    expect(
      chain.evaluate(hi({ identity: { user: 'erin', role: 'analyst', team: 'support' } }), { now: 0 }).verdict,
    ).toBe('allow');
    // A header that reached the chain still counts (the gateway passes it only when the pack trusts it).
    expect(
      chain.evaluate(hi({ headers: { 'X-User-ID': 'erin', 'X-User-Role': 'analyst', 'x-team-id': 't' } }), { now: 0 })
        .verdict,
    ).toBe('allow');
    const d = chain.evaluate(hi({ identity: { user: 'erin' } }), { now: 0 });
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'rbac.missing_attribute', http: { status: 403 } });
    expect(d.steps[0]!.findings.map((f) => f.path)).toEqual(['/identity/role', '/identity/team']);
  });

  it('points a missing header at /headers/<name> (escaped), and an identity attribute at /identity/<attribute>', () => {
    const chain = rbac({ deny_if_missing: ['X-Tenant', 'a/b~c', 'Team'] });
    const d = chain.evaluate(hi({}), { now: 0 });
    expect(d.steps[0]!.findings.map((f) => f.path)).toEqual([
      '/headers/X-Tenant',
      '/headers/a~1b~0c',
      '/identity/team',
    ]);
    expect(d.steps[0]!.message).toBe('missing X-Tenant, a/b~c, Team');
  });
});

describe('rbac role model rules (allowed_models)', () => {
  const roles = { intern: { allowed_models: ['gpt-4o-mini*'] }, admin: { allowed_models: ['*'] } };
  const ask = (model: string | undefined, role?: string): Payload => ({
    ...(model === undefined ? {} : { model }),
    messages: [{ role: 'user', content: 'hi' }],
    identity: role === undefined ? { user: 'u' } : { user: 'u', role },
  });

  it('a model outside the role list is denied (403); the lint-accepted field was not enforced', () => {
    const chain = rbac({ roles });
    const d = chain.evaluate(ask('gpt-4o', 'intern'), { now: 0 });
    expect(d.verdict).toBe('block');
    expect(d.reason_code).toBe('rbac.model_denied');
    expect(d.http?.status).toBe(403);
    expect(d.steps[0]!.findings[0]).toMatchObject({ type: 'model_denied', path: '/model', preview: 'gpt-4o' });
    expect(chain.evaluate(ask('gpt-4o-mini-2024-07-18', 'intern'), { now: 0 }).verdict).toBe('allow');
    expect(chain.evaluate(ask('gpt-4o', 'admin'), { now: 0 }).verdict).toBe('allow');
  });

  it('a role without allowed_models, or no role, takes the * entry, and without one may use no model', () => {
    const chain = rbac({ roles });
    for (const role of ['guest', undefined]) {
      const d = chain.evaluate(ask('gpt-4o-mini', role), { now: 0 });
      expect(d.reason_code).toBe('rbac.model_denied');
      expect(d.steps[0]!.message).toContain("no '*' entry");
    }
    const withDefault = rbac({ roles: { ...roles, '*': { allowed_models: ['small-*'] } } });
    expect(withDefault.evaluate(ask('small-1', 'guest'), { now: 0 }).verdict).toBe('allow');
    expect(withDefault.evaluate(ask('gpt-4o', undefined), { now: 0 }).verdict).toBe('block');
  });

  it('checks the model the gateway would send: a target that pins its model, or no model to check', () => {
    const target = (id: string, model?: string): ProviderTarget => ({
      id,
      provider: 'openai',
      ...(model === undefined ? {} : { model }),
      extra: {},
    });
    // The request names the target id (or a model no target serves): the target's pinned model goes upstream.
    const pinned = rbac({ roles }, [target('main', 'gpt-4o')]);
    expect(pinned.evaluate(ask('main', 'intern'), { now: 0 }).reason_code).toBe('rbac.model_denied');
    expect(pinned.evaluate(ask('gpt-4o-mini', 'intern'), { now: 0 }).reason_code).toBe('rbac.model_denied');
    const open = rbac({ roles }, [target('any')]);
    expect(open.evaluate(ask('gpt-4o-mini', 'intern'), { now: 0 }).verdict).toBe('allow');
    const none = open.evaluate(ask(undefined, 'intern'), { now: 0 });
    expect(none.reason_code).toBe('rbac.model_denied');
    expect(none.steps[0]!.message).toContain('names no model');
  });

  it('roles without allowed_models anywhere leave models unrestricted', () => {
    const chain = rbac({ roles: { intern: { allowed_tools: ['search'] } } });
    expect(chain.evaluate(ask('gpt-4o', 'intern'), { now: 0 }).verdict).toBe('allow');
  });
});

describe('rbac shows a denied tool name as agent-firewall does', () => {
  const chain = rbac({ roles: { ops: { allowed_tools: ['*'], denied_tools: ['delete_*'] } } });

  it('writes a look-alike letter as \\u{...} and cuts a long name (it went whole into message and preview)', () => {
    const cyrillic = chain.evaluate(call('d\u0435lete_customer', { role: 'ops' }), { now: 0 });
    expect(cyrillic.reason_code).toBe('rbac.tool_denied');
    expect(cyrillic.steps[0]!.message).toBe('role ops may not use d\\u{435}lete_customer');
    expect(cyrillic.steps[0]!.findings[0]!.preview).toBe('d\\u{435}lete_customer');
    const long = `delete_${'x'.repeat(100_000)}`;
    const d = chain.evaluate(call(long, { role: 'ops' }), { now: 0 });
    expect(d.steps[0]!.message!.length).toBeLessThan(200);
    expect(d.steps[0]!.message).toContain('(100007 characters)');
    expect(d.steps[0]!.findings[0]!.preview!.length).toBeLessThan(200);
  });
});
