// Provider sections the pack accepts but the gateway does not apply (`provider_fallback`,
// `providers.circuit_breaker`, `providers.routing`; the runtime sections `history` and `loads` switched on) are said so at start and on reload, not silently
// ignored: a pack relying on them for failover ran without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, startGateway, type Json, type RunningGateway } from './helpers.js';

const PACK = `pack: {name: e2e-provider-sections, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: m-echo}
  circuit_breaker: {failure_threshold: 5, reset_timeout_ms: 30000}
  routing: {strategy: cost}
provider_fallback: {enabled: true, max_fallback_attempts: 2}
history: {enabled: true, mode: raw}
loads: {enabled: false, backend: memory}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {}
`;

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(PACK);
});
afterAll(async () => {
  await cleanup(gw);
});

describe('provider sections the gateway does not apply', () => {
  it('are warned about at start, each named', () => {
    const lines = gw
      .stderr()
      .split('\n')
      .filter((l) => l.includes('gateway.not_applied'));
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toContain('provider_fallback is not applied by kt gateway run; use providers.fallback');
    expect(lines.join('\n')).toContain('providers.circuit_breaker is not applied by kt gateway run');
    expect(lines.join('\n')).toContain('providers.routing is not applied by kt gateway run');
    // A runtime section switched on (history) is said too; one left off (loads) asks for nothing.
    expect(lines.join('\n')).toContain('history is not applied by kt gateway run; it keeps no conversation history');
    // Each at its section's value in the pack file (line:column), as the gateway's other diagnostics are.
    expect(lines.map((l) => /pack\.yaml:(\d+:\d+): /.exec(l)?.[1]).sort()).toEqual(['5:20', '6:12', '7:20', '8:10']);
  });

  it('and in the reload result', async () => {
    const r = await gw.admin('/keeptrusts/config/reload', { method: 'POST' });
    expect(r.status).toBe(200);
    const codes = (r.body.diagnostics as Json[]).filter((d) => d.code === 'gateway.not_applied').map((d) => d.path);
    expect(codes.sort()).toEqual(['history', 'provider_fallback', 'providers.circuit_breaker', 'providers.routing']);
  });
});
