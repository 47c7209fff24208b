import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachChild, layOutCueTrie, nextNode } from '../../../../src/core/detectors/safety-cue-trie.js';
import { CueScanner } from '../../../../src/core/detectors/safety-cues.js';
import { SAFETY_CATEGORIES, SAFETY_LEXICON, SAFETY_TEMPLATES } from '../../../../src/core/detectors/safety-lexicon.js';
import { TemplateMatcher } from '../../../../src/core/detectors/safety-templates.js';

// The tables the safety scanner reads laid out for the cache must answer as the plain structures they replace.

describe('cue trie layout', () => {
  it('walks as the tree it was given, node for node', () => {
    const alphabet = ['a', 'b', 'c', ' '];
    const columnOf = (ch: string): number => alphabet.indexOf(ch) + 1;
    const word = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.array(word, { maxLength: 20 }), (words, probes) => {
        // The tree as a map of edges (node * 8 + column -> child), as the scanner builds it.
        const edges = new Map<number, number>();
        const children: Array<Array<[number, number]>> = [[]];
        const terminal = [-1];
        words.forEach((w, index) => {
          let node = 0;
          for (const ch of w) {
            const key = node * 8 + columnOf(ch);
            let next = edges.get(key);
            if (next === undefined) {
              next = terminal.length;
              terminal.push(-1);
              children.push([]);
              children[node]!.push([columnOf(ch), next]);
              edges.set(key, next);
            }
            node = next;
          }
          if (terminal[node] === -1) terminal[node] = index;
        });
        const trie = layOutCueTrie(children, terminal, alphabet.length + 1);
        expect(trie.terminalAt[0]).toBe(-1);
        for (const probe of [...words, ...probes]) {
          let plain = 0;
          let laid = 0;
          for (const ch of probe) {
            // Column 0 (a byte no cue has) leads nowhere, from any node.
            expect(nextNode(trie, laid, 0)).toBe(0);
            plain = edges.get(plain * 8 + columnOf(ch)) ?? 0;
            laid = nextNode(trie, laid, columnOf(ch));
            expect(laid === 0).toBe(plain === 0);
            if (plain === 0) break;
            expect(trie.terminalAt[laid]).toBe(terminal[plain]);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('lists the children of every node as nextNode finds them on each column', () => {
    const columns = 6;
    const word = fc.array(fc.integer({ min: 1, max: columns - 1 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        const edges = new Map<number, number>();
        const children: Array<Array<[number, number]>> = [[]];
        const terminal = [-1];
        for (const w of words) {
          let node = 0;
          for (const column of w) {
            let next = edges.get(node * 8 + column);
            if (next === undefined) {
              next = terminal.length;
              terminal.push(-1);
              children.push([]);
              children[node]!.push([column, next]);
              edges.set(node * 8 + column, next);
            }
            node = next;
          }
        }
        const trie = layOutCueTrie(children, terminal, columns);
        for (let node = 0; node < terminal.length; node++) {
          const listed: Array<[number, number]> = [];
          forEachChild(trie, node, (column, child) => listed.push([column, child]));
          const asked: Array<[number, number]> = [];
          for (let column = 1; column < columns; column++) {
            const child = nextNode(trie, node, column);
            if (child !== 0) asked.push([column, child]);
          }
          expect(listed).toEqual(asked);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('cue scanner vocabulary', () => {
  it("gives each token its word's id, and -1 to any other word", () => {
    const templates = new TemplateMatcher(SAFETY_TEMPLATES);
    // Words a token cannot equal (a space, a leading apostrophe) are kept in the list but never found.
    const vocabulary = [...templates.vocabulary, 'two words', "'tis", 'x'];
    const scanner = new CueScanner([], vocabulary);
    const idOf = new Map<string, number>();
    vocabulary.forEach((w, id) => {
      if (/^[a-z0-9](?:[a-z0-9']*[a-z0-9])?$/.test(w)) idOf.set(w, id);
    });
    // Vocabulary words, the same cut short or run on (same first letter, length or last letter), with one letter
    // changed (same length and ends), typographic apostrophes.
    const changed = (w: string, k: number): string => w.slice(0, k) + (w[k] === 'x' ? 'y' : 'x') + w.slice(k + 1);
    const near = templates.vocabulary.flatMap((w) => [
      w,
      `${w}s`,
      w.slice(0, -1),
      `${w[0]}${w}`,
      changed(w, 1),
      changed(w, w.length - 2),
      changed(w, 4),
      w.replace("'", '’'),
    ]);
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...near) },
      { weight: 2, arbitrary: fc.constantFrom(' ', ', ', '. ', "'", '’', '-') },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join(' ').toLowerCase();
        const tokens = scanner.scan(text, () => {});
        for (let k = 0; k < tokens.count; k++) {
          const word = text.slice(tokens.starts[k], tokens.ends[k]).replace(/’/g, "'");
          expect(tokens.ids[k], word).toBe(idOf.get(word) ?? -1);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('template starts ruled out by the scanner', () => {
  const templates = new TemplateMatcher(SAFETY_TEMPLATES);
  const terms = [...new Set(SAFETY_CATEGORIES.flatMap((c) => Object.keys(SAFETY_LEXICON[c])))];
  const plain = new CueScanner(terms, templates.vocabulary, templates.startWords(), (id) =>
    templates.secondWordsOf(id),
  );
  const checked = new CueScanner(
    terms,
    templates.vocabulary,
    templates.startWords(),
    (id) => templates.secondWordsOf(id),
    (id) => templates.laterWordsOf(id),
  );
  const run = (scanner: CueScanner, text: string): { cues: string[]; matches: string[]; starts: number } => {
    const cues: string[] = [];
    const matches: string[] = [];
    let starts = 0;
    scanner.scanSparse(
      text,
      (term, start) => cues.push(`${term}@${start}`),
      (w) => {
        starts++;
        templates.matchAt(w, (spec, last) => matches.push(`${spec.id}@${w.start(0)}-${w.end(last - 1)}`));
      },
    );
    return { cues, matches, starts };
  };

  it('finds the same cues and matches with the test of later words as without it', () => {
    // Template words in random order, so that start words come with and without the words their templates need.
    const word = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...templates.vocabulary) },
      { weight: 1, arbitrary: fc.constantFrom('x', 'the', '.', ',', '\n', 'don’t') },
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.constantFrom(' ', '  ', ' - '), (words, glue) => {
        const text = words.join(glue);
        const expected = run(plain, text);
        const found = run(checked, text);
        expect(found.cues, text).toEqual(expected.cues);
        expect(found.matches, text).toEqual(expected.matches);
      }),
      { numRuns: 2000 },
    );
  });

  it('rules out a one- or two-letter start word by the next word only where the matcher would', () => {
    // The start filter reads the first letter of the word after a short start word ("a" of "a woman's place":
    // "a", a space and a word no template wants there is no template start); a scanner told nothing of second
    // words reads every such start. Both must find the same, on the templates that begin with such a word
    // written out (any alternative of each slot), among other words and marks: an apostrophe, a digit or
    // another mark after the short word makes it part of a longer token, or leaves the next word further on.
    const none = new CueScanner(terms, templates.vocabulary, templates.startWords());
    const isShort = (w: string): boolean =>
      w.length <= 2 && templates.secondWordsOf(templates.vocabulary.indexOf(w)) !== undefined;
    const alternatives = (slot: string, first: boolean): string[] => {
      const alts = slot.replace(/^\?/, '').split('|');
      if (first) return alts.filter((a) => isShort(a.split(' ')[0]!));
      return slot.startsWith('?') ? ['', ...alts] : alts;
    };
    const phrases = SAFETY_TEMPLATES.filter((t) => alternatives(String(t.slots[0]), true).length > 0).map((t) =>
      fc
        .tuple(
          ...t.slots.map((slot, k) =>
            typeof slot === 'number' ? fc.constant('') : fc.constantFrom(...alternatives(slot, k === 0)),
          ),
        )
        .map((parts) => parts.filter((p) => p !== '').join(' ')),
    );
    expect(phrases.length).toBeGreaterThan(0);
    const word = fc.oneof(
      { weight: 4, arbitrary: fc.oneof(...phrases) },
      { weight: 3, arbitrary: fc.constantFrom(...templates.vocabulary.filter(isShort)) },
      { weight: 3, arbitrary: fc.constantFrom(...templates.vocabulary) },
      { weight: 1, arbitrary: fc.constantFrom('x', 'the', 'zebra', '2', 'a2', "a's", 'a’b', 'é') },
    );
    const glue = fc.constantFrom(' ', ' ', '  ', '\n', '. ', "'", '’', '-', '2', ', ', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, glue), { maxLength: 20 }), (pairs) => {
        const text = pairs.map(([w, g]) => w + g).join('');
        const expected = run(none, text);
        const found = run(checked, text);
        expect(found.cues, text).toEqual(expected.cues);
        expect(found.matches, text).toEqual(expected.matches);
      }),
      { numRuns: 2000 },
    );
    // And the filter lets the real starts through.
    for (const text of ["a woman's place is in the kitchen", 'so a womans place is at home, they say']) {
      const at = `women_place_is@${text.indexOf('a w')}-`;
      expect(
        run(checked, text).matches.some((m) => m.startsWith(at)),
        text,
      ).toBe(true);
    }
  });

  it('calls the matcher less often on prose, and still where a template matches', () => {
    const prose = 'read the end of the line, then cut the round off and see how you run it. '.repeat(20);
    expect(run(checked, prose).starts).toBeLessThan(run(plain, prose).starts / 2);
    const threat = 'i will kill you, and the whole world should burn.';
    expect(run(checked, threat).matches).toEqual(run(plain, threat).matches);
    expect(run(checked, threat).matches).not.toEqual([]);
  });
});

describe('later words of the template starts', () => {
  it('lists them as the sets of the required slots, one object per set however many start words share it', () => {
    // The scanner works out the bits of each set once (a row per set, merged into the rows of its start words):
    // a set per start word would be the 16,000 pairs of words that made the scanner's prepare slow again.
    const templates = new TemplateMatcher(SAFETY_TEMPLATES);
    const sets = new Set<Int32Array>();
    let listed = 0;
    for (const id of templates.startWords()) {
      const later = templates.laterWordsOf(id);
      if (later === undefined) continue;
      expect(later.reach).toBeGreaterThan(0);
      expect(later.sets.length).toBeGreaterThan(0);
      for (const set of later.sets) {
        expect(set.length).toBe((templates.vocabulary.length + 31) >>> 5);
        expect(set.some((bits) => bits !== 0)).toBe(true);
        sets.add(set);
        listed++;
      }
    }
    // Each set is the first words of one template's required slot: no more sets than templates, and far
    // fewer than the start words list.
    expect(sets.size).toBeLessThanOrEqual(SAFETY_TEMPLATES.length);
    expect(sets.size * 4).toBeLessThan(listed);
    // A start word whose templates need a later word is read where one stands within reach, and not elsewhere.
    const scanner = new CueScanner(
      [],
      templates.vocabulary,
      templates.startWords(),
      (id) => templates.secondWordsOf(id),
      (id) => templates.laterWordsOf(id),
    );
    const startsOf = (text: string): number => {
      let starts = 0;
      scanner.scanSparse(
        text,
        () => {},
        () => starts++,
      );
      return starts;
    };
    expect(startsOf('i will kill you')).toBeGreaterThan(0);
    expect(startsOf('i will read the paper')).toBe(0);
    expect(startsOf('the whole world must burn')).toBeGreaterThan(0);
    expect(startsOf('the whole cake must go')).toBe(0);
  });
});
