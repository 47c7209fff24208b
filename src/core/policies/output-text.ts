/** Texts the output-phase scorers compare: the answer, the question, and the supplied context. */
import type { Payload } from '../types.js';
import { extractTexts } from '../detectors/payload-text.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const responseText = (p: Payload): string =>
  extractTexts(p, 'response')
    .filter((s) => s.toolInput !== true)
    .map((s) => s.text)
    .join('\n');

/** The last user turn (what the answer should address). */
export function questionText(p: Payload): string {
  const segs = extractTexts(p, 'request-untrusted').filter((s) => s.role === 'user');
  return segs.length === 0 ? '' : segs[segs.length - 1]!.text;
}

/** Grounding material: `context.documents` (strings or {text|content}) and `context.sources`. */
export function contextTexts(p: Payload): { texts: string[]; urls: string[] } {
  const texts: string[] = [];
  const urls: string[] = [];
  const ctx = isObject(p.context) ? p.context : {};
  for (const list of [ctx.documents, ctx.sources]) {
    if (!Array.isArray(list)) continue;
    for (const d of list) {
      if (typeof d === 'string') texts.push(d);
      else if (isObject(d)) {
        for (const k of ['text', 'content', 'title']) if (typeof d[k] === 'string') texts.push(d[k]);
        if (typeof d.url === 'string') urls.push(d.url);
      }
    }
  }
  return { texts, urls };
}

export function finishReason(p: Payload): string | undefined {
  const r = p.upstream_response;
  if (
    isObject(r) &&
    Array.isArray(r.choices) &&
    isObject(r.choices[0]) &&
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
