/**
 * quality-scorer (output phase). Scores the answer on the documented dimensions, checks `assertions[]`
 * (quality-assertions.ts), and takes `on_fail` (or `failure_action.action`; default escalate) on a miss.
 * Without a judge every score is deterministic, from the answer, the question and the supplied context.
 *
 * Dimensions (the docs' names; `dimensions.relevance` is read as relevancy, lint W005):
 * - relevancy: share of the question's content words the answer uses (from 0.4; 1 without a question);
 * - coherence: little repetition (distinct content words over all of them, x 1.6, at most 1);
 * - completeness: long enough (`min_output_chars`, default 20) 4/11, enough sentences (`min_sentences`,
 *   default 1) 2/11, ends a sentence and was not cut off by the token limit 5/11;
 * - faithfulness: grounding in the `context` documents, measured as citation-verifier measures it
 *   (output-text.ts measureGrounding: `ctx.judges.grounding`, else the share of grounded claims); not
 *   measured when the request supplies no context and there is no grounding judge;
 * - accuracy: only a judge can tell: `ctx.judges.quality` asked with `criterion: {kind: 'dimension', name:
 *   'accuracy'}`; not measured without one.
 * `benchmarks.{ragas_faithfulness, ragas_relevancy, coherence, completeness}: false` switches that dimension
 * off (not scored, not in the aggregate, its minimum not checked; lint W012 when one is set); true, the
 * default, changes nothing.
 *
 * Aggregate (the step's `score`), compared with the pass mark `overall_min_score` (or
 * `thresholds.min_aggregate`, `pass_policy.threshold`; default 0.6):
 * - weights (`weights.<dim>`, or `dimensions.<dim>.weight`, which wins) replace the built-in weighting; a
 *   dimension without a weight counts 0. DECISION: a dimension that cannot be measured on this answer
 *   (faithfulness without context, accuracy without a judge) is left out and the other weights are
 *   renormalised, so the aggregate is always an average of what was measured. When nothing weighted could
 *   be measured the aggregate is not evaluated: a `not_evaluated` finding (detector `quality.aggregate`)
 *   and the reason `quality.not_evaluated` when nothing failed, never a silent pass.
 * - without weights, as before: the judge's overall score when `ctx.judges.quality` is supplied, else the
 *   built-in blend relevancy .3, completeness .55, coherence .15 (faithfulness and accuracy count only when
 *   weighted). A switched-off benchmark leaves the blend and the rest is renormalised. The judge's overall
 *   score replaces the aggregate only: dimension minimums are still checked on the dimensions' own scores.
 * - `pass_policy.strategy` combines the counted dimensions: `weighted_average` (default) their weighted
 *   mean; `all` the lowest (every counted dimension must reach the pass mark); `any` the highest (one
 *   suffices). Under all / any a weight only decides whether a dimension counts (above 0).
 * - a refusal scores at most 0.3, an answer cut off by the token limit at most 0.5, an empty answer 0,
 *   whatever the dimensions say.
 *
 * Per-dimension minimums `thresholds.min_<dim>` / `dimensions.<dim>.min_score` (which wins): a dimension
 * scored below its minimum fails the step even when the aggregate passes (finding `low_quality`, detector
 * `quality.heuristic:<dim>`, or `quality.judge:<dim>` where a judge scored it). A minimum on a dimension
 * that is not measured is not checked: for faithfulness without context that is said in the message (there
 * was nothing to be faithful to); for accuracy without a judge, which no request can supply, also with a
 * `not_evaluated` finding and reason, as for the aggregate.
 *
 * Reason codes: `quality.below_threshold` (aggregate), `quality.dimension_below_min`,
 * `quality.assertion_failed`; the first that applies names the step and every finding is listed.
 */
import type { EvalContext, Finding, JsonObject } from '../types.js';
import { action, bool, num, obj, optNum, str } from './config.js';
import {
  contentWords,
  contextTexts,
  finishReason,
  measureGrounding,
  questionText,
  responseText,
  round3,
  sentences,
} from './output-text.js';
import { prepareAssertions, runAssertions } from './quality-assertions.js';
import { BENCHMARK_DIMENSIONS, QUALITY_DIMENSIONS, qualityDimension, type QualityDimension } from './quality-names.js';
import { allow, type PolicyKind } from './types.js';

const REFUSAL =
  /\b(i\s+(?:can(?:no|')t|am\s+(?:not\s+able|unable)|won't)\s+(?:help|assist|answer|provide|do\s+that)|as an ai(?: language model)?,? i)\b/iu;

const BUILT_IN_WEIGHTS: Readonly<Record<QualityDimension, number>> = {
  faithfulness: 0,
  relevancy: 0.3,
  coherence: 0.15,
  completeness: 0.55,
  accuracy: 0,
};

/** The heuristic signals the dimensions are made of, each 0..1. */
interface Signals {
  length: number;
  structure: number;
  relevance: number;
  /** Ends a sentence, not cut off. */
  ending: number;
  coherence: number;
}

function signals(
  answer: string,
  question: string,
  finish: string | undefined,
  minChars: number,
  minSentences: number,
): Signals {
  const trimmed = answer.trim();
  const length = Math.min(1, trimmed.length / Math.max(1, minChars));
  const structure = Math.min(1, sentences(trimmed).length / Math.max(1, minSentences));
  const q = new Set(contentWords(question));
  const a = contentWords(trimmed);
  const aSet = new Set(a);
  let shared = 0;
  for (const w of q) if (aSet.has(w)) shared++;
  // An empty question cannot be used to judge relevance; neither can a very short one, fully.
  const relevance = q.size === 0 ? 1 : Math.min(1, 0.4 + (0.6 * shared) / Math.min(q.size, 5));
  const ending = finish === 'length' ? 0.3 : /[.!?)\]`"'»”]\s*$/u.test(trimmed) || trimmed.endsWith('```') ? 1 : 0.7;
  const coherence = a.length === 0 ? 0 : Math.min(1, (aSet.size / a.length) * 1.6);
  return { length, structure, relevance, ending, coherence };
}

/** A refusal or an answer cut off by the token limit is not a good answer whatever its other traits. */
function capped(score: number, answer: string, finish: string | undefined): number {
  const trimmed = answer.trim();
  if (trimmed.length === 0) return 0;
  let out = score;
  if (REFUSAL.test(trimmed)) out = Math.min(out, 0.3);
  if (finish === 'length') out = Math.min(out, 0.5);
  return out;
}

/** The built-in blend (relevancy .3, completeness .55 of which length .2, sentences .1, ending .25, coherence .15). */
const blend = (s: Signals): number =>
  0.2 * s.length + 0.1 * s.structure + 0.3 * s.relevance + 0.25 * s.ending + 0.15 * s.coherence;

type Strategy = 'weighted_average' | 'all' | 'any';

interface Config {
  passMark: number;
  /** Operator weights by dimension, or null for the built-in weighting. */
  weights: Record<QualityDimension, number> | null;
  minimums: Partial<Record<QualityDimension, number>>;
  enabled: Record<QualityDimension, boolean>;
  strategy: Strategy;
}

function readConfig(c: JsonObject): Config {
  const thresholds = obj(c.thresholds);
  const passMark =
    optNum(c.overall_min_score) ?? optNum(thresholds.min_aggregate) ?? optNum(obj(c.pass_policy).threshold) ?? 0.6;
  const given: Partial<Record<QualityDimension, number>> = {};
  const minimums: Partial<Record<QualityDimension, number>> = {};
  for (const d of QUALITY_DIMENSIONS) {
    const m = optNum(thresholds[`min_${d}`]);
    if (m !== undefined) minimums[d] = m;
  }
  for (const [name, w] of Object.entries(obj(c.weights))) {
    const d = qualityDimension(name);
    if (d !== undefined && optNum(w) !== undefined && (given[d] === undefined || name === d)) given[d] = optNum(w)!;
  }
  // `dimensions.<dim>` is the more specific place: it wins over `weights` and `thresholds`; the canonical
  // name wins over an alias.
  const dims = obj(c.dimensions);
  for (const [name, v] of Object.entries(dims)) {
    const d = qualityDimension(name);
    if (d === undefined || (name !== d && Object.hasOwn(dims, d))) continue;
    const w = optNum(obj(v).weight);
    const m = optNum(obj(v).min_score);
    if (w !== undefined) given[d] = w;
    if (m !== undefined) minimums[d] = m;
  }
  const weights =
    Object.keys(given).length === 0
      ? null
      : (Object.fromEntries(QUALITY_DIMENSIONS.map((d) => [d, Math.max(0, given[d] ?? 0)])) as Record<
          QualityDimension,
          number
        >);
  const benchmarks = obj(c.benchmarks);
  const enabled = Object.fromEntries(QUALITY_DIMENSIONS.map((d) => [d, true])) as Record<QualityDimension, boolean>;
  for (const [key, d] of Object.entries(BENCHMARK_DIMENSIONS)) enabled[d] = bool(benchmarks[key], true);
  const s = str(obj(c.pass_policy).strategy, 'weighted_average');
  const strategy: Strategy = s === 'all' || s === 'any' ? s : 'weighted_average';
  return { passMark, weights, minimums, enabled, strategy };
}

interface Measured {
  score: number;
  by: 'heuristic' | 'judge';
}

/** Combines the counted dimensions by the strategy; undefined when none was measured. */
function combine(
  scores: Partial<Record<QualityDimension, Measured>>,
  weights: Record<QualityDimension, number>,
  strategy: Strategy,
): number | undefined {
  let sum = 0;
  let total = 0;
  let low = Infinity;
  let high = -Infinity;
  for (const d of QUALITY_DIMENSIONS) {
    const m = scores[d];
    const w = weights[d];
    if (m === undefined || !(w > 0)) continue;
    sum += w * m.score;
    total += w;
    low = Math.min(low, m.score);
    high = Math.max(high, m.score);
  }
  if (total === 0) return undefined;
  return strategy === 'all' ? low : strategy === 'any' ? high : sum / total;
}

const finding = (type: string, detector: string, score?: number): Finding => ({
  type,
  detector,
  path: '/upstream_response',
  start: 0,
  end: 0,
  ...(score === undefined ? {} : { score }),
});

export const qualityScorer: PolicyKind = {
  kind: 'quality-scorer',
  prepare(entry) {
    const c = entry.config;
    const cfg = readConfig(c);
    const onFail = action(c.on_fail ?? obj(c.failure_action).action, 'escalate');
    const verdictOnFail = onFail === 'redact' ? 'block' : onFail;
    const minChars = num(c.min_output_chars, 20);
    const minSentences = num(c.min_sentences, 1);
    const assertions = prepareAssertions(c.assertions);
    const allOn = QUALITY_DIMENSIONS.every((d) => cfg.enabled[d]);
    // The built-in blend, as it always was, unless the config asks for something else of the aggregate.
    const builtInBlend = cfg.weights === null && allOn && cfg.strategy === 'weighted_average';
    const weights = cfg.weights ?? BUILT_IN_WEIGHTS;
    const used = (d: QualityDimension): boolean => cfg.enabled[d] && (weights[d] > 0 || cfg.minimums[d] !== undefined);

    return {
      response: ({ workspace, ctx }) => {
        const p = workspace.payload;
        const answer = responseText(p);
        const question = questionText(p);
        const finish = finishReason(p);
        const context = contextTexts(p).texts;
        const judge = ctx.judges?.quality;

        const s = signals(answer, question, finish, minChars, minSentences);
        const scores = measureDimensions(s, answer, question, context, ctx, used);
        let aggregate: number | undefined;
        let detail: string;
        if (cfg.weights === null && judge !== undefined) {
          aggregate = round3(judge({ request: question, response: answer, context }));
          detail = `judge score ${aggregate}`;
        } else {
          const combined = builtInBlend ? blend(s) : combine(scores, weights, cfg.strategy);
          aggregate = combined === undefined ? undefined : round3(capped(combined, answer, finish));
          const parts = QUALITY_DIMENSIONS.filter((d) => scores[d] !== undefined).map(
            (d) => `${d} ${scores[d]!.score}`,
          );
          detail = `score ${aggregate ?? 'not evaluated'} (${parts.join(', ')})`;
        }

        const findings: Finding[] = [];
        const problems: string[] = [];
        const notes: string[] = [];
        // The first failure found names the step: aggregate, then dimensions, then assertions.
        let reason: string | null = null;

        if (aggregate === undefined) {
          findings.push(finding('not_evaluated', 'quality.aggregate'));
          notes.push('aggregate not evaluated: no weighted dimension could be measured');
        } else if (aggregate < cfg.passMark) {
          findings.push(
            finding(
              'low_quality',
              judge !== undefined && cfg.weights === null ? 'quality.judge' : 'quality.heuristic',
              aggregate,
            ),
          );
          problems.push(`below ${cfg.passMark}`);
          reason ??= 'quality.below_threshold';
        }
        for (const d of QUALITY_DIMENSIONS) {
          const min = cfg.minimums[d];
          if (min === undefined || !cfg.enabled[d]) continue;
          const m = scores[d];
          if (m === undefined) {
            if (d === 'accuracy') {
              findings.push(finding('not_evaluated', 'quality.judge:accuracy'));
              notes.push('accuracy not evaluated: needs a judge (none supplied)');
            } else notes.push('faithfulness not scored: no context documents');
            continue;
          }
          if (m.score >= min) continue;
          findings.push(finding('low_quality', `quality.${m.by}:${d}`, m.score));
          problems.push(`${d} ${m.score} below its minimum ${min}`);
          reason ??= 'quality.dimension_below_min';
        }
        if (cfg.weights !== null && scores.accuracy === undefined && cfg.enabled.accuracy && weights.accuracy > 0)
          notes.push('accuracy left out of the aggregate: needs a judge');

        if (assertions.length > 0) {
          const r = runAssertions(assertions, { answer, question, context, judges: ctx.judges });
          findings.push(...r.findings);
          problems.push(...r.failed);
          if (r.failed.length > 0) reason ??= 'quality.assertion_failed';
          notes.push(...r.reported, ...r.notEvaluated.map((what) => `not evaluated: ${what}`));
        }

        const withScore = aggregate === undefined ? {} : { score: aggregate };
        const message = [problems.length === 0 ? detail : `${detail}: ${problems.join('; ')}`, ...notes].join('; ');
        if (reason !== null) return { verdict: verdictOnFail, reason_code: reason, findings, ...withScore, message };
        const unevaluated = findings.some((f) => f.type === 'not_evaluated');
        return {
          ...allow(message, findings),
          ...(unevaluated ? { reason_code: 'quality.not_evaluated' } : {}),
          ...withScore,
        };
      },
    };
  },
};

/** Scores the dimensions the config uses (switched on, and weighted or with a minimum). */
function measureDimensions(
  s: Signals,
  answer: string,
  question: string,
  context: string[],
  ctx: EvalContext,
  used: (d: QualityDimension) => boolean,
): Partial<Record<QualityDimension, Measured>> {
  const out: Partial<Record<QualityDimension, Measured>> = {};
  if (used('relevancy')) out.relevancy = { score: round3(s.relevance), by: 'heuristic' };
  if (used('coherence')) out.coherence = { score: round3(s.coherence), by: 'heuristic' };
  if (used('completeness'))
    out.completeness = { score: round3((4 * s.length + 2 * s.structure + 5 * s.ending) / 11), by: 'heuristic' };
  if (used('faithfulness')) {
    const g = measureGrounding(answer, context, ctx.judges, 0.5);
    if (g !== undefined) out.faithfulness = g;
  }
  const judge = ctx.judges?.quality;
  if (used('accuracy') && judge !== undefined) {
    const raw = judge({
      request: question,
      response: answer,
      context,
      criterion: { kind: 'dimension', name: 'accuracy' },
    });
    out.accuracy = { score: round3(Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0), by: 'judge' };
  }
  return out;
}
