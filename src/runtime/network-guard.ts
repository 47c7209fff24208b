/**
 * The network phase of the `gateway:` section, enforced before anything else reads the request:
 * `ip_allowlist` (IPv4/IPv6 CIDR via node's BlockList, IPv4-mapped IPv6 addresses treated as IPv4)
 * and `bot_detection` (`require_user_agent`, `block_known_bots`).
 */
import { BlockList, isIP } from 'node:net';
import type { JsonObject } from '../core/types.js';

export interface NetworkVerdict {
  allowed: boolean;
  code?: 'ip_not_allowed' | 'user_agent_required' | 'bot_blocked';
  message?: string;
  /** Denied but only logged (`on_deny: log`). */
  logOnly?: boolean;
}

/** Crawler and scraper user agents; matched case-insensitively as substrings. */
const KNOWN_BOTS = [
  'googlebot', 'bingbot', 'slurp', 'duckduckbot', 'baiduspider', 'yandexbot', 'sogou', 'exabot',
  'facebot', 'facebookexternalhit', 'ia_archiver', 'gptbot', 'chatgpt-user', 'ccbot', 'claudebot',
  'anthropic-ai', 'bytespider', 'ahrefsbot', 'semrushbot', 'mj12bot', 'dotbot', 'petalbot',
  'applebot', 'amazonbot', 'perplexitybot', 'dataforseobot', 'headlesschrome', 'phantomjs',
];

export class NetworkGuard {
  private readonly allow: BlockList | undefined;
  private readonly onDeny: 'block' | 'log';
  private readonly requireUserAgent: boolean;
  private readonly blockKnownBots: boolean;

  /** Throws with a message naming the bad range; the pack loader turns it into a diagnostic. */
  constructor(gateway: JsonObject) {
    const ip = (gateway.ip_allowlist ?? {}) as JsonObject;
    if (ip.enabled === true || (ip.enabled === undefined && Array.isArray(ip.ranges))) {
      const list = new BlockList();
      const ranges = Array.isArray(ip.ranges) ? ip.ranges : [];
      ranges.forEach((range, i) => {
        const m = typeof range === 'string' ? /^([^/]+)(?:\/(\d{1,3}))?$/.exec(range.trim()) : null;
        const family = m ? isIP(m[1]!) : 0;
        const prefix = m?.[2] === undefined ? (family === 6 ? 128 : 32) : Number(m[2]);
        if (!m || family === 0 || prefix > (family === 6 ? 128 : 32)) {
          throw new Error(`gateway.ip_allowlist.ranges[${i}]: ${JSON.stringify(range)} is not an IPv4/IPv6 CIDR range`);
        }
        list.addSubnet(m[1]!, prefix, family === 6 ? 'ipv6' : 'ipv4');
      });
      this.allow = list;
    }
    this.onDeny = ip.on_deny === 'log' || ip.on_deny === 'allow' ? 'log' : 'block';
    const bot = (gateway.bot_detection ?? {}) as JsonObject;
    const botOn = bot.enabled !== false && Object.keys(bot).length > 0;
    this.requireUserAgent = botOn && bot.require_user_agent === true;
    this.blockKnownBots = botOn && bot.block_known_bots !== false && (bot.block_known_bots === true || bot.enabled === true);
  }

  checkAddress(remote: string | undefined): NetworkVerdict {
    if (this.allow === undefined) return { allowed: true };
    let addr = remote ?? '';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
    if (mapped) addr = mapped[1]!;
    const family = isIP(addr);
    const inside = family !== 0 && this.allow.check(addr, family === 6 ? 'ipv6' : 'ipv4');
    if (inside) return { allowed: true };
    const verdict: NetworkVerdict = { allowed: false, code: 'ip_not_allowed', message: 'client address is not in the gateway IP allowlist' };
    return this.onDeny === 'log' ? { ...verdict, allowed: true, logOnly: true } : verdict;
  }

  checkUserAgent(userAgent: string | undefined): NetworkVerdict {
    const ua = (userAgent ?? '').trim();
    if (this.requireUserAgent && ua === '') {
      return { allowed: false, code: 'user_agent_required', message: 'a User-Agent header is required' };
    }
    if (this.blockKnownBots && ua !== '') {
      const lower = ua.toLowerCase();
      if (KNOWN_BOTS.some((b) => lower.includes(b))) return { allowed: false, code: 'bot_blocked', message: 'automated clients are not allowed' };
    }
    return { allowed: true };
  }
}
