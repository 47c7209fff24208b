/** Texts the output-phase scorers compare: the answer, the question, and the supplied context. */
import type { EvalContext, Payload } from '../types.js';
import { extractTexts, type TextSegment } from '../detectors/payload-text.js';
import { isRecord } from '../pack/json.js';
import { isToolResult } from './text-scan.js';

/**
 * The answer's text: what quality, grounding and format are measured on. Tool inputs are left out, and the
 * model's reasoning too (`reasoning_content`, ...: a draft the client may show, not the answer), unless
 * `withReasoning`: a check of what the client is told (a system-prompt leak) reads it as well.
 */
export const responseText = (p: Payload, withReasoning = false): string =>
  answerSegments(p, withReasoning)
    .map((s) => s.text)
    .join('\n');

/** The strings responseText joins (with a line break between two), in its order. */
export const answerSegments = (p: Payload, withReasoning = false): TextSegment[] =>
  extractTexts(p, 'response').filter((s) => s.toolInput !== true && (withReasoning || s.reasoning !== true));

/**
 * Where an offset of responseText (without reasoning) lies in the payload: the JSON pointer of the string
 * it falls in and the offset within that string, so a finding on the joined answer points at its text
 * (`/upstream_response/choices/1/message/content`) rather than at `/upstream_response` with offsets into
 * nothing the payload holds. A span that does not cross a line break stays within one string.
 */
export function answerLocator(segments: readonly TextSegment[]): (offset: number) => { path: string; offset: number } {
  const starts: number[] = [];
  let at = 0;
  for (const s of segments) {
    starts.push(at);
    at += s.text.length + 1;
  }
  return (offset) => {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > offset) i--;
    if (i < 0) return { path: '/upstream_response', offset };
    return { path: segments[i]!.path, offset: offset - starts[i]! };
  };
}

/** The user's question (what the answer should address): the texts of questionSegments, joined by line breaks. */
export const questionText = (p: Payload): string =>
  questionSegments(extractTexts(p, 'request-untrusted'))
    .map((s) => s.text)
    .join('\n');

/**
 * The user's question: the texts of the last user turn that says something of its own (all its text
 * parts), never a tool's output. An agent loop sends each tool result in a user turn (a `tool_result`
 * part, Anthropic-style) or a `tool` message: the question is the user text before it, not what a search
 * or a database returned (a result quoting "invest" or "dosage" is no user asking for advice).
 */
export function questionSegments(segments: readonly TextSegment[]): TextSegment[] {
  const own = (s: TextSegment): boolean => s.role === 'user' && s.toolInput !== true && !isToolResult(s);
  let i = segments.length - 1;
  while (i >= 0 && !own(segments[i]!)) i--;
  if (i < 0) return [];
  const turn = turnOf(segments[i]!);
  const out: TextSegment[] = [];
  for (; i >= 0 && turnOf(segments[i]!) === turn; i--) if (own(segments[i]!)) out.push(segments[i]!);
  return out.reverse();
}

/** Which turn a text belongs to: its message (`messages/3`, a Responses `input/2`) or its field (`prompt`). */
const turnOf = (s: TextSegment): string =>
  typeof s.tokens[1] === 'number' ? `${s.tokens[0]}/${s.tokens[1]}` : String(s.tokens[0]);

/**
 * Grounding material: `context.documents` (strings or {text|content}) and `context.sources` (the same,
 * or {url}). A source given as a bare URL string is both a text (a document may be quoted by its URL) and
 * a source URL. `entries` counts the documents and sources supplied: numbered references ([2]) point at them.
 */
export function contextTexts(p: Payload): { texts: string[]; urls: string[]; entries: number } {
  const texts: string[] = [];
  const urls: string[] = [];
  let entries = 0;
  const ctx = isRecord(p.context) ? p.context : {};
  for (const list of [ctx.documents, ctx.sources]) {
    if (!Array.isArray(list)) continue;
    for (const d of list) {
      if (typeof d === 'string') {
        entries++;
        texts.push(d);
        if (list === ctx.sources && /^https?:\/\/\S+$/iu.test(d.trim())) urls.push(d.trim());
      } else if (isRecord(d)) {
        entries++;
        for (const k of ['text', 'content', 'title']) if (typeof d[k] === 'string') texts.push(d[k]);
        if (typeof d.url === 'string') urls.push(d.url);
      }
    }
  }
  return { texts, urls, entries };
}

/**
 * Grounding of an answer in context documents, 0..1: the share of its claims (sentences with 3+ content
 * words) whose content words are at least `claimShare` found in the documents; 1 for an answer that makes
 * no claim. citation-verifier and quality-scorer (faithfulness, `context-faithfulness`) read it through
 * measureGrounding.
 */
export function groundingScore(answer: string, documents: readonly string[], claimShare: number): number {
  const vocab = new Set(contentWords(documents.join('\n')));
  const claims = sentences(answer)
    .map(contentWords)
    .filter((w) => w.length >= 3);
  const grounded = claims.filter((w) => w.filter((x) => vocab.has(x)).length / w.length >= claimShare).length;
  return claims.length === 0 ? 1 : grounded / claims.length;
}

export interface Grounding {
  /** 0..1, rounded to 3 places. */
  score: number;
  /** `judge` when `ctx.judges.grounding` gave it, `heuristic` when groundingScore did. */
  by: 'judge' | 'heuristic';
}

/**
 * The grounding of `answer`: `ctx.judges.grounding` when supplied, else groundingScore when there are
 * documents; undefined when neither can say (no judge and no context: nothing to be grounded in).
 */
export function measureGrounding(
  answer: string,
  documents: readonly string[],
  judges: EvalContext['judges'],
  claimShare: number,
): Grounding | undefined {
  const judged = judges?.grounding?.({ response: answer, context: [...documents] });
  if (judged !== undefined) return { score: round3(judged), by: 'judge' };
  if (documents.length === 0) return undefined;
  return { score: round3(groundingScore(answer, documents, claimShare)), by: 'heuristic' };
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function finishReason(p: Payload): string | undefined {
  const r = p.upstream_response;
  if (
    isRecord(r) &&
    Array.isArray(r.choices) &&
    isRecord(r.choices[0]) &&
    typeof r.choices[0].finish_reason === 'string'
  )
    return r.choices[0].finish_reason;
  return undefined;
}

const STOP = new Set(
  'a an the of to in on at for with and or but is are was were be been being it its this that these those i me my we our us you your he she they them their his her as by from so do does did can could would should will shall may might not no yes what which who whom when where why how there here than then also into about over under if else just very more most some any all each such only own same other'.split(
    ' ',
  ),
);

/** Lower-cased content words (letters/digits, 3+ chars or numbers), stop words dropped. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if ((w.length >= 3 || /^\d+$/.test(w)) && !STOP.has(w))
      out.push(w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w);
  }
  return out;
}

/** Sentences of a text, roughly (split after . ! ? or newlines). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
