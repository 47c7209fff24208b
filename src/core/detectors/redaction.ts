/**
 * Redaction markers and text rewriting (DESIGN.md §4): `label` -> `[EMAIL_REDACTED]`, `asterisks` (same
 * length), `partial` (keep the last 4 characters), `hash` (stable keyed pseudonym `[EMAIL_1a2b3c4d]`),
 * with per-type `custom_markers` (or a legacy `replacement`) taking precedence.
 */
import { hmacSha256, toHex } from './keyed-hash.js';

export type MarkerFormat = 'label' | 'asterisks' | 'partial' | 'hash';

export interface MarkerOptions {
  format: MarkerFormat;
  /** Per-type markers, e.g. `{email: "[EMAIL]"}`; a `*` key applies to every type. */
  custom?: Readonly<Record<string, string>>;
  /** Key for `hash`; a fixed default keeps dry runs stable when none is configured. */
  hashKey?: string;
}

export interface Replacement {
  start: number;
  end: number;
  type: string;
  /** Fixed marker for this span (legacy `replacement`), overriding the format. */
  marker?: string;
}

const DEFAULT_HASH_KEY = 'kt-dry-run';

export const normalizeMarkerFormat = (v: unknown): MarkerFormat =>
  v === 'asterisks' || v === 'partial' || v === 'hash' ? v : v === 'mask' ? 'asterisks' : 'label';

/** Upper-cased labels of the types seen so far (a pack names few types; bounded all the same). */
const LABELS = new Map<string, string>();

/** `EMAIL` for `email`, `API_KEYS` for `api_keys`, `CUSTOM_PATTERN` for `custom-pattern`. */
function labelOf(type: string): string {
  let label = LABELS.get(type);
  if (label === undefined) {
    label = type.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    if (LABELS.size < 256) LABELS.set(type, label);
  }
  return label;
}

/** The marker text for `value` of `type`. */
export function markerFor(value: string, type: string, options: MarkerOptions): string {
  const custom = options.custom?.[type] ?? options.custom?.['*'];
  if (custom !== undefined) return custom;
  const label = labelOf(type);
  switch (options.format) {
    case 'asterisks':
      return '*'.repeat(value.length);
    case 'partial': {
      const keep = value.length > 4 ? 4 : 0;
      return '*'.repeat(value.length - keep) + value.slice(value.length - keep);
    }
    case 'hash':
      return `[${label}_${toHex(hmacSha256(options.hashKey ?? DEFAULT_HASH_KEY, `${type}\u0000${value}`)).slice(0, 12)}]`;
    default:
      return `[${label}_REDACTED]`;
  }
}

/**
 * Rewrites `text` with markers over non-overlapping `spans` (overlaps are merged first, the earlier type
 * winning), returning the new text. Spans are offsets into `text`.
 */
export function applyReplacements(text: string, spans: readonly Replacement[], options: MarkerOptions): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  // The span being extended by the spans that overlap it (its type and marker win).
  let open = sorted[0]!;
  let openEnd = open.end;
  for (let i = 1; i <= sorted.length; i++) {
    const s = sorted[i];
    if (s !== undefined && s.start < openEnd) {
      if (s.end > openEnd) openEnd = s.end;
      continue;
    }
    out += text.slice(at, open.start);
    out += open.marker ?? markerFor(text.slice(open.start, openEnd), open.type, options);
    at = openEnd;
    if (s !== undefined) {
      open = s;
      openEnd = s.end;
    }
  }
  return out + text.slice(at);
}

/** '*' strings of 0 to 12 characters: a preview never needs more, and a finding builds one each. */
const STARS = Array.from({ length: 13 }, (_, n) => '*'.repeat(n));

/**
 * A masked preview of a matched value for reports: never the value itself. Short values are fully
 * masked; longer ones keep two characters at each end (`jo***********om`), capped in length.
 */
export function maskedPreview(value: string): string {
  const len = value.length;
  if (len <= 8) return STARS[Math.max(len, 1)]!;
  const middle = Math.min(len - 4, 12);
  return value.slice(0, 2) + STARS[middle]! + value.slice(len - 2);
}

