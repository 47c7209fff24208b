/**
 * The names quality-scorer reads from a fixed set: its dimensions (and the `benchmarks` keys that switch
 * them) and the assertion types it evaluates. The engine (quality-scorer.ts, quality-assertions.ts) and
 * lint (src/schema/rules/names.ts, quality.ts) read the same tables; kept apart from the engine code so
 * lint does not load the regex engine to check a name.
 */

export const QUALITY_DIMENSIONS = ['faithfulness', 'relevancy', 'coherence', 'completeness', 'accuracy'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** Other spellings of a dimension name the docs use (`dimensions: {relevance: ...}`). */
export const DIMENSION_ALIASES: Readonly<Record<string, QualityDimension>> = { relevance: 'relevancy' };

/** `benchmarks` keys and the dimension each one switches. */
export const BENCHMARK_DIMENSIONS: Readonly<Record<string, QualityDimension>> = {
  ragas_faithfulness: 'faithfulness',
  ragas_relevancy: 'relevancy',
  coherence: 'coherence',
  completeness: 'completeness',
};

/** The dimension a name in `weights` / `dimensions` means; undefined when kt does not score it. */
export function qualityDimension(name: string): QualityDimension | undefined {
  if ((QUALITY_DIMENSIONS as readonly string[]).includes(name)) return name as QualityDimension;
  return Object.hasOwn(DIMENSION_ALIASES, name) ? DIMENSION_ALIASES[name] : undefined;
}

export interface AssertionTypeSpec {
  /**
   * What `value` holds: a text; a list of texts (a lone string is a list of one); a text for the judge
   * (or `config[configKey]`); nothing.
   */
  value: 'text' | 'texts' | 'judge-text' | 'none';
  /** Compares text, so `case_sensitive` applies. */
  text: boolean;
  /** Scored 0..1 and compared with `threshold`. */
  scored: boolean;
  /** For judge texts: the `config` key that may hold the text instead of `value`. */
  configKey?: string;
}

/** The assertion types kt evaluates (each also with a `not-` prefix). Lint checks names against it. */
export const ASSERTION_TYPES: Readonly<Record<string, AssertionTypeSpec>> = {
  contains: { value: 'text', text: true, scored: false },
  icontains: { value: 'text', text: false, scored: false },
  'contains-any': { value: 'texts', text: true, scored: false },
  'contains-all': { value: 'texts', text: true, scored: false },
  equals: { value: 'text', text: true, scored: false },
  'starts-with': { value: 'text', text: true, scored: false },
  regex: { value: 'text', text: true, scored: false },
  'is-json': { value: 'none', text: false, scored: false },
  'context-faithfulness': { value: 'none', text: false, scored: true },
  'llm-rubric': { value: 'judge-text', text: false, scored: true, configKey: 'rubric' },
  factuality: { value: 'judge-text', text: false, scored: true, configKey: 'reference_statement' },
  'model-graded-closedqa': { value: 'judge-text', text: false, scored: true, configKey: 'criterion' },
};

export const DEFAULT_ASSERTION_THRESHOLD = 0.5;

/** The base type of a written type (`not-contains` -> contains, negated); undefined when kt does not know it. */
export function assertionType(
  written: string,
): { base: string; spec: AssertionTypeSpec; negated: boolean } | undefined {
  const negated = written.startsWith('not-');
  const base = negated ? written.slice(4) : written;
  const spec = Object.hasOwn(ASSERTION_TYPES, base) ? ASSERTION_TYPES[base] : undefined;
  return spec === undefined ? undefined : { base, spec, negated };
}
