import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';

function rbac(config: JsonObject) {
  const pack: PackModel = {
    shape: 'current',
    pack: { name: 't', version: '1.0.0', enabled: true },
    chain: [{ name: 'rbac', kind: 'rbac', config, pointer: '/policy/rbac' }],
    providers: [],
    gateway: {},
    testing: {},
    document: {},
  };
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
    expect(chain.evaluate({ messages: [{ role: 'user', content: 'hi' }], identity: { role: 'intern' } }, { now: 0 }).verdict).toBe('allow');
    const withDefault = rbac({ roles: { '*': { denied_tools: ['drop_*'] } } });
    expect(withDefault.evaluate(call('search', { role: 'intern' }), { now: 0 }).verdict).toBe('allow');
    expect(withDefault.evaluate(call('drop_table', {}), { now: 0 }).verdict).toBe('block');
  });

  it('roles that configure no tool rules do not restrict tools', () => {
    const dataOnly = rbac({ roles: { analyst: { max_sensitivity: 'confidential' } } });
    expect(dataOnly.evaluate(call('search', { role: 'intern' }), { now: 0 }).verdict).toBe('allow');
  });
});
