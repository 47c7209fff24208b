/**
 * Shared plumbing for policies that scan texts: turn detector matches into findings with masked
 * previews, and apply redactions to the workspace.
 */
import type { Finding, Verdict } from '../types.js';
import type { TextMatch } from '../detectors/match.js';
import {
  applyReplacements,
  jsonLayout,
  jsonSafeReplacements,
  markerFor,
  maskedPreviewAt,
  maskedPreviewInParts,
  parsesAsJson,
  partsWorthKeeping,
  replaceInParts,
  type JsonLayout,
  type MarkerOptions,
  type Replacement,
  type TextParts,
} from '../detectors/redaction.js';
import { toolResultRun, type TextSegment, type Workspace } from '../detectors/payload-text.js';
import { contentPartRuns, matchesAcrossParts } from '../detectors/content-parts.js';
import { decodeJsonEscapes, viewMatches, type FoldedView } from '../detectors/pii-fold.js';

export interface SegmentMatch extends TextMatch {
  /** Fixed marker (legacy `replacement`). */
  marker?: string;
  /** What this match asks for (per-pattern action); defaults to the policy action. */
  action?: Verdict;
}

/**
 * The finding of match `m` in `seg`. `parts`: seg's text as the parts an earlier redaction kept (see
 * TextParts), for a step that read those instead of the text: the preview is read from them too.
 */
export function toFinding(
  seg: TextSegment,
  m: SegmentMatch,
  action: Verdict | undefined = m.action,
  parts?: TextParts,
): Finding {
  const score = Math.round(m.score * 1000) / 1000;
  const preview =
    parts === undefined ? maskedPreviewAt(seg.text, m.start, m.end) : maskedPreviewInParts(parts, m.start, m.end);
  // One literal each way, so the findings of a step share a shape (a property added after creation gave
  // each its own transition; a megabyte of secrets makes 80,000 of them).
  if (action !== undefined)
    return { type: m.type, detector: m.detector, path: seg.path, start: m.start, end: m.end, score, preview, action };
  return { type: m.type, detector: m.detector, path: seg.path, start: m.start, end: m.end, score, preview };
}

/** Writes markers over the redactable matches of one segment back into the workspace. */
export function redactSegment(
  ws: Workspace,
  seg: TextSegment,
  matches: readonly SegmentMatch[] | readonly Replacement[],
  markers: MarkerOptions,
): void {
  if (matches.length === 0) return;
  // A match is a Replacement already (start, end, type, optional marker); applyReplacements only reads.
  const spans =
    (isJsonText(seg) && (jsonSafeReplacements(seg.text, matches, markers) ?? safeInDocument(seg, matches, markers))) ||
    matches;
  ws.setText(seg.tokens, applyReplacements(seg.text, spans, markers));
}

/**
 * The reading of `seg` its scanners take when it is a JSON text with escapes in it: the strings as the
 * tool gets them (a tool call's `arguments`) or as the model gets them (a tool's result that is a JSON
 * document), every JSON escape decoded (`{"name":"Nigh\u0074ingale"}`, `{"to":"jane\u0040example.com"}`,
 * `{"url":"https:\/\/db.internal"}`: written so, a value passed the patterns and terms that read the text
 * as it is). Null for every other text (a test of the segment's flags, role and path; for a candidate, a
 * look at its ends and an indexOf): those are read as they are. A tool's result is not always JSON: it is
 * read decoded only when it begins with `{` or `[` and ends with the matching bracket, every backslash
 * in it begins a JSON escape, and then it parses (a text without escapes, nearly every one, is never
 * parsed to be read). Matches on the view
 * map back to `seg`'s text with pii-fold's viewMatches (or originOf / originEndOf), covering the whole escapes at
 * their ends; redactSegment then keeps the text JSON (jsonSafeReplacements).
 */
export function decodedJson(seg: TextSegment): FoldedView | null {
  const args = isJsonArguments(seg);
  if (!args && !isToolResult(seg)) return null;
  // Kept per segment: the steps of an evaluation share a listing's segments (Workspace.texts), and each
  // step that scans the text reads the view.
  let view = DECODED.get(seg);
  if (view === undefined) {
    const text = seg.text;
    // A part of a result given as text parts that together are one JSON document: its escapes are
    // decoded as the document's (a part alone is no JSON document, and is not checked as one).
    if (!args && text.indexOf('\\') >= 0 && documentOf(seg)?.json() === true) {
      view = decodeJsonEscapes(text, false);
      DECODED.set(seg, view);
      return view;
    }
    view = (!args && !isJsonDocument(text)) || text.indexOf('\\') < 0 ? null : decodeJsonEscapes(text, !args);
    // A result is read decoded only when it is a JSON document: brackets at its ends and valid escapes are
    // also what bracketed prose can have (`[note \u0041KIA...]`, a log line in brackets), and an escape
    // outside a JSON string is no escape to the reader. Parsed only when it is to be decoded (it has an
    // escape), once per text: the decoding copies the text anyway.
    if (view !== null && !args && !parsesAsJson(text)) view = null;
    DECODED.set(seg, view);
  }
  return view;
}

const DECODED = new WeakMap<TextSegment, FoldedView | null>();

/** A tool's result given as text parts, joined: the text the tool wrote. */
interface Document {
  text: string;
  /** Where each part begins in `text`. */
  offsets: Map<TextSegment, number>;
  /** Whether `text` is one JSON document (parsed on first ask; see decodedJson). */
  json(): boolean;
  /** jsonLayout(text), read on first ask (a redaction). */
  layout(): JsonLayout | undefined;
}

const DOCUMENTS = new WeakMap<readonly TextSegment[], Document>();

/**
 * The document `seg` is a part of, when it is one of two or more consecutive text parts of a tool's result
 * (payload-text's toolResultRun): a JSON document cut between parts is read, and redacted, as one.
 */
function documentOf(seg: TextSegment): Document | undefined {
  const run = toolResultRun(seg);
  if (run === undefined) return undefined;
  let doc = DOCUMENTS.get(run);
  if (doc === undefined) {
    const offsets = new Map<TextSegment, number>();
    let text = '';
    for (const part of run) {
      offsets.set(part, text.length);
      text += part.text;
    }
    let json: boolean | undefined;
    let layout: JsonLayout | undefined | null = null;
    doc = {
      text,
      offsets,
      json: () => (json ??= isJsonDocument(text) && parsesAsJson(text)),
      layout: () => (layout === null ? (layout = doc!.json() ? jsonLayout(text) : undefined) : layout),
    };
    DOCUMENTS.set(run, doc);
  }
  return doc;
}

/**
 * jsonSafeReplacements for a part of a JSON document given as parts: over the document, the part's spans
 * cut as they would be in it (at its quotes, commas and braces), so the parts still join into JSON.
 */
function safeInDocument(
  seg: TextSegment,
  matches: readonly Replacement[],
  markers: MarkerOptions,
): Replacement[] | undefined {
  const doc = documentOf(seg);
  const layout = doc?.layout();
  if (doc === undefined || layout === undefined) return undefined;
  const at = doc.offsets.get(seg)!;
  const end = at + seg.text.length;
  const shifted = matches.map((m) => ({ ...m, start: m.start + at, end: m.end + at }));
  const out: Replacement[] = [];
  for (const r of jsonSafeReplacements(doc.text, shifted, markers, layout)!) {
    const start = Math.max(r.start, at);
    const stop = Math.min(r.end, end);
    if (start < stop) out.push({ ...r, start: start - at, end: stop - at });
  }
  return out;
}

/**
 * `scan` for the joins of a run of text parts (acrossParts): over the joined text with its JSON escapes
 * decoded when the run is a tool's result that is one JSON document, its matches mapped back.
 */
function scanOfRun<M extends SegmentMatch>(
  run: readonly TextSegment[],
  scan: (text: string) => readonly M[],
): (text: string) => readonly M[] {
  const doc = documentOf(run[0]!);
  if (doc === undefined || doc.text.indexOf('\\') < 0 || !doc.json()) return scan;
  return (text) => {
    const view = decodeJsonEscapes(text);
    return view === null ? scan(text) : viewMatches(view, text.length, scan(view.text));
  };
}

/**
 * Whether `seg` is a tool call's `arguments` as the API gives them, a JSON text that the provider and the
 * tool parse: a redaction of it must leave JSON (see jsonSafeReplacements). Arguments given as an object
 * are read string by string, and a custom tool's `input` is free-form: plain texts.
 */
const isJsonArguments = (seg: TextSegment): boolean =>
  seg.toolInput === true && seg.tokens[seg.tokens.length - 1] === 'arguments';

/**
 * Whether `seg` is what a tool returned: a `tool` (or legacy `function`) message's content, a Responses-API
 * `function_call_output`'s `output` (role `tool`, see payload-text), or a `tool_result` content part's
 * `content` (`.../content/<j>/content`, its text parts `.../content/<j>/content/<k>/text`), as Anthropic
 * and MCP clients send it. Often JSON (an API's or an MCP server's answer), not always.
 */
export function isToolResult(seg: TextSegment): boolean {
  if (seg.role === 'tool' || seg.role === 'function') return seg.toolInput !== true;
  const t = seg.tokens;
  const n = t.length;
  if (t[n - 1] === 'text')
    return n >= 5 && t[n - 3] === 'content' && t[n - 5] === 'content' && typeof t[n - 4] === 'number';
  return t[n - 1] === 'content' && n >= 3 && t[n - 3] === 'content' && typeof t[n - 2] === 'number';
}

/** Whether `text` looks like one JSON object or array: `{` ... `}` or `[` ... `]`, whitespace around it. */
function isJsonDocument(text: string): boolean {
  let i = 0;
  let j = text.length - 1;
  while (i < j && isJsonSpace(text.charCodeAt(i))) i++;
  while (j > i && isJsonSpace(text.charCodeAt(j))) j--;
  const first = text.charCodeAt(i);
  const last = text.charCodeAt(j);
  return j > i && ((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d));
}

const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Whether a redaction of `seg` must leave JSON: a tool call's `arguments`, or a tool's result that is a
 * JSON document (the model, or the agent, parses it; jsonSafeReplacements falls back to a plain rewrite
 * when it does not parse).
 */
const isJsonText = (seg: TextSegment): boolean =>
  isJsonArguments(seg) || (isToolResult(seg) && (isJsonDocument(seg.text) || documentOf(seg)?.json() === true));

/**
 * Masks a step's matches in the sanitised payload, those that redact and those that block alike: a
 * blocked request goes nowhere, but the decision's sanitised request is printed (`kt policy eval`, CI
 * logs) and must not show the value that blocked it. `hashKey` is the run's key for hash markers.
 * A long text's rewrite is kept as its parts (see TextParts), so that a later step reading only around
 * its candidates (dlp-filter's patterns) never copies the whole rewritten text; `source` is seg's text as
 * parts, for a step that read those instead of the text.
 */
export function maskSegment(
  ws: Workspace,
  seg: TextSegment,
  matches: readonly Replacement[],
  markers: MarkerOptions,
  hashKey: string | undefined,
  source?: TextParts,
): void {
  if (matches.length === 0) return;
  const options = hashKey === undefined ? markers : { ...markers, hashKey };
  if (partsWorthKeeping(seg.text.length, matches.length) && !isJsonText(seg))
    ws.setText(seg.tokens, replaceInParts(seg.text, source, matches, options));
  else redactSegment(ws, seg, matches, options);
}

/** What a step adds to one part for the values split over it and the parts after it (see acrossParts). */
export interface PartShare<M extends SegmentMatch> {
  /** The matches that begin in this part, over the piece in it: reported here, as the part's own are. */
  matches: M[];
  /** The pieces of split values in this part, each with its share of the value's marker. */
  replacements: Replacement[];
}

/**
 * Whether the part's own match `m` is a split value's beginning read alone ("jane@example.co" of
 * "jane@example.co" + "m"): a match of `share` of the same type overlaps it. The split value is reported and
 * redacted instead (its marker is the whole value's).
 */
export function readAlone(m: { type: string; start: number; end: number }, share: PartShare<SegmentMatch>): boolean {
  for (const r of share.replacements) if (r.type === m.type && r.start < m.end && m.start < r.end) return true;
  for (const r of share.matches) if (r.type === m.type && r.start < m.end && m.start < r.end) return true;
  return false;
}

/**
 * The values split over consecutive text parts of a message (content-parts.ts), found by `scan` (a scan of
 * one text, as the step scans each segment), per part. A value is reported once, on the part it begins in,
 * from its start to that part's end, and each of its pieces is redacted when `redacts` says so: the
 * value's marker (built from the whole value: a hash marker is the whole value's) goes to the first piece,
 * or, for the formats that keep the length (asterisks, partial), is shared out so that each part keeps its
 * length. Empty (no allocation) for a request without such runs.
 */
export function acrossParts<M extends SegmentMatch>(
  segments: readonly TextSegment[],
  scan: (text: string) => readonly M[],
  markers: MarkerOptions,
  hashKey: string | undefined,
  redacts: (m: M) => boolean,
): Map<TextSegment, PartShare<M>> {
  const shares = new Map<TextSegment, PartShare<M>>();
  const runs = contentPartRuns(segments);
  if (runs.length === 0) return shares;
  const options = hashKey === undefined ? markers : { ...markers, hashKey };
  const shareOf = (seg: TextSegment): PartShare<M> => {
    let share = shares.get(seg);
    if (share === undefined) shares.set(seg, (share = { matches: [], replacements: [] }));
    return share;
  };
  for (const run of runs) {
    for (const { match, value, pieces } of matchesAcrossParts(run, scanOfRun(run, scan))) {
      const head = pieces[0]!;
      shareOf(head.segment).matches.push({ ...match, start: head.start, end: head.end });
      if (!redacts(match)) continue;
      const marker = match.marker ?? markerFor(value, match.type, options);
      const spread =
        (options.format === 'asterisks' || options.format === 'partial') &&
        match.marker === undefined &&
        marker.length === value.length;
      let at = 0;
      for (let k = 0; k < pieces.length; k++) {
        const { segment, start, end } = pieces[k]!;
        const piece = spread ? marker.slice(at, at + end - start) : k === 0 ? marker : '';
        at += end - start;
        shareOf(segment).replacements.push({ start, end, type: match.type, marker: piece });
      }
    }
  }
  return shares;
}

/** The finding types, each once, in order of first appearance, joined with ", " (a step message). */
export function distinctTypes(findings: readonly Finding[]): string {
  const types = new Set<string>();
  for (const f of findings) types.add(f.type);
  return [...types].join(', ');
}

/** Highest-precedence verdict of a list (block > escalate > redact > allow). */
export function strongest(verdicts: Iterable<Verdict>): Verdict {
  let best: Verdict = 'allow';
  const rank: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };
  for (const v of verdicts) if (rank[v] > rank[best]) best = v;
  return best;
}
