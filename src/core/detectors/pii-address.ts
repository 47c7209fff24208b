/**
 * Street addresses without a gazetteer: the structure of a postal line is distinctive enough -
 * a house number next to a street-type word ("221B Baker Street", "12 rue de la Paix",
 * "Hauptstraße 5", "Via Roma 10"), optionally followed by a unit and a city with a postal code.
 * Patterns use bounded word counts so they stay linear.
 */
import type { TextMatch } from './match.js';
import { contextWords } from './pii-context.js';

const WORD = "\\p{Lu}[\\p{L}'’-]*";
const SUFFIX =
  'Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Court|Ct\\.?|Way|Place|Pl\\.?|Terrace|Parkway|Pkwy\\.?|Circle|Cir\\.?|Highway|Hwy\\.?|Square|Sq\\.?|Trail|Crescent|Close|Grove|Gardens|Row|Mews|Walk|Alley|Plaza|Loop|Pike|Ridges?|Lodge|Crossing|Heights|Landing|Harbor|Harbour|Terrace|Turnpike|Expressway|Freeway|Causeway|Center|Centre|Crest|Creek|Estates?|Junction|Knolls?|Meadows?|Orchard|Springs|Summit|Village|Vista|Hollow|Glen|Cove|Bend|Fork|Path|Parade|Esplanade';
const DIRECTION = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?';
const UNIT =
  '(?:,?\\s(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm)\\.?\\s?#?[A-Za-z0-9-]{1,6}|,?\\s#[A-Za-z0-9-]{1,6})';
const CITY = `${WORD}(?:[ ]${WORD}){0,2}`;
// A state or territory and its postal code: US `CA 94043`, `TX 78701-1234`; Australian `NSW 2000`, `VIC 3000`;
// a Canadian province and its postal code, `QC H3B 1A7`.
const US_TAIL = `(?:,\\s|\\n)${CITY},?\\s(?:[A-Z]{2}\\s\\d{5}(?:-\\d{4})?|[A-Z]{2,3}\\s\\d{4}|[A-Z]{2}\\s[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d)(?!\\d)`;
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}';
// The post town, perhaps the county after it, then the postcode (`Little Whinging, Surrey GU12 4XY`).
const UK_TAIL = `,\\s${CITY}(?:,\\s${CITY})?,?\\s${UK_POSTCODE}`;
const EU_TAIL = `,\\s(?:[A-Z]{1,2}-)?\\d{4,5}\\s${CITY}`;
const TAIL = `(?:${US_TAIL}|${UK_TAIL}|${EU_TAIL})?`;

// A flat or unit written before the house number: `Flat 3, 27 Kingsley Road`, `Apt 4B, 350 Fifth Avenue`,
// and the Australian `Unit 5/22 George St` or `5/22 George St` (unit 5 of number 22).
const LEAD_UNIT =
  '(?:(?:Flat|Apt|Apartment|Unit|Suite|Ste)\\.?\\s#?[A-Za-z0-9]{1,5}(?:,?\\s|/(?=\\d))|\\d{1,4}[A-Za-z]?/(?=\\d))?';
const NUMBER_FIRST = `(?<![\\w-])${LEAD_UNIT}\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s(?:${DIRECTION}\\s)?(?:(?:${WORD}|\\d{1,3}(?:st|nd|rd|th))\\s){1,4}(?:${SUFFIX})(?![\\p{L}])(?:\\s(?:NE|NW|SE|SW|N|S|E|W)\\.?(?![\\p{L}]))?${UNIT}?${TAIL}`;
// The street word in lower case, as France writes it, or capitalised, as Québec and Belgium do
// (`455 Rue Sainte-Catherine Ouest`): only the words that seldom start an English phrase after a number.
const FRENCH_STREET =
  '(?:rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|cours|route|Rue|Boulevard|Chemin|Allée|Impasse|Quai)';
const FRENCH = `(?<![\\w-])\\d{1,5}(?:\\s?(?:bis|ter))?,?\\s${FRENCH_STREET}\\s(?:(?:de|du|des|la|le|d'|l')\\s?){0,2}${WORD}(?:[ -]${WORD}){0,3}${TAIL}`;
export const GERMANIC = `(?<![\\p{L}\\d-])(?:\\p{Lu}\\p{Ll}+-){0,3}(?:\\p{Lu}\\p{Ll}*(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|laan|straat|gracht|gatan|vägen|vej|gade)|Straße|Strasse|Allee|Platz|Weg|Gasse|Ring|Damm)\\s\\d{1,4}[a-z]?${TAIL}`;
const ROMANCE = `(?<![\\p{L}\\d])(?:Calle|Via|Viale|Piazza|Corso|Avenida|Av\\.|Rua|Carrer|Plaza|Paseo|Largo)\\s(?:(?:de|del|della|di|da|do|dos|la)\\s){0,2}${WORD}(?:\\s${WORD}){0,3},?\\s\\d{1,4}[A-Za-z]?${TAIL}`;

const GERMANIC_SUFFIX =
  /(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|laan|straat|gracht|gatan|vägen|vej|gade)$/i;
const SPACE_DIGIT = /\s\d/g;
const GERMANIC_AT = new RegExp(GERMANIC, 'uy');
const LETTER = /\p{L}/u;

/**
 * How many UTF-16 units before `end` hold a letter or '-' (the characters of a hyphenated street name):
 * 1 or 2 (a letter outside the BMP), 0 for none.
 */
function nameCharBefore(text: string, end: number): number {
  const c = text.charCodeAt(end - 1);
  if (c < 128) return c === 45 || ((c | 32) >= 97 && (c | 32) <= 122) ? 1 : 0;
  if (c >= 0xdc00 && c <= 0xdfff && end >= 2) return LETTER.test(text.slice(end - 2, end)) ? 2 : 0;
  return LETTER.test(text[end - 1]!) ? 1 : 0;
}

/**
 * A post office box and its number, with the city and postal code when present (`PO Box 1234, Austin, TX
 * 78701`, `P.O. Box 567`, `Post Office Box 12`): a mailing address as much as a street line.
 */
const POST_BOX = `(?:[Pp]\\.?\\s?[Oo]\\.?\\s?|Post Office |POST OFFICE )(?:Box|BOX|box)\\s\\d{1,8}(?!\\d)${TAIL}`;
const POST_BOX_AT = new RegExp(POST_BOX, 'uy');
/** The words before the blank of a POST_BOX, where its match starts (`Post Office Box` is 15 characters). */
const POST_BOX_BEFORE = /(?<![\p{L}\d.-])(?:[Pp]\.?\s?[Oo]\.?\s?|Post Office |POST OFFICE )(?:Box|BOX|box)$/u;

/**
 * The GERMANIC matches alone (blankDigitMatches without post office boxes): what a test holds to the
 * layout's reference, GERMANIC's global scan, which has no post office boxes.
 */
export const germanicMatches = (text: string): Generator<RegExpExecArray> => blankDigitMatches(text, false);

/**
 * The GERMANIC matches, in the order and with the spans its global scan gives, tried only where they can
 * start; with `postBoxes`, the POST_BOX matches too, found from the same blanks. A match is a name of
 * letters and hyphens (perhaps ending in `str.`) that ends in a street word, a blank and a digit, and its
 * look-behind admits no letter, digit or '-' before it: so it starts at the first character of the run of
 * letters and hyphens before such a blank. The global pattern instead
 * tries every capital of the text, 30 ms a megabyte once one "<word>ring 2" passes the precheck.
 */
function* blankDigitMatches(text: string, postBoxes: boolean): Generator<RegExpExecArray> {
  let floor = 0;
  SPACE_DIGIT.lastIndex = 0;
  for (let m = SPACE_DIGIT.exec(text); m !== null; m = SPACE_DIGIT.exec(text)) {
    const blank = m.index;
    // `Box 1234`: one character test before the words.
    if (postBoxes && blank > 0 && (text.charCodeAt(blank - 1) | 32) === 120) {
      const before = POST_BOX_BEFORE.exec(text.slice(Math.max(0, blank - 16), blank));
      const start = before === null ? -1 : blank - before[0].length;
      if (start >= floor) {
        POST_BOX_AT.lastIndex = start;
        const found = POST_BOX_AT.exec(text);
        if (found !== null) {
          floor = found.index + found[0].length;
          SPACE_DIGIT.lastIndex = Math.max(SPACE_DIGIT.lastIndex, floor);
          yield found;
          continue;
        }
      }
    }
    if (!GERMANIC_SUFFIX.test(text.slice(Math.max(0, blank - 12), blank))) continue;
    let start = text[blank - 1] === '.' ? blank - 1 : blank;
    for (let n = start > 0 ? nameCharBefore(text, start) : 0; n > 0; n = start > 0 ? nameCharBefore(text, start) : 0)
      start -= n;
    if (start < floor) continue;
    GERMANIC_AT.lastIndex = start;
    const found = GERMANIC_AT.exec(text);
    if (found === null) continue;
    floor = found.index + found[0].length;
    SPACE_DIGIT.lastIndex = Math.max(SPACE_DIGIT.lastIndex, floor);
    yield found;
  }
}

// Each layout has a cheap pre-check on the words it cannot do without, so prose without street words
// costs one scan per check instead of a full pattern attempt at every capitalised word.
const globalMatches = (pattern: RegExp) => (text: string) => text.matchAll(pattern);
const LAYOUTS: ReadonlyArray<{
  matches: (text: string) => Iterable<RegExpMatchArray>;
  precheck: { test(text: string): boolean };
}> = [
  {
    matches: globalMatches(new RegExp(NUMBER_FIRST, 'gu')),
    precheck: new RegExp(`\\d[A-Za-z]?\\s.{0,60}?(?:${SUFFIX})(?![\\p{L}])`, 'u'),
  },
  {
    matches: globalMatches(new RegExp(FRENCH, 'gu')),
    precheck: new RegExp(`\\d,?\\s${FRENCH_STREET}\\s`),
  },
  // Found from the blanks before digits, the scan its precheck made; post office boxes too.
  { matches: (text) => blankDigitMatches(text, true), precheck: { test: () => true } },
  {
    matches: globalMatches(new RegExp(ROMANCE, 'gu')),
    precheck: /(?:Calle|Via|Viale|Piazza|Corso|Avenida|Av\.|Rua|Carrer|Plaza|Paseo|Largo)\s/,
  },
];
const ADDRESS_CONTEXT = contextWords(
  [
    'address',
    'addr',
    'live at',
    'lives at',
    'living at',
    'reside',
    'resides',
    'residence',
    'ship to',
    'shipping',
    'mailing',
    'deliver to',
    'located at',
    'home',
    'adresse',
    'anschrift',
    'dirección',
    'indirizzo',
    'endereço',
  ],
  40,
);

/** Finds street addresses; the span covers the street line plus unit, city and postal code when present. */
export function scanAddresses(text: string, out: TextMatch[]): void {
  for (const { matches, precheck } of LAYOUTS) {
    if (!precheck.test(text)) continue;
    scanLayout(text, matches(text), out);
  }
}

/** A copyright mark right before a match: its number is the year of a notice, not a house number. */
const COPYRIGHT_BEFORE = /(?:copyright|\(c\)|©)[ \t]*$/i;
const YEAR_FIRST = /^(?:19|20)\d\d(?:[-–]\d{2,4})?\s/;

function scanLayout(text: string, matches: Iterable<RegExpMatchArray>, out: TextMatch[]): void {
  for (const m of matches) {
    const start = m.index!;
    let end = start + m[0].length;
    // "Copyright 2011 Mark Lane", "(c) 2019 Sarah Way": a year and a person whose name ends in a street word.
    if (YEAR_FIRST.test(m[0]) && COPYRIGHT_BEFORE.test(text.slice(Math.max(0, start - 24), start))) continue;
    // A period that ends the sentence is punctuation, even after an abbreviation ("12 Elm Rd.").
    if (m[0].endsWith('.') && (end === text.length || /^\s*(?:$|[\p{Lu}"'(])/u.test(text.slice(end, end + 3))))
      end -= 1;
    const hasTail =
      /\d{4,5}(?:-\d{4})?$|\d[A-Z]{2}$|[A-Z]\d[A-Z]\s?\d[A-Z]\d$|\p{Lu}[\p{L}'’-]*$/u.test(m[0]) && /,/.test(m[0]);
    const base = hasTail ? 0.85 : 0.7;
    const score = ADDRESS_CONTEXT.near(text, start, end) ? base + 0.14 : base;
    out.push({ type: 'street_address', start, end, score, detector: 'pii' });
  }
}
