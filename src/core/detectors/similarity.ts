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

export interface SimilarityHit {
  /** Best cosine similarity in [0, 1]. */
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
}

/** Stop words carry no intent; dropping them keeps "the"/"a" from making unrelated texts look close. */
const STOP = new Set(
  'a an the of to in on at for with and or but is are was were be been being it its this that these those i me my we our us he she they them their his her as by from so do does did can could would should will shall may might just very really please kindly then than also into about'.split(
    ' ',
  ),
);

/** A crude, language-agnostic stemmer: enough to merge instructions/instruction, ignoring/ignore. */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ions', 'ion', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 's', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, w.length - suffix.length);
  }
  return w;
}

/** FNV-1a 32-bit, the feature hash. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Token {
  stem: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}'’]+/gu;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const w = m[0].toLowerCase().replace(/[’']/g, '');
    if (w.length === 0 || STOP.has(w)) continue;
    out.push({ stem: stem(w), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Feature weights of a token sequence: unigrams 1, adjacent pairs 1.5, skip-one pairs 1. */
function features(tokens: readonly Token[], from: number, to: number): Map<number, number> {
  const f = new Map<number, number>();
  const add = (k: string, w: number): void => {
    const h = hash(k);
    f.set(h, (f.get(h) ?? 0) + w);
  };
  for (let i = from; i < to; i++) {
    add(tokens[i]!.stem, 1);
    if (i + 1 < to) add(`${tokens[i]!.stem} ${tokens[i + 1]!.stem}`, 1.5);
    if (i + 2 < to) add(`${tokens[i]!.stem} _ ${tokens[i + 2]!.stem}`, 1);
  }
  return f;
}

function norm(f: Map<number, number>): number {
  let s = 0;
  for (const v of f.values()) s += v * v;
  return Math.sqrt(s);
}

/**
 * Prepares an index over `intents` (id -> phrasings). Call once; `best` is then pure and linear.
 * Windows are `windowWords` content words long, sliding by half a window, so a short attack buried in a
 * long document is compared on its own and not diluted by the document.
 */
export function prepareSimilarityIndex(intents: ReadonlyArray<{ id: string; text: string }>, windowWords = 12): SimilarityIndex {
  const postings = new Map<number, Array<{ proto: number; weight: number }>>();
  const protoNorms: number[] = [];
  const protoIds: string[] = [];
  intents.forEach((intent, p) => {
    const toks = tokenize(intent.text);
    const f = features(toks, 0, toks.length);
    const n = norm(f);
    protoNorms.push(n);
    protoIds.push(intent.id);
    for (const [k, w] of f) {
      let list = postings.get(k);
      if (!list) postings.set(k, (list = []));
      list.push({ proto: p, weight: w / n });
    }
  });

  return {
    best(text: string): SimilarityHit | undefined {
      const toks = tokenize(text);
      if (toks.length === 0) return undefined;
      let best: SimilarityHit | undefined;
      const step = Math.max(1, Math.floor(windowWords / 2));
      const dots = new Float64Array(protoIds.length);
      for (let from = 0; from < toks.length; from += step) {
        const to = Math.min(toks.length, from + windowWords);
        const f = features(toks, from, to);
        const n = norm(f);
        dots.fill(0);
        for (const [k, w] of f) {
          const list = postings.get(k);
          if (list) for (const { proto, weight } of list) dots[proto]! += w * weight;
        }
        for (let p = 0; p < dots.length; p++) {
          const score = dots[p]! / n;
          if (!best || score > best.score) {
            best = { score: Math.min(1, score), intent: protoIds[p]!, start: toks[from]!.start, end: toks[to - 1]!.end };
          }
        }
        if (to === toks.length) break;
      }
      return best;
    },
  };
}
