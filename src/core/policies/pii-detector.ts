/**
 * pii-detector (input phase, with an output side): built-in categories through the PII detector,
 * custom `detect_patterns` (linear-time regexes), `action` redact (default) or block, markers per
 * `redaction.marker_format` / `redaction.custom_markers`. `healthcare_mode` adds mrn, npi and
 * insurance_id; `pci_mode` (default true) keeps credit_card among the default categories and, set
 * explicitly to true, adds it to listed `categories` as well.
 */
import type { ChainEntry, Finding, Verdict } from '../types.js';
import { canonicalPiiType, PII_MODE_TYPES, preparePiiDetector } from '../detectors/pii.js';
import { compileLinearRegex, prepareRegexGroup, type LinearRegex } from '../detectors/linear-regex.js';
import type { MarkerOptions } from '../detectors/redaction.js';
import type { TextScope } from '../detectors/payload-text.js';
import { defaultScanCache, memoizeScan } from '../detectors/scan-cache.js';
import { action, bool, markerFormat, obj, strList } from './config.js';
import {
  acrossParts,
  decodedJson,
  distinctTypes,
  maskSegment,
  readAlone,
  toFinding,
  type SegmentMatch,
} from './text-scan.js';
import { viewMatches } from '../detectors/pii-fold.js';
import { allow, type PolicyKind, type PreparedPolicy, type StepFn } from './types.js';

/**
 * The most PII matches the scan memo keeps over all its texts (about 100 bytes each): real texts have a
 * few each, so 512 of them fit many times over, while hostile dense ones (a match every few characters of
 * 16 KB) are dropped oldest first instead of pinning up to a million match objects.
 */
const MEMO_MATCHES = 32_768;

/**
 * The detector's type for a pack's category name: every spelling `categories` accepts (`ip`, `dob`,
 * `email_address`, `Phone-Number`), so that a `custom_markers` key written the same way as the category
 * applies to its findings; other names (`custom_pattern`, `*`) are kept as written.
 */
const typeOfCategory = (category: string): string => canonicalPiiType(category) ?? category;
export const DEFAULT_PII_TYPES = ['email', 'phone', 'ssn', 'ip_address'];

export interface PiiScanSpec {
  types: string[];
  regexes: Array<{ regex: LinearRegex; type: string; marker?: string }>;
  markers: MarkerOptions;
  verdict: Verdict;
}

export function compileCustomRegex(source: string, where: string): LinearRegex {
  const r = compileLinearRegex(source);
  if (!r.ok) throw new Error(`${where}: invalid regex (${r.error})`);
  return r.regex;
}

/** Builds the scanning step shared by pii-detector and legacy input/output filters. */
export function piiStep(
  spec: PiiScanSpec,
  scope: TextScope,
  hashKeyOf: (k: string | undefined) => string | undefined,
): StepFn {
  const detector = spec.types.length > 0 ? preparePiiDetector({ types: spec.types }) : null;
  // The memo pays only where a scan costs more than a lookup: a hit (Map delete + set to refresh
  // recency) costs about 1 us and a miss about 0.4 us, while the gated scan of a short text costs
  // less than that. Short texts (system prompts, 1 KB turns) are scanned directly; same results.
  // Results are weighed by their matches: a dense 16 KB text has thousands (see ScanCacheOptions.weigh).
  const scan =
    detector === null
      ? null
      : memoizeScan((text: string) => detector.scan(text), {
          ...defaultScanCache,
          minTextLength: 2048,
          weigh: (found) => 1 + found.length,
          maxWeight: MEMO_MATCHES,
        });
  // Categories the detector does not know are said on every result: never a silent "checked".
  const unsupported =
    detector === null || detector.unknownTypes.length === 0
      ? ''
      : `; not checked (unknown categories): ${detector.unknownTypes.join(', ')}`;
  // The custom patterns read a text together (see prepareRegexGroup).
  const group = prepareRegexGroup(spec.regexes.map((r) => r.regex));
  /** `found` (the detector's matches in `text`) and the custom patterns' matches, in a new array (the memo's is shared). */
  const withPatterns = (text: string, found: readonly SegmentMatch[]): SegmentMatch[] => {
    const matches: SegmentMatch[] = found.slice();
    if (spec.regexes.length === 0) return matches;
    const spans = group.findAll(text);
    for (let i = 0; i < spec.regexes.length; i++) {
      const r = spec.regexes[i]!;
      for (const s of spans[i]!) {
        matches.push({
          type: r.type,
          start: s.start,
          end: s.end,
          score: 1,
          detector: 'pii.pattern',
          ...(r.marker === undefined ? {} : { marker: r.marker }),
        });
      }
    }
    return matches;
  };
  const matchesIn = (text: string): SegmentMatch[] => withPatterns(text, scan === null ? [] : scan(text));
  return ({ workspace, ctx }) => {
    const findings: Finding[] = [];
    const segments = workspace.texts(scope);
    const hashKey = hashKeyOf(ctx.hashKey);
    // Values split over a message's text parts ("jane@exa" + "mple.com"); every match redacts or blocks.
    const across = acrossParts(segments, matchesIn, spec.markers, hashKey, () => true);
    for (const seg of segments) {
      // Tool-call arguments and JSON tool results with escapes are read decoded (see decodedJson).
      const view = decodedJson(seg);
      const text = view === null ? seg.text : view.text;
      const found = scan === null ? [] : scan(text);
      const share = across.size === 0 ? undefined : across.get(seg);
      if (found.length === 0 && spec.regexes.length === 0 && share === undefined) continue;
      let own = withPatterns(text, found);
      if (view !== null) own = viewMatches(view, seg.text.length, own);
      if (share !== undefined) own = own.filter((m) => !readAlone(m, share));
      const matches = share === undefined ? own : [...own, ...share.matches];
      matches.sort((a, b) => a.start - b.start || a.end - b.end);
      for (const m of matches) findings.push(toFinding(seg, m));
      // Redacted or blocking alike, the matches are masked (as dlp-filter does): a blocked request is
      // still printed in the decision and must not show the PII that blocked it. The pieces of split values
      // carry their shares of the value's marker.
      maskSegment(
        workspace,
        seg,
        share === undefined ? matches : [...own, ...share.replacements],
        spec.markers,
        hashKey,
      );
    }
    if (findings.length === 0) return allow(unsupported === '' ? undefined : unsupported.slice(2));
    return {
      verdict: spec.verdict,
      reason_code: 'pii.detected',
      findings,
      message: `${findings.length} PII value(s): ${distinctTypes(findings)}${unsupported}`,
    };
  };
}

export function piiSpecFromConfig(entry: ChainEntry): PiiScanSpec {
  const c = entry.config;
  const redaction = obj(c.redaction);
  const explicit = c.categories !== undefined ? strList(c.categories) : null;
  let types: string[] = explicit ?? [...DEFAULT_PII_TYPES, ...(bool(c.pci_mode, true) ? PII_MODE_TYPES.pci : [])];
  // A mode set explicitly adds its types to listed categories too (pci_mode's default, true, only
  // shapes the default categories: `categories: [email]` alone does not scan cards).
  if (explicit !== null && c.pci_mode !== undefined && bool(c.pci_mode, false))
    types = [...types, ...PII_MODE_TYPES.pci];
  if (bool(c.healthcare_mode, false)) types = [...types, ...PII_MODE_TYPES.healthcare];
  types = [...new Set(types.map(typeOfCategory))];
  const regexes = strList(c.detect_patterns).map((source, i) => ({
    regex: compileCustomRegex(source, `detect_patterns[${i}]`),
    type: 'custom_pattern',
  }));
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(redaction.custom_markers)))
    if (typeof v === 'string') custom[typeOfCategory(k)] = v;
  const verdict = action(c.action, 'redact') === 'block' ? 'block' : 'redact';
  return {
    types,
    regexes,
    markers: { format: markerFormat(redaction), custom },
    verdict,
  };
}

export const piiDetector: PolicyKind = {
  kind: 'pii-detector',
  prepare(entry): PreparedPolicy {
    const spec = piiSpecFromConfig(entry);
    const key = (k: string | undefined) => k;
    return { request: piiStep(spec, 'request', key), response: piiStep(spec, 'response', key) };
  },
};
