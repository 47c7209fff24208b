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

/** Whether `spans` are in the order applyReplacements sorts them into (start ascending, longest first). */
function inReplacementOrder(spans: readonly Replacement[]): boolean {
  for (let i = 1; i < spans.length; i++) {
    const a = spans[i - 1]!;
    const b = spans[i]!;
    if (a.start > b.start || (a.start === b.start && a.end < b.end)) return false;
  }
  return true;
}

/**
 * Rewrites `text` with markers over non-overlapping `spans` (overlaps are merged first, the earlier type
 * winning), returning the new text. Spans are offsets into `text`.
 */
export function applyReplacements(text: string, spans: readonly Replacement[], options: MarkerOptions): string {
  if (spans.length === 0) return text;
  // Scanners mostly hand their matches over in order already: no copy, no sort (a hostile megabyte
  // can carry 100k of them).
  const sorted = inReplacementOrder(spans) ? spans : [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  // label and custom markers depend on the type alone: one marker string per run of a type, not one per span.
  const byTypeOnly = options.format === 'label' || options.custom?.['*'] !== undefined;
  let lastType: string | undefined;
  let lastMarker = '';
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
    if (open.marker !== undefined) out += open.marker;
    else if (byTypeOnly || options.custom?.[open.type] !== undefined) {
      if (open.type !== lastType) {
        lastType = open.type;
        lastMarker = markerFor('', open.type, options);
      }
      out += lastMarker;
    } else out += markerFor(text.slice(open.start, openEnd), open.type, options);
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
  return maskedPreviewAt(value, 0, value.length);
}

/**
 * Previews already built, by their four ASCII characters and the number of stars. A hostile text can
 * hold 100k findings whose previews are few distinct strings ("AKIAAKIA..." repeated: one); sharing them
 * keeps each finding from carrying its own three-piece string, which the decision keeps alive (the
 * garbage collector's copying of them cost ~2x the building). Bounded; past the bound previews are built.
 */
const PREVIEWS = new Map<number, string>();
const MAX_PREVIEWS = 4096;

/** maskedPreview of text[start, end), without copying the value out first. */
export function maskedPreviewAt(text: string, start: number, end: number): string {
  const len = end - start;
  if (len <= 8) return STARS[Math.max(len, 1)]!;
  const middle = Math.min(len - 4, 12);
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  const c = text.charCodeAt(end - 2);
  const d = text.charCodeAt(end - 1);
  if ((a | b | c | d) >= 128) return text.slice(start, start + 2) + STARS[middle]! + text.slice(end - 2, end);
  // 7 bits per character and 4 for the stars (5 to 12): a key below 2^32.
  const key = (a | (b << 7) | (c << 14) | (d << 21)) + middle * 0x10000000;
  let preview = PREVIEWS.get(key);
  if (preview === undefined) {
    preview = text.slice(start, start + 2) + STARS[middle]! + text.slice(end - 2, end);
    if (PREVIEWS.size < MAX_PREVIEWS) PREVIEWS.set(key, preview);
  }
  return preview;
}
