/**
 * pii's redacted texts described as pieces (see PieceText in linear-regex.ts), for the steps after it.
 *
 * Redacting a long text builds the new text by concatenation: a rope, which the first step that reads
 * it copies into a fresh flat string. For a megabyte that copy costs about 1.5 ms here (mostly page
 * faults of the fresh 2 MB), more than dlp's pattern search over it; and when the request is then
 * blocked, nothing else ever reads the text. So pii-detector keeps, per evaluation workspace, how each
 * long text it redacted is made of its original and the markers, and dlp-filter searches that
 * description (the original is already flat) instead of the text, with the same matches.
 */
import { applyReplacements, markerFor, type MarkerOptions, type Replacement } from './redaction.js';
import type { PieceText, TextPart } from './linear-regex.js';
import type { TextSegment, Workspace } from './payload-text.js';

/** Texts shorter than this are not described: reading them back costs little. */
export const DESCRIBED_MIN_LENGTH = 1 << 16;

/**
 * The text applyReplacements(original, spans, options) returns, as parts of `original` and markers in
 * the same order (the same merging of overlapping spans, the same markers). A marker part, possibly
 * empty, stands between every two parts of the original.
 */
export function describeRedaction(original: string, spans: readonly Replacement[], options: MarkerOptions): PieceText {
  const n = original.length;
  const parts: TextPart[] = [];
  let length = 0;
  const push = (source: string, from: number, to: number): void => {
    // source.slice(from, to) for offsets that are not negative.
    const a = Math.min(from, source.length);
    const count = Math.max(0, Math.min(to, source.length) - a);
    parts.push({ start: length, source, from: a, length: count });
    length += count;
  };
  if (spans.length === 0) {
    push(original, 0, n);
    return { length, original, parts };
  }
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let at = 0;
  let open = sorted[0]!;
  let openEnd = open.end;
  for (let i = 1; i <= sorted.length; i++) {
    const s = sorted[i];
    if (s !== undefined && s.start < openEnd) {
      if (s.end > openEnd) openEnd = s.end;
      continue;
    }
    push(original, at, open.start);
    const marker = open.marker ?? markerFor(original.slice(open.start, openEnd), open.type, options);
    push(marker, 0, marker.length);
    at = openEnd;
    if (s !== undefined) {
      open = s;
      openEnd = s.end;
    }
  }
  push(original, at, n);
  return { length, original, parts };
}

interface Described {
  text: string;
  pieces: PieceText;
}

/** Per evaluation workspace: JSON pointer -> the redacted text written there and its description. */
const described = new WeakMap<Workspace, Map<string, Described>>();

/**
 * Redacts `spans` of `seg` in `workspace` (what redactSegment does) and, for a long text, remembers
 * how the new text is made. Returns the new text.
 */
export function redactDescribed(
  workspace: Workspace,
  seg: TextSegment,
  spans: readonly Replacement[],
  options: MarkerOptions,
): string {
  if (spans.length === 0) return seg.text;
  const text = applyReplacements(seg.text, spans, options);
  workspace.setText(seg.tokens, text);
  // Short texts cost no map work (and no pointer string): an entry left for the path by an earlier long
  // text is never served, since describedText also checks that the text is the one described.
  if (seg.text.length < DESCRIBED_MIN_LENGTH) return text;
  let byPath = described.get(workspace);
  if (byPath === undefined) described.set(workspace, (byPath = new Map()));
  const pieces = describeRedaction(seg.text, spans, options);
  // A guard on the mirror of applyReplacements: a description of another length is not kept.
  if (pieces.length === text.length) byPath.set(seg.path, { text, pieces });
  else byPath.delete(seg.path);
  return text;
}

/**
 * The description of `seg`'s text when it is the text pii last wrote there in this workspace (the same
 * string: a later write by another step is not described), else undefined.
 */
export function describedText(workspace: Workspace, seg: TextSegment): PieceText | undefined {
  if (seg.text.length < DESCRIBED_MIN_LENGTH) return undefined;
  const d = described.get(workspace)?.get(seg.path);
  return d !== undefined && d.text === seg.text ? d.pieces : undefined;
}
