/**
 * What /health says of each provider target: `unconfigured` while its secret is missing (checked on every
 * read, so setting it shows at once), else the result of the last probe (`?probe=providers`), else
 * `reachable` (nothing says otherwise; probing on every health check would cost a provider call each).
 */
import type { ActivePack } from './active-pack.js';
import type { ProbeResult } from './providers/types.js';

export class ProviderHealth {
  private readonly state = new Map<string, ProbeResult>();

  /** The state of `pack`'s targets now; with `probe`, after calling each upstream. */
  async report(pack: ActivePack, probe: boolean): Promise<Record<string, ProbeResult>> {
    if (probe) {
      await Promise.all(pack.providers.map(async (p) => this.state.set(p.id, await p.probe())));
    } else {
      for (const p of pack.providers) {
        const conf = p.configured();
        const last = this.state.get(p.id);
        if (!conf.ok) this.state.set(p.id, { status: 'unconfigured', latency_ms: null, error: conf.error! });
        else if (last === undefined || last.status === 'unconfigured')
          this.state.set(p.id, { status: 'reachable', latency_ms: null });
      }
    }
    const providers: Record<string, ProbeResult> = {};
    for (const p of pack.providers) providers[p.id] = this.state.get(p.id) ?? { status: 'reachable', latency_ms: null };
    return providers;
  }
}
