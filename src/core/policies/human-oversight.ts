/**
 * human-oversight (output phase). `require_human_for` names decision areas (financial_advice,
 * medical_decisions, legal_opinions, hiring_actions / hiring / candidate-screening, safety_critical);
 * a small keyword lexicon per area is matched on the question and the answer (names resolved by
 * output-names.ts: case and separators do not count, an unknown name is a lint error). A hit, or a model
 * confidence (`upstream_response.confidence`) below `confidence_threshold`, takes `action`
 * (escalate by default: the answer is held for a reviewer; block rejects it). With `block_pending: true`
 * an escalation blocks while it is pending, as a legacy `escalation.block_pending` item does: the step
 * keeps verdict escalate with reason `escalation.block_pending`, which the engine reads as a block.
 */
import type { Finding } from '../types.js';
import type { TextSegment } from '../detectors/payload-text.js';
import { action, bool, optNum, strList } from './config.js';
import { oversightArea } from './output-names.js';
import { allow, type PolicyKind } from './types.js';
import { questionSegments } from './output-text.js';
import { isRecord } from '../pack/json.js';

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
AREAS.candidate_screening = AREAS.hiring_actions!;

/** A model confidence: a number, or a string holding one (`"0.42"`, as some wrappers send it). */
function readConfidence(v: unknown): number | undefined {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(x) ? x : undefined;
}

/** The first match of `re` in `segments`: where (JSON pointer, offset) and what. */
function firstMatch(
  re: RegExp,
  segments: readonly TextSegment[],
): { path: string; start: number; text: string } | undefined {
  for (const seg of segments) {
    const m = re.exec(seg.text);
    if (m !== null) return { path: seg.path, start: m.index, text: m[0] };
  }
  return undefined;
}

export const humanOversight: PolicyKind = {
  kind: 'human-oversight',
  prepare(entry) {
    const c = entry.config;
    // Each known area once, its findings typed by the name as the pack writes it (the pack's own type).
    const areas = new Map<string, string>();
    for (const name of strList(c.require_human_for)) {
      const area = oversightArea(name);
      if (area !== undefined && !areas.has(area)) areas.set(area, name);
    }
    const onHit = action(c.action, 'escalate');
    const minConfidence = optNum(c.confidence_threshold);
    const blockPending = bool(c.block_pending, false);
    return {
      response: ({ workspace }) => {
        const p = workspace.payload;
        const findings: Finding[] = [];
        // Each finding points at the text it was found in (the answer's content, the question: see questionSegments),
        // with offsets into that string, as the other detectors' findings do.
        const answer = workspace.texts('response').filter((s) => s.toolInput !== true);
        const question = questionSegments(workspace.texts('request-untrusted'));
        for (const [area, written] of areas) {
          const re = AREAS[area]!;
          const hit = firstMatch(re, answer) ?? firstMatch(re, question);
          if (hit !== undefined)
            findings.push({
              type: written,
              detector: 'human-oversight',
              path: hit.path,
              start: hit.start,
              end: hit.start + hit.text.length,
              preview: hit.text,
            });
        }
        const r = p.upstream_response;
        const confidence = isRecord(r) ? readConfidence(r.confidence) : undefined;
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
        const pending = verdict === 'escalate' && blockPending;
        return {
          verdict,
          reason_code: pending ? 'escalation.block_pending' : 'human_oversight.required',
          findings,
          message: `needs human review: ${[...new Set(findings.map((f) => f.type))].join(', ')}${pending ? ' (blocked while pending: block_pending)' : ''}`,
        };
      },
    };
  },
};
