import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';

const packWith = (gateway: JsonObject): PackModel => ({
  shape: 'current',
  pack: { name: 't', version: '1.0.0', enabled: true },
  chain: [
    { name: 'pii-detector', kind: 'pii-detector', config: { categories: ['email'] }, pointer: '/policy/pii-detector' },
  ],
  providers: [],
  gateway,
  testing: {},
  document: {},
});
const seedGateway: JsonObject = {
  ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], on_deny: 'block' },
  bot_detection: { enabled: true, block_known_bots: true, require_user_agent: true },
};
const hi = (extra: Partial<Payload> = {}): Payload => ({ messages: [{ role: 'user', content: 'hello' }], ...extra });
const dryRun = { now: 0, simulateNetwork: true };

describe('gateway network controls in a dry run', () => {
  const chain = prepareChain(packWith(seedGateway));

  it('denies a client outside the allowlist with the gateway answer (403 ip_not_allowed) and skips the chain', () => {
    const d = chain.evaluate(hi({ client_ip: '8.8.8.8', headers: { 'User-Agent': 'curl/8' } }), dryRun);
    expect(d).toMatchObject({ verdict: 'block', reason_code: 'access.ip_not_allowed', blocked_by: 'gateway' });
    expect(d.http).toEqual({
      status: 403,
      error: {
        type: 'access_denied',
        code: 'ip_not_allowed',
        policy: 'gateway',
        message: 'Request denied: client address is not in the gateway IP allowlist',
      },
    });
    expect(d.steps.map((s) => [s.policy, s.phase, s.verdict])).toEqual([
      ['gateway', 'network', 'block'],
      ['pii-detector', 'input', 'skipped'],
    ]);
    expect(d.steps[0]!.findings[0]).toMatchObject({ type: 'ip_not_allowed', path: '/client_ip' });
  });

  it('lets an allowed client with a browser user agent through to the chain', () => {
    const d = chain.evaluate(hi({ client_ip: '10.1.2.3', headers: { 'user-agent': 'Mozilla/5.0' } }), dryRun);
    expect(d.verdict).toBe('allow');
    expect(d.steps.map((s) => s.verdict)).toEqual(['allow', 'allow']);
  });

  it('reads IPv4-mapped clients as IPv4, and denies a missing user agent and known bots', () => {
    expect(
      chain.evaluate(hi({ client_ip: '::ffff:192.168.7.7', headers: { 'User-Agent': 'x' } }), dryRun).verdict,
    ).toBe('allow');
    expect(chain.evaluate(hi({ client_ip: '10.0.0.1', headers: {} }), dryRun)).toMatchObject({
      reason_code: 'access.user_agent_required',
      http: { status: 403, error: { code: 'user_agent_required' } },
    });
    expect(
      chain.evaluate(
        hi({ client_ip: '10.0.0.1', headers: { 'USER-AGENT': 'Mozilla/5.0 (compatible; GPTBot/1.1)' } }),
        dryRun,
      ),
    ).toMatchObject({
      reason_code: 'access.bot_blocked',
      http: { status: 403, error: { code: 'bot_blocked' } },
    });
  });

  it('says which control it could not check when the payload has no client_ip or headers', () => {
    const none = chain.evaluate(hi(), dryRun);
    expect(none.verdict).toBe('allow');
    const unchecked = (type: string, detector: string, path: string) => ({ type, detector, path, start: 0, end: 0 });
    expect(none.steps[0]).toMatchObject({
      verdict: 'skipped',
      reason_code: 'network.no_client_ip',
      message:
        'no client_ip: gateway.ip_allowlist was not checked; no headers: gateway.bot_detection was not checked (require_user_agent, block_known_bots)',
      findings: [
        unchecked('not_evaluated', 'gateway.ip_allowlist', '/client_ip'),
        unchecked('not_evaluated', 'gateway.bot_detection.require_user_agent', '/headers'),
        unchecked('not_evaluated', 'gateway.bot_detection.block_known_bots', '/headers'),
      ],
    });
    const noIp = chain.evaluate(hi({ headers: { 'User-Agent': 'GPTBot' } }), dryRun);
    expect(noIp.reason_code).toBe('access.bot_blocked');
    // The allowlist passed, the user agent could not be checked: a flagged allow that names the checks.
    const noHeaders = chain.evaluate(hi({ client_ip: '10.0.0.1' }), dryRun);
    expect(noHeaders.steps[0]).toMatchObject({
      verdict: 'allow',
      reason_code: 'network.no_headers',
      message: 'no headers: gateway.bot_detection was not checked (require_user_agent, block_known_bots)',
      findings: [
        unchecked('not_evaluated', 'gateway.bot_detection.require_user_agent', '/headers'),
        unchecked('not_evaluated', 'gateway.bot_detection.block_known_bots', '/headers'),
      ],
    });
    // Only the check the section switches on is named.
    const requireOnly = prepareChain(
      packWith({ bot_detection: { enabled: true, block_known_bots: false, require_user_agent: true } }),
    ).evaluate(hi(), dryRun);
    expect(requireOnly.steps[0]).toMatchObject({
      verdict: 'skipped',
      reason_code: 'network.no_headers',
      message: 'no headers: gateway.bot_detection was not checked (require_user_agent)',
      findings: [unchecked('not_evaluated', 'gateway.bot_detection.require_user_agent', '/headers')],
    });
    // With both fields, nothing is left unchecked: no finding, no message.
    const both = chain.evaluate(hi({ client_ip: '10.0.0.1', headers: { 'user-agent': 'Mozilla/5.0' } }), dryRun);
    expect(both.steps[0]).toMatchObject({ verdict: 'allow', reason_code: null, findings: [] });
    expect(both.steps[0]!.message).toBeUndefined();
  });

  it('on_deny: log lets the client through with a finding; a mapped IPv6 range matches IPv4 clients', () => {
    const log = prepareChain(
      packWith({ ip_allowlist: { enabled: true, ranges: ['::ffff:10.0.0.0/104', '2001:db8::/32'], on_deny: 'log' } }),
    );
    const outside = log.evaluate(hi({ client_ip: '192.0.2.1' }), dryRun);
    expect(outside.verdict).toBe('allow');
    expect(outside.steps[0]!.findings.map((f) => f.type)).toEqual(['ip_not_allowed']);
    expect(outside.steps[0]!.reason_code).toBe('access.ip_not_allowed');
    expect(log.evaluate(hi({ client_ip: '10.200.0.1' }), dryRun).steps[0]!.findings).toEqual([]);
    expect(log.evaluate(hi({ client_ip: '2001:db8::5' }), dryRun).steps[0]!.findings).toEqual([]);
  });

  it('is not part of the chain outside a dry run (the gateway checks the connection itself)', () => {
    const d = chain.evaluate(hi({ client_ip: '8.8.8.8' }), { now: 0, phases: 'request' });
    expect(d.verdict).toBe('allow');
    expect(d.steps.map((s) => s.policy)).toEqual(['pii-detector']);
  });

  it('adds no step when the section switches no control on, and reports a bad range as a config error', () => {
    expect(
      prepareChain(packWith({ tls: { enabled: false }, bot_detection: { enabled: false } }))
        .evaluate(hi(), dryRun)
        .steps.map((s) => s.policy),
    ).toEqual(['pii-detector']);
    const bad = prepareChain(packWith({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/40'] } })).evaluate(
      hi({ client_ip: '10.0.0.1' }),
      dryRun,
    );
    expect(bad).toMatchObject({ verdict: 'block', blocked_by: 'gateway' });
    expect(bad.steps[0]).toMatchObject({ verdict: 'error', reason_code: 'policy.config_error' });
    expect(bad.steps[0]!.error).toMatch(/ranges\[0\]/);
  });
});
