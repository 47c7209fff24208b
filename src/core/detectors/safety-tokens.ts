/**
 * Word tokens of the safety scan (safety-cues.ts), read from its scan bytes (safety-scan-bytes.ts): the
 * token arrays a whole-text scan fills, and TokenWindow, which reads the tokens around one template start
 * word on demand for the template matcher (safety-templates.ts). A token is a run of word bytes, with an
 * apostrophe inside it when a letter follows ("you're").
 */
import { CLASS, Cls, FOLD, ScanByte } from './safety-scan-bytes.js';
import { grownInt32 } from './typed-arrays.js';

/** What a token's vocabulary id comes from: the cue scanner's vocabulary of template words. */
export interface Vocabulary {
  /** The vocabulary index of the word buf[start, end), or -1 for any other word. */
  known(buf: Uint8Array, start: number, end: number): number;
}

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

/** What TokenSource.id returns for a token before the start or past the end of the text. */
export const NO_TOKEN = -2;

/**
 * Tokens around one start token: `id(k)` is the vocabulary id (or -1) of the k-th token after the start
 * token (k = 0 is the start token; k = -1, -2 the tokens before it), NO_TOKEN where there is none.
 */
export interface TokenSource {
  id(k: number): number;
  /** Whether the start token begins a clause (see Tokens.clauseStart). */
  clauseStart(): boolean;
}

/**
 * Tokens around one template start word, read from the scan bytes on demand: the matcher looks a few
 * words ahead and at most two back, so a text is never tokenized as a whole.
 */
export class TokenWindow implements TokenSource {
  private buf: Uint8Array = new Uint8Array(0);
  private n = 0;
  /** Tokens from the start token on: index 0 is the start token; `count` read so far. */
  private ids: Int32Array = new Int32Array(32);
  private starts: Int32Array = new Int32Array(32);
  private ends: Int32Array = new Int32Array(32);
  private count = 0;
  /** The two tokens before the start token (NO_TOKEN where none), and its clause flag, once looked up. */
  private behindRead = false;
  private behind1 = NO_TOKEN;
  private behind2 = NO_TOKEN;
  private clause = false;

  constructor(private readonly scanner: Vocabulary) {}

  reset(buf: Uint8Array, n: number): void {
    this.buf = buf;
    this.n = n;
    this.count = 0;
  }

  at(start: number, end: number, id: number): void {
    this.behindRead = false;
    // Start words often follow each other within a few words ("you are you are ..."): the tokens read
    // after the previous start word are kept when this one is among them, so no token is read twice.
    let k = 1;
    while (k < this.count && this.starts[k]! < start) k++;
    if (k < this.count && this.starts[k] === start) {
      this.ids.copyWithin(0, k, this.count);
      this.starts.copyWithin(0, k, this.count);
      this.ends.copyWithin(0, k, this.count);
      this.count -= k;
      return;
    }
    this.ids[0] = id;
    this.starts[0] = start;
    this.ends[0] = end;
    this.count = 1;
  }

  id(k: number): number {
    if (k < 0) {
      if (!this.behindRead) this.readBehind();
      return k === -1 ? this.behind1 : k === -2 ? this.behind2 : NO_TOKEN;
    }
    while (k >= this.count) if (!this.readNext()) return NO_TOKEN;
    return this.ids[k]!;
  }

  clauseStart(): boolean {
    if (!this.behindRead) this.readBehind();
    return this.clause;
  }

  /** Start offset of token k (k read already). */
  start(k: number): number {
    return this.starts[k]!;
  }

  /**
   * The scan bytes of the text (see CueCallback in safety-cues.ts; valid while the scan runs) and the text's length: for
   * checks around a template match made during the scan.
   */
  bytes(): Uint8Array {
    return this.buf;
  }

  length(): number {
    return this.n;
  }

  /** End offset of token k (k read already). */
  end(k: number): number {
    return this.ends[k]!;
  }

  private readNext(): boolean {
    const { buf, n } = this;
    let i = this.ends[this.count - 1]!;
    while (i < n && (CLASS[buf[i]!]! & Cls.WORD) === 0) i++;
    if (i >= n) return false;
    if (this.count === this.ids.length) {
      this.ids = grownInt32(this.ids);
      this.starts = grownInt32(this.starts);
      this.ends = grownInt32(this.ends);
    }
    const end = tokenEnd(buf, n, i);
    this.ids[this.count] = this.scanner.known(buf, i, end);
    this.starts[this.count] = i;
    this.ends[this.count] = end;
    this.count++;
    return true;
  }

  /** Reads back from the start token: the gap before it (a clause end there starts a clause), two tokens. */
  private readBehind(): void {
    this.behindRead = true;
    this.behind1 = NO_TOKEN;
    this.behind2 = NO_TOKEN;
    let i = this.starts[0]!;
    let clause = false;
    for (let k = 1; k <= 2; k++) {
      while (i > 0 && (CLASS[this.buf[i - 1]!]! & Cls.WORD) === 0) {
        if (k === 1 && (CLASS[this.buf[i - 1]!]! & Cls.CLAUSE_END) !== 0) clause = true;
        i--;
      }
      if (i === 0) {
        // No token before: the start token begins the text's first clause.
        if (k === 1) clause = true;
        break;
      }
      const end = i;
      i = tokenStart(this.buf, i - 1);
      const id = this.scanner.known(this.buf, i, end);
      if (k === 1) this.behind1 = id;
      else this.behind2 = id;
    }
    this.clause = clause;
  }
}

/** End (exclusive) of the token starting at word character i: word characters, inner apostrophes. */
export function tokenEnd(buf: Uint8Array, n: number, i: number): number {
  for (;;) {
    i++;
    while (i < n && (CLASS[buf[i]!]! & Cls.WORD) !== 0) i++;
    if (i + 1 < n && FOLD[buf[i]!] === ScanByte.APOSTROPHE && (CLASS[buf[i + 1]!]! & Cls.LETTER) !== 0) {
      i++;
      continue;
    }
    return i;
  }
}

/** Start of the token whose last character is at `last` (read backwards; the inverse of tokenEnd). */
export function tokenStart(buf: Uint8Array, last: number): number {
  let i = last;
  for (;;) {
    while (i > 0 && (CLASS[buf[i - 1]!]! & Cls.WORD) !== 0) i--;
    // An apostrophe before a letter, itself after a word character, is inside the token.
    if (
      i >= 2 &&
      FOLD[buf[i - 1]!] === ScanByte.APOSTROPHE &&
      (CLASS[buf[i]!]! & Cls.LETTER) !== 0 &&
      (CLASS[buf[i - 2]!]! & Cls.WORD) !== 0
    ) {
      i -= 2;
      continue;
    }
    return i;
  }
}

export const MAX_KEPT_TOKENS = 1 << 16;

export function emptyTokens(cap: number): Tokens {
  return {
    count: 0,
    ids: new Int32Array(cap),
    starts: new Int32Array(cap),
    ends: new Int32Array(cap),
    clauseStart: new Uint8Array(cap),
  };
}

export function growTokens(tokens: Tokens): void {
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
