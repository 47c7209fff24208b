/**
 * How well one citation of an answer matches the material the request supplied, as a confidence in 0..1.
 * citation-verifier counts a citation as matched when its confidence is at least `min_confidence`
 * (default 0.8). Each level is a rule an operator can check by hand:
 *
 * URLs, compared after normalising what does not change the page: the case of scheme and host, http and
 * https, a leading `www.`, the default port, a trailing slash, the #fragment, and punctuation that ends
 * the sentence after the URL. The path (with its query) is compared as written.
 *   1.0  the same URL as a source (`context.sources[].url`, or a source written as a bare URL), or the URL
 *        written out in a context document;
 *   0.9  same host, and the cited path lies under a source's path: a page of a supplied section (source
 *        https://x.org/docs, cited https://x.org/docs/install);
 *   0.6  same host, and a source's path lies under the cited path: the citation names the section of a
 *        supplied page, not the page (cited https://x.org/docs, source https://x.org/docs/install);
 *   0.4  same host, another path;
 *   0    no source on that host. (Hosts are compared whole: x.org.evil.net is not x.org.)
 * Quotes (4+ words in quotation marks):
 *   1.0  the passage is in a document, ignoring case and spacing;
 *   otherwise 0.95 × (1 − e / n), where n is the number of words of the quote and e the fewest word edits
 *        (insert, delete or replace one word) that turn it into a passage of a document; punctuation is not
 *        a word, so a quote that differs in punctuation only scores 0.95, one word changed in a 10-word quote
 *        0.855, two 0.76. The passage is looked for where the quote shares the most runs of three words
 *        with the documents; a quote that shares no such run with them scores 0.
 * Academic references:
 *   `doi:10.…`             1.0 when the DOI is written in a document or a source URL, else 0;
 *   `(Smith, 2020)`, `(Smith et al., 2020)`, `(Smith and Jones, 2020)`: 1.0 when one document names every
 *                          author and the year, 0.5 when one names every author but not that year, else 0;
 *   `[2]`, `[1, 3]`, `[1-3]`: a number points at the n-th document or source supplied. kt can check that
 *                          it exists, not what it says: 0.8 when every number is within the count, else 0.
 *
 * Cost: the documents are read once per answer (word list and three-word index built on the first quote
 * that is not found as written); each such quote then costs its length times a small bound, so a hostile
 * answer or context cannot make matching superlinear beyond the quote cap (600 characters).
 */
import { round3 } from './output-text.js';

/** The supplied material, with the lazily built indexes quotes and references need. */
export interface CitationSources {
  readonly texts: readonly string[];
  readonly urls: readonly string[];
  /** Documents and sources supplied (numbered references point at them). */
  readonly entries: number;
}

/** Confidence levels (see the file comment). */
export const URL_SAME = 1;
export const URL_UNDER_SOURCE = 0.9;
export const URL_ABOVE_SOURCE = 0.6;
export const URL_SAME_HOST = 0.4;
export const QUOTE_FUZZY_MAX = 0.95;
export const AUTHOR_WITHOUT_YEAR = 0.5;
export const NUMBERED_REFERENCE = 0.8;

interface UrlKey {
  host: string;
  /** Path and query as written, without a trailing slash ('' for the root). */
  path: string;
}

/** Normalises a URL for comparison (see the file comment); undefined when it is not an http(s) URL. */
function urlKey(raw: string): UrlKey | undefined {
  const m = /^https?:\/\/([^/?#\s]+)([^#\s]*)/iu.exec(raw.trim().replace(/[.,;:!?]+$/u, ''));
  if (m === null) return undefined;
  let host = m[1]!.toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  host = host.replace(/:(?:80|443)$/u, '').replace(/^www\./u, '');
  let path = m[2]!;
  if (path.startsWith('/?')) path = path.slice(1);
  path = path.replace(/\/+(?=\?|$)/u, '');
  return { host, path };
}

/** `inner` is `outer` or lies under it at a path-segment boundary. */
const under = (inner: string, outer: string): boolean =>
  outer === '' || inner === outer || inner.startsWith(`${outer}/`) || inner.startsWith(`${outer}?`);

export class CitationMatcher {
  /** Lower-cased documents with whitespace squashed (what quotes are found in as written). */
  private readonly corpus: string;
  private readonly sourceKeys: UrlKey[];
  private words: Int32Array | undefined;
  private ids: Map<string, number> | undefined;
  private trigrams: Map<string, number[]> | undefined;
  private documentWords: Array<Set<string>> | undefined;

  constructor(private readonly sources: CitationSources) {
    // Joined with NUL, which squashing leaves alone and no quote holds: a passage found as written lies
    // in one document.
    this.corpus = squash(sources.texts.join('\u0000'));
    this.sourceKeys = sources.urls.map(urlKey).filter((k): k is UrlKey => k !== undefined);
  }

  url(cited: string): number {
    if (writtenIn(this.corpus, cited.replace(/[.,;:!?]+$/u, '').toLowerCase())) return URL_SAME;
    const key = urlKey(cited);
    if (key === undefined) return 0;
    let best = 0;
    for (const s of this.sourceKeys) {
      if (s.host !== key.host) continue;
      const c =
        s.path === key.path
          ? URL_SAME
          : under(key.path, s.path)
            ? URL_UNDER_SOURCE
            : under(s.path, key.path)
              ? URL_ABOVE_SOURCE
              : URL_SAME_HOST;
      if (c > best) best = c;
    }
    return best;
  }

  quote(passage: string): number {
    if (this.corpus.includes(squash(passage))) return 1;
    const q = wordsOf(passage);
    if (q.length < 3 || this.sources.texts.length === 0) return 0;
    const { words, ids, trigrams } = this.index();
    const qids = q.map((w) => ids.get(w) ?? -2);
    // Votes for where the quote sits in the documents: each shared three-word run proposes the document
    // position of the quote's first word. The best-supported place (the earliest on a tie) is aligned.
    const votes = new Map<number, number>();
    for (let i = 0; i + 2 < q.length; i++) {
      for (const at of trigrams.get(`${qids[i]} ${qids[i + 1]} ${qids[i + 2]}`) ?? []) {
        const start = at - i;
        votes.set(start, (votes.get(start) ?? 0) + 1);
      }
    }
    if (votes.size === 0) return 0;
    let anchor = 0;
    let most = -1;
    for (const [start, n] of votes)
      if (n > most || (n === most && start < anchor)) {
        anchor = start;
        most = n;
      }
    const edits = closestPassageEdits(qids, words, anchor);
    return round3(QUOTE_FUZZY_MAX * Math.max(0, 1 - edits / q.length));
  }

  academic(reference: string): number {
    const doi = /\bdoi:\s?(10\.\d{4,9}\/\S+)/iu.exec(reference);
    if (doi !== null) {
      const id = doi[1]!.replace(/[.,;:!?)\]]+$/u, '').toLowerCase();
      return this.corpus.includes(id) || this.sources.urls.some((u) => u.toLowerCase().includes(id)) ? 1 : 0;
    }
    if (reference.startsWith('[')) {
      const numbers: number[] = [];
      for (const part of reference.slice(1, -1).split(',')) {
        const [a, b] = part.split('-').map((x) => Number(x.trim()));
        if (a === undefined || !Number.isInteger(a)) return 0;
        numbers.push(a);
        if (b !== undefined && Number.isInteger(b)) numbers.push(b);
      }
      return numbers.every((n) => n >= 1 && n <= this.sources.entries) ? NUMBERED_REFERENCE : 0;
    }
    // (Author[ et al.| and Author][,] Year)
    const names = [...reference.matchAll(/\p{Lu}[\p{L}'-]*/gu)].flatMap((m) => wordsOf(m[0]));
    const year = /\d{4}/u.exec(reference)?.[0];
    if (names.length === 0 || year === undefined) return 0;
    let best = 0;
    for (const doc of this.perDocument()) {
      if (!names.every((n) => doc.has(n))) continue;
      if (doc.has(year)) return 1;
      best = AUTHOR_WITHOUT_YEAR;
    }
    return best;
  }

  private index(): { words: Int32Array; ids: Map<string, number>; trigrams: Map<string, number[]> } {
    if (this.words === undefined || this.ids === undefined || this.trigrams === undefined) {
      const ids = new Map<string, number>();
      const list: number[] = [];
      for (const text of this.sources.texts) {
        for (const w of wordsOf(text)) {
          let id = ids.get(w);
          if (id === undefined) {
            id = ids.size;
            ids.set(w, id);
          }
          list.push(id);
        }
        // A separator no quote word equals: a passage does not run from one document into the next.
        list.push(-1);
      }
      const words = Int32Array.from(list);
      // Where each run of three words occurs, up to TRIGRAM_POSITIONS places (the first ones): a run
      // repeated all over a hostile document costs no more than that per quote run.
      const trigrams = new Map<string, number[]>();
      for (let i = 0; i + 2 < words.length; i++) {
        if (words[i]! < 0 || words[i + 1]! < 0 || words[i + 2]! < 0) continue;
        const key = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
        const at = trigrams.get(key);
        if (at === undefined) trigrams.set(key, [i]);
        else if (at.length < TRIGRAM_POSITIONS) at.push(i);
      }
      this.words = words;
      this.ids = ids;
      this.trigrams = trigrams;
    }
    return { words: this.words, ids: this.ids, trigrams: this.trigrams };
  }

  private perDocument(): Array<Set<string>> {
    this.documentWords ??= this.sources.texts.map((t) => new Set(wordsOf(t)));
    return this.documentWords;
  }
}

const TRIGRAM_POSITIONS = 8;

/**
 * `url` is written in `text` as a whole URL: not the start of a longer one (`/a` in `/a/b`, `/abc` or
 * `/a.html`). A full stop or comma after it ends the sentence.
 */
function writtenIn(text: string, url: string): boolean {
  if (url.length === 0) return false;
  for (let at = text.indexOf(url); at >= 0; at = text.indexOf(url, at + 1)) {
    const after = text.slice(at + url.length, at + url.length + 2);
    if (!/^(?:[\p{L}\p{N}/_\-?=&%#~+@]|[.,:;][^\s])/u.test(after)) return true;
  }
  return false;
}

const squash = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Lower-cased words (letters and digits); punctuation is not a word. */
function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) out.push(m[0]);
  return out;
}

/**
 * The fewest word edits that turn the quote into some passage of the documents starting near `anchor`
 * (within a quarter of the quote's length either way): the semi-global edit distance (the passage may
 * start and end anywhere in the window), computed over that window only, so at most n × 1.5n cells.
 */
function closestPassageEdits(quote: readonly number[], words: Int32Array, anchor: number): number {
  const n = quote.length;
  const slack = Math.ceil(n / 4);
  const from = Math.max(0, anchor - slack);
  const to = Math.min(words.length, anchor + n + slack);
  const width = to - from;
  // prev[j]: edits of the quote's first i words against a passage ending just before window position j.
  let prev = new Int32Array(width + 1);
  let next = new Int32Array(width + 1);
  for (let i = 1; i <= n; i++) {
    next[0] = i;
    const w = quote[i - 1]!;
    for (let j = 1; j <= width; j++) {
      const replace = prev[j - 1]! + (words[from + j - 1] === w ? 0 : 1);
      const skipQuoteWord = prev[j]! + 1;
      const skipPassageWord = next[j - 1]! + 1;
      next[j] = Math.min(replace, skipQuoteWord, skipPassageWord);
    }
    [prev, next] = [next, prev];
  }
  let best = n;
  for (let j = 0; j <= width; j++) if (prev[j]! < best) best = prev[j]!;
  return best;
}
