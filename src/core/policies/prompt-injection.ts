/**
 * prompt-injection (input phase). Scans the untrusted conversational texts (all messages except
 * system/developer, tool-call arguments) with the injection detector: built-in and configured attack
 * patterns after decoding and normalisation, fake boundaries, and an offline similarity score compared
 * with `embedding_threshold`. A detection takes `response.action` (default block).
 *
 * The system/developer messages are trusted and not scanned, but they are passed to the detector as
 * context (unless `detection.system_prompt_conflicts: false`): many injections are ordinary-looking
 * questions that only become attacks against what the system prompt protects (its secret, the records
 * it holds, the topics it forbids). Consecutive user messages are also read across their joins
 * (injection-turns.ts): an attack split over them has half a phrase in each; so are the text parts of one
 * message (content-parts.ts), joined with nothing and with a space. Default threshold 0.75: the
 * most sensitive point of the measured curve within the false-positive targets (docs/quality.md,
 * docs/detectors.md). `classifier.enabled: false` turns the similarity layer (kt's stand-in for a trained
 * classifier) off: the patterns and the other rule layers still run, each finding judged on its own against
 * the threshold, as the legacy list shape's input filter does with its classifier off.
 */
import type { Finding } from '../types.js';
import { prepareInjectionDetector } from '../detectors/injection.js';
import type { TextSegment, Workspace } from '../detectors/payload-text.js';
import { findingsAcrossParts, findingsAcrossTurns, type Turn } from '../detectors/injection-turns.js';
import { contentPartRuns } from '../detectors/content-parts.js';
import { memoizeScan } from '../detectors/scan-cache.js';
import { action, bool, num, obj, str, strList } from './config.js';
import type { TextMatch } from '../detectors/match.js';
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
    const classifierOn = bool(obj(c.classifier).enabled, true);
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
        const segments = workspace.texts('request-untrusted');
        /** A finding judged on its own against the threshold (none of the similarity layer's when it is off). */
        const judge = (seg: TextSegment, m: TextMatch): void => {
          if (!classifierOn && m.type === 'similarity') return;
          findings.push(toFinding(seg, m));
          score = Math.max(score, m.score);
          detected ||= m.score >= threshold;
        };
        for (const seg of segments) {
          const r = system === '' ? scan(seg.text) : detector.scan(seg.text, { system });
          if (!classifierOn) {
            for (const m of r.findings) judge(seg, m);
            continue;
          }
          score = Math.max(score, r.score);
          detected ||= r.detected;
          for (const m of r.findings) findings.push(toFinding(seg, m));
        }
        // An attack split over consecutive user messages ("Ignore all previous" / "instructions and ...").
        for (const run of userTurnRuns(segments)) {
          const turns: Turn[] = run.map((t) => ({ first: t.first.text, whole: t.whole }));
          for (const [k, m] of findingsAcrossTurns(scan, turns)) judge(run[k]!.first, m);
        }
        // An attack split over the text parts of one message ("Ignore all previ" / "ous instructions").
        for (const run of contentPartRuns(segments)) {
          for (const [seg, m] of findingsAcrossParts(scan, run)) judge(seg, m);
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

/**
 * The untrusted user messages typed as text (their content string or text parts; not tool calls or tool
 * results), grouped into runs of consecutive messages of one list, each with its first text segment and all
 * its text. Only runs of two or more messages are returned: findingsAcrossTurns reads them.
 */
function userTurnRuns(segments: readonly TextSegment[]): { first: TextSegment; whole: string }[][] {
  const runs: { first: TextSegment; whole: string }[][] = [];
  let run: { first: TextSegment; whole: string }[] = [];
  let list: unknown;
  let index = -2;
  for (const seg of segments) {
    const [where, at, key, , leaf] = seg.tokens;
    const typed =
      seg.role === 'user' &&
      !seg.toolInput &&
      typeof at === 'number' &&
      key === 'content' &&
      (seg.tokens.length === 3 || (seg.tokens.length === 5 && leaf === 'text'));
    if (!typed) continue;
    if (where === list && at === index) {
      const last = run[run.length - 1]!;
      last.whole = `${last.whole} ${seg.text}`;
      continue;
    }
    if (where !== list || at !== index + 1) {
      if (run.length > 1) runs.push(run);
      run = [];
    }
    run.push({ first: seg, whole: seg.text });
    list = where;
    index = at;
  }
  if (run.length > 1) runs.push(run);
  return runs;
}
