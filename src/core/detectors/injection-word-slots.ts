/**
 * The word pass's table of the words it has met (injection-words.ts): per slot, a word's first sixteen bytes,
 * length and facts (the rules' gate flags it sets, its similarity stem hash, whether it is a common English
 * word, where a rule may start, its hex and binary edges, whether it hides a gate word or may begin a split
 * one), looked up once per distinct word (learn) and then read straight from the records by the walk's own
 * loop. It persists across texts: a detector's words repeat from request to request.
 */
import { hashWord } from './normalize-words.js';
import { NO_TOKEN, stemHashOfWord } from './similarity.js';
import { isCommonWord, shiftPairs } from './injection-cipher.js';
import { BIN, HEX, RUN_CLASSES } from './injection-run-notes.js';
import { isHexByteWord, Obfuscation, obfuscationOf } from './injection-obfuscation.js';
import { pigLatinEnding } from './injection-structure.js';
import type { WordPassTables } from './injection-words.js';

// The constants of the walk's loop are const enums: a bundler inlines their members as literals, whereas a
// module-level const becomes a mutable binding that the optimising compiler reloads and re-checks at
// every use.
/**
 * Slots of the word table (a power of two) and the longest word kept in it (longer words are looked up each
 * time). A long document of real prose has thousands of distinct words: with 4,096 slots about a quarter
 * of its words were looked up again (1 MB of the moderation and WildGuard prompts: word pass 41 -> 27 ms
 * with 16,384). With 32,768 the words learnt again per scan of the same real megabyte fell from 1,158 to 250
 * (bench docs), 2,204 to 581 (docs), 5,773 to 2,201 (moderation prompts), 6,058 to 2,331 (WildGuard),
 * 3,896 to 1,640 (dependency docs): each is a trip through the general path and learn (stem, gate and
 * common-word lookups) instead of the fast loop. 65,536 measured no better on the bench docs. Words of up to
 * 32 bytes are kept: the identifiers of code and its docs ("throwerroronbrokensymboliclink") were half of
 * the words the dependency docs learnt again with 24 (135 of 277 a megabyte; 65 of 212 with 32). About 1.8 MB per detector
 * (the records 1 MB of it).
 */
export const enum Table {
  SLOT_BITS = 15,
  SLOTS = 1 << 15,
  MAX_CACHED = 32,
  /** Bytes of a kept word past its sixteenth (the first sixteen are in its record): MAX_CACHED - 16. */
  REST = 16,
}

/** Fields of a slot record (Int32 each) and the record size. */
export const enum Field {
  LO = 0,
  HI = 1,
  LENGTH = 2,
  FLAGS = 3,
  STEM = 4,
  RUNS = 5,
  MID = 6, // bytes 8..11 of the word, as LO and HI
  TAIL = 7, // bytes 12..15
  RECORD = 8,
}
/** Word facts, as bits of a slot's flags. */
export const enum Fact {
  TOKEN = 1, // the word alone is a similarity token (not a stop word)
  VOCABULARY = 2, // ... and one that counts towards the similarity window gate
  COMMON = 4, // a common English word (breaks a shift-cipher run)
  DIGITS = 8, // the word has a digit (the cipher check reads its letter runs)
  GATED = 16, // the word sets rule gate flags (slotGates)
  ENDS_AY = 32, // four letters or more ending in "ay", not an everyday word (pig latin: pigLatinEnding)
  STARTS = 64, // a rule's letter run may begin where the word begins (WordStarts.wordMayStart)
  STARTS_SHIFT = 6, // STARTS is 1 << STARTS_SHIFT
  LEET = 128, // the word's leet fold is a gate word (injection-obfuscation.ts)
  REVERSED = 256, // the word reversed is a gate word
  SQUASHED = 512, // a long word that begins with a gate word: words run together
  OBFUSCATED = 11136, // LEET | REVERSED | SQUASHED | BASE64 | HEX_WORD
  SPLIT_HEAD = 1024, // a gate word may begin with the word and go on after a splitting mark ("ig" of "ig_nore")
  BASE64 = 2048, // the word is a gate word's base64 (injection-obfuscation.ts: base64SpellingsOf)
  HEX_BYTE = 4096, // "0x" and two hex digits: one byte of a byte list ("0x69, 0x67, ..."; isHexByteWord)
  HEX_WORD = 8192, // the word is a gate word's hex ("69676e6f7265"; base64SpellingsOf)
  SPACED_PIECE = 16384, // a piece a space may cut off a gate word, no word itself ("ig" of "ig nore"; spacedPiecesOf)
  HEAD = 65536, // the lowest bit of the word's head number (Head.SHIFT): flags at or above it are a head's
}
/** A slot's flags from bit SHIFT on: the word's head number (WordStarts.wordHead; Fact.STARTS is then 0), or 0. */
export const enum Head {
  SHIFT = 16,
}
/** The slots of a group (see WordSlots.learn): a slot's group is the slots that differ from it in the two lowest bits. */
const GROUP = 4;
/** A slot's shift pairs not looked up yet (most words never reach the cipher check). */
const NOT_YET = new Int32Array(0);

/** The word table of one word pass (see the header). Not reentrant. */
export class WordSlots {
  // Word table: slot -> hash, length (0 = empty), bytes, facts, stem hash, gate flags. Slot SLOTS is
  // scratch for a word too long to keep (its length stays 0, so it never answers a lookup).
  /**
   * Per slot, one record of RECORD ints (one cache line for the facts every word reads): the first eight
   * bytes (two little-endian words, bytes past the end zero), the length, the facts (flags), the stem
   * hash, the run edges (learn) and bytes 8..15 (two more words, likewise).
   */
  readonly records = new Int32Array((Table.SLOTS + 1) * Field.RECORD);
  /** Per slot, the bytes of its word past the sixteenth (Table.REST each; the record holds the first sixteen). */
  private readonly slotBytes = new Uint8Array((Table.SLOTS + 1) * Table.REST);

  /** Per slot, the gate flags its word sets (their indices; see WordPassTables.gate), or undefined. */
  readonly slotGates: Array<readonly number[] | undefined> = new Array<readonly number[] | undefined>(
    Table.SLOTS + 1,
  ).fill(undefined);

  /**
   * Per slot, the number of the walk (walks) in which its word's gate flags were all set, so that later
   * occurrences of the word in that text skip its gate loop, which would set nothing (the everyday words
   * that carry gates, "the", "you", "your", are also the most frequent words). Moves with its slot.
   */
  readonly gatesSet = new Int32Array(Table.SLOTS + 1);

  /** The shift-cipher check's shiftPairs of the word (a-z only), or NOT_YET until the check first needs them. */
  private readonly slotShifts: Array<Int32Array | undefined> = new Array<Int32Array | undefined>(Table.SLOTS + 1).fill(
    undefined,
  );

  /** The words learnt so far (each call of learn). */
  learnt = 0;

  /** Forgets every word (they are learnt again as they come). */
  clear(): void {
    this.records.fill(0);
  }

  /** The shift-cipher check's shiftPairs of the word text[start, end), kept in `slot`: computed on first need. */
  shiftPairsOf(slot: number, text: string, start: number, end: number): Int32Array | undefined {
    let pairs = this.slotShifts[slot];
    if (pairs === NOT_YET) this.slotShifts[slot] = pairs = shiftPairs(text.slice(start, end));
    return pairs;
  }

  /** Whether `slot` keeps the word of `len` bytes at b[start] (first sixteen bytes lo, hi, mid, tail). */
  holds(
    slot: number,
    b: Uint8Array,
    start: number,
    len: number,
    lo: number,
    hi: number,
    mid: number,
    tail: number,
  ): boolean {
    const { records, slotBytes } = this;
    const rec = slot * Field.RECORD;
    if (
      records[rec + Field.LO] !== lo ||
      records[rec + Field.HI] !== hi ||
      records[rec + Field.LENGTH] !== len ||
      records[rec + Field.MID] !== mid ||
      records[rec + Field.TAIL] !== tail
    )
      return false;
    const base = slot * Table.REST - 16;
    for (let k = 16; k < len; k++) if (slotBytes[base + k] !== b[start + k]) return false;
    return true;
  }

  /**
   * The slot other than `slot` of its group (the four slots slot ^ 1, slot ^ 2, slot ^ 3 beside it, in two
   * cache lines) that keeps the word of `len` bytes at b[start] (as holds), or -1.
   */
  beside(
    slot: number,
    b: Uint8Array,
    start: number,
    len: number,
    lo: number,
    hi: number,
    mid: number,
    tail: number,
  ): number {
    for (let k = 1; k < GROUP; k++) if (this.holds(slot ^ k, b, start, len, lo, hi, mid, tail)) return slot ^ k;
    return -1;
  }

  /**
   * Looks up the facts of the word text[start, end) (first sixteen bytes lo, hi, mid, tail) and keeps them
   * in `slot`, its own slot; returns the slot that holds them. The words that were kept in the slots of its
   * group move one place on, down the chain slot, slot ^ 1, slot ^ 2, slot ^ 3, as far as the first empty
   * one (or out of the table from the last): up to four frequent words of one group are then all kept,
   * instead of replacing each other at every turn. (With pairs of slots, the docs text of the bench was
   * learning 1,600 words a megabyte, and the docs megabyte of the A/B tools 537, of 175 distinct words
   * that three of a pair took turns at; with groups of four, 29.) A word found beside its slot moves back
   * into its own (run), so a rare word learnt into a frequent word's slot leaves it there for one
   * occurrence only.
   */
  learn(
    tables: WordPassTables,
    text: string,
    b: Uint8Array,
    start: number,
    end: number,
    lo: number,
    hi: number,
    mid: number,
    tail: number,
    slot: number,
  ): number {
    const len = end - start;
    const at = len <= Table.MAX_CACHED ? slot : Table.SLOTS;
    this.learnt++;
    if (at !== Table.SLOTS && this.records[at * Field.RECORD + Field.LENGTH] !== 0) {
      let last = 1;
      while (last < GROUP - 1 && this.records[(at ^ last) * Field.RECORD + Field.LENGTH] !== 0) last++;
      for (let k = last; k > 0; k--) this.moveSlot(at ^ (k - 1), at ^ k);
    }
    const word = text.slice(start, end);
    const stemHash = stemHashOfWord(word);
    let flags = isCommonWord(word) ? Fact.COMMON : 0;
    for (let k = start; k < end; k++) {
      if (b[k]! < 97) {
        flags |= Fact.DIGITS;
        break;
      }
    }
    if (stemHash !== NO_TOKEN) {
      flags |= Fact.TOKEN;
      if (tables.similarity.isVocabulary(stemHash)) flags |= Fact.VOCABULARY;
    }
    const hash = hashWord(word);
    const gates = tables.gate.get(text, start, end, hash);
    this.slotGates[at] = gates;
    this.gatesSet[at] = 0;
    if (gates !== undefined) flags |= Fact.GATED;
    if (pigLatinEnding(word)) flags |= Fact.ENDS_AY;
    if ((flags & (Fact.GATED | Fact.COMMON)) === 0) {
      const hidden = obfuscationOf(b, start, end, tables.gate, tables.base64Words);
      if (hidden === Obfuscation.BASE64) flags |= Fact.BASE64;
      else if (hidden === Obfuscation.HEX_WORD) flags |= Fact.HEX_WORD;
      else if (hidden === Obfuscation.LEET) flags |= Fact.LEET;
      else if (hidden === Obfuscation.REVERSED) flags |= Fact.REVERSED;
      else if (hidden === Obfuscation.SQUASHED) flags |= Fact.SQUASHED;
    }
    if (isHexByteWord(b, start, end)) flags |= Fact.HEX_BYTE;
    if (tables.starts?.wordMayStart(b, start, end)) {
      const head = tables.starts.wordHead(b, start, end);
      flags |= head === 0 ? Fact.STARTS : head << Head.SHIFT;
    }
    if (tables.splitHeads?.get(text, start, end, hash) !== undefined) flags |= Fact.SPLIT_HEAD;
    if (tables.spacedPieces?.get(text, start, end, hash) !== undefined) flags |= Fact.SPACED_PIECE;
    const rec = at * Field.RECORD;
    this.records[rec + Field.FLAGS] = flags;
    this.records[rec + Field.STEM] = stemHash === NO_TOKEN ? 0 : stemHash;
    this.slotShifts[at] = NOT_YET;
    // The word's leading and trailing runs of hex digits and of 0/1 digits (each capped at 255, above every
    // run length the prefilter asks for): hex prefix | hex suffix << 8 | binary prefix << 16 | binary suffix << 24.
    this.records[rec + Field.RUNS] = edgeRun(b, start, end, HEX) | (edgeRun(b, start, end, BIN) << 16);
    if (at !== Table.SLOTS) {
      this.records[rec + Field.LO] = lo;
      this.records[rec + Field.HI] = hi;
      this.records[rec + Field.MID] = mid;
      this.records[rec + Field.TAIL] = tail;
      this.records[rec + Field.LENGTH] = len;
      const base = at * Table.REST - 16;
      for (let k = 16; k < len; k++) this.slotBytes[base + k] = b[start + k]!;
    }
    return at;
  }

  /** Exchanges what slots `a` and `b` keep. */
  swapSlots(a: number, b: number): void {
    const { records, slotBytes, slotGates, slotShifts } = this;
    for (let k = 0; k < Field.RECORD; k++) {
      const x = records[a * Field.RECORD + k]!;
      records[a * Field.RECORD + k] = records[b * Field.RECORD + k]!;
      records[b * Field.RECORD + k] = x;
    }
    for (let k = 0; k < Table.REST; k++) {
      const x = slotBytes[a * Table.REST + k]!;
      slotBytes[a * Table.REST + k] = slotBytes[b * Table.REST + k]!;
      slotBytes[b * Table.REST + k] = x;
    }
    const gates = slotGates[a];
    slotGates[a] = slotGates[b];
    slotGates[b] = gates;
    const shifts = slotShifts[a];
    slotShifts[a] = slotShifts[b];
    slotShifts[b] = shifts;
    const set = this.gatesSet[a]!;
    this.gatesSet[a] = this.gatesSet[b]!;
    this.gatesSet[b] = set;
  }

  /** Copies what slot `from` keeps to slot `to` (replacing what `to` kept). */
  private moveSlot(from: number, to: number): void {
    this.records.copyWithin(to * Field.RECORD, from * Field.RECORD, (from + 1) * Field.RECORD);
    this.slotBytes.copyWithin(to * Table.REST, from * Table.REST, (from + 1) * Table.REST);
    this.slotGates[to] = this.slotGates[from];
    this.slotShifts[to] = this.slotShifts[from];
    this.gatesSet[to] = this.gatesSet[from]!;
  }
}

/**
 * The lengths of the leading and trailing runs of bytes of run class `cls` in b[start, end), each capped
 * at 255: prefix | suffix << 8.
 */
function edgeRun(b: Uint8Array, start: number, end: number, cls: number): number {
  let prefix = 0;
  while (start + prefix < end && (RUN_CLASSES[b[start + prefix]!]! & cls) !== 0) prefix++;
  let suffix = 0;
  while (end - suffix > start && (RUN_CLASSES[b[end - 1 - suffix]!]! & cls) !== 0) suffix++;
  return Math.min(prefix, 255) | (Math.min(suffix, 255) << 8);
}
