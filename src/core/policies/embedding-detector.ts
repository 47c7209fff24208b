/**
 * embedding-detector (input phase, with an output side). `categories: [{label, reference_text}]` are
 * compared with the texts using the offline similarity index (hashed word/pair vectors; `backend:
 * external` endpoints are not called in the core). Cosine at or above `similarity_threshold` (default
 * 0.70) is a hit for that label; `action` redact (default: the matching window is masked) or block.
 */
import type { Finding } from '../types.js';
import { prepareSimilarityIndex } from '../detectors/similarity.js';
import type { TextScope } from '../detectors/payload-text.js';
import { action, num, obj, str } from './config.js';
import { decodedJson, redactSegment } from './text-scan.js';
import { viewMatches } from '../detectors/pii-fold.js';
import { maskedPreview } from '../detectors/redaction.js';
import { allow, type PolicyKind, type StepFn } from './types.js';

export const embeddingDetector: PolicyKind = {
  kind: 'embedding-detector',
  prepare(entry) {
    const c = entry.config;
    const cats = (Array.isArray(c.categories) ? c.categories : [])
      .map((x, i) => ({ id: str(obj(x).label, `category_${i}`), text: str(obj(x).reference_text, '') }))
      .filter((x) => x.text.length > 0);
    const index = cats.length === 0 ? null : prepareSimilarityIndex(cats);
    const threshold = num(c.similarity_threshold, 0.7);
    const verdict = action(c.action, 'redact') === 'block' ? 'block' : 'redact';
    const step =
      (scope: TextScope): StepFn =>
      ({ workspace }) => {
        if (index === null) return allow('no categories configured');
        const findings: Finding[] = [];
        let best = 0;
        for (const seg of workspace.texts(scope)) {
          // Tool-call arguments and JSON tool results with escapes are compared decoded (see decodedJson):
          // `merg\u0065r` is the word `merger`.
          const view = decodedJson(seg);
          const hit = index.best(view === null ? seg.text : view.text);
          if (hit === undefined) continue;
          best = Math.max(best, hit.score);
          if (hit.score < threshold) continue;
          const { start, end } = view === null ? hit : viewMatches(view, seg.text.length, [hit])[0]!;
          findings.push({
            type: hit.intent,
            detector: 'embedding.local',
            path: seg.path,
            start,
            end,
            score: Math.round(hit.score * 1000) / 1000,
            preview: maskedPreview(seg.text.slice(start, end)),
          });
          if (verdict === 'redact')
            redactSegment(
              workspace,
              seg,
              [{ type: hit.intent, start, end, score: hit.score, detector: 'embedding.local' }],
              { format: 'label' },
            );
        }
        const score = Math.round(best * 1000) / 1000;
        if (findings.length === 0) return { verdict: 'allow', reason_code: null, findings, score };
        return {
          verdict,
          reason_code: 'embedding.similar_content',
          findings,
          score,
          message: `similar to ${[...new Set(findings.map((f) => f.type))].join(', ')}`,
        };
      };
    return { request: step('request-untrusted'), response: step('response') };
  },
};
