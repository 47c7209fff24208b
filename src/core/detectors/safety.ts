/**
 * Content-safety classifier: per-category scores from a weighted cue lexicon (safety-lexicon.ts), matched
 * on the normalised text (so look-alike letters and invisible characters do not hide a word), plus the
 * operator's `block_if` patterns (re2js), `blocked_topics` phrases (optionally fuzzy) and the mode's
 * built-in topics.
 *
 * Score of a category = 1 - exp(-evidence), where evidence sums the weights of the distinct cues found
 * (a repeated cue adds a little more each time). The threshold may be a number in [0, 1] or a word:
 * `low` = 0.3 (strict: flags on weaker evidence), `medium` = 0.5, `high` = 0.8 (flags only strong
 * evidence) - the severity level at which content is blocked, as content-safety services use the words.
 */
import { RE2JS } from 're2js';
import type { TextMatch } from './match.js';
import { asciiViewBytes, isAsciiView, mapSpan, nonAsciiUnits, normalizeForMatching, viewBytes } from './normalize.js';
import { requiredLiteral } from './injection.js';
import { SAFETY_CATEGORIES, SAFETY_LEXICON, SAFETY_STEMS, SAFETY_TECHNICAL_NOUNS, SAFETY_TECHNICAL_QUALIFIERS, SAFETY_TEMPLATES, type SafetyCategory } from './safety-lexicon.js';
import { CueScanner } from './safety-cues.js';
import { TemplateMatcher, type TemplateSpec } from './safety-templates.js';
import { MODE_TOPICS } from './safety-modes.js';
import { SAFETY_WEIGHT_SCALE } from './params/safety-weights.js';

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

const NAMED_THRESHOLDS: Readonly<Record<string, number>> = { low: 0.3, medium: 0.5, high: 0.8 };

/** Accepted spellings of category names (docs and seeds use several). */
const CATEGORY_ALIASES: Readonly<Record<string, SafetyCategory>> = {
  violence: 'violence', violent: 'violence', v: 'violence',
  hate: 'hate_speech', hate_speech: 'hate_speech', hatespeech: 'hate_speech', h: 'hate_speech',
  self_harm: 'self_harm', selfharm: 'self_harm', 'self-harm': 'self_harm', sh: 'self_harm',
  sexual: 'sexual_content', sexual_content: 'sexual_content', sex: 'sexual_content', s: 'sexual_content',
  harassment: 'harassment', hr: 'harassment', bullying: 'harassment',
};

/** Resolves a threshold option to a number in [0, 1]; unknown words fall back to `medium`. */
export function resolveSafetyThreshold(t: number | string | undefined): number {
  if (typeof t === 'number' && Number.isFinite(t)) return Math.min(1, Math.max(0, t));
  if (typeof t === 'string') {
    const n = Number(t);
    if (t.trim() !== '' && Number.isFinite(n)) return Math.min(1, Math.max(0, n));
    return NAMED_THRESHOLDS[t.toLowerCase()] ?? NAMED_THRESHOLDS.medium!;
  }
  return NAMED_THRESHOLDS.medium!;
}

interface Cue {
  category: SafetyCategory;
  weight: number;
}

/** A cue term of the classifier: its cues, the rules it is counted with (cueRules), its number (see WindowEvidence). */
interface TermInfo {
  cues: Cue[];
  rules: number;
  key: number;
}

/** Evidence added by the k-th occurrence of the same cue: repeats add less each time. */
function repeatFactor(count: number): number {
  return count === 1 ? 1 : 0.25 / (count - 1);
}

/**
 * Cues and templates count within windows of this many units of the matching view: the evidence of a text
 * longer than that is the largest evidence of any window (repeats counted per window), so that weak cues
 * from unrelated sections of a long document ("kill your app" in one, "executed from the root directory"
 * in another) do not add up, while one violent paragraph among technical text still counts in full. A text
 * no longer than a window is scored as a whole, as before.
 */
export const EVIDENCE_WINDOW = 2048;

const DOT = 46;
const HASH = 35;
const UNDERSCORE = 95;
const OPEN_PAREN = 40;
const BACKTICK = 96;
/** Letters after a cue that are looked at: no inflection is longer (a longer tail is another word). */
const MAX_TAIL = 5;
/** Endings that leave a cue the same word ("bullets", "executed", "attackers", "brutally"; "e": French "escorte"). */
const INFLECTIONS: ReadonlySet<string> = new Set(['s', 'es', 'ed', 'd', 'ing', 'ings', 'er', 'ers', 'en', 'ly', 'e']);
/** Endings after a doubled final consonant ("kidnapped", "stabbing"). */
const DOUBLED_INFLECTIONS: ReadonlySet<string> = new Set(['ed', 'ing', 'er', 'ers']);

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Whether a cue needs the word-end check below: the scanner matches a cue of five letters or fewer, and one
 * written with a final ".", as a whole word plus an inflection already (safety-cues.ts); a declared stem
 * (SAFETY_STEMS) may go on with any letters; a cue that ends in a non-letter ("shoot ") ends a word itself.
 */
function needsWordEnd(term: string): boolean {
  if (term.endsWith('.') || SAFETY_STEMS.has(term)) return false;
  if (/^[a-z]+$/.test(term) && term.length <= 5) return false;
  return isLetter(term.charCodeAt(term.length - 1));
}

/**
 * Whether a cue or template found at [start, end) of the lower-case matching view stands as the words it
 * names. Not when it reads as code: glued to a preceding ".", "#" or "_" that is itself glued to what
 * precedes it (`process.kill`, `(#kill)`, `queue_kill`), followed by "(" or by "_" and a word character
 * (`kill()`, `kill_signal`), or a single word in backticks. With
 * `wordEnd`, not when the word goes on past the cue with letters that are not an inflection ("whites" in
 * "whitespace", "bullet" in "bulletin", "kill you" in "kill your"). Looks at a bounded number of
 * characters: the scan stays linear.
 */
function standsAsWords(text: string, start: number, end: number, wordEnd: boolean): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 0;
  // Glued to what comes before: `process.kill`, `queue_kill`, an anchor `(#kill)` or `href="#kill"`. Not
  // after a space or at the start: a hashtag (#suicide), Markdown emphasis (_kill_), ".kill" in a list.
  if ((before === DOT || before === HASH || before === UNDERSCORE) && start >= 2 && !isSpace(text.charCodeAt(start - 2))) return false;
  const last = text.charCodeAt(end - 1);
  // A cue that ends in a space or punctuation ("shoot ") has no word end of its own to check.
  if (!isWordChar(last)) return true;
  let after = end;
  const limit = Math.min(text.length, end + MAX_TAIL + 1);
  while (after < limit && isLetter(text.charCodeAt(after))) after++;
  if (wordEnd && after > end && !isInflection(text, end, after, last)) return false;
  // (A "." after the word is not taken as code: "retards.Nor" is a sentence with a space missing.)
  const next = text.charCodeAt(after);
  if (next === OPEN_PAREN || (next === UNDERSCORE && isWordChar(text.charCodeAt(after + 1)))) return false;
  return !(before === BACKTICK && next === BACKTICK);
}

/** cueRules bit: the cue must end a word or be followed by an inflection (needsWordEnd). */
const WORD_END = 1;
/** cueRules bit: the cue does not count when said of software (saidOfSoftware). */
const SOFTWARE_SENSE = 2;

/** Cue terms of other categories than sexual content (lower case). */
let nonSexualTerms: Set<string> | undefined;

/**
 * The rules a cue term is counted with (WORD_END, SOFTWARE_SENSE). Sexual words are not checked for a
 * software sense: they have none, and "porn video site" or "fetish chat app" is not one.
 */
function cueRules(term: string): number {
  if (!nonSexualTerms) {
    nonSexualTerms = new Set();
    for (const cat of SAFETY_CATEGORIES) {
      if (cat !== 'sexual_content') for (const t of Object.keys(SAFETY_LEXICON[cat])) nonSexualTerms.add(t.toLowerCase());
    }
  }
  return (needsWordEnd(term) ? WORD_END : 0) | (nonSexualTerms.has(term) ? SOFTWARE_SENSE : 0);
}

/** Whether a cue found at [start, end) counts under its rules (cueRules): it stands as words and is not said of software. */
function cueCounts(text: string, start: number, end: number, rules: number): boolean {
  if (!standsAsWords(text, start, end, (rules & WORD_END) !== 0)) return false;
  return (rules & SOFTWARE_SENSE) === 0 || !saidOfSoftware(text, start, end);
}

/**
 * Whether a template match [start, end) whose first word ends at `firstEnd` counts: its first word stands
 * as a word (standsAsWords: "`end`" is code), the match does not run across the end of a sentence
 * ("`start` and `end`. These represent..." is not an order to "end these"), and it is not said of software
 * ("this command must be executed from the root directory").
 */
function templateCounts(text: string, start: number, firstEnd: number, end: number): boolean {
  if (!standsAsWords(text, start, firstEnd, false)) return false;
  for (let k = firstEnd; k < end - 1; k++) {
    const c = text.charCodeAt(k);
    if ((c === DOT || c === 33 || c === 63) && isSpace(text.charCodeAt(k + 1))) return false;
  }
  return !saidOfSoftware(text, start, end);
}

/** Determiners skipped between a cue and the noun it acts on ("kill the running process"). */
const DETERMINERS = [
  ...['the', 'a', 'an', 'this', 'that', 'these', 'those', 'your', 'my', 'our', 'its', 'their'],
  ...['all', 'any', 'each', 'every', 'current', 'running', 'whole', 'entire'],
];
const DETERMINER = 1;
const SOFTWARE_NOUN = 2;
const SECURITY_TERM = 3;
/** Kind of each word saidOfSoftware looks for (a noun that is also a qualifier, "cache", reads as a noun). */
const SOFTWARE_WORDS = new Map<string, number>([
  ...[...SAFETY_TECHNICAL_QUALIFIERS].map((w): [string, number] => [w, SECURITY_TERM]),
  ...[...SAFETY_TECHNICAL_NOUNS].map((w): [string, number] => [w, SOFTWARE_NOUN]),
  ...DETERMINERS.map((w): [string, number] => [w, DETERMINER]),
]);
const LONGEST_SOFTWARE_WORD = Math.max(...[...SOFTWARE_WORDS.keys()].map((w) => w.length));
/** 1 for the first two letters of words of SOFTWARE_WORDS (most words around a cue are ruled out here, without a string). */
const SOFTWARE_FIRST_TWO = new Uint8Array(26 * 26);
for (const w of SOFTWARE_WORDS.keys()) {
  if (w.length >= 2) SOFTWARE_FIRST_TWO[(w.charCodeAt(0) - 97) * 26 + w.charCodeAt(1) - 97] = 1;
}

/** SOFTWARE_WORDS kind of the letters text[from, to), or 0. */
function softwareWordKind(text: string, from: number, to: number): number {
  const len = to - from;
  if (len === 1) return text.charCodeAt(from) === 97 ? DETERMINER : 0;
  if (len < 2 || len > LONGEST_SOFTWARE_WORD) return 0;
  if (SOFTWARE_FIRST_TWO[(text.charCodeAt(from) - 97) * 26 + text.charCodeAt(from + 1) - 97] === 0) return 0;
  return SOFTWARE_WORDS.get(text.slice(from, to)) ?? 0;
}

/**
 * Whether words found at [start, end) speak of software: right after a software noun or a security term
 * ("the command must be executed", "DoS attack": SAFETY_TECHNICAL_NOUNS, SAFETY_TECHNICAL_QUALIFIERS), or
 * acting on a software noun past at most two determiners and one other word ("kill the process", "break
 * your application", "kill all child processes"). Reads a bounded number of characters around the match.
 */
function saidOfSoftware(text: string, start: number, end: number): boolean {
  // The word before, past spaces and emphasis marks.
  let to = start;
  while (to > 0 && start - to < 8 && isSkippable(text.charCodeAt(to - 1))) to--;
  let from = to;
  while (from > 0 && to - from <= LONGEST_SOFTWARE_WORD && isLetter(text.charCodeAt(from - 1))) from--;
  if (softwareWordKind(text, from, to) >= SOFTWARE_NOUN) return true;
  // The rest of the word the match ends in (an inflection, or a stem's ending), then up to four words: at
  // most two determiners and one other word before the noun ("kill all the child processes").
  let at = end;
  while (at < text.length && at - end < 16 && isLetter(text.charCodeAt(at))) at++;
  let determiners = 0;
  let modifiers = 0;
  for (let k = 0; k < 4; k++) {
    from = at;
    while (from < text.length && from - at < 8 && isSkippable(text.charCodeAt(from))) from++;
    to = from;
    while (to < text.length && to - from < 20 && isLetter(text.charCodeAt(to))) to++;
    if (to === from) return false;
    const kind = softwareWordKind(text, from, to);
    if (kind === SOFTWARE_NOUN) return endsNounPhrase(text, to);
    if (kind === DETERMINER ? determiners++ >= 2 : modifiers++ >= 1) return false;
    at = to;
  }
  return false;
}

/**
 * Words that can follow the noun a verb acts on without being part of it ("kill the process with a
 * signal", "execute the command first"): a software noun followed by any other word is taken as a
 * modifier of that word ("kill the project manager" is about a person).
 */
const AFTER_NOUN_PHRASE: ReadonlySet<string> = new Set([
  ...['with', 'and', 'or', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'of', 'into', 'via', 'using', 'without'],
  ...['when', 'if', 'before', 'after', 'until', 'once', 'while', 'because', 'since', 'unless', 'so', 'but', 'as', 'than'],
  ...['that', 'which', 'it', 'this', 'they', 'you', 'we', 'is', 'are', 'was', 'were', 'will', 'can', 'should', 'must'],
  ...['may', 'might', 'would', 'could', 'has', 'have', 'had', 'does', 'do', 'did', 'be', 'been', 'not', 'then', 'now'],
  ...['first', 'again', 'too', 'also', 'instead', 'immediately', 'gracefully', 'manually', 'automatically', 'here'],
  ...['there', 'entirely', 'completely', 'cleanly', 'safely', 'properly', 'directly', 'itself', 'themselves'],
]);
const LONGEST_AFTER_NOUN_PHRASE = Math.max(...[...AFTER_NOUN_PHRASE].map((w) => w.length));

/** Whether the noun phrase ends at `at`: a line end, punctuation, the end of the text, or a word of AFTER_NOUN_PHRASE. */
function endsNounPhrase(text: string, at: number): boolean {
  let from = at;
  while (from < text.length && from - at < 8 && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
  if (from >= text.length || !isLetter(text.charCodeAt(from))) return true;
  let to = from;
  while (to < text.length && to - from <= LONGEST_AFTER_NOUN_PHRASE && isLetter(text.charCodeAt(to))) to++;
  return to - from <= LONGEST_AFTER_NOUN_PHRASE && AFTER_NOUN_PHRASE.has(text.slice(from, to));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Spaces and the marks of Markdown emphasis, code and quotes between words ("socket **must", "`kill` the"). */
function isSkippable(c: number): boolean {
  return isSpace(c) || c === 42 || c === BACKTICK || c === 34 || c === 39 || c === 45;
}

/** Whether text[from, to) is an inflection of a word ending in the letter `last`. */
function isInflection(text: string, from: number, to: number, last: number): boolean {
  if (to - from > MAX_TAIL) return false;
  const tail = text.slice(from, to);
  if (INFLECTIONS.has(tail)) return true;
  return text.charCodeAt(from) === last && DOUBLED_INFLECTIONS.has(tail.slice(1));
}

const CATEGORY_INDEX = new Map(SAFETY_CATEGORIES.map((c, i) => [c, i]));
const SEXUAL_INDEX = CATEGORY_INDEX.get('sexual_content')!;
const HARASSMENT_INDEX = CATEGORY_INDEX.get('harassment')!;

/**
 * Evidence of a text longer than EVIDENCE_WINDOW, window by window. The cues and templates a scan finds are
 * kept as events (position, key: a cue term or a template, numbered when the classifier is prepared); one
 * pass over them in text order moves a window of EVIDENCE_WINDOW units with two pointers, keeping each
 * key's count inside it and each category's evidence (per key, its weight times repeatFactor(1) + ... +
 * repeatFactor(count)): an event entering or leaving costs a constant, so a hostile megabyte full of cues
 * stays linear. The same rules as the whole-text sum: harassment words count half where the window's
 * sexual evidence reads as explicit, templates in full.
 */
class WindowEvidence {
  private readonly wanted: Uint8Array;
  /** Per key: the categories (indexes) it counts for and its weight in each; whether it is a template. */
  private readonly keyCats: number[][] = [];
  private readonly keyWeights: number[][] = [];
  private readonly keyTemplate: boolean[] = [];
  private counts = new Int32Array(0);
  // Events as found: cues in text order, then templates in text order (merged by score()).
  private readonly cueStarts: number[] = [];
  private readonly cueEnds: number[] = [];
  private readonly cueKeys: number[] = [];
  private readonly templateStarts: number[] = [];
  private readonly templateEnds: number[] = [];
  private readonly templateKeys: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly keys: number[] = [];
  private readonly evidence = new Float64Array(SAFETY_CATEGORIES.length);
  private harassmentWords = 0;
  private sexual = 0;
  private readonly bestEvidence = new Float64Array(SAFETY_CATEGORIES.length);
  private readonly bestFrom = new Int32Array(SAFETY_CATEGORIES.length);
  private readonly bestTo = new Int32Array(SAFETY_CATEGORIES.length);

  constructor(wanted: ReadonlySet<SafetyCategory>) {
    this.wanted = Uint8Array.from(SAFETY_CATEGORIES, (c) => (wanted.has(c) ? 1 : 0));
  }

  newKey(template: boolean): number {
    this.keyCats.push([]);
    this.keyWeights.push([]);
    this.keyTemplate.push(template);
    return this.keyCats.length - 1;
  }

  addWeight(key: number, category: SafetyCategory, weight: number): void {
    this.keyCats[key]!.push(CATEGORY_INDEX.get(category)!);
    this.keyWeights[key]!.push(weight);
  }

  reset(): void {
    this.cueStarts.length = this.cueEnds.length = this.cueKeys.length = 0;
    this.templateStarts.length = this.templateEnds.length = this.templateKeys.length = 0;
  }

  addCue(key: number, start: number, end: number): void {
    this.cueStarts.push(start);
    this.cueEnds.push(end);
    this.cueKeys.push(key);
  }

  addTemplate(key: number, start: number, end: number): void {
    this.templateStarts.push(start);
    this.templateEnds.push(end);
    this.templateKeys.push(key);
  }

  /** Finds each category's strongest window (best, spans). */
  score(): void {
    const { starts, ends, keys, evidence, bestEvidence, bestFrom, bestTo, wanted } = this;
    starts.length = ends.length = keys.length = 0;
    // Merge the two event lists by position (a cue before a template at the same position).
    let c = 0;
    let t = 0;
    while (c < this.cueStarts.length || t < this.templateStarts.length) {
      if (t >= this.templateStarts.length || (c < this.cueStarts.length && this.cueStarts[c]! <= this.templateStarts[t]!)) {
        starts.push(this.cueStarts[c]!);
        ends.push(this.cueEnds[c]!);
        keys.push(this.cueKeys[c++]!);
      } else {
        starts.push(this.templateStarts[t]!);
        ends.push(this.templateEnds[t]!);
        keys.push(this.templateKeys[t++]!);
      }
    }
    if (this.counts.length !== this.keyCats.length) this.counts = new Int32Array(this.keyCats.length);
    this.counts.fill(0);
    evidence.fill(0);
    bestEvidence.fill(0);
    bestFrom.fill(-1);
    bestTo.fill(-1);
    this.harassmentWords = 0;
    this.sexual = 0;
    let from = 0;
    for (let to = 0; to < keys.length; to++) {
      this.move(keys[to]!, 1);
      while (starts[to]! - starts[from]! > EVIDENCE_WINDOW) this.move(keys[from++]!, -1);
      for (let k = 0; k < evidence.length; k++) {
        if (wanted[k] === 0) continue;
        const e =
          k === HARASSMENT_INDEX ? evidence[k]! + this.harassmentWords * (this.sexual >= SEXUAL_REGISTER_EVIDENCE ? 0.5 : 1) : evidence[k]!;
        if (e > bestEvidence[k]!) {
          bestEvidence[k] = e;
          bestFrom[k] = from;
          bestTo[k] = to;
        }
      }
    }
  }

  /** The evidence of the category's strongest window (0 when it has none). */
  best(category: SafetyCategory): number {
    return this.bestEvidence[CATEGORY_INDEX.get(category)!]!;
  }

  /** Spans of the category's cues, then templates, in its strongest window: at most `max`. */
  spans(category: SafetyCategory, max: number): Array<[number, number]> {
    const k = CATEGORY_INDEX.get(category)!;
    const out: Array<[number, number]> = [];
    for (const templates of [false, true]) {
      for (let i = this.bestFrom[k]!; i >= 0 && i <= this.bestTo[k]! && out.length < max; i++) {
        const key = this.keys[i]!;
        if (this.keyTemplate[key] === templates && this.keyCats[key]!.includes(k)) out.push([this.starts[i]!, this.ends[i]!]);
      }
    }
    return out;
  }

  /** An event of `key` enters (direction 1) or leaves (-1) the window. */
  private move(key: number, direction: 1 | -1): void {
    const count = this.counts[key]!;
    // Entering: the occurrence count + 1 adds its share; leaving: the last one counted takes its share back.
    const share = direction * repeatFactor(direction === 1 ? count + 1 : count);
    this.counts[key] = count + direction;
    const cats = this.keyCats[key]!;
    const weights = this.keyWeights[key]!;
    const template = this.keyTemplate[key]!;
    for (let j = 0; j < cats.length; j++) {
      const cat = cats[j]!;
      const x = weights[j]! * share;
      if (!template && cat === SEXUAL_INDEX) this.sexual += x;
      if (this.wanted[cat] === 0) continue;
      if (!template && cat === HARASSMENT_INDEX) this.harassmentWords += x;
      else this.evidence[cat] = this.evidence[cat]! + x;
    }
  }
}

/**
 * Cue and template counts of a text (term or `template:<id>` -> effective count, repeats discounted as in
 * the classifier), for the fitting script (scripts/fit-safety.mjs). Same normalisation, matchers and rules
 * for what counts (cueCounts, templateCounts) as `scan`; counted over the whole text, as `scan` scores a
 * text up to EVIDENCE_WINDOW long (longer ones it scores by window, by category).
 */
export function safetyCueCounts(text: string): Map<string, number> {
  const view = normalizeForMatching(text, { decode: false, unicode: true, homoglyphs: true });
  const out = new Map<string, number>();
  const seen = new Map<string, number>();
  const add = (key: string): void => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    out.set(key, (out.get(key) ?? 0) + repeatFactor(count));
  };
  const { cues, templates, rules } = allMatchers();
  let sexualEvidence = 0;
  const sexual = SAFETY_LEXICON.sexual_content;
  const matched: Array<{ spec: TemplateSpec; start: number; firstEnd: number; end: number }> = [];
  const onCue = (term: string, start: number, end: number): void => {
    if (!cueCounts(view.text, start, end, rules.get(term) ?? 0)) return;
    const before = seen.get(term) ?? 0;
    add(term);
    const w = sexual[term];
    if (w !== undefined) sexualEvidence += w * (SAFETY_WEIGHT_SCALE.sexual_content?.[term] ?? 1) * repeatFactor(before + 1);
  };
  cues.scanSparse(view.text, onCue, (tokens) =>
    templates.matchAt(tokens, (spec, last) => matched.push({ spec, start: tokens.start(0), firstEnd: tokens.end(0), end: tokens.end(last - 1) })),
  );
  // Template matches count after all cues, as in the classifier.
  for (const m of matched) if (templateCounts(view.text, m.start, m.firstEnd, m.end)) add(`template:${m.spec.id}`);
  // Marks the texts where crude harassment words count half (see scan).
  if (sexualEvidence >= SEXUAL_REGISTER_EVIDENCE) out.set(EXPLICIT_REGISTER_KEY, 1);
  return out;
}

let cachedMatchers: { cues: CueScanner; templates: TemplateMatcher; rules: Map<string, number> } | undefined;
function allMatchers(): { cues: CueScanner; templates: TemplateMatcher; rules: Map<string, number> } {
  if (!cachedMatchers) {
    const terms = new Set<string>();
    for (const cat of SAFETY_CATEGORIES) for (const t of Object.keys(SAFETY_LEXICON[cat])) terms.add(t.toLowerCase());
    const templates = new TemplateMatcher(SAFETY_TEMPLATES);
    cachedMatchers = {
      cues: new CueScanner(terms, templates.vocabulary, templates.startWords(), (id) => templates.secondWordsOf(id)),
      templates,
      rules: new Map([...terms].map((t) => [t, cueRules(t)])),
    };
  }
  return cachedMatchers;
}

/** Prepares the classifier once: the cue index, the composed patterns, compiled user patterns. */
export function prepareSafetyClassifier(opts: SafetyOptions): SafetyClassifier {
  const wanted = new Set<SafetyCategory>();
  for (const c of opts.categories) {
    const cat = CATEGORY_ALIASES[c.toLowerCase()];
    if (cat) wanted.add(cat);
  }
  const threshold = resolveSafetyThreshold(opts.threshold);

  // term -> cues (a term may count for several categories, e.g. "worthless" for self-harm and harassment)
  const cues = new Map<string, TermInfo>();
  const windowEvidence = new WindowEvidence(wanted);
  for (const cat of SAFETY_CATEGORIES) {
    for (const [term, weight] of Object.entries(SAFETY_LEXICON[cat])) {
      const key = term.toLowerCase();
      const scaled = weight * (SAFETY_WEIGHT_SCALE[cat]?.[key] ?? 1);
      if (scaled <= 0) continue;
      let info = cues.get(key);
      if (!info) {
        info = { cues: [], rules: cueRules(key), key: windowEvidence.newKey(false) };
        cues.set(key, info);
      }
      info.cues.push({ category: cat, weight: scaled });
      windowEvidence.addWeight(info.key, cat, scaled);
    }
  }
  const templates = new TemplateMatcher(SAFETY_TEMPLATES.filter((t) => wanted.has(t.category)));
  // Per template: its key in `seen` and its weight (fitted scale applied), computed once.
  const templateEvidence = new Map(
    SAFETY_TEMPLATES.map((t) => {
      const weight = t.weight * (SAFETY_WEIGHT_SCALE[t.category]?.[`template:${t.id}`] ?? 1);
      const number = windowEvidence.newKey(true);
      windowEvidence.addWeight(number, t.category, weight);
      return [t, { key: `template:${t.id}`, weight, number }];
    }),
  );
  const cueScanner = new CueScanner(cues.keys(), templates.vocabulary, templates.startWords(), (id) => templates.secondWordsOf(id));
  const blockIf = opts.blockIf.map((p) => ({ re: compileUserPattern(p), literal: requiredLiteral(p) }));
  const modeTopics = opts.mode ? (MODE_TOPICS[opts.mode] ?? []) : [];
  const topics = [...opts.blockedTopics, ...modeTopics].map((t) => t.toLowerCase().split(/\s+/).filter(Boolean));
  const maxDistance = Math.max(0, Math.floor(opts.fuzzyMaxDistance ?? 0));

  // Per-scan tables, reused (a scan runs to its end before the next starts, and nothing returned refers to
  // them): most texts find no cue, and three new Maps per call were a measurable share of a 1 KB scan.
  const evidence = new Map<SafetyCategory, number>();
  const seen = new Map<string, number>();
  const spans = new Map<SafetyCategory, Array<{ start: number; end: number }>>();
  // Every result's scores object has the same keys in the same order: copied from this one.
  const zeroScores: Record<string, number> = {};
  for (const cat of wanted) zeroScores[cat] = 0;
  const wantedList = [...wanted];

  return {
    scan(text: string): SafetyScan {
      const view = normalizeForMatching(text, { decode: false, unicode: true, homoglyphs: true });
      if (evidence.size > 0) evidence.clear();
      if (seen.size > 0) seen.clear();
      if (spans.size > 0) spans.clear();
      let sexualEvidence = 0;
      let harassmentWords = 0;
      // A text longer than a window: its cues and templates are kept as events, scored by window below.
      const windowed = view.text.length > EVIDENCE_WINDOW;
      if (windowed) windowEvidence.reset();
      const addSpan = (cat: SafetyCategory, start: number, end: number): void => {
        const list = spans.get(cat) ?? [];
        if (list.length < 20) list.push(mapSpan(view, start, end));
        spans.set(cat, list);
      };
      // Template matches are kept and counted after all cues, as the whole-text scan did (the same sums in
      // the same order; of a category's first 20 spans, cue spans come first).
      const matched: Array<{ spec: TemplateSpec; start: number; firstEnd: number; end: number }> = [];
      const onCue = (term: string, start: number, end: number): void => {
        const info = cues.get(term);
        if (info === undefined || !cueCounts(view.text, start, end, info.rules)) return;
        if (windowed) return windowEvidence.addCue(info.key, start, end);
        const count = (seen.get(term) ?? 0) + 1;
        seen.set(term, count);
        // Repeats add less each time: one strong word repeated is weaker evidence than several cues.
        const factor = repeatFactor(count);
        for (const cue of info.cues) {
          if (cue.category === 'sexual_content') sexualEvidence += cue.weight * factor;
          if (!wanted.has(cue.category)) continue;
          if (cue.category === 'harassment') harassmentWords += cue.weight * factor;
          else evidence.set(cue.category, (evidence.get(cue.category) ?? 0) + cue.weight * factor);
          addSpan(cue.category, start, end);
        }
      };
      // An ASCII view's bytes are its scan bytes, and normalize keeps them for the view it encoded last (in a
      // chain, the injection step's scan of the same text a moment ago): read from there, not encoded again.
      // A view with an occasional unit that is not ASCII: its unit bytes, which the injection step's scan of
      // the same view made a moment ago (see CueScanner.bytesFromUnits); undefined for a dense one.
      const ascii = isAsciiView(view);
      cueScanner.scanSparse(
        view.text,
        onCue,
        (tokens) => templates.matchAt(tokens, (spec, last) => matched.push({ spec, start: tokens.start(0), firstEnd: tokens.end(0), end: tokens.end(last - 1) })),
        ascii ? asciiViewBytes(view) : undefined,
        ascii ? undefined : viewBytes(view),
        ascii ? undefined : nonAsciiUnits(view),
      );
      for (const m of matched) {
        if (!templateCounts(view.text, m.start, m.firstEnd, m.end)) continue;
        const { key, weight, number } = templateEvidence.get(m.spec)!;
        if (windowed) {
          windowEvidence.addTemplate(number, m.start, m.end);
          continue;
        }
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        evidence.set(m.spec.category, (evidence.get(m.spec.category) ?? 0) + weight * repeatFactor(count));
        addSpan(m.spec.category, m.start, m.end);
      }
      // In explicit sexual text, crude words ("bitch", "fuck you") are its register, not an attack on someone:
      // there they count half for harassment. Templates (insults addressed to "you") count in full.
      if (harassmentWords > 0) {
        const register = sexualEvidence >= SEXUAL_REGISTER_EVIDENCE ? 0.5 : 1;
        evidence.set('harassment', (evidence.get('harassment') ?? 0) + harassmentWords * register);
      }
      if (windowed) {
        // The evidence of each category is that of its strongest window, and its spans are that window's.
        windowEvidence.score();
        for (const cat of wantedList) {
          const e = windowEvidence.best(cat);
          if (e <= 0) continue;
          evidence.set(cat, e);
          for (const [start, end] of windowEvidence.spans(cat, 20)) addSpan(cat, start, end);
        }
      }
      const scores: Record<string, number> = { ...zeroScores };
      const findings: TextMatch[] = [];
      for (let c = 0; c < wantedList.length; c++) {
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
      for (let i = 0; i < blockIf.length; i++) {
        const { re, literal } = blockIf[i]!;
        // A literal every match must contain rules most texts out before the (linear but slower) re2js pass.
        if (literal !== undefined && !view.text.includes(literal)) continue;
        const matcher = re.matcher(view.text);
        let found = 0;
        while (found < MAX_FINDINGS_PER_RULE && matcher.find()) {
          if (matcher.end() <= matcher.start()) continue;
          findings.push({ type: 'block_if', detector: `safety.block_if:${i}`, score: 1, ...mapSpan(view, matcher.start(), matcher.end()) });
          found++;
        }
      }
      if (topics.length > 0) {
        for (const hit of findTopics(view.text, topics, maxDistance).slice(0, MAX_FINDINGS_PER_RULE * topics.length)) {
          findings.push({ type: 'blocked_topic', detector: `safety.topic:${hit.topic}`, score: 1, ...mapSpan(view, hit.start, hit.end) });
        }
      }
      if (findings.length > 1) findings.sort((a, b) => a.start - b.start || b.score - a.score);
      return { scores, findings };
    },
  };
}

/**
 * Word-sequence matching of topics, each word allowed `maxDistance` edits (bounded Levenshtein, so the
 * cost per comparison is constant). Linear in the number of words times the number of topics.
 */
function findTopics(text: string, topics: readonly string[][], maxDistance: number): Array<{ topic: number; start: number; end: number }> {
  const words: Array<{ w: string; start: number; end: number }> = [];
  const re = /[\p{L}\p{N}'’-]+/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) words.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  const hits: Array<{ topic: number; start: number; end: number }> = [];
  topics.forEach((topic, t) => {
    if (topic.length === 0) return;
    for (let i = 0; i + topic.length <= words.length; i++) {
      let ok = true;
      for (let k = 0; k < topic.length && ok; k++) ok = withinDistance(words[i + k]!.w, topic[k]!, maxDistance);
      if (ok) hits.push({ topic: t, start: words[i]!.start, end: words[i + topic.length - 1]!.end });
    }
  });
  return hits;
}

/** True when the edit distance of a and b is at most d (d small; words are capped at 64 characters). */
export function withinDistance(a: string, b: string, d: number): boolean {
  if (a === b) return true;
  if (d === 0 || Math.abs(a.length - b.length) > d || a.length > 64 || b.length > 64) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > d) return false;
    prev = cur;
  }
  return prev[b.length]! <= d;
}

function compileUserPattern(p: string): RE2JS {
  try {
    return RE2JS.compile(p, RE2JS.CASE_INSENSITIVE);
  } catch {
    return RE2JS.compile(RE2JS.quote(p), RE2JS.CASE_INSENSITIVE);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
