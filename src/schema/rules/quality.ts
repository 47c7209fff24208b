/**
 * quality-scorer settings the schema cannot judge, checked against the engine's own tables
 * (src/core/policies/quality-names.ts: the assertion types and dimensions quality-scorer evaluates), so lint and
 * evaluation agree:
 * - E005: an assertion that needs a value has none (`contains` without `value`; a model-graded type
 *   without `value` or its `config` text). Evaluation would refuse the policy (a config error step).
 * - E004: a value of the wrong shape (a mapping where a text belongs); an assertion `threshold` outside
 *   0..1 on a scored type; weights that are all 0 (the aggregate would have nothing to average).
 * - W012: a setting that has no effect: `threshold` on a pass/fail type, `case_sensitive` on a type that
 *   compares no text (or on `icontains`, which always ignores case), `value` on `is-json` /
 *   `context-faithfulness`, `provider` / `pack` (kt's judges come from the runtime), and a minimum or
 *   weight on a dimension that `benchmarks` switches off.
 * Unknown assertion types and dimension names are names from a fixed set (names.ts, E004); the
 * `value` of a `regex` assertion is a pattern field (E007-E009, W010 in lint.ts).
 */
import { assertionType, BENCHMARK_DIMENSIONS, qualityDimension } from '../../core/policies/quality-names.js';
import type { JsonObject, JsonValue, PackModel } from '../../core/types.js';
import { valueAt } from '../json-pointer.js';
import { isObject } from '../../core/pack/json.js';
import { kindBlocks } from './blocks.js';

export interface QualityProblem {
  code: 'E004' | 'E005' | 'W012';
  segments: string[];
  message: string;
  hint: string;
  at?: 'key' | 'value';
}

/** The `value` of a regex assertion, with the case sensitivity it is compiled with. */
export interface AssertionPattern {
  segments: string[];
  value: string;
  caseInsensitive: boolean;
}

const isText = (v: JsonValue | undefined): boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const qualityBlocks = (doc: JsonObject, model: PackModel): string[][] => kindBlocks(doc, model, 'quality-scorer');

const assertionsOf = (doc: JsonObject, base: string[]): Array<{ a: JsonObject; at: string[] }> => {
  const list = valueAt(doc, [...base, 'assertions']);
  if (!Array.isArray(list)) return [];
  return list.flatMap((a, i) => (isObject(a) ? [{ a, at: [...base, 'assertions', String(i)] }] : []));
};

/** Regex assertions' patterns, for lint's regex checks. */
export function assertionPatterns(doc: JsonObject, model: PackModel): AssertionPattern[] {
  const out: AssertionPattern[] = [];
  for (const base of qualityBlocks(doc, model))
    for (const { a, at } of assertionsOf(doc, base))
      if (typeof a.type === 'string' && assertionType(a.type)?.base === 'regex' && typeof a.value === 'string')
        out.push({ segments: [...at, 'value'], value: a.value, caseInsensitive: a.case_sensitive === false });
  return out;
}

export function qualityProblems(doc: JsonObject, model: PackModel): QualityProblem[] {
  const out: QualityProblem[] = [];
  for (const base of qualityBlocks(doc, model)) {
    for (const { a, at } of assertionsOf(doc, base)) out.push(...assertionProblems(a, at));
    out.push(...dimensionProblems(valueAt(doc, base) as JsonObject, base));
  }
  return out;
}

function assertionProblems(a: JsonObject, at: string[]): QualityProblem[] {
  const out: QualityProblem[] = [];
  const written = typeof a.type === 'string' ? a.type : undefined;
  const type = written === undefined ? undefined : assertionType(written);
  // An unknown type is reported by names.ts; nothing else about the entry can be said.
  if (written === undefined || type === undefined) return out;
  const { spec, base } = type;
  const noEffect = (key: string, why: string, hint: string) =>
    out.push({
      code: 'W012',
      segments: [...at, key],
      message: `${written} assertion: '${key}' ${why}`,
      hint,
      at: 'key',
    });

  const value = a.value;
  if (spec.value === 'text' || spec.value === 'texts') {
    if (value === undefined || value === null || value === '')
      out.push({
        code: 'E005',
        segments: [...at, 'type'],
        message: `${written} assertion has no value: there is nothing to look for`,
        hint:
          spec.value === 'texts' ? `Add 'value: [text, ...]' to the assertion` : `Add 'value: <text>' to the assertion`,
      });
    else if (
      spec.value === 'text'
        ? !isText(value)
        : !(isText(value) || (Array.isArray(value) && value.length > 0 && value.every((v) => isText(v) && v !== '')))
    )
      out.push({
        code: 'E004',
        segments: [...at, 'value'],
        message: `${written} assertion: value must be ${spec.value === 'text' ? 'a text' : 'a list of texts'}`,
        hint: spec.value === 'text' ? `Write the text to look for` : 'Write a list of non-empty texts',
      });
  } else if (spec.value === 'judge-text') {
    const configText = isObject(a.config) && spec.configKey !== undefined ? a.config[spec.configKey] : undefined;
    if ((value === undefined || value === '') && (configText === undefined || configText === ''))
      out.push({
        code: 'E005',
        segments: [...at, 'type'],
        message: `${written} assertion has no text for the judge`,
        hint: `Add 'value: <text>' (or config.${spec.configKey ?? 'rubric'}) to the assertion`,
      });
    else if (value !== undefined && !isText(value))
      out.push({
        code: 'E004',
        segments: [...at, 'value'],
        message: `${written} assertion: value must be a text`,
        hint: 'Write the text the judge reads',
      });
  } else if (value !== undefined) {
    noEffect(
      'value',
      base === 'is-json'
        ? 'has no effect: kt checks that the answer parses as JSON, not a schema'
        : 'has no effect: the context documents of the request are what the answer is compared with',
      'Remove it',
    );
  }

  if (a.threshold !== undefined) {
    if (!spec.scored)
      noEffect('threshold', 'has no effect: the check passes or fails', 'Remove it (it applies to scored types only)');
    else if (typeof a.threshold === 'number' && (a.threshold < 0 || a.threshold > 1))
      out.push({
        code: 'E004',
        segments: [...at, 'threshold'],
        message: `${written} assertion: threshold must be between 0 and 1, found ${a.threshold}`,
        hint: 'Scores run from 0 to 1; write e.g. 0.7',
      });
  }
  if (a.case_sensitive !== undefined && !spec.text)
    noEffect(
      'case_sensitive',
      base === 'icontains'
        ? 'has no effect: icontains always ignores case'
        : 'has no effect: the type compares no text',
      base === 'icontains' ? "Remove it, or use 'contains' with case_sensitive" : 'Remove it',
    );
  for (const key of ['provider', 'pack'])
    if (a[key] !== undefined)
      noEffect(
        key,
        'has no effect: kt takes no judge per assertion',
        'Remove it; kt calls no judge model, so model-graded assertions are not evaluated (W013)',
      );
  return out;
}

function dimensionProblems(block: JsonObject, base: string[]): QualityProblem[] {
  const out: QualityProblem[] = [];
  const weights = isObject(block.weights) ? block.weights : {};
  const dimensions = isObject(block.dimensions) ? block.dimensions : {};
  const given: number[] = [];
  for (const [name, w] of Object.entries(weights))
    if (qualityDimension(name) !== undefined && typeof w === 'number') given.push(w);
  for (const [name, d] of Object.entries(dimensions))
    if (qualityDimension(name) !== undefined && isObject(d) && typeof d.weight === 'number') given.push(d.weight);
  if (given.length > 0 && given.every((w) => w <= 0))
    out.push({
      code: 'E004',
      segments: [...base, Object.keys(weights).length > 0 ? 'weights' : 'dimensions'],
      message: 'quality-scorer: every weight is 0, so the aggregate score has nothing to average',
      hint: 'Give at least one dimension a weight above 0, or remove the weights to use the built-in weighting',
      at: 'key',
    });

  const benchmarks = isObject(block.benchmarks) ? block.benchmarks : {};
  for (const [key, dimension] of Object.entries(BENCHMARK_DIMENSIONS)) {
    if (benchmarks[key] !== false) continue;
    const off = (segments: string[]) =>
      out.push({
        code: 'W012',
        segments,
        message: `quality-scorer: ${segments.slice(base.length).join('.')} has no effect: benchmarks.${key} is false, so ${dimension} is not scored`,
        hint: `Remove it, or set benchmarks.${key}: true`,
        at: 'key',
      });
    const thresholds = isObject(block.thresholds) ? block.thresholds : {};
    if (thresholds[`min_${dimension}`] !== undefined) off([...base, 'thresholds', `min_${dimension}`]);
    for (const [name, w] of Object.entries(weights))
      if (qualityDimension(name) === dimension && typeof w === 'number' && w > 0) off([...base, 'weights', name]);
    for (const [name, d] of Object.entries(dimensions))
      if (qualityDimension(name) === dimension && isObject(d)) off([...base, 'dimensions', name]);
  }
  return out;
}
