/**
 * citation-verifier (output phase). Deterministic, no LLM needed:
 * - citations are extracted per `extract_patterns` (default url, academic, quote): URLs, academic
 *   references ("(Smith et al., 2020)", "[12]", "doi:10.…"), and quoted passages of 4+ words;
 * - each citation gets a match confidence in 0..1 against `context.sources` / `context.documents`
 *   (citation-match.ts has the scale: 1.0 the same URL or the quote as written, 0.9 a page under a supplied
 *   source URL, 0.95 × (1 − word edits / words) for a quote with small differences, 0.8 a numbered
 *   reference within the supplied count, ...), carried as the finding's `score`. It is matched when the
 *   confidence is at least `min_confidence` (default 0.8);
 * - grounding = share of the answer's sentences whose content words are mostly (>= 50 %) found in the
 *   context documents (output-text.ts groundingScore, shared with quality-scorer); `ctx.judges.grounding`
 *   replaces it when supplied. Computed only when context documents are supplied (or a judge is).
 * Outcomes: grounding below `min_grounding_score` (or `min_groundedness`) -> `on_ungrounded` (or
 * `output_action.hallucination_action`; default block). Unmatched citations (confidence below
 * `min_confidence`) with `require_source_match` -> the same action; without it they are findings only. No citation at all with `require_sources` (default true) -> `unverified_action`
 * (default flag: recorded, delivered). `mode: strict` turns `require_source_match` on and asks 60 % of
 * a claim's words to be in the context.
 */
import type { Finding } from '../types.js';
import { CitationMatcher } from './citation-match.js';
import { action, bool, num, obj, optNum, str, strList } from './config.js';
import { answerLocator, answerSegments, contextTexts, measureGrounding } from './output-text.js';
import { citationStyle, CITATION_STYLES } from './output-names.js';
import { allow, type PolicyKind } from './types.js';

const URL_RE = /\bhttps?:\/\/[^\s<>"')\]]{3,2048}/giu;
const ACADEMIC_RE =
  /\((?:[A-Z][\p{L}'-]{1,40})(?: et al\.| and [A-Z][\p{L}'-]{1,40})?,? \d{4}[a-z]?\)|\[\d{1,3}(?:[,-]\s?\d{1,3}){0,5}\]|\bdoi:\s?10\.\d{4,9}\/\S{1,200}/gu;
const QUOTE_RE = /["“]([^"”\n]{12,600})["”]/gu;

export const citationVerifier: PolicyKind = {
  kind: 'citation-verifier',
  prepare(entry) {
    const c = entry.config;
    const output = obj(c.output_action);
    // Styles by the names output-names.ts reads (`URL`, `quotes`); an unknown one is a lint error.
    const listed = strList(c.extract_patterns);
    const kinds = new Set<string | undefined>(listed.length > 0 ? listed.map(citationStyle) : CITATION_STYLES);
    const minGrounding = optNum(c.min_grounding_score) ?? optNum(c.min_groundedness);
    const onUngrounded = action(c.on_ungrounded ?? output.hallucination_action, 'block');
    const strict = str(c.mode, '') === 'strict';
    const onUnverified = action(output.unverified_action, 'allow');
    const requireSources = bool(c.require_sources, true);
    // strict: every citation must match a supplied source, and a claim counts as grounded only when
    // most of its content words (>= 60 % instead of 50 %) appear in the context.
    const requireMatch = bool(c.require_source_match, strict);
    const claimShare = strict ? 0.6 : 0.5;
    const minConfidence = num(c.min_confidence, 0.8);
    return {
      response: ({ workspace, ctx }) => {
        const p = workspace.payload;
        const segments = answerSegments(p);
        const answer = segments.map((s) => s.text).join('\n');
        const locate = answerLocator(segments);
        const sources = contextTexts(p);
        const { texts } = sources;
        const matcher = new CitationMatcher(sources);
        const findings: Finding[] = [];
        let citations = 0;
        let unmatched = 0;
        const at = (m: RegExpMatchArray, type: string, confidence: number) => {
          citations++;
          const matched = confidence >= minConfidence;
          if (!matched) unmatched++;
          // The citation's own string (no pattern spans a line break, which joins two strings).
          const { path, offset } = locate(m.index ?? 0);
          findings.push({
            type,
            detector: matched ? 'citation.matched' : 'citation.unmatched',
            path,
            start: offset,
            end: offset + m[0].length,
            score: confidence,
            preview: m[0].length > 40 ? `${m[0].slice(0, 37)}...` : m[0],
          });
        };
        if (kinds.has('url')) for (const m of answer.matchAll(URL_RE)) at(m, 'citation_url', matcher.url(m[0]));
        if (kinds.has('academic'))
          for (const m of answer.matchAll(ACADEMIC_RE)) at(m, 'citation_academic', matcher.academic(m[0]));
        if (kinds.has('quote'))
          for (const m of answer.matchAll(QUOTE_RE))
            if (m[1]!.trim().split(/\s+/).length >= 4) at(m, 'citation_quote', matcher.quote(m[1]!));

        const score = measureGrounding(answer, texts, ctx.judges, claimShare)?.score;
        const withScore = score === undefined ? {} : { score };
        if (minGrounding !== undefined && score !== undefined && score < minGrounding) {
          findings.push({
            type: 'ungrounded',
            detector: 'citation.grounding',
            path: '/upstream_response',
            start: 0,
            end: 0,
            score,
          });
          return {
            verdict: onUngrounded === 'redact' ? 'block' : onUngrounded,
            reason_code: 'citation.ungrounded',
            findings,
            ...withScore,
            message: `grounding ${score} below ${minGrounding}`,
          };
        }
        if (requireMatch && unmatched > 0) {
          return {
            verdict: onUngrounded === 'redact' ? 'block' : onUngrounded,
            reason_code: 'citation.unmatched',
            findings,
            ...withScore,
            message: `${unmatched} citation(s) not found in the supplied sources`,
          };
        }
        // A grounding minimum with nothing to measure against (no context, no judge) was checked against
        // nothing: say so, as quality-scorer does (a finding the audit-logger records), rather than pass the
        // answer as if it had been found grounded - also when another verdict below is why it stops.
        const notMeasured = minGrounding !== undefined && score === undefined && answer.trim().length > 0;
        if (notMeasured)
          findings.push({ type: 'not_evaluated', detector: 'citation.grounding', path: '/context', start: 0, end: 0 });
        if (requireSources && citations === 0 && answer.trim().length > 0) {
          findings.push({
            type: 'no_citation',
            detector: 'citation.extract',
            path: '/upstream_response',
            start: 0,
            end: 0,
          });
          return {
            verdict: onUnverified === 'redact' ? 'block' : onUnverified,
            reason_code: 'citation.unverified',
            findings,
            ...withScore,
            message: `the answer cites no source${notMeasured ? `; grounding not measured (min_grounding_score ${minGrounding}): no context` : ''}`,
          };
        }
        if (notMeasured) {
          return {
            ...allow(
              `${citations} citation(s); grounding not measured (min_grounding_score ${minGrounding}): the request has no context.documents or context.sources`,
              findings,
            ),
            reason_code: 'citation.not_evaluated',
          };
        }
        return {
          ...allow(`${citations} citation(s)${score === undefined ? '' : `, grounding ${score}`}`, findings),
          ...withScore,
        };
      },
    };
  },
};
