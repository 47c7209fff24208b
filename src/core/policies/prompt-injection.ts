/**
 * prompt-injection (input phase). Scans the untrusted conversational texts (all messages except
 * system/developer, tool-call arguments) with the injection detector: built-in and configured attack
 * patterns after decoding and normalisation, fake boundaries, and an offline similarity score compared
 * with `embedding_threshold`. A detection takes `response.action` (default block).
 *
 * The system/developer messages are trusted and not scanned, but they are passed to the detector as
 * context (unless `detection.system_prompt_conflicts: false`): many injections are ordinary-looking
 * questions that only become attacks against what the system prompt protects (its secret, the records
 * it holds, the topics it forbids). Default threshold 0.75: the most sensitive point of the measured
 * curve within the false-positive targets (docs/quality.md, docs/detectors.md).
 */
import type { Finding } from '../types.js';
import { prepareInjectionDetector } from '../detectors/injection.js';
import type { Workspace } from '../detectors/payload-text.js';
import { memoizeScan } from '../detectors/scan-cache.js';
import { action, bool, num, obj, str, strList } from './config.js';
import { toFinding } from './text-scan.js';
import type { PolicyKind } from './types.js';

export const promptInjection: PolicyKind = {
  kind: 'prompt-injection',
  prepare(entry) {
    const c = entry.config;
    const encoding = obj(c.encoding);
    const boundaries = obj(c.boundaries);
    const detection = obj(c.detection);
    const threshold = num(c.embedding_threshold, num(detection.embedding_threshold, 0.75));
    const systemAware = bool(detection.system_prompt_conflicts, true);
    const detector = prepareInjectionDetector({
      decodeBase64: bool(encoding.decode_base64, true),
      normalizeUnicode: bool(encoding.normalize_unicode, true),
      detectHomoglyphs: bool(encoding.detect_homoglyphs, true),
      enforceDelimiters: bool(boundaries.enforce_delimiters, bool(boundaries.reject_fake_boundaries, true)),
      patterns: strList(detection.attack_patterns),
      embeddingThreshold: threshold,
    });
    // Earlier turns of a conversation come back with every request: reuse their results (context-free
    // scans only; a scan against a system prompt depends on that prompt too).
    const scan = memoizeScan((text: string) => detector.scan(text));
    const response = obj(c.response);
    const onDetect = action(response.action, 'block');
    const message = str(response.message, 'potential prompt injection detected');
    return {
      request: ({ workspace }) => {
        const findings: Finding[] = [];
        let score = 0;
        let detected = false;
        const system = systemAware ? systemText(workspace) : '';
        for (const seg of workspace.texts('request-untrusted')) {
          const r = system === '' ? scan(seg.text) : detector.scan(seg.text, { system });
          score = Math.max(score, r.score);
          detected ||= r.detected;
          for (const m of r.findings) findings.push(toFinding(seg, m));
        }
        score = Math.round(score * 1000) / 1000;
        // allow()'s keys plus the score, as one literal (a spread of allow() costs more per call).
        if (!detected) return { verdict: 'allow', reason_code: null, findings, score };
        return { verdict: onDetect, reason_code: 'prompt_injection.detected', findings, score, message };
      },
    };
  },
};

/** The trusted instructions of the request: its system and developer messages, joined. */
function systemText(workspace: Workspace): string {
  const parts: string[] = [];
  for (const seg of workspace.texts('request')) {
    if (seg.role === 'system' || seg.role === 'developer') parts.push(seg.text);
  }
  return parts.join('\n');
}
