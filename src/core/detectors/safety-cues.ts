/**
 * Finds the safety lexicon's cue terms at word starts in the lower-cased matching view of a text, and
 * the word tokens the templates (safety-templates.ts) read.
 *
 * Why it is shaped this way (the scan runs on every request and on megabyte documents, and on ordinary
 * prose it finds nothing, so its cost is the cost of ruling words out):
 * - It reads bytes, not UTF-16 units: the scan bytes of safety-scan-bytes.ts (one per unit, a non-ASCII
 *   unit as one "other" byte that is never part of a word or a cue, the typographic apostrophe as a byte of
 *   its own that reads as a straight one), written into a shared buffer, or the bytes the caller has
 *   already (the classifier passes an ASCII view's bytes from normalize, which the injection step encoded
 *   a moment before).
 * - `scanSparse` (what the classifier runs) finds word starts sixteen bytes at a time with lane
 *   arithmetic, branch-free, and keeps only those whose first four, then five, letters can begin a cue or
 *   a word that begins a template (two small filter tables keyed on the letters' codes; the five-letter
 *   one also knows that a short cue is a whole word, so "warehouse" is not walked for "war"; on the
 *   bench's prose about one word in twenty-five gets through). Only those are walked in the cue trie (a
 *   dense transition table) or read as tokens, and tokens are read only around template start words
 *   (TokenWindow), so a text is never tokenized as a whole.
 * - `scan` tokenizes the whole text in one plain loop. It stays as the reference `scanSparse` must equal
 *   (followed by TemplateMatcher.scan: the same cues, in the same order, and the same template matches);
 *   the unit tests compare the two on random texts.
 *
 * Where the time goes (2026-11-24, the docs megabyte, the safety step alone: about 7.5 ms with its view;
 * measured by leaving each part out): the word-start pass and the first filter 1.0 ms, the second filter
 * 0.25, the cue walks 0.9 (10,800 walks, 7,500 of them finding no cue), the classifier's cue callbacks 0.65,
 * the checks at the held template starts 0.7 (8,400 held, 4,700 later-word tests) and the matcher 1.5
 * (1,340 windows, 460 matches, a third of it the classifier's checks of those). Tried then and not kept,
 * each within the noise of an interleaved A/B (B/A 0.98-1.01 on the docs and the dependency docs): reading
 * tokens eight bytes at a time with lane arithmetic (tokenEnd and the later-word test), the start checks run
 * at hold time while the block is in the cache (only the matcher batched), the exact second word read before
 * the later-word test (9% fewer windows), later-word rows of 2^10 bits (10% fewer), a vocabulary table at 77%
 * load (32 KB), batches of 16,384 starts. The parts are each a few tenths of a millisecond of memory-bound
 * reads; none of these changed that.
 */

import {
  acquireBytes,
  adoptForeign,
  CLASS,
  Cls,
  FOLD,
  LITTLE_ENDIAN,
  releaseBytes,
  scanBufferSize,
  ScanByte,
  viewOf,
  WORD_BYTE,
  wordsOf,
  writeScanBytes,
  zeroPad,
} from './safety-scan-bytes.js';
import { emptyTokens, growTokens, MAX_KEPT_TOKENS, tokenEnd, TokenWindow, type Tokens } from './safety-tokens.js';
import { grownInt32 } from './typed-arrays.js';
import { type CueTrie, forEachChild, layOutCueTrie, nextNode } from './safety-cue-trie.js';
import { TokenVocabulary } from './safety-cue-vocabulary.js';
import { type CueEntry, cueEndsWord, cueEntryOf, wholeWordEndings } from './safety-cue-words.js';

// Constants of the scan as const enums: a bundler inlines the members as literals, whereas a module-level
// const becomes a mutable binding that the optimising compiler reloads at every use in the hot loops.

/** The children of a trie node without any while the trie is built (never added to: see the constructor). */
const NO_CHILDREN: Array<[number, number]> = [];

/** What the filters say a word start can begin (bits). */
const enum Kind {
  CAN_CUE = 1,
  CAN_TEMPLATE = 2,
}

/** shortTemplate bits: a template word of one letter, of two letters. */
const enum Short {
  ONE = 1,
  TWO = 2,
}

const enum Size {
  /** Bytes per block of the sparse scan's filter pass (the candidate positions of one block are kept). */
  SPARSE_BLOCK = 4096,
  /**
   * A start word's row in laterBits: 2^9 bits, as 16 32-bit words. A start word has some 40 later words, two
   * bits each: about 14% set, so a word that is none of them passes 2% of the time (7% with one bit).
   */
  LATER_ROW_BITS = 9,
  LATER_ROW_WORDS = 16,
}

/** A const enum of its own: its member has SPARSE_BLOCK's value. */
const enum Batch {
  /**
   * Template start candidates held before they are read (see sparsePass): a document's megabyte has some
   * 8,000; a batch is a few hundred KB of text.
   */
  TEMPLATE_STARTS = 4096,
}

/** Key bits of the two start filters (one enum each: the members would share a value). */
const enum FirstKey {
  /**
   * Key bits of the start filter: about 1,500 keys are set (2.3% of 2^16), in an 8 KB table that stays in
   * the first-level cache.
   */
  BITS = 16,
}
const enum CodeKey {
  /**
   * Key bits of the five-character filter: it holds a few thousand keys (about 7% of 2^16), so a 16 KB
   * table lets few starts through by collision (measured: 9.8% of English word starts pass the two
   * filters at 16 bits, 9.7% at 18) and stays in the first-level cache, which a larger one did not.
   */
  BITS = 16,
}

// The word-start pass tests four bytes at once for letters by adding 0x1f and 0x05 to each (see sparsePass):
// no byte the scan writes may carry into the next one there.
for (const b of [ScanByte.RIGHT_QUOTE_BYTE, ScanByte.OTHER_BYTE]) {
  if (b + 0x1f > 0xff) throw new Error('safety-cues: a scan byte would carry in the letter test');
}

/**
 * Called for each cue found: its lexicon term, its span, its index among cueTerms() (for callers that
 * keep per-term tables in arrays instead of maps keyed by the term), and the scan bytes of the text (one
 * per unit: the unit when ASCII, a byte of 0x7f or more otherwise; valid during the call), which the
 * caller's checks around the cue read while they are still in the cache.
 */
export type CueCallback = (term: string, start: number, end: number, index: number, bytes: Uint8Array) => void;

/**
 * For an 8-bit mask of word starts in eight bytes (at most four: a start follows a non-word byte): the
 * byte of each start (3 bits each, from bit 0) and their number (from bit 12).
 */
const STARTS_IN_PAIR = new Uint16Array(256);
for (let m = 0; m < 256; m++) {
  const lanes = [0, 1, 2, 3, 4, 5, 6, 7].filter((k) => (m & (1 << k)) !== 0);
  STARTS_IN_PAIR[m] =
    lanes.slice(0, 4).reduce((t, lane, k) => t | (lane << (3 * k)), 0) | (Math.min(4, lanes.length) << 12);
}

/**
 * A scan byte as the five-character filter reads it: its low five bits for a letter a-z, else 0 (so a
 * digit, a space, punctuation, a non-ASCII unit and the zero bytes past the text all read 0). The scan
 * computes the same for four bytes at once with lane arithmetic (see sparsePass).
 */
const CODE = new Uint8Array(256);
for (let b = 0; b < 128; b++) if ((CLASS[b]! & Cls.LETTER) !== 0) CODE[b] = b & 31;
/** CODE of a word start's fifth byte, placed in bits the four one-byte lanes leave free (5-7 and 13-14). */
const FIFTH = new Int32Array(256);
for (let b = 0; b < 256; b++) FIFTH[b] = ((CODE[b]! & 7) << 5) | ((CODE[b]! & 0x18) << 10);

/** The codes of five bytes from a word start, packed as the scan packs them (see sparsePass). */
function packCodes(a0: number, a1: number, a2: number, a3: number, a4: number): number {
  return a0 | (a1 << 8) | (a2 << 16) | (a3 << 24) | ((a4 & 7) << 5) | ((a4 & 0x18) << 10);
}

/** Hash of the CODEs of four bytes (lanes of `codes`) into FIRST_KEY_BITS bits. */
function firstKey(codes: number): number {
  return Math.imul(codes, 0x9e3779b1) >>> (32 - FirstKey.BITS);
}

/** Hash of packed codes into CODE_KEY_BITS bits (collisions only let more starts through). */
function codeKey(packed: number): number {
  return Math.imul(packed, 0x9e3779b1) >>> (32 - CodeKey.BITS);
}

/**
 * Hash of the word b[from, to) from its length and its first, second and last folded bytes (a typographic
 * apostrophe as a straight one, as the vocabulary compares). A later word's bits are set from the same
 * values, so it always passes; another word passes when it has the same four or collides. It costs the same
 * for a long word as for a short one (an FNV hash of all the bytes cost about 2% of the safety step on the
 * docs megabyte: the later-word test hashes every token it reads).
 */
function hashOfWord(b: Uint8Array, from: number, to: number): number {
  const len = to - from;
  let h =
    (Math.min(len, 255) << 24) |
    (FOLD[b[from]!]! << 16) |
    (FOLD[b[len > 1 ? from + 1 : from]!]! << 8) |
    FOLD[b[to - 1]!]!;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The two bits of a word with hash `hash` (hashOfWord) in a start word's row of laterBits. */
function laterBitA(hash: number): number {
  return hash >>> (32 - Size.LATER_ROW_BITS);
}
function laterBitB(hash: number): number {
  return (hash >>> (32 - 2 * Size.LATER_ROW_BITS)) & ((1 << Size.LATER_ROW_BITS) - 1);
}

/**
 * Cue matcher. A cue of five letters or fewer is a whole word (plus plural/verb endings), so "stab" does
 * not match "stability"; a longer cue is a stem or phrase and matches as a prefix ("decapitat" ->
 * decapitated), unless written with a final "." ("retard." does not match "retardation"). At each word
 * start the longest matching cue wins, and cues may overlap across word starts.
 */
export class CueScanner {
  /**
   * Column of each scan-buffer byte in the trie table and the start filter: every word character and
   * every character a cue uses has one; 0 stands for any other byte (never a word character).
   */
  private readonly column = new Uint8Array(256);
  /**
   * Start filter over the CODEs of a word start's first four bytes, hashed (firstKey), one bit per key:
   * set where a word starting so can begin a cue (the trie reaches a cue, or goes on, past two
   * characters) or be a word that begins a template (its letters, a non-word column, then any). A
   * column's bytes share one CODE, so it is a superset; what it lets through is filtered again on five
   * characters (codeFilter), then checked exactly. (It was keyed on the low five bits of three bytes,
   * which a non-letter shares with a letter, so every word starting with "i" got through, for "i".)
   */
  private readonly startFilter = new Int32Array(1 << (FirstKey.BITS - 5));
  /**
   * Two bits per key over the CODEs of five bytes, hashed (codeKey), asked of the word starts the first
   * filter let through ("sho" can begin "shoot", "show" cannot): CAN_CUE where a cue can begin (marked on the
   * first four columns of a cue that ends within them, on five for longer ones, and for a whole-word cue
   * of three or four letters only with an inflection: markWholeWordEndings); CAN_TEMPLATE where a
   * template start word of three letters or more can stand (its first five columns, or all of it and a
   * non-word column, so that "plans" is not read as a token for "plan"). A column's bytes share one CODE
   * (columnCode), so every start a column-keyed table would pass passes this one. Cheaper than the walk
   * or token read it saves, and read without a column lookup per byte.
   */
  private readonly codeFilter = new Uint32Array(1 << (CodeKey.BITS - 4));
  /**
   * On the CODEs of the first two bytes: SHORT_ONE where they can be a template word of one letter and
   * what ends it, SHORT_TWO where they can be one of two letters (if a non-letter follows).
   */
  private readonly shortTemplate = new Uint8Array(1 << 10);
  /**
   * By the same key as shortTemplate: bit c set for each CODE c that the first letter of the word after a short
   * template word may have, bit 0 always (a byte that is no letter there tells nothing); all bits where any word
   * may follow. A one-letter word needs a second word ("a" of "a woman's place"): "a" followed by a space and
   * a letter no such word begins with is ruled out here, as visit would rule it out after reading the token
   * (on documents "a" was half the start words visit read, nearly all ruled out so).
   */
  private readonly shortNext = new Int32Array(1 << 10);
  /** CODE of each column's bytes (the same for all of them: a letter has a column of its own). */
  private readonly columnCode = new Uint8Array(256);
  /** The distinct values of columnCode over the columns (what any byte can read as). */
  private anyCodes: number[] = [];
  /** 1 for the columns of the letters a-z (each letter has a column of its own). */
  private readonly letterColumn = new Uint8Array(256);
  /** What the start filter said for each of `candidates`. */
  private readonly candidateKinds = new Uint8Array(Size.SPARSE_BLOCK);
  /** The CODEs of the first four bytes of each of `candidates` (see sparsePass). */
  private readonly candidateCodes = new Int32Array(Size.SPARSE_BLOCK);
  /** More than 64 columns would not fit six bits: then every word start goes through, marked as both. */
  private readonly filterAll: boolean;
  /**
   * The word-start pass may look for letters after a non-letter only (cheaper lane arithmetic): no cue and
   * no template start word begins with a digit, and the platform is little-endian. Else every word start
   * is found byte by byte.
   */
  private readonly letterStarts: boolean;
  /** 1 for the vocabulary ids of words that begin a template. */
  private readonly templateStart: Uint8Array;
  /**
   * Per start word that needs a second word (secondWordsOf): bit `b & 31` set for the first letter b of
   * each of those words; -1 where any word may follow (or a second word begins with a non-letter).
   */
  private readonly secondFirsts: Int32Array;
  /**
   * Per start word with a test of later words (laterWordsOf): how many tokens after it one of those words
   * may stand at (-1: no test), and in `laterBits` its row of 2^LATER_ROW_BITS bits, two set for the hash
   * (hashOfWord) of each of those words. Row `id` lies at laterBits[id * LATER_ROW_WORDS ...), one
   * cache line.
   */
  private readonly laterReach: Int32Array;
  private readonly laterBits: Int32Array;
  private readonly hasTemplateStarts: boolean;
  /** Word starts that passed the filter, per block of the text (see scanSparse). */
  private readonly candidates = new Int32Array(Size.SPARSE_BLOCK);
  /**
   * Word starts the filter let through as a possible template start, in text order, held (`templateCount` of
   * them) until another block might not fit, or the text ends (see sparsePass).
   */
  private readonly templateCandidates = new Int32Array(Batch.TEMPLATE_STARTS);
  private templateCount = 0;
  /** Positions of U+2019 in the text being scanned from a caller's unit bytes (see scanSparse). */
  private quoteAt: Int32Array = new Int32Array(64);
  /** The templates' words, which tokens carry the ids of. */
  private readonly vocabulary: TokenVocabulary;
  private readonly window: TokenWindow;
  private readonly columns: number;
  /** The cue trie (safety-cue-trie.ts): transitions by column, and per node the index into `entries` of the cue ending there, or -1. */
  private readonly trie: CueTrie;
  private readonly entries: CueEntry[] = [];
  /** Token arrays reused across calls (see scan). */
  private scratch: Tokens | undefined;

  /**
   * `vocabulary`: the words whose ids tokens carry (the templates' words); other words get -1.
   * `startWords`: the vocabulary ids of the words that begin a template (TemplateMatcher.startWords), for
   * scanSparse. `secondWordsOf(id)`: the words that must follow such a word for a template to match
   * (TemplateMatcher.secondWordsOf), or undefined when none is required. `laterWordsOf(id)`: the words
   * of which one must stand within `reach` tokens after such a word for a template to match, as the union of
   * bit sets by word id that start words share (TemplateMatcher.laterWordsOf), or undefined.
   */
  constructor(
    terms: { forEach(visit: (term: string) => void): void },
    vocabulary: readonly string[] = [],
    startWords: readonly number[] = [],
    secondWordsOf: (id: number) => { forEach(visit: (id: number) => void): void } | undefined = () => undefined,
    laterWordsOf: (id: number) => { sets: readonly Int32Array[]; reach: number } | undefined = () => undefined,
  ) {
    this.vocabulary = new TokenVocabulary(vocabulary);
    this.window = new TokenWindow(this.vocabulary);
    const words = this.vocabulary.words;

    // Cue trie, first as a map of edges keyed by node * 128 + char, with each node's [char, child] pairs in
    // the order made, then laid out by column (layOutCueTrie). (This runs when a policy is prepared, on the
    // code's first run: the terms are read with forEach, the pairs listed as they are made, as a for-of over
    // a Set or a Map made an iterator result per step, most of the prepare's garbage.)
    const edges = new Map<number, number>();
    const terminal: Array<number> = [-1];
    // A node without children shares NO_CHILDREN, and gets an array of its own with its first child: an array
    // pushed to from empty takes room for sixteen, and three nodes in four have a single child.
    const children: Array<Array<[number, number]>> = [NO_CHILDREN];
    // 1 for each character a cue has (a Set's add per character cost more than the trie's map).
    const used = new Uint8Array(128);
    terms.forEach((term) => {
      const wholeMark = term.endsWith('.');
      const text = wholeMark ? term.slice(0, -1) : term;
      if (text.length < 2 || !/^[\x20-\x7e]+$/.test(text)) return;
      let node = 0;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        used[c] = 1;
        const key = node * 128 + c;
        let next = edges.get(key);
        if (next === undefined) {
          next = terminal.length;
          terminal.push(-1);
          children.push(NO_CHILDREN);
          if (children[node]!.length === 0) children[node] = [[c, next]];
          else children[node]!.push([c, next]);
          edges.set(key, next);
        }
        node = next;
      }
      if (terminal[node] === -1) {
        terminal[node] = this.entries.length;
        this.entries.push(cueEntryOf(term, text, wholeMark));
      }
    });
    // Word characters and the apostrophe always have a column (the start filter reads them).
    for (let c = 0; c < 128; c++) if ((CLASS[c]! & Cls.WORD) !== 0) used[c] = 1;
    used[ScanByte.APOSTROPHE] = 1;
    // Columns in the order of the characters.
    let columns = 1;
    for (let c = 0; c < 128; c++) if (used[c] === 1) this.column[c] = columns++;
    this.column[ScanByte.RIGHT_QUOTE_BYTE] = this.column[ScanByte.APOSTROPHE]!;
    this.columns = columns;
    for (let c = 97; c <= 122; c++) this.letterColumn[this.column[c]!] = 1;
    const nonWordColumn = new Uint8Array(columns).fill(1);
    for (let c = 0; c < 128; c++) if ((CLASS[c]! & Cls.WORD) !== 0) nonWordColumn[this.column[c]!] = 0;
    // Each pair's char becomes its column.
    for (let node = 0; node < children.length; node++) {
      const kids = children[node]!;
      for (let k = 0; k < kids.length; k++) kids[k]![0] = this.column[kids[k]![0]]!;
    }
    this.trie = layOutCueTrie(children, terminal, columns);

    // Start filters: the prefixes of three and of four columns a word can begin a cue or a template word with.
    this.templateStart = new Uint8Array(words.length);
    for (let i = 0; i < startWords.length; i++) if (words[startWords[i]!]) this.templateStart[startWords[i]!] = 1;
    this.hasTemplateStarts = startWords.length > 0;
    this.secondFirsts = new Int32Array(words.length).fill(-1);
    for (let i = 0; i < startWords.length; i++) {
      const id = startWords[i]!;
      const seconds = secondWordsOf(id);
      if (seconds === undefined) continue;
      let mask = 0;
      seconds.forEach((s) => {
        const c = (words[s] ?? '').charCodeAt(0);
        mask = c >= 97 && c <= 122 && mask !== -1 ? mask | (1 << (c & 31)) : -1;
      });
      this.secondFirsts[id] = mask;
    }
    this.laterReach = new Int32Array(words.length).fill(-1);
    this.laterBits = new Int32Array(words.length * Size.LATER_ROW_WORDS);
    // The row of each distinct set of later words, worked out the first time a start word lists it (start words
    // share their templates' sets: marking each start word's words one by one was 16,000 pairs, the larger part
    // of the scanner's prepare), then merged into the rows of the start words that list it.
    const setRows = new Map<Int32Array, Int32Array>();
    let wordBytes = new Uint8Array(64);
    for (let i = 0; i < startWords.length; i++) {
      const id = startWords[i]!;
      const later = laterWordsOf(id);
      if (later === undefined) continue;
      this.laterReach[id] = later.reach;
      const at = id * Size.LATER_ROW_WORDS;
      for (let j = 0; j < later.sets.length; j++) {
        const set = later.sets[j]!;
        let row = setRows.get(set);
        if (row === undefined) {
          row = new Int32Array(Size.LATER_ROW_WORDS);
          for (let k = 0; k < set.length; k++) {
            for (let bits = set[k]!; bits !== 0; bits &= bits - 1) {
              const word = words[k * 32 + (31 - Math.clz32(bits & -bits))];
              // A word outside the index ('') is no token's word: it needs no bit.
              if (!word) continue;
              if (word.length > wordBytes.length) wordBytes = new Uint8Array(word.length);
              for (let c = 0; c < word.length; c++) wordBytes[c] = word.charCodeAt(c);
              const hash = hashOfWord(wordBytes, 0, word.length);
              const a = laterBitA(hash);
              const b = laterBitB(hash);
              row[a >>> 5]! |= 1 << (a & 31);
              row[b >>> 5]! |= 1 << (b & 31);
            }
          }
          setRows.set(set, row);
        }
        for (let k = 0; k < Size.LATER_ROW_WORDS; k++) this.laterBits[at + k]! |= row[k]!;
      }
    }
    const templateWords = startWords.map((id) => words[id]!).filter((w) => w !== '');
    if (columns <= 64) {
      // Bytes of 128 and more read 0, as do the bytes of column 0 and of the non-letter columns.
      for (let b = 0; b < 128; b++) this.columnCode[this.column[b]!] = CODE[b]!;
      this.anyCodes = [...new Set(this.columnCode.subarray(0, columns))];
      const code = this.columnCode;
      this.forEachStartPrefix(4, false, templateWords, nonWordColumn, (cols) => {
        const key = firstKey(
          code[cols[0]!]! | (code[cols[1]!]! << 8) | (code[cols[2]!]! << 16) | (code[cols[3]!]! << 24),
        );
        this.startFilter[key >>> 5]! |= 1 << (key & 31);
      });
      // Template words of one or two letters would fill the five-character table with every word after
      // them; they are marked on their first two columns instead (shortTemplate). Cues longer than four
      // characters are marked on five columns (markPath), so that "the " (of "the blacks") does
      // not send every "the" into the trie, and so are template words of four letters or more.
      // A three-letter start word that a template needs followed by certain words ("the" of "the whole
      // world") is marked on five columns with the first letters of those words (pairedStarts), not here:
      // the most common English word then no longer sends every "the" to the template matcher.
      const pairedStarts = new Map<string, number[]>();
      for (let i = 0; i < startWords.length; i++) {
        const id = startWords[i]!;
        const w = words[id];
        const seconds = w !== undefined && w.length === 3 ? secondWordsOf(id) : undefined;
        if (seconds === undefined) continue;
        const firsts: number[] = [];
        seconds.forEach((s) => firsts.push(words[s] ? this.column[words[s]!.charCodeAt(0)]! : 0));
        if (firsts.length > 0 && !firsts.includes(0)) pairedStarts.set(w!, firsts);
      }
      const threeLetterWords = templateWords.filter((w) => w.length === 3 && !pairedStarts.has(w));
      // Prefixes of four columns that can begin a cue ending within them, or a three-letter template word
      // and a non-word column: any fifth byte.
      this.forEachStartPrefix(4, true, threeLetterWords, nonWordColumn, (cols, kind) => {
        for (let k = 0; k < this.anyCodes.length; k++)
          this.markCodes(code[cols[0]!]!, code[cols[1]!]!, code[cols[2]!]!, code[cols[3]!]!, this.anyCodes[k]!, kind);
      });
      const path = new Array<number>(5).fill(0);
      const walk5 = (node: number, at: number): void => {
        if (at === 5) {
          this.markPath(path, Kind.CAN_CUE);
          return;
        }
        forEachChild(this.trie, node, (c, next) => {
          path[at] = c;
          walk5(next, at + 1);
        });
      };
      walk5(0, 0);
      this.markWholeWordEndings();
      const nonWordColumns = this.oneColumnPerCode((c) => nonWordColumn[c] === 1);
      for (const [w, firsts] of pairedStarts) {
        // The word, a non-word column, then the first letter of a second word; or a second non-word column
        // (more than one character between the words, or the text's end): that passes as well.
        const cols = Array.from(w, (ch) => this.column[ch.charCodeAt(0)]!);
        for (const c3 of nonWordColumns) {
          for (const c4 of firsts) this.markPath([...cols, c3, c4], Kind.CAN_TEMPLATE);
          for (const c4 of nonWordColumns) this.markPath([...cols, c3, c4], Kind.CAN_TEMPLATE);
        }
      }
      for (const w of templateWords) {
        if (w.length < 4) continue;
        const cols = Array.from(w.slice(0, 5), (ch) => this.column[ch.charCodeAt(0)]!);
        if (cols.length === 5) this.markPath(cols, Kind.CAN_TEMPLATE);
        else for (const c of nonWordColumns) this.markPath([...cols, c], Kind.CAN_TEMPLATE);
      }
      for (let i = 0; i < startWords.length; i++) {
        const id = startWords[i]!;
        const w = words[id] ?? '';
        if (w === '' || w.length >= 3) continue;
        const code0 = this.columnCode[this.column[w.charCodeAt(0)]!]!;
        // A one-letter word ends at a non-word column (CODE 0); a two-letter one is checked for a
        // non-letter after it in the scan.
        const key = w.length === 1 ? code0 << 5 : (code0 << 5) | this.columnCode[this.column[w.charCodeAt(1)]!]!;
        this.shortTemplate[key]! |= w.length === 1 ? Short.ONE : Short.TWO;
        // The first letters of its second words (secondFirsts has bit `c & 31` for a letter c: its CODE).
        this.shortNext[key]! |= this.secondFirsts[id]! | 1;
      }
    }
    this.filterAll = columns > 64;
    const digitFirst = (w: string): boolean => w.charCodeAt(0) >= 48 && w.charCodeAt(0) <= 57;
    this.letterStarts =
      LITTLE_ENDIAN && !this.entries.some((e) => digitFirst(e.text)) && !templateWords.some(digitFirst);
  }

  /** The lexicon terms the scanner reports, by the index it passes to a CueCallback. */
  cueTerms(): string[] {
    return this.entries.map((e) => e.term);
  }

  /**
   * What `scan` followed by TemplateMatcher.scan finds, without tokenizing the whole text: calls
   * `onCue(term, start, end)` for each cue and `onStart(tokens)` at each word that begins a template, each
   * in text order, with the tokens around that word (valid during the call only). The starts of a stretch of
   * text come after its cues (see sparsePass): a caller keeps the two apart.
   */
  scanSparse(
    text: string,
    onCue: CueCallback,
    onStart: (tokens: TokenWindow) => void,
    asciiBytes?: Uint8Array,
    unitBytes?: Uint8Array,
    otherUnits?: Int32Array,
  ): void {
    const n = text.length;
    // `asciiBytes`: the text's units as bytes, from a caller that has them already (an ASCII text's scan
    // bytes are its units). Used when the zero padding fits in the array and it can be read in words.
    if (asciiBytes !== undefined && asciiBytes.length >= scanBufferSize(n) && asciiBytes.byteOffset === 0) {
      adoptForeign(asciiBytes);
      zeroPad(asciiBytes, n);
      this.sparsePass(asciiBytes, n, onCue, onStart);
      return;
    }
    // `unitBytes` with the list of its other units, in an array the padding fits in: read in place, each
    // U+2019 among the listed units set to RIGHT_QUOTE_BYTE for the scan and put back after it (the array
    // is the caller's; a megabyte's copy cost about 0.2-0.5 ms). Equal to bytesFromUnits' copy.
    if (
      unitBytes !== undefined &&
      otherUnits !== undefined &&
      LITTLE_ENDIAN &&
      unitBytes.length >= scanBufferSize(n) &&
      unitBytes.byteOffset === 0
    ) {
      let quotes = 0;
      for (let k = 0; k < otherUnits.length; k++) {
        const p = otherUnits[k]!;
        if (p < n && text.charCodeAt(p) === ScanByte.RIGHT_QUOTE) this.quoteAt[quotes++] = p;
        if (quotes === this.quoteAt.length) this.quoteAt = grownInt32(this.quoteAt);
      }
      const quoteAt = this.quoteAt;
      // The byte the caller wrote for U+2019 (one for every other unit, as viewBytes does), put back after.
      const was = quotes > 0 ? unitBytes[quoteAt[0]!]! : 0;
      for (let k = 0; k < quotes; k++) {
        if (unitBytes[quoteAt[k]!] !== was) return this.scanSparse(text, onCue, onStart, undefined, unitBytes);
      }
      for (let k = 0; k < quotes; k++) unitBytes[quoteAt[k]!] = ScanByte.RIGHT_QUOTE_BYTE;
      adoptForeign(unitBytes);
      zeroPad(unitBytes, n);
      try {
        this.sparsePass(unitBytes, n, onCue, onStart);
      } finally {
        for (let k = 0; k < quotes; k++) unitBytes[quoteAt[k]!] = was;
      }
      return;
    }
    const buf =
      unitBytes !== undefined && unitBytes.length >= n && LITTLE_ENDIAN
        ? this.bytesFromUnits(text, unitBytes, otherUnits)
        : this.bytesOf(text);
    try {
      this.sparsePass(buf, n, onCue, onStart);
    } finally {
      releaseBytes(buf);
    }
  }

  private sparsePass(buf: Uint8Array, n: number, onCue: CueCallback, onStart: (tokens: TokenWindow) => void): void {
    const {
      startFilter,
      codeFilter,
      shortTemplate,
      shortNext,
      candidates,
      candidateKinds,
      candidateCodes,
      filterAll,
      letterStarts,
    } = this;
    // Module tables as locals: a module-level binding is reloaded at every use in the loops below.
    const startsInPair = STARTS_IN_PAIR;
    const fifth = FIFTH;
    this.window.reset(buf, n);
    this.templateCount = 0;
    const words = wordsOf(buf);
    const view = viewOf(buf);
    let afterWord = 0;
    for (let blockStart = 0; blockStart < n; blockStart += Size.SPARSE_BLOCK) {
      const blockEnd = Math.min(n, blockStart + Size.SPARSE_BLOCK);
      // Word starts of the block, branch-free (a data-dependent branch per word costs more than the
      // loop): every slot is written, and the count advances only at a start (a letter after a non-letter
      // in the lane pass, a word character after a non-word one in the byte loop).
      let found = 0;
      if (letterStarts) {
        // Four bytes at a time: the high bit of each byte lane of `word` says "a-z", computed with lane
        // arithmetic: a lane of 0x61 or more gets bit 7 from + 0x1f, one of 0x7b or more also from + 0x05, so
        // the exclusive or of the two sums has it for 0x61..0x7a alone, and not for a byte of 0x80 or more
        // (both sums keep its bit 7). No sum carries into the next lane: the only scan bytes above 0x7f are
        // OTHER_BYTE and RIGHT_QUOTE_BYTE, below 0xe1 (checked where they are defined). Letters, not
        // word characters: no cue or template word begins with a digit (letterStarts), so a word that
        // starts with one is not needed, and a letter after a digit ("4chan") is passed over by visit.
        // Four words per step, sixteen bytes (fewer steps than two words per step: measured 20% faster);
        // a block is a whole number of steps, and the zero bytes past the text cover the last step.
        for (let j = blockStart >> 2, end = (blockEnd + 3) >> 2; j < end; j += 4) {
          const x0 = words[j]!;
          const word0 = ((x0 + 0x1f1f1f1f) ^ (x0 + 0x05050505)) & 0x80808080;
          const x1 = words[j + 1]!;
          const word1 = ((x1 + 0x1f1f1f1f) ^ (x1 + 0x05050505)) & 0x80808080;
          const x2 = words[j + 2]!;
          const word2 = ((x2 + 0x1f1f1f1f) ^ (x2 + 0x05050505)) & 0x80808080;
          const x3 = words[j + 3]!;
          const word3 = ((x3 + 0x1f1f1f1f) ^ (x3 + 0x05050505)) & 0x80808080;
          // A start is a word lane whose lane before (the previous word's last lane for lane 0) is not.
          const starts0 = word0 & ~((word0 << 8) | afterWord);
          // (A word mask has bits 7, 15, 23 and 31 only: >>> 24 leaves bit 7 for its last lane.)
          const starts1 = word1 & ~((word1 << 8) | (word0 >>> 24));
          const starts2 = word2 & ~((word2 << 8) | (word1 >>> 24));
          const starts3 = word3 & ~((word3 << 8) | (word2 >>> 24));
          afterWord = word3 >>> 24;
          // Gathers the lanes' high bits of two words into eight bits (the partial products do not overlap).
          const t0 = startsInPair[(Math.imul((starts0 >>> 7) | (starts1 >>> 3), 0x00204081) >>> 21) & 255]!;
          const t1 = startsInPair[(Math.imul((starts2 >>> 7) | (starts3 >>> 3), 0x00204081) >>> 21) & 255]!;
          const at = j << 2;
          candidates[found] = at + (t0 & 7);
          candidates[found + 1] = at + ((t0 >> 3) & 7);
          candidates[found + 2] = at + ((t0 >> 6) & 7);
          candidates[found + 3] = at + ((t0 >> 9) & 7);
          found += t0 >> 12;
          candidates[found] = at + 8 + (t1 & 7);
          candidates[found + 1] = at + 8 + ((t1 >> 3) & 7);
          candidates[found + 2] = at + 8 + ((t1 >> 6) & 7);
          candidates[found + 3] = at + 8 + ((t1 >> 9) & 7);
          found += t1 >> 12;
        }
      } else {
        for (let i = blockStart; i < blockEnd; i++) {
          const word = WORD_BYTE[buf[i]!]!;
          candidates[found] = i;
          found += word & (afterWord ^ 1);
          afterWord = word;
        }
      }
      // Then only those that pass the start filter (zero bytes follow the text).
      let kept = 0;
      if (filterAll) {
        kept = found;
        candidateKinds.fill(Kind.CAN_CUE | Kind.CAN_TEMPLATE);
      }
      // The CODEs of the first four bytes come from one unaligned read with lane arithmetic (the high bit
      // of a lane says "a-z", as in the word-start pass; a lane's low five bits are kept where it is set),
      // so no byte needs a table lookup; byte i + 3 is within the zero bytes past the text.
      for (let k = 0; k < found && !filterAll; k++) {
        const i = candidates[k]!;
        const v = view.getUint32(i, true);
        const letterLanes = ((v + 0x1f1f1f1f) ^ (v + 0x05050505)) & 0x80808080;
        const codes = v & Math.imul(letterLanes >>> 7, 31);
        const key = firstKey(codes);
        candidates[kept] = i;
        candidateCodes[kept] = codes;
        kept += (startFilter[key >>> 5]! >>> key) & 1;
      }
      // And of those, the ones that pass the five-character filter (their kinds from it).
      let deep = 0;
      for (let k = 0; k < kept && !filterAll; k++) {
        const i = candidates[k]!;
        const codes = candidateCodes[k]!;
        const key = codeKey(codes | fifth[buf[i + 4]!]!);
        const shortAt = ((codes & 31) << 5) | ((codes >>> 8) & 31);
        const short = shortTemplate[shortAt]!;
        const next = shortNext[shortAt]!;
        const third = (codes >>> 16) & 31;
        // SHORT_ONE counts only when the third byte is no letter, or one a second word may begin with (the
        // token is the letter alone: the second byte is no word byte, or no token here is that word; a longer
        // token that is a template word passes codeFilter). SHORT_TWO only when the third byte is not a letter
        // (CODE 0: the subtraction borrows), and likewise for the fourth byte.
        const one = short & (next >>> third);
        const two = (short >>> 1) & ((third - 1) >>> 31) & (next >>> ((codes >>> 24) & 31));
        const shortKind = ((one | two) & 1) * Kind.CAN_TEMPLATE;
        const kind = ((codeFilter[key >>> 4]! >>> ((key & 15) << 1)) & 3) | shortKind;
        candidates[deep] = i;
        candidateKinds[deep] = kind;
        deep += (kind | (kind >>> 1)) & 1;
      }
      if (filterAll) deep = kept;
      for (let k = 0; k < deep; k++) this.visit(buf, n, candidates[k]!, candidateKinds[k]!, onCue);
      // The possible template starts are read in batches, after the cue walks of many blocks: the vocabulary,
      // the later-word rows and the templates stay in the cache from one start to the next, where reading each
      // between two blocks' filter passes and cue walks found them evicted (measured: see the commit).
      if (this.templateCount > Batch.TEMPLATE_STARTS - Size.SPARSE_BLOCK / 2 || blockStart + Size.SPARSE_BLOCK >= n)
        this.templateStarts(buf, n, onStart);
    }
  }

  /** A word start that passed the filter: the cue walk, and a possible template start is held (templateStarts). */
  private visit(buf: Uint8Array, n: number, i: number, kind: number, onCue: CueCallback): void {
    // A letter after a digit is no word start (the letter-only start pass finds it; see letterStarts).
    if (i > 0 && (CLASS[buf[i - 1]!]! & Cls.WORD) !== 0) return;
    if (i + 1 < n && (kind & Kind.CAN_CUE) !== 0) {
      const node = this.afterTwo(buf[i]!, buf[i + 1]!);
      if (node !== 0) this.cuesAt(buf, n, i, node, onCue);
    }
    // After an apostrophe inside a token ("don't") a cue may start, a token may not.
    if (
      !this.hasTemplateStarts ||
      (kind & Kind.CAN_TEMPLATE) === 0 ||
      (i >= 2 &&
        FOLD[buf[i - 1]!] === ScanByte.APOSTROPHE &&
        (CLASS[buf[i - 2]!]! & Cls.WORD) !== 0 &&
        (CLASS[buf[i]!]! & Cls.LETTER) !== 0)
    )
      return;
    this.templateCandidates[this.templateCount++] = i;
  }

  /** The template start check (as `scan` would) at each held candidate, in text order; none is held after. */
  private templateStarts(buf: Uint8Array, n: number, onStart: (tokens: TokenWindow) => void): void {
    const count = this.templateCount;
    this.templateCount = 0;
    for (let k = 0; k < count; k++) this.templateStartAt(buf, n, this.templateCandidates[k]!, onStart);
  }

  /** Calls onStart at word start `i` if the word begins a template that can match there. */
  private templateStartAt(buf: Uint8Array, n: number, i: number, onStart: (tokens: TokenWindow) => void): void {
    const end = tokenEnd(buf, n, i);
    const id = this.vocabulary.known(buf, i, end);
    if (id >= 0 && this.templateStart[id] === 1) {
      // A start word that needs a second word ("plans" of "plans to"): when the next word cannot be one
      // (its first byte, found as TokenWindow finds the next token, is no letter such a word begins
      // with, or there is none), TemplateMatcher.matchAt would return at once: no window, no call.
      const firsts = this.secondFirsts[id]!;
      if (firsts !== -1) {
        let j = end;
        while (j < n && (CLASS[buf[j]!]! & Cls.WORD) === 0) j++;
        if (j >= n || (CLASS[buf[j]!]! & Cls.LETTER) === 0 || ((firsts >>> (buf[j]! & 31)) & 1) === 0) return;
      }
      // Likewise when no word within reach can be one that a later slot needs (TemplateMatcher.matchAt's
      // test of later words, on the words' hashes: each word's bits are set, so it passes whenever that does).
      const reach = this.laterReach[id]!;
      if (reach >= 0 && !this.laterWordWithin(buf, n, end, id, reach)) return;
      this.window.at(i, end, id);
      onStart(this.window);
    }
  }

  /**
   * Calls `onCue(term, start, end)` for each cue found and returns the word tokens of `text`. The token
   * arrays are reused by the next call (allocating four typed arrays per call cost more than the scan of
   * a short prompt): read them before scanning again.
   */
  scan(text: string, onCue: CueCallback): Tokens {
    const buf = this.bytesOf(text);
    try {
      return this.tokenize(buf, text.length, onCue);
    } finally {
      releaseBytes(buf);
    }
  }

  private tokenize(buf: Uint8Array, n: number, onCue: CueCallback): Tokens {
    // Sized for ordinary prose (a word every ~6 characters) and doubled when a text has more words.
    const need = (n >> 2) + 16;
    let tokens = this.scratch;
    if (tokens === undefined || tokens.ids.length < need || tokens.ids.length > MAX_KEPT_TOKENS) {
      tokens = emptyTokens(Math.max(need, 256));
      // Arrays for a long document are not kept: one big text must not pin memory for the process.
      this.scratch = need <= MAX_KEPT_TOKENS ? tokens : undefined;
    }
    let count = 0;
    let clause = true;
    let i = 0;
    for (;;) {
      // Between words: only clause ends matter.
      while (i < n) {
        const cls = CLASS[buf[i]!]!;
        if ((cls & Cls.WORD) !== 0) break;
        if ((cls & Cls.CLAUSE_END) !== 0) clause = true;
        i++;
      }
      if (i >= n) break;
      const start = i;
      // A token is word characters, with an apostrophe kept inside when a letter follows ("i'll",
      // "you're"; see tokenEnd). Cues start at every run of word characters, also after such an
      // apostrophe ("don't" -> "t want to live").
      for (;;) {
        if (i + 1 < n) {
          const node = this.afterTwo(buf[i]!, buf[i + 1]!);
          if (node !== 0) this.cuesAt(buf, n, i, node, onCue);
        }
        i++;
        while (i < n && (CLASS[buf[i]!]! & Cls.WORD) !== 0) i++;
        if (i + 1 < n && FOLD[buf[i]!] === ScanByte.APOSTROPHE && (CLASS[buf[i + 1]!]! & Cls.LETTER) !== 0) {
          i++;
          continue;
        }
        break;
      }
      if (count === tokens.ids.length) growTokens(tokens);
      tokens.ids[count] = this.vocabulary.known(buf, start, i);
      tokens.starts[count] = start;
      tokens.ends[count] = i;
      tokens.clauseStart[count] = clause ? 1 : 0;
      count++;
      clause = false;
    }
    tokens.count = count;
    return tokens;
  }

  /**
   * The text as scan bytes (see the module comment); offsets equal the text's UTF-16 offsets. PAD_BYTES
   * zero bytes follow the text.
   */
  private bytesOf(text: string): Uint8Array {
    const buf = acquireBytes(scanBufferSize(text.length));
    writeScanBytes(text, buf);
    return buf;
  }

  /**
   * The scan bytes of a text that is not all ASCII, from `unitBytes`: its units as bytes, each unit that is
   * not ASCII written as a byte the scanner reads as no word character (normalize's viewBytes writes
   * OTHER_UNIT, 0x7f: like OTHER_BYTE, and like a real DEL, it has no class, no code and no trie column,
   * so it is read exactly as OTHER_BYTE is). Only U+2019 needs a byte of its own (RIGHT_QUOTE_BYTE).
   * Why: in a chain the injection step has made those bytes of the same view a moment before, so a copy
   * and a search for U+2019 replace encoding the text and compacting its UTF-8 (writeScanBytes), which
   * cost real documents with occasional dashes and arrows about 2 ms per MB. Equal to writeScanBytes.
   * `otherUnits`: ascending positions that include every unit that is not ASCII (normalize's list for
   * the view), when the caller has them; else the bytes 0x7f are searched.
   * Little-endian only (the lane search reads byte k of a word as lane k).
   */
  private bytesFromUnits(text: string, unitBytes: Uint8Array, otherUnits: Int32Array | undefined): Uint8Array {
    const n = text.length;
    const buf = acquireBytes(scanBufferSize(n));
    buf.set(unitBytes.length === n ? unitBytes : unitBytes.subarray(0, n));
    zeroPad(buf, n);
    if (otherUnits !== undefined) {
      // The caller listed every unit that is not ASCII (and maybe some that are): only those can be U+2019.
      for (let k = 0; k < otherUnits.length; k++) {
        const p = otherUnits[k]!;
        if (p < n && text.charCodeAt(p) === ScanByte.RIGHT_QUOTE) buf[p] = ScanByte.RIGHT_QUOTE_BYTE;
      }
      return buf;
    }
    // The units to look at are the bytes 0x7f (the text's other units, and any real DEL), found four bytes at
    // a time with an exact zero-lane test of x ^ 0x7f7f7f7f: a search of the text for U+2019 with indexOf
    // cost about 2.5 ns per unit on a two-byte string, this about a fifth of that.
    const words = wordsOf(buf);
    for (let j = 0, end = (n + 3) >> 2; j < end; j++) {
      const y = words[j]! ^ 0x7f7f7f7f;
      let lanes = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f);
      while (lanes !== 0) {
        const p = (j << 2) + ((31 - Math.clz32(lanes & -lanes)) >> 3);
        if (p < n && text.charCodeAt(p) === ScanByte.RIGHT_QUOTE) buf[p] = ScanByte.RIGHT_QUOTE_BYTE;
        lanes &= lanes - 1;
      }
    }
    return buf;
  }

  /**
   * Calls `add(columns, kind)` for the prefixes of `depth` columns that a word start can begin a cue
   * with (CAN_CUE: the trie path exists that far, or a cue ends on it after two characters or more;
   * with `shortCuesOnly`, only the latter) or a template start word with (CAN_TEMPLATE: the word's
   * columns, then a non-word column, then any). Where any of several columns may stand, `add` is called
   * for one column of each CODE among them (columnCode): what it marks is read from the columns' CODEs,
   * and a column per CODE instead of every column made this the larger part of a policy's prepare.
   */
  private forEachStartPrefix(
    depth: number,
    shortCuesOnly: boolean,
    templateWords: readonly string[],
    nonWordColumn: Uint8Array,
    add: (columns: number[], kind: number) => void,
  ): void {
    const { trie } = this;
    const { terminalAt } = trie;
    // One array of columns, filled in place (building this runs when a policy is prepared: no garbage).
    const cols = new Array<number>(depth).fill(0);
    const anyColumn = this.oneColumnPerCode(() => true);
    const nonWord = this.oneColumnPerCode((c) => nonWordColumn[c] === 1);
    const nonLetter = this.oneColumnPerCode((c) => this.letterColumn[c] === 0);
    const anyFrom = (at: number, kind: number, nonWordFirst: boolean): void => {
      if (at === depth) return add(cols, kind);
      const next = nonWordFirst ? nonWord : anyColumn;
      for (let k = 0; k < next.length; k++) {
        cols[at] = next[k]!;
        anyFrom(at + 1, kind, false);
      }
    };
    const walk = (node: number, at: number): void => {
      if (at >= 2 && terminalAt[node]! >= 0) {
        if (!shortCuesOnly || at < 3 || !this.entries[terminalAt[node]!]!.wholeWord)
          return anyFrom(at, Kind.CAN_CUE, false);
        // A whole-word cue of three or four letters matches only before a non-letter or an inflection:
        // here the former (on the column after a three-letter cue), the inflections on five columns
        // (markWholeWordEndings), so that "warehouse", "stable", "analysts" are not walked. Longer cues
        // through this node go on below.
        if (at < depth) {
          for (let k = 0; k < nonLetter.length; k++) {
            cols[at] = nonLetter[k]!;
            anyFrom(at + 1, Kind.CAN_CUE, false);
          }
        }
      }
      // With shortCuesOnly, a path with no cue ending by `depth` is left to a longer filter.
      if (at === depth) return shortCuesOnly ? undefined : add(cols, Kind.CAN_CUE);
      forEachChild(trie, node, (c, next) => {
        cols[at] = c;
        walk(next, at + 1);
      });
    };
    walk(0, 0);
    for (let i = 0; i < templateWords.length; i++) {
      const w = templateWords[i]!;
      const len = Math.min(w.length, depth);
      for (let k = 0; k < len; k++) cols[k] = this.column[w.charCodeAt(k)]!;
      anyFrom(len, Kind.CAN_TEMPLATE, true);
    }
  }

  /**
   * The first column of each CODE (columnCode) among the columns `wanted` accepts. The filters are marked
   * from the CODEs of columns (markPath, markCodes): where any of several columns may stand, one per CODE
   * marks all that every one of them would.
   */
  private oneColumnPerCode(wanted: (c: number) => boolean): number[] {
    const seen = new Set<number>();
    const list: number[] = [];
    for (let c = 0; c < this.columns; c++)
      if (wanted(c) && !seen.has(this.columnCode[c]!)) {
        seen.add(this.columnCode[c]!);
        list.push(c);
      }
    return list;
  }

  /** Sets `kind` in codeFilter for the first five of `cols`. */
  private markPath(cols: readonly number[], kind: number): void {
    const code = this.columnCode;
    this.markCodes(code[cols[0]!]!, code[cols[1]!]!, code[cols[2]!]!, code[cols[3]!]!, code[cols[4]!]!, kind);
  }

  /** Sets `kind` in codeFilter for five bytes read as the codes a0..a4. */
  private markCodes(a0: number, a1: number, a2: number, a3: number, a4: number, kind: number): void {
    const key = codeKey(packCodes(a0, a1, a2, a3, a4));
    this.codeFilter[key >>> 4]! |= kind << ((key & 15) << 1);
  }

  /**
   * Marks in codeFilter the five columns a whole-word cue of three or four letters can stand in when it
   * matches with an inflection (see inflectionFollows): the cue, then an ending (or the doubled last
   * letter and an ending) and a non-letter after it, cut at five columns; a four-letter cue also before
   * any non-letter. Such cues are not marked on their letters alone (forEachStartPrefix with shortCuesOnly).
   */
  private markWholeWordEndings(): void {
    const { letterColumn, column } = this;
    const nonLetters = this.oneColumnPerCode((c) => letterColumn[c] === 0);
    // One array of five columns, filled in place (no garbage: this runs when a policy is prepared).
    const cols = new Array<number>(5).fill(0);
    for (let i = 0; i < this.entries.length; i++) {
      const text = this.entries[i]!.text;
      const len = text.length;
      if (!this.entries[i]!.wholeWord || len < 3 || len > 4) continue;
      const endings = wholeWordEndings(text.charCodeAt(len - 1));
      // Each ending followed by a non-letter, as far as it fits in the five columns (an ending has a letter or
      // more, so the cue, the ending and a non-letter fill them).
      for (let e = 0; e < endings.length; e++) {
        const ending = endings[e]!;
        for (let k = 0; k < len; k++) cols[k] = column[text.charCodeAt(k)]!;
        let at = len;
        for (let k = 0; k < ending.length && at < 5; k++) cols[at++] = column[ending[k]!]!;
        if (at === 5) this.markPath(cols, Kind.CAN_CUE);
        else
          for (let c = 0; c < nonLetters.length; c++) {
            cols[at] = nonLetters[c]!;
            this.markPath(cols, Kind.CAN_CUE);
          }
      }
      if (len === 4) {
        for (let k = 0; k < len; k++) cols[k] = column[text.charCodeAt(k)]!;
        for (let c = 0; c < nonLetters.length; c++) {
          cols[4] = nonLetters[c]!;
          this.markPath(cols, Kind.CAN_CUE);
        }
      }
    }
  }

  /** Trie node after the bytes a, b at a word start; 0 = no cue starts so (most word starts stop here). */
  private afterTwo(a: number, b: number): number {
    const first = nextNode(this.trie, 0, this.column[a]!);
    return first === 0 ? 0 : nextNode(this.trie, first, this.column[b]!);
  }

  /**
   * Whether one of the `reach` tokens after `from` (read as TokenWindow reads them) has both bits of its
   * hash set in start word `id`'s row of laterBits. Why here, on hashes: most start words in prose have no
   * such word in reach ("the", "end", "line"), and reading those tokens' vocabulary ids for the matcher cost
   * most of the template scan (a lookup at each token, in tables the scan had pushed out of the cache since
   * the last).
   */
  private laterWordWithin(buf: Uint8Array, n: number, from: number, id: number, reach: number): boolean {
    const row = id * Size.LATER_ROW_WORDS;
    let j = from;
    for (let k = 0; k < reach; k++) {
      while (j < n && (CLASS[buf[j]!]! & Cls.WORD) === 0) j++;
      if (j >= n) return false;
      const end = tokenEnd(buf, n, j);
      const hash = hashOfWord(buf, j, end);
      const a = laterBitA(hash);
      const b = laterBitB(hash);
      if (((this.laterBits[row + (a >>> 5)]! >>> (a & 31)) & (this.laterBits[row + (b >>> 5)]! >>> (b & 31)) & 1) !== 0)
        return true;
      j = end;
    }
    return false;
  }

  /** Walks the trie from a word start (`node`: after its first two bytes); the longest cue that matches (with its word-end rule) wins. */
  private cuesAt(buf: Uint8Array, n: number, i: number, node: number, onCue: CueCallback): void {
    const { entries, column, columns } = this;
    const { link, dense, terminalAt } = this.trie;
    let best = -1;
    let t = terminalAt[node]!;
    if (t >= 0 && cueEndsWord(entries[t]!, buf, n, i, i + 2)) best = t;
    for (let k = i + 2; k < n; k++) {
      const col = column[buf[k]!]!;
      if (col === 0) break;
      // nextNode, written out: a node's only child follows it, others are read from its dense row.
      const l = link[node]!;
      node = (l & 0xff) === col ? node + 1 : dense[(l >> 8) * columns + col]!;
      if (node === 0) break;
      t = terminalAt[node]!;
      if (t >= 0 && cueEndsWord(entries[t]!, buf, n, i, k + 1)) best = t;
    }
    if (best >= 0) {
      const cue = entries[best]!;
      onCue(cue.term, i, i + cue.text.length, best, buf);
    }
  }
}
