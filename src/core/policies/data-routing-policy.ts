/**
 * data-routing-policy (input phase, pre-routing). A provider target complies when it declares a
 * `data_policy` (or the `zdr: true` shorthand) meeting `require_zero_data_retention`,
 * `require_no_training` and `max_retention_days`; targets with no declaration are excluded. The request
 * may go to the targets `targetsFor` gives for its `model` (the gateway routes by the same function);
 * when none of those complies -> `on_no_compliant_provider` (default block). The gateway then routes only
 * to compliant targets (src/runtime/providers/index.ts pickProvider, failover included): the policy
 * narrows the candidates, it does not merely check that a compliant one exists.
 */
import type { JsonObject, ProviderTarget } from '../types.js';
import { action, bool, obj, optNum } from './config.js';
import { allow, type PolicyKind } from './types.js';

/**
 * The targets a request for `model` goes to, in order of preference: those serving that model, else the
 * one with that id, else all of them (the gateway takes the first and sends it its own model; so does a
 * request without a model).
 */
export function targetsFor<T extends { id: string; model?: string | undefined }>(
  targets: readonly T[],
  model: unknown,
): T[] {
  if (typeof model === 'string') {
    const serving = targets.filter((t) => t.model === model);
    if (serving.length > 0) return serving;
    const named = targets.filter((t) => t.id === model);
    if (named.length > 0) return named;
  }
  return [...targets];
}

/** The ids of the targets that meet a data-routing-policy config (see the file comment). */
export function compliantTargetIds(config: JsonObject, targets: readonly ProviderTarget[]): Set<string> {
  const needZdr = bool(config.require_zero_data_retention, false);
  const needNoTraining = bool(config.require_no_training, false);
  const maxDays = optNum(config.max_retention_days);
  const ids = new Set<string>();
  for (const t of targets) {
    const dp = obj(t.extra.data_policy);
    const declared = t.extra.data_policy !== undefined || t.extra.zdr !== undefined;
    if (!declared) continue;
    const zdr = t.extra.zdr === true || dp.zero_data_retention === true;
    if (needZdr && !zdr) continue;
    if (needNoTraining && dp.training_opt_out !== true && !zdr) continue;
    const days = optNum(dp.retention_days) ?? (zdr ? 0 : undefined);
    if (maxDays !== undefined && (days === undefined || days > maxDays)) continue;
    ids.add(t.id);
  }
  return ids;
}

export const dataRoutingPolicy: PolicyKind = {
  kind: 'data-routing-policy',
  prepare(entry, pack) {
    const onNone = action(entry.config.on_no_compliant_provider, 'block');
    const compliant = compliantTargetIds(entry.config, pack.providers);
    return {
      request: ({ workspace }) => {
        const usable = targetsFor(pack.providers, workspace.payload.model).filter((t) => compliant.has(t.id));
        if (usable.length > 0) return allow(`compliant targets: ${usable.map((t) => t.id).join(', ')}`);
        return {
          verdict: onNone === 'redact' ? 'block' : onNone,
          reason_code: 'data_routing.no_compliant_provider',
          findings: [
            { type: 'no_compliant_provider', detector: 'data-routing-policy', path: '/model', start: 0, end: 0 },
          ],
          message: 'no provider target meets the data-handling requirements',
        };
      },
    };
  },
};
