/**
 * Text rendering of `kt health`. The report shape is defined here (structurally matching the API's
 * /health body) so this module does not depend on src/api.
 */
import { stripControls } from '../io/terminal-text.js';

export interface HealthReport {
  api_url: string;
  reachable: boolean;
  latency_ms: number;
  status: string;
  version?: string;
  uptime_seconds?: number;
  pack?: { name: string; version: string; hash: string; loaded_at?: string } | null;
  policies_loaded?: number;
  requests_processed?: number;
  providers?: Record<string, { status: string; latency_ms?: number | null; error?: string }>;
  tls?: { enabled: boolean; not_after?: string | null };
  auth_check?: { token_source: string; ok: boolean; subject?: string; token_type?: string; error?: string };
}

const marks: Record<string, string> = {
  healthy: 'ok',
  reachable: 'ok',
  degraded: 'WARN',
  unconfigured: 'WARN',
  unhealthy: 'FAIL',
  unreachable: 'FAIL',
};

/**
 * A provider's error without the words its row already shows: the gateway writes `provider openai is
 * unreachable: the host name does not resolve (ENOTFOUND)`, which under `openai  unreachable` (and after
 * rotate's `provider openai unreachable:`) said the target and its status twice.
 */
export function providerErrorDetail(id: string, status: string, error: string): string {
  const lead = `provider ${id} is ${status}: `;
  return error.startsWith(lead) && error.length > lead.length ? error.slice(lead.length) : error;
}

/** One status line, or the full verbose report. `now` dates TLS expiry. */
export function renderHealth(report: HealthReport, verbose: boolean, now: number): string {
  return renderClean(deepClean(report) as HealthReport, verbose, now);
}

/** Server text goes to a terminal: no control characters (an answer must not move the cursor). */
function deepClean(v: unknown): unknown {
  if (typeof v === 'string') return stripControls(v);
  if (Array.isArray(v)) return v.map(deepClean);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [stripControls(k), deepClean(x)]));
  return v;
}

function renderClean(report: HealthReport, verbose: boolean, now: number): string {
  const pack = report.pack ? `${report.pack.name}@${report.pack.version}` : 'no pack';
  const head = `${report.status}  ${report.api_url}  ${pack}  (${report.latency_ms} ms)`;
  if (!verbose) return `${head}\n`;
  const lines: string[] = [head, ''];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(20)} ${value}`);
  row('status', report.status);
  row('api', `${report.api_url} reachable in ${report.latency_ms} ms`);
  if (report.version !== undefined) row('gateway version', report.version);
  if (report.uptime_seconds !== undefined) row('uptime', formatUptime(report.uptime_seconds));
  if (report.pack) {
    row('pack', `${report.pack.name} ${report.pack.version}`);
    row('pack hash', report.pack.hash);
    if (report.pack.loaded_at) row('loaded at', report.pack.loaded_at);
  } else {
    row('pack', 'none loaded');
  }
  if (report.policies_loaded !== undefined) row('policies loaded', String(report.policies_loaded));
  if (report.requests_processed !== undefined) row('requests processed', String(report.requests_processed));
  if (report.tls) {
    if (!report.tls.enabled) row('tls', 'disabled');
    else if (report.tls.not_after) {
      const days = Math.floor((Date.parse(report.tls.not_after) - now) / 86_400_000);
      row(
        'tls',
        `enabled, certificate expires ${report.tls.not_after} (${days < 0 ? 'EXPIRED' : `${days} days left`}${days >= 0 && days < 14 ? ', renew soon' : ''})`,
      );
    } else row('tls', 'enabled');
  }
  if (report.auth_check) {
    const a = report.auth_check;
    row(
      'auth',
      a.ok
        ? `ok: ${a.subject ?? '?'} (${a.token_type ?? '?'}), token from ${a.token_source}`
        : `FAIL: ${a.error ?? 'rejected'} (token from ${a.token_source})`,
    );
  }
  const providers = Object.entries(report.providers ?? {});
  if (providers.length > 0) {
    lines.push('', '  providers:');
    const width = Math.max(...providers.map(([id]) => id.length));
    for (const [id, p] of providers) {
      const latency = p.latency_ms === undefined || p.latency_ms === null ? '' : `  ${p.latency_ms} ms`;
      lines.push(
        `    ${(p.error && p.status === 'reachable' ? 'WARN' : (marks[p.status] ?? '?')).padEnd(4)} ${id.padEnd(width)}  ${p.status}${latency}${p.error ? `  (${providerErrorDetail(id, p.status, p.error)})` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}
