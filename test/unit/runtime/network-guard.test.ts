import { describe, expect, it } from 'vitest';
import { NetworkGuard } from '../../../src/runtime/network-guard.js';

describe('network guard', () => {
  it('matches IPv4, IPv4-mapped and IPv6 ranges', () => {
    const g = new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', '2001:db8::/32', '127.0.0.1'], on_deny: 'block' } });
    expect(g.checkAddress('10.1.2.3').allowed).toBe(true);
    expect(g.checkAddress('::ffff:10.9.9.9').allowed).toBe(true);
    expect(g.checkAddress('127.0.0.1').allowed).toBe(true);
    expect(g.checkAddress('2001:db8::1').allowed).toBe(true);
    expect(g.checkAddress('11.0.0.1')).toMatchObject({ allowed: false, code: 'ip_not_allowed' });
    expect(g.checkAddress('::1').allowed).toBe(false);
    expect(g.checkAddress(undefined).allowed).toBe(false);
  });

  it('on_deny: log lets the request through but flags it', () => {
    const g = new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8'], on_deny: 'log' } });
    expect(g.checkAddress('192.0.2.1')).toMatchObject({ allowed: true, logOnly: true });
  });

  it('rejects a malformed range with its index', () => {
    expect(() => new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', '300.1.1.1/8'] } })).toThrow(/ranges\[1\]/);
    expect(() => new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/33'] } })).toThrow(/ranges\[0\]/);
  });

  it('bot detection: user agent required, known bots blocked', () => {
    const g = new NetworkGuard({ bot_detection: { enabled: true, block_known_bots: true, require_user_agent: true } });
    expect(g.checkUserAgent(undefined)).toMatchObject({ allowed: false, code: 'user_agent_required' });
    expect(g.checkUserAgent('Mozilla/5.0 (compatible; GPTBot/1.0)')).toMatchObject({ allowed: false, code: 'bot_blocked' });
    expect(g.checkUserAgent('OpenAI/JS 6.0.0').allowed).toBe(true);
    expect(new NetworkGuard({}).checkUserAgent(undefined).allowed).toBe(true);
  });
});
