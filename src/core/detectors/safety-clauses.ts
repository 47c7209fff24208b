/**
 * The clause around a safety cue or template, read in the lower-case matching view: whether a negation or a
 * refusal stands before it ("never get better", "I won't help you kill"), what leads into it (a wish, a plan,
 * a spreading or forcing verb), whether its statement ends after it or goes on with a reason or a source
 * ("... because you gave me your address"), and whose wish to die it is. Split from safety-context.ts (the
 * registers, the speaker's stance and words mentioned rather than used), which reads words with the helpers
 * at the end of this file.
 */
/** Words that, among the two before a marker, cancel it ("never get better", "no therapy", "didn't get help"). */
const MARKER_NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'without',
  'nor',
  'dont',
  'didnt',
  'doesnt',
  'cant',
  'cannot',
  'wont',
  'wouldnt',
  'couldnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'nothing',
  'lost',
  'any',
]);
const LONGEST_NEGATOR = 8;

/** Words of wanting between a negation and the help it negates: "don't want to get help" refuses help. */
const WANTING: ReadonlySet<string> = new Set(['want', 'wanna', 'need']);

/**
 * Whether one of the two words before `start` in the lower-case matching view is a negation (an
 * apostrophe inside the word is skipped: "didn't" reads as "didnt"), past "want to" or "need to" (WANTING).
 * Reads at most a few dozen characters back, so the scan stays linear.
 */
export function negatedBefore(text: string, start: number): boolean {
  let at = start;
  let limit = 2;
  let previous = '';
  for (let w = 0; w < limit; w++) {
    while (at > 0 && start - at < 40 && !isWordUnit(text.charCodeAt(at - 1))) at--;
    let from = at;
    while (
      from > 0 &&
      at - from <= LONGEST_NEGATOR + 2 &&
      (isWordUnit(text.charCodeAt(from - 1)) || isApostrophe(text.charCodeAt(from - 1)))
    )
      from--;
    if (from === at) return false;
    // A word longer than any negation (or the view's start inside one) is not one; stop there.
    if (at - from > LONGEST_NEGATOR + 1) return false;
    let word = '';
    for (let k = from; k < at; k++) if (!isApostrophe(text.charCodeAt(k))) word += text[k];
    if (MARKER_NEGATORS.has(word)) return true;
    // "want to get help": the two words are read past "want to" (once).
    if (limit === 2 && WANTING.has(word) && (previous === 'to' || word === 'wanna')) limit = w + 3;
    previous = word;
    at = from;
  }
  return false;
}

const REQUEST_VERBS: ReadonlySet<string> = new Set(['tell', 'show', 'teach', 'explain', 'give']);
const REFUSALS: ReadonlySet<string> = new Set(['dont', 'not', 'never', 'wont', 'wouldnt']);
/** Determiners of a document asked for, read over back to the request ("don't give me a plan to ..."). */
const REQUESTED_DETERMINERS: ReadonlySet<string> = new Set(['a', 'an', 'any', 'the', 'some']);

/**
 * Whether the words before `start` in the lower-case matching view refuse a request: "don't", "not", "never", "won't"
 * or "wouldn't" right before "tell me" (show, teach, explain, give), which may be followed by "how to" - "don't tell
 * me how to kill myself", "do not show me how to end my life" - or by a determiner, where the match begins with the
 * document asked for ("don't give me a plan to hurt anyone"), or right before "ask (you) for" ("I would never ask
 * for a plan to kill someone"; session 38). What follows is what the writer does not want to be told, so a method
 * template there is negated and a first-person cue there names the subject, not an intent. Reads at most six words
 * back, so the scan stays linear.
 */
export function refusedRequestBefore(text: string, start: number): boolean {
  let at = start;
  const previous = (): string | undefined => {
    while (at > 0 && start - at < 64 && !isWordUnit(text.charCodeAt(at - 1))) at--;
    const end = at;
    while (
      at > 0 &&
      end - at <= LONGEST_NEGATOR + 2 &&
      (isWordUnit(text.charCodeAt(at - 1)) || isApostrophe(text.charCodeAt(at - 1)))
    )
      at--;
    if (at === end || end - at > LONGEST_NEGATOR + 1) return undefined;
    let word = '';
    for (let k = at; k < end; k++) if (!isApostrophe(text.charCodeAt(k))) word += text[k];
    return word;
  };
  let word = previous();
  if (word === 'to') {
    if (previous() !== 'how') return false;
    word = previous();
  } else if (word !== undefined && REQUESTED_DETERMINERS.has(word)) word = previous();
  if (word === 'for') {
    word = previous();
    if (word === 'you') word = previous();
    if (word !== 'ask' && word !== 'asking') return false;
  } else if (word !== 'me' || !REQUEST_VERBS.has(previous() ?? '')) return false;
  // Right before the verb, and not a suggestion: "why not tell me", "why won't you tell me" ask for it.
  return REFUSALS.has(previous() ?? '') && previous() !== 'why';
}

/** Negations a template's clause may hold before it (the matcher's own, apostrophes dropped; "nobody", "no one"). */
const CLAUSE_NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'never',
  'no',
  'nor',
  'nobody',
  'dont',
  'wont',
  'wouldnt',
  'couldnt',
  'didnt',
  'doesnt',
  'shouldnt',
  'cant',
  'cannot',
  'isnt',
  'arent',
  'wasnt',
]);
/** Subjects of a clause (apostrophes dropped): a negation before one belongs to another clause. */
const CLAUSE_SUBJECTS: ReadonlySet<string> = new Set([
  'i',
  'im',
  'ive',
  'ill',
  'id',
  'we',
  'weve',
  'you',
  'youre',
  'youll',
  'youd',
  'youve',
  'u',
  'he',
  'hes',
  'she',
  'shes',
  'they',
  'theyre',
  'theyll',
  'lets',
]);
/** Words that join two clauses: a negation before one is not the template's. */
const CLAUSE_LINKERS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'but',
  'so',
  'then',
  'because',
  'cause',
  'cuz',
  'since',
  'although',
  'though',
  'whereas',
  'unless',
  'however',
  'until',
  'till',
  'if',
  'when',
  'whenever',
  'while',
  'before',
  'after',
  'otherwise',
]);
/**
 * Words between a negation and the subject of a clause it governs: "not that I would ...", "I don't think I
 * will ...", "I never said I would ...".
 */
const NEGATION_BRIDGES: ReadonlySet<string> = new Set([
  'that',
  'think',
  'thought',
  'say',
  'said',
  'mean',
  'meant',
  'believe',
  'imagine',
  'imagined',
  'expect',
  'expected',
  'ever',
  'even',
]);
/**
 * Words whose negation says the opposite of a refusal, so that it does not negate what follows: "I can't wait
 * to ...", "I won't hesitate to ...", "I'm not afraid to ...", "I don't need a reason to ...", "no mercy".
 */
const NEGATION_EAGER: ReadonlySet<string> = new Set([
  'wait',
  'hesitate',
  'afraid',
  'scared',
  'mind',
  'rest',
  'stop',
  'resist',
  'regret',
  'reason',
  'problem',
  'doubt',
  'mercy',
  'twice',
  'remorse',
  'sorry',
  'care',
]);
/**
 * Words that may stand between a negation and what it negates, past the two words next to the match: "never
 * in my whole life want to", "not at any point want to", "never ever in a million years". Further back than
 * two words, any other word ends the reading: "I don't give a damn about your ..." negates the giving.
 */
const NEGATION_FILLERS: ReadonlySet<string> = new Set([
  'ever',
  'even',
  'really',
  'actually',
  'honestly',
  'truly',
  'seriously',
  'once',
  'again',
  'in',
  'my',
  'whole',
  'entire',
  'life',
  'lifetime',
  'a',
  'the',
  'one',
  'million',
  'years',
  'at',
  'any',
  'all',
  'point',
  'time',
  'way',
  'least',
  'slightest',
  'bit',
  'want',
  'wanted',
  'wanna',
  'wish',
  'mean',
  'intend',
  'plan',
  'try',
  'trying',
  'going',
  'gonna',
  'to',
  'would',
  'could',
  'should',
  'will',
  'be',
  'like',
  'dream',
  'of',
  'about',
  'think',
  'thought',
]);
/** Words read back from a template for its clause's negation. */
const CLAUSE_WORDS_BACK = 8;

/**
 * Whether the clause of a negatable template match starting at `start` (of the lower-case matching view)
 * negates it before the match (the matcher itself sees a negation inside it): "I would never in my life want
 * to hurt anyone", "no one should be killed". Words are read back to the clause's start (a clause mark . , ;
 * : ! ? a dash or a line break, a linking word: "and", "but", "if", "until", ...), at most eight words, and
 * past the two next to the match only over words that stand between a negation and its verb
 * (NEGATION_FILLERS). A
 * negation before the clause's subject belongs to another clause ("I don't care I will kill him", "not
 * kidding I will kill you", "no joke I'm going to ..."), unless only a word of thought or saying stands
 * between ("not that I would ...", "I don't think I will ...", "never said I would ..."); so a template that
 * begins with its subject ("I will ...") is negated from before only so. Nor does a negation of eagerness
 * ("I can't wait to ...", "won't hesitate to", "not afraid to": NEGATION_EAGER) negate what follows it. Reads a bounded number of
 * characters, and runs only where a negatable template matched.
 */
export function negatedInClause(text: string, start: number): boolean {
  // The match's first word: a subject means the words before are another clause's.
  let end = start;
  while (
    end < text.length &&
    end - start <= 8 &&
    (isWordUnit(text.charCodeAt(end)) || isApostrophe(text.charCodeAt(end)))
  )
    end++;
  let afterSubject = (clauseWordFlags(text, start, end) & SUBJECT) !== 0;
  let bridges = 0;
  let at = start;
  for (let w = 0; w < CLAUSE_WORDS_BACK; w++) {
    while (at > 0 && !isWordUnit(text.charCodeAt(at - 1))) {
      const c = text.charCodeAt(at - 1);
      if (start - at > 96 || isClauseMark(c, text, at - 1)) return false;
      at--;
    }
    const to = at;
    while (
      at > 0 &&
      to - at <= LONGEST_NEGATOR + 2 &&
      (isWordUnit(text.charCodeAt(at - 1)) || isApostrophe(text.charCodeAt(at - 1)))
    )
      at--;
    // No word, or one longer than any of these lists (or cut by the view's start): stop.
    if (at === to || to - at > LONGEST_NEGATOR + 1) return false;
    const flags = clauseWordFlags(text, at, to);
    if ((flags & NEGATION) !== 0) return !afterSubject || bridges > 0;
    if ((flags & ENDS_READING) !== 0) return false;
    if (afterSubject) {
      if ((flags & BRIDGE) === 0 || ++bridges > 2) return false;
    } else if ((flags & SUBJECT) !== 0) afterSubject = true;
    else if (w >= 2 && (flags & FILLER) === 0) return false;
  }
  return false;
}

// What negatedInClause reads of a word, as bits: one lookup per word (a megabyte of threats is a match every
// few words), and none for a word whose first letter begins no listed word.
const NEGATION = 1;
const ENDS_READING = 2;
const SUBJECT = 4;
const BRIDGE = 8;
const FILLER = 16;
const CLAUSE_WORD_FLAGS = new Map<string, number>();
let clauseWordFirsts = 0;
for (const [words, flag] of [
  [CLAUSE_NEGATORS, NEGATION],
  [CLAUSE_LINKERS, ENDS_READING],
  [NEGATION_EAGER, ENDS_READING],
  [CLAUSE_SUBJECTS, SUBJECT],
  [NEGATION_BRIDGES, BRIDGE],
  [NEGATION_FILLERS, FILLER],
] as const) {
  for (const word of words) {
    CLAUSE_WORD_FLAGS.set(word, (CLAUSE_WORD_FLAGS.get(word) ?? 0) | flag);
    clauseWordFirsts |= 1 << (word.charCodeAt(0) - 97);
  }
}

/** The bits of the word text[from, to) (an apostrophe inside it skipped), 0 for any other word. */
function clauseWordFlags(text: string, from: number, to: number): number {
  const letter = text.charCodeAt(from) - 97;
  if (letter < 0 || letter > 25 || (clauseWordFirsts & (1 << letter)) === 0) return 0;
  return CLAUSE_WORD_FLAGS.get(withoutApostrophes(text, from, to)) ?? 0;
}

/** Leads of a wish or plan right before "to" ("want to commit ..."), and subjects of a modal ("we should ..."). */
const VOLITION_BEFORE_TO: ReadonlySet<string> = new Set([
  ...['want', 'wants', 'need', 'needs', 'going', 'plan', 'plans', 'planning', 'ready', 'about', 'time', 'got'],
  ...['love', 'like', 'gotta', 'ought'],
]);
/** Words that are a volitional lead alone (apostrophes dropped: "i'll" reads "ill", "let's" "lets"). */
const VOLITION_WORDS: ReadonlySet<string> = new Set([
  ...['wanna', 'gonna', 'finna', 'imma', 'ima', 'gotta', 'lets', 'go', 'ill', 'id', 'wed'],
]);
/** Verbs of starting between a lead and the harm ("let's start killing"). */
const STARTING: ReadonlySet<string> = new Set(['start', 'started', 'starting', 'begin', 'began']);
const MODALS: ReadonlySet<string> = new Set(['will', 'would', 'should', 'must', 'could', 'shall']);
/** Words skipped between a lead and the verb ("let's just commit", "want to go commit"). */
const LEAD_ADVERBS: ReadonlySet<string> = new Set(['just', 'really', 'actually', 'finally', 'fucking', 'go', 'all']);
const NEGATION_LEADS: ReadonlySet<string> = new Set([
  ...['cant', 'cannot', 'wont', 'wouldnt', 'not', 'never', 'couldnt', 'dont', 'didnt', 'wasnt', 'isnt', 'aint'],
]);

/** Verbs that spread a person's details ("post her address online"; leadBefore 'spread'). */
const SPREAD_VERBS: ReadonlySet<string> = new Set([
  'post',
  'posting',
  'publish',
  'publishing',
  'leak',
  'leaking',
  'spread',
  'spreading',
  'dump',
  'dumping',
]);
/** Forms of "force" ("he forces her anyway"; leadBefore 'force'). */
const FORCE_VERBS: ReadonlySet<string> = new Set(['force', 'forces', 'forced', 'forcing']);

/**
 * Whether a template match at `start` of the lower-case matching view has the lead its spec asks for
 * (TemplateSpec.leadBefore) right before it, past an adverb ("let's just ..."): a volitional lead - "want to",
 * "going to", "plan to", "feel like", "wanna", "let's", "go", "I will", "we should", "I'll" - or a negation
 * ("can't", "won't", "not", "never", past "even": "I wouldn't even hesitate to"), or the word right before is a verb
 * of spreading or of forcing (SPREAD_VERBS, FORCE_VERBS). Reads at most four words back.
 */
export function leadBefore(kind: 'volition' | 'negation' | 'spread' | 'force', text: string, start: number): boolean {
  let at = start;
  const previous = (): string => {
    while (
      at > 0 &&
      start - at < 64 &&
      !isWordUnit(text.charCodeAt(at - 1)) &&
      !isApostrophe(text.charCodeAt(at - 1))
    ) {
      if (isClauseMark(text.charCodeAt(at - 1), text, at - 1)) return '';
      at--;
    }
    const to = at;
    while (at > 0 && to - at <= 10 && (isWordUnit(text.charCodeAt(at - 1)) || isApostrophe(text.charCodeAt(at - 1))))
      at--;
    return to - at > 10 ? '' : withoutApostrophes(text, at, to);
  };
  let word = previous();
  if (kind === 'spread') return SPREAD_VERBS.has(word);
  if (kind === 'force') return FORCE_VERBS.has(word);
  if (kind === 'negation') {
    if (word === 'even' || word === 'just') word = previous();
    return NEGATION_LEADS.has(word);
  }
  if (LEAD_ADVERBS.has(word) && word !== 'go') word = previous();
  // A call begun: "let's start killing ...", "time we started shooting ..." (the lead is read before the "start").
  if (STARTING.has(word)) word = previous();
  // "It's time we ...": the call is the time's ("time we started killing every ...", "time we burned ...").
  if (word === 'we' && kind === 'volition' && at > 0) {
    const from = at;
    if (previous() === 'time') return true;
    at = from;
  }
  if (VOLITION_WORDS.has(word)) return true;
  if (word === 'to') return VOLITION_BEFORE_TO.has(previous());
  if (word === 'like') return /^feel(?:s|ing)?$/.test(previous());
  if (word === 'us') return previous() === 'let';
  if (MODALS.has(word)) {
    const subject = previous();
    return subject === 'i' || subject === 'we';
  }
  return false;
}

/** Words after which a statement has ended (statementEnds): a threat goes on with "and", "so", "or", "then". */
const STATEMENT_GOES_ON: ReadonlySet<string> = new Set(['and', 'so', 'or', 'then']);

/**
 * The start of a sentence that goes on about the place or the people just named, or moves on to another
 * subject (statementEnds): "I know where your mom works. It's next to my office", "... go to school. Anyway,
 * is the meeting still on?". Read (sticky) at the sentence's first word; bounded.
 */
const NEXT_SENTENCE_TELLS =
  /(?:it['’]?s|it is|that['’]?s|that is|they['’]?re|they are|he['’]?s|she['’]?s|there['’]?s|anyways?|btw|by the way|also|unrelated|on another note|speaking of|oh and|small world)\b/y;

/**
 * Whether the statement ends at `end` of the lower-case matching view (TemplateSpec.endsStatement): past spaces,
 * the text ends, or a mark other than a comma follows (". ! ? ; : ) ...") - unless, past a full stop, a
 * question or exclamation mark or a line break, the next sentence goes on about the place or moves on
 * (NEXT_SENTENCE_TELLS: told as after a comma) -, or - past a comma, if any - "and", "so", "or" or "then".
 * Reads a bounded number of characters.
 */
export function statementEnds(text: string, end: number): boolean {
  let at = end;
  while (at < text.length && at - end < 8 && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  if (at >= text.length) return true;
  let c = text.charCodeAt(at);
  if (c === 46 || c === 33 || c === 63 || c === 10) {
    const from = at;
    while (at < text.length && at - from < 8 && !isWordUnit(text.charCodeAt(at))) at++;
    NEXT_SENTENCE_TELLS.lastIndex = at;
    return !NEXT_SENTENCE_TELLS.test(text);
  }
  if (c === 44) {
    at++;
    while (at < text.length && at - end < 16 && text.charCodeAt(at) === 32) at++;
    c = text.charCodeAt(at);
  } else if (!isWordUnit(c) && !isApostrophe(c)) return true;
  const from = at;
  while (at < text.length && at - from <= 4 && isWordUnit(text.charCodeAt(at))) at++;
  return at - from <= 4 && STATEMENT_GOES_ON.has(text.slice(from, at));
}

/** Words that give the reason or the source of what was just said ("... because you gave me your address"). */
const REASON_GIVEN: ReadonlySet<string> = new Set(['because', 'since', 'cause', 'cuz', 'coz', 'cos', 'from', 'thanks']);

/**
 * Whether the words after `end` of the lower-case matching view give a reason or a source for the statement that
 * ends there (after an optional comma), or the relation that explains it (relationTold): "I know where you live
 * because you gave me your address for the party" is a fact told with its reason, "I know where you live." or "I know where you live, and ..." is not (2026-11-24,
 * session 32: the first was blocked). Reads a bounded number of characters.
 */
export function explainedAfter(text: string, end: number): boolean {
  let at = end;
  while (at < text.length && at - end < 8 && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 44)) at++;
  const from = at;
  while (at < text.length && at - from <= 7 && isWordUnit(text.charCodeAt(at))) at++;
  if (at > from && at - from <= 7 && REASON_GIVEN.has(text.slice(from, at))) return true;
  return relationTold(text, from);
}

/** How a relation that explains the knowing begins ("you're my neighbour", "we are roommates"). */
const RELATION_LEADS = ["you're my ", 'you are my ', 'ur my ', "we're ", 'we are '];

/** People whose address one knows as a matter of course. */
const KNOWN_ADDRESS: ReadonlySet<string> = new Set(
  (
    'neighbour neighbor neighbours neighbors roommate roommates flatmate flatmates housemate housemates ' +
    'brother sister cousin cousins mom mum dad mother father son daughter aunt uncle grandma grandpa ' +
    'landlord tenant tenants friend friends bestie carpool'
  ).split(' '),
);

/**
 * Whether a relation that explains the statement is told right at `from` ("I know where you live, you're my
 * neighbour!": 2026-11-24, it was blocked as harassment). Reads one lead and one word after it.
 */
function relationTold(text: string, from: number): boolean {
  for (const lead of RELATION_LEADS) {
    if (!text.startsWith(lead, from)) continue;
    let at = from + lead.length;
    // (An article or "best" between: "we are next-door neighbours", "you're my best friend".)
    for (const filler of ['next-door ', 'next door ', 'best ', 'old '])
      if (text.startsWith(filler, at)) at += filler.length;
    let to = at;
    while (to < text.length && to - at <= 10 && isWordUnit(text.charCodeAt(to))) to++;
    return KNOWN_ADDRESS.has(text.slice(at, to));
  }
  return false;
}

/** Subjects that make a wish to die someone else's: "when a client says they want to die", "people who want to die". */
const OTHER_SUBJECT: ReadonlySet<string> = new Set([
  'they',
  'he',
  'she',
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'who',
  'people',
  'patients',
  'clients',
  'students',
  'teens',
  'kids',
  'children',
]);

/**
 * Whether the self-harm cue said in the first person at `start` of the lower-case matching view ("want to die")
 * has another subject right before it ("they want to die", "a client who wants to ..."): the wish is reported,
 * as a counsellor or a parent reports it, not the writer's (2026-11-24, session 32: "When a client says they want
 * to die, ask directly whether they have a plan" was blocked). Reads one word back.
 */
export function wishOfAnother(text: string, start: number): boolean {
  let to = start;
  while (to > 0 && start - to < 4 && text.charCodeAt(to - 1) === 32) to--;
  let from = to;
  while (from > 0 && to - from <= 8 && isWordUnit(text.charCodeAt(from - 1))) from--;
  return to > from && to - from <= 8 && OTHER_SUBJECT.has(text.slice(from, to));
}

/** Marks that end a clause: . , ; : ! ? a line break, a dash set off by spaces or a long dash. */
export function isClauseMark(c: number, text: string, at: number): boolean {
  if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 10 || c === 0x2014 || c === 0x2013)
    return true;
  return c === 45 && (text.charCodeAt(at - 1) === 32 || text.charCodeAt(at + 1) === 32);
}

export function withoutApostrophes(text: string, from: number, to: number): string {
  let k = from;
  while (k < to && !isApostrophe(text.charCodeAt(k))) k++;
  if (k === to) return text.slice(from, to);
  let word = text.slice(from, k);
  for (k++; k < to; k++) if (!isApostrophe(text.charCodeAt(k))) word += text[k];
  return word;
}

/** A letter or digit of the lower-case matching view (ASCII: the frames and markers read are English words). */
export function isWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Where the word that starts at `from` ends: word units and apostrophes inside it ("o'brien", "don't"), read
 * for at most 13 units (the words compared are short; a longer run is cut there and read no further).
 */
export function apostropheWordEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && at - from <= 12 && (isWordUnit(text.charCodeAt(at)) || isApostrophe(text.charCodeAt(at))))
    at++;
  return at;
}

export function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}
