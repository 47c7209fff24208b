/**
 * Values glued to their label: `ssn_536221234`, `cc4539578763621486`, `tel_4155550134`, `card4539 5787 6362
 * 1486`, as logs, form dumps, CSV headers turned keys and identifiers write them. The patterns refuse a
 * number with a word character before it (`(?<![\w-])`: the digits of an identifier, a hash or a
 * version), so such a value was left in clear, while `ssn 536221234` or `SSN:536-22-1234` was redacted.
 *
 * Decision: a number right after a label word of its own entity (below), with '_', '-', '.' or nothing
 * between them, is read as if the label were written before it with a space: the entity's recognizer
 * reads it with its context word, so its own checks still decide (the SSA rules, Luhn and the issuer,
 * the phone layouts: `phone5551234567` stays allowed as `phone 5551234567` does), and a letter or a digit
 * right after it still makes it part of a token (`ssn_536221234x`), while '_', '-' or '.' and a letter start
 * the key's next part (`ssn_536221234_verified`: partEnd in pii-numeric-runs.ts). Any other word glued to a number
 * stays what it was: the number of an identifier or a hash (`build_4539578763621486`,
 * `a4539578763621486b`, `sha_4539578763621486`). The label is a whole word or the last part of a
 * compound (`user_ssn`, `userSsn`, `card_number`, `cardNumber`), not the end of a longer word (`hotel`,
 * `japan`, `acc`: a letter or a digit before it that starts no new part), unless it ends no other word
 * (WORD_END_LABELS: `USERSSN536221234`). The finding covers the number
 * only (`ssn_[SSN_REDACTED]`).
 */
import type { PiiType } from './pii-types.js';

/** The entities a glued label can name: the numeric ones (see REGION_RECOGNIZERS in pii.ts). */
export type LabelledType = Extract<PiiType, 'ssn' | 'credit_card' | 'phone'>;

/**
 * Label words by entity, and what may follow them in a compound (`card_no`, `phoneNumber`). Account
 * words (`acct`, `account`) are not card labels: an account number is no card, and one that passes Luhn
 * after them would be redacted for nothing.
 */
const HEADS: Readonly<Record<LabelledType, readonly string[]>> = {
  ssn: ['ssn', 'social', 'socialsecurity'],
  credit_card: ['card', 'cc', 'creditcard', 'debitcard', 'pan', 'visa', 'mastercard', 'amex'],
  phone: ['phone', 'tel', 'telephone', 'mobile', 'mobilephone', 'cell', 'cellphone', 'fax', 'msisdn', 'whatsapp'],
};
const TAILS = ['', 'no', 'nr', 'num', 'number'];

/** Label words without their separators, lower-cased, and the entity they name. */
const LABELS = new Map<string, LabelledType>();
for (const type of Object.keys(HEADS) as LabelledType[])
  for (const head of HEADS[type]) for (const tail of TAILS) LABELS.set(head + tail, type);

/**
 * Labels that end no other word: read also at the end of a longer word of letters (`USERSSN536221234`,
 * `PATIENTSSN_536221234`, `homephonenumber4155550134`), where keys written in one case have no hump to
 * start a part at. Other labels end common words (`hotel`, `japan`, `acc`, `postcard`, `automobile`, and
 * `hotelno`, `accnumber` with a tail), so they need a part of their own.
 */
const WORD_END_LABELS = new Set<string>();
for (const head of ['ssn', 'socialsecurity', 'creditcard', 'debitcard', 'msisdn'])
  for (const tail of TAILS) WORD_END_LABELS.add(head + tail);
for (const label of ['phonenumber', 'cardnumber']) WORD_END_LABELS.add(label);

/** The most characters a label spans (`social_security_number`, with a separator between its parts). */
const LABEL_REACH = 32;

/**
 * The context word a labelled number is read after (see readLabelled): one each recognizer takes as its
 * own, whatever the label's spelling.
 */
export const LABEL_CONTEXT: Readonly<Record<LabelledType, string>> = {
  ssn: 'ssn',
  credit_card: 'card',
  phone: 'phone',
};

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const OTHER_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** A character that continues a word: a letter or a digit of any script (not a quote mark or a dash). */
const isWordCode = (c: number): boolean =>
  isLower(c) || isUpper(c) || (c >= 48 && c <= 57) || (c >= 0xaa && OTHER_LETTER_OR_DIGIT.test(String.fromCharCode(c)));

/** A separator a label's parts, or a label and its value, may have between them. */
const isJoiner = (c: number): boolean => c === 95 || c === 45 || c === 46;

/**
 * Where the value starts in the numeric run at `runStart` when a label may be glued to it, else -1: the
 * run starts with a digit, '+' or '(' (an area code: `tel(415) 555-0132`) right after an ASCII letter or
 * a '_', or, after a letter, with a '-' or '.' joiner (numeric run characters themselves) and one of
 * those after it.
 */
export function gluedValueStart(text: string, runStart: number): number {
  if (runStart === 0) return -1;
  const before = text.charCodeAt(runStart - 1);
  let at = runStart;
  if (isLower(before | 32)) {
    const joiner = text.charCodeAt(at);
    if (joiner === 45 || joiner === 46) at++;
  } else if (before !== 95) return -1;
  let c = text.charCodeAt(at);
  if (c === 40) c = text.charCodeAt(at + 1);
  return (c >= 48 && c <= 57) || c === 43 ? at : -1;
}

/**
 * The entity whose label ends right before the value at `valueStart` (see gluedValueStart), or undefined.
 * The label is read back over letters and joiners from its last letter; each place where a part starts
 * (after a character that is no letter or digit, or an upper-case letter after a lower-case one) is tried,
 * and the longest label wins. A bracketed upper-case label with '_' (`[PHONE_012345678901]`) is the shape
 * of a redaction marker (the `hash` format's pseudonym), not a label and its value.
 */
export function labelBefore(text: string, valueStart: number): LabelledType | undefined {
  let end = valueStart;
  const joiner = text.charCodeAt(end - 1);
  if (isJoiner(joiner)) end--;
  if (end === 0 || !isLower(text.charCodeAt(end - 1) | 32)) return undefined;
  const floor = Math.max(0, end - LABEL_REACH);
  let found: LabelledType | undefined;
  let foundAt = -1;
  // A label of WORD_END_LABELS at the end of a longer word, and where the walk back stopped.
  let wordEnd: LabelledType | undefined;
  let s = end - 1;
  let key = '';
  for (; s >= floor; s--) {
    const c = text.charCodeAt(s);
    if (isJoiner(c)) continue;
    if (!isLower(c | 32)) break;
    key = String.fromCharCode(c | 32) + key;
    const b = s > 0 ? text.charCodeAt(s - 1) : 32;
    const starts = !isWordCode(b) || (isLower(b) && isUpper(c));
    if (starts || (wordEnd === undefined && WORD_END_LABELS.has(key))) {
      const type = LABELS.get(key);
      if (type !== undefined && starts) {
        found = type;
        foundAt = s;
      } else if (type !== undefined) wordEnd = type;
    }
  }
  // That longer word must be one of letters from its start (not the middle of a hash: `x2ssn...`).
  if (found === undefined && wordEnd !== undefined && (s < 0 || !isWordCode(text.charCodeAt(s)))) return wordEnd;
  if (found === undefined) return undefined;
  if (joiner === 95 && foundAt > 0 && text.charCodeAt(foundAt - 1) === 91 && isUpperWord(text, foundAt, end))
    return undefined;
  return found;
}

/** Whether text[from, to) has no lower-case letter. */
function isUpperWord(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLower(text.charCodeAt(i))) return false;
  return true;
}
