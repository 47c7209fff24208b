/**
 * citation-verifier (output phase). Deterministic, no LLM needed:
 * - citations are extracted per `extract_patterns` (default url, academic, quote): URLs, academic
 *   references ("(Smith et al., 2020)", "[12]", "doi:10.…"), and quoted passages of 4+ words;
 * - a citation is matched when its URL is among `context.sources[].url` / appears in a document, or a
 *   quote appears (case- and space-insensitively) in a context document;
 * - grounding = share of the answer's sentences whose content words are mostly (>= 50 %) found in the
 *   context documents; `ctx.judges.grounding` replaces it when supplied. Computed only when context
 *   documents are supplied (or a judge is).
 * Outcomes: grounding below `min_grounding_score` (or `min_groundedness`) -> `on_ungrounded` (or
 * `output_action.hallucination_action`; default block). Unmatched quotes with `require_source_match`
 * -> the same action. No citation at all with `require_sources` (default true) -> `unverified_action`
 * (default flag: recorded, delivered). `mode: strict` turns `require_source_match` on and asks 60 % of
 * a claim's words to be in the context.
 */
import type { Finding } from '../types.js';
import { action, bool, num, obj, optNum, str, strList } from './config.js';
import { contentWords, contextTexts, responseText, sentences } from './output-text.js';
import { allow, type PolicyKind } from './types.js';

const URL_RE = /\bhttps?:\/\/[^\s<>"')\]]{3,2048}/giu;
const ACADEMIC_RE =
  /\((?:[A-Z][\p{L}'-]{1,40})(?: et al\.| and [A-Z][\p{L}'-]{1,40})?,? \d{4}[a-z]?\)|\[\d{1,3}(?:[,-]\s?\d{1,3}){0,5}\]|\bdoi:\s?10\.\d{4,9}\/\S{1,200}/gu;
const QUOTE_RE = /["“]([^"”\n]{12,600})["”]/gu;

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export const citationVerifier: PolicyKind = {
  kind: 'citation-verifier',
  prepare(entry) {
    const c = entry.config;
    const output = obj(c.output_action);
    const kinds = new Set(
      strList(c.extract_patterns).length > 0 ? strList(c.extract_patterns) : ['url', 'academic', 'quote'],
    );
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
    void minConfidence;
    return {
      response: ({ workspace, ctx }) => {
        const p = workspace.payload;
        const answer = responseText(p);
        const { texts, urls } = contextTexts(p);
        const corpus = squash(texts.join('\n'));
        const findings: Finding[] = [];
        let citations = 0;
        let unmatched = 0;
        const at = (m: RegExpMatchArray, type: string, matched: boolean) => {
          citations++;
          if (!matched) unmatched++;
          findings.push({
            type,
            detector: matched ? 'citation.matched' : 'citation.unmatched',
            path: '/upstream_response',
            start: m.index ?? 0,
            end: (m.index ?? 0) + m[0].length,
            preview: m[0].length > 40 ? `${m[0].slice(0, 37)}...` : m[0],
          });
        };
        if (kinds.has('url'))
          for (const m of answer.matchAll(URL_RE))
            at(
              m,
              'citation_url',
              urls.some((u) => m[0].startsWith(u) || u.startsWith(m[0])) || corpus.includes(m[0].toLowerCase()),
            );
        if (kinds.has('academic'))
          for (const m of answer.matchAll(ACADEMIC_RE)) at(m, 'citation_academic', texts.length > 0);
        if (kinds.has('quote'))
          for (const m of answer.matchAll(QUOTE_RE))
            if (m[1]!.trim().split(/\s+/).length >= 4) at(m, 'citation_quote', corpus.includes(squash(m[1]!)));

        let grounding: number | undefined = ctx.judges?.grounding?.({ response: answer, context: texts });
        if (grounding === undefined && texts.length > 0) {
          const vocab = new Set(contentWords(texts.join('\n')));
          const claims = sentences(answer)
            .map(contentWords)
            .filter((w) => w.length >= 3);
          const grounded = claims.filter((w) => w.filter((x) => vocab.has(x)).length / w.length >= claimShare).length;
          grounding = claims.length === 0 ? 1 : grounded / claims.length;
        }
        const score = grounding === undefined ? undefined : Math.round(grounding * 1000) / 1000;
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
            message: 'the answer cites no source',
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
