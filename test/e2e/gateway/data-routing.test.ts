// data-routing-policy in the gateway: the policy narrows the targets a request may go to (reference:
// "narrows the list of candidate provider targets before any routing happens"), so a request the policy
// allows is sent to a compliant target, never to the first target of the pack, and a failover stays
// among the compliant ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, startGateway, type Json, type RunningGateway } from './helpers.js';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(`
pack: {name: e2e-data-routing, version: 1.0.0, enabled: true}
policies:
  chain: [data-routing-policy]
policy:
  data-routing-policy: {require_zero_data_retention: true}
providers:
  targets:
    - {id: retains, provider: mock, model: m-retains, data_policy: {retention_days: 30}, mock: {reply: "from retains"}}
    - {id: zdr-down, provider: mock, model: m-zdr, zdr: true, mock: {failure_rate: 1}}
    - {id: also-retains, provider: mock, model: m-other, data_policy: {retention_days: 90}, mock: {reply: "from also-retains"}}
    - {id: zdr-up, provider: mock, model: m-zdr-2, zdr: true, mock: {reply: "from zdr-up"}}
  fallback: {strategy: ordered, max_retries: 3, retry_on: [5xx]}
`);
});
afterAll(async () => {
  await cleanup(gw);
});

const ask = async (model?: string) => {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({
      ...(model === undefined ? {} : { model }),
      messages: [{ role: 'user', content: 'ledger' }],
    }),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

describe('data-routing-policy in the gateway', () => {
  it('sends a request without a model to a compliant target, failing over only to compliant ones (it went to the first target, which retains data)', async () => {
    const { status, body } = await ask();
    expect(status).toBe(200);
    expect(body.choices[0].message.content).toBe('from zdr-up');
  });

  it('blocks a model only a non-compliant target serves, before any provider is called', async () => {
    const { status, body } = await ask('m-retains');
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'input_blocked', policy: 'data-routing-policy' });
  });

  it('serves a model a compliant target serves from that target', async () => {
    const { status, body } = await ask('m-zdr-2');
    expect(status).toBe(200);
    expect(body.model).toBe('m-zdr-2');
  });
});
