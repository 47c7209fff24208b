/**
 * One pass over the lower-cased matching view of a text: finds the safety lexicon's cue terms at word
 * starts and, in the same loop, splits the text into word tokens for the templates (safety-templates.ts).
 *
 * Why it is shaped this way (the scan runs on every request and on megabyte documents, and on ordinary
 * prose it finds nothing, so its cost is the cost of ruling words out):
 * - The loop reads bytes, not UTF-16 units: an ASCII text is copied once into a reused byte buffer with
 *   TextEncoder.encodeInto (offsets stay equal), any other text unit by unit, with every non-ASCII unit
 *   written as one "other" byte (the scanner never treats such a unit as part of a word or a cue) except
 *   the typographic apostrophe, which keeps a byte of its own because it reads as a straight one.
 * - Per character only a class-table test; per word a cue check on its first two characters (most words
 *   can begin no cue) and a vocabulary pre-check on (length, first, last character) before any compare.
 * - Cues sit in a character trie with a dense transition table over the characters cues use.
 */

/**
 * Word tokens of a text as typed arrays (no object or string per word): `ids[i]` is the word's index in
 * the scanner's vocabulary, or -1 for any other word (never copied out of the text).
 */
export interface Tokens {
  count: number;
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where the word starts a clause: start of text, after . ! ? ; : a comma ("when they come, shoot them") or a line break. */
  clauseStart: Uint8Array;
}

const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
/** Byte standing for U+2019 in the scan buffer: it reads as an apostrophe but stays distinguishable. */
const RIGHT_QUOTE_BYTE = 0xff;
/** Byte standing for any other non-ASCII unit: never a word character, never in a cue. */
const OTHER_BYTE = 0x80;

// Character classes of a scan-buffer byte.
const WORD = 1;
const LETTER = 2;
const CLAUSE_END = 4;
const CLASS = new Uint8Array(256);
for (let c = 97; c <= 122; c++) CLASS[c] = WORD | LETTER;
for (let c = 48; c <= 57; c++) CLASS[c] = WORD;
// . ! ? ; : , and line breaks end a clause.
for (const c of [46, 33, 63, 59, 58, 44, 10, 13]) CLASS[c] = CLAUSE_END;

/** A typographic apostrophe compares equal to a straight one (i’ll = i'll). */
const FOLD = new Uint8Array(256);
for (let c = 0; c < 256; c++) FOLD[c] = c;
FOLD[RIGHT_QUOTE_BYTE] = APOSTROPHE;

const SHORT_CUE_MAX = 5;
const SHORT_CUE_ENDINGS = ['', 's', 'es', 'ed', 'd', 'ing', 'ings', 'er', 'ers', 'en'].map(codes);
const DOUBLED_ENDINGS = ['ed', 'ing', 'er', 'ers'].map(codes);

function codes(s: string): number[] {
  return Array.from(s, (ch) => ch.charCodeAt(0));
}

interface CueEntry {
  /** The term as written in the lexicon (the key callers look up). */
  term: string;
  /** The characters to compare (without the whole-word marker). */
  text: string;
  /** Whole word plus an inflection, not a prefix: short cues, and longer ones written with a final ".". */
  wholeWord: boolean;
}

/** Byte buffers up to this size are kept for the next text; a longer text gets a buffer of its own. */
const MAX_KEPT_BYTES = 1 << 16;
/** Vocabulary pre-check key: (length capped at 31, first byte, last byte) -> 5 + 7 + 7 bits. */
const VOCAB_KEY_BITS = 19;

function vocabKey(len: number, first: number, last: number): number {
  return ((len > 31 ? 31 : len) << 14) | (first << 7) | last;
}

const encoder = new TextEncoder();

/**
 * Cue matcher. A cue of five letters or fewer is a whole word (plus plural/verb endings), so "stab" does
 * not match "stability"; a longer cue is a stem or phrase and matches as a prefix ("decapitat" ->
 * decapitated), unless written with a final "." ("retard." does not match "retardation"). At each word
 * start the longest matching cue wins, and cues may overlap across word starts.
 */
export class CueScanner {
  /** Trie column of each scan-buffer byte (0 = no cue uses that character). */
  private readonly column = new Uint8Array(256);
  private readonly columns: number;
  /** Dense trie transitions: next node = trans[node * columns + column]; 0 = none (node 0 is the root). */
  private readonly trans: Int32Array;
  /** Index into `entries` of the cue ending at a node, or -1. */
  private readonly terminalAt: Int32Array;
  private readonly entries: CueEntry[] = [];
  /** Node after the first two bytes of a word start, indexed (first << 8) | second; 0 = no cue starts so. */
  private readonly afterTwo = new Int32Array(1 << 16);
  /** Bit set of vocabKey over the vocabulary: most words are ruled out by one bit. */
  private readonly vocabBits = new Uint32Array(1 << (VOCAB_KEY_BITS - 5));
  /** vocabKey -> the vocabulary ids with that key (compared byte by byte). */
  private readonly vocabByKey = new Map<number, Int32Array>();
  /** Vocabulary words as folded bytes: word id -> offset and length in `vocabBytes`. */
  private readonly vocabBytes: Uint8Array;
  private readonly vocabOffset: Int32Array;
  private readonly vocabLength: Int32Array;
  /** Token arrays reused across calls (see scan). */
  private scratch: Tokens | undefined;
  /** Byte buffer reused across calls (texts up to MAX_KEPT_BYTES). */
  private buffer = new Uint8Array(256);

  /** `vocabulary`: the words whose ids tokens carry (the templates' words); other words get -1. */
  constructor(terms: Iterable<string>, vocabulary: readonly string[] = []) {
    // Vocabulary: only words a token can equal (word characters and inner apostrophes) are indexed.
    const words = vocabulary.map((w) => (/^[a-z0-9](?:[a-z0-9']*[a-z0-9])?$/.test(w) ? w : ''));
    this.vocabOffset = new Int32Array(words.length);
    this.vocabLength = new Int32Array(words.length);
    this.vocabBytes = new Uint8Array(words.reduce((s, w) => s + w.length, 0));
    const byKey = new Map<number, number[]>();
    let offset = 0;
    words.forEach((w, id) => {
      this.vocabOffset[id] = offset;
      this.vocabLength[id] = w.length;
      for (let k = 0; k < w.length; k++) this.vocabBytes[offset + k] = w.charCodeAt(k);
      offset += w.length;
      if (w === '') return;
      const key = vocabKey(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1));
      this.vocabBits[key >>> 5]! |= 1 << (key & 31);
      const list = byKey.get(key) ?? [];
      list.push(id);
      byKey.set(key, list);
    });
    for (const [key, ids] of byKey) this.vocabByKey.set(key, Int32Array.from(ids));

    // Cue trie, first as a map of edges keyed by node * 128 + char, then as a dense table.
    const edges = new Map<number, number>();
    const terminal: Array<number> = [-1];
    const used = new Set<number>();
    for (const term of terms) {
      const wholeMark = term.endsWith('.');
      const text = wholeMark ? term.slice(0, -1) : term;
      if (text.length < 2 || !/^[\x20-\x7e]+$/.test(text)) continue;
      let node = 0;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        used.add(c);
        const key = node * 128 + c;
        let next = edges.get(key);
        if (next === undefined) {
          next = terminal.length;
          terminal.push(-1);
          edges.set(key, next);
        }
        node = next;
      }
      if (terminal[node] === -1) {
        terminal[node] = this.entries.length;
        this.entries.push({ term, text, wholeWord: wholeMark || (/^[a-z]+$/.test(text) && text.length <= SHORT_CUE_MAX) });
      }
    }
    let columns = 1;
    for (const c of [...used].sort((a, b) => a - b)) this.column[c] = columns++;
    this.column[RIGHT_QUOTE_BYTE] = this.column[APOSTROPHE]!;
    this.columns = columns;
    this.trans = new Int32Array(terminal.length * columns);
    for (const [key, next] of edges) this.trans[Math.floor(key / 128) * columns + this.column[key % 128]!] = next;
    this.terminalAt = Int32Array.from(terminal);
    for (let a = 0; a < 128; a++) {
      const first = edges.get(a);
      if (first === undefined) continue;
      for (let b = 0; b < 256; b++) {
        const col = this.column[b]!;
        if (col !== 0) this.afterTwo[(a << 8) | b] = this.trans[first * columns + col]!;
      }
    }
  }

  /**
   * Calls `onCue(term, start, end)` for each cue found and returns the word tokens of `text`. The token
   * arrays are reused by the next call (allocating four typed arrays per call cost more than the scan of
   * a short prompt): read them before scanning again.
   */
  scan(text: string, onCue: (term: string, start: number, end: number) => void): Tokens {
    const n = text.length;
    const buf = this.bytesOf(text);
    // Sized for ordinary prose (a word every ~6 characters) and doubled when a text has more words.
    const need = (n >> 2) + 16;
    let tokens = this.scratch;
    if (tokens === undefined || tokens.ids.length < need || tokens.ids.length > MAX_KEPT_TOKENS) {
      tokens = emptyTokens(Math.max(need, 256));
      // Arrays for a long document are not kept: one big text must not pin memory for the process.
      this.scratch = need <= MAX_KEPT_TOKENS ? tokens : undefined;
    }
    const afterTwo = this.afterTwo;
    let count = 0;
    let clause = true;
    let i = 0;
    for (;;) {
      // Between words: only clause ends matter.
      while (i < n) {
        const cls = CLASS[buf[i]!]!;
        if ((cls & WORD) !== 0) break;
        if ((cls & CLAUSE_END) !== 0) clause = true;
        i++;
      }
      if (i >= n) break;
      const start = i;
      // A token is word characters, with an apostrophe kept inside when a letter follows ("i'll",
      // "you're"). Cues start at every run of word characters, also after such an apostrophe ("don't" ->
      // "t want to live").
      for (;;) {
        if (i + 1 < n) {
          const node = afterTwo[(buf[i]! << 8) | buf[i + 1]!]!;
          if (node !== 0) this.cuesAt(buf, n, i, node, onCue);
        }
        i++;
        while (i < n && (CLASS[buf[i]!]! & WORD) !== 0) i++;
        if (i + 1 < n && FOLD[buf[i]!] === APOSTROPHE && (CLASS[buf[i + 1]!]! & LETTER) !== 0) {
          i++;
          continue;
        }
        break;
      }
      if (count === tokens.ids.length) grow(tokens);
      tokens.ids[count] = this.known(buf, start, i);
      tokens.starts[count] = start;
      tokens.ends[count] = i;
      tokens.clauseStart[count] = clause ? 1 : 0;
      count++;
      clause = false;
    }
    tokens.count = count;
    if (buf.length > MAX_KEPT_BYTES) this.buffer = new Uint8Array(256);
    return tokens;
  }

  /** The text as scan bytes (see the module comment); offsets equal the text's UTF-16 offsets. */
  private bytesOf(text: string): Uint8Array {
    const n = text.length;
    let buf = this.buffer;
    if (buf.length < n) {
      buf = new Uint8Array(Math.max(n, buf.length * 2));
      this.buffer = buf;
    }
    // encodeInto writes exactly n bytes for n units only when every unit is ASCII.
    const r = encoder.encodeInto(text, buf);
    if (r.read === n && r.written === n) return buf;
    for (let k = 0; k < n; k++) {
      const c = text.charCodeAt(k);
      buf[k] = c < 128 ? c : c === RIGHT_QUOTE ? RIGHT_QUOTE_BYTE : OTHER_BYTE;
    }
    return buf;
  }

  /** Vocabulary id of the token buf[start, end), or -1. */
  private known(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const key = vocabKey(len, buf[start]!, buf[end - 1]!);
    if ((this.vocabBits[key >>> 5]! & (1 << (key & 31))) === 0) return -1;
    const ids = this.vocabByKey.get(key)!;
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      if (this.vocabLength[id] !== len) continue;
      const off = this.vocabOffset[id]!;
      let k = 0;
      while (k < len && FOLD[buf[start + k]!] === this.vocabBytes[off + k]) k++;
      if (k === len) return id;
    }
    return -1;
  }

  /** Walks the trie from a word start (`node`: after its first two bytes); the longest cue that matches (with its word-end rule) wins. */
  private cuesAt(buf: Uint8Array, n: number, i: number, node: number, onCue: (term: string, start: number, end: number) => void): void {
    const { trans, terminalAt, entries, column, columns } = this;
    let best = -1;
    let t = terminalAt[node]!;
    if (t >= 0 && (!entries[t]!.wholeWord || inflectionFollows(buf, n, i + 2, FOLD[buf[i + 1]!]!))) best = t;
    for (let k = i + 2; k < n; k++) {
      const col = column[buf[k]!]!;
      if (col === 0) break;
      node = trans[node * columns + col]!;
      if (node === 0) break;
      t = terminalAt[node]!;
      if (t >= 0 && (!entries[t]!.wholeWord || inflectionFollows(buf, n, k + 1, FOLD[buf[k]!]!))) best = t;
    }
    if (best >= 0) {
      const cue = entries[best]!;
      onCue(cue.term, i, i + cue.text.length);
    }
  }
}

const MAX_KEPT_TOKENS = 1 << 16;

function emptyTokens(cap: number): Tokens {
  return {
    count: 0,
    ids: new Int32Array(cap),
    starts: new Int32Array(cap),
    ends: new Int32Array(cap),
    clauseStart: new Uint8Array(cap),
  };
}

function grow(tokens: Tokens): void {
  const cap = tokens.ids.length * 2;
  const ids = new Int32Array(cap);
  ids.set(tokens.ids);
  const starts = new Int32Array(cap);
  starts.set(tokens.starts);
  const ends = new Int32Array(cap);
  ends.set(tokens.ends);
  const clauseStart = new Uint8Array(cap);
  clauseStart.set(tokens.clauseStart);
  tokens.ids = ids;
  tokens.starts = starts;
  tokens.ends = ends;
  tokens.clauseStart = clauseStart;
}

/** True when buf[from, from + e.length) is the ending `e` and no letter follows it (digits may). */
function endingAt(buf: Uint8Array, n: number, from: number, e: readonly number[]): boolean {
  if (from + e.length > n) return false;
  for (let k = 0; k < e.length; k++) if (buf[from + k] !== e[k]) return false;
  const after = from + e.length;
  return after >= n || (CLASS[buf[after]!]! & LETTER) === 0;
}

/**
 * Whole word plus an inflection, including a doubled final consonant (stab -> stabbed, stabbing).
 * `last` is the cue's final character (folded); the doubled one is compared as it stands in the text.
 */
function inflectionFollows(buf: Uint8Array, n: number, rest: number, last: number): boolean {
  for (const e of SHORT_CUE_ENDINGS) if (endingAt(buf, n, rest, e)) return true;
  if (rest >= n || buf[rest] !== last) return false;
  for (const e of DOUBLED_ENDINGS) if (endingAt(buf, n, rest + 1, e)) return true;
  return false;
}
