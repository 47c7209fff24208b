/**
 * Indirection to the built-in credential catalogue (src/core/detectors/secrets.ts, owned by the
 * PII/secrets work). Until that module lands, `detect_secrets: true` fails at prepare time with a clear
 * message (the step reports `error` and the fail mode applies) instead of silently checking nothing.
 */
import type { TextMatch } from '../detectors/match.js';

export interface SecretScanner {
  scan(text: string): TextMatch[];
}

export function prepareSecrets(): SecretScanner {
  throw new Error('detect_secrets: the built-in credential catalogue is not available in this build');
}
