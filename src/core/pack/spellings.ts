/**
 * The docs spell some fields of a kind in more than one way (DESIGN.md §3.1). All documented
 * spellings are accepted; `canonicalConfig` rewrites a block into the canonical spelling so the engine
 * reads one form, and `spellingNotes` tells lint which non-canonical spellings a block uses (W005).
 *
 * Canonical choices (seeds win over the reference, then the richer form; docs/lint-codes.md):
 * - prompt-injection: `detection.attack_patterns` (not top-level `attack_patterns` or `detection.patterns`),
 *   `embedding_threshold` (not flat `threshold` or `classifier.threshold`), `response.action` and
 *   `response.message` (not flat `action`/`message`).
 * - pii-detector: built-in categories under `categories`; `detect_patterns` holds custom regexes only
 *   (category names found there, and legacy `entity_types`, move to `categories`).
 * - dlp-filter: `patterns: [{name, regex, action}]` (the seed's form); `detect_patterns: [regex]` becomes
 *   `patterns` entries named `detect_patterns[i]` that take the block's `action`.
 * - agent-firewall: `blocked_tools`, `rate_limits`, `transaction_limits` (reference) over the template's
 *   `denied_tools`, `rate_limit` {max_calls_per_minute, max_calls_per_session} and `transaction_limit`.
 * - quality-scorer: `overall_min_score` (seed) over `min_score`; the dimension `relevancy` (the name of
 *   `thresholds.min_relevancy`) over `relevance` under `weights` and `dimensions`.
 * - Legacy items mapped onto a kind (`type: quality`, `type: grounding`; the QA guide's shape): quality's
 *   `action` is `on_fail` and `thresholds.min_relevance_score` is `thresholds.min_relevancy`; grounding's
 *   `action` is both `output_action.unverified_action` and `on_ungrounded`. The current shape has no flat
 *   `action` on these kinds (lint E002), so only legacy items are read this way.
 */
import type { JsonObject, JsonValue } from '../types.js';
import { asObject, asStringArray, cloneJson, isObject, omit } from './json.js';
import { canonicalPii } from './pii-names.js';

export interface SpellingNote {
  /** Dotted path of the non-canonical field inside the block, e.g. `attack_patterns`. */
  field: string;
  /** The canonical spelling, e.g. `detection.attack_patterns`. */
  canonical: string;
}

/** Which non-canonical spellings a config block of `kind` uses (for lint warnings). */
export function spellingNotes(kind: string, config: JsonObject): SpellingNote[] {
  const notes: SpellingNote[] = [];
  const has = (key: string) => Object.hasOwn(config, key);
  switch (kind) {
    case 'prompt-injection': {
      const detection = asObject(config.detection);
      if (has('attack_patterns')) notes.push({ field: 'attack_patterns', canonical: 'detection.attack_patterns' });
      if (Object.hasOwn(detection, 'patterns'))
        notes.push({ field: 'detection.patterns', canonical: 'detection.attack_patterns' });
      if (has('threshold')) notes.push({ field: 'threshold', canonical: 'embedding_threshold' });
      if (Object.hasOwn(asObject(config.classifier), 'threshold'))
        notes.push({ field: 'classifier.threshold', canonical: 'embedding_threshold' });
      if (Object.hasOwn(detection, 'embedding_threshold'))
        notes.push({ field: 'detection.embedding_threshold', canonical: 'embedding_threshold' });
      if (has('action')) notes.push({ field: 'action', canonical: 'response.action' });
      if (has('message')) notes.push({ field: 'message', canonical: 'response.message' });
      break;
    }
    case 'pii-detector':
      if (has('entity_types')) notes.push({ field: 'entity_types', canonical: 'categories' });
      if (asStringArray(config.detect_patterns).some((p) => canonicalPii(p) !== undefined)) {
        notes.push({ field: 'detect_patterns', canonical: 'categories' });
      }
      break;
    case 'dlp-filter':
      if (has('detect_patterns')) notes.push({ field: 'detect_patterns', canonical: 'patterns' });
      break;
    case 'agent-firewall':
      if (has('denied_tools')) notes.push({ field: 'denied_tools', canonical: 'blocked_tools' });
      if (has('rate_limit')) notes.push({ field: 'rate_limit', canonical: 'rate_limits' });
      if (has('transaction_limit')) notes.push({ field: 'transaction_limit', canonical: 'transaction_limits' });
      break;
    case 'quality-scorer':
      if (has('min_score')) notes.push({ field: 'min_score', canonical: 'overall_min_score' });
      for (const key of ['weights', 'dimensions'])
        if (Object.hasOwn(asObject(config[key]), 'relevance'))
          notes.push({ field: `${key}.relevance`, canonical: `${key}.relevancy` });
      break;
    default:
      break;
  }
  return notes;
}

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * Rewrites a config block into its canonical spelling (see the file comment). Pure; returns a new
 * object. When both spellings are present the canonical one wins and the other's values are merged
 * where that is meaningful (pattern lists are concatenated).
 */
export function canonicalConfig(kind: string, input: JsonObject): JsonObject {
  const config = cloneJson(input);
  switch (kind) {
    case 'prompt-injection': {
      const detection = asObject(config.detection);
      const patterns = unique([
        ...asStringArray(detection.attack_patterns),
        ...asStringArray(detection.patterns),
        ...asStringArray(config.attack_patterns),
      ]);
      const out = omit(config, ['attack_patterns', 'threshold', 'action', 'message', 'classifier']);
      if (isObject(config.detection) || patterns.length > 0) {
        const nextDetection = omit(detection, ['patterns', 'embedding_threshold']);
        if (patterns.length > 0) nextDetection.attack_patterns = patterns;
        out.detection = nextDetection;
      }
      const classifier = asObject(config.classifier);
      const threshold =
        config.embedding_threshold ?? detection.embedding_threshold ?? config.threshold ?? classifier.threshold;
      if (threshold !== undefined) out.embedding_threshold = threshold;
      const restClassifier = omit(classifier, ['threshold']);
      if (Object.keys(restClassifier).length > 0) out.classifier = restClassifier;
      if (config.action !== undefined || config.message !== undefined || isObject(config.response)) {
        const response = asObject(config.response);
        const next: JsonObject = { ...response };
        if (next.action === undefined && config.action !== undefined) next.action = config.action;
        if (next.message === undefined && config.message !== undefined) next.message = config.message;
        out.response = next;
      }
      return out;
    }
    case 'pii-detector': {
      const fromPatterns: string[] = [];
      const regexes: string[] = [];
      for (const p of asStringArray(config.detect_patterns)) {
        const category = canonicalPii(p);
        if (category === undefined) regexes.push(p);
        else fromPatterns.push(category);
      }
      const categories = unique(
        [...asStringArray(config.categories), ...asStringArray(config.entity_types), ...fromPatterns].map(
          (c) => canonicalPii(c) ?? c,
        ),
      );
      const out = omit(config, ['entity_types', 'detect_patterns', 'categories']);
      if (categories.length > 0 || config.categories !== undefined) out.categories = categories;
      if (regexes.length > 0) out.detect_patterns = regexes;
      return out;
    }
    case 'dlp-filter': {
      if (config.detect_patterns === undefined) return config;
      const patterns: JsonValue[] = Array.isArray(config.patterns) ? [...config.patterns] : [];
      asStringArray(config.detect_patterns).forEach((regex, i) =>
        patterns.push({ name: `detect_patterns[${i}]`, regex }),
      );
      const out = omit(config, ['detect_patterns']);
      out.patterns = patterns;
      return out;
    }
    case 'agent-firewall': {
      const out = omit(config, ['denied_tools', 'rate_limit', 'transaction_limit']);
      if (config.denied_tools !== undefined) {
        out.blocked_tools = unique([...asStringArray(config.blocked_tools), ...asStringArray(config.denied_tools)]);
      }
      if (isObject(config.rate_limit)) {
        const limits: JsonObject = { ...asObject(config.rate_limits) };
        const perMinute = config.rate_limit.max_calls_per_minute;
        if (limits.default === undefined && perMinute !== undefined) limits.default = perMinute;
        out.rate_limits = limits;
        const perSession = config.rate_limit.max_calls_per_session;
        if (out.max_actions_per_session === undefined && perSession !== undefined)
          out.max_actions_per_session = perSession;
      }
      if (isObject(config.transaction_limit)) {
        out.transaction_limits = { ...config.transaction_limit, ...asObject(config.transaction_limits) };
      }
      return out;
    }
    case 'quality-scorer': {
      const out = omit(config, ['min_score', 'action']);
      if (config.min_score !== undefined) out.overall_min_score = config.overall_min_score ?? config.min_score;
      // A legacy `type: quality` item's `action` is what a miss does (the QA guide's escalate | flag);
      // it used to fall through to the default escalate, so `action: block` let a failing answer through.
      if (config.action !== undefined && config.on_fail === undefined) out.on_fail = config.action;
      // The QA guide's legacy `thresholds.min_relevance_score` is the relevancy threshold.
      const thresholds = config.thresholds;
      if (isObject(thresholds) && Object.hasOwn(thresholds, 'min_relevance_score')) {
        const renamed = omit(thresholds, ['min_relevance_score']);
        renamed.min_relevancy = thresholds.min_relevancy ?? thresholds.min_relevance_score!;
        out.thresholds = renamed;
      }
      for (const key of ['weights', 'dimensions']) {
        const map = config[key];
        if (!isObject(map) || !Object.hasOwn(map, 'relevance')) continue;
        const renamed = omit(map, ['relevance']);
        renamed.relevancy = map.relevancy ?? map.relevance!;
        out[key] = renamed;
      }
      return out;
    }
    case 'citation-verifier': {
      // A legacy `type: grounding` item has one `action` for a failed check: an answer without sources
      // (`require_sources`) and an ungrounded or unmatched one. It used to be ignored (no sources: allowed).
      if (config.action === undefined) return config;
      const out = omit(config, ['action']);
      const output = asObject(config.output_action);
      if (output.unverified_action === undefined) out.output_action = { ...output, unverified_action: config.action };
      if (config.on_ungrounded === undefined && output.hallucination_action === undefined)
        out.on_ungrounded = config.action;
      return out;
    }
    default:
      return config;
  }
}
