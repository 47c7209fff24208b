/**
 * Which proxy an API call goes through, from the usual variables: HTTPS_PROXY for an https:// API (else
 * HTTP_PROXY), HTTP_PROXY for an http:// one, upper case first, then lower case; none when NO_PROXY covers
 * the host or the host is loopback. kt decides this itself, once per client, so an error can name the
 * proxy it went through (undici's EnvHttpProxyAgent decides per request and says nothing), and because
 * that agent read NO_PROXY in ways an operator would not expect: `::1` was the host `:` on port 1, `*`
 * counted only as the whole value, and loopback went to the proxy (`kt health` against the local gateway
 * failed behind a corporate proxy, which cannot reach this machine's 127.0.0.1).
 *
 * NO_PROXY, as curl and Go read it: entries separated by commas or spaces, case-insensitive; `*` (as any
 * entry) turns proxies off; `example.com`, `.example.com` and `*.example.com` all match example.com and
 * every subdomain; `host:port` matches that port only; IPv6 literals bare (`::1`) or bracketed (`[::1]`,
 * `[::1]:8443`); `10.0.0.0/8` and `fd00::/8` match addresses in the range (an address only: no name is
 * resolved for it).
 */
import { BlockList, isIP } from 'node:net';
import { KtError } from '../errors.js';

export interface ProxyChoice {
  /** The URL to connect through, credentials included. */
  url: string;
  /** The variable it came from, as set (`HTTPS_PROXY`, `http_proxy`...). */
  variable: string;
  /** The proxy as messages show it: scheme, host and port, never its user or password. */
  shown: string;
  /** Its user and password (decoded and as written), scrubbed from any message a call produces. */
  secrets: string[];
}

/**
 * A proxy variable (upper case first, then lower case), or undefined when unset or empty. One that is
 * not an http(s) URL is a usage error naming the variable (undici's "Invalid URL" surfaced as an
 * internal error, exit 70); the value is not echoed, since a proxy URL may carry a password.
 */
export function proxyVariable(env: NodeJS.ProcessEnv, upper: string): { name: string; url: URL } | undefined {
  const name = env[upper] !== undefined ? upper : upper.toLowerCase();
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new KtError('usage.invalid_env', `${name} is not an http:// or https:// URL`, {
      hint: `e.g. ${name}=http://proxy.example.com:3128, or unset it`,
    });
  }
  return { name, url };
}

/** The proxy for calls to `target`, or undefined for a direct connection. Checks both proxy variables. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const http = proxyVariable(env, 'HTTP_PROXY');
  const https = proxyVariable(env, 'HTTPS_PROXY');
  const chosen = target.protocol === 'https:' ? (https ?? http) : http;
  if (chosen === undefined) return undefined;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  if (isLoopback(target.hostname)) return undefined;
  const noProxy = env.NO_PROXY !== undefined && env.NO_PROXY !== '' ? env.NO_PROXY : (env.no_proxy ?? '');
  if (noProxyCovers(noProxy, target.hostname, port)) return undefined;
  const { url } = chosen;
  const secrets = [url.username, url.password]
    .filter((s) => s !== '')
    .flatMap((s) => {
      let decoded = s;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        // A malformed escape: undici fails on it too; the written form is scrubbed.
      }
      return decoded === s ? [s] : [s, decoded];
    });
  return { url: url.href, variable: chosen.name, shown: `${url.protocol}//${url.host}`, secrets };
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x): never sent to a proxy. */
export function isLoopback(hostname: string): boolean {
  const host = bare(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:(?:127\.|7f[0-9a-f]{2}:)/.test(host);
  return false;
}

/** Whether the NO_PROXY value covers `hostname` (as URL gives it: IPv6 in brackets) on `port`. */
export function noProxyCovers(noProxy: string, hostname: string, port: number): boolean {
  const host = bare(hostname);
  const family = isIP(host);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      if (family !== 0 && inRange(host, family, entry.slice(0, slash), entry.slice(slash + 1))) return true;
      continue;
    }
    const { name, port: entryPort } = splitEntry(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (family !== 0 || isIP(name) !== 0) {
      if (family === isIP(name) && sameAddress(host, name, family)) return true;
      continue;
    }
    const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (domain !== '' && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address (whose colons are no port). */
function splitEntry(entry: string): { name: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return bracketed[2] === undefined ? { name: bracketed[1]! } : { name: bracketed[1]!, port: +bracketed[2] };
  if (isIP(entry) === 6) return { name: entry };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1]!, port: Number(withPort[2]) } : { name: entry };
}

function sameAddress(a: string, b: string, family: number): boolean {
  if (family === 4) return a === b;
  const list = new BlockList();
  list.addAddress(b, 'ipv6');
  return list.check(a, 'ipv6');
}

function inRange(host: string, family: number, network: string, bits: string): boolean {
  const net = bare(network);
  const prefix = Number(bits);
  if (isIP(net) !== family || !/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(net, prefix, type);
  return list.check(host, type);
}

/** A host name without IPv6 brackets or a trailing dot, lower case. */
function bare(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}
