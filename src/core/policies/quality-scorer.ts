/**
 * quality-scorer (output phase). Without a judge the score is deterministic, from the answer alone and
 * the question: length (`min_output_chars`, default 20), structure (`min_sentences`, default 1),
 * relevance (share of the question's content words the answer uses), completeness (not cut off by the
 * token limit, ends a sentence), coherence (little repetition), and no refusal. `ctx.judges.quality`, when
 * supplied (an LLM judge in production, a stub in tests), replaces the heuristic score.
 * Threshold: `overall_min_score` (or `thresholds.min_aggregate` / `pass_policy.threshold`; default 0.6).
 * A miss takes `on_fail` (or `failure_action.action`; default escalate).
 */
import type { Finding } from '../types.js';
import { action, num, obj, optNum } from './config.js';
import { contentWords, contextTexts, finishReason, questionText, responseText, sentences } from './output-text.js';
import { allow, type PolicyKind } from './types.js';

const REFUSAL =
  /\b(i\s+(?:can(?:no|')t|am\s+(?:not\s+able|unable)|won't)\s+(?:help|assist|answer|provide|do\s+that)|as an ai(?: language model)?,? i)\b/iu;

export interface QualityScores {
  length: number;
  structure: number;
  relevance: number;
  completeness: number;
  coherence: number;
  overall: number;
}

export function heuristicQuality(
  answer: string,
  question: string,
  finish: string | undefined,
  minChars: number,
  minSentences: number,
): QualityScores {
  const trimmed = answer.trim();
  const length = Math.min(1, trimmed.length / Math.max(1, minChars));
  const sents = sentences(trimmed);
  const structure = Math.min(1, sents.length / Math.max(1, minSentences));
  const q = new Set(contentWords(question));
  const a = contentWords(trimmed);
  const aSet = new Set(a);
  let shared = 0;
  for (const w of q) if (aSet.has(w)) shared++;
  // An empty question cannot be used to judge relevance; neither can a very short one, fully.
  const relevance = q.size === 0 ? 1 : Math.min(1, 0.4 + (0.6 * shared) / Math.min(q.size, 5));
  const completeness =
    finish === 'length' ? 0.3 : /[.!?)\]`"'»”]\s*$/u.test(trimmed) || trimmed.endsWith('```') ? 1 : 0.7;
  const coherence = a.length === 0 ? 0 : Math.min(1, (aSet.size / a.length) * 1.6);
  let overall =
    trimmed.length === 0
      ? 0
      : 0.2 * length + 0.1 * structure + 0.3 * relevance + 0.25 * completeness + 0.15 * coherence;
  // A refusal or an answer cut off by the token limit is not a good answer whatever its other traits.
  if (REFUSAL.test(trimmed)) overall = Math.min(overall, 0.3);
  if (finish === 'length') overall = Math.min(overall, 0.5);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    length: r(length),
    structure: r(structure),
    relevance: r(relevance),
    completeness: r(completeness),
    coherence: r(coherence),
    overall: r(overall),
  };
}

export const qualityScorer: PolicyKind = {
  kind: 'quality-scorer',
  prepare(entry) {
    const c = entry.config;
    const thresholds = obj(c.thresholds);
    const min =
      optNum(c.overall_min_score) ?? optNum(thresholds.min_aggregate) ?? optNum(obj(c.pass_policy).threshold) ?? 0.6;
    const onFail = action(c.on_fail ?? obj(c.failure_action).action, 'escalate');
    const minChars = num(c.min_output_chars, 20);
    const minSentences = num(c.min_sentences, 1);
    return {
      response: ({ workspace, ctx }) => {
        const p = workspace.payload;
        const answer = responseText(p);
        const question = questionText(p);
        const judged = ctx.judges?.quality?.({ request: question, response: answer, context: contextTexts(p).texts });
        const scores =
          judged === undefined ? heuristicQuality(answer, question, finishReason(p), minChars, minSentences) : null;
        const overall = Math.round((judged ?? scores!.overall) * 1000) / 1000;
        const detail =
          scores === null
            ? `judge score ${overall}`
            : `score ${overall} (relevance ${scores.relevance}, completeness ${scores.completeness}, length ${scores.length})`;
        if (overall >= min) return { ...allow(detail), score: overall };
        const finding: Finding = {
          type: 'low_quality',
          detector: judged === undefined ? 'quality.heuristic' : 'quality.judge',
          path: '/upstream_response',
          start: 0,
          end: 0,
          score: overall,
        };
        return {
          verdict: onFail === 'redact' ? 'block' : onFail,
          reason_code: 'quality.below_threshold',
          findings: [finding],
          score: overall,
          message: `${detail} below ${min}`,
        };
      },
    };
  },
};
