/**
 * The verdict a policy's `action` names, in every spelling packs use: `deny`/`reject` block, `mask`
 * redacts, `review`/`hold` escalate, and `flag`, `log`, `warn`, `audit` and `monitor` record without
 * acting (`allow`, with findings). Null for a value that names none. Shared by the engine's config reader
 * (policies/config.ts) and the legacy-shape mapping (pack/legacy.ts), which lint loads without the detectors.
 */
import type { JsonValue, Verdict } from '../types.js';

export function actionVerdict(value: JsonValue | undefined): Verdict | null {
  switch (value) {
    case 'block':
    case 'deny':
    case 'reject':
      return 'block';
    case 'redact':
    case 'mask':
      return 'redact';
    case 'escalate':
    case 'review':
    case 'hold':
      return 'escalate';
    case 'allow':
    case 'flag':
    case 'log':
    case 'warn':
    case 'audit':
    case 'monitor':
      return 'allow';
    default:
      return null;
  }
}
