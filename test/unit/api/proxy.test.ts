import { describe, expect, it } from 'vitest';
import { isLoopback, noProxyCovers, proxyFor } from '../../../src/api/proxy.js';
import { KtError } from '../../../src/errors.js';

const covers = (noProxy: string, url: string) => {
  const u = new URL(url);
  return noProxyCovers(noProxy, u.hostname, Number(u.port) || (u.protocol === 'https:' ? 443 : 80));
};

describe('NO_PROXY', () => {
  it('a name covers itself and its subdomains, with or without a leading dot or *., in any case', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com', 'example.com.']) {
      expect(covers(entry, 'https://example.com')).toBe(true);
      expect(covers(entry, 'https://cp.Example.com/api')).toBe(true);
      expect(covers(entry, 'https://notexample.com')).toBe(false);
      expect(covers(entry, 'https://example.com.evil.net')).toBe(false);
    }
  });

  it('host:port covers that port only (the default port of the scheme when the URL has none)', () => {
    expect(covers('cp.example.com:8443', 'https://cp.example.com:8443')).toBe(true);
    expect(covers('cp.example.com:8443', 'https://cp.example.com')).toBe(false);
    expect(covers('cp.example.com:443', 'https://cp.example.com')).toBe(true);
    expect(covers('cp.example.com:443', 'http://cp.example.com')).toBe(false);
  });

  it('* as any entry turns proxies off; entries are split on commas and spaces', () => {
    expect(covers('*', 'https://cp.example.com')).toBe(true);
    expect(covers('internal.net, *', 'https://cp.example.com')).toBe(true);
    expect(covers(' internal.net  example.com ', 'https://cp.example.com')).toBe(true);
    expect(covers('internal.net,,', 'https://cp.example.com')).toBe(false);
    expect(covers('', 'https://cp.example.com')).toBe(false);
  });

  it('IPv6 literals bare, bracketed and with a port; another spelling of the same address', () => {
    // undici read `fd00::1` as the host `fd00:` on port 1.
    expect(covers('fd00::1', 'https://[fd00::1]:8443')).toBe(true);
    expect(covers('[fd00::1]', 'https://[fd00::1]:8443')).toBe(true);
    expect(covers('[fd00::1]:8443', 'https://[fd00::1]:8443')).toBe(true);
    expect(covers('[fd00::1]:9000', 'https://[fd00::1]:8443')).toBe(false);
    expect(covers('fd00:0:0:0:0:0:0:1', 'https://[fd00::1]')).toBe(true);
    expect(covers('fd00::2', 'https://[fd00::1]')).toBe(false);
    // An address entry is no domain suffix.
    expect(covers('0.0.1', 'https://10.0.0.1')).toBe(false);
    expect(covers('10.0.0.1', 'https://10.0.0.1:8443')).toBe(true);
  });

  it('CIDR ranges cover addresses in them (IPv4 and IPv6), never a name', () => {
    expect(covers('10.0.0.0/8', 'https://10.20.30.40')).toBe(true);
    expect(covers('10.0.0.0/8', 'https://11.0.0.1')).toBe(false);
    expect(covers('fd00::/8', 'https://[fd12::5]:8443')).toBe(true);
    expect(covers('fd00::/8', 'https://[fe80::1]')).toBe(false);
    expect(covers('10.0.0.0/8', 'https://ten.example.com')).toBe(false);
    expect(covers('10.0.0.0/99, 10.0.0.0/x', 'https://10.0.0.1')).toBe(false);
  });
});

describe('proxyFor', () => {
  const proxy = 'http://alice:p%40ss%3Aword@proxy.corp:3128';

  it('HTTPS_PROXY for https (HTTP_PROXY when it is unset), HTTP_PROXY for http, upper case before lower case', () => {
    expect(proxyFor(new URL('https://cp.example.com'), { HTTPS_PROXY: proxy })?.variable).toBe('HTTPS_PROXY');
    expect(proxyFor(new URL('https://cp.example.com'), { https_proxy: proxy })?.variable).toBe('https_proxy');
    expect(proxyFor(new URL('https://cp.example.com'), { HTTP_PROXY: proxy })?.variable).toBe('HTTP_PROXY');
    expect(proxyFor(new URL('http://cp.example.com'), { HTTPS_PROXY: proxy })).toBeUndefined();
    expect(proxyFor(new URL('http://cp.example.com'), { http_proxy: proxy })?.variable).toBe('http_proxy');
  });

  it('shows the proxy without its user and password, and lists both (as written and decoded) for scrubbing', () => {
    const chosen = proxyFor(new URL('https://cp.example.com'), { HTTPS_PROXY: proxy })!;
    expect(chosen.shown).toBe('http://proxy.corp:3128');
    expect(chosen.url).toBe(`${proxy}/`);
    expect(chosen.secrets).toEqual(expect.arrayContaining(['alice', 'p%40ss%3Aword', 'p@ss:word']));
  });

  it('never proxies loopback, whatever NO_PROXY says; NO_PROXY (else no_proxy) decides for other hosts', () => {
    for (const url of ['http://127.0.0.1:41002', 'https://localhost:8443', 'https://[::1]:8443', 'http://127.3.4.5'])
      expect(proxyFor(new URL(url), { HTTP_PROXY: proxy, HTTPS_PROXY: proxy })).toBeUndefined();
    expect(
      proxyFor(new URL('https://cp.example.com'), { HTTPS_PROXY: proxy, no_proxy: 'example.com' }),
    ).toBeUndefined();
    expect(
      proxyFor(new URL('https://cp.example.com'), {
        HTTPS_PROXY: proxy,
        NO_PROXY: 'other.net',
        no_proxy: 'example.com',
      }),
    ).toBeDefined();
    // An empty NO_PROXY is unset: the lower-case one applies.
    expect(
      proxyFor(new URL('https://cp.example.com'), { HTTPS_PROXY: proxy, NO_PROXY: '', no_proxy: 'example.com' }),
    ).toBeUndefined();
  });

  it('a proxy variable that is no http(s) URL is a usage error naming it, without its value, even when unused', () => {
    let error: unknown;
    try {
      proxyFor(new URL('http://127.0.0.1:41002'), { HTTPS_PROXY: 'socks://bob:hunter22@proxy:1080' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KtError);
    expect((error as KtError).code).toBe('usage.invalid_env');
    expect((error as KtError).message).toBe('HTTPS_PROXY is not an http:// or https:// URL');
    expect(JSON.stringify(error)).not.toContain('hunter22');
  });

  it('isLoopback', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'app.localhost',
      '127.0.0.1',
      '127.255.0.9',
      '[::1]',
      '[::ffff:127.0.0.1]',
    ])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['localhost.example.com', '10.0.0.1', '[fd00::1]', '128.0.0.1', 'example.com'])
      expect(isLoopback(host)).toBe(false);
  });
});
