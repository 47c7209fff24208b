/**
 * One pass over the lower-cased matching view of a text: finds the safety lexicon's cue terms at word
 * starts and, in the same loop, splits the text into word tokens for the templates (safety-templates.ts).
 * No regex and no allocation per character: cues sit in a character trie, so the cost per word start is
 * one map read per character of the longest cue prefix there (usually one to three).
 */

/** Word tokens of a text: parallel arrays (cheaper than an object per word). */
export interface Tokens {
  /** The word when it is in the scanner's vocabulary, else "" (unknown words are never copied out). */
  words: string[];
  starts: number[];
  ends: number[];
  /** True where the word starts a clause (start of text or after . ! ? ; : or a line break). */
  clauseStart: boolean[];
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
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10 || c === 13;
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
  /** Cue ending at a node, if any. */
  private readonly terminal: Array<CueEntry | undefined> = [undefined];
  /** Vocabulary words by hash (see wordHash); a token is compared only against the words of its hash. */
  private readonly vocabulary = new Map<number, string[]>();

  /** `vocabulary`: the words the caller needs to see in tokens (the templates' words). */
  constructor(terms: Iterable<string>, vocabulary: Iterable<string> = []) {
    for (const w of vocabulary) {
      const h = wordHash(w, 0, w.length);
      const list = this.vocabulary.get(h) ?? [];
      if (!list.includes(w)) list.push(w);
      this.vocabulary.set(h, list);
    }
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
      this.terminal[node] ??= { term, text, wholeWord: wholeMark || (/^[a-z]+$/.test(text) && text.length <= SHORT_CUE_MAX) };
    }
  }

  /** Calls `onCue(term, start, end)` for each cue found and returns the word tokens of `text`. */
  scan(text: string, onCue: (term: string, start: number, end: number) => void): Tokens {
    const tokens: Tokens = { words: [], starts: [], ends: [], clauseStart: [] };
    const n = text.length;
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
        tokens.words.push(this.known(text, wordStart, i, hash));
        tokens.starts.push(wordStart);
        tokens.ends.push(i);
        tokens.clauseStart.push(clause);
        clause = false;
        wordStart = -1;
      }
      if (isClauseEnd(c)) clause = true;
    }
    return tokens;
  }

  private known(text: string, start: number, end: number, hash: number): string {
    const list = this.vocabulary.get(hash);
    if (list) for (const w of list) if (w.length === end - start && sameAt(text, start, w)) return w;
    return '';
  }

  /** Walks the trie from a word start; the longest cue that matches (with its word-end rule) wins. */
  private cuesAt(text: string, i: number, onCue: (term: string, start: number, end: number) => void): void {
    let node = 0;
    let best: CueEntry | undefined;
    for (let k = i; k < text.length; k++) {
      const c = foldQuote(text.charCodeAt(k));
      if (c >= 128) break;
      const next = this.edges.get(node * 128 + c);
      if (next === undefined) break;
      node = next;
      const cue = this.terminal[node];
      if (cue && (!cue.wholeWord || inflectionFollows(text, k + 1, c))) best = cue;
    }
    if (best) onCue(best.term, i, i + best.text.length);
  }
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
  const endsWith = (e: string, from: number): boolean => sameAt(text, from, e) && !isLetter(text.charCodeAt(from + e.length));
  for (const e of SHORT_CUE_ENDINGS) if (endsWith(e, rest)) return true;
  if (text.charCodeAt(rest) !== last) return false;
  for (const e of DOUBLED_ENDINGS) if (endsWith(e, rest + 1)) return true;
  return false;
}
