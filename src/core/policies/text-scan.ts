/**
 * Shared plumbing for policies that scan texts: turn detector matches into findings with masked
 * previews, and apply redactions to the workspace.
 */
import type { Finding, Verdict } from '../types.js';
import type { TextMatch } from '../detectors/match.js';
import {
  applyReplacements,
  maskedPreviewAt,
  maskedPreviewInParts,
  partsWorthKeeping,
  replaceInParts,
  type MarkerOptions,
  type Replacement,
  type TextParts,
} from '../detectors/redaction.js';
import type { TextSegment, Workspace } from '../detectors/payload-text.js';

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
  ws.setText(seg.tokens, applyReplacements(seg.text, matches, markers));
}

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
  if (partsWorthKeeping(seg.text.length, matches.length))
    ws.setText(seg.tokens, replaceInParts(seg.text, source, matches, options));
  else redactSegment(ws, seg, matches, options);
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
