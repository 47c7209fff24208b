/**
 * PII detector: prepared once per policy with the entity types it should find, then `scan(text)`
 * returns validated, non-overlapping matches with offsets. Entity names follow the docs
 * (`email`, `phone`, `ssn`, `credit_card`, `ip_address`, ...); common spellings are accepted as aliases.
 */
import type { TextMatch } from './match.js';
import { scanAddresses } from './pii-address.js';
import { scanPhones } from './pii-phone.js';
import { scanFolded } from './pii-fold.js';
import { grownInt32 } from './typed-arrays.js';
import { canonicalPiiType, PII_TYPES, type PiiType } from './pii-types.js';
import { type Recognizer, type RegionRecognizer, scanCards, scanIbans, scanIps, scanSsns } from './pii-recognizers.js';
import { emailCanReach, scanEmails } from './pii-email.js';
import { resetColumns } from './pii-columns.js';
import { gluedValueStart, LABEL_CONTEXT, labelBefore } from './pii-labels.js';
import {
  scanDatesOfBirth,
  scanDriversLicenses,
  scanInsuranceIds,
  scanMrns,
  scanNpis,
  scanPassports,
  WINDOW_ANCHORS,
  WINDOWED_CONTEXTS,
} from './pii-context-bound.js';

export { canonicalPiiType, PII_TYPES, type PiiType };

/** Types switched on by the pii-detector modes (`healthcare_mode`, `pci_mode`). */
export const PII_MODE_TYPES: Readonly<Record<'healthcare' | 'pci', readonly PiiType[]>> = {
  healthcare: ['mrn', 'npi', 'insurance_id'],
  pci: ['credit_card'],
};

/** The types a pii-detector scans when its config names none: the docs' built-in categories. */
export const DEFAULT_PII_TYPES: readonly PiiType[] = ['email', 'phone', 'ssn', 'ip_address', 'credit_card'];

const RECOGNIZERS: Readonly<Record<PiiType, Recognizer>> = {
  email: scanEmails,
  phone: scanPhones,
  ssn: scanSsns,
  credit_card: scanCards,
  ip_address: scanIps,
  iban: scanIbans,
  date_of_birth: scanDatesOfBirth,
  passport: scanPassports,
  drivers_license: scanDriversLicenses,
  street_address: scanAddresses,
  mrn: scanMrns,
  npi: scanNpis,
  insurance_id: scanInsuranceIds,
};

/**
 * Entities that also match the digit patterns of others. When one of these is requested, its rivals
 * run too, so that a card number is never reported as a phone or an SSN as a passport; the rival
 * matches are dropped after overlap resolution. A phone rival only hides a requested value it reads
 * whole (see dropSwallowingPhones).
 */
const RIVALS: Partial<Record<PiiType, readonly PiiType[]>> = {
  phone: ['credit_card', 'iban', 'ssn', 'ip_address', 'date_of_birth', 'npi'],
  ssn: ['phone', 'credit_card'],
  passport: ['ssn', 'phone', 'drivers_license'],
  drivers_license: ['ssn', 'phone', 'passport'],
  mrn: ['phone', 'ssn', 'npi', 'credit_card'],
  insurance_id: ['phone', 'ssn', 'mrn', 'npi'],
  npi: ['phone'],
};

const DIGIT = /\d/;

/**
 * The numeric-run gate. Phone, SSN and card matches consist only of digits, '+', '(', ')' and the
 * separators space, tab, no-break spaces, '-', '.', '/' and the line breaks '\n', '\r' (a card number
 * wrapped at a line end; their regexes and the phone run reader consume nothing else), so each lies
 * inside one maximal run of those characters. A run can only hold a match when it holds a seed (two
 * adjacent digits, or '+' and a digit) with at least SEED_REACH more run characters after it:
 * - an SSN starts with its 3-digit area, followed by 7 more characters at least (`536-22-1234`);
 * - a card has 13 digits or more, at most one of them before its first seed (its line-break form,
 *   `1\n234...`), so 10 or more follow that seed;
 * - a phone is reported as a window of 8 digits or more (takeWindow) that starts with '+' and a digit (7
 *   more digits follow), or whose first group starts with "00" (6 more follow), or whose groups after the
 *   first have two digits or more (phoneScore's national layouts): its first group is then the seed
 *   when it has two digits or more (6 more follow), and otherwise the second group starts the seed and
 *   8 - 1 - 2 = 5 more digits follow.
 * The first seed of a run has at least as many run characters after it as any later one, so a run
 * holds such a seed exactly when its first seed is one. Those recognizers therefore scan only the runs
 * around hits of REACHING_SEED (one native regex pass, ~0.5 ns/char on prose), with one neighbour on
 * each side so look-arounds see the real text, instead of three regex passes over the whole text. Same
 * matches, in the same order. The reach keeps short numeric runs from costing a call each: documents
 * are full of them (years, versions, sizes "2024", "v0.15.0", "13 ms"), and of 6,800 seeded runs in a
 * megabyte of this repository's docs only 1,000 reach that far. A value glued to its label word
 * (`ssn_536221234`, see pii-labels.ts) is such a value too, read by the same recognizers: its run is one of
 * these, with the label's last character (or its '_') as the region's first neighbour.
 */
const SEED_REACH = 5;
/** The characters of numeric runs (see NUMERIC_RUN_UNIT). */
const NUMERIC_RUN_CHARS = '0123456789+() \t\u00a0\u202f-./\n\r';
/** A seed and the SEED_REACH run characters after it: the first such match of a run starts at its first seed. */
const REACHING_SEED = new RegExp(
  `(?:\\d\\d|\\+\\d)[${NUMERIC_RUN_CHARS.replace(/[-\\\]^]/g, '\\$&')}]{${SEED_REACH}}`,
  'g',
);
/** The length of every REACHING_SEED match. */
const SEED_LENGTH = 2 + SEED_REACH;

/**
 * 1 for the UTF-16 units of numeric runs (digits, '+', '(', ')', space, tab, no-break space, narrow
 * no-break space, '-', '.', '/', '\n', '\r').
 */
const NUMERIC_RUN_UNIT = new Uint8Array(0x10000);
for (const c of NUMERIC_RUN_CHARS) NUMERIC_RUN_UNIT[c.charCodeAt(0)] = 1;

function isNumericRunChar(c: number): boolean {
  // One load instead of nine compares: the sampled scan reads a unit every few characters, and the
  // compares' branches, taken at random there, cost more than the reads.
  return NUMERIC_RUN_UNIT[c] === 1;
}

/**
 * Where a labelled value's region (a numeric run and the character after it, ending at `to`) is read to:
 * before the separator of a compound's next part when one follows the run (`ssn_536221234_verified`,
 * `tel_4155550134-home`, `card4539578763621486.pdf`: '_' after the run, or '-' or '.' as its last
 * character, then a letter), so that the number is read as a part of its own, as the label before it is;
 * otherwise `to`. A letter glued to the digits (`ssn_536221234x`, `card4539578763621486x`) makes one part
 * of digits and letters, an identifier's, and the region is read as it is (the recognizers refuse it).
 */
function partEnd(text: string, to: number): number {
  const runEnd = to < text.length || !isNumericRunChar(text.charCodeAt(to - 1)) ? to - 1 : to;
  if (runEnd >= text.length) return to;
  const last = text.charCodeAt(runEnd - 1);
  if ((last === 45 || last === 46) && isAsciiLetterCode(text.charCodeAt(runEnd))) return runEnd - 1;
  if (text.charCodeAt(runEnd) === 95 && isAsciiLetterCode(text.charCodeAt(runEnd + 1))) return runEnd;
  return to;
}

const isAsciiLetterCode = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * What a numeric run holds, as a region recognizer reads it: `digits`, and `marks` = digits plus one when
 * the run holds a '+'. A phone is reported with at least 9 digits, or 8 after a '+' (evaluateRun in
 * pii-phone.ts), an SSN has 9 digits and a card 13 or more, so a run that can hold any of them has at
 * least 9 marks, hence 9 characters or more (SAMPLE_STRIDE + 1: see sampleRuns).
 */
const RUN_PLUS = 43;

/**
 * Adds the region of the run around the seed at [seedStart, seedEnd) when the run has at least
 * `minDigits` digits and `minMarks` marks; returns the run's end.
 */
function addRegion(
  text: string,
  seedStart: number,
  seedEnd: number,
  regions: number[],
  minDigits: number,
  minMarks: number,
): number {
  let s = seedStart;
  let e = seedEnd;
  while (s > 0 && isNumericRunChar(text.charCodeAt(s - 1))) s--;
  while (e < text.length && isNumericRunChar(text.charCodeAt(e))) e++;
  let digits = 0;
  let plus = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === RUN_PLUS) plus = 1;
  }
  if (digits >= minDigits && digits + plus >= minMarks)
    regions.push(s > 0 ? s - 1 : 0, e < text.length ? e + 1 : e, digits, digits + plus);
  return e;
}

const DIGIT_STRINGS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Next occurrence of each digit (scratch, reused: scans are synchronous and never nested). */
const nextDigit = new Int32Array(10);

/**
 * Regions around every numeric run that holds a seed, at least `minDigits` digits and at least `minMarks`
 * marks (see RUN_PLUS), in text order, as flat quadruples: from, to (the run plus one neighbour on each
 * side), the run's digits and its marks; or null when a short text is so dense in seeds that scanning it
 * whole (the recognizers' own regex passes) is cheaper. The region recognizers (phone, SSN, card) run
 * over these instead of the whole text, with the same matches. `minMarks` is more than SAMPLE_STRIDE
 * (see sampleRuns).
 */
export function numericRegions(text: string, minDigits: number, minMarks: number): number[] | null {
  return numericScan(text, null, minDigits, minMarks);
}

/** Texts shorter than this find their seeds with the regex (ten indexOf calls cost more there). */
const SHORT_TEXT = 256;
/** A short text with more seeds than this is scanned whole. */
const SHORT_TEXT_SEEDS = 8;
/** Budget units a region costs beyond its run's visit (its recognizer calls). */
const REGION_COST = 4;
/** Units allowed before a density test starts to bite (a phone number near the start of a text). */
const SAMPLE_ALLOWANCE = 64;
/**
 * A run visited and each indexOf call after it cost about 100 ns (one unit): past one unit per 2^7 = 128
 * characters scanned so far, the rest of the text is searched for seeds with REACHING_SEED instead
 * (seedRuns: about 0.5 ns per character plus a unit per run it finds). Per megabyte, prose gives some
 * 5,000 units (visited), moderation prompts 13,000, the repository's docs 50,000.
 */
const SEED_SHIFT = 7;
/**
 * seedRuns' regex calls cost about a unit each: past one per 2^7 = 128 characters scanned so far, the
 * rest of the text is sampled (sampleRuns, about 1.5 ns per character whatever the digits). Per
 * megabyte the docs give some 1,000 calls, dependency docs 600.
 */
const SAMPLE_SHIFT = 7;
/** Sampling stride: less than the fewest marks (hence characters) of a run a recognizer reads. */
const SAMPLE_STRIDE = 8;

/**
 * Digit positions collected by a scan, in a typed array reused from scan to scan (a plain array
 * cleared with `length = 0` gives its storage back and regrows it on every scan: about 100 KB of
 * allocation per megabyte of prose). `complete`: the scan listed every digit of the text.
 */
interface DigitList {
  positions: Int32Array;
  count: number;
  complete: boolean;
}

/** Largest digit list a detector keeps between scans (256 KB). */
const MAX_KEPT_DIGITS = 1 << 16;

function addDigit(list: DigitList, position: number): void {
  if (list.count === list.positions.length) {
    list.positions = grownInt32(list.positions);
  }
  list.positions[list.count++] = position;
}

/**
 * numericRegions, also collecting digit positions of the text (ascending) into `digits` (empty on
 * entry) when it is given; `digits.complete` says whether all of them were (texts of SHORT_TEXT or
 * more whose digits stayed sparse; short texts collect none).
 *
 * The runs are those of REACHING_SEED's matches, found the way the regex would (leftmost at or after
 * the end of the previous run). On texts of SHORT_TEXT or more, each digit character is located with
 * indexOf (memchr-speed, ~20x faster than a character-class scan), digit positions are visited in
 * order, a seed is a digit preceded by a digit or '+', and a run's first seed decides (see SEED_REACH).
 * That costs a call per digit run and a few regex calls per region, so once the work exceeds one unit
 * per 128 characters of text scanned so far, the rest of the text is searched with the regex
 * (seedRuns), and past one regex call per 128 characters it is sampled (sampleRuns): both find the
 * same regions.
 */
function numericScan(text: string, digits: DigitList | null, minDigits: number, minMarks: number): number[] | null {
  const regions: number[] = [];
  if (digits !== null) digits.complete = false;
  if (text.length < SHORT_TEXT) {
    const re = REACHING_SEED;
    re.lastIndex = 0;
    let seeds = 0;
    while (re.test(text)) {
      if (++seeds > SHORT_TEXT_SEEDS) return null;
      const at = re.lastIndex - SEED_LENGTH;
      re.lastIndex = addRegion(text, at, at + SEED_LENGTH, regions, minDigits, minMarks);
    }
    return regions;
  }
  for (let d = 0; d < 10; d++) nextDigit[d] = text.indexOf(DIGIT_STRINGS[d]!);
  let spent = 0;
  for (;;) {
    let q = -1;
    for (let d = 0; d < 10; d++) {
      const n = nextDigit[d]!;
      if (n >= 0 && (q < 0 || n < q)) q = n;
    }
    if (q < 0) {
      if (digits !== null) digits.complete = true;
      return regions;
    }
    // The digits of the numeric run that starts at q are visited by walking it (digits come in runs:
    // "+1 415-555-0132" costs one walk and four indexOf calls instead of eleven calls); every digit is
    // still visited in text order, with the same seed tests as one indexOf hop each.
    // The walk covers the rest of the run, so it also yields the region addRegion would add at the
    // run's first seed: the run reaches left from q over separators only (every digit before q was
    // visited, and a digit next to the run would have been walked into it), its digits are the ones
    // walked, and later digits of the run are not seeds of another region.
    let i = q;
    // The end of the run's first seed (-1: none yet).
    let seedEnd = -1;
    let runDigits = 0;
    let plus = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) {
        if (c === RUN_PLUS) plus = 1;
        if (isNumericRunChar(c)) continue;
        break;
      }
      if (digits !== null) addDigit(digits, i);
      runDigits++;
      if (seedEnd >= 0 || i === 0) continue;
      const b = text.charCodeAt(i - 1);
      if ((b >= 48 && b <= 57) || b === RUN_PLUS) seedEnd = i + 1;
    }
    spent++;
    // The part left of q (separators, perhaps a '+') is read only when its '+' could decide.
    if (seedEnd >= 0 && i - seedEnd >= SEED_REACH && runDigits >= minDigits && runDigits + 1 >= minMarks) {
      let s = q;
      while (s > 0 && isNumericRunChar(text.charCodeAt(s - 1))) {
        s--;
        if (text.charCodeAt(s) === RUN_PLUS) plus = 1;
      }
      if (runDigits + plus >= minMarks) {
        spent += REGION_COST;
        regions.push(s > 0 ? s - 1 : 0, i < text.length ? i + 1 : i, runDigits, runDigits + plus);
      }
    }
    // Dense in digits so far: text[i] ends the run (it is no run character), search the rest for seeds.
    if (spent > SAMPLE_ALLOWANCE + (i >> SEED_SHIFT)) return seedRuns(text, i, regions, minDigits, minMarks);
    // Every digit before i has been visited: move the next positions that fell behind past it.
    for (let d = 0; d < 10; d++) {
      const n = nextDigit[d]!;
      if (n >= 0 && n < i) {
        nextDigit[d] = text.indexOf(DIGIT_STRINGS[d]!, i);
        spent++;
      }
    }
  }
}

/**
 * The regions of the runs after `after` (a position that is no run character, or the text's end), found
 * as the short-text path finds them: the leftmost REACHING_SEED match at or after the end of the last
 * run, and the run around it (walked: the character before the match's run is no run character or
 * `after`). Appended to `regions`. One native regex pass over the text instead of an indexOf call per
 * digit run; once the exec calls exceed one per 2^SAMPLE_SHIFT characters so far (text dense in digit
 * pairs), the rest of the text is sampled.
 */
function seedRuns(text: string, after: number, regions: number[], minDigits: number, minMarks: number): number[] {
  const re = REACHING_SEED;
  re.lastIndex = after;
  let calls = 0;
  // test() instead of exec(): no match object per seed. Every match is SEED_LENGTH units long, so it
  // starts that many units before lastIndex.
  while (re.test(text)) {
    const at = re.lastIndex - SEED_LENGTH;
    const e = addRegion(text, at, at + SEED_LENGTH, regions, minDigits, minMarks);
    re.lastIndex = e;
    if (++calls > SAMPLE_ALLOWANCE + (e >> SAMPLE_SHIFT))
      return e < text.length ? sampleRuns(text, e, regions, minDigits, minMarks) : regions;
  }
  return regions;
}

/**
 * The regions of the runs after `after` (a position that is no run character, or the text's end) with
 * a seed, `minDigits` digits and `minMarks` (> SAMPLE_STRIDE) marks, appended to `regions`. Such a run
 * is longer than SAMPLE_STRIDE, so it holds one of the positions `after` + k * SAMPLE_STRIDE (k >= 1)
 * counted on from the last position known to be no run character: only those positions are read.
 * Each is read knowing that the position SAMPLE_STRIDE before it is no run character, so a run through
 * it that is long enough also holds the position after it: a run character followed by one that is
 * not (a space between words, mostly) is passed with one more read, and the next position counts on
 * from there. Otherwise the run around it is walked (its digits counted and its seed test done as
 * numericScan's walk does). Linear: every run is walked once and the positions read step forward.
 */
function sampleRuns(text: string, after: number, regions: number[], minDigits: number, minMarks: number): number[] {
  const n = text.length;
  let p = after + SAMPLE_STRIDE;
  while (p < n) {
    if (!isNumericRunChar(text.charCodeAt(p))) {
      p += SAMPLE_STRIDE;
      continue;
    }
    if (p + 1 === n || !isNumericRunChar(text.charCodeAt(p + 1))) {
      p += SAMPLE_STRIDE + 1;
      continue;
    }
    let s = p;
    while (s > 0 && isNumericRunChar(text.charCodeAt(s - 1))) s--;
    let e = p + 2;
    while (e < n && isNumericRunChar(text.charCodeAt(e))) e++;
    if (e - s >= minMarks) {
      let count = 0;
      let plus = 0;
      let seedEnd = -1;
      for (let j = s; j < e; j++) {
        const c = text.charCodeAt(j);
        if (c < 48 || c > 57) {
          if (c === RUN_PLUS) plus = 1;
          continue;
        }
        count++;
        if (seedEnd >= 0 || j === 0) continue;
        const b = text.charCodeAt(j - 1);
        if ((b >= 48 && b <= 57) || b === RUN_PLUS) seedEnd = j + 1;
      }
      if (seedEnd >= 0 && e - seedEnd >= SEED_REACH && count >= minDigits && count + plus >= minMarks)
        regions.push(s > 0 ? s - 1 : 0, e < n ? e + 1 : e, count, count + plus);
    }
    p = e + SAMPLE_STRIDE;
  }
  return regions;
}

/**
 * Whether a phone, SSN or card with `minDigits` digits or more can cover or touch [from, to) of `text`
 * (given as the end points of a span; what lies between them counts whatever it is). Such a value lies
 * in one numeric run (see SEED_REACH), so it lies in the numeric run through the span's neighbours.
 */
export function numericCanReach(text: string, from: number, to: number, minDigits: number): boolean {
  let a = from;
  let b = to;
  while (a > 0 && isNumericRunChar(text.charCodeAt(a - 1))) a--;
  while (b < text.length && isNumericRunChar(text.charCodeAt(b))) b++;
  let digits = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits >= minDigits) return true;
  }
  return false;
}

/**
 * How far after a word it changes a folded run can be read as context by a phone, SSN or card: their
 * context words lie at most 48 units before the value (CONTEXT_BEFORE, contextWords' default), and the
 * longest of them ("social security number") reaches 22 more.
 */
const CONTEXT_AHEAD = 80;

/**
 * Whether the span [from, to) of `text` touches a letter or starts or ends with one (it changes a word,
 * which may be a context word or a label: `S\u200bSN 536 22 1234`, a fullwidth `ＳＳＮ: 536221234` or
 * `ＳＳＮ_536221234`, whose view spells the word itself) and a numeric run with `minDigits` digits or more
 * starts within CONTEXT_AHEAD units after it.
 */
export function numericAfterWord(text: string, from: number, to: number, minDigits: number): boolean {
  if (
    !isLetterCode(from > 0 ? text.charCodeAt(from - 1) : 0) &&
    !isLetterCode(text.charCodeAt(to)) &&
    !(from < to && (isLetterCode(text.charCodeAt(from)) || isLetterCode(text.charCodeAt(to - 1))))
  )
    return false;
  const end = Math.min(text.length, to + CONTEXT_AHEAD);
  for (let i = to; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let digits = 0;
    for (; i < text.length && isNumericRunChar(c); c = text.charCodeAt(++i)) if (c >= 48 && c <= 57) digits++;
    if (digits >= minDigits) return true;
  }
  return false;
}

/** An ASCII letter or a letter from U+00C0 on (context words are written in many languages). */
function isLetterCode(c: number): boolean {
  return ((c | 32) >= 97 && (c | 32) <= 122) || c >= 0xc0;
}

/** Fields per region in the list numericScan returns: from, to, digits, marks. */
const REGION_FIELDS = 4;

/**
 * Recognizers that may run on numeric regions only (see SEED_REACH), with the fewest digits and marks
 * (RUN_PLUS) a run must hold for them to report anything there: a phone is reported with at least 8
 * digits after a '+' and 9 without, an SSN has 9, a card 13 to 19. A match lies inside one run, so a
 * run with fewer is skipped with the same result (dates such as 2026-11-22, email addresses with a number).
 */
const REGION_RECOGNIZERS: Partial<
  Record<PiiType, { recognize: RegionRecognizer; minDigits: number; minMarks: number }>
> = {
  phone: { recognize: scanPhones, minDigits: 8, minMarks: 9 },
  ssn: { recognize: scanSsns, minDigits: 9, minMarks: 9 },
  credit_card: { recognize: scanCards, minDigits: 13, minMarks: 13 },
};

/**
 * Removes from `found` the phone readings at and after `first` (rivals: phone is not a requested type)
 * that would hide a requested value in found[0, first) without being a better reading of its characters.
 *
 * A phone reading is a layout guess: it has no checksum (cards have Luhn, IBANs mod-97, NPIs their Luhn,
 * SSNs the SSA rules) and its reader joins digit groups across blanks, so it can take a value together
 * with the digits written next to it ("call 001-01-0010  5555": "00" 1 and ten digits). As a rival it is
 * there to say "these digits are a phone, not your value". It can say so of the value's own characters:
 * a phone reading with exactly the value's span competes as any reading does (the higher score, then
 * the longer span, wins). It can also say so when it extends the value with a leading '+' country code
 * ("+49 301-23-4567"): nothing but a phone number is written that way. Any other overlap - a reading that
 * adds groups joined by blanks, cuts the value, or lies inside it - is not a reading of the value but of
 * it and its neighbours, and letting it win would leave the value unredacted: a leak, where the opposite
 * mistake (a phone's digits redacted as the requested type) only costs readability. Such a reading is
 * dropped, so the value is reported. Where phone is a requested type this never applies: the phone
 * reading then wins as itself and its span, the value included, is redacted.
 */
function dropSwallowingPhones(text: string, found: TextMatch[], first: number): void {
  // The requested values by start; the longest bounds how far back an overlapping one can start.
  const values = found.slice(0, first).sort(byOffset);
  let longest = 0;
  for (const v of values) if (v.end - v.start > longest) longest = v.end - v.start;
  let kept = first;
  for (let i = first; i < found.length; i++) {
    const m = found[i]!;
    if (m.type !== 'phone' || !swallowsValue(text, m, values, longest)) found[kept++] = m;
  }
  found.length = kept;
}

/** Whether the phone reading `phone` overlaps a value of `values` (sorted by start) other than as a rival may. */
function swallowsValue(text: string, phone: TextMatch, values: readonly TextMatch[], longest: number): boolean {
  let lo = 0;
  let hi = values.length;
  const from = phone.start - longest;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]!.start <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < values.length && values[k]!.start < phone.end; k++) {
    const v = values[k]!;
    if (v.end <= phone.start) continue;
    if (v.start === phone.start && v.end === phone.end) continue;
    if (phone.start <= v.start && phone.end >= v.end && leadingPlus(text, phone.start, v.start)) continue;
    return true;
  }
  return false;
}

/** A '+' (or '(+') starts the phone reading at `start`, before the value at `valueStart`. */
function leadingPlus(text: string, start: number, valueStart: number): boolean {
  const at = text.charCodeAt(start) === 40 ? start + 1 : start;
  return at < valueStart && text.charCodeAt(at) === RUN_PLUS;
}

/**
 * Widens, in `resolved` (resolvePiiOverlaps' answer for `found`: sorted and disjoint), the requested
 * values that a requested value lost to (in `found`, not kept) partially overlaps, so that both are
 * redacted. Two requested readings can share digits: a card read from the last group of an SSN written
 * with blanks (`SSN 001 01 5730 5555 5555 5555 4444`, where `5730 5555 5555 5555` passes Luhn), or a count
 * before a card that makes a valid card with its first groups. Overlap resolution keeps one, and the part
 * of the other outside it was left in the text. Now the kept value's span grows to cover the lost one (the
 * finding keeps the kept value's type and score): the disjoint spans stay disjoint, as a lost value only
 * touches the kept values it overlaps. A value that lost to a rival of a type not requested is left
 * alone: the rival's reading decided that it is no such value.
 */
function coverLostValues(
  found: readonly TextMatch[],
  resolved: TextMatch[],
  isWanted: (m: TextMatch) => boolean,
): void {
  const n = resolved.length;
  const kept = new Set(resolved);
  // joined[i]: resolved[i] and resolved[i + 1] become one span; from/to: the span's reach past them.
  let joined: Uint8Array | null = null;
  let from: Float64Array | null = null;
  let to: Float64Array | null = null;
  for (const lost of found) {
    if (kept.has(lost) || !isWanted(lost) || lost.end <= lost.start) continue;
    // The kept spans it overlaps: resolved[a, b).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (resolved[mid]!.end <= lost.start) lo = mid + 1;
      else hi = mid;
    }
    const a = lo;
    let b = a;
    let requested = true;
    for (; b < n && resolved[b]!.start < lost.end; b++) if (!isWanted(resolved[b]!)) requested = false;
    if (b === a || !requested) continue;
    if (lost.start >= resolved[a]!.start && lost.end <= resolved[b - 1]!.end && b - a === 1) continue;
    joined ??= new Uint8Array(n);
    from ??= Float64Array.from(resolved, (m) => m.start);
    to ??= Float64Array.from(resolved, (m) => m.end);
    for (let i = a; i < b - 1; i++) joined[i] = 1;
    if (lost.start < from[a]!) from[a] = lost.start;
    if (lost.end > to[b - 1]!) to[b - 1] = lost.end;
  }
  if (joined === null || from === null || to === null) return;
  let w = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n - 1 && joined[j] === 1) j++;
    // The best-ranked of the joined values names the finding.
    let best = resolved[i]!;
    for (let k = i + 1; k <= j; k++) if (byRank(resolved[k]!, best) < 0) best = resolved[k]!;
    const start = from[i]!;
    const end = to[j]!;
    resolved[w++] = start === best.start && end === best.end ? best : { ...best, start, end };
    i = j + 1;
  }
  resolved.length = w;
}

const byRank = (a: TextMatch, b: TextMatch): number =>
  b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
const byOffset = (a: TextMatch, b: TextMatch): number => a.start - b.start || a.end - b.end;

/** First index of `sorted` (ascending, length n) whose value is >= x. */
function lowerBound(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Same result as resolveOverlaps (match.ts): the same ranking, the same greedy keep-if-free, the same
 * final order. Its byte map spans the text between the first and last match (a megabyte for a
 * document with PII at both ends); here the map has one cell per elementary interval between the
 * distinct match boundaries, which is exact because every kept span is a union of whole cells.
 */
export function resolvePiiOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  const n = matches.length;
  if (n < 2) return [...matches];
  // Usual case: no two spans overlap, so every match is kept and the result is the matches in offset
  // order (non-empty disjoint spans have distinct starts, so that order does not depend on ranking).
  const inOrder = [...matches].sort(byOffset);
  let disjoint = true;
  for (let i = 0; i < n && disjoint; i++) {
    const m = inOrder[i]!;
    if (m.end <= m.start || (i > 0 && m.start < inOrder[i - 1]!.end)) disjoint = false;
  }
  if (disjoint) return inOrder;
  const ranked = [...matches].sort(byRank);
  const raw = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    raw[2 * i] = matches[i]!.start;
    raw[2 * i + 1] = matches[i]!.end;
  }
  raw.sort();
  let k = 0;
  for (let i = 0; i < raw.length; i++) if (k === 0 || raw[i] !== raw[k - 1]) raw[k++] = raw[i]!;
  const covered = new Uint8Array(k);
  const kept: TextMatch[] = [];
  for (const candidate of ranked) {
    const a = lowerBound(raw, k, candidate.start);
    const b = lowerBound(raw, k, candidate.end);
    let free = true;
    for (let i = a; i < b; i++) {
      if (covered[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    if (a < b) covered.fill(1, a, b);
    kept.push(candidate);
  }
  return kept.sort(byOffset);
}

const isDigitAt = (text: string, i: number, to: number): boolean => {
  if (i >= to) return false;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const isLetterAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i) | 32;
  return c >= 97 && c <= 122;
};

/**
 * Exact answers to "can this rival find anything in the window text[from, to)?" from the window's
 * digit positions (D, ascending, from the numeric scan) instead of a regex pass over the window. Each
 * states the necessary condition its recognizer already tests on the window (or on which its pattern
 * depends), restricted to the window as a slice is:
 * - date_of_birth: DATE_NEED (pii-context-bound.ts) - a digit, separator, one or two digits, the same
 *   separator and a digit; or a digit after spaces that follow a letter, '.' or ','; or a digit after a
 *   '-' or '/' after a letter; or eight digits; or a digit and three letters (letters: ASCII and
 *   U+00C0-U+00FF).
 * - npi: the pattern [12]\d{9} (ten digits in a row, the first 1 or 2).
 * - iban: two ASCII letters and two digits (IBAN_RE asserts [A-Za-z]{2} before its \d{2}).
 * - ip_address: a digit, '.', a digit (inside every IPv4 match) or a ':' (the IPv6 scan starts at colons).
 * `nextColon` is the first ':' at or after `from` (-1: none), so no precheck needs the window's slice.
 */
export type RivalPrecheck = (
  text: string,
  from: number,
  to: number,
  digits: ArrayLike<number>,
  lo: number,
  hi: number,
  nextColon: number,
) => boolean;

/** The date_of_birth condition at the digit at q (see RIVAL_POSSIBLE). */
function dateAt(text: string, q: number, from: number, to: number): boolean {
  const sep = q + 1 < to ? text.charCodeAt(q + 1) : 0;
  if ((sep === 45 || sep === 46 || sep === 47) && isDigitAt(text, q + 2, to)) {
    if (q + 3 < to && text.charCodeAt(q + 3) === sep && isDigitAt(text, q + 4, to)) return true;
    if (isDigitAt(text, q + 3, to) && q + 4 < to && text.charCodeAt(q + 4) === sep && isDigitAt(text, q + 5, to))
      return true;
  }
  if (q - 1 >= from && text.charCodeAt(q - 1) === 32) {
    let j = q - 1;
    while (j > from && text.charCodeAt(j - 1) === 32) j--;
    if (j - 1 >= from) {
      const c = text.charCodeAt(j - 1);
      if (isDateLetter(c) || c === 46 || c === 44) return true;
    }
  }
  if (q - 2 >= from) {
    const b = text.charCodeAt(q - 1);
    if ((b === 45 || b === 47) && isDateLetter(text.charCodeAt(q - 2))) return true;
  }
  if (
    q + 3 < to &&
    isDateLetter(text.charCodeAt(q + 1)) &&
    isDateLetter(text.charCodeAt(q + 2)) &&
    isDateLetter(text.charCodeAt(q + 3))
  )
    return true;
  if (q + 7 < to) {
    let k = 1;
    while (k < 8 && isDigitAt(text, q + k, to)) k++;
    if (k === 8) return true;
  }
  return false;
}

/** DATE_NEED's letters: ASCII and U+00C0-U+00FF. */
function isDateLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xff);
}

/** The npi condition at digits[k] = q. */
function npiAt(text: string, q: number, k: number, digits: ArrayLike<number>, to: number): boolean {
  const c = text.charCodeAt(q);
  return (c === 49 || c === 50) && q + 9 < to && k + 9 < digits.length && digits[k + 9] === q + 9;
}

/** The iban condition at the digit at q. */
function ibanAt(text: string, q: number, from: number, to: number): boolean {
  return q - 2 >= from && isLetterAt(text, q - 2) && isLetterAt(text, q - 1) && isDigitAt(text, q + 1, to);
}

/** The IPv4 part of the ip_address condition at the digit at q. */
function ipv4At(text: string, q: number, to: number): boolean {
  return q + 1 < to && text.charCodeAt(q + 1) === 46 && isDigitAt(text, q + 2, to);
}

export const RIVAL_POSSIBLE: Partial<Record<PiiType, RivalPrecheck>> = {
  date_of_birth(text, from, to, digits, lo, hi) {
    for (let k = lo; k < hi; k++) if (dateAt(text, digits[k]!, from, to)) return true;
    return false;
  },
  npi(text, _from, to, digits, lo, hi) {
    for (let k = lo; k < hi; k++) if (npiAt(text, digits[k]!, k, digits, to)) return true;
    return false;
  },
  iban(text, from, to, digits, lo, hi) {
    for (let k = lo; k < hi; k++) if (ibanAt(text, digits[k]!, from, to)) return true;
    return false;
  },
  ip_address(text, _from, to, digits, lo, hi, nextColon) {
    for (let k = lo; k < hi; k++) if (ipv4At(text, digits[k]!, to)) return true;
    return nextColon >= 0 && nextColon < to;
  },
};

/** One bit per rival that has a precheck (RIVAL_POSSIBLE); 0 for the others. */
export const RIVAL_BIT: Partial<Record<PiiType, number>> = { date_of_birth: 1, npi: 2, iban: 4, ip_address: 8 };

/**
 * The RIVAL_POSSIBLE answers for the rivals in `wanted` (a mask of RIVAL_BIT), as a mask, from one walk
 * over the window's digits instead of one call and one walk per rival; the walk stops once every
 * wanted rival is possible.
 */
export function possibleRivals(
  text: string,
  from: number,
  to: number,
  digits: ArrayLike<number>,
  lo: number,
  hi: number,
  nextColon: number,
  wanted: number,
): number {
  let found = 0;
  if ((wanted & 8) !== 0 && nextColon >= 0 && nextColon < to) found |= 8;
  for (let k = lo; k < hi && found !== wanted; k++) {
    const q = digits[k]!;
    const open = wanted & ~found;
    if ((open & 1) !== 0 && dateAt(text, q, from, to)) found |= 1;
    if ((open & 2) !== 0 && npiAt(text, q, k, digits, to)) found |= 2;
    if ((open & 4) !== 0 && ibanAt(text, q, from, to)) found |= 4;
    if ((open & 8) !== 0 && ipv4At(text, q, to)) found |= 8;
  }
  return found;
}

/** Merged [from, to) windows of RIVAL_MARGIN chars around each match. */
export const RIVAL_MARGIN = 96;

/**
 * The windows as flat pairs [from, to, from, to, ...] in text order; spans that overlap or touch are
 * merged. Starts and ends are sorted apart (no array of pairs): a window closes at the j-th smallest
 * end when exactly j + 1 spans start at or before it, i.e. every span begun so far has ended and the
 * next one starts after it. Same windows as sorting the spans by start and merging.
 */
export function windowsAround(matches: readonly TextMatch[], length: number): number[] {
  const n = matches.length;
  // Offsets fit 32 bits (strings are shorter than 2^30); an Int32Array sorts about twice as fast.
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const m = matches[i]!;
    starts[i] = Math.max(0, m.start - RIVAL_MARGIN);
    ends[i] = Math.min(length, m.end + RIVAL_MARGIN);
  }
  starts.sort();
  ends.sort();
  const merged: number[] = [];
  let begun = 0;
  let first = 0;
  for (let j = 0; j < n; j++) {
    while (begun < n && starts[begun]! <= ends[j]!) begun++;
    if (begun === j + 1) {
      merged.push(starts[first]!, ends[j]!);
      first = j + 1;
    }
  }
  return merged;
}

/**
 * Texts this long or longer have their context windows asked for by every windowed recognizer (their
 * lookaround-free precheck runs only on shorter ones; see NEED_TEST_MAX in pii-context-bound.ts), so
 * priming the shared anchor pass for them is never wasted.
 */
const PRIME_MIN_LENGTH = 1025;

/** A prepared PII detector (see preparePiiDetector). */
export interface PiiDetector {
  /** The canonical types this detector reports. */
  readonly types: readonly PiiType[];
  /** Configured names that are not PII entity types (for lint and step diagnostics). */
  readonly unknownTypes: readonly string[];
  /** Returns non-overlapping matches sorted by offset. */
  scan(text: string): TextMatch[];
}

/**
 * Prepares a detector for the given entity types (canonical names or aliases). Unknown names are
 * reported in `unknownTypes` rather than thrown, so one unsupported category does not disable the rest.
 */
export function preparePiiDetector(opts: { types: readonly string[] }): PiiDetector {
  const wanted = new Set<PiiType>();
  const unknownTypes: string[] = [];
  for (const name of opts.types) {
    const type = canonicalPiiType(name);
    if (type) wanted.add(type);
    else unknownTypes.push(name);
  }
  const types = PII_TYPES.filter((t) => wanted.has(t));
  const recognizers = types.map((t) => RECOGNIZERS[t]);
  const regionRecognizers = types.map((t) => REGION_RECOGNIZERS[t]);
  const gated = regionRecognizers.some((r) => r !== undefined);
  // Only recognizers that scan the whole text need the "any digit at all" test (a full pass over a
  // digit-free text); the gated ones find nothing in a text without digits anyway.
  const digitTested = types.some((t, i) => t !== 'email' && regionRecognizers[i] === undefined);
  const rivalTypes = new Set<PiiType>();
  for (const type of wanted) for (const rival of RIVALS[type] ?? []) if (!wanted.has(rival)) rivalTypes.add(rival);
  const rivalList = PII_TYPES.filter((t) => rivalTypes.has(t));
  const rivals = rivalList.map((t) => RECOGNIZERS[t]);
  const phoneRival = rivalTypes.has('phone');
  const rivalBits = rivalList.map((t) => RIVAL_BIT[t] ?? 0);
  const checkedRivals = rivalBits.reduce((mask, bit) => mask | bit, 0);
  // The fewest digits and marks a run must hold for a wanted region recognizer to read it (marks: more
  // than SAMPLE_STRIDE).
  const minRegionDigits = Math.min(...regionRecognizers.map((r) => r?.minDigits ?? Infinity));
  const minRegionMarks = Math.min(...regionRecognizers.map((r) => r?.minMarks ?? Infinity));
  // The windowed recognizers among the wanted types: with two or more, one anchor pass serves all.
  const windowBits = types.map((t) => {
    const context = WINDOWED_CONTEXTS[t];
    return context === undefined ? 0 : WINDOW_ANCHORS.bitOf(context);
  });
  const windowMask = windowBits.reduce((mask, bit) => mask | bit, 0);
  const primeWindows = windowBits.filter((bit) => bit !== 0).length >= 2;
  const digits: DigitList = { positions: new Int32Array(256), count: 0, complete: false };
  // A window's digits when the scan did not list them all (the text was sampled).
  const windowDigits: DigitList = { positions: new Int32Array(64), count: 0, complete: false };
  // Folded windows whose runs no wanted value can reach are not scanned (see mayCoverBounded).
  const emailWanted = wanted.has('email');
  const bounded = types.every((t) => t === 'email' || REGION_RECOGNIZERS[t] !== undefined);
  const mayCover = bounded ? mayCoverBounded : undefined;
  // Numbers glued to a label word are read for the wanted types a label can name (see pii-labels.ts).
  const labelsWanted = types.some((t) => Object.hasOwn(LABEL_CONTEXT, t));
  return {
    types,
    unknownTypes,
    scan(text: string): TextMatch[] {
      // Invisible characters, fullwidth forms, Unicode hyphens and JSON escapes (an escaped line break
      // glued to the value after it) do not hide a value.
      return scanFolded(text, scanPlain, undefined, true, mayCover);
    },
  };

  /**
   * Whether a value of the wanted types can cover or touch one of the view offsets `spans` of a folded
   * window (see scanFolded), when every wanted type is bounded as emailCanReach and numericCanReach say.
   */
  function mayCoverBounded(view: string, spans: readonly number[]): boolean {
    for (let k = 0; k < spans.length; k += 2) {
      if (emailWanted && emailCanReach(view, spans[k]!, spans[k + 1]!)) return true;
      if (gated && numericCanReach(view, spans[k]!, spans[k + 1]!, minRegionDigits)) return true;
      if (gated && numericAfterWord(view, spans[k]!, spans[k + 1]!, minRegionDigits)) return true;
    }
    return false;
  }

  /**
   * A number glued to the end of an address (`jane@example.com4111111111111111`, `...com536-22-1234`: form
   * fields pasted without their separators; the address ends before it, see scanEmails) is refused by the
   * numeric patterns, which take a letter before it for an identifier's. The numeric run after each such
   * address is read again by the wanted region recognizers, as a region (its context words still come from
   * the text) and, where that finds nothing, alone. One test per address found.
   */
  function readAfterEmails(text: string, found: TextMatch[]): void {
    const n = found.length;
    for (let k = 0; k < n; k++) {
      const m = found[k]!;
      const next = m.end < text.length ? text.charCodeAt(m.end) : 0;
      if (m.type !== 'email' || next < 48 || next > 57) continue;
      let e = m.end;
      let digitCount = 0;
      for (let c = next; e < text.length && isNumericRunChar(c); c = text.charCodeAt(++e))
        if (c >= 48 && c <= 57) digitCount++;
      // Fewer digits than any wanted recognizer reports (a count, a year): nothing to read.
      if (digitCount < minRegionDigits) continue;
      const to = e < text.length ? e + 1 : e;
      let piece: string | null = null;
      for (const regional of regionRecognizers) {
        if (regional === undefined) continue;
        const before = found.length;
        regional.recognize(text, found, m.end, to);
        if (found.length > before) continue;
        // The phone reader checks the character before a number in the text itself: it reads the run alone.
        piece ??= text.slice(m.end, to);
        const local: TextMatch[] = [];
        regional.recognize(piece, local);
        for (const v of local) found.push({ ...v, start: v.start + m.end, end: v.end + m.end });
      }
    }
  }

  /**
   * Reads the numeric run at runStart (its region ends at `to`: the run and the character after it; it
   * holds `digits` digits and `marks` marks) as a value of the entity whose label is glued to it, if that
   * entity is wanted: the entity's recognizer reads the value after its context word, alone (see
   * pii-labels.ts), as it reads `ssn 536221234`, and the values it finds there are reported at their place
   * in the text (the run's later values too: after a labelled value they are no groups of a code).
   */
  function readLabelled(
    text: string,
    found: TextMatch[],
    runStart: number,
    to: number,
    digits: number,
    marks: number,
  ): void {
    const valueStart = gluedValueStart(text, runStart);
    if (valueStart < 0) return;
    const type = labelBefore(text, valueStart);
    if (type === undefined || !wanted.has(type)) return;
    const { recognize, minDigits, minMarks } = REGION_RECOGNIZERS[type]!;
    if (digits < minDigits || marks < minMarks) return;
    const word = LABEL_CONTEXT[type];
    const local: TextMatch[] = [];
    recognize(`${word} ${text.slice(valueStart, partEnd(text, to))}`, local);
    const shift = valueStart - word.length - 1;
    for (const m of local) if (m.type === type) found.push({ ...m, start: m.start + shift, end: m.end + shift });
  }

  /**
   * The numbers glued to a label word (see pii-labels.ts). Such a number lies in one numeric run, so in a
   * region when the text was gated; a short text dense in seeds (no regions) has its runs walked here.
   */
  function readLabelledRuns(text: string, found: TextMatch[], regions: number[] | null): void {
    if (regions !== null) {
      for (let r = 0; r < regions.length; r += REGION_FIELDS) {
        const from = regions[r]!;
        // A region starts one character before its run, unless the run starts the text.
        if (!isNumericRunChar(text.charCodeAt(from)))
          readLabelled(text, found, from + 1, regions[r + 1]!, regions[r + 2]!, regions[r + 3]!);
      }
      return;
    }
    const n = text.length;
    for (let i = 1; i < n; i++) {
      if (!isNumericRunChar(text.charCodeAt(i)) || isNumericRunChar(text.charCodeAt(i - 1))) continue;
      let e = i;
      let digitCount = 0;
      let plus = 0;
      for (let c = text.charCodeAt(e); e < n && isNumericRunChar(c); c = text.charCodeAt(++e)) {
        if (c >= 48 && c <= 57) digitCount++;
        else if (c === RUN_PLUS) plus = 1;
      }
      readLabelled(text, found, i, e < n ? e + 1 : e, digitCount, digitCount + plus);
      i = e;
    }
  }

  function scanPlain(text: string): TextMatch[] {
    if (text.length === 0 || types.length === 0) return [];
    resetColumns();
    const found: TextMatch[] = [];
    // Every entity but email contains a digit; text without digits only needs the email scan.
    const hasDigit = digitTested && DIGIT.test(text);
    digits.count = 0;
    const regions = gated
      ? numericScan(text, rivals.length > 0 ? digits : null, minRegionDigits, minRegionMarks)
      : null;
    // The digit positions answer the rivals' prechecks when the scan saw every digit (the indexOf
    // path of long texts, run to the end); on a long text it sampled, each window's digits are
    // listed from the window itself. Short texts run the rivals without prechecks.
    const digitsKnown = regions !== null && rivals.length > 0 && text.length >= SHORT_TEXT && digits.complete;
    const windowsListed = !digitsKnown && regions !== null && text.length >= SHORT_TEXT;
    if (primeWindows && text.length >= PRIME_MIN_LENGTH) WINDOW_ANCHORS.prime(text, windowMask);
    for (let i = 0; i < recognizers.length; i++) {
      const regional = regionRecognizers[i];
      if (regional !== undefined && regions !== null) {
        const { recognize, minDigits, minMarks } = regional;
        for (let r = 0; r < regions.length; r += REGION_FIELDS) {
          if (regions[r + 2]! >= minDigits && regions[r + 3]! >= minMarks)
            recognize(text, found, regions[r], regions[r + 1]);
        }
      } else if (regional !== undefined || hasDigit || types[i] === 'email') recognizers[i]!(text, found);
    }
    if (labelsWanted) readLabelledRuns(text, found, regions);
    if (emailWanted && gated) readAfterEmails(text, found);
    // Rivals only matter where something was found that they could dispute: they scan windows
    // around the matches (with room for their context words), not the whole text.
    const wantedFound = found.length;
    if (found.length > 0 && rivals.length > 0) {
      const digitIndex = digitsKnown ? digits.positions.subarray(0, digits.count) : null;
      const windows = windowsAround(found, text.length);
      // First ':' at or after the window (-2: not looked up yet); windows ascend, so the lookups
      // together read the text once.
      let colon = -2;
      // The window's digits are digitIndex[lo, hi): both ends only move forward.
      let lo = 0;
      let hi = 0;
      for (let w = 0; w < windows.length; w += 2) {
        const from = windows[w]!;
        const to = windows[w + 1]!;
        let slice: string | null = null;
        let local: TextMatch[] | null = null;
        if (digitIndex !== null) {
          while (lo < digitIndex.length && digitIndex[lo]! < from) lo++;
          if (hi < lo) hi = lo;
          while (hi < digitIndex.length && digitIndex[hi]! < to) hi++;
          if (colon !== -1 && colon < from) colon = text.indexOf(':', from);
        }
        let possible = checkedRivals;
        if (digitIndex !== null) possible = possibleRivals(text, from, to, digitIndex, lo, hi, colon, checkedRivals);
        else if (windowsListed) {
          if (colon !== -1 && colon < from) colon = text.indexOf(':', from);
          windowDigits.count = 0;
          for (let i = from; i < to; i++) {
            const c = text.charCodeAt(i);
            if (c >= 48 && c <= 57) addDigit(windowDigits, i);
          }
          possible = possibleRivals(
            text,
            from,
            to,
            windowDigits.positions.subarray(0, windowDigits.count),
            0,
            windowDigits.count,
            colon,
            checkedRivals,
          );
        }
        for (let k = 0; k < rivals.length; k++) {
          const bit = rivalBits[k]!;
          if (bit !== 0 && (possible & bit) === 0) continue;
          slice ??= text.slice(from, to);
          local ??= [];
          rivals[k]!(slice, local);
        }
        if (local !== null) for (const m of local) found.push({ ...m, start: m.start + from, end: m.end + from });
      }
    }
    // A document with very many digits does not keep its large list alive after the scan.
    if (digits.positions.length > MAX_KEPT_DIGITS) digits.positions = new Int32Array(256);
    if (windowDigits.positions.length > MAX_KEPT_DIGITS) windowDigits.positions = new Int32Array(64);
    if (phoneRival && found.length > wantedFound) dropSwallowingPhones(text, found, wantedFound);
    const resolved = resolvePiiOverlaps(found);
    const isWanted = (m: TextMatch): boolean => wanted.has(m.type as PiiType);
    if (resolved.length < found.length) coverLostValues(found, resolved, isWanted);
    return resolved.filter(isWanted);
  }
}
