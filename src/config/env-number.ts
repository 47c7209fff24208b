/**
 * Tuning knobs that only an environment variable sets (no flag): KT_HTTP_MAX_ATTEMPTS,
 * KT_EXPORT_WORKERS, KT_FOLLOW_INTERVAL_MS. A bad value is a usage error naming the variable (exit 2,
 * as a bad flag value is), checked before any request: falling back to the default in silence leaves
 * the operator believing a setting that is not in force (`KT_HTTP_MAX_ATTEMPTS=three` ran with 4).
 */
import { KtError } from '../errors.js';

export interface EnvNumberSpec {
  min: number;
  max: number;
  /** What the number counts, for the message: `milliseconds` -> "a whole number of milliseconds". */
  unit?: string;
  /** A valid setting and what unsetting it means, e.g. `KT_EXPORT_WORKERS=1, or unset it to let kt choose`. */
  hint: string;
}

/** The whole number in `env[name]` (spaces around it allowed), or undefined when it is unset or empty. */
export function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string, spec: EnvNumberSpec): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(n >= spec.min && n <= spec.max)) {
    const what = spec.unit === undefined ? 'a whole number' : `a whole number of ${spec.unit}`;
    throw new KtError(
      'usage.invalid_env',
      `${name} ${JSON.stringify(text)} is not ${what} from ${spec.min} to ${spec.max}`,
      { hint: `e.g. ${spec.hint}` },
    );
  }
  return n;
}
