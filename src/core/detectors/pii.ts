/**
 * PII detector: prepared once per policy with the entity types it should find, then `scan(text)`
 * returns validated, non-overlapping matches with offsets. Entity names follow the docs
 * (`email`, `phone`, `ssn`, `credit_card`, `ip_address`, ...); common spellings are accepted as aliases.
 */
import type { TextMatch } from './match.js';
import { scanAddresses } from './pii-address.js';
import { scanPhones } from './pii-phone.js';
import { scanFolded } from './pii-fold.js';
import {
  addDigit,
  type DigitList,
  isNumericRunChar,
  MAX_KEPT_DIGITS,
  numericAfterWord,
  numericCanReach,
  numericScan,
  partEnd,
  REGION_FIELDS,
  RUN_PLUS,
  SHORT_TEXT,
} from './pii-numeric-runs.js';
import { coverLostValues, dropSwallowingPhones, resolvePiiOverlaps } from './pii-overlaps.js';
import { possibleRivals, RIVAL_BIT, windowsAround } from './pii-rivals.js';
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
 * Recognizers that may run on numeric regions only (see SEED_REACH in pii-numeric-runs.ts), with the fewest digits and marks
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
  // than SAMPLE_STRIDE in pii-numeric-runs.ts).
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
