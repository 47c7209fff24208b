/**
 * Refutation frames around a claim about a group (safety.ts): counter-speech quotes the claim it refutes.
 * "It is a myth that immigrants are criminals", "the claim that the Holocaust never happened is a lie",
 * "saying that all Muslims are terrorists is bigotry", "contrary to the stereotype that ...", "it is not true
 * that ...": the words of the claim are there, its assertion is not. A hate template marked `claim` (a
 * generalisation, a denial, a trope) whose match sits in such a frame does not count, nor do the cue words it
 * spans (slurs excepted: safety-context.ts).
 *
 * A frame is read from the few words right before the claim (a lead) and right after it (a verdict), within
 * the clause:
 * - a lead that refutes by itself: a word that calls the claim false or bigoted before "that" ("the myth that",
 *   "it is false that", "a racist lie that"), the same before a word of saying ("it is racist to say"), or a
 *   verb that rejects a neutral frame ("rejects the idea that", "contrary to the claim that");
 * - a neutral lead (a claim, an idea, saying, a quotation) with a verdict that refutes: "... is a lie",
 *   "... has been debunked", "... is simply false", '"..." is racist'.
 * Negation turns a frame round: "it is not a myth that", "is no lie", "the so-called myth" affirm the claim,
 * and so do "it is true that" and "... is a fact"; "it is not true that" refutes it. An affirming verdict
 * wins over a refuting lead ("the myth that ... is true"). Only this bounded look (a few words each way, no
 * further than the clause) is read, so the check costs the same for every match and the scan stays linear.
 */
import { isApostrophe, isWordUnit } from './safety-clauses.js';

/** Token for a quotation mark (outside a word) in the frame's word lists. */
const QUOTE = '"';
/** Words read before the claim (the lead) and after it (the verdict). */
const FRAME_WORDS = 8;
/** Characters read each way at most (the words above, plus spacing). */
const FRAME_CHARS = 96;
/** Words that may stand between a lead and the claim's first matched word ("that *all* Muslims", "that *the* Holocaust"). */
const LEAD_GAP = 3;
/** Words the claim may run on past its match before the verdict ("criminals *and rapists* is racist"). */
const VERDICT_GAP = 3;

/**
 * Words that call a claim false or bigoted. Before "that" ("the myth that", "it is false that"), before a word
 * of saying ("racist to say"), before a neutral frame ("the racist claim that") or as its verdict ("is a lie").
 */
const REFUTING: ReadonlySet<string> = new Set([
  'myth',
  'myths',
  'lie',
  'lies',
  'falsehood',
  'falsehoods',
  'false',
  'untrue',
  'wrong',
  'mistaken',
  'misguided',
  'nonsense',
  'fallacy',
  'misconception',
  'canard',
  'stereotype',
  'stereotypes',
  'trope',
  'smear',
  'slander',
  'fiction',
  'propaganda',
  'hogwash',
  'rubbish',
  'absurd',
  'ridiculous',
  'baseless',
  'unfounded',
  'groundless',
  'debunked',
  'disproven',
  'disproved',
  'discredited',
  'refuted',
  'bigotry',
  'bigoted',
  'racist',
  'racism',
  'sexist',
  'sexism',
  'antisemitic',
  'antisemitism',
  'xenophobic',
  'xenophobia',
  'homophobic',
  'homophobia',
  'transphobic',
  'transphobia',
  'islamophobic',
  'islamophobia',
  'misogynist',
  'misogynistic',
  'misogyny',
  'prejudice',
  'prejudiced',
  'hateful',
  'offensive',
  'dehumanizing',
  'dehumanising',
  'pernicious',
  'toxic',
  'hoax',
  'hoaxes',
  'fraud',
  'fabrication',
  'fabricated',
  // Who says it: "people who say ... are bigots".
  'bigot',
  'bigots',
  'racists',
  'antisemite',
  'antisemites',
  'sexists',
  'xenophobes',
  'homophobes',
  'transphobes',
  'deniers',
]);

/** Words that affirm a claim as a frame's word ("it is true that", "... is a fact"), and refute it when negated. */
const TRUTH: ReadonlySet<string> = new Set([
  'true',
  'correct',
  'accurate',
  'right',
  'fact',
  'facts',
  'truth',
  'real',
  'reality',
  'case',
]);

/** Nouns and verbs that frame a claim without judging it: "the claim that", "saying that", "to suggest". */
const NEUTRAL_FRAMES: ReadonlySet<string> = new Set([
  'claim',
  'claims',
  'idea',
  'ideas',
  'notion',
  'notions',
  'belief',
  'beliefs',
  'assumption',
  'assumptions',
  'view',
  'views',
  'argument',
  'suggestion',
  'assertion',
  'allegation',
  'theory',
  'narrative',
  'rhetoric',
  'statement',
  'premise',
  'perception',
  'message',
  'say',
  'says',
  'saying',
  'claimed',
  'claiming',
  'suggest',
  'suggests',
  'suggesting',
  'imply',
  'implies',
  'implying',
  'insist',
  'insisting',
  'assume',
  'assuming',
  'think',
  'thinking',
  'believe',
  'believing',
  'pretend',
  'pretending',
  'argue',
  'argues',
  'arguing',
]);

/** Verbs that reject a neutral frame as their object: "rejects the idea that", "debunking the claim that". */
const REJECTING: ReadonlySet<string> = new Set([
  'reject',
  'rejects',
  'rejected',
  'rejecting',
  'refute',
  'refutes',
  'refuting',
  'debunk',
  'debunks',
  'debunking',
  'disprove',
  'disproves',
  'disproving',
  'dispel',
  'dispels',
  'dispelled',
  'dispelling',
  'deny',
  'denies',
  'denied',
  'denying',
  'counter',
  'counters',
  'countering',
  'challenge',
  'challenges',
  'challenging',
  'combat',
  'combats',
  'combating',
  'combatting',
  'dismantle',
  'dismantles',
  'dismantling',
  'condemn',
  'condemns',
  'condemned',
  'condemning',
  'denounce',
  'denounces',
  'denounced',
  'denouncing',
  'oppose',
  'opposes',
  'opposing',
]);

/** Words that may stand between a frame's word and what negates or modifies it ("not *just* a myth", "the *old* claim"). */
const FILLERS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'this',
  'such',
  'another',
  'just',
  'only',
  'merely',
  'simply',
  'plain',
  'pure',
  'purely',
  'utterly',
  'completely',
  'totally',
  'entirely',
  'demonstrably',
  'clearly',
  'obviously',
  'itself',
  'long',
  'widely',
  'repeatedly',
  'thoroughly',
  'been',
  'always',
  'still',
  'old',
  'common',
  'popular',
  'persistent',
  'familiar',
  'widespread',
  'tired',
  'ugly',
  'big',
  'dangerous',
  'harmful',
  'actually',
  'really',
  'indeed',
  'absolutely',
  'definitely',
  'certainly',
  'undeniably',
]);

/** Words that turn a frame's word round: "not a myth", "no lie", "isn't true", "hardly a myth". */
const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'hardly',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'aint',
  'dont',
  'doesnt',
  'didnt',
  'cant',
  'cannot',
  'wont',
  'hasnt',
  'havent',
  'nor',
]);

/** Verbs of a verdict's copula ("is", "has been", "remains"); the negated forms negate it. */
const COPULAS: ReadonlySet<string> = new Set([
  'is',
  'was',
  'are',
  'were',
  'remains',
  'remain',
  'has',
  'have',
  'had',
  'seems',
  'sounds',
]);
const NEGATED_COPULAS: ReadonlySet<string> = new Set(['isnt', 'wasnt', 'arent', 'werent', 'hasnt', 'havent', 'aint']);

/** Words that end a run-on of the claim before its verdict: a new clause ("criminals *and that* is ..."). */
const CLAUSE_OPENERS: ReadonlySet<string> = new Set([
  'that',
  'this',
  'it',
  'which',
  'who',
  'they',
  'he',
  'she',
  'we',
  'i',
  'you',
]);

/** Opinions before a copular frame: "I don't *think* it's a myth that ...". */
const OPINIONS: ReadonlySet<string> = new Set([
  'think',
  'believe',
  'say',
  'agree',
  'suppose',
  'thinks',
  'believes',
  'says',
]);

const REFUTES = 1;
const NEUTRAL = 0;
const AFFIRMS = -1;
/** No frame: the words before the claim do not frame it. */
const NONE = -2;

/**
 * Whether the claim matched at [start, end) of the lower-case matching view sits in a frame that refutes it
 * (module comment). Reads at most FRAME_CHARS characters each way.
 */
export function refutedClaim(text: string, start: number, end: number): boolean {
  // A lead is one of the LEAD_GAP + 1 words nearest the claim: without one there, the other words around it
  // are not read (a megabyte of one repeated claim is 55k matches).
  return hasLead(wordsBefore(text, start, LEAD_GAP + 1)) && frameRefutes(text, start, end);
}

/** refutedClaim reading the whole frame, lead or not (exported for tests). */
export function frameRefutes(text: string, start: number, end: number): boolean {
  const lead = readLead(wordsBefore(text, start));
  if (lead === NONE || lead === AFFIRMS) return false;
  const verdict = readVerdict(wordsAfter(text, end));
  if (verdict === AFFIRMS) return false;
  return lead === REFUTES || verdict === REFUTES;
}

/** Words after a statement that end it ("... are human.", "... are human too is a lie", "... are human and ..."). */
const STATEMENT_ENDS: ReadonlySet<string> = new Set(['too', 'and', 'but', 'or', 'like']);

/**
 * Whether the statement matched at [start, end) is refuted as a whole (a `refutedOnly` template): it ends
 * there - the clause ends, or a verdict or a conjunction follows - and sits in a frame that refutes it. "The
 * lie that they are human rights abusers" refutes something else.
 */
export function refutedStatement(text: string, start: number, end: number): boolean {
  const next = wordsAfter(text, end)[0];
  const ends =
    next === undefined || next === QUOTE || COPULAS.has(next) || NEGATED_COPULAS.has(next) || STATEMENT_ENDS.has(next);
  return ends && refutedClaim(text, start, end);
}

/** Whether readLead finds a "that", quotation mark or word of saying among `before` (it then reads further words). */
function hasLead(before: readonly string[]): boolean {
  for (let k = 0; k < before.length && k <= LEAD_GAP; k++) {
    const word = before[k]!;
    if (word === 'that' || word === QUOTE || NEUTRAL_FRAMES.has(word)) return true;
    if (NEGATORS.has(word)) return false;
  }
  return false;
}

/** The lead's judgement of the claim: the nearest "that", quotation mark or word of saying, and the words before it. */
function readLead(before: readonly string[]): number {
  for (let k = 0; k < before.length && k <= LEAD_GAP; k++) {
    const word = before[k]!;
    if (word === 'that' || word === QUOTE) return frameOf(before, k + 1, word === QUOTE);
    if (NEUTRAL_FRAMES.has(word)) return modifiedFrame(before, k + 1);
    if (NEGATORS.has(word)) return NONE;
  }
  return NONE;
}

/** The frame whose "that" (or opening quotation mark) is at `at - 1`: the word at `at` says what it is. */
function frameOf(before: readonly string[], at: number, quoted: boolean): number {
  const word = before[at];
  if (word === undefined) return quoted ? NEUTRAL : NONE;
  // 'the myth that "..."': the quotation is the claim the word before it frames.
  if (quoted && word === 'that') {
    const framed = frameOf(before, at + 1, false);
    return framed === NONE ? NEUTRAL : framed;
  }
  if (REFUTING.has(word)) return negatedBefore(before, at + 1) ? AFFIRMS : REFUTES;
  if (TRUTH.has(word)) return negatedBefore(before, at + 1) ? REFUTES : AFFIRMS;
  // "the conspiracy theory that"
  if (word === 'theory' && before[at + 1] === 'conspiracy') return negatedBefore(before, at + 2) ? AFFIRMS : REFUTES;
  if (NEUTRAL_FRAMES.has(word)) return modifiedFrame(before, at + 1);
  // A quotation is a neutral frame whatever names it ("the slogan", "signs reading"); "that" after another word is none.
  return quoted ? NEUTRAL : NONE;
}

/**
 * A neutral frame (at `at - 1`) and the words before it: "the *racist* claim that", "*rejects* the idea that",
 * "*contrary to* the claim that", "it is *racist to* say" refute; negated, they affirm ("does not reject").
 */
function modifiedFrame(before: readonly string[], at: number): number {
  for (let k = at; k < before.length && k < at + 3; k++) {
    const word = before[k]!;
    if (REFUTING.has(word) || REJECTING.has(word)) return negatedBefore(before, k + 1) ? AFFIRMS : REFUTES;
    if (word === 'to') {
      if (before[k + 1] === 'contrary') return REFUTES;
      continue;
    }
    if (!FILLERS.has(word)) break;
  }
  return NEUTRAL;
}

/**
 * Whether the frame's word before `at` is negated: a negator past fillers ("not just a myth", "no lie"),
 * "so-called", or a negated opinion of a copular frame ("I don't think it's a myth").
 */
function negatedBefore(before: readonly string[], at: number): boolean {
  let k = at;
  while (k < before.length && k < at + 3 && FILLERS.has(before[k]!)) k++;
  const word = before[k];
  if (word === undefined) return false;
  if (NEGATORS.has(word) || word === 'called') return true;
  // "it's a myth", "it is a myth": past the copula and its subject, a negated opinion ("don't think").
  let j = k;
  if (word === 'its' || word === 'is' || word === 'was') {
    j++;
    if (before[j] === 'it' || before[j] === 'that' || before[j] === 'this') j++;
    if (before[j] !== undefined && NEGATORS.has(before[j]!)) return true;
    if (before[j] !== undefined && OPINIONS.has(before[j]!)) {
      j++;
      if (before[j] === 'i' || before[j] === 'we' || before[j] === 'you') j++;
      return before[j] !== undefined && NEGATORS.has(before[j]!);
    }
  }
  return false;
}

/** The verdict after the claim: "is a lie", "has been debunked", '" is racist', "is not true", "is a fact". */
function readVerdict(after: readonly string[]): number {
  let i = 0;
  if (after[0] === QUOTE) i++;
  // The claim may run on past its match ("criminals and rapists is racist"), not into a new clause.
  for (let g = 0; ; g++, i++) {
    const word = after[i];
    if (word === undefined) return NONE;
    if (COPULAS.has(word) || NEGATED_COPULAS.has(word)) break;
    if (g >= VERDICT_GAP || word === QUOTE || NEGATORS.has(word) || CLAUSE_OPENERS.has(word)) return NONE;
  }
  let negated = NEGATED_COPULAS.has(after[i]!);
  for (let k = i + 1; k < after.length && k <= i + 4; k++) {
    const word = after[k]!;
    if (NEGATORS.has(word)) negated = true;
    else if (word === 'nothing' && after[k + 1] === 'but') k++;
    else if (REFUTING.has(word) || (word === 'hate' && after[k + 1] === 'speech')) return negated ? AFFIRMS : REFUTES;
    else if (word === 'conspiracy' && after[k + 1] === 'theory') return negated ? AFFIRMS : REFUTES;
    else if (TRUTH.has(word)) return negated ? REFUTES : AFFIRMS;
    else if (!FILLERS.has(word)) return NONE;
  }
  return NONE;
}

/**
 * Whether a character ends the clause a frame is read in: . ! ? ; : , brackets, a dash, a line break. A
 * frame is read within its clause, so "Contrary to popular belief, immigrants are ..." frames nothing.
 */
function endsClause(c: number): boolean {
  return (
    c === 46 ||
    c === 33 ||
    c === 63 ||
    c === 59 ||
    c === 58 ||
    c === 44 ||
    c === 40 ||
    c === 41 ||
    c === 91 ||
    c === 93 ||
    c === 10 ||
    c === 13 ||
    c === 0x2014 ||
    c === 0x2013
  );
}

function isQuotationMark(c: number): boolean {
  return (
    c === 34 || c === 39 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0xab || c === 0xbb
  );
}

/**
 * The words before `start` (nearest first, apostrophes inside words dropped, a quotation mark as QUOTE), up
 * to `max` (FRAME_WORDS), within FRAME_CHARS characters and the clause. A word cut by the character limit is
 * left out. With a smaller `max`, the first words of the full list.
 */
function wordsBefore(text: string, start: number, max = FRAME_WORDS): string[] {
  const words: string[] = [];
  const limit = Math.max(0, start - FRAME_CHARS);
  let at = start;
  while (at > limit && words.length < max) {
    const c = text.charCodeAt(at - 1);
    if (isWordUnit(c)) {
      let from = at;
      while (
        from > limit &&
        (isWordUnit(text.charCodeAt(from - 1)) ||
          (isApostrophe(text.charCodeAt(from - 1)) && from - 1 > limit && isWordUnit(text.charCodeAt(from - 2))))
      )
        from--;
      if (from === limit && limit > 0) break;
      words.push(wordOf(text, from, at));
      at = from;
    } else if (endsClause(c)) break;
    else {
      if (isQuotationMark(c)) words.push(QUOTE);
      at--;
    }
  }
  return words;
}

/** The words after `end`, in order, read as wordsBefore reads them. */
function wordsAfter(text: string, end: number): string[] {
  const words: string[] = [];
  const limit = Math.min(text.length, end + FRAME_CHARS);
  let at = end;
  // The rest of a word the match ended inside ("terrorist|s") is not a word of the frame.
  while (at < limit && isWordUnit(text.charCodeAt(at))) at++;
  while (at < limit && words.length < FRAME_WORDS) {
    const c = text.charCodeAt(at);
    if (isWordUnit(c)) {
      let to = at;
      while (
        to < limit &&
        (isWordUnit(text.charCodeAt(to)) ||
          (isApostrophe(text.charCodeAt(to)) && to + 1 < limit && isWordUnit(text.charCodeAt(to + 1))))
      )
        to++;
      if (to === limit && limit < text.length) break;
      words.push(wordOf(text, at, to));
      at = to;
    } else if (endsClause(c)) break;
    else {
      if (isQuotationMark(c)) words.push(QUOTE);
      at++;
    }
  }
  return words;
}

function wordOf(text: string, from: number, to: number): string {
  let word = '';
  for (let k = from; k < to; k++) if (!isApostrophe(text.charCodeAt(k))) word += text[k];
  return word;
}
