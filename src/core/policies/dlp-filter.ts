/**
 * dlp-filter (input phase, with an output side). Evaluates only what is configured (the docs: no
 * built-in catalogue unless asked):
 * - `patterns: [{name, regex, action}]` (the canonical spelling; `detect_patterns` is normalised into it):
 *   linear-time regexes; each pattern's `action` (default: the block's `action`, default redact).
 * - `blocked_terms`: case-insensitive word matches; with `fuzzy_matching: true`, up to `max_distance`
 *   edits (default 1). They take the block's action. The first MAX_FINDINGS_PER_TERM matches of each term
 *   in a step are reported; every match is redacted, and the message counts those not listed.
 * - `detect_secrets: true`: the built-in credential catalogue (cloud keys, VCS tokens, LLM provider keys,
 *   JWTs, PEM private keys, connection strings...), action `secrets_action` (default block). Its
 *   `infrastructure` identifiers (account-owned ARNs, account ids, bucket hosts) are no credentials: they
 *   take `secrets_action` at most `redact`, as the seed pack's `aws_arns` pattern does (a question naming a
 *   role ARN was blocked whole).
 * - `sensitivity_level: high | restricted` (default standard: off): classification markings
 *   (`CONFIDENTIAL`, `TOP SECRET//NOFORN`, `Classification: Restricted`). A marking is never redacted:
 *   removing the label would forward the content it labels. At `high` it escalates (or blocks, when the
 *   block's `action` is block); at `restricted` it blocks.
 * Redactions use `redaction.marker_format` (default label: `[API_KEYS_REDACTED]` for a pattern named
 * api_keys). The step verdict is the strongest action among its findings.
 */
import type { Finding, Verdict } from '../types.js';
import { prepareSecretScanner, SECRET_RULES } from '../detectors/secrets.js';
import { prepareTermMatcher } from '../detectors/fuzzy-terms.js';
import { findClassificationMarkers } from '../detectors/classification-markers.js';
import { partsWorthReading, type MarkerOptions, type Replacement, type TextParts } from '../detectors/redaction.js';
import type { TextScope } from '../detectors/payload-text.js';
import { action, bool, markerFormat, num, obj, str, strList } from './config.js';
import { compileCustomRegex } from './pii-detector.js';
import { prepareRegexGroup } from '../detectors/linear-regex.js';
import {
  acrossParts,
  decodedJson,
  distinctTypes,
  maskSegment,
  readAlone,
  toFinding,
  type SegmentMatch,
} from './text-scan.js';
import { originEndOf, originOf } from '../detectors/pii-fold.js';
import { decodeWebEscapes } from '../detectors/web-escapes.js';
import { allow, type PolicyKind, type StepFn } from './types.js';

/**
 * Findings reported per blocked term in one step (as safety's per rule): a hostile megabyte of near misses
 * holds 750,000 matches of 200 terms. The matches past it are still redacted and still decide the verdict.
 */
export const MAX_FINDINGS_PER_TERM = 32;

/** The types of the secret catalogue's `infrastructure` rules: identifiers, not credentials. */
const INFRASTRUCTURE_TYPES: ReadonlySet<string> = new Set(
  SECRET_RULES.filter((r) => r.family === 'infrastructure').map((r) => r.id),
);

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
    const terms = prepareTermMatcher(termList, fuzzy ? num(c.max_distance, 1) : 0, true);
    const secrets = bool(c.detect_secrets, false) ? prepareSecretScanner() : null;
    const level = str(c.sensitivity_level, 'standard');
    const markerAction: Verdict | null =
      level === 'restricted' ? 'block' : level === 'high' ? (defaultAction === 'block' ? 'block' : 'escalate') : null;
    // Terms and secrets read every character of a text: a text an earlier step rewrote is then read
    // flat (one copy), and its parts (see TextParts) are of no use.
    const readsWhole = termList.length > 0 || secrets !== null || markerAction !== null;
    const secretsAction = action(c.secrets_action, 'block');
    const infrastructureAction: Verdict =
      secretsAction === 'block' || secretsAction === 'escalate' ? 'redact' : secretsAction;
    const redaction = obj(c.redaction);
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(redaction.custom_markers))) if (typeof v === 'string') custom[k] = v;
    const markers: MarkerOptions = { format: markerFormat(redaction), custom };

    const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };
    // Per pattern, what every one of its findings carries (built once, not per match).
    const patternSources = patterns.map((p) => ({ ...p, detector: `dlp.pattern:${p.name}` }));
    // The patterns read a flat text together (one folded copy, one set pass: see prepareRegexGroup).
    const group = prepareRegexGroup(patterns.map((p) => p.regex));

    /** One match of a text, as scanText gives it: also what drove it (the reason its source gives). */
    type Emit = (
      type: string,
      start: number,
      end: number,
      score: number,
      detector: string,
      act: Verdict,
      reason: string,
    ) => void;
    /**
     * The matches of `text` (or of `parts`, the same text as an earlier redaction kept it), in the order
     * patterns, terms, secrets. Emitted one by one: a hostile megabyte can hold 50k of them, and the step
     * builds its findings straight from them. With `listed` (per term, the matches reported so far), a
     * term's matches past MAX_FINDINGS_PER_TERM go to `unlisted` instead: redacted, not reported.
     */
    const scanText = (
      text: string,
      parts: TextParts | undefined,
      emit: Emit,
      listed?: Int32Array,
      unlisted?: (start: number, end: number) => void,
    ): void => {
      const found = parts === undefined && patternSources.length > 0 ? group.findAll(text) : undefined;
      patternSources.forEach((p, i) => {
        const spans = found !== undefined ? found[i]! : p.regex.findAllIn(parts!);
        for (const s of spans) emit(p.name, s.start, s.end, 1, p.detector, p.action, 'dlp.pattern_matched');
      });
      if (termList.length > 0) {
        // Terms are read with the text's URL escapes and HTML references decoded (see web-escapes.ts),
        // their matches mapped back over the escapes; a text with neither `%` nor `&` is read as it is.
        const web = decodeWebEscapes(text);
        const n = text.length;
        const each: typeof terms.each =
          web === null
            ? terms.each
            : (_, found) =>
                terms.each(web.text, (term, start, end, distance) =>
                  found(term, originOf(web, start), originEndOf(web, start, end, n), distance),
                );
        each(text, (term, start, end, distance) => {
          if (listed !== undefined && unlisted !== undefined && listed[term]!++ >= MAX_FINDINGS_PER_TERM)
            unlisted(start, end);
          else
            emit(
              'blocked_term',
              start,
              end,
              1 - distance / 10,
              distance === 0 ? 'dlp.term' : 'dlp.term.fuzzy',
              defaultAction,
              'dlp.blocked_term',
            );
        });
      }
      if (secrets !== null)
        for (const m of secrets.scan(text))
          emit(
            m.type,
            m.start,
            m.end,
            m.score,
            m.detector,
            INFRASTRUCTURE_TYPES.has(m.type) ? infrastructureAction : secretsAction,
            'dlp.secret_detected',
          );
      if (markerAction !== null)
        for (const m of findClassificationMarkers(text))
          emit('classification_marker', m.start, m.end, 1, 'dlp.marker', markerAction, 'dlp.classification_marker');
    };
    /** The matches of a text as SegmentMatches (a join of content parts: few). */
    const matchesIn = (text: string): SegmentMatch[] => {
      const out: SegmentMatch[] = [];
      scanText(text, undefined, (type, start, end, score, detector, act) =>
        out.push({ type, start, end, score, detector, action: act }),
      );
      return out;
    };
    /** What is masked: what blocks too (see maskSegment); what only escalates is left as it is. */
    const masks = (m: { action?: Verdict }): boolean => m.action === 'redact' || m.action === 'block';

    const step =
      (scope: TextScope): StepFn =>
      ({ workspace, ctx }) => {
        const findings: Finding[] = [];
        let verdict: Verdict = 'allow';
        const reasons = new Set<string>();
        const segments = workspace.texts(scope);
        // Values split over a message's text parts ("AKIAIOSF" + "ODNN7EXAMPLE").
        const across = acrossParts(segments, matchesIn, markers, ctx.hashKey, masks);
        const listed = termList.length > 0 ? new Int32Array(termList.length) : undefined;
        let unlistedCount = 0;
        for (const seg of segments) {
          const first = findings.length;
          // A text that pii-detector (or another redaction) rewrote, read through its parts: the patterns
          // read only around their candidates, and the rewritten megabyte is never copied.
          const written = readsWhole ? undefined : workspace.partsOf(seg);
          const parts = written !== undefined && partsWorthReading(written) ? written : undefined;
          const emit: Emit = (type, start, end, score, detector, act, reason) => {
            findings.push(toFinding(seg, { type, start, end, score, detector, action: act }, act, parts));
            reasons.add(reason);
            if (RANK[act] > RANK[verdict]) verdict = act;
          };
          // The matches of a term past its reported ones: merged where they overlap (one word near ten terms).
          const unlisted: Replacement[] = [];
          const unlist = (start: number, end: number): void => {
            unlistedCount++;
            const last = unlisted[unlisted.length - 1];
            if (last !== undefined && start >= last.start && start < last.end) last.end = Math.max(last.end, end);
            else unlisted.push({ start, end, type: 'blocked_term' });
          };
          // Tool-call arguments and JSON tool results with escapes are read decoded, their matches mapped
          // back (see decodedJson); parts are never kept for those (maskSegment).
          const view = parts === undefined ? decodedJson(seg) : null;
          if (view === null) scanText(seg.text, parts, emit, listed, unlist);
          else {
            const n = seg.text.length;
            scanText(
              view.text,
              undefined,
              (type, start, end, ...rest) =>
                emit(type, originOf(view, start), originEndOf(view, start, end, n), ...rest),
              listed,
              (start, end) => unlist(originOf(view, start), originEndOf(view, start, end, n)),
            );
          }
          const share = across.size === 0 ? undefined : across.get(seg);
          if (share !== undefined) {
            // A split value's beginning, found alone too, is reported and redacted as the whole value.
            let kept = first;
            for (let i = first; i < findings.length; i++)
              if (!readAlone(findings[i]!, share)) findings[kept++] = findings[i]!;
            findings.length = kept;
            for (const m of share.matches)
              emit(m.type, m.start, m.end, m.score, m.detector, m.action!, reasonOf(m.detector, m.type));
          }
          if (findings.length === first && share === undefined && unlisted.length === 0) continue;
          // A finding is a Replacement as it is (start, end, type; no fixed marker); a split value's pieces
          // carry their shares of its marker instead.
          const redactable: Replacement[] = [];
          const own = findings.length - (share === undefined ? 0 : share.matches.length);
          for (let i = first; i < own; i++) if (masks(findings[i]!)) redactable.push(findings[i]!);
          if (share !== undefined) for (const r of share.replacements) redactable.push(r);
          if (masks({ action: defaultAction })) for (const r of unlisted) redactable.push(r);
          maskSegment(workspace, seg, redactable, markers, ctx.hashKey, parts);
        }
        if (findings.length === 0 && unlistedCount === 0) return allow();
        // The reason names what drove the verdict: a secret or pattern that blocks outranks a redaction.
        const driving = findings.find((f) => (f.action ?? defaultAction) === verdict);
        const reason = driving === undefined ? [...reasons][0]! : reasonOf(driving.detector, driving.type);
        return {
          verdict,
          reason_code: reason,
          findings,
          message:
            unlistedCount === 0
              ? distinctTypes(findings)
              : `${distinctTypes(findings)} (${unlistedCount} more blocked_term matches not listed: the first ${MAX_FINDINGS_PER_TERM} of each term are)`,
        };
      };
    return { request: step('request'), response: step('response') };
  },
};

/** The reason code of a dlp-filter match, from its source. */
function reasonOf(detector: string, type: string): string {
  if (type === 'blocked_term') return 'dlp.blocked_term';
  if (detector === 'dlp.marker') return 'dlp.classification_marker';
  return detector.startsWith('dlp.pattern') ? 'dlp.pattern_matched' : 'dlp.secret_detected';
}
