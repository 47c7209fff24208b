/**
 * The network controls of a pack's `gateway:` section: `ip_allowlist` (IPv4/IPv6 CIDR ranges, an
 * IPv4-mapped IPv6 address counted as its IPv4 address) and `bot_detection` (`require_user_agent`,
 * `block_known_bots`). One implementation for the gateway, which checks the connection before it reads a
 * body (runtime/network-guard.ts), and for dry runs, which check the payload's `client_ip` and
 * `headers` (policies/gateway-network.ts). CIDR parsing and matching: ipaddr.js.
 */
import ipaddr from 'ipaddr.js';
import type { JsonObject } from '../types.js';

export type NetworkDenial = 'ip_not_allowed' | 'user_agent_required' | 'bot_blocked';

export interface NetworkVerdict {
  allowed: boolean;
  code?: NetworkDenial;
  message?: string;
  /** Denied but only logged (`on_deny: log`). */
  logOnly?: boolean;
}

export interface NetworkRules {
  /** The allowlist's ranges, or undefined when it is off. */
  readonly allow: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]> | undefined;
  readonly onDeny: 'block' | 'log';
  readonly requireUserAgent: boolean;
  readonly blockKnownBots: boolean;
}

/** Crawler and scraper user agents; matched case-insensitively as substrings. */
const KNOWN_BOTS = [
  'googlebot',
  'bingbot',
  'slurp',
  'duckduckbot',
  'baiduspider',
  'yandexbot',
  'sogou',
  'exabot',
  'facebot',
  'facebookexternalhit',
  'ia_archiver',
  'gptbot',
  'chatgpt-user',
  'ccbot',
  'claudebot',
  'anthropic-ai',
  'bytespider',
  'ahrefsbot',
  'semrushbot',
  'mj12bot',
  'dotbot',
  'petalbot',
  'applebot',
  'amazonbot',
  'perplexitybot',
  'dataforseobot',
  'headlesschrome',
  'phantomjs',
];

/**
 * An address as the allowlist reads it, or undefined when `text` is not one. IPv4 only in its four-part
 * decimal form (ipaddr.js alone also reads "127.1" and hex parts, which no client sends as an address);
 * an IPv4-mapped IPv6 address becomes its IPv4 address.
 */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/**
 * A CIDR range (a bare address is a /32 or /128). An IPv4-mapped IPv6 range of /96 or longer is read as
 * the IPv4 range it maps, so it matches the IPv4 clients it names.
 */
function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const [, address, prefixText] = m as unknown as [string, string, string | undefined];
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    return prefix <= 32 ? [ipaddr.IPv4.parse(address), prefix] : undefined;
  }
  if (!ipaddr.IPv6.isValid(address)) return undefined;
  const v6 = ipaddr.IPv6.parse(address);
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (prefix > 128) return undefined;
  return v6.isIPv4MappedAddress() && prefix >= 96 ? [v6.toIPv4Address(), prefix - 96] : [v6, prefix];
}

/** The rules of a `gateway:` section. Throws with a message naming a range that is not a CIDR range. */
export function networkRules(gateway: JsonObject): NetworkRules {
  const ip = (gateway.ip_allowlist ?? {}) as JsonObject;
  let allow: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> | undefined;
  if (ip.enabled === true || (ip.enabled === undefined && Array.isArray(ip.ranges))) {
    const ranges = Array.isArray(ip.ranges) ? ip.ranges : [];
    allow = ranges.map((range, i) => {
      const parsed = typeof range === 'string' ? parseRange(range) : undefined;
      if (parsed === undefined)
        throw new Error(`gateway.ip_allowlist.ranges[${i}]: ${JSON.stringify(range)} is not an IPv4/IPv6 CIDR range`);
      return parsed;
    });
  }
  const bot = (gateway.bot_detection ?? {}) as JsonObject;
  const botOn = bot.enabled !== false && Object.keys(bot).length > 0;
  return {
    allow,
    onDeny: ip.on_deny === 'log' || ip.on_deny === 'allow' ? 'log' : 'block',
    requireUserAgent: botOn && bot.require_user_agent === true,
    blockKnownBots: botOn && bot.block_known_bots !== false && (bot.block_known_bots === true || bot.enabled === true),
  };
}

/** Whether the section switches on any network control. */
export function hasNetworkControls(rules: NetworkRules): boolean {
  return rules.allow !== undefined || rules.requireUserAgent || rules.blockKnownBots;
}

/** The allowlist's answer for a client address (undefined or unreadable: outside every range). */
export function checkAddress(rules: NetworkRules, remote: string | undefined): NetworkVerdict {
  if (rules.allow === undefined) return { allowed: true };
  const address = remote === undefined ? undefined : parseAddress(remote);
  // An IPv4 client also matches IPv6 ranges through its mapped form (::ffff:a.b.c.d).
  const mapped = address?.kind() === 'ipv4' ? (address as ipaddr.IPv4).toIPv4MappedAddress() : undefined;
  const inside = (range: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): boolean =>
    range.kind() === address!.kind()
      ? address!.match(range, prefix)
      : mapped !== undefined && mapped.match(range, prefix);
  if (address !== undefined && rules.allow.some(([range, prefix]) => inside(range, prefix))) return { allowed: true };
  const verdict: NetworkVerdict = {
    allowed: false,
    code: 'ip_not_allowed',
    message: 'client address is not in the gateway IP allowlist',
  };
  return rules.onDeny === 'log' ? { ...verdict, allowed: true, logOnly: true } : verdict;
}

/** Bot detection's answer for a User-Agent header value. */
export function checkUserAgent(rules: NetworkRules, userAgent: string | undefined): NetworkVerdict {
  const ua = (userAgent ?? '').trim();
  if (rules.requireUserAgent && ua === '')
    return { allowed: false, code: 'user_agent_required', message: 'a User-Agent header is required' };
  if (rules.blockKnownBots && ua !== '') {
    const lower = ua.toLowerCase();
    if (KNOWN_BOTS.some((b) => lower.includes(b)))
      return { allowed: false, code: 'bot_blocked', message: 'automated clients are not allowed' };
  }
  return { allowed: true };
}
