/** Tolerant readers for config blocks: lint reports wrong types; the engine falls back to defaults. */
import type { JsonObject, JsonValue, Verdict } from '../types.js';
import { normalizeMarkerFormat, type MarkerFormat } from '../detectors/redaction.js';
import { actionVerdict } from '../pack/actions.js';

export { asObject as obj } from '../pack/json.js';
export const bool = (v: JsonValue | undefined, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
export const num = (v: JsonValue | undefined, d: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : d;
export const optNum = (v: JsonValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const str = (v: JsonValue | undefined, d: string): string => (typeof v === 'string' ? v : d);
export const strList = (v: JsonValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * The marker format of a `redaction` block (pii-detector, dlp-filter): `preserve_length: true` asks for
 * markers as long as the value, which is `asterisks` whatever `marker_format` says.
 */
export const markerFormat = (redaction: JsonObject): MarkerFormat =>
  bool(redaction.preserve_length, false) ? 'asterisks' : normalizeMarkerFormat(redaction.marker_format);

/** Reads an action name into a verdict (actionVerdict); unknown values fall back to `fallback`. */
export function action(v: JsonValue | undefined, fallback: Verdict): Verdict {
  return actionVerdict(v) ?? fallback;
}
