import { jsonMode, type CommandRun } from '../command.js';
import { isKtError } from '../errors.js';
import type { HealthReport } from '../../output/health.js';

/**
 * `kt health`: exit 0 healthy, 1 degraded or unhealthy, 5 unreachable (the thrown network error).
 * `--verbose` asks the gateway to probe its providers now (so a rotated key is really tried) and checks
 * that the token is accepted (GET /v1/whoami).
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const { withConnection } = await import('../connect.js');
  const { getHealth, whoami } = await import('../../api/endpoints.js');
  const verbose = options.verbose === true;
  const json = jsonMode(options);
  const report = await withConnection(ctx, options, async ({ client, settings }) => {
    const started = performance.now();
    const health = await getHealth(client, verbose);
    const latency = Math.round(performance.now() - started);
    const report: HealthReport = { api_url: settings.apiUrl, reachable: true, latency_ms: latency, ...health };
    if (verbose) {
      if (!client.hasToken) {
        report.auth_check = {
          token_source: 'none',
          ok: false,
          error: 'no token (set KEEPTRUSTS_API_TOKEN, run `kt auth login`, or start a local gateway)',
        };
      } else {
        try {
          const me = await whoami(client);
          report.auth_check = {
            token_source: settings.tokenSource,
            ok: true,
            subject: me.subject,
            token_type: me.token_type,
          };
        } catch (error) {
          if (!isKtError(error) || !error.code.startsWith('auth.')) throw error;
          report.auth_check = { token_source: settings.tokenSource, ok: false, error: error.code };
        }
      }
    }
    return report;
  });
  const authFailed =
    report.auth_check !== undefined && !report.auth_check.ok && report.auth_check.token_source !== 'none';
  // --verbose probes the providers now; one that answers with an error (e.g. the key was rejected) fails
  // the check even if the gateway still calls itself healthy: that is what `health --verbose` after a
  // key rotation is for.
  const providerFailed =
    verbose && Object.values(report.providers ?? {}).some((p) => p.status !== 'reachable' || p.error !== undefined);
  const exitCode = report.status === 'healthy' && !authFailed && !providerFailed ? 0 : 1;
  if (json) return { data: report, exitCode };
  const { renderHealth } = await import('../../output/health.js');
  return { data: report, render: () => renderHealth(report, verbose, ctx.now()), exitCode };
};
