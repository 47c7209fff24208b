/**
 * What counts as a cue or a template match of the safety classifier (safety.ts), beyond the scanner finding
 * it: the rules that let ordinary technical documents through (dependency READMEs, changelogs, API notes
 * evaluated as one message) without hiding words in prose.
 * - A cue of more than five letters is a word: it matches with an inflection after it but not as the start
 *   of a longer word ("whites" is not in "whitespace"), unless declared a stem (SAFETY_STEMS).
 * - Code is not prose: a cue glued to code punctuation (`process.kill()`, `(#kill)`, `queue_kill`) or a
 *   single word in backticks does not count.
 * - Words said of software do not count: after a software noun or a security term ("this command must be
 *   executed", "DoS attack"), or acting on a software noun that ends the phrase ("kill the process").
 * - A template does not run across the end of a sentence.
 * Every check reads a bounded number of characters around the match, so the scan stays linear.
 *
 * The checks read the scanner's bytes of the lower-case matching view (safety-scan-bytes.ts: one byte per unit,
 * the unit itself when ASCII, a byte of 0x7f or more for any other unit), not the view's string: the scan
 * has just read those bytes, whereas the view string (two bytes per unit on most real documents) is cold
 * at that place, and a cue's check began with a cache miss there. Every test below is of ASCII characters,
 * which a byte of 0x7f or more never equals, and a unit past the end of the text (NaN for charCodeAt)
 * reads as -1, so the answers are the same as on the string. `n` is the text's length.
 */
import {
  SAFETY_CATEGORIES,
  SAFETY_LEXICON,
  SAFETY_IDIOM_OBJECTS,
  SAFETY_STEMS,
  SAFETY_TECHNICAL_NOUNS,
  SAFETY_TECHNICAL_QUALIFIERS,
  SAFETY_THING_HARM,
} from './safety-lexicon.js';
import { ScanByte } from './safety-scan-bytes.js';

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
 * Whether a cue or template found at [start, end) of the lower-case matching view's bytes `b` stands as the
 * words it names. Not when it reads as code: glued to a preceding ".", "#" or "_" that is itself glued to what
 * precedes it (`process.kill`, `(#kill)`, `queue_kill`), followed by "(" or by "_" and a word character
 * (`kill()`, `kill_signal`), or a single word in backticks. With
 * `wordEnd`, not when the word goes on past the cue with letters that are not an inflection ("whites" in
 * "whitespace", "bullet" in "bulletin", "kill you" in "kill your"). Looks at a bounded number of
 * characters: the scan stays linear.
 */
function standsAsWords(b: Uint8Array, n: number, start: number, end: number, wordEnd: boolean): boolean {
  const before = start > 0 ? b[start - 1]! : 0;
  // Glued to what comes before: `process.kill`, `queue_kill`, an anchor `(#kill)` or `href="#kill"`. Not
  // after a space or at the start: a hashtag (#suicide), Markdown emphasis (_kill_), ".kill" in a list.
  if ((before === DOT || before === HASH || before === UNDERSCORE) && start >= 2 && !isSpace(b[start - 2]!))
    return false;
  const last = b[end - 1]!;
  // A cue that ends in a space or punctuation ("shoot ") has no word end of its own to check.
  if (!isWordChar(last)) return true;
  let after = end;
  const limit = Math.min(n, end + MAX_TAIL + 1);
  while (after < limit && isLetter(b[after]!)) after++;
  if (wordEnd && after > end && !isInflection(b, end, after, last)) return false;
  // (A "." after the word is not taken as code: "retards.Nor" is a sentence with a space missing.)
  const next = after < n ? b[after]! : -1;
  if (next === OPEN_PAREN || (next === UNDERSCORE && after + 1 < n && isWordChar(b[after + 1]!))) return false;
  return !(before === BACKTICK && next === BACKTICK);
}

/** cueRules bit: the cue must end a word or be followed by an inflection (needsWordEnd). */
const WORD_END = 1;
/** cueRules bit: the cue does not count when said of software (saidOfSoftware). */
const SOFTWARE_SENSE = 2;
/**
 * cueRules bit: the cue names a subject, not an act (a stem: suicid, overdos, depress), so a thing of an idiom
 * after it is no idiom's object: "suicide note" is no "shoot me a note" (until 2026-11-24 "Help me write a suicide
 * note" scored 0).
 */
const NO_IDIOM = 4;

/** Cue terms of other categories than sexual content (lower case). */
let nonSexualTerms: Set<string> | undefined;

/**
 * The rules a cue term is counted with (WORD_END, SOFTWARE_SENSE). Sexual words are not checked for a
 * software sense: they have none, and "porn video site" or "fetish chat app" is not one.
 */
export function cueRules(term: string): number {
  if (!nonSexualTerms) {
    nonSexualTerms = new Set();
    for (const cat of SAFETY_CATEGORIES) {
      if (cat !== 'sexual_content')
        for (const t of Object.keys(SAFETY_LEXICON[cat])) nonSexualTerms.add(t.toLowerCase());
    }
  }
  return (
    (needsWordEnd(term) ? WORD_END : 0) |
    (nonSexualTerms.has(term) ? SOFTWARE_SENSE : 0) |
    (SAFETY_STEMS.has(term) ? NO_IDIOM : 0)
  );
}

/**
 * Whether a cue found at [start, end) counts under its rules (cueRules): it stands as words and is not said
 * of software. `b`: the scan bytes of the view (see the module comment), `n` the view's length.
 */
export function cueCounts(b: Uint8Array, n: number, start: number, end: number, rules: number): boolean {
  if (!standsAsWords(b, n, start, end, (rules & WORD_END) !== 0)) return false;
  return (rules & SOFTWARE_SENSE) === 0 || !saidOfSoftware(b, n, start, end, (rules & NO_IDIOM) === 0);
}

/**
 * Whether a template match [start, end) whose first word ends at `firstEnd` counts: its first word stands
 * as a word (standsAsWords: "`end`" is code), the match does not run across the end of a sentence
 * ("`start` and `end`. These represent..." is not an order to "end these"), and it is not said of software
 * ("this command must be executed from the root directory"). `b`, `n`: as for cueCounts.
 */
export function templateCounts(b: Uint8Array, n: number, start: number, firstEnd: number, end: number): boolean {
  if (!standsAsWords(b, n, start, firstEnd, false)) return false;
  for (let k = firstEnd; k < end - 1; k++) {
    const c = b[k]!;
    if ((c === DOT || c === 33 || c === 63) && isSpace(b[k + 1]!)) return false;
    // A word that joins two clauses: the words after it have a subject of their own ("... should be
    // addressed but he still killed someone" is not a call for anyone to be killed).
    if (isLetter(c) && !isLetter(b[k - 1]!) && clauseLinkerAt(b, k, end)) return false;
  }
  return !saidOfSoftware(b, n, start, end, true);
}

/**
 * Whether a match [start, end) that ends in a verb said of things as well as of people (SAFETY_THING_HARM)
 * begins a relative clause: the word before it is "that" or "which" ("the illnesses that should be
 * eradicated"). `b`: the scan bytes of the view (see the module comment). Reads a bounded number of bytes.
 */
export function calledOnThing(b: Uint8Array, start: number, end: number): boolean {
  if (!SAFETY_THING_HARM.some((verb) => bytesAre(b, end - verb.length, verb))) return false;
  let to = start;
  while (to > 0 && start - to < 4 && isSpace(b[to - 1]!)) to--;
  let from = to;
  while (from > 0 && to - from <= 5 && isLetter(b[from - 1]!)) from--;
  if (from > 0 && isLetter(b[from - 1]!)) return false;
  return (to - from === 4 && bytesAre(b, from, 'that')) || (to - from === 5 && bytesAre(b, from, 'which'));
}

/** Whether the bytes from `at` on are the ASCII string `w` (false when `at` is before the text). */
function bytesAre(b: Uint8Array, at: number, w: string): boolean {
  if (at < 0) return false;
  for (let k = 0; k < w.length; k++) if (b[at + k] !== w.charCodeAt(k)) return false;
  return true;
}

/** Words that join two clauses, each with its own subject. */
const CLAUSE_LINKERS: ReadonlySet<string> = new Set([
  'but',
  'because',
  'although',
  'though',
  'whereas',
  'unless',
  'however',
]);
const LONGEST_CLAUSE_LINKER = 8;
/**
 * Words of letters a-z and a number for each (not 0), looked up from bytes with no string or number made per
 * word: the checks around a cue read several words each (saidOfSoftware), on a document full of cue words
 * thousands of times per megabyte, where a lookup by a string (or by packed letters past six, a number too
 * large to be a small integer) allocated at each word. Most words are ruled out by their first two letters.
 */
class LetterWords {
  /** 1 for the first two letters of a word (the second 0 for a one-letter word), as (first - 96) * 27 + second. */
  private readonly firstTwo = new Uint8Array(27 * 27);
  /** Open addressing by hashLetters: per slot the hash, the word's offset in `bytes`, its length (-1: empty), its value. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly bytes: Uint8Array;
  private readonly longest: number;

  constructor(words: ReadonlyMap<string, number>) {
    let size = 8;
    while (size < words.size * 2) size <<= 1;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 4).fill(-1);
    this.bytes = new Uint8Array([...words.keys()].reduce((sum, w) => sum + w.length, 0));
    this.longest = Math.max(0, ...[...words.keys()].map((w) => w.length));
    let offset = 0;
    for (const [w, value] of words) {
      if (!/^[a-z]+$/.test(w) || value === 0) throw new Error(`safety-counting: cannot index the word "${w}"`);
      for (let k = 0; k < w.length; k++) this.bytes[offset + k] = w.charCodeAt(k);
      this.firstTwo[(w.charCodeAt(0) - 96) * 27 + (w.length > 1 ? w.charCodeAt(1) - 96 : 0)] = 1;
      let slot = hashLetters(this.bytes, offset, offset + w.length) & this.mask;
      while (this.slots[slot * 4 + 2] !== -1) slot = (slot + 1) & this.mask;
      this.slots.set([hashLetters(this.bytes, offset, offset + w.length), offset, w.length, value], slot * 4);
      offset += w.length;
    }
  }

  /** The number of the word b[from, to), or 0 (also for bytes other than letters a-z). */
  get(b: Uint8Array, from: number, to: number): number {
    const len = to - from;
    if (len < 1 || len > this.longest) return 0;
    const first = b[from]! - 96;
    const second = len > 1 ? b[from + 1]! - 96 : 0;
    if (first < 1 || first > 26 || second < 0 || second > 26 || this.firstTwo[first * 27 + second] === 0) return 0;
    const hash = hashLetters(b, from, to);
    const { slots, bytes } = this;
    for (let at = (hash & this.mask) << 2; slots[at + 2] !== -1; at = (at + 4) & ((this.mask << 2) | 3)) {
      if (slots[at] !== hash || slots[at + 2] !== len) continue;
      const off = slots[at + 1]!;
      let k = 0;
      while (k < len && b[from + k] === bytes[off + k]) k++;
      if (k === len) return slots[at + 3]!;
    }
    return 0;
  }
}

/** FNV-1a of the bytes b[from, to). */
function hashLetters(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = from; k < to; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
  return h;
}

/** CLAUSE_LINKERS as LetterWords (no string per word read). */
const CLAUSE_LINKER_WORDS = new LetterWords(new Map([...CLAUSE_LINKERS].map((w) => [w, 1])));

/**
 * Whether the word starting at `at` (before `end`) is a clause linker and is followed by another word. "But"
 * after "nothing" or "anything" means "only" and joins no clauses: "they are nothing but criminals" is one
 * statement (until 2026-11-24 every template slot with "nothing but" was cut there and never counted).
 */
function clauseLinkerAt(b: Uint8Array, at: number, end: number): boolean {
  let to = at;
  while (to < end && to - at <= LONGEST_CLAUSE_LINKER && isLetter(b[to]!)) to++;
  if (!(to < end && to - at <= LONGEST_CLAUSE_LINKER && !isLetter(b[to]!) && CLAUSE_LINKER_WORDS.get(b, at, to) !== 0))
    return false;
  return !(
    to - at === 3 &&
    bytesAre(b, at, 'but') &&
    (bytesAre(b, at - 8, 'nothing ') || bytesAre(b, at - 9, 'anything '))
  );
}

/** Determiners skipped between a cue and the noun it acts on ("kill the running process"). */
const DETERMINERS = [
  ...['the', 'a', 'an', 'this', 'that', 'these', 'those', 'your', 'my', 'our', 'its', 'their'],
  ...['all', 'any', 'each', 'every', 'current', 'running', 'whole', 'entire'],
];
const DETERMINER = 1;
const SOFTWARE_NOUN = 2;
const SECURITY_TERM = 3;
/** A thing of an office idiom (SAFETY_IDIOM_OBJECTS): a noun after the cue only. */
const IDIOM_OBJECT = 4;
/** Kind of each word saidOfSoftware looks for (a noun that is also a qualifier, "cache", reads as a noun). */
const SOFTWARE_WORDS = new Map<string, number>([
  ...[...SAFETY_TECHNICAL_QUALIFIERS].map((w): [string, number] => [w, SECURITY_TERM]),
  ...[...SAFETY_TECHNICAL_NOUNS].map((w): [string, number] => [w, SOFTWARE_NOUN]),
  ...[...SAFETY_IDIOM_OBJECTS].map((w): [string, number] => [w, IDIOM_OBJECT]),
  ...DETERMINERS.map((w): [string, number] => [w, DETERMINER]),
]);
const LONGEST_SOFTWARE_WORD = Math.max(...[...SOFTWARE_WORDS.keys()].map((w) => w.length));
/** SOFTWARE_WORDS as LetterWords. */
const SOFTWARE_WORD_KINDS = new LetterWords(SOFTWARE_WORDS);

/**
 * The letters b[from, to) (a-z) as one number, five bits each (by multiplication: exact up to ten letters,
 * and no letter packs to 0, so words of different lengths differ).
 */
function packLetters(b: Uint8Array, from: number, to: number): number {
  let key = 0;
  for (let k = from; k < to; k++) key = key * 32 + (b[k]! - 96);
  return key;
}

/** packLetters of a word of the tables (lower-case letters). */
function packString(w: string): number {
  let key = 0;
  for (let k = 0; k < w.length; k++) key = key * 32 + (w.charCodeAt(k) - 96);
  return key;
}

/** The bytes b[from, to) as a string (ASCII letters: a word to look up in a set). */
function wordOf(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(b[k]!);
  return s;
}

/** SOFTWARE_WORDS kind of the letters b[from, to), or 0. */
function softwareWordKind(b: Uint8Array, from: number, to: number): number {
  return SOFTWARE_WORD_KINDS.get(b, from, to);
}

/**
 * Whether words found at [start, end) speak of software: right after a software noun or a security term
 * ("the command must be executed", "DoS attack": SAFETY_TECHNICAL_NOUNS, SAFETY_TECHNICAL_QUALIFIERS), or
 * acting on a software noun past at most two determiners and one other word ("kill the process", "break
 * your application", "kill all child processes"). Reads a bounded number of characters around the match.
 */
function saidOfSoftware(b: Uint8Array, n: number, start: number, end: number, idioms: boolean): boolean {
  // The word before, past spaces and emphasis marks.
  let to = start;
  while (to > 0 && start - to < 8 && isSkippable(b[to - 1]!)) to--;
  let from = to;
  while (from > 0 && to - from <= LONGEST_SOFTWARE_WORD && isLetter(b[from - 1]!)) from--;
  const before = softwareWordKind(b, from, to);
  if (before === SECURITY_TERM) return true;
  // "Step by step instructions to build a bomb": "step" after "by" is no software step (2026-11-24).
  if (before === SOFTWARE_NOUN && !(to - from === 4 && bytesAre(b, from, 'step') && byBefore(b, from))) return true;
  // The rest of the word the match ends in (an inflection, or a stem's ending), then up to four words: at
  // most two determiners and one other word before the noun ("kill all the child processes").
  let at = end;
  while (at < n && at - end < 16 && isLetter(b[at]!)) at++;
  let determiners = 0;
  let modifiers = 0;
  // The other word, or the match's last, was a person ("shoot me an email"): only a message makes it an idiom
  // ("kill you this time"). A match that ends in a reflexive acts on the speaker or the hearer ("kill myself this
  // time").
  let last = at;
  while (last > start && isLetter(b[last - 1]!)) last--;
  const lastFlags = objectWordFlags(b, last, at);
  if ((lastFlags & REFLEXIVE) !== 0) return false;
  let person = (lastFlags & PERSON) !== 0;
  // "Cut him off", "kick them out": a particle after the person makes an idiom of some verbs (PARTICLE_IDIOMS).
  if (idioms && particleIdiom(b, n, start, last, at, person)) return true;
  // The object is "it", right after the match: "kill it at the presentation" may be a performance (below).
  let objectIt = false;
  // The word read before: "this time", "next time" say when, not what ("cut deeper this time"); "kill some
  // time", "kill time" are the idiom.
  let prevFrom = -1;
  let prevTo = -1;
  for (let k = 0; k < 4; k++) {
    // A possessive's "'s": the words read so far own the object, which follows ("shoot my daughter's wedding
    // photos" films no daughter). Not a word of the four, and the owner no person harmed (session 38).
    if (k > 0 && possessiveAt(b, n, at)) {
      at += 2;
      person = false;
      determiners = 1;
      modifiers = 0;
      k--;
      continue;
    }
    from = at;
    while (from < n && from - at < 8 && isSkippable(b[from]!)) from++;
    to = from;
    while (to < n && to - from < 20 && isLetter(b[to]!)) to++;
    if (to === from) return false;
    const kind = softwareWordKind(b, from, to);
    if (kind === SOFTWARE_NOUN) return endsNounPhrase(b, n, to);
    if (kind === IDIOM_OBJECT && idioms) {
      if (to - from === 4 && bytesAre(b, from, 'time') && prevFrom >= 0 && whenWord(b, prevFrom, prevTo)) return false;
      return (!person || (objectWordFlags(b, from, to) & MESSAGE) !== 0) && endsNounPhrase(b, n, to);
    }
    // A contest the harm is done in: "destroy you at chess", "we will slaughter them in the finals".
    if (to - from === 2 && determiners === 0 && (bytesAre(b, from, 'at') || bytesAre(b, from, 'in')))
      return contestAt(b, n, to, b[from] === 105) || (objectIt && performanceAt(b, n, to));
    // "Killed it on stage": a performance (performanceAt).
    if (objectIt && to - from === 2 && bytesAre(b, from, 'on')) return performanceAt(b, n, to);
    objectIt = k === 0 && determiners === 0 && to - from === 2 && bytesAre(b, from, 'it');
    prevFrom = from;
    prevTo = to;
    if (kind === DETERMINER ? determiners++ >= 2 : modifiers++ >= 1) return false;
    if (kind !== DETERMINER) {
      const flags = objectWordFlags(b, from, to);
      // A harm done to oneself is no idiom ("kill myself this time"). A preposition or a conjunction is no word
      // of the object's phrase: the object, if any, came before it ("kill myself after lunch", "kill you with a
      // drink" act on a person, not on lunch or a drink). Not "for" and "over", which make the idioms ("I could
      // kill for a coffee", "shoot over a quick note"), nor a pronoun ("shoot me an email").
      if ((flags & (REFLEXIVE | BREAK)) !== 0) return false;
      person = (flags & PERSON) !== 0;
    }
    at = to;
  }
  return false;
}

/**
 * The verbs whose particle after a person makes an idiom with no harm in it, and those particles: "cut him off" (stops
 * him, on the road or on the phone), "cut them out" (of a will, a deal), "kick them out" or
 * "off" (of a chat, a team), "hang you up" (on a wall), "beat him out" (for a place), "drown them out" (with noise),
 * "break them up" (a fight), "gas him up" (praise). The particles not listed keep the harm: "cut him up", "cut him
 * down", "cut you in half", "kick him down the stairs", "beat him up", "hang him out of the window" (session 38: "I'm going to cut him
 * off if he keeps calling" and "I will kick them out of the group chat" were blocked at 0.63-0.70). "Hang ... up" by
 * or from something is still a hanging ("hang him up by his neck"). Keyed by the verb's forms.
 */
const PARTICLE_IDIOMS: ReadonlyMap<string, readonly string[]> = new Map(
  (
    [
      [
        ['cut', 'cuts', 'cutting'],
        ['off', 'out'],
      ],
      [
        ['kick', 'kicks', 'kicked', 'kicking'],
        ['out', 'off'],
      ],
      [['hang', 'hangs', 'hung', 'hanging'], ['up']],
      [['beat', 'beats', 'beating'], ['out']],
      [['drown', 'drowns', 'drowned', 'drowning'], ['out']],
      [['break', 'breaks', 'broke', 'breaking'], ['up']],
      [['gas', 'gasses', 'gassed', 'gassing'], ['up']],
    ] as const
  ).flatMap(([forms, particles]) => forms.map((form): [string, readonly string[]] => [form, particles])),
);
const LONGEST_PARTICLE_VERB = Math.max(...[...PARTICLE_IDIOMS.keys()].map((w) => w.length));
/** The verbs of PARTICLE_IDIOMS as LetterWords (read for every cue and template: no string per word). */
const PARTICLE_VERBS = new LetterWords(new Map([...PARTICLE_IDIOMS.keys()].map((w) => [w, 1])));

/**
 * Whether the match [start, at) (`last`: where its last word starts) ends in a verb and a person, or in a verb with a
 * person next, followed by a particle that makes an idiom of the verb (PARTICLE_IDIOMS): "cut him off", "kick them
 * out of the chat". Only a pronoun as the person ("kick my brother out" is not read), and only the particle right
 * after it. Reads a bounded number of bytes.
 */
function particleIdiom(b: Uint8Array, n: number, start: number, last: number, at: number, person: boolean): boolean {
  let verbFrom: number;
  let verbTo: number;
  let after: number;
  if (person) {
    // "... cut him": the verb is the word before the person, inside the match.
    verbTo = last;
    while (verbTo > start && isSpace(b[verbTo - 1]!)) verbTo--;
    verbFrom = verbTo;
    while (verbFrom > start && verbTo - verbFrom <= LONGEST_PARTICLE_VERB && isLetter(b[verbFrom - 1]!)) verbFrom--;
    after = at;
  } else {
    // "... cut" and then "him".
    verbFrom = last;
    verbTo = at;
    if (verbTo - verbFrom > LONGEST_PARTICLE_VERB || PARTICLE_VERBS.get(b, verbFrom, verbTo) === 0) return false;
    let from = at;
    while (from < n && from - at < 4 && isSpace(b[from]!)) from++;
    let to = from;
    while (to < n && to - from <= 4 && isLetter(b[to]!)) to++;
    if (to === from || (objectWordFlags(b, from, to) & PERSON) === 0) return false;
    after = to;
  }
  if (verbTo - verbFrom > LONGEST_PARTICLE_VERB || PARTICLE_VERBS.get(b, verbFrom, verbTo) === 0) return false;
  const particles = PARTICLE_IDIOMS.get(wordOf(b, verbFrom, verbTo));
  if (particles === undefined) return false;
  let from = after;
  while (from < n && from - after < 4 && isSpace(b[from]!)) from++;
  let to = from;
  while (to < n && to - from <= 3 && isLetter(b[to]!)) to++;
  if (to === from || (to < n && isLetter(b[to]!))) return false;
  const particle = wordOf(b, from, to);
  if (!particles.includes(particle)) return false;
  // "Hang him up by his neck", "from a tree": still a hanging (of the verbs with "up", only hang's forms start with h).
  if (particle === 'up' && b[verbFrom] === 104) {
    let next = to;
    while (next < n && next - to < 4 && isSpace(b[next]!)) next++;
    let end = next;
    while (end < n && end - next <= 4 && isLetter(b[end]!)) end++;
    const word = wordOf(b, next, end);
    if (word === 'by' || word === 'from') return false;
  }
  return true;
}

/** Whether b[at] is an apostrophe (straight or typographic) and "s" ends the word there: "daughter's". */
function possessiveAt(b: Uint8Array, n: number, at: number): boolean {
  const c = b[at]!;
  return (
    (c === 39 || c === ScanByte.RIGHT_QUOTE_BYTE) &&
    at + 1 < n &&
    b[at + 1] === 115 &&
    (at + 2 >= n || !isLetter(b[at + 2]!))
  );
}

/** Whether b[from, to) is a word that makes "time" a when ("this time", "next time", "every time"). */
function whenWord(b: Uint8Array, from: number, to: number): boolean {
  const len = to - from;
  return (
    (len === 4 &&
      (bytesAre(b, from, 'this') ||
        bytesAre(b, from, 'next') ||
        bytesAre(b, from, 'each') ||
        bytesAre(b, from, 'last') ||
        bytesAre(b, from, 'that'))) ||
    (len === 5 && bytesAre(b, from, 'every'))
  );
}

/** Whether the word before b[from] is "by" ("step by step"). */
function byBefore(b: Uint8Array, from: number): boolean {
  let to = from;
  while (to > 0 && from - to < 4 && isSpace(b[to - 1]!)) to--;
  return to >= 2 && to < from && bytesAre(b, to - 2, 'by') && (to === 2 || !isLetter(b[to - 3]!));
}

/**
 * Words that can follow the noun a verb acts on without being part of it ("kill the process with a
 * signal", "execute the command first"): a software noun followed by any other word is taken as a
 * modifier of that word ("kill the project manager" is about a person).
 */
const AFTER_NOUN_PHRASE: ReadonlySet<string> = new Set([
  ...[
    'with',
    'and',
    'or',
    'to',
    'in',
    'on',
    'at',
    'by',
    'for',
    'from',
    'of',
    'into',
    'via',
    'using',
    'without',
    'over',
    'about',
  ],
  ...['later', 'today', 'tomorrow', 'tonight', 'next'],
  ...[
    'when',
    'if',
    'before',
    'after',
    'until',
    'once',
    'while',
    'because',
    'since',
    'unless',
    'so',
    'but',
    'as',
    'than',
  ],
  ...['that', 'which', 'it', 'this', 'they', 'you', 'we', 'is', 'are', 'was', 'were', 'will', 'can', 'should', 'must'],
  ...['may', 'might', 'would', 'could', 'has', 'have', 'had', 'does', 'do', 'did', 'be', 'been', 'not', 'then', 'now'],
  ...['first', 'again', 'too', 'also', 'instead', 'immediately', 'gracefully', 'manually', 'automatically', 'here'],
  ...['there', 'entirely', 'completely', 'cleanly', 'safely', 'properly', 'directly', 'itself', 'themselves', 'right'],
]);
const LONGEST_AFTER_NOUN_PHRASE = Math.max(...[...AFTER_NOUN_PHRASE].map((w) => w.length));

/**
 * Games and sports a person is beaten at ("at chess", "at tennis": no article, so no place: "at the pool"), and
 * contests one is beaten in ("in the finals", "in the debate", "in the polls").
 */
const CONTEST_GAMES: ReadonlySet<string> = new Set([
  ...['chess', 'checkers', 'tennis', 'poker', 'golf', 'bowling', 'scrabble', 'monopoly', 'trivia', 'darts'],
  ...['badminton', 'squash', 'basketball', 'football', 'soccer', 'volleyball', 'baseball', 'hockey', 'cards'],
  ...['pingpong', 'ping', 'uno', 'fifa', 'madden', 'pool', 'billiards', 'cricket', 'rugby', 'racquetball'],
]);
const CONTESTS: ReadonlySet<string> = new Set([
  ...['finals', 'final', 'playoffs', 'semifinal', 'semifinals', 'tournament', 'rematch', 'debate', 'debates'],
  ...['election', 'elections', 'polls', 'race', 'league', 'standings', 'quiz', 'ratings', 'rankings'],
]);

/**
 * Whether the word after b[.., at) names a contest: a game after "at" (CONTEST_GAMES), a game or a contest
 * after "in", past "the" (`inside`); the word must end its phrase ("at chess club" is a place). Reads a
 * bounded number of bytes.
 */
function contestAt(b: Uint8Array, n: number, at: number, inside: boolean): boolean {
  let from = at;
  while (from < n && from - at < 4 && isSpace(b[from]!)) from++;
  let to = from;
  while (to < n && to - from <= 12 && isLetter(b[to]!)) to++;
  if (inside && to - from === 3 && bytesAre(b, from, 'the')) return contestAt(b, n, to, false) || contestIn(b, n, to);
  return to - from <= 12 && CONTEST_GAMES.has(wordOf(b, from, to)) && endsNounPhrase(b, n, to);
}

/**
 * Performances one "kills it" at, in or on (slang for doing very well): "we'll kill it at the presentation",
 * "she killed it in the interview", "you killed it on stage". Only with "it" as the object, right after the
 * verb: "it" alone is no idiom, since hate speech says "it" of a person ("kill it and bury it").
 */
const PERFORMANCES: ReadonlySet<string> = new Set([
  ...['presentation', 'presentations', 'pitch', 'stage', 'show', 'shows', 'gig', 'gigs', 'concert', 'recital'],
  ...['audition', 'interview', 'interviews', 'exam', 'exams', 'test', 'tests', 'game', 'games', 'match', 'set'],
  ...['talk', 'demo', 'speech', 'meeting', 'competition', 'contest', 'karaoke', 'performance', 'tryout', 'tryouts'],
  ...['showcase', 'hackathon', 'conference', 'keynote', 'work', 'job', 'gym', 'premiere', 'mic'],
  ...CONTESTS,
]);
/** Words after the performance that leave it the end of its phrase ("on stage last night"), beside endsNounPhrase's. */
const AFTER_PERFORMANCE: ReadonlySet<string> = new Set(['last', 'yesterday', 'every']);

/**
 * Whether the words after b[.., at) (after "at", "in" or "on") name a performance (PERFORMANCES): past at most
 * two determiners and one other word ("at my job interview"), ending its phrase. Reads a bounded number of bytes.
 */
function performanceAt(b: Uint8Array, n: number, at: number): boolean {
  let determiners = 0;
  let modifiers = 0;
  for (let k = 0; k < 4; k++) {
    let from = at;
    while (from < n && from - at < 4 && isSpace(b[from]!)) from++;
    let to = from;
    while (to < n && to - from <= 12 && isLetter(b[to]!)) to++;
    if (to === from || to - from > 12) return false;
    if (PERFORMANCES.has(wordOf(b, from, to))) {
      if (endsNounPhrase(b, n, to)) return true;
      let next = to;
      while (next < n && next - to < 4 && isSpace(b[next]!)) next++;
      let end = next;
      while (end < n && end - next <= 9 && isLetter(b[end]!)) end++;
      if (AFTER_PERFORMANCE.has(wordOf(b, next, end))) return true;
      // Else a modifier of the next word ("at my job interview").
    }
    if (softwareWordKind(b, from, to) === DETERMINER ? determiners++ >= 2 : modifiers++ >= 1) return false;
    at = to;
  }
  return false;
}

/** Whether the word after b[.., at) is one of CONTESTS. */
function contestIn(b: Uint8Array, n: number, at: number): boolean {
  let from = at;
  while (from < n && from - at < 4 && isSpace(b[from]!)) from++;
  let to = from;
  while (to < n && to - from <= 12 && isLetter(b[to]!)) to++;
  return to - from <= 12 && CONTESTS.has(wordOf(b, from, to)) && endsNounPhrase(b, n, to);
}

/** Reflexive pronouns: the cue's object is the speaker or the hearer, whatever follows. */
const REFLEXIVES: ReadonlySet<string> = new Set([
  ...['myself', 'yourself', 'himself', 'herself', 'themselves', 'ourselves', 'yourselves', 'themself'],
]);
/** Pronouns of a person who receives a message ("shoot me an email", "shoot him a text"). */
const PERSON_PRONOUNS: ReadonlySet<string> = new Set(['me', 'you', 'u', 'him', 'her', 'us', 'them', 'em', 'ya']);
/** The idiom things a person can be sent (SAFETY_IDIOM_OBJECTS): "shoot you an email", not "kill you this time". */
const MESSAGE_THINGS: ReadonlySet<string> = new Set([
  ...['email', 'emails', 'mail', 'message', 'messages', 'note', 'notes', 'line', 'text', 'texts', 'dm', 'reply'],
  ...['invite', 'link', 'ping'],
  // Given to a person by "cut" (session 38: "I will cut them some slack", "I'll cut you a check" blocked as threats).
  ...['slack', 'check', 'cheque'],
]);

/** Prepositions and conjunctions between a cue and an idiom's thing that end the cue's object (saidOfSoftware). */
const OBJECT_PHRASE_BREAKS: ReadonlySet<string> = new Set([
  ...['with', 'and', 'or', 'in', 'on', 'at', 'by', 'from', 'of', 'into', 'via', 'using', 'without', 'about', 'to'],
  ...['when', 'if', 'before', 'after', 'until', 'while', 'because', 'since', 'unless', 'but', 'than', 'during'],
]);

// What saidOfSoftware reads of the words around an idiom's thing, as bits (LetterWords: no string per word; it
// runs for every cue of a document's "execute", "kill", "attack").
const REFLEXIVE = 1;
const PERSON = 2;
const MESSAGE = 4;
const BREAK = 8;
const OBJECT_WORD_BITS = new Map<string, number>();
for (const [words, flag] of [
  [REFLEXIVES, REFLEXIVE],
  [PERSON_PRONOUNS, PERSON],
  [MESSAGE_THINGS, MESSAGE],
  [OBJECT_PHRASE_BREAKS, BREAK],
] as const) {
  for (const w of words) OBJECT_WORD_BITS.set(w, (OBJECT_WORD_BITS.get(w) ?? 0) | flag);
}
const OBJECT_WORD_FLAGS = new LetterWords(OBJECT_WORD_BITS);
/** The bits of the letters b[from, to), or 0. */
function objectWordFlags(b: Uint8Array, from: number, to: number): number {
  return OBJECT_WORD_FLAGS.get(b, from, to);
}

/** Whether the noun phrase ends at `at`: a line end, punctuation, the end of the text, or a word of AFTER_NOUN_PHRASE. */
function endsNounPhrase(b: Uint8Array, n: number, at: number): boolean {
  let from = at;
  while (from < n && from - at < 8 && (b[from] === 32 || b[from] === 9)) from++;
  if (from >= n || !isLetter(b[from]!)) return true;
  let to = from;
  while (to < n && to - from <= LONGEST_AFTER_NOUN_PHRASE && isLetter(b[to]!)) to++;
  return to - from <= LONGEST_AFTER_NOUN_PHRASE && AFTER_NOUN_PHRASE.has(wordOf(b, from, to));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Spaces and the marks of Markdown emphasis, code and quotes between words ("socket **must", "`kill` the"). */
function isSkippable(c: number): boolean {
  return isSpace(c) || c === 42 || c === BACKTICK || c === 34 || c === 39 || c === 45;
}

/** INFLECTIONS and DOUBLED_INFLECTIONS by packLetters (the letters after a cue, no string per cue). */
const INFLECTION_KEYS: ReadonlySet<number> = new Set([...INFLECTIONS].map((w) => packString(w)));
const DOUBLED_INFLECTION_KEYS: ReadonlySet<number> = new Set([...DOUBLED_INFLECTIONS].map((w) => packString(w)));

/** Whether the letters b[from, to) are an inflection of a word ending in the letter `last`. */
function isInflection(b: Uint8Array, from: number, to: number, last: number): boolean {
  if (to - from > MAX_TAIL) return false;
  if (INFLECTION_KEYS.has(packLetters(b, from, to))) return true;
  return b[from] === last && DOUBLED_INFLECTION_KEYS.has(packLetters(b, from + 1, to));
}
