/**
 * `blocked_topics` (and a `mode`'s built-in topics): word sequences matched on the classifier's matching
 * view (lower case, look-alike letters folded, invisible characters gone). What counts as the same word,
 * decided here because the docs say only "topics" (docs/detectors.md, "blocked_topics"):
 * - a topic is split into words exactly as the text is: letters and digits, an apostrophe inside a word
 *   kept (`’` read as `'`), anything else a separator. So "U.S. export controls" matches as written, and
 *   "self-harm" matches "self harm" and "self-harm" (the hyphen used to glue the text's word into one);
 * - a word matches its plural and possessive forms either way ("internal roadmap" blocks "internal
 *   roadmaps", "competitors' pricing", "the competitor's pricing"; "policies" blocks "policy"), not
 *   other inflections (a topic names a thing; "pricing" does not block "price");
 * - leetspeak: a word mixing letters and digits is also read with the digits as the letters they stand
 *   for ("c0mpetitor pr1cing");
 * - letters spelt out one by one ("c o m p e t i t o r", "c.o.m.p") are read as one word, and a topic of
 *   several words also matches its words written together ("competitorpricing", "#CompetitorPricing").
 * With `fuzzy_matching` each word may also differ by `max_distance` edits, at most a quarter of its length. Exact matching looks each word
 * up among the topics' first words (linear in the text); fuzzy matching also looks it up in an index of
 * the first words' deletion strings (edit-neighbourhood.ts), so that it does not try every topic at every
 * word (a megabyte of near misses of 200 topics took 9 s).
 */
import { boundedLevenshtein, editBudget } from './fuzzy-terms.js';
import { buildNeighbourhoodIndex, indexable, type NeighbourhoodIndex } from './edit-neighbourhood.js';

export interface TopicHit {
  /** Index of the topic in the list given to prepareTopics. */
  topic: number;
  start: number;
  end: number;
}

interface Word {
  w: string;
  /** The leet reading(s) of a word mixing letters and digits; empty otherwise. */
  leet: readonly string[];
  start: number;
  end: number;
}

export interface Topic {
  /** Per word: the forms of the text's words that match it exactly. */
  forms: ReadonlyArray<ReadonlySet<string>>;
  words: readonly string[];
  /** The words written together, for a topic of several words (6+ letters); else undefined. */
  squashed: string | undefined;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Splits a (lower-case) text into words, `’` read as `'`. */
function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const t = text.includes('’') ? text.replaceAll('’', "'") : text;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(t); m !== null; m = WORD.exec(t))
    out.push({ w: m[0], leet: leetReadings(m[0]), start: m.index, end: m.index + m[0].length });
  return out;
}

const NO_READINGS: string[] = [];

const LEET: Readonly<Record<string, string>> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' };

/** A word of letters and digits read as leetspeak (`1` as i and as l); none for a word without both. */
function leetReadings(w: string): string[] {
  if (!/\d/.test(w) || !/\p{L}/u.test(w)) return NO_READINGS;
  const base = w.replace(/[0345789]/g, (d) => LEET[d]!);
  return base.includes('1') ? [base.replaceAll('1', 'i'), base.replaceAll('1', 'l')] : [base];
}

/** Common words ending in s that are no plural: a topic word among them is not read as singular too ("news" is not "new"). */
const NOT_PLURAL = new Set([
  'news',
  'means',
  'series',
  'species',
  'physics',
  'economics',
  'politics',
  'ethics',
  'mathematics',
  'athletics',
  'always',
  'perhaps',
  'whereas',
  'towards',
  'afterwards',
  'sometimes',
  'this',
  'thus',
  'plus',
  'bonus',
  'status',
  'campus',
  'virus',
  'focus',
  'census',
  'chaos',
  'canvas',
  'atlas',
  'alias',
  'bias',
  'gas',
  'lens',
  'kudos',
]);

/** The plural and possessive forms that read as the word `w` (and `w` itself). */
function formsOf(w: string): Set<string> {
  const forms = new Set([w, `${w}'s`, `${w}s`, `${w}es`]);
  const stem = w.endsWith("'s") ? w.slice(0, -2) : w;
  forms.add(stem);
  if (/[^aeiou]y$/.test(stem)) forms.add(`${stem.slice(0, -1)}ies`);
  if (stem.length > 3 && stem.endsWith('s') && !stem.endsWith('ss') && !NOT_PLURAL.has(stem)) {
    const singular = stem.slice(0, -1);
    forms.add(singular).add(`${singular}'s`);
    if (stem.endsWith('ies')) forms.add(`${stem.slice(0, -3)}y`);
    if (/(?:ss|x|z|ch|sh)es$/.test(stem)) forms.add(stem.slice(0, -2));
  }
  return forms;
}

/**
 * The words of a text with the runs of letters spelt out one by one (3+ single letters, each gap one or
 * two of space, `.`, `-`, `_`) read as one word; undefined when the text has no such run.
 */
function withSpeltOutRuns(text: string, words: readonly Word[]): { words: Word[]; merged: number[] } | undefined {
  let out: Word[] | undefined;
  const merged: number[] = [];
  for (let i = 0; i < words.length;) {
    let j = i;
    while (
      j + 1 < words.length &&
      words[j]!.w.length === 1 &&
      words[j + 1]!.w.length === 1 &&
      /^[\s._-]{1,2}$/.test(text.slice(words[j]!.end, words[j + 1]!.start))
    )
      j++;
    if (j - i >= 2) {
      out ??= words.slice(0, i);
      const w = words
        .slice(i, j + 1)
        .map((x) => x.w)
        .join('');
      merged.push(out.length);
      out.push({ w, leet: leetReadings(w), start: words[i]!.start, end: words[j]!.end });
      i = j + 1;
    } else {
      out?.push(words[i]!);
      i++;
    }
  }
  return out === undefined ? undefined : { words: out, merged };
}

function wordMatches(word: Word, forms: ReadonlySet<string>, topicWord: string, maxDistance: number): boolean {
  if (forms.has(word.w) || word.leet.some((l) => forms.has(l))) return true;
  const budget = wordEditBudget(topicWord.length, maxDistance);
  if (budget === 0) return false;
  return withinDistance(word.w, topicWord, budget) || word.leet.some((l) => withinDistance(l, topicWord, budget));
}

/** Letters a topic word needs before fuzzy matching allows it an edit. */
const MIN_FUZZY_WORD = 5;

/**
 * The edits a topic word of `length` letters may differ by: a quarter of its length, as dlp-filter's
 * blocked_terms (with the full budget "gun sales" blocked "fun sales", "plan b" "my plan a"), and none under
 * MIN_FUZZY_WORD letters. A term of dlp-filter is a whole phrase, a topic's word stands alone: one edit turns
 * most words of four letters into other words ("bomb" into "tomb", "kill" into "will", "meth" into "math"),
 * and their evasions are spellings the topics read anyway (leetspeak, letters spelt out).
 */
function wordEditBudget(length: number, maxDistance: number): number {
  return length < MIN_FUZZY_WORD ? 0 : editBudget(length, maxDistance);
}

/** Prepared topics with, for exact matching, the topics each form of a first word (or squashed form) begins. */
export interface TopicIndex {
  topics: readonly Topic[];
  /** Form of a topic's first word, or a topic's squashed form -> the topics it may begin. */
  byFirst: ReadonlyMap<string, readonly number[]>;
  longest: number;
  /** The edit distance `near` and `loose` were prepared for (0: none). */
  maxDistance: number;
  /** The topics whose first word may be within its budget of a word (ids: topic indices). */
  near: NeighbourhoodIndex | undefined;
  /** Topics whose first word the index leaves out (over 2 edits, or long): tried at every word. */
  loose: readonly number[];
  /** The same for the topics' second words (a filter when many topics share a first word). */
  second: WordIndex;
  /** Per topic, 1 for a topic of one word (kept by that filter); the topics by their squashed form. */
  single: Uint8Array;
  bySquashed: ReadonlyMap<string, readonly number[]>;
}

/** The topics a word may match at one place of theirs: by its forms, and near it (`maxDistance`). */
interface WordIndex {
  byForm: ReadonlyMap<string, readonly number[]>;
  near: NeighbourhoodIndex | undefined;
  loose: readonly number[];
}

/** Indexes the topics' words at `place` (0: first) for fuzzy matching within `maxDistance` edits. */
function fuzzyWordIndex(topics: readonly Topic[], place: number, maxDistance: number): Omit<WordIndex, 'byForm'> {
  const keys: Array<{ id: number; key: string; budget: number }> = [];
  const loose: number[] = [];
  if (maxDistance > 0)
    topics.forEach((topic, id) => {
      const word = topic.words[place];
      // A word of 65+ units matches only as written (withinDistance).
      if (word === undefined || word.length > 64) return;
      const budget = wordEditBudget(word.length, maxDistance);
      if (budget === 0) return;
      if (indexable(word, budget)) keys.push({ id, key: word, budget });
      else loose.push(id);
    });
  return { near: keys.length === 0 ? undefined : buildNeighbourhoodIndex(keys), loose };
}

/**
 * Prepares the topics (an empty or punctuation-only topic matches nothing, keeping its index), with the
 * fuzzy index for `maxDistance` edits per word.
 */
export function prepareTopics(list: readonly string[], maxDistance = 0): TopicIndex {
  const topics = list.map((t): Topic => {
    const words = wordsOf(t.toLowerCase()).map((w) => w.w);
    const squashed = words.length > 1 ? words.join('').replaceAll("'", '') : undefined;
    return { forms: words.map(formsOf), words, squashed: squashed && squashed.length >= 6 ? squashed : undefined };
  });
  const byFirst = new Map<string, number[]>();
  const add = (key: string, t: number) => {
    const at = byFirst.get(key);
    if (at === undefined) byFirst.set(key, [t]);
    else if (!at.includes(t)) at.push(t);
  };
  topics.forEach((topic, t) => {
    for (const form of topic.forms[0] ?? []) add(form, t);
    if (topic.squashed !== undefined) add(topic.squashed, t);
  });
  const bySecond = new Map<string, number[]>();
  const bySquashed = new Map<string, number[]>();
  const single = new Uint8Array(topics.length);
  topics.forEach((topic, t) => {
    if (topic.words.length < 2) single[t] = 1;
    if (topic.squashed !== undefined) {
      const at = bySquashed.get(topic.squashed);
      if (at === undefined) bySquashed.set(topic.squashed, [t]);
      else at.push(t);
    }
    for (const form of topic.forms[1] ?? []) {
      const at = bySecond.get(form);
      if (at === undefined) bySecond.set(form, [t]);
      else at.push(t);
    }
  });
  return {
    topics,
    byFirst,
    longest: Math.max(0, ...topics.map((t) => t.words.length)),
    maxDistance,
    ...fuzzyWordIndex(topics, 0, maxDistance),
    second: { byForm: bySecond, ...fuzzyWordIndex(topics, 1, maxDistance) },
    single,
    bySquashed,
  };
}

/** Whether topic `t` matches at word `i` (as a sequence of words, or as one word written together). */
function matchAt(words: readonly Word[], i: number, topic: Topic, maxDistance: number): number {
  const word = words[i]!;
  if (topic.squashed !== undefined && (word.w === topic.squashed || word.leet.includes(topic.squashed))) return i;
  const n = topic.words.length;
  if (n === 0 || i + n > words.length) return -1;
  for (let k = 0; k < n; k++) if (!wordMatches(words[i + k]!, topic.forms[k]!, topic.words[k]!, maxDistance)) return -1;
  return i + n - 1;
}

/**
 * Topics found starting at words [from, to), until `hits` holds `limit`. Exact matching looks a word's
 * topics up; fuzzy matching also those whose first word may be near it (the index prepared for
 * `maxDistance`; without one, it tries them all), in the topics' order.
 */
function scanWords(
  words: readonly Word[],
  index: TopicIndex,
  maxDistance: number,
  hits: TopicHit[],
  from: number,
  to: number,
  limit: number,
): void {
  const all = index.topics.map((_, t) => t);
  const indexed = maxDistance === index.maxDistance;
  const near: number[] = [];
  const kept: number[] = [];
  const first: number[] = [];
  // Topics whose second word may match the next word: marked with the current word's stamp.
  const mark = new Int32Array(index.topics.length);
  let stamp = 0;
  const markSecond = (w: string): void => {
    for (const t of index.second.byForm.get(w) ?? []) mark[t] = stamp;
    if (index.second.near !== undefined) {
      near.length = 0;
      index.second.near.candidates(w, 0, w.length, near);
      for (const t of near) mark[t] = stamp;
    }
  };
  /**
   * The candidates that may match at word i: when many share its first word, those of one word, written
   * together (squashed), or whose second word may match the next word (the rest cannot match).
   */
  const filtered = (candidates: readonly number[], i: number): readonly number[] => {
    if (candidates.length <= 8 || !indexed) return candidates;
    stamp++;
    const next = words[i + 1];
    if (next !== undefined) {
      markSecond(next.w);
      for (const l of next.leet) markSecond(l);
      for (const t of index.second.loose) mark[t] = stamp;
    }
    // Topics of one word, and those written together as this word, are kept as they are.
    const word = words[i]!;
    for (const t of index.bySquashed.get(word.w) ?? []) mark[t] = stamp;
    for (const l of word.leet) for (const t of index.bySquashed.get(l) ?? []) mark[t] = stamp;
    kept.length = 0;
    for (const t of candidates) if (mark[t] === stamp || index.single[t] === 1) kept.push(t);
    return kept;
  };
  for (let i = from; i < to && hits.length < limit; i++) {
    const word = words[i]!;
    let candidates: readonly number[] | undefined = all;
    if (maxDistance > 0 && indexed) {
      first.length = 0;
      nearTopics(index, word.w, first);
      for (const l of word.leet) nearTopics(index, l, first);
      for (const t of index.loose) first.push(t);
      if (first.length === 0) continue;
      // Both arrays are this scan's scratch: sorted in place.
      const some = filtered(first, i) as number[];
      if (some.length > 1) some.sort((a, b) => a - b);
      for (let k = 0; k < some.length; k++) {
        const t = some[k]!;
        if (k > 0 && some[k - 1] === t) continue;
        const last = matchAt(words, i, index.topics[t]!, maxDistance);
        if (last >= 0) hits.push({ topic: t, start: word.start, end: words[last]!.end });
        if (hits.length >= limit) return;
      }
      continue;
    }
    if (maxDistance === 0) {
      candidates = index.byFirst.get(word.w);
      for (const l of word.leet) {
        const more = index.byFirst.get(l);
        if (more !== undefined) candidates = candidates === undefined ? more : [...candidates, ...more];
      }
      if (candidates === undefined) continue;
      candidates = filtered(candidates, i);
    }
    for (const t of new Set(candidates)) {
      const last = matchAt(words, i, index.topics[t]!, maxDistance);
      if (last >= 0) hits.push({ topic: t, start: word.start, end: words[last]!.end });
      if (hits.length >= limit) return;
    }
  }
}

/** Adds the topics whose first word (or squashed form) may match `w` as written or within its budget. */
function nearTopics(index: TopicIndex, w: string, out: number[]): void {
  const exact = index.byFirst.get(w);
  if (exact !== undefined) for (const t of exact) out.push(t);
  index.near?.candidates(w, 0, w.length, out);
}

/**
 * The topics found in `text` (the matching view), in no particular order, each span once per topic: the
 * first `limit` of them, and maybe a few more (the caller keeps the first `limit`; a hostile text near
 * many topics holds a million).
 */
export function findTopics(text: string, index: TopicIndex, maxDistance: number, limit = Infinity): TopicHit[] {
  const words = wordsOf(text);
  const hits: TopicHit[] = [];
  scanWords(words, index, maxDistance, hits, 0, words.length, limit);
  if (hits.length >= limit) return hits;
  const spelt = withSpeltOutRuns(text, words);
  if (spelt === undefined) return hits;
  // The text read with its spelt-out runs as words, too, near those runs only; a span found both ways is
  // reported once.
  const seen = new Set(hits.map((h) => `${h.topic} ${h.start}`));
  const more: TopicHit[] = [];
  let scanned = 0;
  for (const m of spelt.merged) {
    const from = Math.max(scanned, m - index.longest + 1);
    scanWords(spelt.words, index, maxDistance, more, from, m + 1, Infinity);
    scanned = m + 1;
  }
  for (const h of more) if (!seen.has(`${h.topic} ${h.start}`)) hits.push(h);
  return hits;
}

/** True when the edit distance of a and b is at most d (d small; words are capped at 64 characters). */
export function withinDistance(a: string, b: string, d: number): boolean {
  if (a === b) return true;
  if (d === 0 || a.length > 64 || b.length > 64) return false;
  return boundedLevenshtein(a, b, d) <= d;
}
