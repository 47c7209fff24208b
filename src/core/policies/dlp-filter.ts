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
import { normalizeMarkerFormat, partsWorthReading, type MarkerOptions } from '../detectors/redaction.js';
import type { TextScope } from '../detectors/payload-text.js';
import { action, bool, num, obj, str, strList } from './config.js';
import { compileCustomRegex } from './pii-detector.js';
import { distinctTypes, maskSegment, toFinding } from './text-scan.js';
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
    const termList = strList(c.blocked_terms);
    const terms = prepareTermMatcher(termList, fuzzy ? num(c.max_distance, 1) : 0);
    const secrets = bool(c.detect_secrets, false) ? prepareSecretScanner() : null;
    // Terms and secrets read every character of a text: a text an earlier step rewrote is then read
    // flat (one copy), and its parts (see TextParts) are of no use.
    const readsWhole = termList.length > 0 || secrets !== null;
    const secretsAction = action(c.secrets_action, 'block');
    const redaction = obj(c.redaction);
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(redaction.custom_markers))) if (typeof v === 'string') custom[k] = v;
    const markers: MarkerOptions = { format: normalizeMarkerFormat(redaction.marker_format), custom };

    const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };
    // Per pattern, what every one of its findings carries (built once, not per match).
    const patternSources = patterns.map((p) => ({ ...p, detector: `dlp.pattern:${p.name}` }));

    const step =
      (scope: TextScope): StepFn =>
      ({ workspace, ctx }) => {
        const findings: Finding[] = [];
        let verdict: Verdict = 'allow';
        const reasons = new Set<string>();
        for (const seg of workspace.texts(scope)) {
          const first = findings.length;
          // A text that pii-detector (or another redaction) rewrote, read through its parts: the patterns
          // read only around their candidates, and the rewritten megabyte is never copied.
          const written = readsWhole ? undefined : workspace.partsOf(seg);
          const parts = written !== undefined && partsWorthReading(written) ? written : undefined;
          // Findings are built straight from the spans (a hostile megabyte can hold 50k matches), in the
          // order patterns, terms, secrets; the reason of each source is noted once.
          for (const p of patternSources) {
            const before = findings.length;
            const spans = parts === undefined ? p.regex.findAll(seg.text) : p.regex.findAllIn(parts);
            for (const s of spans)
              findings.push(
                toFinding(
                  seg,
                  { type: p.name, start: s.start, end: s.end, score: 1, detector: p.detector, action: p.action },
                  p.action,
                  parts,
                ),
              );
            if (findings.length > before) {
              reasons.add('dlp.pattern_matched');
              if (RANK[p.action] > RANK[verdict]) verdict = p.action;
            }
          }
          for (const t of terms.scan(seg.text)) {
            findings.push(
              toFinding(seg, {
                type: 'blocked_term',
                start: t.start,
                end: t.end,
                score: 1 - t.distance / 10,
                detector: t.distance === 0 ? 'dlp.term' : 'dlp.term.fuzzy',
                action: defaultAction,
              }),
            );
            reasons.add('dlp.blocked_term');
            if (RANK[defaultAction] > RANK[verdict]) verdict = defaultAction;
          }
          if (secrets !== null) {
            for (const m of secrets.scan(seg.text)) {
              findings.push(toFinding(seg, m, secretsAction));
              reasons.add('dlp.secret_detected');
              if (RANK[secretsAction] > RANK[verdict]) verdict = secretsAction;
            }
          }
          if (findings.length === first) continue;
          // What blocks is masked too (see maskSegment); what only escalates is left as it is. A finding
          // is a Replacement as it is (start, end, type; no fixed marker).
          const redactable: Finding[] = [];
          for (let i = first; i < findings.length; i++) {
            const a = findings[i]!.action;
            if (a === 'redact' || a === 'block') redactable.push(findings[i]!);
          }
          maskSegment(workspace, seg, redactable, markers, ctx.hashKey, parts);
        }
        if (findings.length === 0) return allow();
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
