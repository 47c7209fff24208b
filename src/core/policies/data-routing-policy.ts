/**
 * data-routing-policy (input phase, pre-routing). A provider target complies when it declares a
 * `data_policy` (or the `zdr: true` shorthand) meeting `require_zero_data_retention`,
 * `require_no_training` and `max_retention_days`; targets with no declaration are excluded. With a
 * `model` on the request, only targets serving that model (or with no model) count. No compliant target
 * -> `on_no_compliant_provider` (default block).
 */
import { action, bool, obj, optNum } from './config.js';
import { allow, type PolicyKind } from './types.js';

export const dataRoutingPolicy: PolicyKind = {
  kind: 'data-routing-policy',
  prepare(entry, pack) {
    const c = entry.config;
    const needZdr = bool(c.require_zero_data_retention, false);
    const needNoTraining = bool(c.require_no_training, false);
    const maxDays = optNum(c.max_retention_days);
    const onNone = action(c.on_no_compliant_provider, 'block');
    const compliant = pack.providers.filter((t) => {
      const dp = obj(t.extra.data_policy);
      const declared = t.extra.data_policy !== undefined || t.extra.zdr !== undefined;
      if (!declared) return false;
      const zdr = t.extra.zdr === true || dp.zero_data_retention === true;
      if (needZdr && !zdr) return false;
      if (needNoTraining && dp.training_opt_out !== true && !zdr) return false;
      const days = optNum(dp.retention_days) ?? (zdr ? 0 : undefined);
      if (maxDays !== undefined && (days === undefined || days > maxDays)) return false;
      return true;
    });
    return {
      request: ({ workspace }) => {
        const model = typeof workspace.payload.model === 'string' ? workspace.payload.model : undefined;
        const usable = compliant.filter((t) => model === undefined || t.model === undefined || t.model === model);
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
