import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';
import { KtError, isKtError } from '../../errors.js';
import { checkName, descriptionOf, nameOf } from './shared.js';
import type { ApiClient } from '../../../api/client.js';
import { listenForInterrupt } from '../../interrupt.js';
import { providerErrorDetail } from '../../../output/health.js';

interface Step {
  step: 'set' | 'reload' | 'check';
  ok: boolean;
  /** The check found nothing to confirm (no provider target of the served pack uses NAME): not a failure. */
  warning?: boolean;
  detail: string;
}

/**
 * `kt config-vars rotate NAME`: the seed's three-step rotation in one command.
 *   1. set the new value (PUT, idempotent: the value it already has is `unchanged`, and the rotation is
 *      reported `rotated: false` while the reload and check still run);
 *   2. reload the gateway's served pack (POST /keeptrusts/config/reload `{keep_pack: true}`) so it
 *      re-resolves `secret_key_ref.store` without re-reading, or changing, the policy;
 *   3. health check with a provider probe, reporting each provider target that uses NAME.
 * Each step is reported as it finishes (text mode: one line each on stdout); the first failure stops
 * the rotation with its own exit code. Exit 1 when the check cannot confirm the new value is in use: a
 * provider that uses NAME is not reachable or rejects the key, or the gateway resolves another version.
 * When no provider target of the served pack uses NAME the check is a warning (exit 0): nothing to confirm;
 * unless this rotation created NAME (it did not exist): a misspelt name, whose check fails (exit 1).
 * A target that reads NAME from the gateway's environment (`secret_key_ref.env`) keeps its old key: that
 * fails the check (exit 1) when no target uses the store's NAME, and is a warning beside those that do.
 */
export const run: CommandRun = async (ctx, args, options) => {
  const name = checkName(nameOf(args, options, 'rotate'));
  const description = descriptionOf(options);
  const json = jsonMode(options);
  const { readSecret } = await import('../../secret-input.js');
  const value = await readSecret(ctx, options, {
    what: `the new value of ${name}`,
    prompt: `New value for ${name} (input hidden): `,
    stdinFlag: '--stdin',
  });
  const { withConnection } = await import('../../connect.js');
  const { putConfigVar, reloadGateway, resolveConfigVar, getHealth } = await import('../../../api/endpoints.js');

  const steps: Step[] = [];
  const report = (s: Step) => {
    steps.push(s);
    if (!json)
      ctx.stdout.write(
        `[${steps.length}/3] ${s.step.padEnd(6)} ${s.warning ? 'warn' : s.ok ? 'ok  ' : 'FAIL'}  ${stripControls(s.detail)}\n`,
      );
  };
  let version: number | undefined;
  const attempt = async <T>(step: Step['step'], fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw interrupted(name, step, steps, version);
      const e = isKtError(error) ? error : new KtError('internal.unexpected', String(error));
      report({ step, ok: false, detail: e.code });
      throw new KtError(e.code, `rotation stopped at step ${steps.length}/3 (${step}): ${e.message}`, {
        ...e.details,
        data: { ...(e.details.data ?? {}), steps },
      });
    }
  };

  let unhealthyTargets = 0;
  let changed = true;
  // Ctrl-C (or SIGTERM) stops the request in flight and says where the rotation stopped and what is stored
  // (exit 130), rather than the process dying silently after `[1/3] set ok`; another signal meanwhile does
  // not cut that short (src/cli/interrupt.ts).
  const interrupt = listenForInterrupt(() =>
    ctx.info('interrupted again: kt stops once it has said where the rotation stopped'),
  );
  try {
    await withConnection(ctx, options, (conn) => rotate(conn.client), {
      signal: AbortSignal.any([ctx.signal, interrupt.signal]),
    });
  } finally {
    interrupt.release();
  }

  async function rotate(client: ApiClient): Promise<void> {
    const set = await attempt('set', () => putConfigVar(client, name, value, description));
    changed = set.changed;
    version = set.meta.version;
    report({
      step: 'set',
      ok: true,
      detail: set.changed
        ? `${set.created ? 'created' : 'updated'} ${name}, version ${set.meta.version}`
        : `unchanged ${name}, version ${set.meta.version} (it already had this value)`,
    });

    // The pack being served, activated again so it resolves the new value: a rotation never changes the
    // policy (re-reading the pack file would drop a pushed pack, or pick up an unrelated edit).
    const reload = await attempt('reload', () => reloadGateway(client, { keepPack: true }));
    const pack = reload.current
      ? `${reload.current.name} ${reload.current.version} (${reload.current.hash})`
      : 'no pack';
    report({ step: 'reload', ok: true, detail: `gateway reloaded: ${pack}` });
    const served = reload.current ? `pack ${reload.current.name} ${reload.current.version}` : 'the served pack';

    const { resolved, health } = await attempt('check', async () => {
      const r = await resolveConfigVar(client, name);
      return { resolved: r, health: await getHealth(client, true) };
    });
    const usedBy = resolved.used_by;
    const envOnly = resolved.used_by_env ?? [];
    const envTargets = `provider ${envOnly.join(', ')} read${envOnly.length === 1 ? 's' : ''} ${name} from the gateway's environment (secret_key_ref.env), not the config-variable store`;
    if (envOnly.length > 0)
      ctx.warn(
        `${envTargets}: change ${name} where the gateway runs and restart it, or point the target at secret_key_ref: {store: ${name}} and reload`,
      );
    if (usedBy.length === 0 && envOnly.length > 0) {
      // The rotation cannot reach a target keyed by the environment variable of this name (the gateway keeps
      // the key it was started with): a failed rotation, not "nothing to check".
      unhealthyTargets += envOnly.length;
      report({
        step: 'check',
        ok: false,
        detail: `gateway ${health.status}; ${envTargets}: the new value is stored but not used`,
      });
      return;
    }
    if (usedBy.length === 0 && set.created) {
      // A rotation that created the variable, which nothing uses: most likely a misspelt name (the one meant
      // keeps the value being rotated out, perhaps a leaked key), not "nothing to check" (exit 0).
      unhealthyTargets++;
      report({
        step: 'check',
        ok: false,
        detail: `gateway ${health.status}; ${name} did not exist and no provider target of ${served} uses it (secret_key_ref.store): the new value is stored under a name nothing reads`,
      });
      ctx.warn(
        `if ${name} is misspelt, the variable you meant still has its old value; \`kt config-vars list\` shows the names, \`kt config-vars delete ${name}\` removes this one`,
      );
      return;
    }
    if (usedBy.length === 0) {
      // Nothing picked the new value up, so nothing can be confirmed: say so, but the value is set.
      const detail = `gateway ${health.status}; no provider target of ${served} uses ${name} (secret_key_ref.store): nothing to check`;
      report({ step: 'check', ok: true, warning: true, detail });
      ctx.warn(
        `no provider target of the served pack uses ${name} (secret_key_ref.store); the new value is stored but no provider uses it`,
      );
      return;
    }
    // The gateway resolves the version just written (a later set by someone else would be what serves).
    const otherVersion = resolved.version !== undefined && resolved.version !== set.meta.version;
    if (otherVersion) unhealthyTargets++;
    const parts = usedBy.map((id) => {
      const p = health.providers?.[id];
      // A reachable upstream that rejects the key (401/403) reports an error: the rotation did not work.
      if (!p || p.status !== 'reachable' || p.error) unhealthyTargets++;
      if (!p) return `${id} not reported`;
      return `${id} ${p.status}${typeof p.latency_ms === 'number' ? ` (${p.latency_ms} ms)` : ''}${p.error ? `: ${providerErrorDetail(id, p.status, p.error)}` : ''}`;
    });
    const resolves = otherVersion
      ? `; gateway resolves ${name} version ${resolved.version}, not ${set.meta.version}`
      : '';
    report({
      step: 'check',
      ok: unhealthyTargets === 0,
      detail: `gateway ${health.status}; provider ${parts.join(', ')}${resolves}`,
    });
  }

  // The value it already had: nothing was rotated, whatever the check says (a retry after a failed reload
  // still reloads and checks, and exits 0 when the gateway uses the value).
  if (!changed) ctx.warn(`${name} already had this value: nothing was rotated (the gateway was reloaded and checked)`);
  const data = { name, rotated: changed && unhealthyTargets === 0, changed, steps };
  return json
    ? { data, exitCode: unhealthyTargets === 0 ? 0 : 1 }
    : { data, render: () => '', exitCode: unhealthyTargets === 0 ? 0 : 1 };
};

/**
 * Ctrl-C during step `n`: what is stored and what to run. Each step is safe to run again - the set of the
 * same value is `unchanged`, and the rotation still reloads and checks - so the same command finishes it.
 */
function interrupted(name: string, step: Step['step'], steps: Step[], version: number | undefined): KtError {
  const n = steps.length + 1;
  const state =
    step === 'set'
      ? `the new value of ${name} may or may not be stored`
      : step === 'reload'
        ? `${name} version ${version} is stored, but the gateway may not have reloaded it`
        : `${name} version ${version} is stored and the gateway reloaded; the check did not finish`;
  return new KtError('interrupted', `rotation interrupted at step ${n}/3 (${step}): ${state}`, {
    hint:
      step === 'check'
        ? 'run `kt health --verbose` to check the providers'
        : 'run the same rotation again with the same value to finish it',
    data: { steps },
  });
}
