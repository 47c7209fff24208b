/**
 * audit-logger (audit phase, last). It decides whether the request's event is recorded and says so
 * (`audit.recorded` / `audit.not_recorded`); the event itself is built by `buildEventRecord`
 * (src/core/audit) and written by the gateway's event log, which follows this step's say
 * (`shouldRecordEvent`). It runs even after a block (a blocked request is exactly what an audit trail
 * must show).
 *
 * `log_all_access: true` (the default) records every decision. `false` records a decision when a step
 * blocked, escalated, redacted or failed (`error`), or when a step allowed with a flag: a detection whose
 * configured action only notes it (`flag`, `log`, `warn`, `audit`, `monitor`, and `allow` written as an
 * action, which config.ts `action` reads the same way: "record without acting"), e.g. citation-verifier's
 * default `unverified_action: flag` or a dlp pattern with `action: log`. Such a step reports an allow
 * with its detection's reason code and the findings. An allow without a reason code is a plain pass, even
 * with findings (scores below the policy's threshold, citations that matched): not recorded.
 * The gateway evaluates a request in two calls (request phases before the provider, response phases
 * after); the steps of the first come in as `ctx.earlierSteps` and count as this call's own.
 */
import type { StepResult } from '../types.js';
import { bool, num } from './config.js';
import { allow, type PolicyKind } from './types.js';

/** Whether `step` alone makes a decision worth an event under `log_all_access: false` (see the file comment). */
export function worthRecording(step: StepResult): boolean {
  if (step.verdict === 'skipped') return false;
  if (step.verdict !== 'allow') return true;
  return step.reason_code !== null && step.findings.length > 0;
}

export const auditLogger: PolicyKind = {
  kind: 'audit-logger',
  prepare(entry) {
    const c = entry.config;
    const logAll = bool(c.log_all_access, true);
    const retention = num(c.retention_days, 365);
    const immutable = bool(c.immutable, true);
    return {
      audit: ({ previous, ctx }) => {
        const recorded = logAll || previous.some(worthRecording) || (ctx.earlierSteps?.some(worthRecording) ?? false);
        return {
          ...allow(
            recorded
              ? `event recorded (retention ${retention} days${immutable ? ', immutable' : ''})`
              : 'not recorded (plain allow, log_all_access: false)',
          ),
          reason_code: recorded ? 'audit.recorded' : 'audit.not_recorded',
        };
      },
    };
  },
};
