/**
 * One pass over the lower-cased matching view of a text: finds the safety lexicon's cue terms at word
 * starts and, in the same loop, splits the text into word tokens for the templates (safety-templates.ts).
 * No regex and no allocation per character: cues sit in a character trie, so the cost per word start is
 * one map read per character of the longest cue prefix there (usually one to three).
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

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isClauseEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 44 || c === 10 || c === 13;
}

/** A typographic apostrophe compares equal to a straight one (i’ll = i'll). */
function foldQuote(c: number): number {
  return c === RIGHT_QUOTE ? APOSTROPHE : c;
}

const SHORT_CUE_MAX = 5;
const SHORT_CUE_ENDINGS = ['', 's', 'es', 'ed', 'd', 'ing', 'ings', 'er', 'ers', 'en'];
const DOUBLED_ENDINGS = ['ed', 'ing', 'er', 'ers'];

interface CueEntry {
  /** The term as written in the lexicon (the key callers look up). */
  term: string;
  /** The characters to compare (without the whole-word marker). */
  text: string;
  /** Whole word plus an inflection, not a prefix: short cues, and longer ones written with a final ".". */
  wholeWord: boolean;
}

/**
 * Cue matcher. A cue of five letters or fewer is a whole word (plus plural/verb endings), so "stab" does
 * not match "stability"; a longer cue is a stem or phrase and matches as a prefix ("decapitat" ->
 * decapitated), unless written with a final "." ("retard." does not match "retardation"). At each word
 * start the longest matching cue wins, and cues may overlap across word starts.
 */
export class CueScanner {
  /** Character trie of the cues: transitions keyed by node * 128 + char code; node 0 is the root. */
  private readonly edges = new Map<number, number>();
  /** The same transitions in a flat hash table, for the scan loop. */
  private readonly edgeTable: IntTable;
  /** Cue ending at a node, if any. */
  private readonly terminal: Array<CueEntry | undefined> = [undefined];
  /** Node after the first two characters (0 = no cue starts so): most word starts stop here. */
  private readonly afterTwo = new Int32Array(128 * 128);
  /** Token arrays reused across calls (see scan). */
  private scratch: Tokens | undefined;
  /** Vocabulary hashes seen, by their low 16 bits: most words are ruled out without a map read. */
  private readonly hashMask = new Uint8Array(1 << 16);
  /** Vocabulary word ids by hash (see wordHash); a token is compared only with the words of its hash. */
  private readonly byHash = new Map<number, number[]>();
  /** Hash -> first vocabulary id with that hash (flat table; collisions fall back to byHash). */
  private readonly hashTable: IntTable;
  private readonly vocabulary: readonly string[];

  /** `vocabulary`: the words whose ids tokens carry (the templates' words); other words get -1. */
  constructor(terms: Iterable<string>, vocabulary: readonly string[] = []) {
    this.vocabulary = vocabulary;
    vocabulary.forEach((w, id) => {
      const h = wordHash(w, 0, w.length);
      const list = this.byHash.get(h) ?? [];
      list.push(id);
      this.byHash.set(h, list);
      this.hashMask[h & 0xffff] = 1;
    });
    for (const term of terms) {
      const wholeMark = term.endsWith('.');
      const text = wholeMark ? term.slice(0, -1) : term;
      if (text.length < 2 || !/^[\x20-\x7e]+$/.test(text)) continue;
      let node = 0;
      for (let k = 0; k < text.length; k++) {
        const key = node * 128 + text.charCodeAt(k);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = this.terminal.length;
          this.terminal.push(undefined);
          this.edges.set(key, next);
        }
        node = next;
      }
      this.terminal[node] ??= {
        term,
        text,
        wholeWord: wholeMark || (/^[a-z]+$/.test(text) && text.length <= SHORT_CUE_MAX),
      };
    }
    this.edgeTable = IntTable.from(this.edges);
    const firstIds = new Map<number, number>();
    for (const [h, ids] of this.byHash) firstIds.set(h, ids.length === 1 ? ids[0]! : -2);
    this.hashTable = IntTable.from(firstIds);
    for (let a = 0; a < 128; a++) {
      const first = this.edges.get(a);
      if (first === undefined) continue;
      for (let b = 0; b < 128; b++) this.afterTwo[a * 128 + b] = this.edges.get(first * 128 + b) ?? 0;
    }
  }

  /**
   * Calls `onCue(term, start, end)` for each cue found and returns the word tokens of `text`. The token
   * arrays are reused by the next call (allocating four typed arrays per call cost more than the scan of
   * a short prompt): read them before scanning again.
   */
  scan(text: string, onCue: (term: string, start: number, end: number) => void): Tokens {
    const n = text.length;
    // Sized for ordinary prose (a word every ~6 characters) and doubled when a text has more words.
    const need = (n >> 2) + 16;
    let tokens = this.scratch;
    if (tokens === undefined || tokens.ids.length < need || tokens.ids.length > MAX_KEPT_TOKENS) {
      tokens = emptyTokens(Math.max(need, 256));
      // Arrays for a long document are not kept: one big text must not pin memory for the process.
      this.scratch = need <= MAX_KEPT_TOKENS ? tokens : undefined;
    }
    let count = 0;
    let wordStart = -1;
    let hash = 0;
    let clause = true;
    let inWord = false;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 32;
      if (isWordChar(c)) {
        if (wordStart < 0) {
          wordStart = i;
          hash = HASH_SEED;
        }
        hash = Math.imul(hash ^ c, FNV_PRIME);
        // Cues start at every word start, including after an apostrophe ("don't" -> "t want to live").
        if (!inWord) {
          inWord = true;
          this.cuesAt(text, i, onCue);
        }
        continue;
      }
      inWord = false;
      const fc = foldQuote(c);
      // An apostrophe between letters stays inside the token ("i'll", "you're").
      if (fc === APOSTROPHE && wordStart >= 0 && i + 1 < n && isLetter(text.charCodeAt(i + 1))) {
        hash = hashStep(hash, APOSTROPHE);
        continue;
      }
      if (wordStart >= 0) {
        if (count === tokens.ids.length) grow(tokens);
        tokens.ids[count] = this.known(text, wordStart, i, hash);
        tokens.starts[count] = wordStart;
        tokens.ends[count] = i;
        tokens.clauseStart[count] = clause ? 1 : 0;
        count++;
        clause = false;
        wordStart = -1;
      }
      if (isClauseEnd(c)) clause = true;
    }
    tokens.count = count;
    return tokens;
  }

  private known(text: string, start: number, end: number, hash: number): number {
    if (this.hashMask[hash & 0xffff] === 0) return -1;
    const only = this.hashTable.get(hash);
    if (only === -1) return -1;
    if (only >= 0) {
      const w = this.vocabulary[only]!;
      return w.length === end - start && sameAt(text, start, w) ? only : -1;
    }
    const list = this.byHash.get(hash);
    if (list) {
      for (const id of list) {
        const w = this.vocabulary[id]!;
        if (w.length === end - start && sameAt(text, start, w)) return id;
      }
    }
    return -1;
  }

  /** Walks the trie from a word start; the longest cue that matches (with its word-end rule) wins. */
  private cuesAt(text: string, i: number, onCue: (term: string, start: number, end: number) => void): void {
    if (i + 1 >= text.length) return;
    const a = text.charCodeAt(i);
    const b = foldQuote(text.charCodeAt(i + 1));
    if (a >= 128 || b >= 128) return;
    let node = this.afterTwo[a * 128 + b]!;
    if (node === 0) return;
    let best: CueEntry | undefined;
    const two = this.terminal[node];
    if (two && (!two.wholeWord || inflectionFollows(text, i + 2, b))) best = two;
    for (let k = i + 2; k < text.length; k++) {
      const c = foldQuote(text.charCodeAt(k));
      if (c >= 128) break;
      const next = this.edgeTable.get(node * 128 + c);
      if (next < 0) break;
      node = next;
      const cue = this.terminal[node];
      if (cue && (!cue.wholeWord || inflectionFollows(text, k + 1, c))) best = cue;
    }
    if (best) onCue(best.term, i, i + best.text.length);
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

const HASH_SEED = 0x811c9dc5 | 0;

const FNV_PRIME = 0x01000193;

function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

/** FNV-1a over the char codes (typographic apostrophe folded), the same as the scan loop computes. */
function wordHash(w: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let k = start; k < end; k++) h = hashStep(h, foldQuote(w.charCodeAt(k)));
  return h;
}

function sameAt(text: string, at: number, cue: string): boolean {
  if (at + cue.length > text.length) return false;
  for (let k = 0; k < cue.length; k++) if (foldQuote(text.charCodeAt(at + k)) !== cue.charCodeAt(k)) return false;
  return true;
}

/** Whole word plus an inflection, including a doubled final consonant (stab -> stabbed, stabbing). */
function inflectionFollows(text: string, rest: number, last: number): boolean {
  const endsWith = (e: string, from: number): boolean =>
    sameAt(text, from, e) && !isLetter(text.charCodeAt(from + e.length));
  for (const e of SHORT_CUE_ENDINGS) if (endsWith(e, rest)) return true;
  if (text.charCodeAt(rest) !== last) return false;
  for (const e of DOUBLED_ENDINGS) if (endsWith(e, rest + 1)) return true;
  return false;
}

/**
 * Open-addressing table from int keys to non-negative int values (get returns -1 when absent): the scan
 * loop reads it once per character of a cue prefix, where a Map read costs several times more.
 */
class IntTable {
  private constructor(
    private readonly keys: Int32Array,
    private readonly values: Int32Array,
    private readonly used: Uint8Array,
    private readonly mask: number,
  ) {}

  static from(entries: Map<number, number>): IntTable {
    let size = 16;
    while (size < entries.size * 2) size <<= 1;
    const t = new IntTable(new Int32Array(size), new Int32Array(size), new Uint8Array(size), size - 1);
    for (const [k, v] of entries) {
      let at = IntTable.slot(k) & t.mask;
      while (t.used[at] === 1) at = (at + 1) & t.mask;
      t.used[at] = 1;
      t.keys[at] = k;
      t.values[at] = v;
    }
    return t;
  }

  private static slot(k: number): number {
    return Math.imul(k ^ (k >>> 16), 0x45d9f3b) >>> 0;
  }

  get(k: number): number {
    let at = IntTable.slot(k) & this.mask;
    while (this.used[at] === 1) {
      if (this.keys[at] === k) return this.values[at]!;
      at = (at + 1) & this.mask;
    }
    return -1;
  }
}
