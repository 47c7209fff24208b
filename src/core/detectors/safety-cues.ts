/**
 * One pass over the lower-cased matching view of a text: finds the safety lexicon's cue terms at word
 * starts and, in the same loop, splits the text into word tokens for the templates (safety-templates.ts).
 * No regex and no allocation per character; cues are bucketed by their first two characters in a flat
 * array indexed by char codes, so the cost per word start is one array read and a few comparisons.
 */

/** Word tokens of a text: parallel arrays (cheaper than an object per word). */
export interface Tokens {
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
  private readonly buckets: Array<CueEntry[] | undefined> = new Array(128 * 128);

  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      const wholeMark = term.endsWith('.');
      const text = wholeMark ? term.slice(0, -1) : term;
      if (text.length < 2) continue;
      const a = text.charCodeAt(0);
      const b = text.charCodeAt(1);
      if (a >= 128 || b >= 128) continue;
      const key = (a << 7) | b;
      const list = this.buckets[key] ?? [];
      list.push({ term, text, wholeWord: wholeMark || (/^[a-z]+$/.test(text) && text.length <= SHORT_CUE_MAX) });
      this.buckets[key] = list;
    }
    for (const list of this.buckets) list?.sort((x, y) => y.text.length - x.text.length);
  }

  /** Calls `onCue(term, start, end)` for each cue found and returns the word tokens of `text`. */
  scan(text: string, onCue: (term: string, start: number, end: number) => void): Tokens {
    const tokens: Tokens = { words: [], starts: [], ends: [], clauseStart: [] };
    const n = text.length;
    let wordStart = -1;
    let clause = true;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 32;
      if (isWordChar(c)) {
        if (wordStart < 0) wordStart = i;
        // Cues start at every word start, including after an apostrophe ("don't" -> "t want to live").
        if (i === 0 || !isWordChar(text.charCodeAt(i - 1))) this.cuesAt(text, i, onCue);
        continue;
      }
      const fc = foldQuote(c);
      // An apostrophe between letters stays inside the token ("i'll", "you're").
      if (fc === APOSTROPHE && wordStart >= 0 && i + 1 < n && isLetter(text.charCodeAt(i + 1))) continue;
      if (wordStart >= 0) {
        let w = text.slice(wordStart, i);
        if (w.includes('\u2019')) w = w.replace(/\u2019/g, "'");
        tokens.words.push(w);
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

  private cuesAt(text: string, i: number, onCue: (term: string, start: number, end: number) => void): void {
    if (i + 1 >= text.length) return;
    const b = text.charCodeAt(i + 1);
    if (b >= 128) return;
    const list = this.buckets[(text.charCodeAt(i) << 7) | b];
    if (!list) return;
    for (const cue of list) {
      const len = cue.text.length;
      if (!sameAt(text, i, cue.text)) continue;
      if (cue.wholeWord && !inflectionFollows(text, i + len, cue.text.charCodeAt(len - 1))) continue;
      onCue(cue.term, i, i + len);
      return;
    }
  }
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
