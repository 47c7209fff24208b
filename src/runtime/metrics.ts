/**
 * Prometheus text exposition for `GET /metrics`: request counters by verdict and status, latency
 * histograms (whole request, upstream, and per policy step), in-flight gauge and pack info.
 */

const BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Record<string, string>): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
};

class Histogram {
  private readonly series = new Map<
    string,
    { labels: Record<string, string>; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(labels: Record<string, string>, seconds: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (s === undefined) {
      s = { labels, counts: new Array<number>(BUCKETS_S.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < BUCKETS_S.length; i++) if (seconds <= BUCKETS_S[i]!) s.counts[i]!++;
    s.sum += seconds;
    s.count++;
  }

  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      BUCKETS_S.forEach((b, i) =>
        out.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`),
      );
      out.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      out.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      out.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

class Counter {
  private readonly series = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Record<string, string>, by = 1): void {
    const key = labelText(labels);
    this.series.set(key, (this.series.get(key) ?? 0) + by);
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.series) out.push(`${this.name}${k} ${v}`);
    return out;
  }
}

export class Metrics {
  readonly requests = new Counter('kt_requests_total', 'Data-plane requests by verdict and HTTP status.');
  readonly reloads = new Counter('kt_pack_reloads_total', 'Pack reloads by result.');
  readonly failovers = new Counter(
    'kt_provider_failovers_total',
    'Calls moved to the next provider target (providers.fallback).',
  );
  readonly requestSeconds = new Histogram('kt_request_duration_seconds', 'Data-plane request latency.');
  readonly upstreamSeconds = new Histogram('kt_upstream_duration_seconds', 'Upstream provider call latency.');
  readonly policySeconds = new Histogram('kt_policy_duration_seconds', 'Policy step latency.');
  inFlight = 0;
  pack: { name: string; version: string; hash: string } | undefined;

  render(): string {
    const lines = [
      ...this.requests.render(),
      ...this.reloads.render(),
      ...this.failovers.render(),
      ...this.requestSeconds.render(),
      ...this.upstreamSeconds.render(),
      ...this.policySeconds.render(),
      '# HELP kt_requests_in_flight Data-plane requests being served.',
      '# TYPE kt_requests_in_flight gauge',
      `kt_requests_in_flight ${this.inFlight}`,
    ];
    if (this.pack) {
      lines.push(
        '# HELP kt_pack_info The pack being enforced.',
        '# TYPE kt_pack_info gauge',
        `kt_pack_info${labelText(this.pack)} 1`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
