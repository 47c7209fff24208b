/**
 * Content-safety classifier: per-category scores from a weighted cue lexicon (safety-lexicon.ts), matched
 * on the normalised text (so look-alike letters and invisible characters do not hide a word), plus the
 * operator's `block_if` patterns (re2js), `blocked_topics` phrases (optionally fuzzy) and the mode's
 * built-in topics.
 *
 * Score of a category = 1 - exp(-evidence), where evidence sums the weights of the distinct cues found
 * (a repeated cue, or another name of the same thing - SAFETY_CUE_FAMILIES -, adds a little more each
 * time); in a text written in a register that speaks about a harm (recovery, a report, fiction, a legal or
 * medical text: safety-context.ts) the cues that name the harm as a topic count less; a claim about a group
 * quoted to be refuted ("it is a myth that ...": safety-refutation.ts) does not count, nor do its words. The threshold may be a number in [0, 1] or a word:
 * `low` = 0.3 (strict: flags on weaker evidence), `medium` = 0.5, `high` = 0.8 (flags only strong
 * evidence) - the severity level at which content is blocked, as content-safety services use the words.
 */
import { compileUserPattern, prepareRegexGroup } from './linear-regex.js';
import type { TextMatch } from './match.js';
import {
  asciiViewBytes,
  isAsciiView,
  mapSpan,
  nonAsciiUnits,
  normalizeForMatching,
  type NormalizedText,
  viewBytes,
} from './normalize.js';
import { requiredLiteral } from './injection.js';
import {
  SAFETY_CATEGORIES,
  SAFETY_CUE_FAMILIES,
  SAFETY_COMPANY_FROM,
  SAFETY_INSULT_WORDS,
  SAFETY_LEXICON,
  SAFETY_NEEDS_COMPANY,
  SAFETY_TEMPLATES,
  type SafetyCategory,
} from './safety-lexicon.js';
import { isCueWord, plainReading, unitBytes, withReading } from './safety-reading.js';
import { characterLine, narratedSpeech, quotationEnd, quotedExample, threatReceived } from './safety-quotations.js';
import { calledOnThing, cueCounts, cueRules, templateCounts } from './safety-counting.js';
import { EVIDENCE_WINDOW, WindowEvidence } from './safety-window.js';
import { CueScanner } from './safety-cues.js';
import type { TokenWindow } from './safety-tokens.js';
import { TemplateMatcher, type TemplateSpec } from './safety-templates.js';
import { MODE_TOPICS } from './safety-modes.js';
import { findTopics, prepareTopics } from './safety-topics.js';
import {
  CONTEXT_MIN_MARKERS,
  CONTEXT_REGISTERS,
  GAME_FRAMED_TEMPLATES,
  GAME_REGISTER,
  FICTION_REGISTER,
  familyThreatObject,
  gameObjectIsPerson,
  JOKE_FRAMED_TEMPLATES,
  jokeMarked,
  jokeMarkerFinder,
  PERSONAL_STANCES,
  SAFETY_INTENT_CUES,
  SAFETY_SLURS,
  cueWordUnused,
  harmOfNoThreat,
  colourRuns,
  MENTION_NONE,
  MENTION_ACT,
  MENTION_INSULT,
  MENTION_SLUR,
  speakerStance,
  speaksFromOutside,
  STANCE_OUTSIDE,
} from './safety-context.js';
import {
  explainedAfter,
  leadBefore,
  negatedBefore,
  negatedInClause,
  refusedRequestBefore,
  statementEnds,
  wishOfAnother,
} from './safety-clauses.js';
import { refutedClaim, refutedStatement } from './safety-refutation.js';
import { SAFETY_WEIGHT_SCALE } from './params/safety-weights.js';
import { SAFETY_CATEGORY_ALIASES, SAFETY_NAMED_THRESHOLDS } from './safety-names.js';

export { EVIDENCE_WINDOW } from './safety-window.js';
export { withinDistance } from './safety-topics.js';

export interface SafetyOptions {
  /** Categories to score (aliases accepted: hate, sexual, self-harm, S/H/V/HR/SH); empty = none (topics/patterns only). */
  categories: readonly string[];
  /** Number in [0, 1] or `low` | `medium` | `high` (see module comment). */
  threshold: number | string;
  blockIf: readonly string[];
  blockedTopics: readonly string[];
  mode?: string;
  /** Edit distance per word allowed when matching blocked topics (0 = exact). */
  fuzzyMaxDistance?: number;
}

export interface SafetyScan {
  scores: Record<string, number>;
  findings: TextMatch[];
}

export interface SafetyClassifier {
  scan(text: string): SafetyScan;
}

/** Findings kept per operator pattern; a hostile text repeating a match adds nothing after a few. */
const MAX_FINDINGS_PER_RULE = 32;

/** Sexual-cue evidence from which a text reads as explicit (score about 0.7). */
const SEXUAL_REGISTER_EVIDENCE = 1.2;
/** Key safetyCueCounts sets (count 1) on texts in the explicit sexual register. */
export const EXPLICIT_REGISTER_KEY = 'register:explicit';

/** Resolves a threshold option to a number in [0, 1]; unknown words fall back to `medium`. */
export function resolveSafetyThreshold(t: number | string | undefined): number {
  if (typeof t === 'number' && Number.isFinite(t)) return Math.min(1, Math.max(0, t));
  if (typeof t === 'string') {
    const n = Number(t);
    if (t.trim() !== '' && Number.isFinite(n)) return Math.min(1, Math.max(0, n));
    return SAFETY_NAMED_THRESHOLDS[t.toLowerCase()] ?? SAFETY_NAMED_THRESHOLDS.medium!;
  }
  return SAFETY_NAMED_THRESHOLDS.medium!;
}

interface Cue {
  category: SafetyCategory;
  weight: number;
  /** Counts only with company in its category (SAFETY_NEEDS_COMPANY): a name of a group, the subject's vocabulary. */
  needsCompany: boolean;
}

/**
 * Whether `key` (a cue term, or `template:<id>`) counts for `category` only in company (SAFETY_NEEDS_COMPANY),
 * and whether it is company there: any other evidence of a category that has such terms.
 */
export function needsCompany(category: SafetyCategory, key: string): boolean {
  return SAFETY_NEEDS_COMPANY[category]?.has(key) === true;
}
function isCompany(category: SafetyCategory, key: string): boolean {
  return SAFETY_NEEDS_COMPANY[category] !== undefined && !needsCompany(category, key);
}

/** The categories (bits) whose terms that need company a cue term vouches for: those it is another cue of. */
function cueCompanyBits(term: string, list: readonly Cue[]): number {
  return list.reduce((bits, cue) => (isCompany(cue.category, term) ? bits | categoryBit(cue.category) : bits), 0);
}

/** The categories (bits) whose terms that need company a template vouches for: its own, and SAFETY_COMPANY_FROM. */
function templateCompanyBits(t: TemplateSpec): number {
  let bits = SAFETY_NEEDS_COMPANY[t.category] !== undefined ? categoryBit(t.category) : 0;
  if (t.narrative !== true && t.noCompany !== true)
    for (const cat of SAFETY_CATEGORIES)
      if (SAFETY_COMPANY_FROM[cat]?.includes(t.category) === true) bits |= categoryBit(cat);
  return bits;
}

/**
 * Adds the span [start, end) to `spans` (start, end pairs in text order) unless it lies within the last one: the
 * matches of one quotation come in order and mostly nest ("I will kill you": threat, harm_to_person).
 */
function addSpanOnce(spans: number[], start: number, end: number): void {
  const n = spans.length;
  if (n >= 2 && spans[n - 2]! <= start && end <= spans[n - 1]!) return;
  // The same start, or a span that reaches back over the last (a received line's quotation holds earlier matches).
  if (n >= 2 && (spans[n - 2] === start || (start < spans[n - 2]! && end >= spans[n - 2]!))) {
    spans[n - 2] = Math.min(spans[n - 2]!, start);
    spans[n - 1] = Math.max(spans[n - 1]!, end);
    return;
  }
  spans.push(start, end);
}

/** The quotation opened at `quote` that a received threat matched at [start, end) lies in, added to `spans` (addSpanOnce). */
function addReceivedLine(spans: number[], text: string, quote: number, start: number, end: number): void {
  addSpanOnce(spans, quote, Math.max(end, quotationEnd(text, quote, start)));
}

/** Key safetyCueCounts sets when a text has company for the category's terms that need it. */
export function companyKey(category: SafetyCategory): string {
  return `company:${category}`;
}

/** 0 where `key` needs company in `category` and the row's counts (safetyCueCounts) have none, else 1. For the fitting script. */
export function safetyCompanyFactor(
  counts: ReadonlyMap<string, number>,
  category: SafetyCategory,
  key: string,
): number {
  return needsCompany(category, key) && !counts.has(companyKey(category)) ? 0 : 1;
}

/** A category's bit in per-category bit sets (by SAFETY_CATEGORIES index). */
function categoryBit(cat: SafetyCategory): number {
  return 1 << SAFETY_CATEGORIES.indexOf(cat);
}

/** Evidence added by the k-th occurrence of the same cue: repeats add less each time. */
function repeatFactor(count: number): number {
  return count === 1 ? 1 : 0.25 / (count - 1);
}

/** The registers (indexes into CONTEXT_REGISTERS) that lower each category. */
const REGISTERS_OF = new Map<SafetyCategory, number[]>(
  SAFETY_CATEGORIES.map((cat) => [cat, CONTEXT_REGISTERS.flatMap((r, i) => (r.categories.includes(cat) ? [i] : []))]),
);
const TEMPLATE_BY_KEY = new Map(SAFETY_TEMPLATES.map((t) => [`template:${t.id}`, t]));

/**
 * Whether the evidence of `key` (a cue term, or `template:<id>`) for `category` names the harm as a topic,
 * so that a register of the category lowers it (safety-context.ts): cues, and the narrative templates (harm
 * told as an event), except self-harm said in the first person (SAFETY_INTENT_CUES) and slurs (SAFETY_SLURS).
 * Threats, calls, orders, wishes and insults are not lowered.
 */
export function isTopicalEvidence(category: SafetyCategory, key: string): boolean {
  if ((REGISTERS_OF.get(category) ?? []).length === 0) return false;
  const template = TEMPLATE_BY_KEY.get(key);
  if (template) return template.narrative === true;
  if (category === 'hate_speech' && SAFETY_SLURS.has(key)) return false;
  return !(category === 'self_harm' && SAFETY_INTENT_CUES.has(key));
}

/**
 * Factor of a category's topical evidence given how many different markers of each register a text has
 * (by register index): the lowest factor among the registers of the category that the text is written in.
 */
function contextFactor(
  category: SafetyCategory,
  markerCounts: ArrayLike<number>,
  stance: (of: number) => number,
): number {
  let factor = 1;
  for (const r of REGISTERS_OF.get(category) ?? []) {
    if (markerCounts[r]! >= (CONTEXT_REGISTERS[r]!.minMarkers ?? CONTEXT_MIN_MARKERS))
      factor = Math.min(factor, CONTEXT_REGISTERS[r]!.factor);
  }
  // Spoken of from outside (no "I", "we" or "you" where the category has that rule): the register counts twice.
  const personal = PERSONAL_STANCES[category];
  if (factor < 1 && personal !== undefined && (stance(personal) & personal) === 0) factor *= factor;
  // Self-harm named as a subject in a text where nobody speaks of their own and that asks about it or tells of
  // someone else ("suicide rates in Japan?", "Hamlet contemplates suicide", "she attempts suicide in chapter
  // 12"; speaksFromOutside): no register word, but no "I", "me" or "my" either. The word alone then stays
  // under the default threshold; a way to die asked for is a template (not topical) and a wish said in the
  // first person is an intent cue, and both count in full.
  else if (
    factor === 1 &&
    category === 'self_harm' &&
    (stance(personal!) & personal!) === 0 &&
    (stance(STANCE_OUTSIDE) & STANCE_OUTSIDE) !== 0
  )
    factor = UNVOICED_SELF_HARM_FACTOR;
  return factor;
}

/** The index of the fiction register in CONTEXT_REGISTERS, and the markers it needs (characterLine). */
const FICTION = CONTEXT_REGISTERS.findIndex((r) => r.id === FICTION_REGISTER);
const FICTION_MIN_MARKERS = CONTEXT_REGISTERS[FICTION]!.minMarkers ?? CONTEXT_MIN_MARKERS;

/** The index of the game register in CONTEXT_REGISTERS, and its factor. */
const GAME = CONTEXT_REGISTERS.findIndex((r) => r.id === GAME_REGISTER);
const GAME_FACTOR = CONTEXT_REGISTERS[GAME]!.factor;

/**
 * The factor of a first-person threat or call matched at [start, end) of `view`: the game register's where the
 * text has a game marker and the threat's object is no person (safety-context.ts), else 1. Applied whatever the
 * text's length (past EVIDENCE_WINDOW through a window key of that weight: WINDOW_VARIANTS), and not in
 * safetyCueCounts: the fit keeps violence at its written weights.
 */
function gameFactor(
  spec: TemplateSpec,
  markerCounts: ArrayLike<number>,
  view: string,
  start: number,
  end: number,
): number {
  return markerCounts[GAME]! > 0 && GAME_FRAMED_TEMPLATES.has(spec.id) && !gameObjectIsPerson(view, start, end)
    ? GAME_FACTOR
    : 1;
}

/**
 * The most violence evidence of a threat at a sibling, a parent or a roommate marked as a joke (score 0.45:
 * flagged at `low`, not at `medium`; see the scan).
 */
const JOKE_EVIDENCE = 0.6;

/** What a template match adds over another of its category that it overlaps (the weaker's share; see the scan). */
const OVERLAP_FACTOR = 0.25;

/**
 * The factors a template match may count at in a text scored by window, by variant: in full, in a game's text
 * (GAME_FACTOR), as a weaker reading of overlapping words (OVERLAP_FACTOR), both. See windowVariantOf.
 */
const WINDOW_VARIANTS: readonly number[] = [1, GAME_FACTOR, OVERLAP_FACTOR, GAME_FACTOR * OVERLAP_FACTOR];
const GAME_VARIANT = 1;
const OVERLAP_VARIANT = 2;

/** The factor of self-harm topic words in a text with no register and no first person (contextFactor). */
const UNVOICED_SELF_HARM_FACTOR = 0.6;

/**
 * Whether `text` has a stance of `of` (speakerStance bits), read only when asked (most texts need no register)
 * and only as far as the first such word; what was read is kept for the next question.
 */
function lazyStance(text: string, original: string): (of: number) => number {
  let found = 0;
  let complete = false;
  let outsideRead = false;
  return (of) => {
    if ((of & STANCE_OUTSIDE) !== 0 && !outsideRead) {
      outsideRead = true;
      if (speaksFromOutside(original, text)) found |= STANCE_OUTSIDE;
    }
    of &= ~STANCE_OUTSIDE;
    if (of === 0 || (found & of) !== 0 || complete) return found;
    found |= speakerStance(text, of);
    if ((found & of) === 0) complete = true;
    return found;
  };
}

/** Key safetyCueCounts sets (to the factor) when a register lowers a category's topical evidence. */
export function contextKey(category: SafetyCategory): string {
  return `context:${category}`;
}

/**
 * The factor a row's counts (safetyCueCounts) give `key`'s evidence for `category`: the register's factor
 * where the key is topical evidence (isTopicalEvidence) and a register applies, else 1. For the fitting script.
 */
export function safetyContextFactor(
  counts: ReadonlyMap<string, number>,
  category: SafetyCategory,
  key: string,
): number {
  const factor = counts.get(contextKey(category));
  return factor !== undefined && isTopicalEvidence(category, key) ? factor : 1;
}

/**
 * Cue and template counts of a text (term or `template:<id>` -> effective count, repeats discounted as in
 * the classifier), for the fitting script (scripts/fit-safety.mjs). Same normalisation, matchers and rules
 * for what counts (cueCounts, templateCounts) as `scan`; counted over the whole text, as `scan` scores a
 * text up to EVIDENCE_WINDOW long (longer ones it scores by window, by category). A text with a refuted claim
 * is counted twice, as `scan` scans it: the second time without the claim's words.
 */
export function safetyCueCounts(text: string): Map<string, number> {
  const refuted: number[] = [];
  const counts = cueCountsSkipping(text, NO_SPANS, refuted);
  return refuted.length === 0 ? counts : cueCountsSkipping(text, refuted, []);
}

/**
 * For harmForetoldOfThing: whether the word at an offset of `view` is written with a capital letter in `original`
 * (a name: "Jake is going to kill you"; the matching view is lower case).
 */
function capitalIn(original: string, view: NormalizedText): (at: number) => boolean {
  return (at) => {
    const c = original.charCodeAt(mapSpan(view, at, at + 1).start);
    return c >= 65 && c <= 90;
  };
}

/** safetyCueCounts, not counting the cue words inside the spans of `skip` except slurs; adds the refuted claims found to `refuted`. */
function cueCountsSkipping(text: string, skip: readonly number[], refuted: number[]): Map<string, number> {
  const view = normalizeForMatching(text, { decode: false, unicode: true, homoglyphs: true });
  const named = capitalIn(text, view);
  const out = new Map<string, number>();
  const seen = new Map<string, number>();
  const add = (key: string): void => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    out.set(key, (out.get(key) ?? 0) + repeatFactor(count));
  };
  const { cues, templates, rules, markers } = allMatchers();
  let sexualEvidence = 0;
  const markerCounts = new Int32Array(CONTEXT_REGISTERS.length);
  const markersSeen = new Set<string>();
  const sexual = SAFETY_LEXICON.sexual_content;
  const matched: TemplateSpec[] = [];
  const matchedStarts: number[] = [];
  let skipAt = 0;
  const onCue = (term: string, start: number, end: number, _index: number, bytes: Uint8Array): void => {
    if (!cueCounts(bytes, view.text.length, start, end, rules.get(term) ?? 0)) return;
    const register = markers.get(term);
    if (
      register !== undefined &&
      !markersSeen.has(term) &&
      !(CONTEXT_REGISTERS[register]!.negatable && negatedBefore(view.text, start))
    ) {
      markersSeen.add(term);
      markerCounts[register]!++;
    }
    if (!lexiconTerms.has(term)) return;
    if (cueWordUnused(mentionKindOf(term), view.text, start, end)) return;
    if (violenceTerms.has(term) && harmOfNoThreat(view.text, start, end, named)) return;
    if (intentTerms.has(term) && (wishOfAnother(view.text, start) || narratedSpeech(view.text, start))) return;
    if (skip.length > 0 && !SAFETY_SLURS.has(term)) {
      while (skipAt < skip.length && skip[skipAt + 1]! <= start) skipAt += 2;
      if (skipAt < skip.length && skip[skipAt]! <= start) return;
    }
    // A term of a family counts as a repeat of the family's first term (SAFETY_CUE_FAMILIES).
    const repeatKey = FAMILY_OF.get(term) ?? term;
    const before = seen.get(repeatKey) ?? 0;
    seen.set(repeatKey, before + 1);
    out.set(term, (out.get(term) ?? 0) + repeatFactor(before + 1));
    const w = sexual[term];
    if (w !== undefined)
      sexualEvidence += w * (SAFETY_WEIGHT_SCALE.sexual_content?.[term] ?? 1) * repeatFactor(before + 1);
  };
  // Whether a template match counts is decided during the scan (it reads the scan bytes); the matches that
  // do are added after all cues, as in the classifier.
  cues.scanSparse(view.text, onCue, (tokens) =>
    templates.matchAt(tokens, (spec, last) => {
      const start = tokens.start(0);
      const end = tokens.end(last - 1);
      if (!templateCounts(tokens.bytes(), tokens.length(), start, tokens.end(0), end)) return;
      // "... the illnesses that should be eradicated": a call that names no one (safety-counting.ts).
      if (spec.relativeThing === true && calledOnThing(tokens.bytes(), start, end)) return;
      // "Don't tell me how to kill myself": the request is refused (the tokens read two words back, this further).
      // A negation before the match in its clause ("I would never in my life want to hurt anyone").
      if (spec.negatable === true && (negatedInClause(view.text, start) || refusedRequestBefore(view.text, start)))
        return;
      if (spec.leadBefore !== undefined && !leadBefore(spec.leadBefore, view.text, start)) return;
      if (spec.endsStatement === true && !statementEnds(view.text, end)) return;
      if (spec.unlessExplained === true && explainedAfter(view.text, end)) return;
      if (spec.claim === true && refutedClaim(view.text, start, end)) {
        refuted.push(start, end);
        return;
      }
      if (spec.refutedOnly === true && !refutedStatement(view.text, start, end)) return;
      if (spec.category === 'violence' && harmOfNoThreat(view.text, start, end, named)) return;
      if (spec.category === 'violence' && colourRuns(view.text, end)) return;
      if (characterLine(spec.category, spec.id, spec.narrative === true, false, view.text, start)) return;
      if (quotedExample(view.text, start)) {
        addSpanOnce(refuted, start, end);
        return;
      }
      const received = threatReceived(spec.category, spec.id, spec.narrative === true, view.text, start);
      if (received >= 0) {
        addReceivedLine(refuted, view.text, received, start, end);
        return;
      }
      matched.push(spec);
      matchedStarts.push(start);
    }),
  );
  // A threat in a character's line of a story (characterLine): the register is known once every marker is seen.
  const fiction = markerCounts[FICTION]! >= FICTION_MIN_MARKERS;
  for (let k = 0; k < matched.length; k++) {
    const spec = matched[k]!;
    if (
      fiction &&
      spec.category === 'violence' &&
      characterLine('violence', spec.id, spec.narrative === true, true, view.text, matchedStarts[k]!)
    )
      continue;
    add(`template:${spec.id}`);
  }
  // Marks the texts where crude harassment words count half (see scan).
  if (sexualEvidence >= SEXUAL_REGISTER_EVIDENCE) out.set(EXPLICIT_REGISTER_KEY, 1);
  // Marks the categories whose group names and subject words count here (hostile company found).
  for (const cat of SAFETY_CATEGORIES) {
    if (SAFETY_NEEDS_COMPANY[cat] === undefined) continue;
    for (const key of out.keys()) {
      const template = TEMPLATE_BY_KEY.get(key);
      const companion = template
        ? (templateCompanyBits(template) & categoryBit(cat)) !== 0
        : Object.hasOwn(SAFETY_LEXICON[cat], key) && isCompany(cat, key);
      if (companion) {
        out.set(companyKey(cat), 1);
        break;
      }
    }
  }
  const stance = lazyStance(view.text, text);
  for (const cat of SAFETY_CATEGORIES) {
    const factor = contextFactor(cat, markerCounts, stance);
    if (factor < 1) out.set(contextKey(cat), factor);
  }
  return out;
}

/** Cue term -> the first term of its family (SAFETY_CUE_FAMILIES), whose repeats it shares. */
const FAMILY_OF = new Map<string, string>(
  SAFETY_CUE_FAMILIES.flatMap((family) => family.map((t): [string, string] => [t, family[0]!])),
);

/** The harassment and the violence cue terms (lower case). */
const harassmentTerms = new Set(Object.keys(SAFETY_LEXICON.harassment).map((t) => t.toLowerCase()));
const violenceTerms = new Set(Object.keys(SAFETY_LEXICON.violence).map((t) => t.toLowerCase()));
/** The self-harm cues said in the first person (SAFETY_INTENT_CUES), lower case. */
const intentTerms = new Set([...SAFETY_INTENT_CUES].filter((t) => Object.hasOwn(SAFETY_LEXICON.self_harm, t)));

/**
 * How a cue term may be mentioned rather than used (cueWordUnused): a slur, an insult of one word that is a
 * harassment cue, or another harassment or sexual cue, which names an act ("dox", "stalk", "porn") and is not used
 * where it is defined. The classifier and safetyCueCounts read it alike.
 */
function mentionKindOf(term: string): number {
  if (SAFETY_SLURS.has(term)) return MENTION_SLUR;
  if (harassmentTerms.has(term)) return SAFETY_INSULT_WORDS.has(term) ? MENTION_INSULT : MENTION_ACT;
  return Object.hasOwn(SAFETY_LEXICON.sexual_content, term) ? MENTION_ACT : MENTION_NONE;
}

/** Every cue term of the lexicon (lower case). */
const lexiconTerms = new Set<string>();
for (const cat of SAFETY_CATEGORIES)
  for (const t of Object.keys(SAFETY_LEXICON[cat])) lexiconTerms.add(t.toLowerCase());

/**
 * A typed array of `of(term, i)` for each term of `terms`, as TypedArray.from with a function, filled by index:
 * from() read the list through an iterator, a result object per term (garbage when a policy is prepared).
 */
function mapTerms<A extends Int32Array | Uint8Array>(
  kind: new (length: number) => A,
  terms: readonly string[],
  of: (term: string, i: number) => number,
): A {
  const out = new kind(terms.length);
  for (let i = 0; i < terms.length; i++) out[i] = of(terms[i]!, i);
  return out;
}

let cachedCues: ReadonlyMap<string, readonly Cue[]> | undefined;
/**
 * Term -> its cues (a term may count for several categories, e.g. "worthless" for self-harm and harassment), for
 * all categories: the same for every classifier, made by the first one prepared and shared (read only).
 */
function lexiconCues(): ReadonlyMap<string, readonly Cue[]> {
  if (cachedCues === undefined) {
    const cues = new Map<string, Cue[]>();
    for (let c = 0; c < SAFETY_CATEGORIES.length; c++) {
      const cat = SAFETY_CATEGORIES[c]!;
      const lexicon = SAFETY_LEXICON[cat];
      const terms = Object.keys(lexicon);
      for (let i = 0; i < terms.length; i++) {
        const key = terms[i]!.toLowerCase();
        const scaled = lexicon[terms[i]!]! * (SAFETY_WEIGHT_SCALE[cat]?.[key] ?? 1);
        // A term fitted to nothing is dropped, unless it vouches for group names (company): the fit counted it so.
        if (scaled <= 0 && !isCompany(cat, key)) continue;
        const cue = { category: cat, weight: Math.max(0, scaled), needsCompany: needsCompany(cat, key) };
        const list = cues.get(key);
        if (list === undefined) cues.set(key, [cue]);
        else list.push(cue);
      }
    }
    cachedCues = cues;
  }
  return cachedCues;
}

interface AllMatchers {
  cues: CueScanner;
  templates: TemplateMatcher;
  rules: Map<string, number>;
  /** Register marker -> its register's index in CONTEXT_REGISTERS. */
  markers: Map<string, number>;
}
let cachedMatchers: AllMatchers | undefined;
function allMatchers(): AllMatchers {
  if (!cachedMatchers) {
    const markers = new Map<string, number>();
    CONTEXT_REGISTERS.forEach((r, i) => r.markers.forEach((m) => markers.set(m, i)));
    const terms = new Set([...lexiconTerms, ...markers.keys()]);
    const templates = new TemplateMatcher(SAFETY_TEMPLATES);
    cachedMatchers = {
      cues: new CueScanner(
        terms,
        templates.vocabulary,
        templates.startWords(),
        (id) => templates.secondWordsOf(id),
        (id) => templates.laterWordsOf(id),
      ),
      templates,
      rules: new Map([...terms].map((t) => [t, cueRules(t)])),
      markers,
    };
  }
  return cachedMatchers;
}

/**
 * The template matcher and cue scanner of each set of wanted categories, built the first time a classifier of
 * that set is prepared and shared by the later ones: building them was most of a classifier's prepare, which a
 * gateway pays again at every reload (the event loop waits for it), and once per safety step of a pack. They
 * depend on the set alone (the lexicon's cues, the markers of the registers that lower a wanted category, the
 * templates of the wanted categories and of their company), and they carry nothing from one scan to the next
 * (a scan runs to its end before another starts), as allMatchers' are shared by safetyCueCounts' calls. At
 * most one entry per subset of SAFETY_CATEGORIES.
 */
const scannersByCategories = new Map<string, { templates: TemplateMatcher; cueScanner: CueScanner }>();

function scannersOf(
  wanted: ReadonlySet<SafetyCategory>,
  cues: ReadonlyMap<string, unknown>,
  markerRegister: ReadonlyMap<string, number>,
): { templates: TemplateMatcher; cueScanner: CueScanner } {
  const key = SAFETY_CATEGORIES.filter((c) => wanted.has(c)).join(',');
  let scanners = scannersByCategories.get(key);
  if (scanners === undefined) {
    // The templates of the wanted categories, and those that vouch for a wanted category's group names (company only).
    let wantedBits = 0;
    wanted.forEach((c) => (wantedBits |= categoryBit(c)));
    const templates = new TemplateMatcher(
      SAFETY_TEMPLATES.filter((t) => wanted.has(t.category) || (templateCompanyBits(t) & wantedBits) !== 0),
    );
    // The cue terms, then the markers that are not cue terms (a Set of the two, without its iterators).
    const terms: string[] = [];
    cues.forEach((_cues, term) => terms.push(term));
    markerRegister.forEach((_register, marker) => {
      if (!cues.has(marker)) terms.push(marker);
    });
    const cueScanner = new CueScanner(
      terms,
      templates.vocabulary,
      templates.startWords(),
      (id) => templates.secondWordsOf(id),
      (id) => templates.laterWordsOf(id),
    );
    scannersByCategories.set(key, (scanners = { templates, cueScanner }));
  }
  return scanners;
}

/** Prepares the classifier once: the cue index, the composed patterns, compiled user patterns. */
export function prepareSafetyClassifier(opts: SafetyOptions): SafetyClassifier {
  const wanted = new Set<SafetyCategory>();
  for (const c of opts.categories) {
    const key = c.toLowerCase();
    const cat = Object.hasOwn(SAFETY_CATEGORY_ALIASES, key) ? SAFETY_CATEGORY_ALIASES[key] : undefined;
    if (cat) wanted.add(cat);
  }
  const threshold = resolveSafetyThreshold(opts.threshold);

  const cues = lexiconCues();
  // Markers of the registers that lower a wanted category (safety-context.ts), scanned with the cues.
  const markerRegister = new Map<string, number>();
  CONTEXT_REGISTERS.forEach((r, i) => {
    if (r.categories.some((c) => wanted.has(c))) for (const m of r.markers) markerRegister.set(m, i);
  });
  const { templates, cueScanner } = scannersOf(wanted, cues, markerRegister);
  // Long texts are scored by window: each cue term (by the scanner's index) and each template has a key there.
  const cueTermList = cueScanner.cueTerms();
  const windowEvidence = new WindowEvidence(wanted, repeatFactor, SEXUAL_REGISTER_EVIDENCE);
  for (let i = 0; i < cueTermList.length; i++) {
    const term = cueTermList[i]!;
    const key = windowEvidence.newKey(false);
    const list = cues.get(term) ?? [];
    for (let c = 0; c < list.length; c++) {
      const cue = list[c]!;
      windowEvidence.addWeight(key, cue.category, cue.weight, isTopicalEvidence(cue.category, term), cue.needsCompany);
    }
    windowEvidence.setCompany(key, cueCompanyBits(term, list));
  }
  // Per term (by the scanner's index): the index whose repeats it shares - the first term of its family
  // (SAFETY_CUE_FAMILIES; same weights, so one window key serves them all), else itself.
  const termIndex = new Map<string, number>();
  for (let i = 0; i < cueTermList.length; i++) termIndex.set(cueTermList[i]!, i);
  const repeatOf = mapTerms(Int32Array, cueTermList, (term, i) => termIndex.get(FAMILY_OF.get(term) ?? term) ?? i);
  // Per template: its key in `seen`, its weight (fitted scale applied) and its window keys, computed once. A
  // window sums a key's evidence at a fixed weight, so a match that counts at a factor in a text scored whole
  // has a key of its own at that weight (WINDOW_VARIANTS): in a game's text, or as another reading of the words
  // of a stronger match (OVERLAP_FACTOR) - a long text judges such a match as a short one does.
  const templateEvidence = new Map(
    SAFETY_TEMPLATES.map((t) => {
      const weight = t.weight * (SAFETY_WEIGHT_SCALE[t.category]?.[`template:${t.id}`] ?? 1);
      const topical = isTopicalEvidence(t.category, `template:${t.id}`);
      const numbers = WINDOW_VARIANTS.map((factor) => {
        const number = windowEvidence.newKey(true);
        windowEvidence.addWeight(number, t.category, weight * factor, topical);
        windowEvidence.setCompany(number, templateCompanyBits(t));
        return number;
      });
      // The variants' keys follow one another (windowKey adds a variant to the first).
      if (numbers.some((number, v) => number !== numbers[0]! + v))
        throw new Error('safety: window keys not consecutive');
      return [
        t,
        {
          key: `template:${t.id}`,
          weight,
          numbers,
          topical,
          companyBit: templateCompanyBits(t),
          counted: wanted.has(t.category),
          // Its overlap group (see the scan): by category, topical or not.
          group: SAFETY_CATEGORIES.indexOf(t.category) * 2 + (topical ? 1 : 0),
        },
      ];
    }),
  );
  const blockIf = opts.blockIf.map((p) => ({ re: compileUserPattern(p), literal: requiredLiteral(p) }));
  // The rules read the text together, as dlp's patterns do (one folded copy, one set pass).
  const blockIfGroup = prepareRegexGroup(blockIf.map((b) => b.re));
  const modeTopics = opts.mode ? (MODE_TOPICS[opts.mode] ?? []) : [];
  const maxDistance = Math.max(0, Math.floor(opts.fuzzyMaxDistance ?? 0));
  // Topics are read through the same view as the text (look-alikes and accents folded alike).
  const topics = prepareTopics(
    [...opts.blockedTopics, ...modeTopics].map(
      (t) => normalizeForMatching(t, { decode: false, unicode: true, homoglyphs: true }).text,
    ),
    maxDistance,
  );

  // Per-scan tables, reused (a scan runs to its end before the next starts, and nothing returned refers to
  // them): most texts find no cue, and three new Maps per call were a measurable share of a 1 KB scan.
  const evidence = new Map<SafetyCategory, number>();
  // The part of `evidence` that names a harm as a topic (isTopicalEvidence), which a register lowers.
  const topicalEvidence = new Map<SafetyCategory, number>();
  const seen = new Map<string, number>();
  const spans = new Map<SafetyCategory, Array<{ start: number; end: number }>>();
  // Every result's scores object has the same keys in the same order: copied from this one.
  const zeroScores: Record<string, number> = {};
  for (const cat of wanted) zeroScores[cat] = 0;
  const wantedList = [...wanted];
  // Per cue term (by the scanner's index): its cues and how often it was seen in this scan. Arrays, not
  // maps keyed by the term: a conversational megabyte reports some 5,000 cues.
  const cueLists = cueTermList.map((term) => cues.get(term) ?? []);
  // The rules each term is counted with (safety-counting.ts), by the same index.
  const termRules = cueTermList.map(cueRules);
  const seenCues = new Int32Array(cueLists.length);
  const countedCues: number[] = [];
  // Per term: whether its cues name a harm as a topic, by category of the term's cue list; its register
  // when it is a marker (-1 otherwise); per scan, which markers were seen and how many per register.
  const cueTopical = cueTermList.map((term, i) => cueLists[i]!.map((cue) => isTopicalEvidence(cue.category, term)));
  // Per term, and per template: the categories (bits by SAFETY_CATEGORIES index) in which it is topical
  // evidence. A long text asks a category's register (and so maybe reads the text's stance) only where it
  // found topical evidence of that category.
  const termTopicalBits = mapTerms(Int32Array, cueTermList, (_term, i) =>
    cueLists[i]!.reduce((bits, cue, c) => (cueTopical[i]![c] ? bits | categoryBit(cue.category) : bits), 0),
  );
  const termRegister = mapTerms(Int32Array, cueTermList, (term) => markerRegister.get(term) ?? -1);
  // Per term: the categories for which it is company (isCompany), and whether any of its cues needs company.
  const termCompanyBits = mapTerms(Int32Array, cueTermList, (term, i) => cueCompanyBits(term, cueLists[i]!));
  // Evidence of the terms that need company (by category), held until the scan knows whether it has company.
  const namedEvidence = new Map<SafetyCategory, number>();
  const namedTopicalEvidence = new Map<SafetyCategory, number>();
  // A term is a cue or a marker, never both: a marker's occurrences are not evidence.
  for (let i = 0; i < cueTermList.length; i++)
    if (termRegister[i]! >= 0 && cueLists[i]!.length > 0)
      throw new Error(`safety: ${cueTermList[i]} is both a cue and a register marker`);
  const registerNegatable = CONTEXT_REGISTERS.map((r) => r.negatable);
  // Per term: whether it is a slur, which does not count where it is mentioned rather than used.
  const termSlur = mapTerms(Uint8Array, cueTermList, (term) => (SAFETY_SLURS.has(term) ? 1 : 0));
  // Per term: whether it is a slur or an insult of one word, which does not count where it is mentioned ("the word
  // 'moron'") or, for an insult, where a name-calling is reported ("the bully calls the boy a freak"; 2026-11-24).
  const termMention = mapTerms(Uint8Array, cueTermList, mentionKindOf);
  // Per term: whether it is a violence cue, which does not count where the harm falls on the writer from someone
  // else ("my boss is going to kill me"; harmFallsOnSpeaker).
  const termViolence = mapTerms(Uint8Array, cueTermList, (term) => (violenceTerms.has(term) ? 1 : 0));
  // Per term: whether it is a self-harm cue said in the first person (SAFETY_INTENT_CUES), which names the
  // subject instead where it is what a refused request asks for ("don't tell me how to kill myself").
  const termIntent = mapTerms(Uint8Array, cueTermList, (term, i) =>
    cueLists[i]!.some((cue) => cue.category === 'self_harm') && SAFETY_INTENT_CUES.has(term) ? 1 : 0,
  );
  // The matching view of the text being scanned (read by onMatch, made once).
  let viewText = '';
  const markerSeen = new Uint8Array(cueTermList.length);
  const seenMarkers: number[] = [];
  const markerCounts = new Int32Array(CONTEXT_REGISTERS.length);
  // Template matches are kept and counted after all cues, as the whole-text scan did (the same sums in
  // the same order; of a category's first 20 spans, cue spans come first). Emptied by each scan, read
  // before it returns. The callbacks are made once: `window` is the scanner's, the same at every start.
  // Whether a match counts (templateCounts) is decided here, during the scan, where the scan bytes it
  // reads are valid and in the cache; only the matches that count are kept.
  // As three lists, not an object per match (a hostile megabyte of "i will kill you" holds 65k).
  const matched: TemplateSpec[] = [];
  const matchedStarts: number[] = [];
  const matchedEnds: number[] = [];
  // Per overlap group (category, topical or not): where the group's run of overlapping matches ends, and the
  // most evidence one of them gave, and all of them together.
  const groupEnd = new Int32Array(SAFETY_CATEGORIES.length * 2);
  const groupMax = new Float64Array(SAFETY_CATEGORIES.length * 2);
  const groupSum = new Float64Array(SAFETY_CATEGORIES.length * 2);
  // A long text: per match, its window key (its template's key of the variant: WINDOW_VARIANTS); per overlap
  // group, the match that is the strongest of its run so far.
  const windowKey: number[] = [];
  const groupBest = new Int32Array(SAFETY_CATEGORIES.length * 2);
  /**
   * The window variant of match k of a long text, which counts `found` (weight and game factor) in overlap group
   * `group`: the game's where `game` < 1, and the weaker reading's unless it is the strongest of its run of
   * overlapping matches so far (the strongest before it, now weaker, becomes a weaker reading) - the evidence
   * of a run as in a text scored whole (see the scan).
   */
  const windowVariantOf = (
    k: number,
    game: number,
    found: number,
    start: number,
    end: number,
    group: number,
  ): number => {
    const variant = game < 1 ? GAME_VARIANT : 0;
    if (start < groupEnd[group]!) {
      groupEnd[group] = Math.max(groupEnd[group]!, end);
      if (found <= groupMax[group]!) return variant | OVERLAP_VARIANT;
      windowKey[groupBest[group]!]! += OVERLAP_VARIANT;
    } else groupEnd[group] = end;
    groupMax[group] = found;
    groupBest[group] = k;
    return variant;
  };
  // The refuted claims of the scan (start, end pairs in text order), whose cue words a second pass skips.
  const refutedFound: number[] = [];
  let window: TokenWindow | undefined;
  const onMatch = (spec: TemplateSpec, last: number): void => {
    const w = window!;
    const start = w.start(0);
    const end = w.end(last - 1);
    if (!templateCounts(w.bytes(), w.length(), start, w.end(0), end)) return;
    // "... the illnesses that should be eradicated": a call that names no one (safety-counting.ts).
    if (spec.relativeThing === true && calledOnThing(w.bytes(), start, end)) return;
    // "Don't tell me how to kill myself": the request is refused (the tokens read two words back, this further).
    // A negation before the match in its clause ("I would never in my life want to hurt anyone").
    if (spec.negatable === true && (negatedInClause(viewText, start) || refusedRequestBefore(viewText, start))) return;
    // "... want to commit genocide", "can't wait to kill you": the lead the template needs, read back.
    if (spec.leadBefore !== undefined && !leadBefore(spec.leadBefore, viewText, start)) return;
    // "I know where your kids go to school": a threat only where the statement ends there.
    if (spec.endsStatement === true && !statementEnds(viewText, end)) return;
    if (spec.unlessExplained === true && explainedAfter(viewText, end)) return;
    // "It is a myth that ...": the claim is quoted to be refuted; its words are skipped on a second pass (scan).
    if (spec.claim === true && refutedClaim(viewText, start, end)) {
      refutedFound.push(start, end);
      return;
    }
    // "The lie that ... are human": a statement that is hate only when refuted.
    if (spec.refutedOnly === true && !refutedStatement(viewText, start, end)) return;
    // "My boss is going to kill me", "this heat is going to kill you", "I could strangle him for forgetting the
    // tickets": no threat of the writer's, as the cues read it (harmOfNoThreat, safety-context.ts).
    if (spec.category === 'violence' && harmOfNoThreat(viewText, start, end, subjectNamed)) return;
    // "Make them bleed into the rice": a colour running, said of beetroots (safety-context.ts).
    if (spec.category === 'violence' && colourRuns(viewText, end)) return;
    // "The villain hissed, \"you worthless fool\"", "'I want to die,' she whispered": a character's line, not the
    // writer's (safety-quotations.ts). A threat's line waits for the register (see the scan).
    if (characterLine(spec.category, spec.id, spec.narrative === true, false, viewText, start)) return;
    // 'Do not post threats such as "I will kill you"', 'we remove posts like "<group> are vermin"': a quotation
    // given as an example of what rules ban is mentioned, not said, in every category; its cue words (not its
    // slurs) are skipped on a second pass, as a refuted claim's (safety-context.ts). So is a threat said or sent to
    // the writer, who tells of it ('my ex texted me "I will kill you"', safety-quotations.ts).
    if (quotedExample(viewText, start)) {
      addSpanOnce(refutedFound, start, end);
      return;
    }
    // Of a threat received, every word of its line is the sender's ('he sent me "I will find you and kill you"').
    const received = threatReceived(spec.category, spec.id, spec.narrative === true, viewText, start);
    if (received >= 0) {
      addReceivedLine(refutedFound, viewText, received, start, end);
      return;
    }
    matched.push(spec);
    matchedStarts.push(start);
    matchedEnds.push(end);
  };
  /** Drops from the matches kept the violence templates in a character's line (the text is a story). */
  const dropCharacterThreats = (): void => {
    let kept = 0;
    for (let k = 0; k < matched.length; k++) {
      const spec = matched[k]!;
      if (
        spec.category === 'violence' &&
        characterLine('violence', spec.id, spec.narrative === true, true, viewText, matchedStarts[k]!)
      )
        continue;
      matched[kept] = spec;
      matchedStarts[kept] = matchedStarts[k]!;
      matchedEnds[kept] = matchedEnds[k]!;
      kept++;
    }
    matched.length = matchedStarts.length = matchedEnds.length = kept;
  };
  const onStart = (tokens: TokenWindow): void => {
    window = tokens;
    templates.matchAt(tokens, onMatch);
  };

  // The state of the scan under way, read by the cue and span callbacks below. They are made once, not per
  // scan: a callback made per scan is a new call target for the scanner each time, which the compiler
  // stops inlining once it has seen a few (a megabyte of cue words then cost ~1.5x).
  let view!: NormalizedText;
  // The text being scanned, for the capital of a subject (harmForetoldOfThing: "Jake is going to kill you").
  let originalText = '';
  const subjectNamed = (at: number): boolean => {
    const c = originalText.charCodeAt(mapSpan(view, at, at + 1).start);
    return c >= 65 && c <= 90;
  };
  let n = 0;
  let skip: readonly number[] = NO_SPANS;
  // Cues come in text order, so the first span that may hold the next one only moves forward.
  let skipAt = 0;
  // Categories with company in this text (bits): their terms that need company count.
  let company = 0;
  let sexualEvidence = 0;
  let harassmentWords = 0;
  // Categories with topical evidence in a windowed text (see termTopicalBits).
  let windowTopical = 0;
  // A text longer than a window: its cues and templates are kept as events, scored by window below.
  let windowed = false;
  const addSpan = (cat: SafetyCategory, start: number, end: number): void => {
    let list = spans.get(cat);
    if (list === undefined) {
      list = [];
      spans.set(cat, list);
    }
    if (list.length >= 20) return;
    // A cue and a template often cover the same words ("I will kill"): one finding per span.
    const span = mapSpan(view, start, end);
    for (let k = 0; k < list.length; k++) if (list[k]!.start === span.start && list[k]!.end === span.end) return;
    list.push(span);
  };
  const onCue = (_term: string, start: number, end: number, index: number, bytes: Uint8Array): void => {
    const list = cueLists[index]!;
    const register = termRegister[index]!;
    // A marker seen before in this text adds nothing (markers are not cues: a term is one or the other).
    if (register >= 0 && markerSeen[index] !== 0) return;
    if (!cueCounts(bytes, n, start, end, termRules[index]!)) return;
    // A register marker: counted once per text, unless a negation comes just before ("never get better").
    if (register >= 0) {
      if (registerNegatable[register] && negatedBefore(view.text, start)) return;
      markerSeen[index] = 1;
      seenMarkers.push(index);
      markerCounts[register]!++;
      return;
    }
    // A slur mentioned, not used ("retard jokes", "the word ..."): no evidence (safety-context.ts).
    if (termMention[index] !== MENTION_NONE && cueWordUnused(termMention[index]!, view.text, start, end)) return;
    // "My boss is going to kill me", "smoking will kill you": no threat of the writer's (safety-context.ts).
    if (termViolence[index] === 1 && harmOfNoThreat(view.text, start, end, subjectNamed)) return;
    // A wish to die whose subject is someone else ("they want to die": wishOfAnother), or in a character's line
    // ("'I want to die,' she whispered": narratedSpeech).
    if (termIntent[index] === 1 && (wishOfAnother(view.text, start) || narratedSpeech(view.text, start))) return;
    // A word of a refuted claim (a slur still counts, as in a report).
    if (skip.length > 0 && termSlur[index] === 0) {
      while (skipAt < skip.length && skip[skipAt + 1]! <= start) skipAt += 2;
      if (skipAt < skip.length && skip[skipAt]! <= start) return;
    }
    const repeat = repeatOf[index]!;
    company |= termCompanyBits[index]!;
    if (windowed) {
      windowTopical |= termTopicalBits[index]!;
      return windowEvidence.addCue(repeat, start, end, termSlur[index] === 1);
    }
    const count = ++seenCues[repeat]!;
    if (count === 1) countedCues.push(repeat);
    // Repeats add less each time: one strong word repeated is weaker evidence than several cues.
    const factor = repeatFactor(count);
    const topical = cueTopical[index]!;
    const refused = termIntent[index] === 1 && refusedRequestBefore(view.text, start);
    for (let c = 0; c < list.length; c++) {
      const cue = list[c]!;
      const isTopical = topical[c] || (refused && cue.category === 'self_harm');
      if (cue.category === 'sexual_content') sexualEvidence += cue.weight * factor;
      if (!wanted.has(cue.category)) continue;
      if (cue.category === 'harassment') harassmentWords += cue.weight * factor;
      else if (cue.needsCompany) {
        const into = isTopical ? namedTopicalEvidence : namedEvidence;
        into.set(cue.category, (into.get(cue.category) ?? 0) + cue.weight * factor);
      } else if (isTopical)
        topicalEvidence.set(cue.category, (topicalEvidence.get(cue.category) ?? 0) + cue.weight * factor);
      else evidence.set(cue.category, (evidence.get(cue.category) ?? 0) + cue.weight * factor);
      addSpan(cue.category, start, end);
    }
  };

  // Scans `text`, not counting the cue words inside the spans of `skip` (start, end pairs of the view, in text
  // order) except slurs.
  const singlePass = {
    scan(text: string, skipping: readonly number[]): SafetyScan {
      view = normalizeForMatching(text, { decode: false, unicode: true, homoglyphs: true });
      viewText = view.text;
      originalText = text;
      if (refutedFound.length > 0) refutedFound.length = 0;
      skip = skipping;
      skipAt = 0;
      if (evidence.size > 0) evidence.clear();
      if (seen.size > 0) seen.clear();
      if (spans.size > 0) spans.clear();
      // Only what the last scan set is reset, and an empty list's length is not set: on a short prompt that
      // finds nothing these resets (builtin calls) were a tenth of the scan.
      if (countedCues.length > 0) {
        for (let k = 0; k < countedCues.length; k++) seenCues[countedCues[k]!] = 0;
        countedCues.length = 0;
      }
      if (topicalEvidence.size > 0) topicalEvidence.clear();
      if (namedEvidence.size > 0) namedEvidence.clear();
      if (namedTopicalEvidence.size > 0) namedTopicalEvidence.clear();
      company = 0;
      if (seenMarkers.length > 0) {
        // A register's count was raised only with a marker's first sighting (seenMarkers): those are reset.
        for (let k = 0; k < seenMarkers.length; k++) {
          markerSeen[seenMarkers[k]!] = 0;
          markerCounts[termRegister[seenMarkers[k]!]!] = 0;
        }
        seenMarkers.length = 0;
      }
      sexualEvidence = 0;
      harassmentWords = 0;
      windowTopical = 0;
      windowed = view.text.length > EVIDENCE_WINDOW;
      if (windowed) windowEvidence.reset();
      if (matched.length > 0) matched.length = matchedStarts.length = matchedEnds.length = 0;
      n = view.text.length;
      // An ASCII view's bytes are its scan bytes, and normalize keeps them for the view it encoded last (in a
      // chain, the injection step's scan of the same text a moment ago): read from there, not encoded again.
      // A view with an occasional unit that is not ASCII: its unit bytes, which the injection step's scan of
      // the same view made a moment ago (see CueScanner.bytesFromUnits); undefined for a dense one.
      const ascii = isAsciiView(view);
      cueScanner.scanSparse(
        view.text,
        onCue,
        onStart,
        ascii ? asciiViewBytes(view) : undefined,
        ascii ? undefined : viewBytes(view),
        ascii ? undefined : nonAsciiUnits(view),
      );
      // "'I'll kill you all,' the villain snarled" in a story asked for or reviewed: a character's threat is no
      // statement of the writer's (characterLine). Known only now, when every marker of the register is seen.
      if (matched.length > 0 && markerCounts[FICTION]! >= FICTION_MIN_MARKERS) dropCharacterThreats();
      if (matched.length > 0) groupEnd.fill(-1);
      // Whether a threat at a sibling, a parent or a roommate matched, and whether any other violence did (see
      // JOKE_EVIDENCE).
      let familyThreat = false;
      let otherViolence = false;
      // A long text: whether each threat at a relation has a joke marker near it (a short one reads the whole).
      let jokeNear: ((start: number, end: number) => boolean) | undefined;
      let jokeMissing = false;
      if (windowed && matched.length > 0) windowKey.length = 0;
      for (let k = 0; k < matched.length; k++) {
        const m = { spec: matched[k]!, start: matchedStarts[k]!, end: matchedEnds[k]! };
        const { key, weight, numbers, topical, companyBit, counted, group } = templateEvidence.get(m.spec)!;
        company |= companyBit;
        if (!counted) {
          // Company only (its category is not scored): a long text keeps it as an event of its windows.
          if (windowed) windowKey.push(numbers[0]!);
          continue;
        }
        // (Once other violence matched, no threat is held as a joke: the rest need not be read.)
        if (m.spec.category === 'violence' && !otherViolence) {
          if (JOKE_FRAMED_TEMPLATES.has(m.spec.id) && familyThreatObject(view.text, m.start, m.end)) {
            familyThreat = true;
            if (windowed && !jokeMissing) {
              jokeNear ??= jokeMarkerFinder(view.text, EVIDENCE_WINDOW);
              jokeMissing = !jokeNear(m.start, m.end);
            }
          } else otherViolence = true;
        }
        // "I'm going to kill the wither" in a text about a game: no person is threatened.
        const game = gameFactor(m.spec, markerCounts, view.text, m.start, m.end);
        if (windowed) {
          if (topical) windowTopical |= categoryBit(m.spec.category);
          windowKey.push(numbers[0]! + windowVariantOf(k, game, weight * game, m.start, m.end, group));
          continue;
        }
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        const into = topical ? topicalEvidence : evidence;
        const found = weight * game * repeatFactor(count);
        // Templates of a category matched over the same words are one statement read several ways ("let's kill
        // all the zombies": a threat, a call to kill them all, an order): a run of overlapping matches (by start,
        // the order they come in) gives the evidence of its strongest, and each other reading adds a quarter of
        // its own, as a repeat does (OVERLAP_FACTOR).
        let added = found;
        if (m.start < groupEnd[group]!) {
          const before = groupMax[group]! + OVERLAP_FACTOR * (groupSum[group]! - groupMax[group]!);
          groupMax[group] = Math.max(groupMax[group]!, found);
          groupSum[group] = groupSum[group]! + found;
          groupEnd[group] = Math.max(groupEnd[group]!, m.end);
          added = groupMax[group]! + OVERLAP_FACTOR * (groupSum[group]! - groupMax[group]!) - before;
        } else {
          groupMax[group] = groupSum[group] = found;
          groupEnd[group] = m.end;
        }
        into.set(m.spec.category, (into.get(m.spec.category) ?? 0) + added);
        addSpan(m.spec.category, m.start, m.end);
      }
      // Names of groups and the subject's words count only where the text has other evidence of the category.
      if (namedEvidence.size > 0)
        for (const [cat, e] of namedEvidence)
          if ((company & categoryBit(cat)) !== 0) evidence.set(cat, (evidence.get(cat) ?? 0) + e);
      if (namedTopicalEvidence.size > 0)
        for (const [cat, e] of namedTopicalEvidence)
          if ((company & categoryBit(cat)) !== 0) topicalEvidence.set(cat, (topicalEvidence.get(cat) ?? 0) + e);
      // Topical evidence counts at the factor of the register the text is written in (1 if none).
      const stance = lazyStance(view.text, text);
      if (topicalEvidence.size > 0)
        for (const [cat, e] of topicalEvidence)
          evidence.set(cat, (evidence.get(cat) ?? 0) + e * contextFactor(cat, markerCounts, stance));
      // In explicit sexual text, crude words ("bitch", "fuck you") are its register, not an attack on someone:
      // there they count half for harassment. Templates (insults addressed to "you") count in full.
      if (harassmentWords > 0) {
        const register = sexualEvidence >= SEXUAL_REGISTER_EVIDENCE ? 0.5 : 1;
        evidence.set('harassment', (evidence.get('harassment') ?? 0) + harassmentWords * register);
      }
      // "I'm gonna strangle my sister if she takes my charger again lol": a threat at a relation of the everyday
      // kind, and no other violence, marked as a joke (a laugh, "jk"), is hyperbole: its violence is held to
      // JOKE_EVIDENCE, under `medium` but kept at `low`. Not a threat at the hearer, a partner or a child.
      // A long text: where each of its threats at a relation has a marker within a window of it (jokeMarkerFinder).
      const jokeHeld = familyThreat && !otherViolence && (windowed ? !jokeMissing : jokeMarked(view.text));
      if (jokeHeld && !windowed) {
        const e = evidence.get('violence');
        if (e !== undefined && e > JOKE_EVIDENCE) evidence.set('violence', JOKE_EVIDENCE);
      }
      if (windowed) {
        for (let k = 0; k < matched.length; k++)
          windowEvidence.addTemplate(windowKey[k]!, matchedStarts[k]!, matchedEnds[k]!);
        // The words of the refuted claims found by this pass are dropped here (the wrapper below does not
        // scan a windowed text again).
        if (refutedFound.length > 0) windowEvidence.dropCuesWithin(refutedFound);
        // The evidence of each category is that of its strongest window, and its spans are that window's.
        // The register is the whole text's.
        for (const cat of wantedList)
          if ((windowTopical & categoryBit(cat)) !== 0)
            windowEvidence.setTopicalFactor(cat, contextFactor(cat, markerCounts, stance));
        windowEvidence.score();
        for (const cat of wantedList) {
          let e = windowEvidence.best(cat);
          if (e <= 0) continue;
          if (jokeHeld && cat === 'violence') e = Math.min(e, JOKE_EVIDENCE);
          evidence.set(cat, e);
          for (const [start, end] of windowEvidence.spans(cat, 20)) addSpan(cat, start, end);
        }
      }
      const scores: Record<string, number> = { ...zeroScores };
      const findings: TextMatch[] = [];
      for (let c = 0; c < wantedList.length && evidence.size > 0; c++) {
        const cat = wantedList[c]!;
        const e = evidence.get(cat);
        // No evidence: the score stays 0 (as copied), and no span was kept for the category (every cue
        // and template that keeps one adds positive evidence).
        if (e === undefined) continue;
        const score = round(1 - Math.exp(-e));
        scores[cat] = score;
        if (score >= threshold) {
          for (const s of spans.get(cat) ?? []) findings.push({ type: cat, detector: 'safety.lexicon', score, ...s });
        }
      }
      // A literal every match must contain rules most texts out before the (linear but slower) re2js pass.
      const ruled =
        blockIf.length === 0
          ? []
          : blockIfGroup.findAll(view.text, (i) => {
              const { literal } = blockIf[i]!;
              return literal !== undefined && !view.text.includes(literal);
            });
      for (let i = 0; i < blockIf.length; i++) {
        // All the matches in linear time (linear-regex.ts); the first MAX_FINDINGS_PER_RULE are reported.
        const spans = ruled[i]!;
        for (let k = 0; k < spans.length && k < MAX_FINDINGS_PER_RULE; k++) {
          findings.push({
            type: 'block_if',
            detector: `safety.block_if:${i}`,
            score: 1,
            ...mapSpan(view, spans[k]!.start, spans[k]!.end),
          });
        }
      }
      if (topics.topics.length > 0) {
        const kept = MAX_FINDINGS_PER_RULE * topics.topics.length;
        for (const hit of findTopics(view.text, topics, maxDistance, kept).slice(0, kept)) {
          findings.push({
            type: 'blocked_topic',
            detector: `safety.topic:${hit.topic}`,
            score: 1,
            ...mapSpan(view, hit.start, hit.end),
          });
        }
      }
      if (findings.length > 1) findings.sort((a, b) => a.start - b.start || b.score - a.score);
      return { scores, findings };
    },
  };

  const scanText = (text: string): SafetyScan => {
    const result = singlePass.scan(text, NO_SPANS);
    // Only a short text with a refuted claim is scanned twice: the first pass found where its words are. A
    // long one (windowed) had them dropped from its window events by that pass: a second scan of a
    // megabyte that quotes one claim to refute it cost the whole safety step again (+14% on the chain).
    return refutedFound.length === 0 || windowed ? result : singlePass.scan(text, refutedFound.splice(0));
  };
  return {
    scan(text: string): SafetyScan {
      const result = scanText(text);
      // A harm word in leetspeak or spelt out ("k1ll", "k i l l"): the plain reading of the view is scanned too
      // (its findings map to the view, then to the text), for a text of up to PLAIN_READING_MAX units.
      const own = view;
      if (own.text.length > PLAIN_READING_MAX) return result;
      const reading = plainReading(own.text, viewBytes(own) ?? unitBytes(own.text), isCueWord, EVIDENCE_WINDOW);
      return reading === undefined ? result : withReading(result, scanText(reading.text), reading, own);
    },
  };
}

/**
 * The longest text given a plain reading (64 K units, about 16,000 words): a prompt, not a document. A word
 * list's evasions are written into prompts; on a megabyte of documentation (digits everywhere) the reading's
 * searches cost about half the safety scan, which the gateway pays on every document it passes.
 */
const PLAIN_READING_MAX = 65_536;

const NO_SPANS: readonly number[] = [];

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
