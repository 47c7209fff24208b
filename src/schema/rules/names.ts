/**
 * Names from fixed sets that the engine looks up and silently skips when it does not know them: a
 * misspelled category (`emial`, `violance`) would lint clean and switch detection off. Lint asks the
 * engine's own resolvers where they are exported, so lint and evaluation agree on every name:
 * - pii-detector `categories` / `entity_types` (and category names written in `detect_patterns`):
 *   src/core/pack/pii-names.ts `canonicalPii` (normalisation), then src/core/detectors/pii-types.ts
 *   `canonicalPiiType` (the detector's), exactly the path piiSpecFromConfig takes;
 * - legacy `input_filter` / `output_filter` `patterns[].type` (other than `regex`): `canonicalPiiType`,
 *   the path of src/core/policies/legacy-filters.ts;
 * - safety-filter and legacy `content_filter` `categories`: the classifier's alias table
 *   (src/core/detectors/safety-names.ts);
 * - legacy `content_filter` / `safety_filter` `mode` and word `threshold` (the current shape's are schema
 *   enums): MODE_TOPICS and the classifier's named thresholds;
 * - quality-scorer `assertions[].type` and the dimension names under `weights` / `dimensions`:
 *   src/core/policies/quality-names.ts (an assertion of an unknown type would make the policy a config
 *   error; a weight on an unknown dimension would be ignored);
 * - human-oversight `require_human_for` areas and citation-verifier `extract_patterns` styles:
 *   src/core/policies/output-names.ts (an unknown area is never reviewed; an unknown style extracts
 *   nothing, so every answer reads as citing no source).
 * Which check applies to a block follows the engine's routing: the normalised chain's kind and pointer.
 */
import { canonicalPii, piiCategories, piiCategoryAliases } from '../../core/pack/index.js';
import { canonicalPiiType, PII_TYPES } from '../../core/detectors/pii-types.js';
import { MODE_TOPICS } from '../../core/detectors/safety-modes.js';
import { SAFETY_CATEGORY_ALIASES, SAFETY_NAMED_THRESHOLDS } from '../../core/detectors/safety-names.js';
import {
  ASSERTION_TYPES,
  assertionType,
  DIMENSION_ALIASES,
  QUALITY_DIMENSIONS,
  qualityDimension,
} from '../../core/policies/quality-names.js';
import { CITATION_STYLES, citationStyle, OVERSIGHT_AREAS, oversightArea } from '../../core/policies/output-names.js';
import type { JsonObject, PackModel } from '../../core/types.js';
import { pointerSegments, valueAt } from '../json-pointer.js';
import { didYouMean } from '../suggest.js';
import { isObject } from '../../core/pack/json.js';

/** The canonical safety categories, for hints. */
const safetyCanonical = [...new Set(Object.values(SAFETY_CATEGORY_ALIASES))];

/** Named thresholds of the safety classifier (resolveSafetyThreshold); numbers in a string are read too. */
const SAFETY_THRESHOLD_WORDS = Object.keys(SAFETY_NAMED_THRESHOLDS);

export interface NameProblem {
  segments: string[];
  message: string;
  hint: string;
  /** Where to point: the value (default) or, for a name that is a mapping key, the key. */
  at?: 'key';
}

/** A name to check: where it is, what it is, and the set it belongs to. */
export interface NameUse {
  segments: string[];
  value: string;
  set:
    | 'pii-detector'
    | 'pii-legacy'
    | 'safety'
    | 'safety-mode'
    | 'safety-threshold'
    | 'quality-assertion'
    | 'quality-dimension'
    | 'oversight-area'
    | 'citation-style';
}

/** Every name of a fixed set the document uses, found through the engine's routing of its blocks. */
export function nameUses(doc: JsonObject, model: PackModel): NameUse[] {
  const blocks = new Map<string, string>();
  for (const entry of model.chain) blocks.set(entry.pointer, entry.kind);
  // A current-shape block that is not in the chain never runs (W003), but its names are checked as well.
  if (model.shape === 'current' && isObject(doc.policy)) {
    for (const kind of ['pii-detector', 'safety-filter', 'quality-scorer', 'human-oversight', 'citation-verifier'])
      if (Object.hasOwn(doc.policy, kind)) blocks.set(`/policy/${kind}`, kind);
  }
  const out: NameUse[] = [];
  const list = (base: string[], key: string, set: NameUse['set'], keep: (v: string) => boolean = () => true): void => {
    const value = valueAt(doc, [...base, key]);
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => {
      if (typeof item === 'string' && keep(item)) out.push({ segments: [...base, key, String(i)], value: item, set });
    });
  };
  const legacy = model.shape === 'legacy-list';
  for (const [pointer, kind] of blocks) {
    const base = pointerSegments(pointer);
    const block = valueAt(doc, base);
    if (!isObject(block)) continue;
    switch (kind) {
      case 'pii-detector':
        list(base, 'categories', 'pii-detector');
        list(base, 'entity_types', 'pii-detector');
        // Other entries are custom regexes (checked as regexes); a category name there is read as a category.
        list(base, 'detect_patterns', 'pii-detector', (v) => canonicalPii(v) !== undefined);
        break;
      case 'safety-filter':
      case 'content_filter':
        list(base, 'categories', 'safety');
        if (legacy && typeof block.mode === 'string')
          out.push({ segments: [...base, 'mode'], value: block.mode, set: 'safety-mode' });
        if (legacy && typeof block.threshold === 'string')
          out.push({ segments: [...base, 'threshold'], value: block.threshold, set: 'safety-threshold' });
        break;
      case 'input_filter':
      case 'output_filter':
        if (Array.isArray(block.patterns)) {
          block.patterns.forEach((p, i) => {
            if (isObject(p) && typeof p.type === 'string' && p.type !== 'regex' && p.type !== '') {
              out.push({ segments: [...base, 'patterns', String(i), 'type'], value: p.type, set: 'pii-legacy' });
            }
          });
        }
        break;
      case 'quality-scorer':
        if (Array.isArray(block.assertions))
          block.assertions.forEach((a, i) => {
            if (isObject(a) && typeof a.type === 'string' && a.type !== '')
              out.push({
                segments: [...base, 'assertions', String(i), 'type'],
                value: a.type,
                set: 'quality-assertion',
              });
          });
        for (const key of ['weights', 'dimensions']) {
          const map = block[key];
          if (isObject(map))
            for (const name of Object.keys(map))
              out.push({ segments: [...base, key, name], value: name, set: 'quality-dimension' });
        }
        break;
      case 'human-oversight':
        list(base, 'require_human_for', 'oversight-area');
        break;
      case 'citation-verifier':
        list(base, 'extract_patterns', 'citation-style');
        break;
      default:
        break;
    }
  }
  return out;
}

/** Quotes a user value for a one-line message: escaped, and cut when long. */
export function quoteValue(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(cut).slice(1, -1).replace(/'/g, "\\'");
}

/** The problem with a name, or undefined when the engine knows it. */
export function nameProblem(use: NameUse): NameProblem | undefined {
  const shown = quoteValue(use.value);
  const withGuess = (candidates: readonly string[], known: readonly string[], what: string): string => {
    const guess = didYouMean(use.value, candidates);
    const list = `Known ${what}: ${known.join(', ')}`;
    return guess === undefined ? list : `Did you mean '${guess}'? ${list}`;
  };
  switch (use.set) {
    case 'pii-detector':
    case 'pii-legacy': {
      // pii-detector normalises the name first (pack spelling table); legacy filters hand it to the detector as is.
      const known = (name: string): boolean =>
        canonicalPiiType(use.set === 'pii-detector' ? (canonicalPii(name) ?? name) : name) !== undefined;
      if (known(use.value)) return undefined;
      const candidates = [...PII_TYPES, ...piiCategories, ...Object.keys(piiCategoryAliases)].filter(known);
      return {
        segments: use.segments,
        message: `'${shown}' is not a PII category kt detects; the detector would skip it`,
        hint: withGuess(candidates, PII_TYPES, 'categories'),
      };
    }
    case 'safety': {
      if (Object.hasOwn(SAFETY_CATEGORY_ALIASES, use.value.toLowerCase())) return undefined;
      return {
        segments: use.segments,
        message: `'${shown}' is not a safety category kt scores; the classifier would skip it`,
        hint: withGuess(Object.keys(SAFETY_CATEGORY_ALIASES), safetyCanonical, 'categories'),
      };
    }
    case 'safety-mode': {
      if (Object.hasOwn(MODE_TOPICS, use.value)) return undefined;
      return {
        segments: use.segments,
        message: `'${shown}' is not a safety-filter mode; its blocked topics would not apply`,
        hint: withGuess(Object.keys(MODE_TOPICS), Object.keys(MODE_TOPICS), 'modes'),
      };
    }
    case 'quality-assertion': {
      if (assertionType(use.value) !== undefined) return undefined;
      const known = Object.keys(ASSERTION_TYPES);
      return {
        segments: use.segments,
        message: `'${shown}' is not an assertion type kt evaluates; the policy would fail with a config error`,
        hint: `${withGuess([...known, ...known.map((t) => `not-${t}`)], known, 'types')} (each also with a not- prefix)`,
      };
    }
    case 'quality-dimension': {
      if (qualityDimension(use.value) !== undefined) return undefined;
      return {
        segments: use.segments,
        message: `'${shown}' is not a quality dimension kt scores; its weight and minimum would be ignored`,
        hint: withGuess([...QUALITY_DIMENSIONS, ...Object.keys(DIMENSION_ALIASES)], QUALITY_DIMENSIONS, 'dimensions'),
        at: 'key',
      };
    }
    case 'oversight-area': {
      if (oversightArea(use.value) !== undefined) return undefined;
      return {
        segments: use.segments,
        message: `'${shown}' is not an area human-oversight knows; answers in it would not be held for review`,
        hint: withGuess(OVERSIGHT_AREAS, OVERSIGHT_AREAS, 'areas'),
      };
    }
    case 'citation-style': {
      if (citationStyle(use.value) !== undefined) return undefined;
      return {
        segments: use.segments,
        message: `'${shown}' is not a citation style citation-verifier extracts; citations of it would not be found`,
        hint: withGuess([...CITATION_STYLES, 'urls', 'quotes'], CITATION_STYLES, 'styles'),
      };
    }
    case 'safety-threshold': {
      const n = Number(use.value);
      if ((use.value.trim() !== '' && Number.isFinite(n)) || SAFETY_THRESHOLD_WORDS.includes(use.value.toLowerCase()))
        return undefined;
      return {
        segments: use.segments,
        message: `'${shown}' is not a threshold; the classifier would use medium`,
        hint: withGuess(SAFETY_THRESHOLD_WORDS, SAFETY_THRESHOLD_WORDS, 'thresholds') + ' (or a number from 0 to 1)',
      };
    }
  }
}
