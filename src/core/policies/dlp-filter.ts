/**
 * dlp-filter (input phase, with an output side). Evaluates only what is configured (the docs: no
 * built-in catalogue unless asked):
 * - `patterns: [{name, regex, action}]` (the canonical spelling; `detect_patterns` is normalised into it):
 *   linear-time regexes; each pattern's `action` (default: the block's `action`, default redact).
 * - `blocked_terms`: case-insensitive word matches; with `fuzzy_matching: true`, up to `max_distance`
 *   edits (default 1). They take the block's action.
 * - `detect_secrets: true`: the built-in credential catalogue (cloud keys, VCS tokens, LLM provider keys,
 *   JWTs, PEM private keys, connection strings...), action `secrets_action` (default block).
 * Redactions use `redaction.marker_format` (default label: `[API_KEYS_REDACTED]` for a pattern named
 * api_keys). The step verdict is the strongest action among its findings.
 */
import type { Finding, Verdict } from '../types.js';
import { prepareSecretScanner } from '../detectors/secrets.js';
import { prepareTermMatcher } from '../detectors/fuzzy-terms.js';
import { normalizeMarkerFormat, type MarkerOptions } from '../detectors/redaction.js';
import type { TextScope } from '../detectors/payload-text.js';
import { action, bool, num, obj, str, strList } from './config.js';
import { compileCustomRegex } from './pii-detector.js';
import { distinctTypes, maskSegment, strongest, toFinding, type SegmentMatch } from './text-scan.js';
import { allow, type PolicyKind, type StepFn } from './types.js';

export const dlpFilter: PolicyKind = {
  kind: 'dlp-filter',
  prepare(entry) {
    const c = entry.config;
    const defaultAction = action(c.action, 'redact');
    const patterns = (Array.isArray(c.patterns) ? c.patterns : []).map((p, i) => {
      const po = obj(p);
      const name = str(po.name, `patterns[${i}]`);
      const source = str(po.regex, str(po.pattern, ''));
      if (source === '') throw new Error(`patterns[${i}] has no regex`);
      return {
        name,
        regex: compileCustomRegex(source, `patterns[${i}] (${name})`),
        action: action(po.action, defaultAction),
      };
    });
    const fuzzy = bool(c.fuzzy_matching, false);
    const terms = prepareTermMatcher(strList(c.blocked_terms), fuzzy ? num(c.max_distance, 1) : 0);
    const secrets = bool(c.detect_secrets, false) ? prepareSecretScanner() : null;
    const secretsAction = action(c.secrets_action, 'block');
    const redaction = obj(c.redaction);
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(redaction.custom_markers))) if (typeof v === 'string') custom[k] = v;
    const markers: MarkerOptions = { format: normalizeMarkerFormat(redaction.marker_format), custom };

    const step =
      (scope: TextScope): StepFn =>
      ({ workspace, ctx }) => {
        const findings: Finding[] = [];
        const verdicts: Verdict[] = [];
        const reasons = new Set<string>();
        for (const seg of workspace.texts(scope)) {
          const matches: SegmentMatch[] = [];
          for (const p of patterns) {
            for (const s of p.regex.findAll(seg.text))
              matches.push({
                type: p.name,
                start: s.start,
                end: s.end,
                score: 1,
                detector: `dlp.pattern:${p.name}`,
                action: p.action,
              });
          }
          for (const t of terms.scan(seg.text)) {
            matches.push({
              type: 'blocked_term',
              start: t.start,
              end: t.end,
              score: 1 - t.distance / 10,
              detector: t.distance === 0 ? 'dlp.term' : 'dlp.term.fuzzy',
              action: defaultAction,
            });
          }
          if (secrets !== null) for (const m of secrets.scan(seg.text)) matches.push({ ...m, action: secretsAction });
          if (matches.length === 0) continue;
          for (const m of matches) {
            findings.push(toFinding(seg, m));
            verdicts.push(m.action ?? defaultAction);
            reasons.add(
              m.detector === 'dlp.term' || m.detector === 'dlp.term.fuzzy'
                ? 'dlp.blocked_term'
                : m.detector.startsWith('dlp.pattern')
                  ? 'dlp.pattern_matched'
                  : 'dlp.secret_detected',
            );
          }
          // What blocks is masked too (see maskSegment); what only escalates is left as it is.
          const redactable = matches.filter((m) => {
            const a = m.action ?? defaultAction;
            return a === 'redact' || a === 'block';
          });
          maskSegment(workspace, seg, redactable, markers, ctx.hashKey);
        }
        if (findings.length === 0) return allow();
        const verdict = strongest(verdicts);
        // The reason names what drove the verdict: a secret or pattern that blocks outranks a redaction.
        const driving = findings.find((f) => (f.action ?? defaultAction) === verdict);
        const reason =
          driving === undefined
            ? [...reasons][0]!
            : driving.type === 'blocked_term'
              ? 'dlp.blocked_term'
              : driving.detector.startsWith('dlp.pattern')
                ? 'dlp.pattern_matched'
                : 'dlp.secret_detected';
        return {
          verdict,
          reason_code: reason,
          findings,
          message: distinctTypes(findings),
        };
      };
    return { request: step('request'), response: step('response') };
  },
};
