/**
 * The recognizers (see pii-recognizers.ts) of the entities read as PII only near a context word: dates of
 * birth after a birth word, and passport, driving licence, medical record, NPI and insurance numbers after
 * theirs (UK DVLA numbers and Medicare MBIs also without one). Each scans only the windows after its
 * words; a detector finds the windows of all of them in one pass (WINDOW_ANCHORS, WINDOWED_CONTEXTS).
 */
import { npiValid } from './checksums.js';
import type { TextMatch } from './match.js';
import { allSameDigit, anchorIndex, clauseBefore, contextWords, type ContextWords, digitsOf } from './pii-context.js';
import { push, type Recognizer } from './pii-recognizers.js';

/**
 * The pattern without its look-arounds (which are all flat groups here): it matches every string the
 * pattern matches, whatever surrounds it. Recognizers that run their pattern over sub-windows of the
 * text first test this on the whole text: no hit means no sub-window can match either, so the
 * context-window work (lower-casing, context-word search) is skipped with the same result.
 */
function withoutLookarounds(pattern: RegExp): RegExp {
  const source = pattern.source.replace(/\(\?<?[!=][^()]*\)/g, '');
  return new RegExp(source, pattern.flags.replace('g', ''));
}

// ---------------------------------------------------------------- dates of birth

/**
 * Month names per month (English, French, Spanish, Italian, German, Portuguese, with their usual
 * three- or four-letter abbreviations: `Okt.`, `dic`, `ago`, `set`, `out`), as regex alternations. DATE_RE's `i` flag folds ASCII letters only: accented capitals are not folded.
 */
const MONTH_NAMES: readonly string[] = [
  'jan(?:uary)?|janv(?:ier)?|ene(?:ro)?|gen(?:naio)?|januar|j\u00e4nner|janeiro',
  'feb(?:ruary)?|f\u00e9vr(?:ier)?|febrero|febbraio|februar|fev(?:ereiro)?',
  'mar(?:ch)?|mars|marzo|m\u00e4rz?|mar\u00e7o',
  'apr(?:il)?|avr(?:il)?|abr(?:il)?|aprile',
  'may|mai|mayo|mag(?:gio)?|maio',
  'june?|juin|junio|giu(?:gno)?|juni|junho',
  'july?|juil(?:let)?|julio|lug(?:lio)?|juli|julho',
  'aug(?:ust)?|ao\u00fbt|ago(?:sto)?|august',
  'sep(?:t(?:ember)?)?|septembre|septiembre|set(?:tembre|embro)?',
  'oct(?:ober)?|octobre|octubre|ott(?:obre)?|okt(?:ober)?|out(?:ubro)?',
  'nov(?:ember)?|novembre|noviembre|novembro',
  'dec(?:ember)?|d\u00e9c(?:embre)?|dic(?:iembre|embre)?|dez(?:ember|embro)?',
];
const MONTHS = MONTH_NAMES.join('|');
/**
 * The month names that may lead a date (`March 4, 1985`, the English order): not the abbreviations that
 * are English words (`ago`, `set`, `out`, `gen`, `mag`), which come after the day where they are months
 * (`12 ago 1985`) but before a number in English prose (`set 12 2020 as the date`).
 */
const LEADING_MONTHS = `(?!(?:ago|set|out|gen|mag)(?![a-z]))(?:${MONTHS})`;
const MONTH_EXACT = MONTH_NAMES.map((alts) => new RegExp(`^(?:${alts})$`, 'i'));
/** Ordinal suffixes (English; French 1er) and the German '4.' before a month name. */
const ORDINAL = '(?:st|nd|rd|th|er)?\\.?';
/**
 * A day written as an English ordinal word, `first` to `thirty-first` (`twenty-first`, `twenty first`,
 * `twentyfirst`); ordinalDay reads it. A day past the month's end (`thirty-second`) fails the calendar test.
 */
const ORDINAL_DAY =
  '(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth';
/** `first` to `nineteenth`: the day is the index plus one. */
const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];

/** The day of an ORDINAL_DAY match (`twenty-first` 21, `thirtieth` 30). */
function ordinalDay(written: string): number {
  const w = written.toLowerCase().replace(/[- ]/g, '');
  if (w === 'twentieth') return 20;
  if (w === 'thirtieth') return 30;
  const tens = w.startsWith('twenty') ? 20 : w.startsWith('thirty') ? 30 : 0;
  return tens + ORDINAL_WORDS.indexOf(tens === 0 ? w : w.slice(6)) + 1;
}
/** The apostrophe of a year written with two digits ('84, \u201984). */
const APOSTROPHE = "['\\u2019]";
/** The time part of an ISO 8601 timestamp: T, hours and minutes, seconds and fraction, zone. */
const ISO_TIME = 'T\\d\\d:\\d\\d(?::\\d\\d(?:[.,]\\d{1,9})?)?(?:Z|[+-]\\d\\d(?::?\\d\\d)?)?';
const DATE_RE = new RegExp(
  [
    // ISO 1985-03-04, and with the time part of an ISO timestamp (1985-03-04T00:00:00Z, as JSON records
    // and APIs write a birth date): the 'T' after the day no longer hides the date.
    `(?<![\\w/.-])(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?:${ISO_TIME})?(?![\\w/-]|\\.\\d)`,
    '(?<![\\w/.-])(\\d{1,2})([-/.])(\\d{1,2})\\6(\\d{4}|\\d{2})(?![\\w/-]|\\.\\d)', // 04/03/1985, 03-04-85
    `(?<!\\w)(\\d{1,2})${ORDINAL}(?:(?: day)? of| de)?[ ]+(${MONTHS})\\.?,?(?: de)?[ ]+(\\d{4}|${APOSTROPHE}?\\d{2})(?!\\w)`, // 4 March 1985, 4 de julio de 1990, 04 JUL 90, 21 March '84
    `(?<!\\w)(${LEADING_MONTHS})\\.?[ ]+(\\d{1,2})(?:st|nd|rd|th)?,?[ ]+(\\d{4}|${APOSTROPHE}\\d{2})(?!\\w)`, // March 4, 1985, March 4, '85
    `(?<![\\w/.-])(\\d{1,2})([-/])(${MONTHS})\\16(\\d{4}|\\d{2})(?![\\w/-])`, // 04-Jul-1990, 04-Jul-90
    '(?<![\\w/.-])((?:19|20)\\d\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?![\\w/-]|\\.\\d)', // 19900704
    `(?<![\\w/.-])(\\d{1,2})(${MONTHS})(\\d{4}|\\d{2})(?!\\w)`, // 04JUL1990, 04JUL90 (passports, travel and military records)
    // the twenty-first of March 1984, March twenty-first, 1984 (a four-digit year only: `born the second
    // of May 20 years ago`; `the` is left out of the span, so the redacted text reads `born on the [...]`).
    `(?<!\\w)(${ORDINAL_DAY})(?:(?:[ ]+day)?[ ]+of)?[ ]+(${MONTHS})\\.?,?[ ]+(\\d{4})(?!\\w)`,
    `(?<!\\w)(${LEADING_MONTHS})\\.?[ ]+(?:the[ ]+)?(${ORDINAL_DAY}),?[ ]+(\\d{4})(?!\\w)`,
  ].join('|'),
  'gi',
);
/**
 * A month and year without the day (`March 1984`, `Mar. '84`, `03/1984`, `1984-03`): a date of birth only
 * right after a birth label (see BIRTH_LABEL_GAP).
 */
const MONTH_YEAR_RE = new RegExp(
  [
    `(?<!\\w)(${LEADING_MONTHS})\\.?,?[ ]+((?:19|20)\\d\\d|${APOSTROPHE}\\d\\d)(?!\\w)`,
    '(?<![\\w/.-])(0?[1-9]|1[0-2])[-/.]((?:19|20)\\d\\d)(?![\\w/-]|\\.\\d)',
    '(?<![\\w/.-])((?:19|20)\\d\\d)-(0[1-9]|1[0-2])(?![\\w/-]|\\.\\d)',
  ].join('|'),
  'gi',
);
/**
 * What may stand between a birth label and a month and year for the pair to be read as a birth date:
 * a colon or the like, `is`, `was`, `in` (`DOB: 03/1984`, `born in March 1984`, `birth date is
 * 1984-03`). Decided in session 36: a month and year of birth is a quasi-identifier (HIPAA counts any
 * date more specific than the year), while in other prose (`released in March 1984`), or further from
 * the label (`birthday party planned for March 2025`), it is an ordinary date.
 */
const BIRTH_LABEL_GAP = /^[\s:=#,-]*(?:(?:is|was|in)\s+)*$/i;

/**
 * Every DATE_RE match, whatever surrounds it, contains one of these: the numeric layouts hold a digit,
 * a separator, one or two digits and the same separator again before a digit (a month and year, of
 * MONTH_YEAR_RE, a digit, a separator and four digits, or four digits, '-' and two digits; a year after
 * an apostrophe, the apostrophe and two digits); the month layouts hold
 * the month name (ending in a letter), an optional '.' and ',', spaces or a '-' or '/' and a digit;
 * the compact layout eight digits; the glued one (04JUL1990) a digit, three or more letters and a digit.
 * A cheap test on the whole text before any context work (the lookaround-free DATE_RE itself costs more
 * than the work it would save). pii-rivals.ts's dateAt states the same conditions at one digit.
 */
// The month part is written as ' \d' followed by a look-behind, so the scan skips ahead on the digit
// (a leading letter class would be tried at every letter). DATE_RE's `i` flag matches month names
// in ASCII letters only (no non-ASCII character folds to ASCII outside the `u` mode), hence [a-zA-Z].
const DATE_NEED =
  /\d([-/.])\d\d?\1\d|\d[-/.]\d{4}|\d{4}-\d\d|['\u2019]\d\d| \d(?<=[a-zA-Z\u00c0-\u00ff.,] +\d)|[-/]\d(?<=[a-zA-Z\u00c0-\u00ff][-/]\d)|\d{8}|\d[a-zA-Z\u00c0-\u00ff]{3}/;
/**
 * The context tests whose windows() the recognizers below scan on every long text; a detector with
 * several of them primes their anchors in one pass (see AnchorIndex, WINDOWED_CONTEXTS).
 */
export const WINDOW_ANCHORS = anchorIndex();

const DOB_CONTEXT = contextWords(
  [
    'dob',
    'd.o.b.',
    'date of birth',
    'birth date',
    'birthdate',
    'birthday',
    'born',
    'born on',
    'birth',
    'geboren',
    // German CVs and forms abbreviate geboren: "geb. 04.07.1990", "geb. am 4. Juli 1990".
    'geb',
    'geburtsdatum',
    'geburtstag',
    'geboortedatum',
    'födelsedatum',
    'fødselsdato',
    'data urodzenia',
    'né',
    'née',
    'date de naissance',
    'naissance',
    'fecha de nacimiento',
    'nacimiento',
    'nacido',
    'nacida',
    'data di nascita',
    'nascita',
    'data de nascimento',
    'nascimento',
    'nascido',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);
/**
 * A compact date (19900704) is read as a birth date only this close after its birth word ("dob 19900704")
 * and with no other number in between.
 */
const COMPACT_DATE_REACH = 24;

const CAPITAL_MONTH = /^[A-Z]{3}$/;
/** A year as written: two digits are 19xx (a birth date's century), as in 03-04-85, 04JUL90 and '84. */
function fullYear(written: string): number {
  const digits = written.length === 3 ? written.slice(1) : written;
  return digits.length === 2 ? 1900 + +digits : +digits;
}

function monthIndex(name: string): number {
  return MONTH_EXACT.findIndex((re) => re.test(name)) + 1;
}

function plausibleDate(y: number, mo: number, d: number): boolean {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1]!;
}

/** Calendar-valid dates with a birth word earlier in the same clause and no other date in between. */
export const scanDatesOfBirth: Recognizer = (text, out) => {
  if (!DATE_NEED.test(text)) return;
  for (const [from, to] of DOB_CONTEXT.windows(text, CONTEXT_REACH)) scanDatesIn(text, from, to, out);
};

function scanDatesIn(text: string, from: number, to: number, out: TextMatch[]): void {
  let previousDateEnd = from;
  const region = text.slice(from, to);
  DATE_RE.lastIndex = 0;
  for (let m = DATE_RE.exec(region); m !== null; m = DATE_RE.exec(region)) {
    let ok = false;
    if (m[1] !== undefined) ok = plausibleDate(+m[1], +m[3]!, +m[4]!);
    else if (m[5] !== undefined) {
      const yRaw = m[8]!;
      const y = fullYear(yRaw);
      // Day-first or month-first: accept when either reading is a real date.
      ok = plausibleDate(y, +m[7]!, +m[5]) || plausibleDate(y, +m[5], +m[7]!);
    } else if (m[9] !== undefined)
      // A two-digit year after a blank only with the month in three capitals (04 JUL 90, as passports and
      // military records print it): "born 4 May 20 years ago" is no date.
      ok =
        (m[11]!.length !== 2 || CAPITAL_MONTH.test(m[10]!)) &&
        plausibleDate(fullYear(m[11]!), monthIndex(m[10]!), +m[9]);
    else if (m[12] !== undefined) ok = plausibleDate(fullYear(m[14]!), monthIndex(m[12]), +m[13]!);
    else if (m[15] !== undefined) ok = plausibleDate(fullYear(m[18]!), monthIndex(m[17]!), +m[15]);
    else if (m[19] !== undefined) ok = plausibleDate(+m[19], +m[20]!, +m[21]!);
    else if (m[22] !== undefined) {
      const yRaw = m[24]!;
      ok = plausibleDate(fullYear(yRaw), monthIndex(m[23]!), +m[22]);
    } else if (m[25] !== undefined) ok = plausibleDate(+m[27]!, monthIndex(m[26]!), ordinalDay(m[25]));
    else if (m[28] !== undefined) ok = plausibleDate(+m[30]!, monthIndex(m[28]), ordinalDay(m[29]!));
    if (!ok) continue;
    const start = from + m.index;
    const end = start + m[0].length;
    // A year on its own between the birth word and the date answered the birth word ("born in 1985 and
    // joined on 4 July 2010"): the date is another one, as after another date.
    const floor = Math.max(previousDateEnd, lastLoneYearEnd(text, previousDateEnd, start));
    const near =
      m[19] === undefined
        ? DOB_CONTEXT.near(text, start, end, floor)
        : (() => {
            // Close after the birth word with no other number in between ("born 1985, account 20120315").
            const d = DOB_CONTEXT.distance(text, start, previousDateEnd);
            return d >= 0 && d <= COMPACT_DATE_REACH && !/\d/.test(text.slice(start - d, start));
          })();
    if (near) push(out, 'date_of_birth', start, end, 0.85);
    previousDateEnd = end;
  }
  scanMonthYearsIn(text, from, region, out);
}

/**
 * A year written alone (1900-2099, not part of a date, a number or a word: `born in 1985 and`, `born 1985,`).
 * Each stretch between two dates of a window is read once.
 */
const LONE_YEAR = /(?<![\w.,/'\u2019:-])(?:19|20)\d\d(?![\w/:-]|[.,]\d)/g;

/** End of the last lone year in [from, to), or -1. */
function lastLoneYearEnd(text: string, from: number, to: number): number {
  const stretch = text.slice(from, to);
  let end = -1;
  LONE_YEAR.lastIndex = 0;
  for (let m = LONE_YEAR.exec(stretch); m !== null; m = LONE_YEAR.exec(stretch)) end = from + m.index + 4;
  return end;
}

function scanMonthYearsIn(text: string, from: number, region: string, out: TextMatch[]): void {
  MONTH_YEAR_RE.lastIndex = 0;
  for (let m = MONTH_YEAR_RE.exec(region); m !== null; m = MONTH_YEAR_RE.exec(region)) {
    const [y, mo] =
      m[1] !== undefined
        ? [fullYear(m[2]!), monthIndex(m[1])]
        : m[3] !== undefined
          ? [+m[4]!, +m[3]]
          : [+m[5]!, +m[6]!];
    if (!plausibleDate(y, mo, 1)) continue;
    const start = from + m.index;
    const d = DOB_CONTEXT.distance(text, start);
    if (d >= 0 && BIRTH_LABEL_GAP.test(text.slice(start - d, start)))
      push(out, 'date_of_birth', start, start + m[0].length, 0.85);
  }
}

// ---------------------------------------------------------------- context-bound identifiers

interface ContextualSpec {
  type: string;
  pattern: RegExp;
  context: ReturnType<typeof contextWords>;
  /** Score when the context is present. */
  score: number;
  /** A self-describing format reported without context (global regex), and its score. */
  bare?: RegExp;
  bareScore?: number;
  /**
   * Characters of the value that `bare` asserts behind its match instead of matching them: the value
   * starts that many characters before the match (a pattern that starts on its digits skips ahead on
   * them instead of trying every letter of the text).
   */
  bareLead?: number;
  validate?: (value: string) => boolean;
  /**
   * A national layout too plain to take after any of the context words (eleven capitals and digits): read
   * in the same windows, and reported only when `qualified` finds that country's own label in the clause
   * before the value.
   */
  national?: { pattern: RegExp; qualified: (clause: string) => boolean };
  /**
   * A further test of the context, for a type whose bare context words are too common alone (`license`,
   * `dl`): given the clause before the value (and the value, for one that holds its word), true when the
   * context qualifies. Runs only on candidate matches.
   */
  qualified?: (clause: string) => boolean;
}

const BARE_PRECHECK = /[A-Z]\d|\d[A-Z]/;

/** How far after a context word the value may start ("passport number is X12345678"). */
const CONTEXT_REACH = 64;

/** Longest text on which the lookaround-free precheck runs before the context-word search. */
const NEED_TEST_MAX = 1024;

function contextual(spec: ContextualSpec): Recognizer {
  const need = withoutLookarounds(spec.pattern);
  const national = spec.national;
  const nationalNeed = national && withoutLookarounds(national.pattern);
  /** Reports the matches of `pattern` in the window [from, to) whose clause `qualified` accepts. */
  const scanWindow = (
    text: string,
    from: number,
    slice: string,
    pattern: RegExp,
    qualified: ((clause: string) => boolean) | undefined,
    out: TextMatch[],
  ): void => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(slice); m !== null; m = pattern.exec(slice)) {
      const value = m[0];
      if (spec.validate && !spec.validate(value)) continue;
      const start = from + m.index;
      const end = start + value.length;
      if (qualified && !qualified(clauseBefore(text, start, CONTEXT_REACH) + value)) continue;
      if (spec.context.inside(value)) push(out, spec.type, start, end, spec.score + 0.1);
      else {
        // The closer the context word, the higher the score, so "MRN: x / member id y" gives y to
        // insurance_id rather than to the MRN whose word is further away.
        const distance = spec.context.distance(text, start);
        if (distance >= 0) push(out, spec.type, start, end, spec.score + 0.1 * (1 - Math.min(distance, 64) / 64));
      }
    }
  };
  return (text, out) => {
    // On a short text (a rival window) the test is cheaper than the context-word search; on a long
    // one the pattern without its anchors can cost more than the search it would save.
    const windows =
      text.length > NEED_TEST_MAX || need.test(text) || nationalNeed?.test(text) === true
        ? spec.context.windows(text, CONTEXT_REACH)
        : [];
    for (const [from, to] of windows) {
      const slice = text.slice(from, to);
      scanWindow(text, from, slice, spec.pattern, spec.qualified, out);
      // A value the national label qualifies lies within CONTEXT_REACH of it, so in the label's own window
      // (windows are merged): a window without one has nothing for the national layout.
      if (national?.qualified(slice) === true) scanWindow(text, from, slice, national.pattern, national.qualified, out);
    }
    // Both self-describing formats hold a run of at least two digits after letters; a cheap test first.
    if (spec.bare && BARE_PRECHECK.test(text)) {
      const bare = spec.bare;
      bare.lastIndex = 0;
      const lead = spec.bareLead ?? 0;
      for (let m = bare.exec(text); m !== null; m = bare.exec(text)) {
        const start = m.index - lead;
        const end = m.index + m[0].length;
        if (spec.validate && !spec.validate(lead === 0 ? m[0] : text.slice(start, end))) continue;
        push(out, spec.type, start, end, spec.bareScore ?? 0.6);
      }
    }
  };
}

const hasDigit = (v: string): boolean => /\d/.test(v);

const PASSPORT_CONTEXT = contextWords(
  [
    'passport',
    'passport no',
    'passport number',
    'passport#',
    'travel document',
    'reisepass',
    'passeport',
    'pasaporte',
    'passaporte',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);

/** Passport numbers (US/UK/EU/IN layouts) after a passport word. */
export const scanPassports = contextual({
  type: 'passport',
  // US/UK 9 digits (also in threes), SE/FI 8, letter(s) + 6-8 digits (US, IN, many EU; ES three letters,
  // SG/MY a check letter after), FR 2 digits + 2 letters + 5 digits, NL two letters, six letters or digits
  // and a digit (XN1001R58), DE C01X00T47.
  pattern:
    /(?<![\w-])(?:[A-Z]{1,3}\d{6,8}[A-Z]?|\d{8,9}|\d{3} \d{3} \d{3}|\d{2}[A-Z]{2}\d{5}|[A-Z]{2}[A-Z0-9]{6}\d|[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8})(?![\w-])/g,
  context: PASSPORT_CONTEXT,
  score: 0.85,
  validate: (v) => hasDigit(v) && !allSameDigit(digitsOf(v)),
});

/**
 * The German licence words: `Führerschein` (also in `Führerschein-Nr.`, `Führerschein-Nummer`) and the
 * compound `Führerscheinnummer`, with the umlaut written `ue` (as ASCII keyboards and forms do), dropped
 * (as the injection normaliser's accent-folded view reads it, `fuhrerschein`) or decomposed (NFD, a 'u'
 * and a combining diaeresis, as macOS file names and some exports store it). Upper case `FÜHRERSCHEIN` is
 * matched too: the context tests ignore case, and JavaScript folds 'Ü' to 'ü' there.
 */
const GERMAN_LICENSE_WORDS = ['\u00fc', 'ue', 'u', 'u\u0308'].flatMap((umlaut) => [
  `f${umlaut}hrerschein`,
  `f${umlaut}hrerscheinnummer`,
]);
/**
 * The French licence words: `permis de conduire`, and the number's own label, `n° de permis`, `nº du
 * permis`, `no de permis`, `numéro de permis` (a form's field). `permis` alone names building, residence
 * and hunting permits too, so a `permis de construire` / `de séjour` / `d'aménager` label is not one.
 */
const FRENCH_LICENSE_LABEL =
  "permis de conduire|\\bn(?:\u00b0|\u00ba|o\\.?|um[e\u00e9]ro)\\s*(?:d[eu]\\s+)?permis\\b(?!\\s*d(?:e\\b|')(?!\\s*conduire))";

/**
 * A word that names a driving licence itself, in English (`driver's license`, `driving licence`, also as
 * a key, `driverLicense`), German (`Führerschein`, see GERMAN_LICENSE_WORDS) or French (see
 * FRENCH_LICENSE_LABEL). The national layouts (NATIONAL_LICENSE) are read after one of these, whatever its
 * language: a German or French licence is named in English on an English form as often as in its own
 * language. The generic labels (`License no.`, `DL:`) and the US ones (`CDL`, `DMV`, a state) are not
 * enough for them: eleven or twelve capitals and digits are as often a part, order or software licence
 * number, and there the US state layouts apply.
 */
const DRIVING_LICENSE_NAMED = new RegExp(
  `\\bdriv(?:er|ing)['\u2019]?s?['\u2019]?[\\s._-]*licen[cs]e|f(?:\u00fc|ue|u\u0308?)hrerschein|${FRENCH_LICENSE_LABEL}`,
  'i',
);

/**
 * German licence numbers (the EU card layout issued since 1999): eleven capitals and digits, the issuing
 * authority's code (its first character a letter or a digit), a serial of letters and digits, then a check
 * character (a digit or X) and one for how many licences the holder was issued (`B072RRE2I55`, the specimen
 * card's; that last one is taken as a digit or a letter). The check character is not verified: its
 * algorithm is not part of the layout's public description, and a guessed one would drop real numbers. A
 * letter among the first nine is required: eleven digits are the state layouts' `\d{7,13}` already.
 */
const GERMAN_LICENSE = '(?=[A-Z0-9]{0,8}[A-Z])[A-Z0-9]{9}[0-9X][0-9A-Z]';

/**
 * French licence numbers of the card issued since 16 September 2013, which hold letters (the older
 * numbers, twelve digits, are the state layouts' `\d{7,13}`). Sources, from memory, not checked online in
 * this session: the ANTS (Agence nationale des titres sécurisés) describes the number in field 5 of the card
 * as twelve characters, digits and letters; the specimen card prints `13AA00002`, the numbering of France's
 * secure documents (two digits of the year of issue, two letters, five digits; the passports' layout).
 * Where the letters of the twelve sit is not pinned down here, so both are taken: two digits, then ten
 * capitals and digits with a letter among them, or the nine characters of the specimen. Only after a word
 * that names a driving licence (DRIVING_LICENSE_NAMED): a bare digit run is never one.
 */
const FRENCH_LICENSE = '\\d{2}[A-Z]{2}\\d{5}|(?=\\d{2}[A-Z0-9]{0,9}[A-Z])\\d{2}[A-Z0-9]{10}';

/** The German and French layouts, read after DRIVING_LICENSE_NAMED only. */
const NATIONAL_LICENSE = new RegExp(`(?<![\\w-])(?:${GERMAN_LICENSE}|${FRENCH_LICENSE})(?![\\w-])`, 'g');

const LICENSE_CONTEXT = contextWords(
  [
    'driver license',
    "driver's license",
    'drivers license',
    'driving licence',
    'driving license',
    "driver's licence",
    'drivers licence',
    'license number',
    'licence number',
    'license no',
    'dl',
    'dl#',
    'dl no',
    'cdl',
    ...GERMAN_LICENSE_WORDS,
    'permis de conduire',
    // `n° de permis`, `numéro de permis`: FRENCH_LICENSE_LABEL decides whether it names a driving licence.
    'permis',
    'license',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);

/**
 * A bare `license` or `dl` is common in software text ("npm license MIT, build 20240315", "the DL model
 * has 175000000 parameters", "license key 20240315"): a number after one is a driving licence only when
 * the word is a label (`License number`, `license no.`, `license #`, `DL:`, `DL#`, `DL no`), follows a
 * driver word or a US state or its postal code (`California license`, `NY DL`), or the DMV is named; a
 * word that names a driving licence in German or French qualifies too (DRIVING_LICENSE_NAMED).
 * `License:` alone is not a label here: it heads software metadata as often as a form field.
 */
const LICENSE_QUALIFIED =
  /\bdmv\b|\bc?dl\s*(?:[:#]|n(?:o|r|um(?:ber)?)\b)|\bcdl\b|\blicen[cs]e\s*(?:#|n(?:o|r|um(?:ber)?)\b)|\b(?:alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming)(?:'s)?\s+(?:dl|licen[cs]e)\b/i;
/** A US postal code before `DL` or `license`, in capitals (`in license`, `or DL` are no states). */
const STATE_CODE_LICENSE =
  /\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])\s+(?:DL|[Ll]icen[cs]e|LICEN[CS]E)\b/;

/** Driving licence numbers after a licence word; UK DVLA numbers also without one. */
export const scanDriversLicenses = contextual({
  type: 'drivers_license',
  // State formats range from 1 letter + 4..14 digits to 7..13 digits, many printed in groups with one
  // separator throughout (FL F123-456-78-901-0, WI A123-4567-8901-23, NJ A1234 56789 01234, MI A 123 456
  // 789 012, NY 123 456 789): the grouped forms come first, so that a number is not cut at its first
  // group (NJ's 'A1234' was reported and '56789 01234' left). UK DVLA numbers are 16 chars, also printed
  // in three groups (MORGA 753116 SM9IJ).
  pattern:
    /(?<![\w-])(?:[A-Z9]{5}( ?)\d{6}\1[A-Z9]{2}\d[A-Z]{2}|[A-Z]\d{3,4}([- ])\d{2,5}(?:\2\d{1,5}){1,3}|[A-Z] \d{3}(?: \d{3}){2,3}|\d{3}([- ])\d{3}\3\d{3}|[A-Z]{1,2}[- ]?\d{4,14}|\d{7,13}|[A-Z]\d{2}-\d{2}-\d{4})(?![\w-])/g,
  context: LICENSE_CONTEXT,
  score: 0.85,
  // The DVLA layout [A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}, matched from its six digits (see bareLead).
  bare: /\d{6}(?<=(?<![\w-])[A-Z9]{5}\d{6})[A-Z9]{2}\d[A-Z]{2}(?![\w-])/g,
  bareLead: 5,
  bareScore: 0.7,
  validate: (v) => hasDigit(v) && !allSameDigit(digitsOf(v)),
  qualified: (clause) =>
    DRIVING_LICENSE_NAMED.test(clause) || LICENSE_QUALIFIED.test(clause) || STATE_CODE_LICENSE.test(clause),
  national: { pattern: NATIONAL_LICENSE, qualified: (clause) => DRIVING_LICENSE_NAMED.test(clause) },
});

const MRN_CONTEXT = contextWords(
  [
    'mrn',
    'medical record',
    'medical record number',
    'record number',
    'patient id',
    'patient number',
    'chart number',
    'hospital number',
  ],
  40,
  0,
  WINDOW_ANCHORS,
);

/** Medical record numbers after an MRN / medical record word. */
export const scanMrns = contextual({
  type: 'mrn',
  pattern: /(?<![\w-])(?:[A-Z]{1,4}-?)?\d{6,10}(?![\w-])/g,
  context: MRN_CONTEXT,
  score: 0.85,
  validate: (v) => !allSameDigit(digitsOf(v)),
});

const NPI_CONTEXT = contextWords(
  ['npi', 'national provider', 'provider id', 'provider number', 'prescriber'],
  48,
  0,
  WINDOW_ANCHORS,
);

/** US National Provider Identifiers (Luhn with the 80840 prefix) after an NPI word. */
export const scanNpis = contextual({
  type: 'npi',
  pattern: /(?<![\w-])[12]\d{9}(?![\w-])/g,
  context: NPI_CONTEXT,
  score: 0.9,
  validate: (v) => npiValid(v),
});

const INSURANCE_CONTEXT = contextWords(
  [
    'insurance',
    // Also the camelCase keys of JSON records ("insuranceId"), where the word alone is glued to the next.
    'insurance id',
    'insurance number',
    'member id',
    'member number',
    'subscriber id',
    'policy number',
    'policy no',
    'group number',
    'medicare',
    'medicaid',
    'mbi',
    'health plan',
    'insurer',
    'beneficiary',
  ],
  48,
  0,
  WINDOW_ANCHORS,
);

/** Health insurance member ids after an insurance word; Medicare MBIs also without one. */
export const scanInsuranceIds = contextual({
  type: 'insurance_id',
  // Medicare MBI (11 chars, fixed letter/digit positions) or payer member IDs: 1-4 letters + 6-12 digits.
  pattern:
    /(?<![\w-])(?:\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}|[A-Z]{1,4}[- ]?\d{6,12}(?:-\d{2})?|\d{9,12}[A-Z]?)(?![\w-])/g,
  context: INSURANCE_CONTEXT,
  score: 0.85,
  bare: /(?<![\w-])\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w-])/g,
  bareScore: 0.6,
  validate: (v) => !allSameDigit(digitsOf(v)),
});

/** The WINDOW_ANCHORS member each type's recognizer asks for windows on a whole text. */
export const WINDOWED_CONTEXTS: Readonly<Record<string, ContextWords>> = {
  date_of_birth: DOB_CONTEXT,
  passport: PASSPORT_CONTEXT,
  drivers_license: LICENSE_CONTEXT,
  mrn: MRN_CONTEXT,
  npi: NPI_CONTEXT,
  insurance_id: INSURANCE_CONTEXT,
};
