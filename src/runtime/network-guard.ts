/**
 * The network phase of the `gateway:` section, enforced on the connection before anything else reads
 * the request. The rules themselves are core's (src/core/detectors/network.ts), shared with dry runs.
 */
import {
  checkAddress,
  checkUserAgent,
  networkRules,
  type NetworkRules,
  type NetworkVerdict,
} from '../core/detectors/network.js';
import type { JsonObject } from '../core/types.js';

export type { NetworkVerdict };

export class NetworkGuard {
  private readonly rules: NetworkRules;

  /** Throws with a message naming the bad range; the pack loader turns it into a diagnostic. */
  constructor(gateway: JsonObject) {
    this.rules = networkRules(gateway);
  }

  checkAddress(remote: string | undefined): NetworkVerdict {
    return checkAddress(this.rules, remote);
  }

  checkUserAgent(userAgent: string | undefined): NetworkVerdict {
    return checkUserAgent(this.rules, userAgent);
  }

  /**
   * Why the allowlist shuts out every client of a gateway that listens on `listenHost`, or undefined. A
   * listener on a loopback address is reached from loopback only; an allowlist that blocks 127.0.0.1
   * and ::1 then refuses every request, kt's own `health` and `gateway reload` included (403). It is a
   * warning, not a refusal: an operator may be checking the deny path on purpose.
   */
  loopbackLockout(listenHost: string): string | undefined {
    if (!isLoopbackHost(listenHost)) return undefined;
    const blocked = (address: string): boolean => !this.checkAddress(address).allowed;
    if (!blocked('127.0.0.1') || !blocked('::1')) return undefined;
    return (
      `gateway.ip_allowlist admits no loopback address, and the gateway listens on loopback (${listenHost}) only: ` +
      'every request, kt health and kt gateway reload included, gets 403 ip_not_allowed ' +
      '(add "127.0.0.1/32" to gateway.ip_allowlist.ranges, or --listen on an address the clients reach)'
    );
  }
}

/** A host name or address that only this machine can connect to. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    /^::ffff:127\./.test(bare)
  );
}
