/**
 * audit-logger (audit phase, last). It decides whether the request's event is recorded and says so;
 * the event itself is built by `buildEventRecord` (src/core/audit) and written by the gateway's event
 * log. `log_all_access: false` records only non-allow decisions; the default records everything.
 * It runs even after a block (a blocked request is exactly what an audit trail must show).
 */
import { bool, num } from './config.js';
import { allow, type PolicyKind } from './types.js';

export const auditLogger: PolicyKind = {
  kind: 'audit-logger',
  prepare(entry) {
    const c = entry.config;
    const logAll = bool(c.log_all_access, true);
    const retention = num(c.retention_days, 365);
    const immutable = bool(c.immutable, true);
    return {
      audit: ({ previous }) => {
        const acted = previous.some((s) => s.verdict !== 'allow' && s.verdict !== 'skipped');
        const recorded = logAll || acted;
        return {
          ...allow(
            recorded
              ? `event recorded (retention ${retention} days${immutable ? ', immutable' : ''})`
              : 'not recorded (allow, log_all_access: false)',
          ),
          reason_code: recorded ? 'audit.recorded' : 'audit.not_recorded',
        };
      },
    };
  },
};
