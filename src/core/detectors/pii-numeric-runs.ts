/**
 * The numeric runs of a text, for the PII detector (pii.ts): the runs of digits and separators that
 * phone, SSN and card values lie in, found by one native regex pass, and the questions asked of them
 * (can a value reach this span, is a number written after this word). Split from pii.ts, which runs
 * the recognizers on these regions.
 */
import { extendedNumberEnd } from './pii-context.js';
import { grownInt32 } from './typed-arrays.js';

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

export function isNumericRunChar(c: number): boolean {
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
export function partEnd(text: string, to: number): number {
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
export const RUN_PLUS = 43;

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
export const SHORT_TEXT = 256;
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
export interface DigitList {
  positions: Int32Array;
  count: number;
  complete: boolean;
}

/** Largest digit list a detector keeps between scans (256 KB). */
export const MAX_KEPT_DIGITS = 1 << 16;

export function addDigit(list: DigitList, position: number): void {
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
export function numericScan(
  text: string,
  digits: DigitList | null,
  minDigits: number,
  minMarks: number,
): number[] | null {
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
 * in one numeric run (see SEED_REACH), so it lies in the numeric run through the span's neighbours, but
 * for a phone's extension after the run.
 */
export function numericCanReach(text: string, from: number, to: number, minDigits: number): boolean {
  let a = from;
  let b = to;
  while (a > 0 && isNumericRunChar(text.charCodeAt(a - 1))) a--;
  // A phone's span takes its extension (`415-555-0132 ext. 12`): a span inside that reaches the number.
  const numberEnd = extendedNumberEnd(text, a);
  if (numberEnd >= 0) for (a = numberEnd; a > 0 && isNumericRunChar(text.charCodeAt(a - 1));) a--;
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
export const REGION_FIELDS = 4;
