/**
 * Phone numbers: international E.164 (`+` or `00` prefix) and the common national layouts (NANP
 * US/CA, UK, DE, FR, IN, BR and other trunk-0 plans). A hand-written scanner collects runs of digits
 * and separators in one linear pass; each run is split into digit groups and the longest window of
 * groups that fits a known numbering layout is reported. Dates, SSNs, IPs, card numbers and version
 * strings do not fit these layouts, which is what keeps precision up without a phone database.
 */
import type { TextMatch } from './match.js';
import { cellHeader } from './pii-columns.js';
import { clauseBefore, contextWords, extensionAt, isAlnumCode, isDigitCode } from './pii-context.js';

/** How far before a number its context words are looked for (phone and identifier words alike). */
const CONTEXT_BEFORE = 40;

/**
 * Longest first: the first alternative of a context pattern that matches at an offset is its match, so a
 * phrase ("caller id", "phone number", "order no") is matched whole rather than its first word alone.
 */
function longestFirst(words: readonly string[]): string[] {
  return [...words].sort((a, b) => b.length - a.length);
}

const PHONE_CONTEXT = contextWords(
  longestFirst([
    'phone',
    'phones',
    // The compounds also match the camelCase keys of JSON records and tool arguments ("phoneNumber",
    // "mobileNo"), where the word alone is glued to the next one.
    'phone number',
    'phone numbers',
    'phone no',
    'mobile number',
    'mobile no',
    'cell number',
    'telephone number',
    'contact number',
    'fax number',
    'tel',
    'telephone',
    'mobile',
    'cell',
    'cellphone',
    'call',
    'calling',
    'caller',
    'caller id',
    'callback',
    'fax',
    'whatsapp',
    'sms',
    'text',
    'contact',
    'reach',
    'dial',
    'ring',
    'number',
    'no',
    'landline',
    'hotline',
    'helpline',
    // Abbreviations of signatures and forms ("Ph: ...", "Mob. ...") and the Brazilian "fone".
    'ph',
    'mob',
    'fone',
    'telefon',
    'téléphone',
    'portable',
    'celular',
    'handy',
    // The phone words of forms and signatures in other European languages (session 30): Spanish,
    // Portuguese, Italian, French, German, Dutch and Scandinavian. The forms that need a word (a bare
    // number, a national number of nine digits) were missed after them.
    'teléfono',
    'telefono',
    'tfno',
    'móvil',
    'movil',
    'telefone',
    'telemóvel',
    'telemovel',
    'cellulare',
    'tél',
    'telefonnummer',
    'handynummer',
    'mobilnummer',
    'rufnummer',
    'mobil',
    'telefoon',
    'telefoonnummer',
    'mobiel',
    'gsm',
    'tlf',
    // Written without spaces around them in Chinese and Japanese, and in Cyrillic.
    '电话',
    '手机',
    '電話',
    '携帯',
    'телефон',
    'тел',
  ]),
  CONTEXT_BEFORE,
);

/** Country calling codes with a fixed national significant number length (digits after the code). */
export const FIXED_NSN: Readonly<Record<string, readonly number[]>> = {
  '1': [10],
  '44': [9, 10],
  '33': [9],
  '91': [10],
  '55': [10, 11],
  '34': [9],
  '39': [6, 7, 8, 9, 10, 11],
  '31': [9],
  '32': [8, 9],
  '41': [9],
  '43': [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  '45': [8],
  '46': [7, 8, 9],
  '47': [8],
  '48': [9],
  '351': [9],
  '353': [7, 8, 9],
  '61': [9],
  '64': [8, 9, 10],
  '81': [9, 10],
  '82': [8, 9, 10],
  '86': [10, 11],
  '52': [10],
  '54': [10, 11],
  '27': [9],
  '7': [10],
  '65': [8],
  '49': [6, 7, 8, 9, 10, 11, 12, 13],
  '971': [8, 9],
  '972': [8, 9],
  '966': [9],
  '90': [10],
  '62': [8, 9, 10, 11, 12],
  '63': [9, 10],
  '66': [8, 9],
  '84': [9, 10],
  '20': [9, 10],
  '234': [8, 10],
  '254': [9],
  '92': [9, 10],
};

const ID_CONTEXT = contextWords(
  longestFirst([
    'id',
    'meeting id',
    'order',
    'order no',
    'invoice',
    'ticket',
    'serial',
    'ref',
    'reference',
    'tracking',
    'account',
    'account number',
    'isbn',
    'sku',
    'part',
    'case',
    'claim',
    'policy',
    'passcode',
    'pin',
    'code',
    'po',
  ]),
  CONTEXT_BEFORE,
);

/** The phone words that also follow an identifier word ("order no", "case number", "invoice No."). */
const SHARED_PHONE_WORD = /^[^a-z0-9]?(?:no|number)(?![a-z0-9])/i;
/** Separators an identifier word and the shared phone word after it may have between them (as contextWords). */
const PHRASE_GAP = 3;

/**
 * What the words of the clause before a number make of its layout score: a phone word raises it, and an
 * identifier word lowers it where it outweighs the phone words: the identifier word is nearer, or the
 * nearest phone word is 'no' / 'number' right after an identifier word, so that the two make one
 * identifier phrase ("order no 4155550134", "case number 0312345678"). Such a 'no' is the identifier's
 * and raises nothing: "Part no. 020-7946-0958" scores as "part 020-7946-0958" does (it was raised and
 * lowered, and a number with a valid layout stayed a phone). Phrases of the phone list that end with an
 * identifier word ("caller id") are phone words (matched longest first).
 */
function clauseScore(score: number, clause: string, phoneDistance: number, idDistance: number): number {
  const raised = phoneDistance >= 0 ? Math.min(0.99, score + 0.25) : score;
  if (idDistance < 0) return raised;
  if (phoneDistance < 0 || idDistance < phoneDistance) return raised - 0.3;
  const phoneStart = PHONE_CONTEXT.lastStartIn(clause);
  if (!SHARED_PHONE_WORD.test(clause.slice(phoneStart))) return raised;
  const gap = ID_CONTEXT.distanceIn(clause.slice(0, phoneStart + 1));
  return gap >= 0 && gap <= PHRASE_GAP ? score - 0.3 : raised;
}

/**
 * Quantities (decided in session 37). Counts and sizes are printed in groups of digits set off by blanks
 * (the SI and ISO 80000 digit grouping; French typography puts a narrow no-break space there), so a
 * number written that way is as often a quantity as a phone number: `Total: 415 555 0132 tokens` is a
 * count. A window reads as one when it is written as a count can be (writtenAsCount: blanks between its
 * groups, no '+', "00", parentheses or leading 0, which no count has) and the words around it make it one:
 * a counting noun or a unit right after it (`tokens`, `rows`, `requests`, `bytes`, `ms`, `seconds`), or a
 * quantity label right before it (`Total:`, `Count`, `Size:`, `Sum =`, `Number of users:`, `token_count:`).
 * That reading weighs as an identifier word does (clauseScore): it takes 0.3 off the layout's score, so
 * with no phone word in the clause a number is no longer reported, and a phone word in the clause still
 * raises it, so `call 415 555 0132 tokens` stays a phone. The phone words inside a quantity label (the
 * `number` of `number of users`) are the label's and raise nothing. A number written with dashes, dots or
 * parentheses (`Total: 415-555-0132`) is not how a count is written, and what follows a phone number in
 * prose (`call me at 415 555 0132 tomorrow`, `415 555 0132 (mobile)`) is no counting noun. The nouns are
 * plurals and unit symbols only: a count before a noun is more than one, while a singular or a word such
 * as `lines`, `hours` or `unit` follows phone numbers in signatures and notices ("lines open 9-5").
 */
const COUNT_NOUNS =
  'tokens|bytes|bits|characters|chars|words|rows|records|entries|items|events|requests|queries|users|customers|people|sessions|files|documents|pages|packets|samples|parameters|params|iterations|epochs|transactions|views|visits|hits|clicks|downloads|impressions|milliseconds|ms|µs|ns|seconds|secs|minutes|mins|kb|mb|gb|tb|kib|mib|gib|tib';
/** The singular and plural nouns a quantity label names (`token count`, `total rows`, `count of records`). */
const LABEL_NOUNS =
  '(?:token|byte|bit|character|char|word|row|record|item|event|request|user|customer|session|file|document|page|packet|sample|parameter|param|iteration|epoch|transaction|view|visit|hit|click|download|impression)s?|entry|entries|query|queries|people';
/** A counting noun after one to three blanks, at the end of a number (sticky at the number's end). */
const COUNT_NOUN_AFTER = new RegExp(`[ \\t\\u00a0\\u202f]{1,3}(?:${COUNT_NOUNS})(?![\\p{L}\\p{N}_])`, 'iuy');
/**
 * A quantity label ending a clause: a quantity word, perhaps with the noun it counts (`Total tokens`,
 * `count of rows`, `total number of users`), `number of` and a noun, or a noun and a quantity word
 * (`token count`, `row_count`, `requestCount`), then only quotes, blanks, ':' or '='. `max` and `min` are
 * not among the words: they are names too ("Max: 415 555 0132").
 */
const QUANTITY_LABEL = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:grand[\\s_-]*)?(?:sub)?total|count|sum|size|amount|quantity|qty|average|avg)(?:[\\s_-]*(?:number[\\s_-]+)?(?:of[\\s_-]+)?(?:${LABEL_NOUNS}))?(?:[\\s_-]+of)?[\\s"':=]*$|(?<![\\p{L}\\p{N}])(?:number[\\s_-]+of[\\s_-]+(?:${LABEL_NOUNS})|(?:${LABEL_NOUNS})[\\s_-]*(?:count|total|sum|size))[\\s"':=]*$`,
  'iu',
);

/**
 * Whether the window groups[s, s + len) is written as a count can be: blanks between its groups (or one
 * group), and no '+' (checked by the caller), parentheses or leading 0 (a trunk prefix or "00").
 */
function writtenAsCount(run: Run, s: number, len: number): boolean {
  const first = run.groups[s]!;
  if (first.parens || first.digits.charCodeAt(0) === 48) return false;
  for (let k = s; k < s + len - 1; k++) {
    const sep = run.seps[k]!;
    for (let i = 0; i < sep.length; i++) if (!isSpaceCode(sep.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * The score of a number written as a count (writtenAsCount) that ends at `end`, read as a quantity (see
 * COUNT_NOUNS): its layout score less 0.3, raised first by a phone word in the clause before a quantity
 * label (or in the whole clause, when a counting noun alone makes it one); Infinity when nothing makes it one.
 */
function quantityScore(text: string, end: number, score: number, clause: string, phoneDistance: number): number {
  const label = QUANTITY_LABEL.exec(clause);
  COUNT_NOUN_AFTER.lastIndex = end;
  if (label === null && !COUNT_NOUN_AFTER.test(text)) return Infinity;
  const phoneWord = label === null ? phoneDistance >= 0 : PHONE_CONTEXT.distanceIn(clause.slice(0, label.index)) >= 0;
  return (phoneWord ? Math.min(0.99, score + 0.25) : score) - 0.3;
}

/** A group of digits of a run, with its absolute offsets. */
interface PhoneGroup {
  digits: string;
  parens: boolean;
}
interface RunGroup extends PhoneGroup {
  start: number;
  end: number;
}

interface Run {
  start: number;
  groups: RunGroup[];
  /** Separator text between group i and i+1 (after a trailing group was dropped, one more). */
  seps: string[];
  plus: boolean;
  /** Where the scan for the next candidate resumes. */
  next: number;
  /** The 40-character limit cut the run where the text goes on with another group. */
  cut?: boolean;
}

/**
 * Candidate runs: an optional '+' or '(' and at least 8 digits/separators ending in a digit. The regex
 * only locates them (natively, fast); readRun() then splits the run into groups. A '+' may also follow
 * an abbreviation's '.' (`Tel.+49 30 12345678`, `Ph.+1 415 555 0132`, as signatures write it); a digit
 * after a '.' stays the rest of a dotted number.
 */
const CANDIDATE_RE = /(?:(?<![\w+./$#-])|(?<=[A-Za-z]\.)(?=\+))[+(]?\d[\d ()./\u00a0\u202f-]{6,38}\d/g;

/**
 * Scans `text` (or its region [from, to): candidates are located in the region, runs are read and
 * scored on the whole text) for phone numbers. Every character a candidate or a run consumes is a
 * digit, '+', '(' or a separator, so a region that spans a whole run of those characters plus one
 * neighbour on each side sees the same candidates as the whole text.
 */
export function scanPhones(text: string, out: TextMatch[], from = 0, to = text.length): void {
  const whole = from === 0 && to === text.length;
  if (!whole && !phonePossibleIn(text, from, to)) return;
  const re = CANDIDATE_RE;
  const region = whole ? text : text.slice(from, to);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(region)) !== null) {
    const at = from + m.index;
    const run = readRun(text, at);
    if (run.groups.length > 0) evaluateRun(text, run, out);
    re.lastIndex = Math.max(run.next, at + 1) - from;
  }
}

/**
 * Whether the region [from, to) can hold a phone number: a run readRun reads there has at least 8 digits
 * and a leading '+', or 9 (evaluateRun's first test). readRun passes the gap after a group (which starts
 * at the group's end) only over '(' and separators less than three characters from its start, and reads
 * no '+' after the first character; it starts at a CANDIDATE_RE match, whose first digit begins a group
 * not preceded by a character of the look-behind set (or by a '+' that is not). So its digits are at
 * most those from the first such group of a chain of groups joined by passable gaps to the chain's end.
 * One walk over the region instead of the candidate regex, a slice and the run reader's groups: most
 * numeric regions of documents (versions and dates "v0.15.0) (2024-09-09)", sizes "0.6.1   13569984",
 * ids glued to letters or after '/') hold no such chain.
 */
function phonePossibleIn(text: string, from: number, to: number): boolean {
  let best = 0;
  // Digits of the current chain from its first group a candidate may start at (-1: none yet).
  let chain = -1;
  let plus = false;
  // End of the last group read (-1: none yet), and whether the gap after it can still be passed.
  let groupEnd = -1;
  let passable = true;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      if (groupEnd !== i) {
        // A group starts here: it continues the chain when the gap before it was passable.
        if (groupEnd >= 0 && !passable) {
          if (chain > best) best = chain;
          chain = -1;
        }
        if (chain < 0 && candidateMayStartAt(text, i)) chain = 0;
        passable = true;
      }
      // Enough already (a '+' seen later would not change the answer): the usual case of a real number.
      if (chain >= 0 && ++chain >= (plus ? 8 : 9)) return true;
      groupEnd = i + 1;
      continue;
    }
    if (c === 43) plus = true;
    if (groupEnd >= 0 && passable && c !== 40 && !(isSeparatorCode(c) && i - groupEnd < 3)) passable = false;
  }
  if (chain > best) best = chain;
  return best >= (plus ? 8 : 9);
}

/** CANDIDATE_RE's look-behind set [\w+./$#-] (ASCII letters, digits and '_', '+', '.', '/', '$', '#', '-'). */
function blocksCandidate(c: number): boolean {
  return isAlnumCode(c) || c === 95 || c === 43 || c === 46 || c === 47 || c === 36 || c === 35 || c === 45;
}

/** Whether a CANDIDATE_RE match may have its first digit at i (a group's first digit), '+' or '(' before it or not. */
function candidateMayStartAt(text: string, i: number): boolean {
  if (i === 0 || !blocksCandidate(text.charCodeAt(i - 1))) return true;
  // '(' is not in the set; a '+' prefix may start the match when what precedes it does not block, or
  // is a '.' after a letter.
  if (text.charCodeAt(i - 1) !== 43) return false;
  if (i === 1 || !blocksCandidate(text.charCodeAt(i - 2))) return true;
  return i >= 3 && text.charCodeAt(i - 2) === 46 && isAsciiLetterCode(text.charCodeAt(i - 3));
}

function isAsciiLetterCode(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/**
 * Separator characters a run may hold between groups: space, '-', '.', '/', ')' and the no-break spaces
 * U+00A0 and U+202F (the narrow one French typography sets between the pairs of a number, as cards and
 * SSNs accept it).
 */
function isSeparatorCode(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47 || c === 41 || c === 0xa0 || c === 0x202f;
}

/** The most characters readRun reads from a candidate's start. */
const RUN_LIMIT = 40;
/**
 * The most characters a number read from a cut run's groups may take before the cut (a number of 15
 * digits with a separator between every two, or `+44 (0)20 7946 0958` and what precedes it): less than
 * RUN_LIMIT, so the scan moves on.
 */
const NUMBER_REACH = 24;

/**
 * Splits the run at `from` into digit groups and the separators between them: at most 40 characters
 * (a group that starts inside them is read to its end), a separator of at most three characters
 * (opening parentheses do not count against that), a ')' right after a group closes it.
 */
function readRun(text: string, from: number): Run {
  const run: Run = { start: from, groups: [], seps: [], plus: false, next: from + 1 };
  let i = from;
  if (text.charCodeAt(i) === 43) {
    run.plus = true;
    i++;
  }
  // The separator being read is text[sepStart, i): every character read between two groups is kept.
  let sepStart = i;
  // A '(' the candidate could not start at ("/(555) 123-4567": CANDIDATE_RE's look-behind) still opens
  // the first group, so the number is reported with it; after a letter or '+' it stays outside, as before.
  let openParen =
    from > 0 &&
    text.charCodeAt(from - 1) === 40 &&
    (from === 1 || (!isAlnumCode(text.charCodeAt(from - 2)) && text.charCodeAt(from - 2) !== 43));
  const limit = Math.min(text.length, from + RUN_LIMIT);
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      let j = i;
      while (j < text.length && isDigitCode(text.charCodeAt(j))) j++;
      const closes = text.charCodeAt(j) === 41;
      if (run.groups.length > 0) run.seps.push(text.slice(sepStart, i));
      run.groups.push({ digits: text.slice(i, j), start: i, end: j, parens: openParen && closes });
      openParen = false;
      sepStart = j;
      i = closes ? j + 1 : j;
      continue;
    }
    if (c === 40) {
      openParen = true;
      i++;
      continue;
    }
    if (isSeparatorCode(c) && i - sepStart < 3) {
      i++;
      continue;
    }
    break;
  }
  // Cut by the 40-character limit where the text goes on with another group ("...001-01" of "001-01-0001"):
  // the separator it goes on with is kept as one more (as for a dropped trailing group), so that a window
  // ending at the cut is not taken for the end of a number (the phone read out of two SSNs after a card).
  const tail = run.groups[run.groups.length - 1];
  if (i >= limit && tail !== undefined && sepStart === tail.end) {
    let k = tail.end;
    while (k < text.length && k - tail.end < 3 && isSeparatorCode(text.charCodeAt(k))) k++;
    if (k > tail.end && k < text.length && isDigitCode(text.charCodeAt(k))) {
      run.seps.push(text.slice(tail.end, k));
      run.cut = true;
    }
  }
  // An extension ("x1234", "ext. 12") ends the number; any other letter or digit glued to the end
  // means this was part of a larger token.
  const last = run.groups[run.groups.length - 1];
  if (last && last.end < text.length && isAlnumCode(text.charCodeAt(last.end)) && extensionAt(text, last.end) === 0)
    run.groups.pop();
  run.next = Math.max(i, from + 1);
  return run;
}

function evaluateRun(text: string, run: Run, out: TextMatch[]): void {
  const g = run.groups;
  let total = 0;
  for (const x of g) total += x.digits.length;
  // The shortest layouts are 8 digits after '+' and 9 national digits (with context).
  if (total < (run.plus ? 8 : 9)) return;
  const prefix = [0];
  // Single-digit groups before each index: layoutScore's national layouts (no '+', no "00" prefix) need
  // every group after a window's first to have two digits or more, so such windows are passed here
  // without their separator and layout checks (layoutScore would answer null).
  const singles = [0];
  for (const x of g) {
    prefix.push(prefix[prefix.length - 1]! + x.digits.length);
    singles.push(singles[singles.length - 1]! + (x.digits.length === 1 ? 1 : 0));
  }
  // A ')' in a separator that closes no group (strayParen): rare, so most runs skip the test per window.
  let strays = false;
  for (let k = 0; k < run.seps.length && !strays; k++) strays = !g[k]!.parens && run.seps[k]!.includes(')');
  const seen: RunView = { text, run, prefix, singles, keys: null, strays };
  // A run can hold several numbers ("Phone / Fax: 415-555-0132 415-555-0199", a column of numbers
  // pasted into one line): after a number is taken, the groups on either side of it are read again as
  // runs of their own, so the numbers after the first are not left unredacted. [lo, hi) pairs.
  const ranges = [0, g.length];
  // Groups up to here are in numbers taken (or before them).
  let takenEnd = 0;
  while (ranges.length > 0) {
    const hi = ranges.pop()!;
    const lo = ranges.pop()!;
    if (prefix[hi]! - prefix[lo]! < (run.plus && lo === 0 ? 8 : 9)) continue;
    const taken = takeWindow(seen, lo, hi, out);
    if (taken === STOP) return;
    if (taken < 0) continue;
    const s = taken & 0xff;
    const end = s + (taken >> 8);
    if (end > takenEnd) takenEnd = end;
    ranges.push(end, hi, lo, s);
  }
  // A run the length limit cut: the scan resumes at its first group after the numbers taken (its last
  // group when none was taken), so a number that goes on past the cut is read whole from its start (the
  // fourth of "415-555-0132 415-555-0199 415-555-0188 415-555-0177" was left unredacted). When the numbers
  // taken reach the cut, after it, as before: their groups are not read again.
  // When none was taken, the number may have begun before the last group ("10.0.0.1 4111 1111 1111 1111
  // (212) 555-0199": the cut fell after "555", and resuming there left "(212) 555-0199" unread): the scan
  // resumes at the first group within NUMBER_REACH characters of the cut, past the run's first group.
  if (run.cut === true && takenEnd < g.length) {
    let k = takenEnd;
    if (k === 0) {
      const cutAt = run.start + RUN_LIMIT;
      k = g.length - 1;
      while (k > 1 && g[k - 1]!.start >= cutAt - NUMBER_REACH) k--;
    }
    const resume = g[k]!.start;
    if (resume > run.start) run.next = resume;
  }
}

/** A run and what evaluateRun works out once for it. */
interface RunView {
  text: string;
  run: Run;
  /** Digits before each group (prefix sums), and single-digit groups before each group. */
  prefix: number[];
  singles: number[];
  /** The separators as setOff() compares them, made on the first window that needs them. */
  keys: string[] | null;
  /** Whether a separator holds a ')' that closes no group (see strayParen). */
  strays: boolean;
}

/** The last column header read as a number's context, and its phone and identifier word distances. */
let headerRead = '';
let headerPhone = -1;
let headerId = -1;

/** Reads the header of the table column at `start` into headerRead and its distances; false when none. */
function readHeader(text: string, start: number, end: number): boolean {
  const header = cellHeader(text, start, end);
  if (header === null) return false;
  if (header !== headerRead) {
    headerRead = header;
    headerPhone = PHONE_CONTEXT.distanceIn(header);
    headerId = ID_CONTEXT.distanceIn(header);
  }
  return true;
}

/** takeWindow's answer when the run is a byte dump: nothing in it is a phone. */
const STOP = -2;

/**
 * The longest window of groups in [lo, hi) that is a phone: reported (unless an identifier word
 * outweighs it) and returned as `s | len << 8`; -1 when there is none, STOP for a byte dump. Groups
 * outside [lo, hi) belong to numbers already taken, which set the window off on that side.
 */
function takeWindow(view: RunView, lo: number, hi: number, out: TextMatch[]): number {
  const { text, run, prefix, singles } = view;
  const g = run.groups;
  // setOff's unitBeside answers, which depend on a window's start (left side) or end (right side) and
  // not on its length: worked out once per side for the windows of [lo, hi), not once per window.
  let sides: Int8Array | null = null;
  // Longest window first; windows that keep the leading '+' are tried before the ones that drop it.
  for (let len = Math.min(hi - lo, 8); len >= 1; len--) {
    for (let s = lo; s + len <= hi; s++) {
      const windowDigits = prefix[s + len]! - prefix[s]!;
      if (windowDigits < 8 || windowDigits > 15) continue;
      const plus = run.plus && s === 0;
      // A group of one digit is a count or a list item, not part of a number, unless it follows the
      // international prefix or a country code ("0033 1 ...", "33 1 42 68 53 00": see bareCountryScore).
      if (
        !plus &&
        len > 1 &&
        singles[s + len]! > singles[s + 1]! &&
        !hasLeading00(g[s]!.digits) &&
        !(len > 2 && singles[s + len] === singles[s + 2] && FIXED_NSN[g[s]!.digits] !== undefined)
      )
        continue;
      // A sub-window of a longer digit blob counts only when the dropped neighbours are set off from it
      // ("415-555-0132 2"), not when they continue the same grouping (IBANs).
      // Nor does one start or end inside a token glued by a bare '-' or '.': the serial of an SSN is not
      // the start of a number ("001-01-0067 (212) 555-0199" gave "0067 (212) 555", leaving "-0199").
      if (s > 0 && glued(run.seps[s - 1]!)) continue;
      if (s + len - 1 < run.seps.length && glued(run.seps[s + len - 1]!)) continue;
      // An area code in parentheses opens a number, it never ends one ("002-01-0001 (212) 555-0199" gave
      // "002-01-0001 (212", leaving ") 555-0199").
      if (len > 1 && g[s + len - 1]!.parens) continue;
      // A ')' that closes no group of the window closes a parenthesis opened before it: what the window
      // would join across it are two things ("... 0130 00) 415-555-0132", an IBAN's end and a phone).
      if (view.strays && strayParen(run, s, len)) continue;
      if (len < hi - lo && !setOff(view, lo, hi, s, len, (sides ??= new Int8Array(2 * g.length + 2)))) continue;
      const score = layoutScore(g, run.seps, s, len, plus);
      if (score === null) continue;
      const first = g[s]!;
      const lastGroup = g[s + len - 1]!;
      let start = first.start;
      // A parenthesis around the first group opens the number (an area code, a country code) when more
      // groups follow; around the whole number ("call (4155550134)", "tel(+14155550134)") it is the
      // sentence's, as its ')' is: the number is reported without either (not "(4155550134", which left
      // "[PHONE_REDACTED])").
      const opened = len > 1 && first.parens;
      if (plus) {
        start = run.start;
        // "(+44) 20 7946 0958": the country code in parentheses, opened before its '+'.
        if (opened && start > 0 && text.charCodeAt(start - 1) === 40) start -= 1;
      } else if (opened && start > 0 && text.charCodeAt(start - 1) === 40) start -= 1;
      const before = start > 0 ? text.charCodeAt(start - 1) : 32;
      if (!plus && (isAlnumCode(before) || before === 43)) continue;
      const extension = extensionAt(text, lastGroup.end);
      if (extension === 0 && lastGroup.end < text.length && isAlnumCode(text.charCodeAt(lastGroup.end))) continue;
      const end = lastGroup.end + extension;
      if (inByteDump(text, start, end)) return STOP;
      // A nearer identifier word ("meeting ID", "order", "serial", "order no") outweighs the digit layout.
      let clause = clauseBefore(text, start, CONTEXT_BEFORE);
      let phoneDistance = PHONE_CONTEXT.distanceIn(clause);
      let idDistance = ID_CONTEXT.distanceIn(clause);
      // A value that needs a word and has none in its clause: in a table row, its column's header is its
      // word ("phone" over a CSV column of bare numbers).
      if (score < 0.5 && phoneDistance < 0 && idDistance < 0 && readHeader(text, start, end)) {
        clause = headerRead;
        phoneDistance = headerPhone;
        idDistance = headerId;
      }
      let boosted = clauseScore(score, clause, phoneDistance, idDistance);
      if (boosted >= 0.5 && !plus && extension === 0 && writtenAsCount(run, s, len))
        boosted = Math.min(boosted, quantityScore(text, end, score, clause, phoneDistance));
      if (boosted >= 0.5) out.push({ type: 'phone', start, end, score: boosted, detector: 'pii' });
      return s | (len << 8);
    }
  }
  return -1;
}

/** Node's inspection of a Buffer (`<Buffer 01 02 ff>`), just before the pairs of a byte dump. */
const BUFFER_INSPECTION = /<Buffer[ \t]$/;
const SPACED_PAIRS = /^\d\d(?: \d\d)+$/;

function isHexCode(c: number): boolean {
  return isDigitCode(c) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * True when the number at [start, end) is two-digit pairs in a hex dump: Node's `<Buffer ...>`, or two
 * or more further pairs with a hex letter among them on either side (`7f 3a 01 23 45 67 89`). One word
 * of two hex letters ("de", "ab") beside a French number is prose.
 */
function inByteDump(text: string, start: number, end: number): boolean {
  if (!SPACED_PAIRS.test(text.slice(start, end))) return false;
  // Pairs before: " XX" steps back while the token is two hex characters set off by a space.
  let i = start;
  let pairs = 0;
  let letter = false;
  while (
    i >= 3 &&
    text.charCodeAt(i - 1) === 32 &&
    isHexCode(text.charCodeAt(i - 2)) &&
    isHexCode(text.charCodeAt(i - 3)) &&
    (i === 3 || !isAlnumCode(text.charCodeAt(i - 4)))
  ) {
    letter ||= !isDigitCode(text.charCodeAt(i - 2)) || !isDigitCode(text.charCodeAt(i - 3));
    pairs++;
    i -= 3;
  }
  if (BUFFER_INSPECTION.test(text.slice(Math.max(0, i - 8), i)) || (pairs >= 2 && letter)) return true;
  // Pairs after.
  let j = end;
  pairs = 0;
  letter = false;
  while (
    j + 2 < text.length &&
    text.charCodeAt(j) === 32 &&
    isHexCode(text.charCodeAt(j + 1)) &&
    isHexCode(text.charCodeAt(j + 2)) &&
    (j + 3 === text.length || !isAlnumCode(text.charCodeAt(j + 3)))
  ) {
    letter ||= !isDigitCode(text.charCodeAt(j + 1)) || !isDigitCode(text.charCodeAt(j + 2));
    pairs++;
    j += 3;
  }
  return pairs >= 2 && letter;
}

/** setOff's key for the separator after a group in parentheses, with the group's index: equal to no other. */
const AREA_KEY = '()';

/**
 * A separator as setOff() compares it: without surrounding spaces, and ' ' when that leaves nothing; a
 * dash with spaces around it stays ' - ', which is not the bare '-' inside a number (see SEP_SPACED_DASH).
 */
function sepKey(sep: string): string {
  const key = sep.trim() || ' ';
  return key === '-' && key !== sep ? ' - ' : key;
}

/** setOff's keys of a run's separators (see sepKey), the one after an area code in parentheses its own. */
function separatorKeys(run: Run): string[] {
  return run.seps.map((sep, k) => (run.groups[k]?.parens ? `${AREA_KEY}${k}` : sepKey(sep)));
}

/**
 * Whether the window of groups [s, s + len) is set off from the groups of [lo, hi) it leaves out: it has
 * an inner separator, and on either side (if any) the separator differs from every inner one or the
 * groups there are a unit of their own (unitBeside). A side at the edge of [lo, hi) borders a number
 * already taken, or the run's end (where the separator before a glued token that readRun dropped still
 * counts).
 */
function setOff(view: RunView, lo: number, hi: number, s: number, len: number, sides: Int8Array): boolean {
  if (len < 2) return loneGroupSetOff(view, lo, s);
  // The separator after an area code in parentheses starts with its ')': a key of its own, equal neither
  // to the ')' of a parenthesis closed after the number ("(212) 555-0199) 0199") nor to another area
  // code's ("(0199) (212) 555-0199").
  const keys = (view.keys ??= separatorKeys(view.run));
  const last = s + len - 1;
  let left = s > lo ? keys[s - 1] : undefined;
  // A number that starts with '+' ends where its country's layout does (layoutScore checks the national
  // length): the groups after it are another number, a year or a count ("+33 1 23 45 67 89 2024", "+44 20
  // 7946 0958 4111 1111 1111 1111" gave no phone at all).
  let right =
    !(view.run.plus && s === 0) && (s + len < hi || (hi === view.run.groups.length && last < keys.length))
      ? keys[last]
      : undefined;
  // A neighbour glued on by a bare '-' or '.' is more of the same token ("...0001 001-01" of "001-01-0001"):
  // never a unit of its own, whatever follows it.
  const seps = view.run.seps;
  // sides[at]: unitBeside's answer for the side at `at` (0: not worked out, 1: false, 2: true).
  if (left !== undefined && !glued(seps[s - 1]!)) {
    let known = sides[s]!;
    if (known === 0) sides[s] = known = unitBeside(view, lo, s, left, keys[s - 2]) ? 2 : 1;
    if (known === 2) left = undefined;
  }
  const e = s + len;
  if (right !== undefined && e < hi && !glued(seps[last]!)) {
    const at = view.run.groups.length + 1 + e;
    let known = sides[at]!;
    if (known === 0) sides[at] = known = unitBeside(view, e, hi, right, keys[e]) ? 2 : 1;
    if (known === 2) right = undefined;
  }
  // One last group of one or two digits after the number is a count, not more of the number ("Call +44 20
  // 7946 0958 24 hours a day", "01 23 45 67 89 7 days a week"); a blob grouped alike has longer groups.
  // Nor is a year ("phone 415 555 0132 2026", as a bare number followed by one is read), unless the window
  // is groups of four throughout, as the first groups of an account or card number are ("0123 4567 8901
  // 2026"). Not where the length limit cut the run: that group goes on.
  if (
    right !== undefined &&
    s + len + 1 === hi &&
    hi === view.run.groups.length &&
    view.run.cut !== true &&
    (view.run.groups[hi - 1]!.digits.length <= 2 ||
      (isYear(view.run.groups[hi - 1]!.digits) && !allFours(view, s, len)))
  )
    right = undefined;
  // The same year as the run's first group, before the number ("24 Nov 2026 415 555 0132").
  if (left !== undefined && s === 1 && lo === 0 && isYear(view.run.groups[0]!.digits) && !allFours(view, s, len))
    left = undefined;
  for (let k = s; k < last; k++) {
    const inner = keys[k];
    if (inner === left || inner === right) return false;
  }
  return true;
}

/** A group that reads as a year of a date near now: four digits, 19xx or 20xx. */
function isYear(digits: string): boolean {
  return digits.length === 4 && (digits.startsWith('19') || digits.startsWith('20'));
}

/** Whether the groups [s, s + len) all have four digits. */
function allFours(view: RunView, s: number, len: number): boolean {
  for (let k = s; k < s + len; k++) if (view.run.groups[k]!.digits.length !== 4) return false;
  return true;
}

/** Whether a separator inside the window [s, s + len) holds a ')' that does not close the group before it. */
function strayParen(run: Run, s: number, len: number): boolean {
  for (let k = s; k < s + len - 1; k++) if (!run.groups[k]!.parens && run.seps[k]!.includes(')')) return true;
  return false;
}

/** A separator of one '-' or '.' and nothing else: the groups on both sides are one token. */
function glued(sep: string): boolean {
  return sep === '-' || sep === '.';
}

/**
 * Whether a window of the one group s (a bare number of ten digits or more: "call 4155550132 4155550199")
 * is set off from the groups around it in its range (from lo). No layout has a group that long among shorter ones,
 * so it is read as a reader reads it: the number, then whatever follows it after a space (a date, a time,
 * a year, a count, another number: "phone 4155550134 2026-11-24", "4155550134 10:30"; a glued '-' or '.'
 * was ruled out by takeWindow). Before it, the groups must be a thing of their own: a long number, one
 * group (the minutes of "10:30 4155550134", a country code written without '+'), or a unit (unitBeside:
 * a date or an SSN, another phone), not the leading groups of a blob ("1234 5678 4155550134").
 */
function loneGroupSetOff(view: RunView, lo: number, s: number): boolean {
  const g = view.run.groups;
  if (g[s]!.digits.length < 10) return false;
  if (s === lo || s - 1 === lo || g[s - 1]!.digits.length >= 8) return true;
  const keys = (view.keys ??= separatorKeys(view.run));
  return unitBeside(view, lo, s, keys[s - 1]!, keys[s - 2]);
}

/**
 * Whether the groups [from, to) beside a window, joined to it by `boundary` (`near`: their own separator
 * next to it), are a unit of their own: a phone layout themselves (two numbers written one after the
 * other, with the spaces they are grouped by: "020 7946 0958 020 7946 0959"), or groups joined by another
 * separator than the one between them and the window (the SSN of "536-22-8765 0044 20 7946 0958"). A blob
 * grouped alike throughout, as an IBAN or an account number, is neither, and keeps its digits from being
 * read as a phone.
 */
function unitBeside(view: RunView, from: number, to: number, boundary: string, near: string | undefined): boolean {
  if (to - from < 2) return false;
  if (near !== boundary) return true;
  const digits = view.prefix[to]! - view.prefix[from]!;
  if (digits < 8 || digits > 15) return false;
  // Groups of four throughout are how card, IBAN and account numbers are written, not phone numbers.
  let fours = true;
  for (let k = from; k < to && fours; k++) fours = view.run.groups[k]!.digits.length === 4;
  if (fours) return false;
  return layoutScore(view.run.groups, view.run.seps, from, to - from, view.run.plus && from === 0) !== null;
}

const SEP_DOT = 1;
const SEP_SLASH = 2;
/**
 * Not a separator inside a number: more than one character once parentheses and the spaces around it
 * are dropped (" - " is one), or a slash set off by a space ("555-0100 / 555-0199" lists two numbers;
 * a number written with a slash glues it: 030/1234567).
 */
const SEP_LONG = 4;

/**
 * A '-' with a space before or after it. It may join the groups of a number written that way throughout
 * ("415 - 555 - 0132"), but beside bare dashes it sets off what it separates: "001-01-0001 - 415-555-0132"
 * and "12:30 - 415-555-0132" are two things, not one number (the first was read as "00" 1 and ten digits
 * ending inside the phone, which lost to the SSN and left the phone unredacted).
 */
const SEP_SPACED_DASH = 8;
const SEP_DASH = 16;
/**
 * A slash set off by a space: it lists two numbers ("555-0100 / 555-0199"), except right after a
 * trunk-0 area code, where German signatures put it (DIN 5008's older `030 / 123 456 78`): there what
 * follows is a subscriber number, which never starts with 0 (so "0958 / 020 7946", a list of two UK
 * numbers cut in the middle, is no number).
 */
const SEP_SPACED_SLASH = 32;

const isSpaceCode = (c: number): boolean => c === 32 || c === 0xa0 || c === 0x202f;

/** What matters about a separator (made of space, '-', '.', '/', '(', ')', no-break spaces). */
function separatorShape(sep: string): number {
  let shape = 0;
  // Positions among the non-parenthesis characters of the first and last non-space one.
  let kept = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < sep.length; i++) {
    const c = sep.charCodeAt(i);
    if (c === 40 || c === 41) continue;
    if (c === 46) shape |= SEP_DOT;
    else if (c === 45)
      shape |= isSpaceCode(sep.charCodeAt(i - 1)) || isSpaceCode(sep.charCodeAt(i + 1)) ? SEP_SPACED_DASH : SEP_DASH;
    else if (c === 47) {
      shape |= SEP_SLASH;
      if (isSpaceCode(sep.charCodeAt(i - 1)) || isSpaceCode(sep.charCodeAt(i + 1))) shape |= SEP_SPACED_SLASH;
    }
    if (!isSpaceCode(c)) {
      if (first < 0) first = kept;
      last = kept;
    }
    kept++;
  }
  return first >= 0 && last > first ? shape | SEP_LONG : shape;
}

/**
 * Returns a base score when the groups fit a numbering layout, otherwise null. `seps` holds the
 * separators between the groups (one fewer).
 */
export function phoneScore(groups: readonly PhoneGroup[], seps: readonly string[], plus: boolean): number | null {
  return layoutScore(groups, seps, 0, groups.length, plus);
}

/**
 * phoneScore of the window groups[s, s + len) with the separators seps[s, s + len - 1), read in place
 * (no window arrays, digit strings joined once).
 */
export function layoutScore(
  groups: readonly PhoneGroup[],
  seps: readonly string[],
  s: number,
  len: number,
  plus: boolean,
): number | null {
  // Dots only when every separator is a dot (415.555.0132); slashes only once (030/1234567); a
  // separator is one character once parentheses and surrounding spaces are dropped (" - " is "-").
  let dotted = 0;
  let slashes = 0;
  let dashes = 0;
  for (let k = s; k < s + len - 1; k++) {
    const shape = separatorShape(seps[k]!);
    if ((shape & SEP_LONG) !== 0) return null;
    if ((shape & SEP_SPACED_SLASH) !== 0 && !slashAfterArea(groups, s, k, plus)) return null;
    dashes |= shape;
    if ((shape & SEP_DOT) !== 0) dotted++;
    if ((shape & SEP_SLASH) !== 0) slashes++;
  }
  // With a country code, the separator after it may be a space where the rest is dotted (+1 415.555.0132,
  // +33 1.23.45.67.89).
  const intl = plus || (len > 1 && hasLeading00(groups[s]!.digits));
  if (dotted > 0 && dotted !== len - 1 && !(intl && dotted === len - 2 && (separatorShape(seps[s]!) & SEP_DOT) === 0))
    return null;
  if (slashes > 1) return null;
  if ((dashes & SEP_DASH) !== 0 && (dashes & SEP_SPACED_DASH) !== 0) return null;
  let all = '';
  for (let k = s; k < s + len; k++) all += groups[k]!.digits;
  const total = all.length;
  // The same digit throughout (000000000) is a placeholder.
  let same = total >= 2;
  for (let k = 1; k < total && same; k++) same = all.charCodeAt(k) === all.charCodeAt(0);
  if (same) return null;
  const size = (k: number): number => groups[s + k]!.digits.length;

  // "00" international prefix, written alone ("00 44 20 ...") or glued to the country code ("001-415-...").
  const first = groups[s]!.digits;
  const leading00 = !plus && len > 1 && hasLeading00(first);
  if (plus || leading00) {
    // The groups after the prefix ("rest"): without a "00" group of its own, or with its "00" cut off.
    const skip = leading00 && first.length === 2 ? 1 : 0;
    // A parenthesis after a "00" of its own opens a number (its area code): the "00" ends what came before
    // ("... 0130 00 (212) 555-0199", "... 0130 00 (415-555-0132": an IBAN, then a phone), it is not a
    // country code's prefix.
    if (skip === 1 && (groups[s + 1]!.parens || seps[s]!.includes('('))) return null;
    const restCount = len - skip;
    const rest0 = skip === 1 ? groups[s + 1]!.digits : leading00 ? first.slice(2) : first;
    let digits = leading00 ? all.slice(2) : all;
    if (digits.length < 8 || digits.length > 15 || digits[0] === '0') return null;
    let cc = '';
    if (restCount > 1 && rest0.length <= 3) cc = rest0;
    else {
      for (const ccLength of [1, 2, 3]) {
        if (FIXED_NSN[digits.slice(0, ccLength)]) {
          cc = digits.slice(0, ccLength);
          break;
        }
      }
    }
    if (cc) {
      // "+44 (0)20 ..." writes the national trunk prefix in parentheses; it is not dialled.
      const rest1 = restCount > 1 ? groups[s + 1 + skip]! : undefined;
      if (rest1 !== undefined && rest1.digits === '0' && rest1.parens)
        digits = digits.slice(0, rest0.length) + digits.slice(rest0.length + 1);
      const nsn = digits.slice(cc.length);
      const allowed = FIXED_NSN[cc];
      if (allowed && !allowed.includes(nsn.length)) return null;
      if (cc === '1' && !nanpValid(nsn)) return 0.55;
      if (!allowed && (nsn.length < 6 || nsn.length > 13)) return null;
      return allowed ? 0.8 : 0.65;
    }
    return 0.55;
  }
  // "00" glued to the whole number ("00442079460958", as dialled from most of Europe): a zero-padded id
  // is written the same way, so it counts only with a phone word, as a bare NANP number does.
  if (len === 1 && hasLeading00(first.slice(0, 3)) && total >= 10 && total <= 17) return glued00Score(first);

  for (let k = 1; k < len; k++) if (size(k) === 1) return bareCountryScore(groups, s, len, total);
  // NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199, 4155550132 (context only).
  // The 3-3-4 layout is distinctive even when the digits break NANP rules (fictional and test numbers).
  if (total === 10 && len === 3 && size(0) === 3 && size(1) === 3 && size(2) === 4) return nanpValid(all) ? 0.7 : 0.55;
  if (total === 11 && len === 4 && size(0) === 1 && size(1) === 3 && size(2) === 3 && size(3) === 4 && all[0] === '1')
    return nanpValid(all.slice(1)) ? 0.7 : 0.55;
  if (len === 1 && total === 10 && nanpValid(all)) return 0.3;
  // China mobile: 138 0013 8000 or 138-0013-8000 (3-4-4, 13x-19x; dotted, it reads as a version); written as
  // one group (13800138000) only with a phone word.
  if (total === 11 && all[0] === '1' && all[1]! >= '3') {
    if (len === 3 && dotted === 0 && size(0) === 3 && size(1) === 4 && size(2) === 4) return 0.55;
    if (len === 1) return 0.3;
  }
  // A trunk-0 national number written without separators (UK 07700900123, FR/NL 0612345678, AU 0412345678,
  // as forms and JSON records store it): an id is written the same way, so it counts only with a phone
  // word, as a bare NANP number does.
  if (len === 1 && all[0] === '0' && all[1] !== '0' && total >= 10 && total <= 12) return 0.3;
  // Brazil: (11) 91234-5678, (21) 3456-7890 - two-digit area code in parentheses; without them
  // (`11 98765-4321`, as Brazilian forms also write it; no area code ends in 0) only with a phone word.
  if (size(0) === 2 && len === 3 && (total === 10 || total === 11) && size(2) === 4 && all[0] !== '0') {
    if (groups[s]!.parens) return 0.7;
    if (all[1] !== '0') return 0.3;
  }
  // India mobile without trunk prefix: 98765 43210.
  if (total === 10 && len === 2 && size(0) === 5 && size(1) === 5 && all[0]! >= '6' && all[0]! <= '9') return 0.55;
  // Trunk-0 national plans (UK 020 7946 0958 / 07700 900123, DE 030 12345678, FR 01 23 45 67 89, ...);
  // every group after the first has two digits or more (checked above).
  if (all[0] === '0' && all[1] !== '0' && len >= 2 && total >= 10 && total <= 12 && size(0) >= 2) {
    if (len === 5 && size(0) === 2 && size(1) === 2 && size(2) === 2 && size(3) === 2 && size(4) === 2)
      return total === 10 ? 0.7 : null;
    if (size(0) > 6) return null;
    // No plan has the two-digit trunk area code 01 (the UK's 01 codes have four or five digits; 02, 03,
    // 07, 08 are Australia's, 02 and 06 Italy's and Japan's): `01 2345 6784` is the tail of an id, as in a
    // UPS tracking number `1Z 999 AA1 01 2345 6784`.
    if (size(0) === 2 && all[1] === '1') return null;
    return 0.6;
  }
  if (all[0] === '0' && all[1] !== '0' && len >= 2 && total === 9 && size(0) >= 2 && size(0) <= 5) return 0.3;
  // Nine-digit national plans without a trunk prefix (Spain `91 123 45 67`, `612 345 678`; Portugal
  // `21 123 4567`; Poland, Czechia), grouped: only with a phone word, as nine grouped digits are many things,
  // and not in the 3-2-4 groups of an SSN.
  if (
    total === 9 &&
    len >= 2 &&
    all[0]! >= '2' &&
    size(0) >= 2 &&
    size(0) <= 3 &&
    !(len === 3 && size(1) === 2 && size(0) === 3)
  )
    return 0.3;
  return bareCountryScore(groups, s, len, total);
}

/**
 * A country code written without its "+" or "00" ("Phone: 44 20 7946 0958", "tel 33 1 42 68 53 00"), as
 * forms and CRM exports drop the "+": a group of its own, then the national length of that country (a
 * group of one digit only right after the code, as after a "+"); 0.3, so only with a phone word, as such
 * groups are as often a row of counts. Codes of two or three digits: a lone digit first (+1 is the NANP
 * layouts; "7 100 200 30 40") is more often a count than Russia's code written bare.
 */
function bareCountryScore(groups: readonly PhoneGroup[], s: number, len: number, total: number): number | null {
  const code = groups[s]!.digits;
  if (len < 2 || code.length < 2 || code.length > 3 || code[0] === '0' || groups[s]!.parens) return null;
  const allowed = FIXED_NSN[code];
  if (allowed === undefined || !allowed.includes(total - code.length)) return null;
  for (let k = s + 2; k < s + len; k++) if (groups[k]!.digits.length === 1) return null;
  return 0.3;
}

/**
 * Whether the spaced slash after groups[k] of the window starting at s is the one German signatures put
 * after the area code (SEP_SPACED_SLASH): a trunk-0 area code (`030`, `0171`) first in a national number
 * (`030 / 123 456 78`), or, after a `+` country code, the area code without its 0 (`+49 30 / 123 456 78`,
 * `+43 1 / 234 5678`, `0049 30 / ...`; `+49 (0)30 / ...` writes the trunk 0 in parentheses), then a subscriber number (no
 * leading 0).
 */
function slashAfterArea(groups: readonly PhoneGroup[], s: number, k: number, plus: boolean): boolean {
  const area = groups[k]!.digits;
  const next = groups[k + 1]!.digits;
  if (next.length < 2 || next[0] === '0') return false;
  const code = groups[s]!.digits;
  // A country code after "00" glued to it ("0049 30 / ...") is read as after a '+'.
  const glued00 = code.length > 2 && hasLeading00(code);
  if (!plus && !glued00) return k === s && area.length >= 3 && area.length <= 5 && area[0] === '0' && area[1] !== '0';
  const trunk = k === s + 2 && groups[s + 1]!.digits === '0' && groups[s + 1]!.parens;
  return (k === s + 1 || trunk) && code.length <= (glued00 ? 5 : 3) && area.length <= 4 && area[0] !== '0';
}

/** The score of "00" + country code + national number written as one group: 0.3 when the length fits. */
function glued00Score(group: string): number | null {
  const digits = group.slice(2);
  for (const ccLength of [1, 2, 3]) {
    const allowed = FIXED_NSN[digits.slice(0, ccLength)];
    if (allowed === undefined) continue;
    const nsn = digits.slice(ccLength);
    if (!allowed.includes(nsn.length) || (ccLength === 1 && digits[0] === '1' && !nanpValid(nsn))) return null;
    return 0.3;
  }
  return null;
}

/** A first group that is the "00" international prefix, alone or glued to the country code ("00", "001"). */
function hasLeading00(first: string): boolean {
  return first.startsWith('00') && first.length <= 5 && first[2] !== '0';
}

/** NANP: NPA and NXX start with 2-9; N11 service codes and 555-01xx fictional ranges are still numbers. */
function nanpValid(ten: string): boolean {
  if (ten.length !== 10) return false;
  if (ten[0] === '0' || ten[0] === '1' || ten[3] === '0' || ten[3] === '1') return false;
  if (ten[1] === '1' && ten[2] === '1') return false;
  return true;
}
