/**
 * Offline semantic similarity: a text is compared with a lexicon of attack INTENTS (short descriptions
 * of what an injection tries to make the model do, written for this project in similarity-intents.ts)
 * using hashed sparse vectors of stemmed words, word pairs and skip-pairs. No model download, no
 * network: the "embedding" is a feature hash, so it captures shared vocabulary and word order loosely,
 * which is enough to see "disregard what you were told earlier" near "ignore your previous instructions".
 *
 * Cost: one pass over the text to build window vectors, and one inverted-index lookup per feature, so it
 * is linear in the text length and independent of the lexicon size for features the text does not share.
 */

import { bucketKey, HASH_SEED, hashStep, hashWord } from './normalize-words.js';
import { grownInt32 } from './typed-arrays.js';

export interface SimilarityHit {
  /** Best similarity in [0, 1]: the share of an intent's weighted features present in a window. */
  score: number;
  /** Id of the closest intent. */
  intent: string;
  /** Span of the best window in the scanned string. */
  start: number;
  end: number;
}

export interface SimilarityIndex {
  /** Best match of any window of `text` against the intent lexicon. */
  best(text: string): SimilarityHit | undefined;
  /** The same for the tokens a scanner collected from an ASCII text (equal to `best` of that text). */
  bestOf(collected: AsciiTokenCollector): SimilarityHit | undefined;
  /**
   * For a scanner that keeps the windows itself: scores window hashes[from, to) (its text from `start` to
   * `end`) against the intents and returns the better of it and `best` (the earlier of equals). Called
   * with the windows of a text that pass the gate, in order, from `best` undefined, it answers `bestOf`.
   */
  scoreWindow(
    hashes: Int32Array,
    from: number,
    to: number,
    start: number,
    end: number,
    best: SimilarityHit | undefined,
  ): SimilarityHit | undefined;
  /** True when a stem hash counts towards the window gate (a lexicon word that is not generic). */
  isVocabulary(stemHash: number): boolean;
  /**
   * The windows, for a scanner that keeps them (scoreWindow): tokens per window, and the step between window
   * starts. bestOf looks at the windows over the text's tokens starting at 0, windowStep, 2 windowStep ...
   * each windowWords long (less at the end), up to the first that reaches the last token, and scores
   * those that hold at least minSharedWords vocabulary tokens.
   */
  readonly windowWords: number;
  readonly windowStep: number;
  /** The window gate: a window is scored when it holds at least this many vocabulary tokens (isVocabulary). */
  readonly minSharedWords: number;
}

/** Stop words carry no intent; dropping them keeps "the"/"a" from making unrelated texts look close. */
const STOP = new Set(
  'a an the of to in on at for with and or but is are was were be been being it its this that these those i me my we our us he she they them their his her as by from so do does did can could would should will shall may might just very really please kindly then than also into about'.split(
    ' ',
  ),
);

/** The longest stop word: a longer word is none, and skips hashing itself for the set lookup. */
const STOP_MAX_LENGTH = Math.max(...[...STOP].map((w) => w.length));

function isStopWord(word: string): boolean {
  return word.length <= STOP_MAX_LENGTH && STOP.has(word);
}

/** A crude English suffix stripper: enough to merge instructions/instruction, ignoring/ignore, previously/previous. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length <= 4) return w;
  // The first suffix of SUFFIXES that fits, tried among those ending with w's last unit (same order):
  // every new word of a long text is stemmed once, and most end with none of them.
  const candidates = SUFFIXES_BY_LAST.get(w.charCodeAt(w.length - 1));
  if (candidates === undefined) return w;
  for (const suffix of candidates) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
    // "previous", "class", "analysis": a final s after u/s/i is part of the word.
    if (suffix === 's') {
      const before = w.charCodeAt(w.length - 2);
      if (before === 117 || before === 115 || before === 105) continue; // u s i
    }
    return w.slice(0, w.length - suffix.length);
  }
  return w;
}

/** The suffixes stem strips, in the order it tries them, grouped by their last unit. */
const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ions', 'ion', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 's'];
const SUFFIXES_BY_LAST = new Map<number, string[]>();
for (const suffix of SUFFIXES) {
  const last = suffix.charCodeAt(suffix.length - 1);
  const group = SUFFIXES_BY_LAST.get(last) ?? [];
  group.push(suffix);
  SUFFIXES_BY_LAST.set(last, group);
}

/**
 * FNV-1a 32-bit, the feature hash of a word stem. Feature hashes are kept as signed 32-bit integers:
 * V8 stores those unboxed, while unsigned values above 2^31 would be heap numbers and make every Map
 * and Set lookup of the index several times slower (the two forms are the same 32 bits).
 */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Hash of an ordered pair of word hashes (tag separates adjacent pairs from skip pairs). */
function pairHash(a: number, b: number, tag: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + tag, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.imul(h, 0x27d4eb2d);
}

/**
 * Everyday words that occur in intents but say little alone ("you", "tell", "what"): they still count in
 * the score, but not towards the window gate, so ordinary prose rarely pays for a window vector.
 */
const GENERIC_WORDS =
  'you your what tell give all any now new make say want need know think like there here out up one some more other also way get go see use used using our us'.split(
    ' ',
  );
const GENERIC_HASHES: ReadonlySet<number> = new Set(GENERIC_WORDS.map((w) => hash(stem(w))));

/**
 * What scoreWindow's loose bound must fall short of the best score by to pass a window over: far above
 * the rounding of a sum of a few dozen weights (each at most 1), far below any difference of scores.
 */
const LOOSE_MARGIN = 1e-9;

/** Windows sharing fewer lexicon words than this cannot come close to an intent and are skipped. */
const MIN_SHARED_WORDS = 3;

const WORD = /[\p{L}\p{N}'’]+/gu;

/**
 * Tokens of one text: stem hashes and original spans, in typed arrays that are reused from call to call
 * (grown when a longer text comes), so tokenizing allocates nothing per word. Valid until the next
 * tokenize call.
 */
class Tokens {
  count = 0;
  hashes: Int32Array = new Int32Array(256);
  starts: Int32Array = new Int32Array(256);
  ends: Int32Array = new Int32Array(256);

  reset(): this {
    this.count = 0;
    return this;
  }

  push(hash: number, start: number, end: number): void {
    if (this.count === this.hashes.length) {
      this.hashes = grownInt32(this.hashes);
      this.starts = grownInt32(this.starts);
      this.ends = grownInt32(this.ends);
    }
    this.hashes[this.count] = hash;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

const scratchTokens = new Tokens();
/** Window-gate prefix sums, reused like the tokens. */
let knownScratch: Int32Array = new Int32Array(257);

// Words repeat across texts; their stem hashes are memoised (bounded, so hostile input cannot grow it).
// Keyed by the FNV hash of the folded word (lower case, apostrophes dropped) and confirmed against the
// word itself, so the ASCII tokenizer looks words up without cutting a substring. STOP_WORD marks a stop
// word (skipped).
const STOP_WORD = 2 ** 32; // not a 32-bit integer, so never a stem hash
/** What `asciiStemHash` and `stemHashOfWord` answer for a stop word or a word of apostrophes only: no token. */
export const NO_TOKEN = STOP_WORD;
const STEM_HASH_CACHE = new Map<number, Array<{ word: string; stemHash: number }>>();
const STEM_HASH_CACHE_LIMIT = 50_000;
let stemHashCacheSize = 0;

/** Stem hash of a folded word (STOP_WORD for stop words), memoised under `key` (bucketKey of its FNV hash). */
function stemHashOf(w: string, key: number): number {
  const stemHash = isStopWord(w) ? STOP_WORD : hash(stem(w));
  if (stemHashCacheSize < STEM_HASH_CACHE_LIMIT) {
    const bucket = STEM_HASH_CACHE.get(key);
    if (bucket) bucket.push({ word: w, stemHash });
    else STEM_HASH_CACHE.set(key, [{ word: w, stemHash }]);
    stemHashCacheSize++;
  }
  return stemHash;
}

/** True when text[start, end) with apostrophes dropped and ASCII lower-cased equals `word` (which has `len` units). */
function sameFolded(text: string, start: number, end: number, word: string): boolean {
  let j = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c === 39) continue;
    if (c >= 65 && c <= 90) c += 32;
    if (word.charCodeAt(j++) !== c) return false;
  }
  return j === word.length;
}

const NON_ASCII = /[\u0080-\uffff]/;

function tokenize(text: string): Tokens {
  const out = scratchTokens.reset();
  // The unicode-aware word regex is several times slower; most texts are ASCII.
  if (!NON_ASCII.test(text)) {
    tokenizeAscii(text, out);
    return out;
  }
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const raw = m[0];
    const h = tokenStemHash(raw);
    if (h === STOP_WORD) continue;
    out.push(h, m.index, m.index + raw.length);
  }
  return out;
}

/**
 * The stem hash of a token of the tokenizer (a match of WORD: letters, digits and apostrophes of any
 * script), or NO_TOKEN for a stop word or a token of apostrophes only.
 */
export function tokenStemHash(raw: string): number {
  // Short tokens (copied out of the text by slice, so they keep no text alive) are answered from a
  // bounded map of the raw token: the folding below allocates and reads the token three times.
  if (raw.length > RAW_STEM_MAX_LENGTH) return foldedStemHash(raw);
  let h = RAW_STEM.get(raw);
  if (h === undefined) {
    h = foldedStemHash(raw);
    if (RAW_STEM.size >= RAW_STEM_LIMIT) RAW_STEM.clear();
    RAW_STEM.set(raw, h);
  }
  return h;
}
/** V8 copies a slice shorter than 13 units; a longer one may point into the whole text. */
const RAW_STEM_MAX_LENGTH = 12;
const RAW_STEM_LIMIT = 8192;
const RAW_STEM = new Map<string, number>();

/** tokenStemHash, computed. */
function foldedStemHash(raw: string): number {
  const w = (raw.includes("'") || raw.includes('’') ? raw.replace(/['’]/g, '') : raw).toLowerCase();
  if (w.length === 0) return NO_TOKEN;
  const key = bucketKey(hashWord(w));
  let h: number | undefined;
  for (const e of STEM_HASH_CACHE.get(key) ?? []) if (e.word === w) h = e.stemHash;
  if (h === undefined) h = stemHashOf(w, key);
  return h;
}

const TOKEN_UNIT = /^[\p{L}\p{N}'’]$/u;
/** Per BMP code point: 0 not known yet, 1 a token unit, 2 not. */
const TOKEN_UNIT_BMP = new Uint8Array(65536);

/**
 * True when code point `cp` belongs to tokens (WORD's class: a letter or digit of any script, or an
 * apostrophe). Lone surrogates do not.
 */
export function isTokenCodePoint(cp: number): boolean {
  if (cp < 65536) {
    let known = TOKEN_UNIT_BMP[cp]!;
    if (known === 0)
      TOKEN_UNIT_BMP[cp] = known = cp >= 0xd800 && cp <= 0xdfff ? 2 : TOKEN_UNIT.test(String.fromCharCode(cp)) ? 1 : 2;
    return known === 1;
  }
  return TOKEN_UNIT.test(String.fromCodePoint(cp));
}

/**
 * ASCII text: words are runs of [A-Za-z0-9'] (as the regex /[a-z0-9A-Z']+/ finds them), folded to lower
 * case without apostrophes, hashed as they are read.
 */
function tokenizeAscii(text: string, out: Tokens): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isWordUnit(c)) {
      i++;
      continue;
    }
    const start = i;
    let key = HASH_SEED;
    let len = 0;
    do {
      if (c !== 39) {
        key = hashStep(key, c >= 65 && c <= 90 ? c + 32 : c);
        len++;
      }
      c = text.charCodeAt(++i);
    } while (isWordUnit(c));
    addAsciiWord(out, text, start, i, key, len);
  }
}

/**
 * Direct-mapped front of STEM_HASH_CACHE for the ASCII tokenizer: slot (bucket key & mask) -> the last
 * folded word seen there and its stem hash. A hit is confirmed against the word, like a cache hit.
 */
const RECENT_SLOTS = 4096;
const recentKey = new Int32Array(RECENT_SLOTS).fill(-1);
const recentWord: Array<string | undefined> = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
const recentStemHash = new Float64Array(RECENT_SLOTS);

/**
 * Tokens of an ASCII text gathered by a scanner that already walks its words (the injection detector's
 * structure pass), so the similarity layer does not walk the text again. Words must be given in order,
 * each a maximal run of [A-Za-z0-9'], with the hash and length of its folded units (see addAsciiWord).
 */
export class AsciiTokenCollector {
  readonly tokens = new Tokens();

  reset(): void {
    this.tokens.reset();
  }

  add(text: string, start: number, end: number, key: number, len: number): void {
    addAsciiWord(this.tokens, text, start, end, key, len);
  }
}

/** [A-Za-z0-9'] */
function isWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39;
}

/** Feature weights of tokens [from, to): unigrams 1, adjacent pairs 1.5, skip-one pairs 1. */
function features(h: Int32Array, from: number, to: number): Map<number, number> {
  const f = new Map<number, number>();
  const add = (k: number, w: number): void => {
    f.set(k, (f.get(k) ?? 0) + w);
  };
  for (let i = from; i < to; i++) {
    add(h[i]!, 1);
    if (i + 1 < to) add(pairHash(h[i]!, h[i + 1]!, 1), 1.5);
    if (i + 2 < to) add(pairHash(h[i]!, h[i + 2]!, 2), 1);
  }
  return f;
}

/**
 * Prepares an index over `intents` (id -> phrasings). Call once; `best` is then pure and linear.
 * Windows are `windowWords` content words long, sliding by half a window, so a short attack buried in a
 * long document is compared on its own and not diluted by the document. A window that shares fewer than
 * three words with the whole lexicon cannot come close to any intent and is skipped without building its
 * vector, which keeps ordinary text cheap.
 */
export function prepareSimilarityIndex(
  intents: ReadonlyArray<{ id: string; text: string }>,
  windowWords = 12,
): SimilarityIndex {
  const postings = new Map<number, Array<{ proto: number; weight: number }>>();
  const vocabulary = new Set<number>();
  const protoIds: string[] = [];
  intents.forEach((intent, p) => {
    const toks = tokenize(intent.text);
    for (let i = 0; i < toks.count; i++) if (!GENERIC_HASHES.has(toks.hashes[i]!)) vocabulary.add(toks.hashes[i]!);
    const f = features(toks.hashes, 0, toks.count);
    let total = 0;
    for (const w of f.values()) total += w;
    protoIds.push(intent.id);
    for (const [k, w] of f) {
      let list = postings.get(k);
      if (!list) postings.set(k, (list = []));
      list.push({ proto: p, weight: w / total });
    }
  });
  // One bit per value of a hash's low 16 bits, set for the vocabulary: most tokens of a text are not in
  // it, and the bit answers "no" for them without a Set lookup.
  const inVocabulary = new Uint8Array(65536 / 8);
  for (const v of vocabulary) inVocabulary[(v & 0xffff) >>> 3]! |= 1 << (v & 7);

  const inPostings = new Uint8Array(65536 / 8);
  for (const k of postings.keys()) inPostings[(k & 0xffff) >>> 3]! |= 1 << (k & 7);
  // The postings again, flat, for scoreWindow: key k's list is postProto/postWeight[postFrom[e],
  // postFrom[e + 1]) for the entry e that an open-addressed table (keyed like the Map, linear probing)
  // gives; the lists keep their order, so the sums add up in the same order as over the Map's lists.
  const keyBits = 32 - Math.clz32(Math.max(1, postings.size * 2 - 1));
  const keyMask = (1 << keyBits) - 1;
  const slotKey = new Int32Array(keyMask + 1);
  const slotEntry = new Int32Array(keyMask + 1).fill(-1);
  const postFrom = new Int32Array(postings.size + 1);
  let postCount = 0;
  for (const list of postings.values()) postCount += list.length;
  const postProto = new Int32Array(postCount);
  const postWeight = new Float64Array(postCount);
  {
    let e = 0;
    let at = 0;
    for (const [k, list] of postings) {
      let slot = Math.imul(k, 0x9e3779b1) >>> (32 - keyBits);
      while (slotEntry[slot] !== -1) slot = (slot + 1) & keyMask;
      slotKey[slot] = k;
      slotEntry[slot] = e;
      postFrom[e] = at;
      for (const { proto, weight } of list) {
        postProto[at] = proto;
        postWeight[at] = weight;
        at++;
      }
      e++;
    }
    postFrom[e] = at;
  }
  // Per entry, its largest weight: a window's score for any intent is at most the sum of these over its
  // keys (see scoreWindow).
  const postMax = new Float64Array(postings.size);
  for (let e = 0; e < postings.size; e++)
    for (let q = postFrom[e]!; q < postFrom[e + 1]!; q++) postMax[e] = Math.max(postMax[e]!, postWeight[q]!);
  // Per value of a key's low 16 bits (its filter bit), the largest postMax of the keys that have them: at
  // least the key's own, so a sum of these over a window's keys bounds the sum of postMax (see scoreWindow).
  const lowMax = new Float64Array(65536);
  {
    let e = 0;
    for (const k of postings.keys()) {
      lowMax[k & 0xffff] = Math.max(lowMax[k & 0xffff]!, postMax[e]!);
      e++;
    }
  }
  /** The entry of key k in the flat postings, or -1. */
  const entryOf = (k: number): number => {
    let slot = Math.imul(k, 0x9e3779b1) >>> (32 - keyBits);
    for (;;) {
      const e = slotEntry[slot]!;
      if (e === -1 || slotKey[slot] === k) return e;
      slot = (slot + 1) & keyMask;
    }
  };
  const windowKeys = new Int32Array(3 * windowWords);
  const windowEntries = new Int32Array(3 * windowWords);
  const isVocabulary = (t: number): boolean =>
    (inVocabulary[(t & 0xffff) >>> 3]! & (1 << (t & 7))) !== 0 && vocabulary.has(t);
  const step = Math.max(1, Math.floor(windowWords / 2));
  const dots = new Float64Array(protoIds.length);
  const touched = new Int32Array(protoIds.length);

  return {
    best(text: string): SimilarityHit | undefined {
      return bestOf(tokenize(text));
    },
    bestOf(collected: AsciiTokenCollector): SimilarityHit | undefined {
      return bestOf(collected.tokens);
    },
    scoreWindow,
    isVocabulary,
    windowWords,
    windowStep: step,
    minSharedWords: MIN_SHARED_WORDS,
  };

  function bestOf(toks: Tokens): SimilarityHit | undefined {
    const h = toks.hashes;
    const count = toks.count;
    if (count === 0) return undefined;
    // known[i] = number of lexicon words among the first i tokens (prefix sums for the window gate).
    if (knownScratch.length < count + 1) knownScratch = new Int32Array(Math.max(count + 1, knownScratch.length * 2));
    const known = knownScratch;
    known[0] = 0;
    for (let i = 0; i < count; i++) known[i + 1] = known[i]! + (isVocabulary(h[i]!) ? 1 : 0);
    let best: SimilarityHit | undefined;
    for (let from = 0; from < count; from += step) {
      const to = Math.min(count, from + windowWords);
      if (known[to]! - known[from]! >= MIN_SHARED_WORDS)
        best = scoreWindow(h, from, to, toks.starts[from]!, toks.ends[to - 1]!, best);
      if (to === count) break;
    }
    return best;
  }

  /** Scores window [from, to) of the tokens (text span start..end) against every intent; returns the better of it and `best` (earlier wins ties). */
  function scoreWindow(
    h: Int32Array,
    from: number,
    to: number,
    start: number,
    end: number,
    best: SimilarityHit | undefined,
  ): SimilarityHit | undefined {
    // The window's distinct feature keys that occur in some intent, in first-seen order: the keys of
    // features(h, from, to) in its (insertion) order without building the Map, less those without
    // postings (they add nothing), so the sums below add up in the same order.
    // First the keys whose filter bit is set, repeats and all, with `loose`, the sum of their lowMax: at
    // least the bound below (each key with an entry is among them, and its lowMax is at least its
    // postMax), so a window whose loose sum is below the best so far (by more than rounding could
    // account for) cannot beat it either, and is passed over without the repeats dropped or the entries
    // looked up. Most windows are passed over here.
    let nr = 0;
    let loose = 0;
    for (let i = from; i < to; i++) {
      const k = h[i]!;
      if (inFilter(k)) {
        windowKeys[nr++] = k;
        loose += lowMax[k & 0xffff]!;
      }
      if (i + 1 < to) {
        const pair = pairHash(k, h[i + 1]!, 1);
        if (inFilter(pair)) {
          windowKeys[nr++] = pair;
          loose += lowMax[pair & 0xffff]!;
        }
      }
      if (i + 2 < to) {
        const skip = pairHash(k, h[i + 2]!, 2);
        if (inFilter(skip)) {
          windowKeys[nr++] = skip;
          loose += lowMax[skip & 0xffff]!;
        }
      }
    }
    if (best !== undefined && loose + LOOSE_MARGIN <= best.score) return best;
    // The distinct keys in first-seen order (windowKeys is rewritten in place: nk <= r).
    let nk = 0;
    for (let r = 0; r < nr; r++) {
      const k = windowKeys[r]!;
      let seen = false;
      for (let j = 0; j < nk && !seen; j++) seen = windowKeys[j] === k;
      if (!seen) windowKeys[nk++] = k;
    }
    // Containment, not cosine: how much of the intent (its words, pairs and skip-pairs, weighted) the
    // window holds. A long window around a short intent is then not penalised for its other words.
    // (dots is all zero between windows; the intents touched here are noted, to be read and cleared.)
    // A window that cannot beat the best so far is not scored. Intent p's score adds, key by key in this
    // order, weights at most postMax of the key's entry, so (floating-point addition being monotone) it
    // is at most `bound`, the same sum of the maxima; `better` keeps the best unless a score is above it.
    let ne = 0;
    let bound = 0;
    for (let j = 0; j < nk; j++) {
      const e = entryOf(windowKeys[j]!);
      if (e === -1) continue;
      windowEntries[ne++] = e;
      bound += postMax[e]!;
    }
    if (best !== undefined && bound <= best.score) return best;
    let nt = 0;
    for (let j = 0; j < ne; j++) {
      const e = windowEntries[j]!;
      const last = postFrom[e + 1]!;
      for (let q = postFrom[e]!; q < last; q++) {
        const proto = postProto[q]!;
        if (dots[proto] === 0) touched[nt++] = proto;
        dots[proto]! += postWeight[q]!;
      }
    }
    if (best === undefined) {
      // The first scored window: every intent, in order (an untouched one scores 0 and can still be the first
      // best). What `better` would keep, found first and made once: intent 0, then each that scores above the
      // kept score (capped at 1, as `better` stores it).
      let kept = 0;
      let keptScore = Math.min(1, dots[0]!);
      for (let p = 1; p < dots.length; p++) {
        if (dots[p]! > keptScore) {
          kept = p;
          keptScore = Math.min(1, dots[p]!);
        }
      }
      best = { score: keptScore, intent: protoIds[kept]!, start, end };
    } else {
      // An untouched intent scores 0, which never beats a best (scores are never negative): only the
      // touched ones are compared, in intent order, as the full loop would.
      // In ascending order, by insertion: a window touches few intents, and a typed-array sort of a
      // subarray costs an allocation and a call per window.
      for (let t = 1; t < nt; t++) {
        const proto = touched[t]!;
        let u = t - 1;
        for (; u >= 0 && touched[u]! > proto; u--) touched[u + 1] = touched[u]!;
        touched[u + 1] = proto;
      }
      for (let t = 0; t < nt; t++) best = better(best, dots[touched[t]!]!, touched[t]!, start, end);
    }
    for (let t = 0; t < nt; t++) dots[touched[t]!] = 0;
    return best;
  }

  /** Whether key k's filter bit is set (it may be in some intent): most keys of a window are in none. */
  function inFilter(k: number): boolean {
    return (inPostings[(k & 0xffff) >>> 3]! & (1 << (k & 7))) !== 0;
  }

  /** `best`, or intent p's hit over [start, end) when it scores higher (the first of equals stays). */
  function better(
    best: SimilarityHit | undefined,
    score: number,
    p: number,
    start: number,
    end: number,
  ): SimilarityHit | undefined {
    if (best !== undefined && !(score > best.score)) return best;
    return { score: Math.min(1, score), intent: protoIds[p]!, start, end };
  }
}

/**
 * Adds the ASCII word text[start, end) (a run of [A-Za-z0-9']) whose folded units (lower case, no
 * apostrophes; `len` of them) hash to `key` under hashStep; apostrophe-only and stop words add nothing.
 */
function addAsciiWord(out: Tokens, text: string, start: number, end: number, key: number, len: number): void {
  const h = asciiStemHash(text, start, end, key, len);
  if (h !== NO_TOKEN) out.push(h, start, end);
}

/**
 * The stem hash of the ASCII word text[start, end) (a run of [A-Za-z0-9']) whose folded units (lower
 * case, no apostrophes; `len` of them) hash to `key` under hashStep, or NO_TOKEN for a stop word or a
 * word of apostrophes only. What the ASCII tokenizer adds for that word.
 */
export function asciiStemHash(text: string, start: number, end: number, key: number, len: number): number {
  if (len === 0) return NO_TOKEN;
  const k = bucketKey(key);
  // Most words of a text were seen recently: a direct-mapped slot answers them without a Map lookup.
  const slot = k & (RECENT_SLOTS - 1);
  const recent = recentWord[slot];
  let h: number | undefined;
  if (recentKey[slot] === k && recent !== undefined && recent.length === len && sameFolded(text, start, end, recent))
    h = recentStemHash[slot]!;
  else {
    const bucket = STEM_HASH_CACHE.get(k);
    let word: string | undefined;
    if (bucket) {
      for (const e of bucket) {
        if (e.word.length === len && sameFolded(text, start, end, e.word)) {
          h = e.stemHash;
          word = e.word;
        }
      }
    }
    if (h === undefined) {
      word = text.slice(start, end).replace(/'/g, '').toLowerCase();
      h = stemHashOf(word, k);
    }
    recentKey[slot] = k;
    recentWord[slot] = word;
    recentStemHash[slot] = h;
  }
  return h;
}

/** The stem hash of a folded word (lower case, no apostrophes, not empty), or NO_TOKEN for a stop word: as asciiStemHash. */
export function stemHashOfWord(word: string): number {
  return isStopWord(word) ? STOP_WORD : hash(stem(word));
}
