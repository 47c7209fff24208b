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

/**
 * `EMAIL` for `email`, `API_KEYS` for `api_keys`, `CUSTOM_PATTERN` for `custom-pattern`,
 * `DETECT_PATTERNS_0` for `detect_patterns[0]` (the name of an unnamed pattern of the docs' form): no
 * underscore at either end, which read `[DETECT_PATTERNS_0__REDACTED]`; a name with no letter or digit
 * labels `[REDACTED]`.
 */
function labelOf(type: string): string {
  let label = LABELS.get(type);
  if (label === undefined) {
    label = type
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (LABELS.size < 256) LABELS.set(type, label);
  }
  return label;
}

/**
 * The custom marker for `type`, if any. Own keys only: a type is a name from the pack (a dlp pattern
 * called `constructor`), and Object.prototype's members are not markers.
 */
function customMarker(options: MarkerOptions, type: string): string | undefined {
  const custom = options.custom;
  if (custom === undefined) return undefined;
  if (Object.hasOwn(custom, type)) return custom[type];
  return Object.hasOwn(custom, '*') ? custom['*'] : undefined;
}

/** The marker text for `value` of `type`. */
export function markerFor(value: string, type: string, options: MarkerOptions): string {
  const custom = customMarker(options, type);
  if (custom !== undefined) return custom;
  const label = labelOf(type);
  switch (options.format) {
    case 'asterisks':
      return '*'.repeat(value.length);
    case 'partial': {
      let keep = value.length > 4 ? 4 : 0;
      // Never half a surrogate pair: a lone low surrogate is not text (JSON writes it as an escape).
      if (keep > 0 && isLowSurrogate(value.charCodeAt(value.length - keep))) keep--;
      return '*'.repeat(value.length - keep) + value.slice(value.length - keep);
    }
    case 'hash':
      return `[${label === '' ? '' : `${label}_`}${toHex(hmacSha256(options.hashKey ?? DEFAULT_HASH_KEY, `${type}\u0000${value}`)).slice(0, 12)}]`;
    default:
      return label === '' ? '[REDACTED]' : `[${label}_REDACTED]`;
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
 * A text that redaction rewrote, kept as the strings it was joined from: slices of the text before it
 * and markers, each flat. The rewritten string (`text`) is a V8 cons string, which its first read (a
 * charCodeAt, an indexOf, a slice) copies whole into a new flat string: for a megabyte about 1 ms, most
 * of it the kernel mapping fresh pages for the copy (the chain's docs megabyte: 0.15 ms user, 1.1 ms
 * system per copy). A scanner that reads only around its candidates (LinearRegex.findAllIn) reads the
 * parts instead, and a redaction of it slices the parts (replaceInParts): the text is never copied.
 */
export class TextParts {
  /** Where each part starts in `text`, and last the text's length. */
  readonly starts: Int32Array;

  /** `parts` must be non-empty strings and `text` their concatenation. */
  private constructor(
    readonly parts: readonly string[],
    readonly text: string,
  ) {
    this.starts = new Int32Array(parts.length + 1);
    let at = 0;
    for (let k = 0; k < parts.length; k++) {
      this.starts[k] = at;
      at += parts[k]!.length;
    }
    this.starts[parts.length] = at;
  }

  /** The text joined from `parts` (empty ones are left out). */
  static of(parts: readonly string[]): TextParts {
    const kept: string[] = [];
    let text = '';
    for (const p of parts) {
      if (p.length === 0) continue;
      kept.push(p);
      text += p;
    }
    return new TextParts(kept, text);
  }

  get length(): number {
    return this.starts[this.parts.length]!;
  }

  /** The index of the part that holds position `i` (0 <= i < length). */
  partAt(i: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Appends the slices of the parts that make text[start, end) to `out` (none when it is empty). */
  appendTo(out: string[], start: number, end: number): void {
    if (start >= end) return;
    for (let k = this.partAt(start); k < this.parts.length && this.starts[k]! < end; k++) {
      const from = this.starts[k]!;
      const part = this.parts[k]!;
      const a = Math.max(start - from, 0);
      const b = Math.min(end - from, part.length);
      out.push(a === 0 && b === part.length ? part : part.slice(a, b));
    }
  }

  /** text.slice(start, end) without reading `text` (0 <= start <= end <= length). */
  slice(start: number, end: number): string {
    if (start >= end) return '';
    const k = this.partAt(start);
    const from = this.starts[k]!;
    // Mostly inside one part (a window around a candidate, the ends of a match).
    if (end <= this.starts[k + 1]!) return this.parts[k]!.slice(start - from, end - from);
    const pieces: string[] = [];
    this.appendTo(pieces, start, end);
    let out = '';
    for (const p of pieces) out += p;
    return out;
  }
}

/**
 * Whether a rewrite of a text of `length` units over `spans` spans is worth keeping as TextParts: the
 * text is long, and its parts will be worth reading (partsWorthReading).
 */
export function partsWorthKeeping(length: number, spans: number): boolean {
  return length >= PARTS_MIN_LENGTH && 2 * spans + 1 <= (length >> PARTS_UNITS_SHIFT) + 1;
}

/**
 * Whether a scanner that can read a text's parts had better read them than the flat text. It pays about
 * 1 us per part (findAllIn: a call per pattern and part) where the flat copy costs about 1 ns per unit,
 * so the parts must average a few thousand units (the docs megabyte: some 140 parts of 7,500 units; a
 * hostile megabyte of e-mail addresses would give 100k parts).
 */
export function partsWorthReading(parts: TextParts): boolean {
  return parts.parts.length <= (parts.length >> PARTS_UNITS_SHIFT) + 1;
}

/** Texts shorter than this are not kept as parts: their flat copy is cheap (no fresh pages to map). */
const PARTS_MIN_LENGTH = 1 << 16;
/** At most one part per 2^11 units of the text on average. */
const PARTS_UNITS_SHIFT = 11;

/**
 * Rewrites `text` (or `source`, the parts it is joined from) with markers over `spans`: the work of
 * applyReplacements and replaceInParts. Emits into `parts` when given (returning ''), else returns the
 * rewritten string.
 */
function rewrite(
  text: string,
  source: TextParts | undefined,
  spans: readonly Replacement[],
  options: MarkerOptions,
  parts: string[] | null,
): string {
  // Scanners mostly hand their matches over in order already: no copy, no sort (a hostile megabyte
  // can carry 100k of them).
  const sorted = inReplacementOrder(spans) ? spans : [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  // label and custom markers depend on the type alone: one marker string per run of a type, not one per span.
  const byTypeOnly = options.format === 'label' || customMarker(options, '*') !== undefined;
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
    let marker: string;
    if (open.marker !== undefined) marker = open.marker;
    else if (byTypeOnly || customMarker(options, open.type) !== undefined) {
      if (open.type !== lastType) {
        lastType = open.type;
        lastMarker = markerFor('', open.type, options);
      }
      marker = lastMarker;
    } else
      marker = markerFor(
        source === undefined ? text.slice(open.start, openEnd) : source.slice(open.start, openEnd),
        open.type,
        options,
      );
    if (parts === null) {
      out += text.slice(at, open.start);
      out += marker;
    } else {
      if (source === undefined) parts.push(text.slice(at, open.start));
      else source.appendTo(parts, at, open.start);
      parts.push(marker);
    }
    at = openEnd;
    if (s !== undefined) {
      open = s;
      openEnd = s.end;
    }
  }
  if (parts === null) return out + text.slice(at);
  if (source === undefined) parts.push(text.slice(at));
  else source.appendTo(parts, at, text.length);
  return '';
}

/**
 * Rewrites `text` with markers over non-overlapping `spans` (overlaps are merged first, the earlier type
 * winning), returning the new text. Spans are offsets into `text`.
 */
export function applyReplacements(text: string, spans: readonly Replacement[], options: MarkerOptions): string {
  if (spans.length === 0) return text;
  return rewrite(text, undefined, spans, options, null);
}

/**
 * applyReplacements, the result kept as its parts (see TextParts). `source`, when given, is `text` as
 * parts: it is read instead of `text`, so a text rewritten twice is not copied either.
 */
export function replaceInParts(
  text: string,
  source: TextParts | undefined,
  spans: readonly Replacement[],
  options: MarkerOptions,
): TextParts {
  const parts: string[] = [];
  if (spans.length === 0) {
    if (source !== undefined) return source;
    parts.push(text);
  } else rewrite(text, source, spans, options, parts);
  return TextParts.of(parts);
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
  return previewOfEnds(text, start, end - 2, Math.min(len - 4, 12));
}

/** maskedPreviewAt of a text kept as parts: only the four characters shown are read. */
export function maskedPreviewInParts(source: TextParts, start: number, end: number): string {
  const len = end - start;
  if (len <= 8) return STARS[Math.max(len, 1)]!;
  return previewOfEnds(source.slice(start, start + 2) + source.slice(end - 2, end), 0, 2, Math.min(len - 4, 12));
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** The preview of the two characters of `text` at `head`, `middle` stars and the two at `tail`. */
function previewOfEnds(text: string, head: number, tail: number, middle: number): string {
  const a = text.charCodeAt(head);
  const b = text.charCodeAt(head + 1);
  const c = text.charCodeAt(tail);
  const d = text.charCodeAt(tail + 1);
  if ((a | b | c | d) >= 128) {
    // Never half a surrogate pair (an emoji at either edge): the half shown becomes a star.
    const shownHead = isHighSurrogate(b) ? text.slice(head, head + 1) + '*' : text.slice(head, head + 2);
    const shownTail = isLowSurrogate(c) ? '*' + text.slice(tail + 1, tail + 2) : text.slice(tail, tail + 2);
    return shownHead + STARS[middle]! + shownTail;
  }
  // 7 bits per character and 4 for the stars (5 to 12): a key below 2^32.
  const key = (a | (b << 7) | (c << 14) | (d << 21)) + middle * 0x10000000;
  let preview = PREVIEWS.get(key);
  if (preview === undefined) {
    preview = text.slice(head, head + 2) + STARS[middle]! + text.slice(tail, tail + 2);
    if (PREVIEWS.size < MAX_PREVIEWS) PREVIEWS.set(key, preview);
  }
  return preview;
}

/** A JSON token of a JSON text: a string (quotes included) or a scalar (number, true, false, null). */
interface JsonToken {
  start: number;
  end: number;
  string: boolean;
}

/** What jsonSafeReplacements reads of a JSON text: its tokens (see jsonTokens). */
export type JsonLayout = ReturnType<typeof jsonTokens>;

/**
 * The layout of `text` when it is a JSON object or array, else undefined; a caller that redacts the same
 * text several times (the parts of one JSON document) reads it once.
 */
export function jsonLayout(text: string): JsonLayout | undefined {
  const first = text.trimStart().charCodeAt(0);
  return (first === 0x7b || first === 0x5b) && parsesAsJson(text) ? jsonTokens(text) : undefined;
}

/** Whether JSON.parse accepts `text`. */
export function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The string and scalar tokens of `text`, a text JSON.parse accepted, and the positions inside an escape
 * sequence other than its backslash (`\n`, `\u0040`): a piece of a string may neither start nor end there.
 */
function jsonTokens(text: string): { tokens: JsonToken[]; inEscape: Uint8Array } {
  const tokens: JsonToken[] = [];
  const inEscape = new Uint8Array(text.length + 1);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i++;
      while (i < n && text.charCodeAt(i) !== 0x22) {
        if (text.charCodeAt(i) === 0x5c) {
          const length = text.charCodeAt(i + 1) === 0x75 ? 6 : 2;
          for (let k = 1; k < length; k++) inEscape[i + k] = 1;
          i += length;
        } else i++;
      }
      tokens.push({ start, end: ++i, string: true });
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      const start = i;
      while (i < n && !/[\s,:\]}]/.test(text[i]!)) i++;
      tokens.push({ start, end: i, string: false });
    } else i++;
  }
  return { tokens, inEscape };
}

/**
 * `spans` over a JSON text (a tool call's `arguments`, a JSON string the provider and the tool parse) made
 * safe to write markers over: the arguments must stay JSON. A span is cut at the JSON syntax it covers
 * (quotes, commas, braces: a pattern such as `password=\S+` runs on to the `"}` that ends the value) and
 * each string it covers gets a marker over the part of it covered (never half an escape sequence); a
 * number or literal it touches is replaced whole by the marker as a JSON string (`{"card": 4111...}`
 * becomes `{"card": "[CREDIT_CARD_REDACTED]"}`). Markers are built from the value as the JSON decodes it
 * (so `jane\u0040example.com` and `jane@example.com` share a hash marker) and written JSON-escaped.
 * Returns undefined when `text` is not a JSON object or array (cut-off arguments): rewritten as a text.
 * `layout`: jsonLayout(text), for a caller that has it already.
 */
export function jsonSafeReplacements(
  text: string,
  spans: readonly Replacement[],
  options: MarkerOptions,
  layout: JsonLayout | undefined = jsonLayout(text),
): Replacement[] | undefined {
  if (layout === undefined) return undefined;
  const { tokens, inEscape } = layout;
  const out: Replacement[] = [];
  for (const span of spans) {
    // The first token that ends after the span starts.
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.end <= span.start) lo = mid + 1;
      else hi = mid;
    }
    for (let t = lo; t < tokens.length && tokens[t]!.start < span.end; t++) {
      const token = tokens[t]!;
      if (!token.string) {
        const marker = span.marker ?? markerFor(text.slice(token.start, token.end), span.type, options);
        out.push({ start: token.start, end: token.end, type: span.type, marker: JSON.stringify(marker) });
        continue;
      }
      let start = Math.max(span.start, token.start + 1);
      let end = Math.min(span.end, token.end - 1);
      while (inEscape[start] === 1) start--;
      while (end < token.end - 1 && inEscape[end] === 1) end++;
      if (start >= end) continue;
      const value = JSON.parse(`"${text.slice(start, end)}"`) as string;
      const marker = span.marker ?? markerFor(value, span.type, options);
      out.push({ start, end, type: span.type, marker: JSON.stringify(marker).slice(1, -1) });
    }
  }
  return out;
}
