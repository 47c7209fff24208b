/**
 * The network phase of the `gateway:` section, enforced on the connection before anything else reads
 * the request. The rules themselves are core's (src/core/detectors/network.ts), shared with dry runs.
 */
import { checkAddress, checkUserAgent, networkRules, type NetworkRules, type NetworkVerdict } from '../core/detectors/network.js';
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
}
