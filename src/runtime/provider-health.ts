/**
 * What /health says of each provider target: `unconfigured` while its secret is missing (checked on every
 * read, so setting it shows at once), else what was last seen of it: the last probe (`?probe=providers`) or
 * the last chat completion call to it (`observe`; a stream's failure after its first chunk too), whichever came later; else `reachable` (nothing says
 * otherwise; probing on every health check would cost a provider call each). Calls count because without
 * them a gateway whose only upstream refused every request stayed `healthy` until someone probed.
 * State is kept per Provider object, so a reload (new targets, perhaps a corrected base_url) starts afresh.
 */
import type { ActivePack } from './active-pack.js';
import type { ProbeResult, Provider } from './providers/types.js';
import { UpstreamError } from './providers/types.js';

/** Statuses that refuse the gateway's credentials (as upstream-answer.ts reads them). */
const KEY_REJECTED = new Set([401, 403, 407]);

/**
 * What a finished call says of its target, as a probe would put it; undefined when it says nothing (a
 * missing secret, which `report` checks itself). A 4xx that refuses the request shows the upstream answered;
 * a refused key is `reachable` with the error, as the probe reports it; a 5xx, a redirect, a timeout, no
 * connection or an answer that is not a completion makes the target `unreachable` with the gateway's own
 * message (never the upstream's body, so no key or internal host name).
 */
export function callResult(e: unknown, latencyMs: number): ProbeResult | undefined {
  if (e === undefined) return { status: 'reachable', latency_ms: Math.round(latencyMs) };
  if (!(e instanceof UpstreamError) || e.kind === 'unconfigured') return undefined;
  const status = e.kind === 'status' ? e.status : undefined;
  if (status !== undefined && KEY_REJECTED.has(status))
    return { status: 'reachable', latency_ms: Math.round(latencyMs), error: `key rejected (HTTP ${status})` };
  if (status !== undefined && status >= 400 && status < 500)
    return { status: 'reachable', latency_ms: Math.round(latencyMs) };
  return { status: 'unreachable', latency_ms: null, error: e.message };
}

/**
 * How long a probe round asked for without the admin token serves the other such callers. `?probe=providers` needs
 * no token (as /health does), yet each round calls every upstream with its key: without a bound, anyone who can
 * reach the gateway could spend the providers' rate limits in a loop. With the token (`kt health` sends it) a
 * probe is always fresh, as `kt config-vars rotate` needs right after a new secret.
 */
export const SHARED_PROBE_MS = 10_000;

/** What /health?probe=providers asks: a fresh round (the admin token), or one shared with other callers. */
export type ProbeRequest = 'fresh' | 'shared';

export class ProviderHealth {
  private readonly state = new WeakMap<Provider, ProbeResult>();
  /** The last shared round: its pack, when it started (ms, the gateway's clock) and its end. */
  private shared: { pack: ActivePack; startedAt: number; done: Promise<void> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records what a data-plane call to `provider` showed (see callResult). */
  observe(provider: Provider, result: ProbeResult | undefined): void {
    if (result !== undefined) this.state.set(provider, result);
  }

  /**
   * The state of `pack`'s targets now; with `probe`, after calling each upstream: a fresh round, or a shared one
   * (the round in flight or started within SHARED_PROBE_MS for the same pack, else a new one that later shared
   * callers reuse).
   */
  async report(pack: ActivePack, probe?: ProbeRequest): Promise<Record<string, ProbeResult>> {
    if (probe === 'fresh') await this.probeAll(pack);
    else if (probe === 'shared') {
      const last = this.shared;
      const now = this.now();
      if (last !== undefined && last.pack === pack && now - last.startedAt < SHARED_PROBE_MS) await last.done;
      else {
        const done = this.probeAll(pack);
        this.shared = { pack, startedAt: now, done };
        await done;
      }
    } else {
      for (const p of pack.providers) {
        const conf = p.configured();
        const last = this.state.get(p);
        if (!conf.ok) this.state.set(p, { status: 'unconfigured', latency_ms: null, error: conf.error! });
        else if (last === undefined || last.status === 'unconfigured')
          this.state.set(p, { status: 'reachable', latency_ms: null });
      }
    }
    const providers: Record<string, ProbeResult> = {};
    for (const p of pack.providers) providers[p.id] = this.state.get(p) ?? { status: 'reachable', latency_ms: null };
    return providers;
  }

  private async probeAll(pack: ActivePack): Promise<void> {
    await Promise.all(pack.providers.map(async (p) => this.state.set(p, await p.probe())));
  }
}
