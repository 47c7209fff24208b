/**
 * The injection detector's word pass over an ASCII view, on bytes. It is structureFindings (with a rule
 * gate, a similarity collector and a shift-cipher check) fused into one walk, and must give exactly what
 * that gives: the same repeated-token, word-game and dialogue findings, the same gate flags, the same
 * cipher feed and the same similarity tokens (see the differential check in the unit tests).
 *
 * Why it is faster: the words of a text repeat (prose has a few hundred distinct words), so everything a
 * word means to the layers (the rules it unlocks, whether it is a common English word for the cipher
 * check, its stem hash for the similarity layer and whether that is a lexicon word) is looked up once per
 * distinct word and kept in a table keyed by the word's hash (injection-word-slots.ts: its slot, or
 * another slot of the slot's group of four), confirmed byte by byte. A word then costs its hash, one slot compare and
 * a few flag tests. The similarity tokens pass through a small ring buffer; the pass counts the similarity
 * layer's window gate as the windows close and scores only the windows that pass it
 * (SimilarityIndex.scoreWindow, straight from the ring), which are all that layer scores.
 */
import type { TextMatch } from './match.js';
import { mapSpan, noteEncodedRuns, OTHER_UNIT, viewBytes, type NormalizedText } from './normalize.js';
import { HASH_SEED, WordTable } from './normalize-words.js';
import {
  asciiStemHash,
  isTokenCodePoint,
  NO_TOKEN,
  tokenStemHash,
  type SimilarityHit,
  type SimilarityIndex,
} from './similarity.js';
import type { ShiftCipherScan } from './injection-cipher.js';
import { ENCODED_RUN, RUN_CLASS } from './normalize-run-starts.js';
import { dialogueFinding, isDatumToken, REPEAT_RUN, WHITESPACE_ONLY, wordGameFinding } from './injection-structure.js';
import { grownInt32 } from './typed-arrays.js';
import { B64, BIN, EncodedRunNotes, HEX, MORSE, RUN_CLASSES } from './injection-run-notes.js';
import {
  ByteRow,
  Obfuscation,
  ObfuscationMarks,
  SPELLED_GAP,
  SPELLED_MIN,
  SPLIT_UNIT,
  splitWordEnd,
} from './injection-obfuscation.js';
import { Fact, Field, Head, Table, WordSlots } from './injection-word-slots.js';

// The word pass's shortcut for spaces assumes these classes.
if (
  (RUN_CLASSES[32]! & RUN_CLASS.base64) !== 0 ||
  (RUN_CLASSES[32]! & (RUN_CLASS.morse | RUN_CLASS.hexSeparated | RUN_CLASS.binarySeparator)) !==
    (RUN_CLASS.morse | RUN_CLASS.hexSeparated | RUN_CLASS.binarySeparator)
) {
  throw new Error('injection-words: the space is expected to end base64 runs and continue Morse, hex and binary runs');
}
// The gap loop turns class bits into 0/1 by shifts (Shift; the binary bits by adding BIN, which carries
// into bit 3 when either is set): it assumes these bits.
if (B64 !== 1 || BIN !== 6 || HEX !== 8 || MORSE !== 16) throw new Error('injection-words: unexpected run class bits');

/** Byte classes: 1 for [a-z0-9] (a word unit of the view), 2 for an apostrophe (joins words into a token). */
const UNIT = (() => {
  const t = new Uint8Array(256);
  for (let c = 97; c <= 122; c++) t[c] = 1;
  for (let c = 48; c <= 57; c++) t[c] = 1;
  t[39] = 2;
  return t;
})();

// The constants of the hot loop are const enums: a bundler inlines their members as literals, whereas a
// module-level const becomes a mutable binding that the optimising compiler reloads and re-checks at
// every use.
/** Shifts that bring a run class bit (RUN_CLASS) down to bit 0 in the gap loop. */
const enum Shift {
  HEX = 3,
  MORSE = 4,
}
/** Fields of a ring entry (Int32 each) and the entry size. */
const enum Ring {
  HASH = 0,
  START = 1,
  END = 2,
  VOCAB = 3,
  FIELDS = 4,
}
/** Tokens past the last full window the walk takes before it closes the windows again (closeWindows). */
const LAZY_TOKENS = 240;
/** No split heads (a pass without them). */
const NO_HEADS = new WordTable<unknown>([]);
/** No unit starts, and no heads (a pass without WordStarts). */
const NO_UNIT_STARTS = new Uint8Array(256);
const NO_HEAD_NEXT = new Int32Array(32);

/** What the pass needs from the detector: the rule gate table and the similarity index. */
export interface WordPassTables {
  /** word -> indices of the gate flags it sets. */
  gate: WordTable<readonly number[]>;
  /** The words a gate word split by a mark may begin with (splitHeadsOf; none looked for without). */
  splitHeads?: WordTable<unknown>;
  /** The gate words' base64 spellings (base64SpellingsOf; none looked for without). */
  base64Words?: WordTable<string>;
  /** The pieces a space may cut off a gate word (spacedPiecesOf; none looked for without). */
  spacedPieces?: WordTable<unknown>;
  similarity: SimilarityIndex;
  /** Where rules may start (StartIndex): the pass lists those places of the text (see AsciiWordPass.starts). */
  starts?: WordStarts;
}

/** The places where a rule may start, as the word pass tells them (injection-starts.ts). */
export interface WordStarts {
  /** 1 at each byte outside [a-z0-9], other than the space and the apostrophe, at which a rule may start (OTHER_UNIT: a unit that is not ASCII). */
  readonly unitStarts: Uint8Array;
  /** Texts shorter than this are not looked at by their starts: nothing is listed for them. */
  readonly minText: number;
  /** Some rule with letter runs sets no gate flag: words are listed from the start of every text. */
  readonly alwaysWords: boolean;
  /**
   * Whether gate flag `bit`, just set in `unlocked`, completes the gate flags of a rule with letter runs
   * (so that rule may pass its gates): words are listed from there on (RecordedStarts.wordsFrom).
   */
  completes(unlocked: Uint8Array, bit: number): boolean;
  /**
   * Whether a rule's letter run may begin where the word b[start, end) begins (a word of [a-z0-9], the byte
   * at end is not one): false only when none can, whatever the bytes after the word.
   */
  wordMayStart(b: Uint8Array, start: number, end: number): boolean;
  /**
   * For a word for which wordMayStart is true: a head number (1 or more) when every run the word may begin
   * goes on past it with a space (no run ends inside it or at its end), else 0. The everyday words that
   * begin runs are such heads ("the" of "the password", "with" of "with no filters", "as" of "as your
   * developer"): a head begins a run only where the two units after that space go on with one (headNext).
   */
  wordHead(b: Uint8Array, start: number, end: number): number;
  /**
   * At h * 32 + unitSymbol[x] for head h: bit unitSymbol[y] set when some run of the head goes on with
   * the space and units x and y (every bit when one ends at x). Row 0 (no head) is all 0.
   */
  readonly headNext: Int32Array;
  /** Per byte, its symbol for headNext (0 for a byte that no run has: the letters, space, apostrophe and hyphen have one). */
  readonly unitSymbol: Uint8Array;
}

/** The places of the last text where a rule may start, in increasing order (see AsciiWordPass.starts). */
export interface RecordedStarts {
  /** The view they are places of (the last view walked), or undefined before the first. */
  view: NormalizedText | undefined;
  positions: Int32Array;
  count: number;
  /**
   * Words are listed from this position on (units from the start): before it, no rule with letter runs
   * had all its gate flags, and the list has no words (a text where none ever has them lists none, and
   * this is its length).
   */
  wordsFrom: number;
}

/** The fused word pass; one per detector (its word table persists across texts). Not reentrant. */
export class AsciiWordPass {
  /** The words met so far and their facts (injection-word-slots.ts). */
  private readonly slots = new WordSlots();
  /** The words the pass has looked up and kept in its table so far (WordSlots.learnt). */
  get wordsLearnt(): number {
    return this.slots.learnt;
  }
  /**
   * The number of the current walk: a slot's gatesSet holds the number of the walk in which its word's gate
   * flags were all set.
   */
  private walks = 0;

  /**
   * For the last text: 1 at each byte value that occurs outside words and apostrophes (punctuation,
   * spaces, controls), so "does the text contain ':'" needs no search when the answer is no.
   */
  readonly punctuation = new Uint8Array(128);

  /**
   * For the last text: 1 at each UTF-16 unit that is not ASCII and occurs in it (so a marker of another
   * script needs no search when its first unit is absent); otherUnits lists them, to clear.
   */
  readonly otherSeen = new Uint8Array(65536);
  private otherUnits: number[] = [];

  /**
   * For the last text: whether it has one of the runs of the encoded-run prefilter (ENCODED_RUN), so
   * that a caller of uncheckedView knows whether its view stands (the classes are the same for the
   * original text's units: lower-casing moves no unit between them). False after a walk that did not
   * note runs (run's noteRuns).
   */
  encodedRunSuspect = false;

  /**
   * Whether the last walk stopped at a run that decodes (see run's `original`): its findings, flags, tokens
   * and notes are those of a part of the text only, and the view is not the one the text gets.
   */
  stoppedAtDecodingRun = false;
  /** The encoded runs of the walk (noteEncodedRuns), and whether one that decodes stopped it. */
  private readonly notes = new EncodedRunNotes();
  /**
   * For the last text: the starts of its words for which WordStarts.wordMayStart is true (a head only where
   * the units after it go on with one of its runs: WordStarts.wordHead) and the positions
   * of its bytes in WordStarts.unitStarts, in increasing order. StartIndex.collect then looks at these
   * instead of every byte of the view (most words begin no rule's run).
   */
  readonly starts: RecordedStarts = { view: undefined, positions: new Int32Array(4096), count: 0, wordsFrom: 0 };

  /**
   * For the last text: the words that hide a gate word (Fact.LEET, Fact.REVERSED, Fact.SQUASHED,
   * Fact.BASE64, Fact.HEX_WORD), the gate words split by marks (Fact.SPLIT_HEAD, then splitWordEnd), the rows of spelt-out
   * letters and the byte lists (Fact.HEX_BYTE, ByteRow), as start, end, Obfuscation triples in text order
   * (the first MAX_MARKS).
   */
  readonly obfuscated: ObfuscationMarks;
  /** The byte list the walk is in (Fact.HEX_BYTE words in a row). */
  private readonly byteRow: ByteRow;

  /** The similarity layer's answer for the last text: SimilarityIndex.bestOf of its tokens. */
  similarityHit: SimilarityHit | undefined;
  /** Windows of the last text that passed the gate and were scored. */
  windowsScored = 0;
  /** A window's stem hashes, copied out of the ring to be scored. */
  private readonly windowHashes: Int32Array;

  /**
   * The last ringMask + 1 tokens of the text (token t at entry t & ringMask, Ring.FIELDS ints each, in
   * one array: one fewer array to keep at hand per field in the loop): stem hash, span, and how many
   * vocabulary tokens came before it. A window that passes the gate is scored when it is closed (in
   * batches, closeWindows); the tokens are written here only, to a few cache lines.
   */
  private readonly ringMask: number;
  private readonly ring: Int32Array;

  /** The byte buffer of the last text and a DataView of it (the buffer is reused from text to text). */
  private bytes: Uint8Array | undefined;
  private data: DataView | undefined;

  constructor(private tables: WordPassTables) {
    // A power of two that holds a window and the tokens until the windows are next closed.
    const ring = 1 << (32 - Math.clz32(Math.max(1, tables.similarity.windowWords) + LAZY_TOKENS - 1));
    this.ringMask = ring - 1;
    this.ring = new Int32Array(ring * Ring.FIELDS);
    this.windowHashes = new Int32Array(Math.max(1, tables.similarity.windowWords));
    this.obfuscated = new ObfuscationMarks(
      tables.gate,
      tables.splitHeads ?? NO_HEADS,
      tables.base64Words,
      tables.spacedPieces,
    );
    this.byteRow = new ByteRow();
  }

  /**
   * Lists where rules may start (`starts`) from the next walk on, for a pass made without. The words kept
   * so far were learnt without that fact (Fact.STARTS), so the table is emptied: they are learnt again.
   */
  useStarts(starts: WordStarts): void {
    this.tables = { ...this.tables, starts };
    this.slots.clear();
  }

  /**
   * Walks the words of `view`: appends the structure findings to `findings` (as structureFindings does),
   * sets the gate flags of the words that occur in `unlocked`, feeds `cipher` (when given) and answers
   * the similarity layer (similarityHit). Returns false, having done nothing, for a view with too many
   * units that are not ASCII (see viewBytes); then use structureFindings and SimilarityIndex.best.
   *
   * Units that are not ASCII (OTHER_UNIT bytes) end words, as in structureFindings; those the similarity
   * tokenizer counts as word units (letters and digits of any script, the curly apostrophe) are kept in
   * their token, which is then hashed as that tokenizer does (tokenStemHash), so the tokens stay those
   * of SimilarityIndex.best on the view's text.
   *
   * With `noteRuns` false the encoded runs are not followed (nothing is noted, encodedRunSuspect is false
   * and noteEncodedRuns is not called): for a view that normalizeForMatching built, whose runs are decoded
   * already and which no one asks about them (its runs cost a few % of the walk on documents full of
   * punctuation).
   */
  run(
    view: NormalizedText,
    findings: TextMatch[],
    unlocked: Uint8Array,
    cipher: ShiftCipherScan | undefined,
    original?: string,
    noteRuns = true,
  ): boolean {
    const text = view.text;
    // Module-level tables and constants, read once: in the loop they are locals, not bindings reloaded and
    // re-checked at every use.
    const unitClass = UNIT;
    const splitUnit = SPLIT_UNIT;
    const runClasses = RUN_CLASSES;
    const otherUnit = OTHER_UNIT;
    const repeatRun = REPEAT_RUN;
    const b64Class = B64;
    const hexClass = HEX;
    const morseClass = MORSE;
    const binClass = BIN;
    const { base64: B64_MIN, morse: MORSE_MIN, hexSeparated: HEX_MIN, binaryDigits: BIN_MIN } = ENCODED_RUN;
    const n = text.length;
    const b = viewBytes(view);
    if (b === undefined) return false;
    // A view of `original` that uncheckedView answered: a run of its first half that decodes stops the walk
    // (the text gets another view, walked again: the rest of this walk would be wasted).
    const notes = this.notes;
    notes.begin(view, b, original);
    // Tokens so far, vocabulary tokens so far, and the end (in tokens) of the next full window: the
    // windows of SimilarityIndex.bestOf start at multiples of windowStep.
    let count = 0;
    let vocabCount = 0;
    const { windowWords, windowStep, minSharedWords } = this.tables.similarity;
    let windowEnd = windowWords;
    this.similarityHit = undefined;
    this.windowsScored = 0;
    this.obfuscated.reset();
    const { ringMask, ring } = this;
    // The full windows are closed (closeWindows) in batches, when count reaches checkAt and at the end: by
    // then the ring still holds every token of the oldest window not closed (its ringMask + 1 entries).
    let checkAt = windowEnd - windowWords + ringMask;
    const slots = this.slots;
    const { records, slotGates, gatesSet } = slots;
    // This walk's number, for gatesSet (a new number for each walk; the marks are cleared before one repeats).
    if (++this.walks === 0x7fffffff) {
      gatesSet.fill(0);
      this.walks = 1;
    }
    const walk = this.walks;
    if (this.bytes !== b) {
      this.bytes = b;
      this.data = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const dv = this.data!;
    let cipherLive = cipher !== undefined && !cipher.done;
    const punctuation = this.punctuation;
    punctuation.fill(0);
    const { otherSeen, otherUnits: seenUnits } = this;
    // Nothing is listed for a short text (no start list is asked for), nor by a pass without WordStarts.
    const listing = this.tables.starts !== undefined && n >= this.tables.starts.minText;
    const unitStarts = listing ? this.tables.starts!.unitStarts : NO_UNIT_STARTS;
    const headNext = listing ? this.tables.starts!.headNext : NO_HEAD_NEXT;
    const unitSymbol = listing ? this.tables.starts!.unitSymbol : NO_UNIT_STARTS;
    // Words are listed once a rule with letter runs may pass its gates (StartIndex.collect walks the bytes
    // before that place): a text where none can (the bench prose) pays nothing per word.
    let listWords = listing && this.tables.starts!.alwaysWords;
    let wordsFrom = listWords ? 0 : n;
    let startAt = this.starts.positions;
    let startCount = 0;
    for (let k = 0; k < seenUnits.length; k++) otherSeen[seenUnits[k]!] = 0;
    seenUnits.length = 0;

    // Encoded-run prefilter: where the current base64 and Morse runs began, and the current lengths of the
    // hex run and of the binary run's digits. Words are base64 units and break Morse runs; their hex and
    // binary parts come from the word table.
    // (Each run long enough to hold a match is noted, by a unit of it: EncodedRunNotes.note.)
    let b64From = 0;
    let morseFrom = 0;
    let hexRun = 0;
    let binDigits = 0;
    let counted = 0;
    let ay = 0;
    let ayFirst = -1;
    let ayLast = 0;
    let prevStart = -1;
    let prevLen = -1;
    /** The slot that keeps the previous word, or -1 (a word too long to keep). */
    let prevSlot = -1;
    let run = 0;
    let runStart = 0;
    let repeated = false;
    // Whether a space occurred (punctuation[32], set once at the end: a local costs less than a store per word).
    let sawSpace = 0;
    // Letters spelt out one by one ("i g n o r e", "i-g-n-o-r-e"): the one-unit words in a row, each at most
    // SPELLED_GAP units after the one before, and where the row began.
    let singles = 0;
    let singlesFrom = 0;
    let singleEnd = -SPELLED_GAP - 1;
    // A byte list ("0x69, 0x67, 0x6e"): its bytes in a row, each at most SPELLED_GAP units after the one before.
    const byteRow = this.byteRow.reset();
    // The last word that may be a piece of a gate word cut by a space (Fact.SPACED_PIECE).
    let pieceStart = 0;
    let pieceEnd = -3;
    // Words are maximal runs of [a-z0-9]; tokens (for similarity) maximal runs of [a-z0-9']. b[n] is 0,
    // so every inner loop stops at the end.
    let i = 0;
    walk: while (i < n) {
      if (unitClass[b[i]!] === 1) {
        // Fast loop, for the common case: a run of words each found in the table, without an "ay" ending,
        // not equal to the word before it, each a whole token (no apostrophe or other unit after it), the
        // run going on over single spaces. For such a word it does exactly what the general path below
        // does (the same steps, less the tests whose answer is known), with fewer values live and fewer
        // branches per word: about 10% of the pass on prose. Any other word leaves it before anything is
        // changed (i still at the word's start), and the general path takes that word. The cipher feed is
        // a call (feedCipher): inlined here it cost long texts, where the check is done after a few
        // hundred words, about 4% of the pass; as a call, about 1.5%, for 8-13% less on 1 KB prompts.
        // The gate-flag loop stays inline in both paths: everyday words ("the", "your") are gated, and
        // as a shared method it cost 1-5% of the pass on prose and docs (2026-11-22, same process).
        let lastStart = -1;
        let lastLen = 0;
        for (;;) {
          const start = i;
          const first = dv.getInt32(start, true);
          const second = dv.getInt32(start + 4, true);
          const keepLo = wordMask(first);
          if (keepLo === 0) break; // not a word after the space
          const keepHi = wordMask(second) & -(keepLo >>> 31);
          const lo = first & keepLo;
          const hi = second & keepHi;
          let end = start + ((64 - Math.clz32(keepLo) - Math.clz32(keepHi)) >> 3);
          let mid = 0;
          let tail = 0;
          if (keepHi === -1) {
            const x = dv.getInt32(end, true);
            const keepMid = wordMask(x);
            mid = x & keepMid;
            end += (32 - Math.clz32(keepMid)) >> 3;
            if (keepMid === -1) {
              const y = dv.getInt32(end, true);
              const keepTail = wordMask(y);
              if (keepTail === -1) break; // sixteen bytes or more: the general path compares the rest
              tail = y & keepTail;
              end += (32 - Math.clz32(keepTail)) >> 3;
            }
          }
          const len = end - start;
          const next = b[end]!;
          if (next === 39 || next === otherUnit) break; // the token goes on
          const key = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(mid ^ tail, 0xcc9e2d51), 0x9e3779b1);
          const slot = key >>> (32 - Table.SLOT_BITS);
          const rec = slot * Field.RECORD;
          // Under sixteen bytes the four words, zero past the end, also fix the length (word bytes are never 0).
          if (
            records[rec + Field.LO] !== lo ||
            records[rec + Field.HI] !== hi ||
            records[rec + Field.MID] !== mid ||
            records[rec + Field.TAIL] !== tail
          )
            break; // to look beside its slot, or learn
          const flags = records[rec + Field.FLAGS]!;
          // (A marked word is noted by the general path: one test here for both.)
          if ((flags & (Fact.ENDS_AY | Fact.OBFUSCATED | Fact.HEX_BYTE)) !== 0 || slot === prevSlot) break;
          if (listWords) {
            // Written always, counted only when listed: which words are listed is unpredictable, a branch on it cost more.
            // A head is listed when a space and two units that go on with one of its runs follow it (see the general path).
            if (startCount === startAt.length) startAt = this.growStarts();
            startAt[startCount] = start;
            startCount += (flags & Fact.STARTS) >>> Fact.STARTS_SHIFT;
            if (flags >= Fact.HEAD && next === 32)
              startCount +=
                (headNext[((flags >>> Head.SHIFT) << 5) | unitSymbol[b[end + 1]!]!]! >>> unitSymbol[b[end + 2]!]!) & 1;
          }
          // Committed: the word's runs, pig-latin count and repeat state, then the token's ring entry and
          // window gate, then the space.
          if (noteRuns) {
            if (start - morseFrom >= MORSE_MIN && notes.note(RUN_CLASS.morse, start - 1)) break walk;
            morseFrom = end;
            const runs = records[rec + Field.RUNS]!;
            const hexPrefix = runs & 255;
            if (hexPrefix === len) hexRun += len;
            else {
              if (hexRun + hexPrefix >= HEX_MIN && notes.note(RUN_CLASS.hexSeparated, start + hexPrefix - 1))
                break walk;
              hexRun = (runs >>> 8) & 255;
            }
            const binPrefix = (runs >>> 16) & 255;
            if (binPrefix === len) binDigits += len;
            else {
              if (binDigits + binPrefix >= BIN_MIN && notes.note(RUN_CLASS.binaryDigit, start + binPrefix - 1))
                break walk;
              binDigits = runs >>> 24;
            }
          }
          if (cipherLive) cipherLive = this.feedCipher(cipher!, text, start, end, flags, slot);
          if ((flags & Fact.GATED) !== 0 && gatesSet[slot] !== walk) {
            gatesSet[slot] = walk;
            const gates = slotGates[slot]!;
            for (let g = 0; g < gates.length; g++) {
              const bit = gates[g]!;
              if (unlocked[bit] !== 0) continue;
              unlocked[bit] = 1;
              if (listing && !listWords && this.tables.starts!.completes(unlocked, bit)) {
                listWords = true;
                wordsFrom = start + 1; // this word was not listed: the walk before wordsFrom takes it
              }
            }
          }
          counted += (2 - len) >>> 31;
          if ((flags & Fact.SPACED_PIECE) !== 0) {
            // Two pieces of a gate word one or two units apart ("ig nore", "ig\nnore"): looked at only then.
            if (start - pieceEnd <= 2) this.obfuscated.spacedPair(text, pieceStart, pieceEnd, start, end);
            pieceStart = start;
            pieceEnd = end;
          }
          if (len === 1) {
            if (start - singleEnd > SPELLED_GAP) {
              singles = 0;
              singlesFrom = start;
            }
            if (++singles === SPELLED_MIN) this.obfuscated.mark(singlesFrom, end, Obfuscation.SPELLED);
            singleEnd = end;
          }
          lastStart = start;
          lastLen = len;
          prevSlot = slot;
          const isToken = flags & Fact.TOKEN;
          const r = (count & ringMask) * Ring.FIELDS;
          ring[r + Ring.HASH] = records[rec + Field.STEM]!;
          ring[r + Ring.START] = start;
          ring[r + Ring.END] = end;
          ring[r + Ring.VOCAB] = vocabCount;
          vocabCount += isToken & ((flags & Fact.VOCABULARY) >>> 1);
          count += isToken;
          i = end;
          if (next !== 32 || count >= checkAt) {
            // A splitting mark after a word a split gate word may begin with, or after a gate word (see the general path).
            if ((flags & (Fact.SPLIT_HEAD | Fact.GATED)) !== 0 && splitUnit[next] !== 0)
              this.splitAt(text, b, end, flags);
            break; // (the windows are closed after the loop)
          }
          sawSpace = 1;
          if (noteRuns) {
            if (i - b64From >= B64_MIN && notes.note(RUN_CLASS.base64, i - 1)) break walk;
            b64From = i + 1;
            hexRun++;
          }
          i++;
        }
        if (count >= checkAt) {
          windowEnd = this.closeWindows(count, vocabCount, windowEnd);
          checkAt = windowEnd - windowWords + ringMask;
        }
        // The repeat state the general path keeps, as of the last word taken here (read only there).
        if (lastStart >= 0 && !repeated) {
          run = 1;
          runStart = lastStart;
          prevStart = lastStart;
          prevLen = lastLen;
        }
        if (i >= n) break;
      }
      let c = b[i]!;
      if (c === 32) {
        // A space (most gaps), before the class lookup: it ends a base64 run and continues the Morse, hex
        // and binary runs.
        sawSpace = 1;
        if (noteRuns) {
          if (i - b64From >= B64_MIN && notes.note(RUN_CLASS.base64, i - 1)) break walk;
          b64From = i + 1;
          hexRun++;
        }
        i++;
        continue;
      }
      // Another gap unit; an other unit that the similarity tokenizer counts as a word unit starts a token instead.
      if (unitClass[c] === 0 && (c !== otherUnit || otherGap(text, i, otherSeen, seenUnits))) {
        punctuation[c] = 1;
        if (listing) {
          if (startCount === startAt.length) startAt = this.growStarts();
          startAt[startCount] = i;
          startCount += unitStarts[c]!;
        }
        if (noteRuns) {
          // The unit ends the runs of the classes it is not in (1 or 0 each, without a branch: punctuation
          // of every class comes and goes unpredictably); a run it ends that is long enough is rare.
          const r = runClasses[c]!;
          const endsB64 = (r & b64Class) ^ b64Class;
          const endsMorse = ((r & morseClass) ^ morseClass) >>> Shift.MORSE;
          const inHex = (r & hexClass) >>> Shift.HEX;
          const inBin = ((r & binClass) + binClass) >>> 3; // (r & 6) + 6 reaches bit 3 when either binary bit is set
          if (
            ((endsB64 & ((B64_MIN - 1 - i + b64From) >>> 31)) |
              (endsMorse & ((MORSE_MIN - 1 - i + morseFrom) >>> 31)) |
              ((inHex ^ 1) & ((HEX_MIN - 1 - hexRun) >>> 31)) |
              ((inBin ^ 1) & ((BIN_MIN - 1 - binDigits) >>> 31))) !==
            0
          ) {
            if (notes.noteEndedBy(r, i, b64From, morseFrom, hexRun, binDigits)) break walk;
          }
          b64From += (i + 1 - b64From) & -endsB64;
          morseFrom += (i + 1 - morseFrom) & -endsMorse;
          hexRun = (hexRun + 1) & -inHex;
          binDigits &= -inBin;
        }
        i++;
        continue;
      }
      const tokenStart = i;
      let words = 0;
      let apostrophe = false;
      let otherUnits = false;
      let wordFlags = 0;
      let wordStem = 0;
      for (;;) {
        if (unitClass[c] === 1) {
          // The word's end, four bytes at a time; its first eight bytes are kept as two little-endian
          // words (bytes past its end masked off), which are both the table key and the compare. Both
          // words are read for every word and the length is computed without branches: word lengths are
          // unpredictable, and a mispredicted branch costs more than the arithmetic.
          const start = i;
          const first = dv.getInt32(start, true);
          const second = dv.getInt32(start + 4, true);
          const keepLo = wordMask(first);
          const keepHi = wordMask(second) & -(keepLo >>> 31); // 0 unless the first four bytes are all word units
          const lo = first & keepLo;
          const hi = second & keepHi;
          i = start + ((64 - Math.clz32(keepLo) - Math.clz32(keepHi)) >> 3);
          // Bytes 8..15 of a longer word are kept the same way (mid, tail), so that the slot compare of a
          // word of up to 16 bytes is four words and no byte loop (whose length would be unpredictable).
          let mid = 0;
          let tail = 0;
          if (keepHi === -1) {
            const x = dv.getInt32(i, true);
            const keepMid = wordMask(x);
            mid = x & keepMid;
            i += (32 - Math.clz32(keepMid)) >> 3;
            if (keepMid === -1) {
              const y = dv.getInt32(i, true);
              const keepTail = wordMask(y);
              tail = y & keepTail;
              i += (32 - Math.clz32(keepTail)) >> 3;
              if (keepTail === -1) {
                for (;;) {
                  const more = nonWordBytes(dv.getInt32(i, true));
                  if (more !== 0) {
                    i += firstByte(more);
                    break;
                  }
                  i += 4;
                }
              }
            }
          }
          c = b[i]!;
          const len = i - start;
          words++;

          // The word's facts: from its slot when the slot holds this word, else looked up and kept. The
          // key hashes the first sixteen bytes (zero past the end, so they also tell the length of a word
          // under sixteen bytes; no length or last byte, which would lengthen the chain of dependent
          // steps before the slot is known; for the same reason the two inner products are independent, so
          // the key is two multiplications after the bytes, not three (the same key as the nested form for
          // words of up to eight bytes; run() a few % faster on real 1 MB texts); the compare (four words,
          // the length, and the bytes after the sixteenth) makes every answer exact.
          const key = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(mid ^ tail, 0xcc9e2d51), 0x9e3779b1);
          // The word's own slot (compared here: the usual case), else another slot of its group (see WordSlots.learn).
          let slot = key >>> (32 - Table.SLOT_BITS);
          const own = slot * Field.RECORD;
          let hit =
            records[own + Field.LO] === lo &&
            records[own + Field.HI] === hi &&
            records[own + Field.LENGTH] === len &&
            records[own + Field.MID] === mid &&
            records[own + Field.TAIL] === tail;
          if (hit && len > 16) hit = slots.holds(slot, b, start, len, lo, hi, mid, tail);
          // Equal to the previous word: a word found in a slot is the previous word exactly when the previous
          // word is kept in that same slot (a word is kept in one slot at most, and no word was learnt or
          // moved since); a word that must be learnt is compared byte by byte.
          let sameAsPrevious: boolean;
          let found: number;
          if (hit) sameAsPrevious = slot === prevSlot;
          else if ((found = slots.beside(slot, b, start, len, lo, hi, mid, tail)) >= 0) {
            // Found beside its slot: it moves back into its slot (the word there moves where it was), so that a
            // frequent word moved out by a rare one takes the fast loop again from its next occurrence.
            sameAsPrevious = found === prevSlot;
            slots.swapSlots(slot, found);
            hit = true;
          } else sameAsPrevious = len === prevLen && sameBytes(b, prevStart, start, len);
          if (!hit) slot = slots.learn(this.tables, text, b, start, i, lo, hi, mid, tail, slot);
          const rec = slot * Field.RECORD;
          const flags = records[rec + Field.FLAGS]!;
          wordFlags = flags;
          if (listWords) {
            // Written always, counted only when listed: which words are listed is unpredictable, a branch on it cost more.
            // A head (Head.SHIFT: "the", "with", "as") is listed only when a space follows it and the two
            // units after the space go on with one of its runs (WordStarts.headNext; a space at the end of the
            // view is followed by the 0 after it, symbol 0, which goes on with none): the everyday heads were
            // a third of the listed places of real documents (30,000 of 86,000 on the docs megabyte), and
            // StartIndex.collect found a start after few of them (under 100).
            if (startCount === startAt.length) startAt = this.growStarts();
            startAt[startCount] = start;
            startCount += (flags & Fact.STARTS) >>> Fact.STARTS_SHIFT;
            if (flags >= Fact.HEAD && c === 32)
              startCount +=
                (headNext[((flags >>> Head.SHIFT) << 5) | unitSymbol[b[i + 1]!]!]! >>> unitSymbol[b[i + 2]!]!) & 1;
          }
          if (noteRuns) {
            // The word breaks a Morse run, and joins or breaks the hex and binary runs.
            if (start - morseFrom >= MORSE_MIN && notes.note(RUN_CLASS.morse, start - 1)) break walk;
            morseFrom = i;
            const runs = records[rec + Field.RUNS]!;
            const hexPrefix = runs & 255;
            if (hexPrefix === len) hexRun += len;
            else {
              if (hexRun + hexPrefix >= HEX_MIN && notes.note(RUN_CLASS.hexSeparated, start + hexPrefix - 1))
                break walk;
              hexRun = (runs >>> 8) & 255;
            }
            const binPrefix = (runs >>> 16) & 255;
            if (binPrefix === len) binDigits += len;
            else {
              if (binDigits + binPrefix >= BIN_MIN && notes.note(RUN_CLASS.binaryDigit, start + binPrefix - 1))
                break walk;
              binDigits = runs >>> 24;
            }
          }
          wordStem = records[rec + Field.STEM]!;

          if (cipherLive) cipherLive = this.feedCipher(cipher!, text, start, i, flags, slot);
          if ((flags & Fact.GATED) !== 0 && gatesSet[slot] !== walk) {
            gatesSet[slot] = walk;
            const gates = slotGates[slot]!;
            for (let g = 0; g < gates.length; g++) {
              const bit = gates[g]!;
              if (unlocked[bit] !== 0) continue;
              unlocked[bit] = 1;
              if (listing && !listWords && this.tables.starts!.completes(unlocked, bit)) {
                listWords = true;
                wordsFrom = start + 1; // this word was not listed: the walk before wordsFrom takes it
              }
            }
          }
          if ((flags & Fact.OBFUSCATED) !== 0)
            this.obfuscated.mark(
              start,
              i,
              (flags & Fact.LEET) !== 0
                ? Obfuscation.LEET
                : (flags & Fact.REVERSED) !== 0
                  ? Obfuscation.REVERSED
                  : (flags & Fact.BASE64) !== 0
                    ? Obfuscation.BASE64
                    : (flags & Fact.HEX_WORD) !== 0
                      ? Obfuscation.HEX_WORD
                      : Obfuscation.SQUASHED,
            );
          // Pig latin: most words of a phrase end in "ay" ("erewhay oesday ethay useryay").
          counted += (2 - len) >>> 31; // one for a word of three letters or more
          if (len === 1) {
            if (start - singleEnd > SPELLED_GAP) {
              singles = 0;
              singlesFrom = start;
            }
            if (++singles === SPELLED_MIN) this.obfuscated.mark(singlesFrom, i, Obfuscation.SPELLED);
            singleEnd = i;
          }
          if ((flags & Fact.HEX_BYTE) !== 0) byteRow.add(start, i, this.obfuscated);
          if ((flags & Fact.SPACED_PIECE) !== 0) {
            if (start - pieceEnd <= 2) this.obfuscated.spacedPair(text, pieceStart, pieceEnd, start, i);
            pieceStart = start;
            pieceEnd = i;
          }
          if ((flags & Fact.ENDS_AY) !== 0) {
            ay++;
            if (ayFirst < 0) ayFirst = start;
            ayLast = i;
          }
          // Repeated token: consecutive equal words separated by whitespace only ("cake cake cake").
          if (!repeated) {
            // (A single space between them, the usual gap, is whitespace only without slicing the text for the test.)
            if (
              sameAsPrevious &&
              ((start === prevStart + prevLen + 1 && b[start - 1] === 32) ||
                WHITESPACE_ONLY.test(text.slice(prevStart + prevLen, start)))
            ) {
              run++;
              if (run === repeatRun && !isDatumToken(text, start, start + len)) {
                repeated = true;
                findings.push({
                  type: 'attack_pattern',
                  detector: 'injection.structure:repeated_token',
                  score: 0.8,
                  ...mapSpan(view, runStart, i),
                });
              }
            } else {
              run = 1;
              runStart = start;
            }
            prevStart = start;
            prevLen = len;
          }
          prevSlot = slot === Table.SLOTS ? -1 : slot;
          // The word ends at a unit that is not [a-z0-9]: only an apostrophe or an other unit can continue
          // the token (most words end at a space).
          if (c !== 39 && c !== otherUnit) break;
        } else if (c === 39) {
          apostrophe = true;
          // An apostrophe is in no run class: it ends every run.
          if (
            noteRuns &&
            (i - b64From >= B64_MIN || i - morseFrom >= MORSE_MIN || hexRun >= HEX_MIN || binDigits >= BIN_MIN) &&
            notes.noteEndedAt(i, b64From, morseFrom, hexRun, binDigits)
          )
            break walk;
          b64From = i + 1;
          morseFrom = i + 1;
          hexRun = 0;
          binDigits = 0;
          c = b[++i]!;
        } else if (c === otherUnit) {
          // A letter, digit or apostrophe of another script continues the token (and ends the word).
          const width = tokenUnitAt(text, i);
          if (width === 0) break;
          otherUnits = true;
          noteOther(text, i, otherSeen, seenUnits);
          if (width === 2) noteOther(text, i + 1, otherSeen, seenUnits);
          if (unitStarts[otherUnit] !== 0) {
            // Each unit of the character is a start unit (as each is an OTHER_UNIT byte of the view).
            if (startCount + 2 > startAt.length) startAt = this.growStarts();
            startAt[startCount++] = i;
            if (width === 2) startAt[startCount++] = i + 1;
          }
          // Like an apostrophe, it is in no run class: it ends every run.
          if (
            noteRuns &&
            (i - b64From >= B64_MIN || i - morseFrom >= MORSE_MIN || hexRun >= HEX_MIN || binDigits >= BIN_MIN) &&
            notes.noteEndedAt(i, b64From, morseFrom, hexRun, binDigits)
          )
            break walk;
          i += width;
          b64From = i;
          morseFrom = i;
          hexRun = 0;
          binDigits = 0;
          c = b[i]!;
        } else break;
      }
      // A mark right after a word that a split gate word may begin with ("ig" of "ig_nore", "i" of
      // "I**gn**ore"): the pieces after it are read out of line (the word's facts are at hand; a mark after
      // such a word is rare in prose, and in code and docs most words before a mark are no such word).
      // After a gate word, the words it is joined to ("ignore_all_previous_...") are counted.
      if ((wordFlags & (Fact.SPLIT_HEAD | Fact.GATED)) !== 0 && splitUnit[c] !== 0 && unitClass[b[i - 1]!] === 1)
        this.splitAt(text, b, i, wordFlags);
      // A token of one word and no apostrophe is that word, whose facts are known; others are folded
      // (apostrophes dropped) and looked up.
      let tokenHash = wordStem;
      // 0 or 1 each: the token is pushed (and its position kept) without a branch, as stop words come
      // and go unpredictably.
      let isToken = wordFlags & Fact.TOKEN;
      let isVocabulary = (wordFlags & Fact.VOCABULARY) >>> 1;
      if (otherUnits) {
        isToken = 0;
        isVocabulary = 0;
        const stemHash = tokenStemHash(text.slice(tokenStart, i));
        if (stemHash !== NO_TOKEN) {
          tokenHash = stemHash;
          isToken = 1;
          isVocabulary = this.tables.similarity.isVocabulary(stemHash) ? 1 : 0;
        }
      } else if (words !== 1 || apostrophe) {
        isToken = 0;
        isVocabulary = 0;
        let foldedHash = HASH_SEED;
        let foldedLen = 0;
        for (let k = tokenStart; k < i; k++) {
          if (b[k] === 39) continue;
          foldedHash = Math.imul(foldedHash ^ b[k]!, 0x01000193);
          foldedLen++;
        }
        const stemHash = asciiStemHash(text, tokenStart, i, foldedHash, foldedLen);
        if (stemHash !== NO_TOKEN) {
          tokenHash = stemHash;
          isToken = 1;
          isVocabulary = this.tables.similarity.isVocabulary(stemHash) ? 1 : 0;
        }
      }
      // Written always, counted only when a token: the next token overwrites a slot that was not counted.
      const r = (count & ringMask) * Ring.FIELDS;
      ring[r + Ring.HASH] = tokenHash;
      ring[r + Ring.START] = tokenStart;
      ring[r + Ring.END] = i;
      ring[r + Ring.VOCAB] = vocabCount;
      vocabCount += isToken & isVocabulary;
      count += isToken;
      if (count >= checkAt) {
        windowEnd = this.closeWindows(count, vocabCount, windowEnd);
        checkAt = windowEnd - windowWords + ringMask;
      }
      // The token's end (c is b[i]): a single space is taken here, as the loop's head would take it, so the
      // head's space test is mostly false (one loop turn per word instead of two, and a predictable branch).
      if (c === 32) {
        sawSpace = 1;
        if (noteRuns) {
          if (i - b64From >= B64_MIN && notes.note(RUN_CLASS.base64, i - 1)) break walk;
          b64From = i + 1;
          hexRun++;
        }
        i++;
      }
    }
    // The last window bestOf looks at is the first that reaches the last token: none more when the full
    // window before it (if any) ended there, else the one starting where the next full window would.
    if (count >= windowEnd) windowEnd = this.closeWindows(count, vocabCount, windowEnd);
    const lastFrom = windowEnd - windowWords;
    if (
      lastFrom < count &&
      (lastFrom < windowStep || windowEnd - windowStep !== count) &&
      vocabCount - ring[(lastFrom & ringMask) * Ring.FIELDS + Ring.VOCAB]! >= minSharedWords
    )
      this.scoreWindow(lastFrom, count);
    if (noteRuns && (n - b64From >= B64_MIN || n - morseFrom >= MORSE_MIN || hexRun >= HEX_MIN || binDigits >= BIN_MIN))
      notes.noteEndedAt(n, b64From, morseFrom, hexRun, binDigits);
    notes.end();
    this.stoppedAtDecodingRun = notes.stopped;
    if (notes.stopped) {
      this.starts.view = undefined;
      this.encodedRunSuspect = true;
      return true;
    }
    punctuation[32] = sawSpace;
    this.starts.view = listing ? view : undefined;
    this.starts.count = startCount;
    this.starts.wordsFrom = wordsFrom;
    this.encodedRunSuspect = notes.count > 0;
    if (noteRuns) noteEncodedRuns(view, notes.runs, notes.count);
    wordGameFinding(view, findings, counted, ay, ayFirst, ayLast);
    // A dialogue needs a ':' (see dialogueFinding), which the pass has seen or not: no search of the text.
    if (punctuation[58] !== 0) dialogueFinding(view, findings);
    return true;
  }

  /** Feeds word text[start, end) (facts `flags`, kept in `slot`) to the cipher check; returns whether the check still needs words. */
  private feedCipher(
    cipher: ShiftCipherScan,
    text: string,
    start: number,
    end: number,
    flags: number,
    slot: number,
  ): boolean {
    if ((flags & Fact.DIGITS) !== 0) cipher.lettersOf(start, end);
    else if ((flags & Fact.COMMON) !== 0) cipher.knownWord(start, end, true);
    else {
      cipher.knownWord(start, end, false, this.slots.shiftPairsOf(slot, text, start, end));
    }
    return !cipher.done;
  }

  /**
   * At a splitting mark b[at] right after a word (facts `flags`) that may begin a split gate word
   * (Fact.SPLIT_HEAD): marks the split word when the pieces after the mark complete one (splitWordEnd);
   * after a gate word (Fact.GATED): marks the words joined to it when they read as a sentence (joinedAt).
   */
  private splitAt(text: string, b: Uint8Array, at: number, flags: number): void {
    if (this.obfuscated.full) return;
    let start = at - 1;
    while (start > 0 && UNIT[b[start - 1]!] === 1) start--;
    if ((flags & Fact.GATED) !== 0) this.obfuscated.joinedAt(text, start, at);
    if ((flags & Fact.SPLIT_HEAD) === 0) return;
    const end = splitWordEnd(text, start, at, this.tables.gate, this.tables.splitHeads ?? NO_HEADS);
    if (end >= 0) this.obfuscated.mark(start, end, Obfuscation.SPLIT);
  }

  /** Doubles the array of recorded starts (keeping those so far) and returns it. */
  private growStarts(): Int32Array {
    return (this.starts.positions = grownInt32(this.starts.positions));
  }

  /**
   * Closes the full windows that end at or before token `count` (vocabCount vocabulary tokens so far),
   * starting with the one that ends at `windowEnd`, in order, and scores those that hold minSharedWords
   * vocabulary tokens (token t's ring entry holds how many came before it); returns the end of the next.
   * The windows of a text close every windowStep tokens and few pass: closed one by one as the tokens came,
   * the test cost about 4% of the walk on real documents; in batches it costs one compare per token.
   */
  private closeWindows(count: number, vocabCount: number, windowEnd: number): number {
    const { ring, ringMask } = this;
    const { windowWords, windowStep, minSharedWords } = this.tables.similarity;
    for (; windowEnd <= count; windowEnd += windowStep) {
      const vocabAtEnd = windowEnd === count ? vocabCount : ring[(windowEnd & ringMask) * Ring.FIELDS + Ring.VOCAB]!;
      if (vocabAtEnd - ring[((windowEnd - windowWords) & ringMask) * Ring.FIELDS + Ring.VOCAB]! >= minSharedWords)
        this.scoreWindow(windowEnd - windowWords, windowEnd);
    }
    return windowEnd;
  }

  /** Scores tokens [from, to) (at most a window, still in the ring) as the next window that passed the gate. */
  private scoreWindow(from: number, to: number): void {
    const { ringMask, ring, windowHashes } = this;
    for (let t = from; t < to; t++) windowHashes[t - from] = ring[(t & ringMask) * Ring.FIELDS + Ring.HASH]!;
    const start = ring[(from & ringMask) * Ring.FIELDS + Ring.START]!;
    const end = ring[((to - 1) & ringMask) * Ring.FIELDS + Ring.END]!;
    this.similarityHit = this.tables.similarity.scoreWindow(windowHashes, 0, to - from, start, end, this.similarityHit);
    this.windowsScored++;
  }
}

/**
 * For an OTHER_UNIT byte at `i`: the units (1 or 2) of the character there when the similarity tokenizer
 * counts it as a word unit, else 0 (a real DEL, punctuation or a symbol of another script, a lone surrogate).
 */
function tokenUnitAt(text: string, i: number): number {
  const cp = text.codePointAt(i)!;
  if (cp < 0x80 || !isTokenCodePoint(cp)) return 0;
  return cp > 0xffff ? 2 : 1;
}

/** For an OTHER_UNIT byte at `i` outside tokens: notes its unit (noteOther) and tells whether it is a gap (not a token unit). */
function otherGap(text: string, i: number, seen: Uint8Array, list: number[]): boolean {
  noteOther(text, i, seen, list);
  return tokenUnitAt(text, i) === 0;
}

/** Notes the unit at `i` in `seen` (and in `list` when new) when it is not ASCII. */
function noteOther(text: string, i: number, seen: Uint8Array, list: number[]): void {
  const u = text.charCodeAt(i);
  if (u >= 0x80 && seen[u] === 0) {
    seen[u] = 1;
    list.push(u);
  }
}

/**
 * The high bit of each byte of the little-endian word `x` (four ASCII bytes) that is not [a-z0-9], as a
 * mask: 0 when all four are word units. Each byte is below 0x80, so the additions carry into no other byte.
 */
function nonWordBytes(x: number): number {
  const lower = (x + 0x1f1f1f1f) & ~(x + 0x05050505); // high bit set for 0x61..0x7a
  const digit = (x + 0x50505050) & ~(x + 0x46464646); // high bit set for 0x30..0x39
  return ~(lower | digit) & 0x80808080;
}

/** The index (0..3) of the lowest byte flagged in a non-zero nonWordBytes mask. */
function firstByte(mask: number): number {
  return (31 - Math.clz32(mask & -mask)) >> 3;
}

/**
 * The mask of the bytes of `x` (little-endian) that are word units before the first that is not: 0,
 * 0xff, 0xffff, 0xffffff or -1 (all four). Its bytes count is (32 - clz32(mask)) >> 3. The lowest flagged
 * bit of nonWordBytes is bit 7 of that first byte; shifted down by 7 it is the bit above the mask (no
 * flagged byte: 0, and 0 - 1 is all four).
 */
function wordMask(x: number): number {
  const m = nonWordBytes(x);
  return ((m & -m) >>> 7) - 1;
}

/** True when the `len` bytes at a and at b are equal. */
function sameBytes(bytes: Uint8Array, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}
