/**
 * human-oversight (output phase). `require_human_for` names decision areas (financial_advice,
 * medical_decisions, legal_opinions, hiring_actions / hiring / candidate-screening, safety_critical);
 * a small keyword lexicon per area is matched on the question and the answer. A hit, or a model
 * confidence (`upstream_response.confidence`) below `confidence_threshold`, takes `action`
 * (escalate by default: the answer is held for a reviewer; block rejects it).
 */
import type { Finding } from '../types.js';
import { action, optNum, strList } from './config.js';
import { questionText, responseText } from './output-text.js';
import { allow, type PolicyKind } from './types.js';

const AREAS: Record<string, RegExp> = {
  financial_advice:
    /\b(invest(?:ing|ment)?s?|stocks?|shares|portfolio|retirement (?:fund|account)|401\(?k\)?|crypto(?:currency)?|financial advice|buy or sell|mortgage|loan)\b/iu,
  medical_decisions:
    /\b(diagnos(?:is|e|ed)|dosage|dose|prescri(?:be|ption)|medication|treatment plan|surgery|symptoms?|mg\b)/iu,
  legal_opinions:
    /\b(legal advice|lawsuit|sue|liability|liable|contract dispute|court|attorney|legally (?:binding|required))\b/iu,
  hiring_actions:
    /\b(hire|hiring|candidates?|applicants?|resume|cv|interview(?:ed)?|reject(?:ed)? (?:the )?(?:candidate|applicant)|job offer)\b/iu,
  safety_critical:
    /\b(shut ?down|override (?:the )?safety|reactor|emergency stop|disable (?:the )?alarm|pressure valve|lockout)\b/iu,
};
AREAS.hiring = AREAS.hiring_actions!;
AREAS['candidate-screening'] = AREAS.hiring_actions!;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const humanOversight: PolicyKind = {
  kind: 'human-oversight',
  prepare(entry) {
    const c = entry.config;
    const areas = strList(c.require_human_for).filter((a) => Object.hasOwn(AREAS, a));
    const onHit = action(c.action, 'escalate');
    const minConfidence = optNum(c.confidence_threshold);
    return {
      response: ({ workspace }) => {
        const p = workspace.payload;
        const findings: Finding[] = [];
        const answer = responseText(p);
        const question = questionText(p);
        for (const area of areas) {
          const re = AREAS[area]!;
          const m = re.exec(answer);
          if (m !== null)
            findings.push({
              type: area,
              detector: 'human-oversight',
              path: '/upstream_response',
              start: m.index,
              end: m.index + m[0].length,
              preview: m[0],
            });
          else if (re.test(question))
            findings.push({ type: area, detector: 'human-oversight', path: '/messages', start: 0, end: 0 });
        }
        const r = p.upstream_response;
        const confidence = isObject(r) && typeof r.confidence === 'number' ? r.confidence : undefined;
        if (minConfidence !== undefined && confidence !== undefined && confidence < minConfidence) {
          findings.push({
            type: 'low_confidence',
            detector: 'human-oversight',
            path: '/upstream_response/confidence',
            start: 0,
            end: 0,
            score: confidence,
          });
        }
        if (findings.length === 0) return allow();
        const verdict = onHit === 'redact' || onHit === 'allow' ? 'escalate' : onHit;
        return {
          verdict,
          reason_code: 'human_oversight.required',
          findings,
          message: `needs human review: ${[...new Set(findings.map((f) => f.type))].join(', ')}`,
        };
      },
    };
  },
};
