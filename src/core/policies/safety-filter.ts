/**
 * safety-filter (input phase, with an output side) and the legacy `content_filter`: category scores
 * (violence, hate_speech, self_harm, sexual_content) against a threshold, `block_if` rules,
 * `blocked_topics`, `mode`. `threshold` is a number in 0..1 or low/medium/high (the classifier's
 * mapping, src/core/detectors/safety.ts); default medium. A finding takes `action` (default block).
 * The text parts of one message are also read across their joins (content-parts.ts): a finding that
 * crosses one is reported on the part it begins in, over its piece there.
 */
import type { ChainEntry, Finding, JsonValue } from '../types.js';
import { prepareSafetyClassifier } from '../detectors/safety.js';
import type { TextScope } from '../detectors/payload-text.js';
import { contentPartRuns, matchesAcrossParts } from '../detectors/content-parts.js';
import { memoizeScan } from '../detectors/scan-cache.js';
import { action, bool, num, strList } from './config.js';
import { decodedJson, distinctTypes, toFinding } from './text-scan.js';
import { viewMatches } from '../detectors/pii-fold.js';
import type { PolicyKind, PreparedPolicy, StepFn } from './types.js';

/** Units read either side of a join of text parts: the classifier weighs cue words in windows of this order. */
const SAFETY_REACH = 512;

const DEFAULT_CATEGORIES = ['violence', 'hate_speech', 'self_harm', 'sexual_content'];

const thresholdOf = (v: JsonValue | undefined): number | string =>
  typeof v === 'number' || typeof v === 'string' ? v : 'medium';

export function prepareSafety(entry: ChainEntry, sides: { request: boolean; response: boolean }): PreparedPolicy {
  const c = entry.config;
  // `categories: []` means all (the defaults), as the reference says of external-moderation's list, beside
  // topics too: an empty list is no way to switch the categories off (leave the key out for topics only).
  // An item without the key that lists topics or patterns scores no category; without those either it
  // takes the defaults (an item that checks nothing is never what a pack means). Only a topic with a word in
  // it, or a pattern that is not empty, can match anything: `blocked_topics: ['']` used to switch the
  // categories off and check nothing at all.
  const listed = strList(c.categories);
  const topicsOrPatterns =
    strList(c.blocked_topics).some((t) => /[\p{L}\p{N}]/u.test(t)) || strList(c.block_if).some((p) => p !== '');
  const classifier = prepareSafetyClassifier({
    categories: listed.length > 0 ? listed : c.categories === undefined && topicsOrPatterns ? [] : DEFAULT_CATEGORIES,
    threshold: thresholdOf(c.threshold),
    blockIf: strList(c.block_if),
    blockedTopics: strList(c.blocked_topics),
    ...(typeof c.mode === 'string' ? { mode: c.mode } : {}),
    ...(bool(c.fuzzy_matching, false) ? { fuzzyMaxDistance: num(c.max_distance, 1) } : {}),
  });
  const scan = memoizeScan((text: string) => classifier.scan(text));
  const onHit = action(c.action, 'block');
  // The operator's `message` as written; else one that says what was found, as dlp-filter's and pii-detector's
  // do (the categories and finding types, never the text or the topic's words).
  const custom = typeof c.message === 'string' ? c.message : undefined;
  const step =
    (scope: TextScope): StepFn =>
    ({ workspace }) => {
      const findings: Finding[] = [];
      let score = 0;
      const segments = workspace.texts(scope);
      for (const seg of segments) {
        // Tool-call arguments and JSON tool results with escapes are read decoded (see decodedJson).
        const view = decodedJson(seg);
        const r = scan(view === null ? seg.text : view.text);
        // A for-in over the scores object: no array of values per segment.
        for (const cat in r.scores) score = Math.max(score, r.scores[cat]!);
        const found = view === null ? r.findings : viewMatches(view, seg.text.length, r.findings);
        for (const m of found) findings.push(toFinding(seg, m));
      }
      // A word or phrase split over the text parts of one message ("how to build a b" / "omb"): the model
      // reads the parts as one text, with or without a space between them.
      for (const run of contentPartRuns(segments)) {
        const reported = new Set<string>();
        for (const separator of ['', ' ']) {
          for (const { match, pieces } of matchesAcrossParts(run, (t) => scan(t).findings, SAFETY_REACH, separator)) {
            const head = pieces[0]!;
            const key = `${head.segment.path} ${head.start} ${match.type}`;
            if (reported.has(key)) continue;
            reported.add(key);
            findings.push(toFinding(head.segment, { ...match, start: head.start, end: head.end }));
            // The step's score is the highest category score, as for a finding inside one part: a topic or
            // block_if finding (score 1) split over parts used to make it 1.
            if (match.type !== 'blocked_topic' && match.type !== 'block_if') score = Math.max(score, match.score);
          }
        }
      }
      score = Math.round(score * 1000) / 1000;
      // allow() plus the score, written out: spreading allow()'s result cost more than the rest of the
      // step outside the scan on a 1 KB prompt (same keys in the same order).
      if (findings.length === 0) return { verdict: 'allow', reason_code: null, findings, score };
      const topicsOnly = findings.every((f) => f.type === 'blocked_topic' || f.type === 'block_if');
      const verdict = onHit === 'redact' ? 'block' : onHit;
      return {
        verdict,
        reason_code: topicsOnly ? 'safety.blocked_topic' : 'safety.violation',
        findings,
        score,
        message: custom ?? `content violates the safety policy: ${distinctTypes(findings)}`,
      };
    };
  return {
    ...(sides.request ? { request: step('request-untrusted') } : {}),
    ...(sides.response ? { response: step('response') } : {}),
  };
}

export const safetyFilter: PolicyKind = {
  kind: 'safety-filter',
  prepare: (entry) => prepareSafety(entry, { request: true, response: true }),
};

/** Legacy `content_filter` item: the same classifier; the item itself is the config. */
export const contentFilter: PolicyKind = {
  kind: 'content_filter',
  prepare: (entry) => prepareSafety(entry, { request: true, response: true }),
};
