/**
 * Context that lowers the evidence of the safety classifier (safety.ts): the register a text is written in.
 *
 * A lexicon finds the words of a harm; it cannot tell a text that does harm from one that speaks about it.
 * Benign prompts about hard subjects are mostly of a few kinds, each with a vocabulary of its own that
 * harmful texts rarely use: a recovery or help-seeking story (therapy, recovery, "get help"), a news or
 * crime report (police, arrested, "according to", victims), fiction or a review (film, scene, characters),
 * a legal, medical or educational text (consent, law, definition, health, hospital). When a text uses at least
 * CONTEXT_MIN_MARKERS different words of one such register (one phrase of help asked for or given, in the
 * care register), the words that name the harm as a topic count
 * less (the register's factor) in the categories the register speaks about. What states harm does not:
 * threats, calls, orders, wishes and insults (the templates other than the narrative ones), and in the
 * self-harm category what is said in the first person (a wish to die, harm done to oneself:
 * SAFETY_INTENT_CUES), and slurs (SAFETY_SLURS), count in full whatever the register - a threat padded with "according to the
 * police" is still a threat. A slur that is mentioned, not used ("retard jokes", "the word ..."), does not
 * count at all (slurMentioned).
 *
 * Marker words are this project's choice of everyday vocabulary of each register (no corpus text). A
 * recovery marker right after a negation ("never get better", "no therapy") does not count. Markers are matched by
 * the same scanner and word rules as cue terms (safety-cues.ts, safety-counting.ts).
 *
 * Also here: the speaker's stance (speakerStance, speaksFromOutside) and the words spoken of rather than
 * used (slurs and insults mentioned, terms defined; quotations are read in safety-quotations.ts). The clause around a cue - a negation
 * before it, what leads into it, whether its statement ends - is read in safety-clauses.ts.
 */
import { SAFETY_PERSON_SUBJECTS, type SafetyCategory } from './safety-lexicon.js';
import { apostropheWordEnd, isApostrophe, isClauseMark, isWordUnit, withoutApostrophes } from './safety-clauses.js';
import { narratedSpeech } from './safety-quotations.js';

export interface ContextRegister {
  id: string;
  /** Categories whose topic evidence the register lowers. */
  categories: readonly SafetyCategory[];
  /** Multiplier of that evidence (0..1). */
  factor: number;
  /** Marker words and short phrases (lower case; matched like cue terms: short ones as whole words). */
  markers: readonly string[];
  /**
   * A marker right after a negation does not count: help that is absent ("no therapy", "never get
   * better") is not recovery. Not so for a topic vocabulary: "without the consent" is still a legal text.
   */
  negatable: boolean;
  /** Different markers the register needs (default CONTEXT_MIN_MARKERS): 1 where each marker is a phrase that says what the text is for. */
  minMarkers?: number;
}

/** The id of the register of fiction, film and their reviews (see CONTEXT_REGISTERS; characterLine). */
export const FICTION_REGISTER = 'fiction';

/** The id of the register of video games (see CONTEXT_REGISTERS). */
export const GAME_REGISTER = 'game';

/**
 * First-person threats and calls that a game lowers when their object is no person (gameObjectIsPerson):
 * "I'm gonna kill the ender dragon", "let's kill all the zombies".
 */
export const GAME_FRAMED_TEMPLATES: ReadonlySet<string> = new Set(['threat', 'kill_them_all', 'order_harm']);

/**
 * Words that make the object of a harm verb a person, in a game as anywhere: pronouns ("kill you", "shoot
 * everyone"), words for people and relations ("the guy", "my sister"), and possessives ("kill my ...", "your ...").
 */
const PERSON_OBJECTS: ReadonlySet<string> = new Set([
  'you',
  'u',
  'ya',
  'yall',
  'him',
  'her',
  'them',
  'em',
  'me',
  'my',
  'your',
  'ur',
  'his',
  'their',
  'everyone',
  'everybody',
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'people',
  'person',
  'guy',
  'guys',
  'girl',
  'girls',
  'boy',
  'boys',
  'man',
  'men',
  'woman',
  'women',
  'kid',
  'kids',
  'child',
  'children',
  'baby',
  'cop',
  'cops',
  'police',
  'family',
  'wife',
  'husband',
  'mom',
  'mum',
  'dad',
  'mother',
  'father',
  'brother',
  'sister',
  'son',
  'daughter',
  'friend',
  'friends',
  'neighbor',
  'neighbour',
  'teacher',
  'students',
  'classmates',
  'coworker',
  'president',
  'those',
  'these',
]);

/**
 * Whether a first-person threat or call at [start, end) of the lower-case matching view aims at a person: a
 * word of PERSON_OBJECTS among its words after the first or the two words after it. Reads a bounded number of
 * characters, and runs only for such a match in a text with a game marker.
 */
export function gameObjectIsPerson(text: string, start: number, end: number): boolean {
  return someObjectWord(text, start, end, 2, (word) => PERSON_OBJECTS.has(word));
}

/**
 * Whether `test` holds for a word of the match at [start, end) of the lower-case matching view after its first
 * (its subject: "I", "we", "let's"), or of the `after` words after it (not past a clause mark), in their order.
 * Reads a bounded number of characters.
 */
function someObjectWord(
  text: string,
  start: number,
  end: number,
  after: number,
  test: (word: string) => boolean,
): boolean {
  let at = start;
  while (at < end && (isWordUnit(text.charCodeAt(at)) || isApostrophe(text.charCodeAt(at)))) at++;
  for (let read = 0; read < after;) {
    while (at < text.length && !isWordUnit(text.charCodeAt(at))) {
      if (at >= end && isClauseMark(text.charCodeAt(at), text, at)) return false;
      at++;
    }
    if (at >= text.length) return false;
    const from = at;
    at = apostropheWordEnd(text, from);
    if (test(withoutApostrophes(text, from, at))) return true;
    if (from >= end) read++;
  }
  return false;
}

/**
 * First-person threats that a laugh or "jk" may mark as hyperbole when aimed at a sibling, a parent or a
 * roommate (familyThreatObject): "I'm gonna strangle my sister if she takes my charger again lol".
 */
export const JOKE_FRAMED_TEMPLATES: ReadonlySet<string> = new Set([
  'threat',
  'threat_target',
  'threat_body',
  'intent_target',
  'harm_to_person',
]);

/**
 * The relations whose threatened killing over a chore or a borrowed jacket is everyday hyperbole. Not partners
 * (husband, wife, boyfriend, girlfriend) nor children: there a threat is too often meant, and a laugh is no
 * sign that it is not.
 */
const JOKE_RELATIONS: ReadonlySet<string> = new Set([
  ...['sister', 'sis', 'brother', 'bro', 'sibling', 'siblings', 'twin', 'cousin', 'cousins', 'roommate'],
  ...['roommates', 'roomie', 'flatmate', 'mom', 'mum', 'mother', 'dad', 'father', 'parents', 'grandma'],
  ...['grandpa', 'aunt', 'uncle', 'bestie', 'friend', 'friends'],
]);

/**
 * Whether a first-person threat at [start, end) of the lower-case matching view aims at a relation of
 * JOKE_RELATIONS: "my" and the relation (past one word: "my little brother") among its words after the first
 * or the three words after it. Reads a bounded number of characters.
 */
export function familyThreatObject(text: string, start: number, end: number): boolean {
  let my = 3;
  return someObjectWord(text, start, end, 3, (word) => {
    my = word === 'my' ? 0 : my + 1;
    return my <= 2 && my > 0 && JOKE_RELATIONS.has(word);
  });
}

/**
 * A laugh or a retraction that marks what is said as a joke: lol, lmao, rofl, haha, hehe, jk, "just kidding",
 * "only joking", xD, a crying-laughing emoji. Not after "not" or "no" ("not kidding" is the opposite, "no jk").
 */
const JOKE_MARKER =
  /(?<!\b(?:not|no) )(?:\b(?:lo+l|lmf?ao+|rofl|(?:ha){2,}h?|(?:he){2,}|jk|j\/k|just kidding|just joking|only joking|xd+)\b|\u{1F602}|\u{1F923}|\u{1F606})/u;

/** Whether the lower-case matching view `text` (a short text: read only where a threat at a relation matched) has a JOKE_MARKER. */
export function jokeMarked(text: string): boolean {
  return JOKE_MARKER.test(text);
}

/**
 * For a long text (scored by window), where jokeMarked would read a megabyte: whether a JOKE_MARKER lies within
 * `reach` units of [start, end) of the lower-case matching view, asked for threats in text order. A text of up
 * to `reach` units is all within reach, as jokeMarked reads it. The search only moves forward: the text is read
 * once, whatever the number of threats.
 */
export function jokeMarkerFinder(text: string, reach: number): (start: number, end: number) => boolean {
  const search = new RegExp(JOKE_MARKER.source, 'gu');
  // The last marker found (-1: none yet), and how far the text has been searched.
  let marker = -1;
  let searched = 0;
  return (start, end) => {
    const from = Math.max(0, start - reach);
    while (marker < from && searched < text.length) {
      search.lastIndex = Math.max(searched, from);
      const m = search.exec(text);
      if (m === null) searched = text.length;
      else {
        marker = m.index;
        searched = m.index + Math.max(1, m[0].length);
      }
    }
    return marker >= from && marker <= end + reach;
  };
}

/** Different markers of one register a text needs before the register applies (one word is chance). */
export const CONTEXT_MIN_MARKERS = 2;

export const CONTEXT_REGISTERS: readonly ContextRegister[] = [
  {
    // Someone who is getting or giving help: the subject is named, the intent is recovery. Also of sexual words:
    // help and support after a sexual assault names what happened, it does not describe sex to arouse.
    id: 'recovery',
    categories: ['self_harm', 'sexual_content'],
    factor: 0.4,
    negatable: true,
    markers: [
      'recovery',
      'recovering',
      'recovered',
      'therapy',
      'therapist',
      'counselor',
      'counsellor',
      'counseling',
      'counselling',
      'psychiatrist',
      'psychologist',
      'treatment',
      'reach out',
      'not alone',
      'there is hope',
      'get better',
      'getting better',
      'got better',
      'healing',
      'helped me',
      // Abstinence from self-harm counted in time: "clean for two years" (not "been clean": "been" is in every text).
      'clean for',
      // Aftercare of old wounds and scars (2026-11-24: "silicone gel sheets can help fade self-harm scars", "how do
      // I care for a self-harm wound so it doesn't get infected" were blocked): treating a scar is looking after
      // oneself. Two of them, as for every marker here; how to make or hide a wound is a template or an intent cue.
      'silicone',
      'laser',
      'fade',
      'dermatologist',
      'sunscreen',
      'scar treatment',
      'infected',
      'antiseptic',
      'sterile',
      'support group',
      'coping',
      'cope',
      'survivor',
      'supportive',
      'mental health',
      'meds',
      'medication',
      'psychiatric',
      'trauma',
      'professional help',
      // Prevention and resources: a page or a question about helping someone, not harm done or wanted.
      // Not "support" (every software README supports something: a marker is scanned like a cue, and costs).
      'crisis',
      'loved one',
      'loved ones',
      'emergency',
      'help them',
      'talk to someone',
      'safety plan',
      'prevent',
      'someone you know',
    ],
  },
  {
    // Help asked for, or sought for someone else, and survival: "how can I support a friend who self-harms",
    // "how do I talk to him about it", "tell me how to get help", "I survived". The text's purpose is help, so one
    // such phrase is enough (a phrase is not chance, as one word is); what is said in the first person and ways
    // to die asked for still count in full. Not "help" or "friend" alone: everyday words, and scanned like cues.
    id: 'care',
    categories: ['self_harm', 'sexual_content'],
    factor: 0.4,
    negatable: true,
    minMarkers: 1,
    markers: [
      'get help',
      'getting help',
      'seek help',
      'seeking help',
      'ask for help',
      'find help',
      'support a friend',
      'support my',
      'support someone',
      'supporting a friend',
      'supporting my',
      'help a friend',
      'help my',
      'helping a friend',
      'helping my',
      'friend who',
      'student who',
      'talk to him',
      'talk to her',
      'talk to them',
      'talk to my',
      'survived',
      // Where help is found, and what to watch for: a text that names one asks for or gives help (a
      // question for the suicide hotline is not self-harm content; "I want to die, no hotline" still is:
      // first-person intent counts in full, and a negated marker does not count).
      'hotline',
      'helpline',
      'crisis line',
      'lifeline',
      // A crisis line's number given ("you can call or text 988 at any time": 2026-11-24, session 32, blocked). From
      // "you", which begins cues already ("call" would begin a new one at every "call" of a document).
      'you can call',
      'you can text',
      'warning signs',
      // What a page or an event is for (2026-11-24: "a speech for a suicide prevention fundraiser", "a mental health
      // awareness week on eating disorders" were blocked): prevention and awareness name the text's purpose.
      'prevention',
      'awareness',
      'emergency care',
      'medical attention',
      // Looking after a wound: "how do I care for a self-harm wound" (2026-11-24).
      'care for',
      // A question of whether the body's ways are normal, or the answer (2026-11-24: "Masturbation is a normal part
      // of human sexuality" was blocked): sex education asked for or given ("is it normal to ..."; not "is it ...":
      // a phrase that begins with "is" is read at every "is" of a document).
      'normal to',
      'healthy to',
      'normal part of',
      // A medical question about the body (session 36, 2026-11-24: "symptoms of an overdose" and "is bleeding after
      // intercourse normal" were blocked, one clinical word over `medium`): the symptom or the complaint asked about
      // names the text's purpose, as "normal to" does. Ways to die and a lethal dose asked for are templates and
      // count in full ("how many pills would kill me"); so does a wish in the first person.
      // Not "signs of": "sign" begins many words of documents (each a walk of the cue trie).
      'symptoms of',
      'pain after',
      'pain during',
      'bleeding after',
      'bleeding during',
      'treatment for',
    ],
  },
  {
    // News, crime reporting, the courts, quotation: violence and groups are the subject of a report.
    id: 'report',
    categories: ['violence', 'hate_speech'],
    factor: 0.5,
    negatable: false,
    markers: [
      'according to',
      'quoted',
      'said',
      'says',
      'statement',
      'spokesman',
      'spokeswoman',
      'spokesperson',
      'president',
      'news',
      'reported',
      'reporter',
      'journalist',
      'official',
      'authorities',
      'police',
      'cops',
      'arrest',
      'suspect',
      'accused',
      'alleged',
      'allegedly',
      'charged',
      'victim',
      'witness',
      'court',
      'sentenced',
      'convicted',
      'trial',
      'investigation',
      'investigators',
      'prosecutor',
      // The courtroom (2026-11-24, session 32: "The jury heard that the defendant strangled his wife" was blocked).
      'jury',
      'defendant',
      'testified',
      'inquest',
      // Crime investigation, in a report or a mystery: a killing is the case being solved.
      'detective',
      'inspector',
      'alibi',
      'motive',
      'clue',
      'clues',
      'crime scene',
      'forensic',
      'coroner',
      'autopsy',
      'homicide',
      // Crime told as non-fiction media (2026-11-24: "The podcast follows a detective hunting a serial killer ..."
      // had one marker).
      'podcast',
      'documentary',
      'true crime',
    ],
  },
  {
    // Attribution of a report to a court, the police or prosecutors (2026-11-24, session 34: "He abused his dog for
    // years, the court heard." was blocked, "court" being one marker of the report register). Each phrase says the
    // text reports what was told elsewhere, so one is enough, as for the care register. Threats, calls and orders
    // count in full as in every register. No marker begins with "the" (scanned like cues: a word start as common
    // as "the" would walk the cue trie at every occurrence).
    id: 'attribution',
    categories: ['violence', 'hate_speech'],
    factor: 0.5,
    negatable: false,
    minMarkers: 1,
    markers: [
      'court heard',
      'court was told',
      'jury heard',
      'jury was told',
      'trial heard',
      'inquest heard',
      'hearing heard',
      'told the court',
      'told the jury',
      'told the inquest',
      'told police',
      'told investigators',
      'told reporters',
      'police said',
      'prosecutors said',
      'prosecutors say',
      'investigators said',
      'court documents',
      'court records',
      'court papers',
    ],
  },
  {
    // Anger named in order to be managed (2026-11-24, session 34: "Anger management tip: when you feel like you could
    // strangle someone, walk away and breathe" was blocked on "strangle" alone): advice on calming down speaks of the
    // urge, it does not threaten. One phrase is enough, as for the care register; threats, calls and orders count in
    // full ("calm down or I'll strangle you"). No marker begins with a word common in documents ("take", "count").
    id: 'calming',
    categories: ['violence'],
    factor: 0.5,
    negatable: true,
    minMarkers: 1,
    markers: ['anger management', 'calm down', 'calming down', 'walk away'],
  },
  {
    // Fiction, film and their reviews: violence happens to characters. A threat in a character's line does not
    // count in such a text (characterLine, safety-quotations.ts).
    id: FICTION_REGISTER,
    categories: ['violence'],
    factor: 0.5,
    negatable: false,
    markers: [
      'film',
      'movie',
      'story',
      'stories',
      'novel',
      'character',
      'scene',
      'episode',
      'fiction',
      'protagonist',
      'villain',
      'chapter',
      'trailer',
      'narrator',
      'screenplay',
      'starring',
      'actor',
      'actress',
      'director',
      'genre',
      'horror',
      'thriller',
      'sequel',
      'cinema',
      'flick',
      'anime',
      'comic',
      'fanfic',
      'fan fiction',
      'roleplay',
      'novella',
      'audience',
      'mystery',
      'whodunit',
      'sleuth',
      'poem',
      'fairy tale',
      'fantasy',
      'dragon',
      'knight',
      'sheriff',
      'outlaw',
      'heroine',
      // A film's or a game's protagonist (2026-11-24: "In the film, the hero swears he will kill the man who
      // murdered his brother" had one marker).
      'hero',
    ],
  },
  {
    // Video games: the killing is of monsters, bosses and other players' characters ("how do I kill the ender
    // dragon", "I blew up my base with TNT"). One marker is enough: each names a game or a thing only games have
    // (not "game" alone: "this is not a game"; not titles that are everyday words or crimes: "Hitman", "Fallout",
    // "Doom"). Markers are scanned like cues, so none begins with a word common in documents ("in the game",
    // "call of duty", "counter strike", "multiplayer", "final boss": each such word start would walk the cue
    // trie). Besides the topic words, a first-person threat or call whose object is no person (GAME_FRAMED_TEMPLATES,
    // gameObjectIsPerson) counts at this factor in such a text: "I'm going to kill the wither tonight". Aimed at a
    // person ("I'll kill you in Fortnite", "shoot everyone") it counts in full, as do how-to requests.
    id: GAME_REGISTER,
    categories: ['violence'],
    factor: 0.4,
    negatable: false,
    minMarkers: 1,
    markers: [
      'video game',
      'video games',
      'videogame',
      'gaming',
      'gamer',
      'gameplay',
      'playthrough',
      'pvp',
      'pve',
      'npc',
      'npcs',
      'respawn',
      'boss fight',
      'hitbox',
      'minecraft',
      'ender dragon',
      'creeper',
      'creepers',
      'nether',
      'fortnite',
      'roblox',
      'skyrim',
      'elden ring',
      'dark souls',
      'zelda',
      'csgo',
      'valorant',
      'overwatch',
      'league of legends',
      'dota',
      'terraria',
      'gta',
      'pokemon',
      'apex legends',
      'pubg',
      'warzone',
      'warcraft',
      'starcraft',
      'diablo',
      'clash of clans',
      'mortal kombat',
      'tekken',
      'xbox',
      'playstation',
      'ps4',
      'ps5',
      'nintendo',
      // Games played with toy guns: players shoot each other by the rules.
      'airsoft',
      'paintball',
      'laser tag',
    ],
  },
  {
    // History and its teaching: atrocities, persecution and the groups they struck are the subject of an
    // account or a lesson, which names them as a threat does not.
    id: 'history',
    categories: ['violence', 'hate_speech'],
    factor: 0.5,
    negatable: false,
    markers: [
      'history',
      'historical',
      'historically',
      'historian',
      'century',
      'centuries',
      'world war',
      'regime',
      'empire',
      'dynasty',
      'persecution',
      'persecuted',
      'antisemitism',
      'anti-semitism',
      'discrimination',
      'prejudice',
      'segregation',
      'civil rights',
      'memorial',
      'remembrance',
      'museum',
      'propaganda',
      'colonial',
      'slavery',
      'enslaved',
      'pogrom',
      'concentration camp',
      'occupied',
      'collaborators',
      'archives',
      'documented',
      'textbook',
      'lesson',
      'students',
      'essay',
      'curriculum',
      'teacher',
      'historians',
      'survivors',
      'testimony',
      'testimonies',
      'liberated',
      'liberation',
    ],
  },
  {
    // Legal, medical and educational texts: sexual words, and blood, injury and crime, as terms of law, health
    // or teaching (a definition of murder, a bleeding disorder).
    id: 'clinical',
    categories: ['sexual_content', 'violence', 'self_harm'],
    factor: 0.5,
    negatable: false,
    markers: [
      'consent',
      'consensual',
      'legal',
      'legally',
      'law',
      'defined',
      'definition',
      'health',
      'medical',
      'doctor',
      'education',
      'educational',
      'research',
      'study',
      'studies',
      'statistics',
      'clinic',
      'clinical',
      'symptom',
      'patient',
      'hospital',
      'nurse',
      'surgery',
      'surgeon',
      'diagnosis',
      'diagnosed',
      'physician',
      'hormone',
      'menstrual',
      'pregnancy',
      'pregnant',
      'birth control',
      'prescription',
      'gynecologist',
      'obgyn',
      'illegal',
      'crime',
      'criminal',
      'lawyer',
      'attorney',
      'illness',
      'mortality',
      'prevalence',
      'risk factor',
      'epidemiolog',
      'leading cause',
      // Sex education and the body's complaints (2026-11-24).
      'sex education',
      'sex ed',
      'puberty',
      'reproductive',
      'anatomy',
      'infection',
      'itch',
      'itchy',
      'sexuality',
      'side effects',
      'physical effects',
      'health effects',
    ],
  },
  {
    // Art and its history: a nude is a genre of painting and sculpture (2026-11-24: "The museum's Renaissance wing
    // has many nude sculptures" was blocked). Sexual words only; two markers, as for a topic vocabulary.
    id: 'art',
    categories: ['sexual_content'],
    factor: 0.5,
    negatable: false,
    markers: [
      // Not "gallery": image galleries are where pornography is posted. A marker of six letters or more matches
      // its plural too ("sculptures"), and the same word twice is one marker.
      'sculpture',
      'sculptor',
      'statue',
      'renaissance',
      'painting',
      'painter',
      'artwork',
      'art class',
      'art history',
      'baroque',
      'marble',
    ],
  },
];

/**
 * Who a text speaks as and to (speakerStance). A text about a harm that says neither "I" nor "we" nor "you"
 * - an encyclopedia entry, a history lesson, a prevention leaflet, a story told in the third person -
 * speaks of the harm from outside: in such a text a register counts twice (its factor squared). A rant, a
 * threat, a confession or a denial speaks as someone, mostly to someone, and keeps the register's factor.
 */
export const STANCE_FIRST_SINGULAR = 1;
/** "we", "us", "you" and their forms: the text speaks as a group or to its reader. */
export const STANCE_WE_OR_YOU = 2;

/**
 * The text tells of someone else or asks about the subject (speaksFromOutside). Not a word of the stance
 * pass: read when asked, from the original text and the view.
 */
export const STANCE_OUTSIDE = 4;

const THIRD_PERSON = /\b(?:he|she|they|his|her|hers|their|theirs|him|them|himself|herself|themselves)\b/;
/** A question, or a line that starts by asking or by asking for a text about something. */
const ASKING =
  /\?|^[ \t]*(?:what|why|when|where|who|which|how (?:do|does|did|is|are|was|were|many|much|common|often|has|have)|explain|summari[sz]e|describe|write|draft|compare|analy[sz]e|discuss|list|define|research)\b/m;
/** A capitalised word after another word of its sentence: a name ("In Act 3, Hamlet ...", "rates in Japan"). */
const NAME_INSIDE_SENTENCE = /[a-z,;:][ \t]+[A-Z][a-z]/;
/**
 * Suicide or self-harm as what a third person does or did: a verb in the third person singular ("Hamlet
 * contemplates suicide", "the hero attempts suicide": nobody says "I commits"), or a form only said of someone
 * else ("committed suicide", "died by suicide"). A name that begins its sentence is no sign of its own
 * (NAME_INSIDE_SENTENCE: "Tonight", "Nothing" begin terse posts about oneself); its verb is. Not "is", "was",
 * "has" ("tonight is suicide night" says nothing of anyone else).
 */
const TOLD_OF_THIRD_PERSON = /\b(?:[a-z]{3,}[^\Wsu]s|committed|died by|dies by) (?:suicide|self[ -]harm)\b/;
/**
 * The subject counted or studied (2026-11-24): "suicide rates", "self-harm admissions", "suicide prevention", or
 * a death ruled a suicide. Measures and institutions, not a person's plan (not "suicide note", "suicide plan"). And
 * a kind of suicide that history or ethnography names ("a ritual suicide called seppuku", "the Jonestown mass
 * suicide", "kamikaze suicide missions"): a practice described, not a person's own (only where no one speaks in the
 * first person, as for every reading here).
 */
const SUBJECT_MEASURED =
  /\b(?:suicide|self[ -]harm|overdose)s? (?:rates?|statistics|figures|numbers|admissions|attempts|prevention|awareness|research|deaths|cases|epidemic|crisis)\b|\bruled (?:the death )?(?:as )?a suicide\b|\b(?:ritual|mass|collective) suicides?\b|\bsuicide (?:missions?|squads?)\b/;
/**
 * A suicide someone else died of, from the side of those left (2026-11-24: "supports families after a suicide
 * in the household", "families bereaved by suicide", "survivors of suicide loss" were blocked): bereavement,
 * loss and a death in a family or a place are what happened, not a plan.
 */
const BEREAVEMENT =
  /\b(?:bereaved|bereavement|grieving|widowed|orphaned) (?:by|after|through|from) (?:a )?suicide\b|\bsuicide (?:loss|bereavement|survivors?|postvention|grief)\b|\b(?:survivors?|loss|aftermath) of (?:a )?suicide\b|\bafter (?:a|the|his|her|their) suicide\b(?! (?:attempts?|notes?|plans?|methods?|pacts?))|\ba suicide in (?:the|their|our|his|her|a|your) (?:family|household|home|community|school|class|workplace|team|street|village|town)\b|\blost (?:a |their |his |her |our |your )?(?:[a-z]+ )?to suicide\b/;
/** A name's suicide or self-harm: "Hemingway's suicide", even at the start of a sentence. */
const NAMED_POSSESSIVE = /\b[A-Z][a-z]+['’]s (?:suicide|self[ -]harm|overdose)\b/;

/**
 * Whether a text (`original`, and `view` its matching view) that says nothing in the first person speaks of a
 * harm from outside: it asks about the subject or tells of someone else (a third person, a name, a verb in the
 * third person). Terse posts
 * about oneself drop the pronoun ("suicidal thoughts every day", "tonight is the night #suicide"): without one
 * of these signs, nobody is known to be outside.
 */
export function speaksFromOutside(original: string, view: string): boolean {
  return (
    THIRD_PERSON.test(view) ||
    ASKING.test(view) ||
    NAME_INSIDE_SENTENCE.test(original) ||
    TOLD_OF_THIRD_PERSON.test(view) ||
    SUBJECT_MEASURED.test(view) ||
    BEREAVEMENT.test(view) ||
    NAMED_POSSESSIVE.test(original)
  );
}

/**
 * The stances that keep a category's register at its factor (bit set; 0: the category has no such rule).
 * Self-harm is said of oneself: a text that tells "you" where to find help, or says what "we" teach, is a
 * prevention text, not a confession. Violence and hate are said by someone to someone: "we" and "you" count.
 */
export const PERSONAL_STANCES: Readonly<Partial<Record<SafetyCategory, number>>> = {
  self_harm: STANCE_FIRST_SINGULAR,
  violence: STANCE_FIRST_SINGULAR | STANCE_WE_OR_YOU,
  hate_speech: STANCE_FIRST_SINGULAR | STANCE_WE_OR_YOU,
};

// Words that read as another word with the apostrophe left out are not listed ("ill", "id", "were", "lets"),
// nor words that are nouns too ("mine") or chat spellings that are also names or abbreviations ("u" of "U.S.",
// "ur"): a history text is full of them.
const FIRST_SINGULAR_WORDS: ReadonlySet<string> = new Set(['i', 'im', 'ive', 'me', 'my', 'myself']);
const WE_OR_YOU_WORDS: ReadonlySet<string> = new Set([
  'we',
  'us',
  'our',
  'ours',
  'ourselves',
  'weve',
  'you',
  'your',
  'yours',
  'yourself',
  'yourselves',
  'youre',
  'youve',
  'youll',
  'youd',
  'yall',
]);
const LONGEST_STANCE_WORD = 10;

/**
 * The stances (STANCE_* bits) of the lower-case matching view: whole words, an apostrophe inside a word
 * skipped ("i'm" reads as "im"). One pass, stopping at the first word of a stance in `stopAt` (0, the
 * default: never, and the result is every stance of the text); only words of ten letters or fewer are read.
 */
export function speakerStance(text: string, stopAt = 0): number {
  let stance = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordUnit(text.charCodeAt(i))) i++;
    const start = i;
    let letters = 0;
    while (
      i < n &&
      (isWordUnit(text.charCodeAt(i)) ||
        (isApostrophe(text.charCodeAt(i)) && i + 1 < n && isWordUnit(text.charCodeAt(i + 1))))
    ) {
      i++;
      letters++;
    }
    if (letters === 0 || letters > LONGEST_STANCE_WORD) continue;
    const c = text.charCodeAt(start);
    // Every stance word begins with i, m, o, u, w or y.
    if (c !== 105 && c !== 109 && c !== 111 && c !== 117 && c !== 119 && c !== 121) continue;
    let word = '';
    for (let k = start; k < i; k++) if (!isApostrophe(text.charCodeAt(k))) word += text[k];
    if (FIRST_SINGULAR_WORDS.has(word)) stance |= STANCE_FIRST_SINGULAR;
    else if (WE_OR_YOU_WORDS.has(word)) stance |= STANCE_WE_OR_YOU;
    else continue;
    if ((stance & stopAt) !== 0) return stance;
  }
  return stance;
}

/**
 * Self-harm cues said in the first person: a wish or plan to die, or harm done to oneself. They count in
 * full in a recovery register ("I decided to kill myself" stays evidence even in a story that ends in
 * therapy; "I've had therapy and I still cut myself" is not a recovery story); the register lowers the
 * words that name the subject (suicide, self-harm, anorexia, hopeless).
 */
export const SAFETY_INTENT_CUES: ReadonlySet<string> = new Set([
  'kill myself',
  'end my life',
  'take my own life',
  'want to die',
  'wanna die',
  'hang myself',
  'slit my',
  't want to live',
  'dont want to live',
  'no reason to live',
  'not worth living',
  'better off dead',
  'no point in living',
  'end it all',
  'cut myself',
  'cutting myself',
  'slicing myself',
  'burned myself',
  'burnt myself',
  'harm myself',
  'hurt myself',
  'hurting myself',
  'starve myself',
  'starving myself',
  'punish myself',
  'i cut',
  'my cuts',
  'hanging myself',
  'drown myself',
  'drowning myself',
  'burn myself',
  'burning myself',
  'tired of being alive',
  'tired of living',
  'hide my cuts',
]);

/**
 * Slurs: using one is hate said, not a group named, so a report or a quotation does not lower it (a report
 * that needs the word can name it otherwise).
 */
export const SAFETY_SLURS: ReadonlySet<string> = new Set([
  'nigger',
  'nigga',
  'faggot',
  'fag',
  'kike',
  'spic',
  'chink',
  'wetback',
  'wetbacks',
  'raghead',
  'towelhead',
  'tranny',
  'beaner',
  'gook',
  'dyke',
  'sand n',
  'ching chong',
  'retard.',
  'subhuman',
  'vermin',
  'simian',
  'musloid',
  'muzzie',
  'mudslime',
  'goatfuck',
  'goat fucker',
  'whitey',
  'jewed',
  'qadiani',
  'jigaboo',
  'porch monkey',
  'camel jockey',
  'sand monkey',
  'femoid',
  'foids',
  'mud people',
  'shit skin',
  'shitskin',
]);

/**
 * Words that make a slur right before them the subject of talk, and words that do so right after them: a
 * slur that is mentioned, not used ("retard jokes", "the word faggot", "the slur 'tranny'") names no one.
 * "Called me a retard" is still a use.
 */
const MENTION_AFTER: ReadonlySet<string> = new Set([
  'joke',
  'jokes',
  'humor',
  'humour',
  'word',
  'words',
  'term',
  'terms',
  'slur',
  'slurs',
]);
const MENTION_BEFORE: ReadonlySet<string> = new Set(['word', 'term', 'slur']);
const LONGEST_MENTION_WORD = 6;

/**
 * Whether the slur found at [start, end) of the lower-case matching view is mentioned rather than used: the
 * next word (past the rest of the slur's word, spaces and quotes) names speech about it, or the word before
 * does (MENTION_AFTER, MENTION_BEFORE). Reads a bounded number of characters, so the scan stays linear.
 */
export function slurMentioned(text: string, start: number, end: number): boolean {
  let at = end;
  while (at < text.length && at - end < 8 && isWordUnit(text.charCodeAt(at))) at++;
  let from = at;
  while (from < text.length && from - at < 4 && isQuoteOrSpace(text.charCodeAt(from))) from++;
  let to = from;
  while (to < text.length && to - from <= LONGEST_MENTION_WORD && isWordUnit(text.charCodeAt(to))) to++;
  if (to > from && to - from <= LONGEST_MENTION_WORD && MENTION_AFTER.has(text.slice(from, to))) return true;
  // The word alone between quotation marks: "is it offensive to call someone 'retarded'?" (2026-11-24).
  if (at < text.length && isQuote(text.charCodeAt(at)) && start > 0 && isQuote(text.charCodeAt(start - 1))) return true;
  to = start;
  while (to > 0 && start - to < 4 && isQuoteOrSpace(text.charCodeAt(to - 1))) to--;
  from = to;
  while (from > 0 && to - from <= LONGEST_MENTION_WORD && isWordUnit(text.charCodeAt(from - 1))) from--;
  return to > from && to - from <= LONGEST_MENTION_WORD && MENTION_BEFORE.has(text.slice(from, to));
}

/** How a cue word may be spoken of rather than used (cueWordUnused): a slur, an insult of one word, or neither. */
export const MENTION_NONE = 0;
export const MENTION_SLUR = 1;
export const MENTION_INSULT = 2;
/** A harassment or sexual cue that names an act ("dox", "stalk", "porn"): not used where it is being defined. */
export const MENTION_ACT = 3;

/**
 * Whether the cue word at [start, end) of the lower-case matching view, of mention kind `kind` (MENTION_*), is not
 * used here: a slur or an insult mentioned (slurMentioned), or an insult whose name-calling is reported
 * (nameCallingReported). The one reading of both the classifier's scan and safetyCueCounts (which the weight fitter
 * counts with), so a refit sees the counts the classifier scores.
 */
export function cueWordUnused(kind: number, text: string, start: number, end: number): boolean {
  if (kind === MENTION_NONE) return false;
  if (kind !== MENTION_ACT && slurMentioned(text, start, end)) return true;
  if (kind === MENTION_INSULT && (nameCallingReported(text, start) || narratedSpeech(text, start))) return true;
  return wordDefined(text, start, end);
}

/** Subjects that make the writer the one who harms ("I'm going to kill us all"): the harm is then theirs. */
const FIRST_PERSON_AGENT: ReadonlySet<string> = new Set([
  'i',
  "i'm",
  'im',
  "i'll",
  "i'd",
  'we',
  "we're",
  "we'll",
  'lets',
  "let's",
]);

/**
 * Whether the harm verb at [start, end) of the lower-case matching view (a violence cue, or a violence template's
 * match, which may end with its object) falls on the writer from someone else: its object is "me" or "us" and no
 * "I" or "we" comes before it in its clause - "my boss is going to kill me for being late", "my coach will kill us
 * if we lose", "my sister is going to strangle me". Hyperbole, or a fear told: the writer threatens no one
 * (2026-11-24). "I'm going to kill us all" and every threat at "you", "him" or "them" still count. Reads a bounded
 * number of characters.
 */
export function harmFallsOnSpeaker(text: string, start: number, end: number): boolean {
  // The object: the match's last word, or the word after the verb's word (read by characters first: most cues
  // of a megabyte of documents are followed by neither).
  if (!(end - start > 2 && text.charCodeAt(end - 3) === 32 && isSpeakerObject(text, end - 2, end))) {
    let from = end;
    while (from < text.length && from - end < 8 && isWordUnit(text.charCodeAt(from))) from++;
    if (from + 2 >= text.length || text.charCodeAt(from) !== 32) return false;
    const c = text.charCodeAt(from + 1);
    // "I want to kill myself", "we'll hurt ourselves": harm the writer does to themselves is self-harm's, not
    // violence at anyone, whoever the agent (2026-11-24: "I want to kill myself tonight" scored violence 0.75).
    if ((c === 109 || c === 111) && isSpeakerReflexive(text, from + 1)) return true;
    if ((c !== 109 && c !== 117) || !isSpeakerObject(text, from + 1, from + 3)) return false;
  }
  // No first-person agent before the verb in its clause (at most 64 characters back).
  let at = start;
  while (at > 0 && start - at < 64) {
    const c = text.charCodeAt(at - 1);
    if (c === 46 || c === 44 || c === 59 || c === 33 || c === 63 || c === 10) break;
    if (!isWordUnit(c) && !isApostrophe(c)) {
      at--;
      continue;
    }
    const wordEnd = at;
    while (at > 0 && wordEnd - at < 6 && (isWordUnit(text.charCodeAt(at - 1)) || isApostrophe(text.charCodeAt(at - 1))))
      at--;
    // (Read as a string only where it may be one: "i...", "we...", "let's".)
    const first = text.charCodeAt(at);
    const agentLike = first === 105 || first === 119 || first === 108;
    if (agentLike && wordEnd - at < 6 && FIRST_PERSON_AGENT.has(text.slice(at, wordEnd).replace('’', "'")))
      return false;
    while (at > 0 && (isWordUnit(text.charCodeAt(at - 1)) || isApostrophe(text.charCodeAt(at - 1)))) at--;
  }
  return true;
}

/** The modals before a harm foretold ("smoking will kill you", "this heat could kill you"). */
const FORETELLING_MODALS: ReadonlySet<string> = new Set([
  'will',
  'would',
  'could',
  'can',
  'might',
  'may',
  'gonna',
  'shall',
]);

/** No words (harmForetoldOfThing's lead when the match begins with no modal). */
const NO_WORDS: readonly string[] = [];

/**
 * Whether the harm at `start` of the lower-case matching view (a violence cue or template) is foretold of a thing: a
 * modal right before the verb ("will", "could", "gonna", "is going to", "it'll") whose subject names no person -
 * "smoking will kill you", "this heat is going to kill you", "that spicy sauce will kill you", "the bees will kill you
 * lol" (session 38: each blocked at 0.50 on the cue "kill you" alone). A warning or hyperbole: no one threatens. A
 * person or a group as subject still counts ("my brothers will kill you", "they're going to kill you";
 * SAFETY_PERSON_SUBJECTS), and so does a threat of the writer's ("I will kill you": "I" is no thing). `start` may also
 * be at the modal, where a cue or a template begins with it ("going to kill", "gonna kill you"): the same subject is
 * read back from there, so the cue path and the templates judge one sentence alike (session 38: "this heat is going
 * to kill you" blocked at 0.80 on templates that take "going to kill you" without its subject). `named`, when given,
 * says whether the word at an offset of the view is written as a name in the text ("Jake is going to kill you": a
 * capital that no gerund has); a name is a person. The head of a subject with a preposition is read: "the guy from the
 * gym". Reads at most nine words back.
 */
export function harmForetoldOfThing(text: string, start: number, named?: (at: number) => boolean): boolean {
  // A modal the match begins with goes first, as if read back from the verb (it is never the subject, so it needs
  // no offset).
  let lead: readonly string[] = NO_WORDS;
  // (Every modal of FORETELLING_MODALS and "going" begin with c, g, m, s or w: the other matches, nearly all of a
  // document's, are not read here.)
  const first = text.charCodeAt(start);
  if (first !== 99 && first !== 103 && first !== 109 && first !== 115 && first !== 119) lead = NO_WORDS;
  else if (text.startsWith('going to ', start)) lead = ['to', 'going'];
  else if (text.startsWith('gonna ', start)) lead = ['gonna'];
  else {
    let to = start;
    while (to < text.length && to - start <= 5 && isWordUnit(text.charCodeAt(to))) to++;
    if (to > start && text.charCodeAt(to) === 32 && FORETELLING_MODALS.has(text.slice(start, to)))
      lead = [text.slice(start, to)];
  }
  // Most harm words have no modal before them: the word before says so before nine are read (no string made).
  if (lead.length === 0 && modalBefore(text, start) !== MODAL) return false;
  const starts: number[] = [];
  const words = [...lead, ...wordsBack(text, start, 9, starts)];
  const ahead = words.length - starts.length;
  const thing = (k: number, cut: number): boolean => {
    const word = words[k]!;
    if (!thingSubject(word.slice(0, word.length - cut))) return false;
    return named === undefined || word.endsWith('ing') || !named(starts[k - ahead]!);
  };
  // The subject's head comes before a preposition: "the guy from the gym is going to kill you" names a guy.
  const subject = (k: number, cut: number): boolean => {
    for (let j = k + 1; j < Math.min(words.length - 1, k + 5); j++)
      if (SUBJECT_PREPOSITIONS.has(words[j]!)) return thing(j + 1, 0);
    return thing(k, cut);
  };
  let k = 0;
  if (words[0] !== undefined && words[0].endsWith("'ll")) return subject(0, 3);
  if (words[0] === 'to' && words[1] === 'going') {
    k = 2;
    if (words[k] === 'is' || words[k] === 'are' || words[k] === 'was') k++;
    else if (words[k]?.endsWith("'s") === true) return subject(k, 2);
    else if (words[k]?.endsWith("'re") === true) return subject(k, 3);
    else return false;
  } else if (words[0] !== undefined && FORETELLING_MODALS.has(words[0])) k = 1;
  else return false;
  return words[k] !== undefined && subject(k, 0);
}

/**
 * Harm the writer says they could do to someone for a small fault just told: "I could" (or "we could"), the verb, a
 * person, "for" and a gerund or "that"/"this" - "I could strangle him for forgetting the tickets", "I could kill you
 * for eating my fries", "I could murder my brother for that". "Could" says what the writer would like to, not what
 * they will do, and the fault is the reason given: exasperation (session 38: the first blocked at 0.90). "I will
 * kill you for talking", "I could kill him for money", "I could kill you for what you did" still count, and so does
 * one with a weapon named after it ("I could kill him for looking at her, I'm getting my gun": weaponNear).
 */
const EXASPERATION =
  /\b(?:i|we) could (?:just |honestly |literally |seriously |really |easily )?[a-z]+ (?:him|her|them|you|u|ya|em|(?:my |your |his |her |that |this )?[a-z]+) for (?:[a-z]+ing|that|this)\b/g;

/**
 * Whether the violence cue or template at [start, end) of the lower-case matching view lies in a harm said in
 * exasperation (EXASPERATION). Reads at most 48 characters before the match and 48 after.
 */
export function exasperatedHarm(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 48);
  const to = Math.min(text.length, end + 48);
  // "could" comes before the match's end; most matches have none (no string made for them).
  let could = from;
  while (could < end && !(text.charCodeAt(could) === 99 && text.startsWith('could ', could))) could++;
  if (could >= end) return false;
  const part = text.slice(from, to);
  EXASPERATION.lastIndex = 0;
  for (let m = EXASPERATION.exec(part); m !== null; m = EXASPERATION.exec(part)) {
    if (from + m.index <= start && end <= from + m.index + m[0].length) return !weaponNear(text, end);
    EXASPERATION.lastIndex = m.index + 1;
  }
  return false;
}

/** Weapons that make "I could kill him for ..." a threat after all ("..., I'm getting my gun"). */
const WEAPONS: ReadonlySet<string> = new Set(
  'gun guns pistol rifle shotgun knife knives machete axe glock ar15 ammo bullets firearm crossbow'.split(' '),
);

/** Whether a weapon (WEAPONS) is named in the 80 characters after `at` (session 38). */
function weaponNear(text: string, at: number): boolean {
  const to = Math.min(text.length, at + 80);
  let i = at;
  while (i < to) {
    while (i < to && !isWordUnit(text.charCodeAt(i))) i++;
    const from = i;
    while (i < to && isWordUnit(text.charCodeAt(i))) i++;
    if (i - from >= 3 && i - from <= 8 && WEAPONS.has(text.slice(from, i))) return true;
  }
  return false;
}

/** Prepositions inside a subject, after its head ("the guy from the gym", "the man with the knife"). */
const SUBJECT_PREPOSITIONS: ReadonlySet<string> = new Set(['from', 'of', 'at', 'in', 'with', 'on', 'near', 'behind']);

/**
 * What the word right before `at` (past spaces) says of a harm foretold: NO_MODAL when it is none of "to" (of "going
 * to"), a modal of FORETELLING_MODALS or a word ending in "'ll"; PERSON_MODAL when it is one and a person's pronoun is
 * its subject ("i will", "they could", "he'll": the usual threat, decided here); else MODAL (harmForetoldOfThing reads
 * on). Read by its last letter first: a string is made only for a word that ends like one of them (l, d, n, t, y, a,
 * o).
 */
function modalBefore(text: string, at: number): number {
  let end = at;
  while (end > 0 && at - end < 4 && text.charCodeAt(end - 1) === 32) end--;
  const last = text.charCodeAt(end - 1);
  if (last !== 108 && last !== 100 && last !== 110 && last !== 116 && last !== 121 && last !== 97 && last !== 111)
    return NO_MODAL;
  let from = end;
  while (
    from > 0 &&
    end - from <= 16 &&
    (isWordUnit(text.charCodeAt(from - 1)) || isApostrophe(text.charCodeAt(from - 1)))
  )
    from--;
  const length = end - from;
  if (length < 2 || length > 16) return NO_MODAL;
  // "he'll": the subject is the word's stem.
  if (last === 108 && text.charCodeAt(end - 2) === 108 && isApostrophe(text.charCodeAt(end - 3)))
    return personPronounAt(text, from, end - 3) ? PERSON_MODAL : MODAL;
  if (
    !(length === 2
      ? text.startsWith('to', from)
      : MODAL_WORDS.some((w) => w.length === length && text.startsWith(w, from)))
  )
    return NO_MODAL;
  if (length === 2) return MODAL;
  // The subject right before the modal.
  let subjectEnd = from;
  while (subjectEnd > 0 && from - subjectEnd < 4 && text.charCodeAt(subjectEnd - 1) === 32) subjectEnd--;
  let subjectFrom = subjectEnd;
  while (subjectFrom > 0 && subjectEnd - subjectFrom <= 4 && isWordUnit(text.charCodeAt(subjectFrom - 1)))
    subjectFrom--;
  return personPronounAt(text, subjectFrom, subjectEnd) ? PERSON_MODAL : MODAL;
}

/** Whether text[from, to) is one of PERSON_PRONOUNS_BEFORE (no string made). */
function personPronounAt(text: string, from: number, to: number): boolean {
  const length = to - from;
  return length > 0 && length <= 4 && PERSON_PRONOUN_WORDS.some((w) => w.length === length && text.startsWith(w, from));
}

const NO_MODAL = 0;
const MODAL = 1;
const PERSON_MODAL = 2;
/** Pronouns of a person as the subject of a modal ("i will", "they could", "he'll"). */
const PERSON_PRONOUN_WORDS: readonly string[] = ['i', 'we', 'you', 'u', 'ya', 'he', 'she', 'they'];
/** FORETELLING_MODALS as a list, for modalBefore's comparisons in place. */
const MODAL_WORDS: readonly string[] = [...FORETELLING_MODALS];

/** Whether `word` (a subject) is a word that names no person: "smoking", "heat", "bees", "it", "this". */
function thingSubject(word: string): boolean {
  if (word === '' || SAFETY_PERSON_SUBJECTS.has(word) || FIRST_PERSON_AGENT.has(word)) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * Up to `most` words before `at` in its clause, nearest first, apostrophes kept ("it'll", "they're"); typographic ones
 * read as straight. The offset of each word is pushed to `starts`.
 */
function wordsBack(text: string, at: number, most: number, starts: number[]): string[] {
  const words: string[] = [];
  let i = at;
  while (words.length < most && i > 0 && at - i < 64) {
    const c = text.charCodeAt(i - 1);
    if (isClauseMark(c, text, i - 1)) break;
    if (!isWordUnit(c) && !isApostrophe(c)) {
      i--;
      continue;
    }
    const end = i;
    while (i > 0 && end - i < 24 && (isWordUnit(text.charCodeAt(i - 1)) || isApostrophe(text.charCodeAt(i - 1)))) i--;
    words.push(text.slice(i, end).replace('\u2019', "'"));
    starts.push(i);
  }
  return words;
}

/**
 * Whether the violence cue or template at [start, end) of the lower-case matching view is harm that is no threat of
 * the writer's: it falls on the writer from someone else (harmFallsOnSpeaker), it is foretold of a thing
 * (harmForetoldOfThing; `named` tells a name from a thing), or it is said in exasperation (exasperatedHarm). The one
 * reading of the cue path and the template path, in the classifier and in safetyCueCounts.
 */
export function harmOfNoThreat(text: string, start: number, end: number, named?: (at: number) => boolean): boolean {
  return (
    harmFallsOnSpeaker(text, start, end) || harmForetoldOfThing(text, start, named) || exasperatedHarm(text, start, end)
  );
}

/** Words after "bleed" that say where a colour runs ("bleed into the rice", "bleed onto the plate"). */
const BLEEDS_WHERE: readonly string[] = [' into ', ' onto ', ' through ', ' across ', ' over '];

/**
 * Whether the violence template's match at [start, end) of the lower-case matching view promises that "them" will
 * bleed into, onto or through something: a colour running, said of beetroots, dyes and inks ("make them bleed into
 * the rice", "I'll find them and make them bleed into the yoghurt"), not a threat (2026-11-24, session 35: both
 * scored 0.68). Only "them", which names things as well as people; "make you bleed into the dirt" and "make him
 * bleed" still count. Reads the characters around the match's last word only.
 */
export function colourRuns(text: string, end: number): boolean {
  if (end < 10 || !text.startsWith('bleed', end - 5)) return false;
  if (!text.startsWith('them ', end - 10) && !text.startsWith(' em ', end - 9)) return false;
  for (const where of BLEEDS_WHERE) if (text.startsWith(where, end)) return true;
  return false;
}

/** Words that may follow "us" as an object ("kill us if we lose"); another word makes it a name ("kill US troops"). */
const AFTER_US: ReadonlySet<string> = new Set([
  'all',
  'both',
  'if',
  'for',
  'when',
  'and',
  'because',
  'tonight',
  'again',
]);

/** Whether [from, to) is the word "me" or "us", ending there (not "US soldiers"). */
/** Whether "myself" or "ourselves" stands as a word at `from`. */
function isSpeakerReflexive(text: string, from: number): boolean {
  for (const word of SPEAKER_REFLEXIVES) {
    const to = from + word.length;
    if (text.startsWith(word, from) && (to >= text.length || !isWordUnit(text.charCodeAt(to)))) return true;
  }
  return false;
}

const SPEAKER_REFLEXIVES = ['myself', 'ourselves'];

function isSpeakerObject(text: string, from: number, to: number): boolean {
  if (to - from !== 2 || (to < text.length && isWordUnit(text.charCodeAt(to)))) return false;
  const a = text.charCodeAt(from);
  const b = text.charCodeAt(from + 1);
  if (a === 109 && b === 101) return true;
  if (a !== 117 || b !== 115) return false;
  if (to + 1 >= text.length || text.charCodeAt(to) !== 32 || !isWordUnit(text.charCodeAt(to + 1))) return true;
  let next = to + 1;
  while (next < text.length && next - to <= 8 && isWordUnit(text.charCodeAt(next))) next++;
  return AFTER_US.has(text.slice(to + 1, next));
}

/** Words after a term that define it ("doxxing means ...", "doxing is the act of ..."). */
const DEFINING_AFTER: readonly string[] = [
  'means ',
  'refers to ',
  'is defined as ',
  'is the act of ',
  'is the practice of ',
  'is a form of ',
  'is a type of ',
  'is when ',
];
/** Words before a term (or before it and one modifier) that ask for its meaning ("what is revenge porn"). */
const DEFINING_BEFORE: readonly string[] = [
  'what is ',
  "what's ",
  'what does ',
  'define ',
  'definition of ',
  'meaning of ',
];

/**
 * Whether the cue word at [start, end) of the lower-case matching view is being defined, talked about as a word: it
 * is followed by a defining verb (DEFINING_AFTER: "doxxing means publishing someone's address") or preceded, with at
 * most one modifier between, by a question of its meaning (DEFINING_BEFORE: "what is revenge porn?") - a definition
 * names the act without doing it (2026-11-24). Reads a bounded number of characters.
 */
export function wordDefined(text: string, start: number, end: number): boolean {
  let at = end;
  while (at < text.length && at - end < 8 && isWordUnit(text.charCodeAt(at))) at++;
  // Each list read only where the character it would need is there (cue words are frequent in documents).
  if (at + 1 < text.length && text.charCodeAt(at) === 32) {
    const c = text.charCodeAt(at + 1);
    if (c === 109 || c === 114 || c === 105)
      for (const words of DEFINING_AFTER) if (text.startsWith(words, at + 1)) return true;
  }
  let to = start;
  for (let k = 0; k < 2; k++) {
    const c = to > 1 ? text.charCodeAt(to - 2) : 0;
    if (c === 115 || c === 101 || c === 102)
      for (const words of DEFINING_BEFORE)
        if (to >= words.length && text.startsWith(words, to - words.length)) return true;
    // Past one word before: "what is [revenge] porn".
    if (to < 2 || text.charCodeAt(to - 1) !== 32) return false;
    let from = to - 1;
    while (from > 0 && to - from <= 13 && isWordUnit(text.charCodeAt(from - 1))) from--;
    if (from === to - 1 || to - from > 13) return false;
    to = from;
  }
  return false;
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
}

/** Verbs of name-calling, and the words that make its object the speaker or the hearer. */
const CALLING: ReadonlySet<string> = new Set(['call', 'calls', 'called', 'calling', 'named', 'labelled', 'labeled']);
const CALLED_PERSONALLY: ReadonlySet<string> = new Set(['me', 'you', 'u', 'us', 'ya', 'yourself', 'myself', 'ur']);

/**
 * Whether the insult at `start` of the lower-case matching view is what someone was called, told of: "calls the boy a
 * freak", "called his opponents losers" - a report of name-calling, not an insult said to the reader. Read back
 * past "a"/"an" and at most three words of the object to a verb of calling (CALLING); an object that is the speaker
 * or the hearer ("called me a loser", "everyone calls you a freak") keeps the insult a use. Reads a bounded number
 * of characters.
 */
export function nameCallingReported(text: string, start: number): boolean {
  let at = start;
  const previous = (): string => {
    while (at > 0 && start - at < 96 && (text.charCodeAt(at - 1) === 32 || isQuote(text.charCodeAt(at - 1)))) at--;
    const to = at;
    while (at > 0 && to - at <= 12 && (isWordUnit(text.charCodeAt(at - 1)) || isApostrophe(text.charCodeAt(at - 1))))
      at--;
    return to - at > 12 ? '' : text.slice(at, to);
  };
  let word = previous();
  if (word === 'a' || word === 'an') word = previous();
  for (let k = 0; k < 4 && word !== ''; k++) {
    if (CALLED_PERSONALLY.has(word)) return false;
    if (k > 0 && CALLING.has(word)) return true;
    word = previous();
  }
  return false;
}

function isQuoteOrSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 34 ||
    c === 39 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2018 ||
    c === 9 ||
    c === 10
  );
}
