import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import { targetsFor } from '../../../../src/core/policies/data-routing-policy.js';
import type { JsonObject, PackModel, ProviderTarget } from '../../../../src/core/types.js';

const target = (id: string, model: string | undefined, extra: JsonObject): ProviderTarget => ({
  id,
  provider: 'openai',
  ...(model === undefined ? {} : { model }),
  extra,
});

function routing(providers: ProviderTarget[]) {
  const pack: PackModel = {
    shape: 'current',
    pack: { name: 't', version: '1.0.0', enabled: true },
    chain: [
      {
        name: 'data-routing-policy',
        kind: 'data-routing-policy',
        config: { require_zero_data_retention: true },
        pointer: '/policy/data-routing-policy',
      },
    ],
    providers,
    gateway: {},
    testing: {},
    document: {},
  };
  const chain = prepareChain(pack);
  return (model?: string) =>
    chain.evaluate(
      { ...(model === undefined ? {} : { model }), messages: [{ role: 'user', content: 'x' }] },
      { now: 0 },
    );
}

describe('data-routing-policy and the targets a request goes to', () => {
  const run = routing([
    target('retains', 'gpt-4o', { data_policy: { retention_days: 30 } }),
    target('zdr', undefined, { zdr: true }),
  ]);

  it('blocks a model only a non-compliant target serves (a compliant target without a model used to let it pass, and the gateway sent it to the one serving the model)', () => {
    expect(run('gpt-4o')).toMatchObject({ verdict: 'block', reason_code: 'data_routing.no_compliant_provider' });
  });

  it('allows a request without a model, or for a model no target serves: the gateway routes it to a compliant target', () => {
    expect(run().steps[0]).toMatchObject({ verdict: 'allow', message: 'compliant targets: zdr' });
    expect(run('mistral-large').steps[0]).toMatchObject({ verdict: 'allow', message: 'compliant targets: zdr' });
  });

  it('takes a model naming a target id as that target, as the gateway does (it was blocked)', () => {
    expect(run('zdr').verdict).toBe('allow');
    expect(run('retains').verdict).toBe('block');
  });

  it('targetsFor: serving the model, else by id, else all', () => {
    const ts = [
      { id: 'a', model: 'm1' },
      { id: 'b', model: 'm2' },
      { id: 'c', model: 'm1' },
      { id: 'd', model: undefined },
    ];
    expect(targetsFor(ts, 'm1').map((t) => t.id)).toEqual(['a', 'c']);
    expect(targetsFor(ts, 'b').map((t) => t.id)).toEqual(['b']);
    expect(targetsFor(ts, 'other').map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(targetsFor(ts, undefined).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
