/**
 * Quotations in the lower-case matching view of the safety classifier (safety.ts): whether a cue or template
 * match lies in a quotation, and whether that quotation is a character's line in a story (narratedSpeech) or
 * an example of what rules ban (quotedExample) - speech reported or mentioned, not said by the writer.
 */
import type { SafetyCategory } from './safety-lexicon.js';
import { apostropheWordEnd, isApostrophe, isWordUnit } from './safety-clauses.js';

/**
 * The opening mark of the quotation that `start` of the lower-case matching view lies in, or -1: a double mark,
 * U+201C, U+2018 or an ASCII apostrophe used as a single mark, after a non-word character (a mark after a word
 * closes a quotation), at most 80 characters back in the sentence with no closing mark between. An apostrophe
 * between two word characters is a contraction or a possessive ("don't", "o'clock") and is read past; one after a
 * word and before a non-word character closes a single quotation ("posts like 'hi' and ..."; a plural possessive,
 * "the users' posts", reads so too: no quotation). Reads at most 80 characters.
 */
function openingQuote(text: string, start: number): number {
  let quote = start;
  while (quote > 0 && start - quote < 80) {
    const c = text.charCodeAt(quote - 1);
    if (c === 46 || c === 33 || c === 63 || c === 10 || c === 0x201d) return -1;
    if (c === 34 || c === 0x201c || c === 0x2018) break;
    if (isApostrophe(c) && quote > 1 && isWordUnit(text.charCodeAt(quote - 2))) {
      if (!isWordUnit(text.charCodeAt(quote))) return -1;
    } else if (c === 39) break;
    quote--;
  }
  if (quote === 0 || start - quote >= 80) return -1;
  // An opening mark follows a space, a colon, a bracket or the start (a closing one follows a word).
  return quote > 1 && isWordUnit(text.charCodeAt(quote - 2)) ? -1 : quote - 1;
}

/** Verbs that attribute a quotation to a character: the narration of a story ("the villain hissed, \"...\""). */
const SPEECH_VERBS: ReadonlySet<string> = new Set(
  (
    'says said sneers sneered hisses hissed cackles cackled snarls snarled spits spat growls growled mutters ' +
    'muttered yells yelled shouts shouted screams screamed whispers whispered replies replied taunts taunted jeers ' +
    'jeered mocks mocked sneer snaps snapped barks barked roars roared bellows bellowed cries cried sobs sobbed ' +
    'murmurs murmured vows vowed warns warned threatens threatened asks asked'
  ).split(' '),
);

/** Speakers that make a quotation the writer's own line ("I said", "we shouted"): no character's. */
const FIRST_PERSON_SPEAKER: ReadonlySet<string> = new Set(['i', 'we']);
/** Words that open a narration's subject of two or three words after a quotation ("... ,\" the old man said"). */
const SUBJECT_OPENERS: ReadonlySet<string> = new Set(
  'the a an his her my their our your its this that he she they'.split(' '),
);
/** Words right after a quotation that begin another clause, not its narration ("... \" and my mom said nothing"). */
const CLAUSE_OPENERS: ReadonlySet<string> = new Set(
  'and but or so then when as while because if until before after though although since once'.split(' '),
);

/**
 * Whether the quotation that `start` of the lower-case matching view lies in is a line a narration gives to a
 * character: a quotation mark opens before it in its sentence (openingQuote: double or single, at most 80
 * characters back, no closing one between; 'the witch cackled, \'you stupid girl\'' since 2026-11-24, session 35),
 * and a speech verb (SPEECH_VERBS) said of someone other than "I" or "we" comes in the 48 characters before that
 * mark - "the witch cackled, \"you stupid little girl\"", "the villain sneers at the hero: \"you pathetic
 * worm\"" - or right after the quotation closes (narrationAfter, session 37): "\"...,\" the villain snarled",
 * "'...,' snarled the old witch". A line of a story, not the writer's (2026-11-24); the same words unquoted,
 * quoted with no narration ("send him this: \"you pathetic worm\""), or said by the writer ("I said, \"...\"",
 * "\"...,\" I whispered", "I just said \"...\"": "I" or "we" one or two words before the verb) still count.
 * Reads a bounded number of characters.
 */
export function narratedSpeech(text: string, start: number): boolean {
  const quote = openingQuote(text, start);
  if (quote < 0) return false;
  return narrationBefore(text, quote) || narrationAfter(text, quote, start);
}

/**
 * The words in the 48 characters before the mark at `quote`, in its sentence, nearest first (a word of more than
 * 10 units is read as ""): the narration a quotation may follow ("the witch cackled,", "my ex texted me").
 */
function wordsBeforeQuote(text: string, quote: number): string[] {
  const words: string[] = [];
  let at = quote;
  while (at > 0 && quote - at < 48) {
    const c = text.charCodeAt(at - 1);
    if (c === 46 || c === 33 || c === 63 || c === 10) break;
    if (!isWordUnit(c)) {
      at--;
      continue;
    }
    const wordEnd = at;
    while (at > 0 && wordEnd - at <= 10 && isWordUnit(text.charCodeAt(at - 1))) at--;
    words.push(wordEnd - at <= 10 ? text.slice(at, wordEnd) : '');
  }
  return words;
}

/** Whether a speech verb said of someone other than "I" or "we" comes in the 48 characters before the mark at `quote`. */
function narrationBefore(text: string, quote: number): boolean {
  const words = wordsBeforeQuote(text, quote);
  // words[k - 1] is the word after words[k]: a speech verb there makes words[k] its subject.
  for (let k = 1; k < words.length; k++) {
    if (!SPEECH_VERBS.has(words[k - 1]!)) continue;
    // The verb's subject, and the word before it ("I just said", "we all shouted").
    if (FIRST_PERSON_SPEAKER.has(words[k]!)) return false;
    return k + 1 >= words.length || !FIRST_PERSON_SPEAKER.has(words[k + 1]!);
  }
  // The words ran out at a sentence's start, the text's or the reach: the last word read may be the verb.
  return words.length > 0 && SPEECH_VERBS.has(words[words.length - 1]!);
}

/**
 * The first four words after the quotation opened at `quote` (and holding `start`) closes, within 160 characters
 * of `start`, after spaces, a comma or a dash (each a run of word units, an apostrophe inside one: "o'brien"); none
 * when it does not close there, or ends its sentence with a period ('"... you." Nobody said a word': another
 * sentence follows, not the line's narration). Reads a bounded number of characters.
 */
function wordsAfterQuote(text: string, quote: number, start: number): string[] {
  const mark = text.charCodeAt(quote);
  const single = mark === 39 || mark === 0x2018;
  let at = start;
  const limit = Math.min(text.length, start + 160);
  for (; at < limit; at++) {
    const c = text.charCodeAt(at);
    if (c === 10) return [];
    if (single ? isApostrophe(c) && !isWordUnit(text.charCodeAt(at + 1)) : c === 34 || c === 0x201d) break;
  }
  if (at >= limit || text.charCodeAt(at - 1) === 46) return [];
  at++;
  while (at < text.length && at - start < 168) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 44 && c !== 45 && c !== 0x2013 && c !== 0x2014) break;
    at++;
  }
  const words: string[] = [];
  while (words.length < 4 && at < text.length && isWordUnit(text.charCodeAt(at))) {
    const from = at;
    at = apostropheWordEnd(text, from);
    words.push(text.slice(from, at));
    if (text.charCodeAt(at) !== 32) break;
    at++;
  }
  return words;
}

/**
 * Whether the quotation opened at `quote` (and holding `start`) is followed by a narration that gives it to someone
 * other than "I" or "we" (wordsAfterQuote): a speech verb and its subject ("he snarled", "said the nurse"), or a
 * subject of two or three words opened by a determiner or a pronoun ("the old witch cackled", "she quietly said").
 * Not a clause that begins with "and", "but", "when" ...: '"...", and my mom said nothing' gives the line to no one.
 */
function narrationAfter(text: string, quote: number, start: number): boolean {
  const words = wordsAfterQuote(text, quote, start);
  const verb = words.findIndex((w) => SPEECH_VERBS.has(w));
  if (verb < 0) return false;
  // "said the nurse": the subject follows the verb.
  if (verb === 0) return words.length > 1 && !FIRST_PERSON_SPEAKER.has(words[1]!);
  const first = words[0]!;
  if (FIRST_PERSON_SPEAKER.has(first) || CLAUSE_OPENERS.has(first)) return false;
  return verb === 1 || SUBJECT_OPENERS.has(first);
}

/** Verbs by which a line reaches the writer: the speech verbs, and sending one ("my ex texted me"). */
const RECEIVED_VERBS: ReadonlySet<string> = new Set([
  ...SPEECH_VERBS,
  ...'told texted messaged emailed mailed wrote sent posted commented dmed tweeted called voicemailed left'.split(' '),
]);
/** The writer as the one a line was said or sent to. */
const WRITER_OBJECT: ReadonlySet<string> = new Set(['me', 'us']);
/**
 * Words that may stand between "texted me" and the quotation ("sent me a message saying", "told me this:", "left me
 * a voicemail saying"): the message's words and its kinds.
 */
const LINE_INTRODUCERS: ReadonlySet<string> = new Set(
  (
    'saying said says that this a an the message messages text texts note notes words something like and again ' +
    'just literally then voicemail voicemails email emails letter letters dm dms comment comments post posts card ' +
    'sms reply anonymous threat threats such as'
  ).split(' '),
);
/** Verbs by which the writer tells of a line that reached them ("I received an email saying", "we got a note"). */
const RECEIPT_VERBS: ReadonlySet<string> = new Set('received receive got get getting found'.split(' '));
/** Words between "I" and a verb of receipt ("I just got", "we have received", "I keep getting"). */
const RECEIPT_FILLERS: ReadonlySet<string> = new Set('just have also recently keep kept then ve'.split(' '));
/** A thing of the writer's that a line was written or left on ('... "I will kill you" on my car', "at our door"). */
const ON_WRITER_THING: ReadonlySet<string> = new Set('on at under in through'.split(' '));

/**
 * The opening mark of the quotation that `start` of the lower-case matching view lies in if it was said or sent to
 * the writer by someone else, else -1 (session 38): 'my ex texted me "I will kill you if you leave"', 'he told us, "you are dead"',
 * 'he sent me a message saying "..."', '"I'll hurt you," he told me', 'he said "I will kill you" to me'. A threat
 * received and told is no threat of the writer's, as harmFallsOnSpeaker reads the same report unquoted ("he said he
 * is going to kill me"): a victim asking what to do is not blocked. Still counted: a line the writer relays to someone
 * else ("forward this to him: ...", "tell her \"...\""), said by "I" or "we", or given to no one.
 */
function lineToWriter(text: string, start: number): number {
  const quote = openingQuote(text, start);
  if (quote < 0) return -1;
  return receivedLine(text, quote, start) ? quote : -1;
}

/**
 * What the words before a quotation say (receivedLine's first half, which depends on the quotation alone): kept for
 * the last quotation read, since the matches inside one quotation ask in turn (a threat's template and its cue words).
 */
let beforeText: string | undefined;
let beforeQuote = -1;
let beforeWords: string[] = [];
let beforeVerdict: boolean | undefined;

/** lineToWriter's reading of the quotation opened at `quote`. */
function receivedLine(text: string, quote: number, start: number): boolean {
  if (text !== beforeText || quote !== beforeQuote) {
    beforeText = text;
    beforeQuote = quote;
    beforeWords = wordsBeforeQuote(text, quote);
    beforeVerdict = receivedBefore(text, quote, beforeWords);
  }
  if (beforeVerdict !== undefined) return beforeVerdict;
  const before = beforeWords;
  const after = wordsAfterQuote(text, quote, start);
  // '"..." to me', '"..." on my car': the line's narration came before it.
  if (
    after.length >= 2 &&
    (((after[0] === 'to' || after[0] === 'at') && WRITER_OBJECT.has(after[1]!)) ||
      (ON_WRITER_THING.has(after[0]!) && (after[1] === 'my' || after[1] === 'our')))
  )
    return sentBefore(before) || narrationBefore(text, quote);
  // '"...," he told me', '"...," my ex texted me'.
  const verb = after.findIndex((w) => RECEIVED_VERBS.has(w));
  if (verb < 1 || verb + 1 >= after.length || !WRITER_OBJECT.has(after[verb + 1]!)) return false;
  const first = after[0]!;
  return !FIRST_PERSON_SPEAKER.has(first) && !CLAUSE_OPENERS.has(first) && (verb === 1 || SUBJECT_OPENERS.has(first));
}

/** What the words before the quotation at `quote` (`before`, nearest first) decide: true, false, or undefined (read on). */
function receivedBefore(text: string, quote: number, before: readonly string[]): boolean | undefined {
  // Before the quotation, nearest first: [introducers..., me, verb, subject, ...].
  const k = pastIntroducers(before);
  if (k + 2 < before.length && WRITER_OBJECT.has(before[k]!) && RECEIVED_VERBS.has(before[k + 1]!))
    return !FIRST_PERSON_SPEAKER.has(before[k + 2]!);
  // 'I received an email saying "..."', 'we found a note on our door that said "..."', 'Got a DM saying "..."': the
  // writer tells of a line received (the verb after "I" or "we", or opening the sentence).
  if (k > 0 && k < before.length && RECEIPT_VERBS.has(before[k]!)) {
    let s = k + 1;
    while (s < before.length && s - k <= 2 && RECEIPT_FILLERS.has(before[s]!)) s++;
    if (s < before.length ? FIRST_PERSON_SPEAKER.has(before[s]!) : s === k + 1 && sentenceOpensNear(text, quote))
      return true;
  }
  return undefined;
}

/**
 * The index in `before` (the words before a quotation, nearest first) past the line's introducers ("a message
 * saying") and the writer's place it was left at ("a note on our door that said": on|at|in|under|through my|our X).
 */
function pastIntroducers(before: readonly string[]): number {
  let k = 0;
  for (;;) {
    while (k < before.length && LINE_INTRODUCERS.has(before[k]!)) k++;
    const owner = before[k + 1];
    if (k + 2 >= before.length || (owner !== 'my' && owner !== 'our') || !ON_WRITER_THING.has(before[k + 2]!)) return k;
    k += 3;
  }
}

/** Whether the sentence of the mark at `quote` begins in the 48 characters before it (its words were all read). */
function sentenceOpensNear(text: string, quote: number): boolean {
  let at = quote;
  while (at > 0 && quote - at < 48) {
    const c = text.charCodeAt(at - 1);
    if (c === 46 || c === 33 || c === 63 || c === 10) return true;
    at--;
  }
  return at === 0;
}

/**
 * The end of the quotation opened at `quote` that `start` of the lower-case matching view lies in: after its closing
 * mark, which comes within 160 characters of `start`, or `start` where it does not close there. With the opening
 * mark, the span of a received threat's line, whose cue words are the sender's (threatReceived).
 */
export function quotationEnd(text: string, quote: number, start: number): number {
  const mark = text.charCodeAt(quote);
  const single = mark === 39 || mark === 0x2018;
  const limit = Math.min(text.length, start + 160);
  for (let at = start; at < limit; at++) {
    const c = text.charCodeAt(at);
    if (c === 10) return start;
    if (single ? isApostrophe(c) && !isWordUnit(text.charCodeAt(at + 1)) : c === 34 || c === 0x201d) return at + 1;
  }
  return start;
}

/**
 * Whether the words before a quotation (nearest first: wordsBeforeQuote) end in a verb of saying or sending said of
 * someone other than "I" or "we", past the line's introducers: "my stalker wrote", "he posted a comment saying".
 */
function sentBefore(before: readonly string[]): boolean {
  const k = pastIntroducers(before);
  return k + 1 < before.length && RECEIVED_VERBS.has(before[k]!) && !FIRST_PERSON_SPEAKER.has(before[k + 1]!);
}

/**
 * Templates that ask for or plan the means of a harm - how to kill, poison or stalk a person, a killing hidden, a
 * way to die or a lethal dose asked for, the rope beside the farewell letters: they count in a character's line as
 * anywhere. A story is the usual wrapper for asking them ("write a scene where the chemist explains how to ...").
 */
export const MEANS_TEMPLATES: ReadonlySet<string> = new Set([
  ...['weapon_howto', 'harm_howto', 'harm_plan', 'harm_plan_with_me', 'stalk_howto', 'animal_harm_howto'],
  ...['harm_unpunished', 'poison_person', 'poison_persons_food'],
  ...['toxic_gas_to_hurt', 'death_disguised'],
  ...['suicide_method', 'suicide_means', 'suicide_howto', 'suicide_dose', 'cut_deeper', 'farewell_means'],
]);

/**
 * The opening mark of the quotation of a violence template's match at `start` of the lower-case matching view if it is
 * a threat the writer received and tells (lineToWriter), in any register, else -1: like a quotation given as an example
 * of what rules ban (quotedExample), the match does not count and neither do the cue words of its line (to
 * quotationEnd; session 38: the whole line, so 'he
 * sent me "you're dead, I will shoot you"' leaves no "dead") - the words of the threat are the sender's. Never
 * narrative templates (harm told, which a report's register lowers; nor are they read here, which would cost every
 * "kill you" of a hostile megabyte a walk back to a quotation mark) nor MEANS_TEMPLATES (a way to harm asked for
 * counts in every line).
 */
export function threatReceived(
  category: SafetyCategory,
  id: string,
  narrative: boolean,
  text: string,
  start: number,
): number {
  return category === 'violence' && !narrative && !MEANS_TEMPLATES.has(id) ? lineToWriter(text, start) : -1;
}

/**
 * Whether a template match of `category` at `start` of the lower-case matching view lies in a character's line
 * (narratedSpeech) that is not the writer's statement (session 37): an insult (harassment, since 2026-11-24); a wish
 * to die, an intent or a plan of self-harm said in the first person - another's, as "they want to die" is
 * (wishOfAnother), whatever the register; and in a text of the fiction register (`fiction`: two of its markers), a
 * threat, a call or a wish of violence ("'I'll kill you all,' the villain snarled", in a story asked for or
 * reviewed). Outside fiction a threat quoted and given to someone still counts: a reported threat is read as a
 * threat (session 34), and only the register tells a story from a report (one said or sent to the writer is the
 * exception: threatReceived). Never narrative templates (harm told,
 * which the register lowers already) nor MEANS_TEMPLATES; the cue words of the line are left to their own rules.
 */
export function characterLine(
  category: SafetyCategory,
  id: string,
  narrative: boolean,
  fiction: boolean,
  text: string,
  start: number,
): boolean {
  if (narrative || MEANS_TEMPLATES.has(id)) return false;
  if (category === 'violence' ? !fiction : category !== 'harassment' && category !== 'self_harm') return false;
  return narratedSpeech(text, start);
}

/**
 * Words of a sentence that frame a quotation as an example of what rules ban (quotedExample): a rule, a list of
 * examples, moderation, "such as", "things like", "e.g.". Read word by word in place (rulesFrameIn), not with
 * one alternation over a slice: V8 compiles a regex without its search optimisations once the process holds
 * 16 MB of machine code and has made 1 MB of regex code (its TooMuchRegExpCode rule), which the detectors'
 * large expressions reach after the first long documents; every regex compiled after that (a first use, or a
 * first use on a string of the other width) runs up to 10x slower for the life of the process. The
 * alternation this replaces was compiled that way in the bench's hostile phase: the quoted-threat megabyte
 * took ~800 ms there against ~350 in a fresh process (2026-11-25).
 */
const RULES_FRAME_WORDS: ReadonlySet<string> = new Set([
  ...['ban', 'bann', 'baned', 'banned', 'bans', 'banns', 'prohibit', 'prohibited', 'prohibits'],
  ...['forbid', 'forbidden', 'forbids', 'disallowed', 'example', 'examples', 'instance', 'policy', 'policies'],
  ...['guideline', 'guidelines', 'moderator', 'moderators', 'moderation', 'violate', 'violates', 'violating'],
  ...['violation', 'violations', 'remove', 'removed', 'removal', 'flag', 'flagged', 'flags', 'label', 'labels'],
  ...['labelled', 'labeled', 'classify', 'classified'],
]);
/** Nouns that frame an example when "like" follows ("threats like ..."). */
const LIKE_FRAMED: ReadonlySet<string> = new Set([
  ...['things', 'phrases', 'words', 'comments', 'posts', 'messages', 'content', 'sentences', 'statements'],
  ...['threats', 'lines', 'language', 'texts', 'replies', 'prompts', 'inputs'],
]);

/** A unit of a regex word (\w): the frame's words are bounded as `\b` bounds them. */
function isRegexWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
}

/** The hash rulesFrameIn computes of a word as it reads it (0 marks an empty slot: no frame word hashes to 0). */
const wordHashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;
const FRAME_SLOTS = 512;
/** Open addressing over the hashes of every word rulesFrameIn looks up, so most words cost no lookup. */
const FRAME_HASHES = (() => {
  const table = new Int32Array(FRAME_SLOTS);
  for (const word of [...RULES_FRAME_WORDS, ...LIKE_FRAMED, 'such', 'e']) {
    let h = 1;
    for (let k = 0; k < word.length; k++) h = wordHashStep(h, word.charCodeAt(k));
    let slot = (Math.imul(h, 0x9e3779b1) >>> 23) & (FRAME_SLOTS - 1);
    while (table[slot] !== 0 && table[slot] !== h) slot = (slot + 1) & (FRAME_SLOTS - 1);
    table[slot] = h;
  }
  return table;
})();

function mayBeFrameWord(h: number): boolean {
  for (let slot = (Math.imul(h, 0x9e3779b1) >>> 23) & (FRAME_SLOTS - 1); ; slot = (slot + 1) & (FRAME_SLOTS - 1)) {
    const held = FRAME_HASHES[slot]!;
    if (held === h) return true;
    if (held === 0) return false;
  }
}

/**
 * Whether text[from, to) holds a word of RULES_FRAME_WORDS, "such as", "e.g" or a LIKE_FRAMED noun followed by
 * " like", each a whole word in the range (the range's ends bound words, as the ends of a slice would). Every
 * unit is read once (quotations repeated along a hostile megabyte ask this ~60,000 times); a word is looked up
 * only when its hash is one of the frame words'.
 */
export function rulesFrameIn(text: string, from: number, to: number): boolean {
  let at = from;
  while (at < to) {
    let c = text.charCodeAt(at);
    if (!isRegexWordUnit(c)) {
      at++;
      continue;
    }
    const start = at;
    let h = 1;
    do {
      h = wordHashStep(h, c);
      c = ++at < to ? text.charCodeAt(at) : -1;
    } while (c >= 0 && isRegexWordUnit(c));
    if (!mayBeFrameWord(h)) continue;
    const word = text.slice(start, at);
    if (RULES_FRAME_WORDS.has(word)) return true;
    if (
      word === 'such'
        ? nextWordIs(text, at, to, ' ', 'as')
        : word === 'e'
          ? nextWordIs(text, at, to, '.', 'g')
          : LIKE_FRAMED.has(word) && nextWordIs(text, at, to, ' ', 'like')
    )
      return true;
  }
  return false;
}

/** Whether `separator` then the whole word `word` follow `at` within text[.., to). */
function nextWordIs(text: string, at: number, to: number, separator: string, word: string): boolean {
  const end = at + 1 + word.length;
  return (
    end <= to &&
    text.charCodeAt(at) === separator.charCodeAt(0) &&
    text.startsWith(word, at + 1) &&
    (end === to || !isRegexWordUnit(text.charCodeAt(end)))
  );
}

/** A verb that reports a saying or a sending next to a person: who said the quotation to whom (quotedExample). */
const REPORTED_TO =
  /\b(?:(?:i|he|she|they|we|you|someone|somebody|ex) (?:said|says|say|told|tells|tell|texted|texts|wrote|writes|messaged|sent|sends|emailed|yelled|shouted|screamed|whispered|threatened|warned|forwarded|replied|dmed|posted)|(?:said|says|say|told|tells|tell|texted|texting|texts|wrote|writes|messaged|sent|sends|emailed|yelled|shouted|screamed|whispered|threatened|warned|forward|forwarded|replied|dmed|posted) (?:to )?(?:me|my|him|his|her|them|us|you|someone|somebody))\b/;

/**
 * Whether the template match at `start` of the lower-case matching view lies in a quotation that its sentence
 * gives as an example of what rules ban: a quotation mark opens before it in its sentence (openingQuote: double,
 * U+201C, U+2018 or an ASCII single mark since session 35, at most 80 characters back, no closing mark between),
 * and the sentence around the quotation has a word of rules or
 * examples (rulesFrameIn) - "Community guidelines: do not post threats such as \"I will kill you\"", "Examples of
 * banned content: \"...\"" - and no report of who said or sent it to whom (REPORTED_TO: "he texted me threats such
 * as \"...\"", "forward this to him: \"...\""). A mention, not a threat (2026-11-24, session 34); a forwarded or
 * reported threat reads the same without the rules and still counts. Reads a bounded number of characters (160
 * before the mark, 60 after the quotation).
 */
export function quotedExample(text: string, start: number): boolean {
  const quote = openingQuote(text, start);
  if (quote < 0) return false;
  const single = text.charCodeAt(quote) === 39 || text.charCodeAt(quote) === 0x2018;
  // The sentence before the mark ("e.g." and "i.e." do not end it) and after the quotation's closing mark.
  let from = quote;
  while (from > 0 && quote - from < 160) {
    const c = text.charCodeAt(from - 1);
    if (c === 10 || c === 33 || c === 63 || (c === 46 && !abbreviationPeriod(text, from - 1))) break;
    from--;
  }
  let close = start;
  while (close < text.length && close - start < 120) {
    const c = text.charCodeAt(close);
    if (c === 34 || c === 0x201d || c === 10) break;
    // A single quotation closes at an apostrophe that ends a word ("... kill you'"), not at one inside it ("i'll").
    if (isApostrophe(c) && (single || c === 0x2019) && !isWordUnit(text.charCodeAt(close + 1))) break;
    close++;
  }
  let to = close < text.length && close - start < 120 && text.charCodeAt(close) !== 10 ? close + 1 : close;
  const limit = Math.min(text.length, to + 60);
  while (to < limit) {
    const c = text.charCodeAt(to);
    if (c === 46 || c === 33 || c === 63 || c === 10) break;
    to++;
  }
  if (!rulesFrameIn(text, from, quote) && !(close < to && rulesFrameIn(text, close + 1, to))) return false;
  // Rare (a frame word was found): the slices and the regex cost nothing that matters here.
  const before = text.slice(from, quote);
  const after = close < to ? text.slice(close + 1, to) : '';
  return !REPORTED_TO.test(before) && !REPORTED_TO.test(after);
}

/** Whether the period at `at` belongs to "e.g." or "i.e." (it does not end a sentence). */
function abbreviationPeriod(text: string, at: number): boolean {
  return (
    at >= 1 &&
    (text.startsWith('e.g.', at - 1) ||
      text.startsWith('i.e.', at - 1) ||
      text.startsWith('e.g.', at - 3) ||
      text.startsWith('i.e.', at - 3))
  );
}
