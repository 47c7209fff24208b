/**
 * Mapping of legacy list-shape items (`policies: [{name, type, action, ...}]`) onto current kinds.
 *
 * Decisions (DESIGN.md §3.1; the seed "Security Engineering" legacy pack is the test case):
 * - A `type` that names a kind outright (`prompt_injection`, `pii_redaction`, `pii_detector`, `quality`,
 *   `grounding`, ...) maps onto that kind; the item minus `name`/`type`/`phase` is its config.
 * - `input_filter` with `detection.patterns` (and optionally a `classifier`) is prompt-injection:
 *   patterns -> `detection.attack_patterns`, classifier threshold -> `embedding_threshold`, action ->
 *   `response.action`.
 * - `input_filter`/`output_filter` with `patterns: [{type: email|phone|ssn|credit_card|..., replacement}]`
 *   is pii-detector: types -> `categories`, `{type: regex, pattern}` -> `detect_patterns`, replacements ->
 *   `redaction.custom_markers` (the regex items' one replacement, when they share it, under `custom_pattern`;
 *   different replacements per regex have no current field). pii-detector
 *   also scans responses while a legacy input filter scanned only requests (and vice versa): both are
 *   reported as lossy.
 * - `content_filter` with `categories` (and `threshold`) and/or `blocked_topics` is safety-filter with
 *   the same fields (the engine's safety-filter reads all three).
 * - Anything else (e.g. `detection.system_prompt_leak`, an `escalation`-only item) has no current kind.
 *
 * An item is "clean" when the mapping loses nothing. normalizePack uses clean mappings only and keeps
 * other generic filters as their legacy kind with the whole item as config (the engine evaluates those
 * directly); `kt policy migrate` uses every mapping that exists and prints the losses.
 */
import type { JsonObject, JsonValue } from '../types.js';
import { actionVerdict } from './actions.js';
import { asObject, isObject, omit } from './json.js';
import { legacyFilterKinds, legacyTypeToKind } from './kinds.js';
import { canonicalPii } from './pii-names.js';

export interface LegacyMapping {
  /** The current kind this item maps onto, or null when none fits. */
  kind: string | null;
  /** The config block for `kind` (meaningless when kind is null). */
  config: JsonObject;
  /** What the mapping could not carry over; empty when the mapping is exact. */
  losses: string[];
}

// `enabled` is the item's on/off switch (normalize.ts keeps a disabled item as a skipped step), not config.
const itemMeta = ['name', 'type', 'phase', 'enabled'];

/** Maps one legacy item (see the file comment). Pure. */
export function mapLegacyItem(item: JsonObject): LegacyMapping {
  const type = typeof item.type === 'string' ? item.type : '';
  const direct = legacyTypeToKind[type];
  // Legacy spellings inside (e.g. pii `entity_types`) are handled by canonicalConfig like any other.
  if (direct !== undefined) return { kind: direct, config: omit(item, itemMeta), losses: [] };
  if (!legacyFilterKinds.includes(type)) return { kind: null, config: {}, losses: [`unknown legacy type '${type}'`] };

  const body = omit(item, itemMeta);
  const detection = asObject(body.detection);
  if (type === 'input_filter' && Array.isArray(detection.patterns) && body.patterns === undefined) {
    return mapInjectionFilter(body, detection);
  }
  if ((type === 'input_filter' || type === 'output_filter') && Array.isArray(body.patterns)) {
    return mapPiiFilter(type, body, body.patterns);
  }
  if (type === 'content_filter' && (Array.isArray(body.categories) || Array.isArray(body.blocked_topics))) {
    return mapContentFilter(body);
  }
  const keys = Object.keys(body).filter((k) => k !== 'action');
  const what = keys.flatMap((k) => (isObject(body[k]) ? Object.keys(body[k]).map((s) => `${k}.${s}`) : [k]));
  return {
    kind: null,
    config: {},
    losses: [`no current policy kind does what ${type} with ${what.join(', ') || 'no settings'} does`],
  };
}

function mapInjectionFilter(body: JsonObject, detection: JsonObject): LegacyMapping {
  const losses: string[] = [];
  const config: JsonObject = { detection: { attack_patterns: detection.patterns ?? [] } };
  for (const key of Object.keys(detection))
    if (key !== 'patterns' && key !== 'classifier') losses.push(`detection.${key}`);
  const classifier = asObject(body.classifier ?? detection.classifier);
  if (classifier.threshold !== undefined) config.embedding_threshold = classifier.threshold;
  for (const key of Object.keys(classifier)) {
    // `enabled` and `threshold` carry over; a named classifier `model` is what kt's own detector replaces.
    if (key !== 'threshold' && key !== 'enabled' && key !== 'model') losses.push(`classifier.${key}`);
  }
  // Off, the classifier's similarity layer is left out and the threshold still judges each finding, in the
  // legacy evaluator and in prompt-injection alike (`classifier.enabled` is a field of both).
  if (classifier.enabled === false) config.classifier = { enabled: false };
  // An injection cannot be redacted: a legacy `action: redact` blocks it (as the legacy evaluator always
  // did). Written as such so that the engine and the migrated pack read block too: prompt-injection's
  // `response.action` is block | escalate | log, and a verdict of redact used to forward the injection.
  const verb = actionVerdict(body.action);
  if (verb !== null) config.response = { action: verb === 'redact' ? 'block' : verb === 'allow' ? 'log' : verb };
  else if (body.action !== undefined) losses.push(`action ${JSON.stringify(body.action)} (not an action; block)`);
  for (const key of Object.keys(body)) if (!['detection', 'classifier', 'action'].includes(key)) losses.push(key);
  return { kind: 'prompt-injection', config, losses: losses.map((l) => `${l} has no prompt-injection field`) };
}

function mapPiiFilter(type: string, body: JsonObject, patterns: JsonValue[]): LegacyMapping {
  const losses: string[] = [];
  const categories: string[] = [];
  const regexes: string[] = [];
  const markers: JsonObject = {};
  // Replacements of the regex items, by index (undefined: the default marker).
  const regexMarkers: Array<[number, JsonValue | undefined]> = [];
  patterns.forEach((entry, i) => {
    const p = asObject(entry);
    const ptype = typeof p.type === 'string' ? p.type : '';
    if (ptype === 'regex' && typeof p.pattern === 'string') {
      regexes.push(p.pattern);
      regexMarkers.push([i, p.replacement]);
      return;
    }
    const category = canonicalPii(ptype);
    if (category === undefined) {
      losses.push(`patterns[${i}] of type '${ptype}'`);
      return;
    }
    if (!categories.includes(category)) categories.push(category);
    if (typeof p.replacement === 'string') markers[category] = p.replacement;
  });
  // pii-detector's action is redact | block. A legacy `escalate` holds the request; the nearest current
  // action that enforces at least as much is block (refused instead of held).
  const verb = actionVerdict(body.action);
  if (verb === 'escalate')
    losses.push('action escalate (pii-detector cannot hold a request for review; migrated as block, stricter)');
  // pii-detector's `detect_patterns` findings are of type custom_pattern and share one marker: a
  // replacement carries over when every regex item has the same one (the seed's single account regex).
  const replacements = new Set(regexMarkers.map(([, r]) => JSON.stringify(r)));
  const only = regexMarkers[0]?.[1];
  if (replacements.size === 1 && typeof only === 'string') markers.custom_pattern = only;
  else
    for (const [i, r] of regexMarkers)
      if (r !== undefined)
        losses.push(`patterns[${i}].replacement (custom patterns with different replacements use the default marker)`);
  const config: JsonObject = { action: verb === 'block' || verb === 'escalate' ? 'block' : 'redact', categories };
  if (regexes.length > 0) config.detect_patterns = regexes;
  if (Object.keys(markers).length > 0) config.redaction = { custom_markers: markers };
  for (const key of Object.keys(body))
    if (!['patterns', 'action'].includes(key)) losses.push(`${key} has no pii-detector field`);
  // pii-detector scans both directions; a legacy filter scanned one.
  losses.push(
    `${type} scanned only ${type === 'input_filter' ? 'requests' : 'responses'}; pii-detector scans requests and responses`,
  );
  return { kind: 'pii-detector', config, losses };
}

const contentFilterFields = ['categories', 'threshold', 'blocked_topics', 'action', 'message'];

function mapContentFilter(body: JsonObject): LegacyMapping {
  const losses: string[] = [];
  const config: JsonObject = {};
  for (const key of contentFilterFields) if (body[key] !== undefined) config[key] = body[key]!;
  // safety-filter's action is block | escalate: a topic or category is not redacted, a hit on one blocks
  // (as safety-filter evaluates `redact`). Written as block so the migrated pack says what it does.
  const verb = actionVerdict(body.action);
  // A report-only item (`log`, `flag`, `monitor`, ...) allows every request and only records its hits:
  // safety-filter has no such action, and writing block would stop traffic the pack let through. It is
  // not migrated (exit 1, named on stderr): the verdicts stay the same, the record of hits is what is lost.
  if (verb === 'allow')
    return {
      kind: null,
      config: {},
      losses: [`action ${JSON.stringify(body.action)} only reports, and safety-filter blocks or escalates`],
    };
  if (verb === 'redact' || verb === 'block') config.action = 'block';
  else if (verb === 'escalate') config.action = 'escalate';
  for (const key of Object.keys(body))
    if (!contentFilterFields.includes(key)) losses.push(`${key} has no safety-filter field`);
  return { kind: 'safety-filter', config, losses };
}

export type LegacyFacet = 'patterns' | 'detection.patterns' | 'output checks' | 'escalation';

/**
 * What a generic legacy filter evaluates on its side, in the order the engine runs them
 * (src/core/policies/legacy-filters.ts). Empty: the item configures nothing kt evaluates there (every
 * evaluation would be a config error), which lint reports (src/schema/rules/legacy-items.ts). Here, not
 * beside the evaluator, so that lint does not load the detectors.
 */
export function legacyFacets(item: JsonObject, side: 'request' | 'response'): LegacyFacet[] {
  const detection = asObject(item.detection);
  const facets: LegacyFacet[] = [];
  if (Array.isArray(item.patterns)) facets.push('patterns');
  if (Array.isArray(detection.patterns) && side === 'request') facets.push('detection.patterns');
  if (side === 'response' && (detection.system_prompt_leak !== undefined || detection.format_deviation !== undefined))
    facets.push('output checks');
  if (item.escalation !== undefined && side === 'request') facets.push('escalation');
  return facets;
}

export { itemMeta as legacyItemMetaKeys };
