import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/core/types.js';
import { NetworkGuard } from '../../../src/runtime/network-guard.js';

describe('network guard', () => {
  it('matches IPv4, IPv4-mapped and IPv6 ranges', () => {
    const g = new NetworkGuard({
      ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', '2001:db8::/32', '127.0.0.1'], on_deny: 'block' },
    });
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

  it('warns when a loopback listener can reach no client: the ranges block both 127.0.0.1 and ::1', () => {
    const privateOnly = new NetworkGuard({
      ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', 'fd00::/8'], on_deny: 'block' },
    });
    for (const host of ['127.0.0.1', '::1', '[::1]', 'localhost', '127.0.0.2'])
      expect(privateOnly.loopbackLockout(host)).toMatch(/admits no loopback address.*127\.0\.0\.1\/32/);
    // A listener other clients can reach, a loopback range (either family), a log-only allowlist or none: no warning.
    expect(privateOnly.loopbackLockout('0.0.0.0')).toBeUndefined();
    expect(privateOnly.loopbackLockout('10.1.2.3')).toBeUndefined();
    expect(
      new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', '::1'] } }).loopbackLockout('127.0.0.1'),
    ).toBeUndefined();
    expect(
      new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['127.0.0.0/8'] } }).loopbackLockout('::1'),
    ).toBeUndefined();
    expect(
      new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8'], on_deny: 'log' } }).loopbackLockout(
        '127.0.0.1',
      ),
    ).toBeUndefined();
    expect(new NetworkGuard({}).loopbackLockout('127.0.0.1')).toBeUndefined();
  });

  it('rejects a malformed range with its index', () => {
    expect(() => new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/8', '300.1.1.1/8'] } })).toThrow(
      /ranges\[1\]/,
    );
    expect(() => new NetworkGuard({ ip_allowlist: { enabled: true, ranges: ['10.0.0.0/33'] } })).toThrow(/ranges\[0\]/);
  });

  it('bot detection: user agent required, known bots blocked', () => {
    const g = new NetworkGuard({ bot_detection: { enabled: true, block_known_bots: true, require_user_agent: true } });
    expect(g.checkUserAgent(undefined)).toMatchObject({ allowed: false, code: 'user_agent_required' });
    expect(g.checkUserAgent('Mozilla/5.0 (compatible; GPTBot/1.0)')).toMatchObject({
      allowed: false,
      code: 'bot_blocked',
    });
    expect(g.checkUserAgent('OpenAI/JS 6.0.0').allowed).toBe(true);
    expect(new NetworkGuard({}).checkUserAgent(undefined).allowed).toBe(true);
  });
});

describe('config document redaction and listen parsing', () => {
  it('redacts secret-looking values but keeps references and paths', async () => {
    const { redactDocument } = await import('../../../src/runtime/admin-api.js');
    const doc: JsonValue = {
      providers: {
        targets: [
          { id: 'a', secret_key_ref: { env: 'OPENAI_API_KEY' }, api_key: 'sk-live-123', headers: { token: 'abc' } },
          // A password in the URL's userinfo used to be served as written.
          { id: 'b', base_url: 'https://alice:hunter2secret@llm.example/v1' },
        ],
      },
      gateway: { tls: { cert_file: '/etc/kt/server.crt' } },
      note: 'kt_gk_abcdefghijklmnop',
    };
    const out = JSON.stringify(redactDocument(doc));
    expect(out).not.toContain('sk-live-123');
    expect(out).not.toContain('kt_gk_abcdefghijklmnop');
    expect(out).not.toContain('"abc"');
    expect(out).toContain('OPENAI_API_KEY');
    expect(out).toContain('/etc/kt/server.crt');
    expect(out).not.toContain('hunter2secret');
    expect(out).toContain('https://alice:[REDACTED]@llm.example/v1');
  });

  it('redacts credentials under any key naming one, and values shaped like one, in the free-form sections', async () => {
    const { redactDocument } = await import('../../../src/runtime/admin-api.js');
    const secrets = {
      'x-api-key': 'plain-looking-1',
      webhook_secret: 'plain-looking-2',
      aws_secret_access_key: 'plain-looking-3',
      refresh_token: 'plain-looking-4',
      session_token: 'plain-looking-5',
      passphrase: 'plain-looking-6',
      authorization: 'Bearer plain-looking-7',
      note1: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      note2: 'xoxa-1234567890-abcdefghij',
      note3: 'rk_live_abcdefghijklmnopqrstuvwx',
      note4: 'AIzaSyA1234567890abcdefghijklmnopqrstuv',
      note5: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl',
      note6: 'use Bearer plain-looking-8 here',
    };
    const doc: JsonValue = {
      agents: { helper: { headers: secrets } },
      policy: { 'dlp-filter': { secrets_action: 'block', detect_secrets: true } },
      providers: { targets: [{ id: 'a', secret_key_ref: { env: 'OPENAI_API_KEY' } }] },
      max_tokens: 'unlimited',
    };
    const out = JSON.stringify(redactDocument(doc));
    for (const value of Object.values(secrets).filter((v) => !v.startsWith('use '))) expect(out).not.toContain(value);
    // Names that only mention secrets stay readable, and so do references.
    expect(out).toContain('"secrets_action":"block"');
    expect(out).toContain('"env":"OPENAI_API_KEY"');
    expect(out).toContain('"max_tokens":"unlimited"');
  });

  it('parses --listen forms', async () => {
    const { parseListen } = await import('../../../src/cli/commands/gateway/run.run.js');
    expect(parseListen('127.0.0.1:41002')).toEqual({ host: '127.0.0.1', port: 41002 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen('localhost:8080')).toEqual({ host: 'localhost', port: 8080 });
    for (const bad of ['41002', '127.0.0.1:99999', '::1:80', 'host:'])
      expect(() => parseListen(bad)).toThrow(/HOST:PORT/);
  });
});
