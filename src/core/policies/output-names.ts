/**
 * Names from fixed sets that human-oversight and citation-verifier read: the decision areas of
 * `require_human_for` and the citation styles of `extract_patterns`. The policies and lint
 * (src/schema/rules/names.ts) resolve them with the same functions; kept apart from the policy code so
 * that lint does not load it to check a name. A name neither knows is skipped by the policy and refused
 * by lint (E004): `require_human_for: [medical_advice]` or `extract_patterns: [urls]` used to lint clean
 * and switch that check off.
 *
 * Case and separators are not part of a name: the reference writes `hiring_actions` beside
 * `candidate-screening`, and `Financial_Advice`, `legal-opinions` or `URL` mean what they say.
 */

/** human-oversight areas (each has a keyword lexicon in human-oversight.ts), as the reference writes them. */
export const OVERSIGHT_AREAS = [
  'financial_advice',
  'medical_decisions',
  'legal_opinions',
  'hiring_actions',
  'hiring',
  'candidate-screening',
  'safety_critical',
] as const;

/** citation-verifier citation styles, as the reference writes them. */
export const CITATION_STYLES = ['url', 'academic', 'quote'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

const key = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Other names of an area, each the same lexicon: the subject spelt as advice, decisions or opinions (a pack
 * writing `medical_advice` or `legal_advice` meant the reference's area, and was refused with no suggestion).
 */
const AREA_ALIASES: ReadonlyArray<[string, string]> = [
  ['medical_advice', 'medical_decisions'],
  ['medical', 'medical_decisions'],
  ['legal_advice', 'legal_opinions'],
  ['legal', 'legal_opinions'],
  ['financial_decisions', 'financial_advice'],
  ['financial', 'financial_advice'],
];

const AREA_KEYS: ReadonlyMap<string, string> = new Map([
  ...OVERSIGHT_AREAS.map((a): [string, string] => [key(a), key(a)]),
  ...AREA_ALIASES,
]);

/** The area a `require_human_for` name stands for (its key in human-oversight's lexicon), if kt knows it. */
export function oversightArea(name: string): string | undefined {
  return AREA_KEYS.get(key(name));
}

/** Other spellings of a style: the plural (`urls`, `quotes`) and the names of what a style extracts. */
const STYLE_KEYS: ReadonlyMap<string, CitationStyle> = new Map([
  ['url', 'url'],
  ['urls', 'url'],
  ['academic', 'academic'],
  ['quote', 'quote'],
  ['quotes', 'quote'],
]);

/** The style an `extract_patterns` entry names, if kt extracts it. */
export function citationStyle(name: string): CitationStyle | undefined {
  return STYLE_KEYS.get(key(name));
}
