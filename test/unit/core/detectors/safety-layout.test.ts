import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layOutCueTrie, nextNode } from '../../../../src/core/detectors/safety-cue-trie.js';

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
});
