/**
 * The cue trie of the safety scanner (safety-cues.ts), laid out so that a walk touches little memory.
 *
 * Why not one dense table of transitions per node: the lexicon's trie has some 3,400 nodes, three in four
 * with a single child (the tail of a long cue, "decapitat"), and a dense row per node made a table of
 * about 270 KB. A walk reads one row per character, each in a different place; in a chain, where the other
 * steps' tables and the megabyte itself pass through the cache between two walks, those reads missed the
 * cache and were a third of the walk's cost. Here nodes are numbered depth first, a node's first child
 * right after it, so a node with a single child needs no row: it keeps that child's column, the child is
 * the next node, and a chain of such nodes lies in consecutive bytes. Only the nodes with several children
 * (about 300) have a dense row.
 */

/** The trie as walked: see nextNode. */
export interface CueTrie {
  /**
   * Per node: (row << 8) | the column of its only child, or NO_ONLY_CHILD in the low byte when it has none
   * or several. Row 0 is all zeros (a node with one child or none has it); the others are the dense rows of
   * the nodes with several children.
   */
  readonly link: Int32Array;
  /** Dense rows of transitions: dense[row * columns + column] = next node, 0 = none (no edge leads to the root). */
  readonly dense: Uint16Array | Int32Array;
  /** Per node: the index of the cue ending there, or -1. */
  readonly terminalAt: Int32Array;
  readonly columns: number;
}

export const enum TrieLink {
  /** Low byte of a link for a node without a single child (never a column: there are fewer than 255). */
  NO_ONLY_CHILD = 0xff,
}

/**
 * Lays out a trie given as `children[node]` = its [column, child] pairs (node 0 the root; columns from 1 to
 * `columns - 1`) and `terminal[node]` (a cue index or -1). Node numbers change; cue indexes do not.
 */
export function layOutCueTrie(
  children: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  terminal: readonly number[],
  columns: number,
): CueTrie {
  if (columns >= TrieLink.NO_ONLY_CHILD) throw new Error('safety-cue-trie: too many columns');
  const count = terminal.length;
  // Depth-first numbering, children in column order: a node's first child is numbered right after it.
  // (Typed arrays and plain loops: this runs when a policy is prepared, before a process's first evaluation,
  // on some 3,400 nodes; a sorted copy of every node's children was garbage for most of them, which have one.)
  const order = new Int32Array(count);
  const stack = [0];
  let ordered = 0;
  let rows = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ordered === count) throw new Error('safety-cue-trie: not a tree');
    order[ordered++] = node;
    const kids = children[node]!;
    if (kids.length === 1) stack.push(kids[0]![1]);
    else if (kids.length > 1) {
      rows++;
      // The children by column (an insertion sort of the few: a sort with a comparator made garbage).
      const sorted = kids.slice();
      for (let k = 1; k < sorted.length; k++) {
        const kid = sorted[k]!;
        let j = k;
        for (; j > 0 && sorted[j - 1]![0] > kid[0]; j--) sorted[j] = sorted[j - 1]!;
        sorted[j] = kid;
      }
      for (let k = sorted.length - 1; k >= 0; k--) stack.push(sorted[k]![1]);
    }
  }
  if (ordered !== count) throw new Error('safety-cue-trie: not a tree');
  const numberOf = new Int32Array(count);
  for (let n = 0; n < count; n++) numberOf[order[n]!] = n;
  // 16-bit node numbers while they fit.
  const dense = count <= 0xffff ? new Uint16Array(rows * columns) : new Int32Array(rows * columns);
  const link = new Int32Array(count);
  const terminalAt = new Int32Array(count);
  let row = 1;
  for (let n = 0; n < count; n++) {
    const node = order[n]!;
    terminalAt[n] = terminal[node]!;
    const kids = children[node]!;
    if (kids.length === 1) link[n] = kids[0]![0];
    else if (kids.length === 0) link[n] = TrieLink.NO_ONLY_CHILD;
    else {
      for (let k = 0; k < kids.length; k++) dense[row * columns + kids[k]![0]] = numberOf[kids[k]![1]]!;
      link[n] = (row << 8) | TrieLink.NO_ONLY_CHILD;
      row++;
    }
  }
  return { link, dense, terminalAt, columns };
}

/** The node after `node` on `column`, 0 for none (column 0, which no character of a cue has, leads nowhere). */
export function nextNode(trie: CueTrie, node: number, column: number): number {
  const l = trie.link[node]!;
  return (l & 0xff) === column ? node + 1 : trie.dense[(l >> 8) * trie.columns + column]!;
}

/**
 * Calls `visit(column, child)` for each child of `node`, in column order: what nextNode gives for every
 * column, without asking each one (the start filters are built from the paths of the trie's first levels).
 */
export function forEachChild(trie: CueTrie, node: number, visit: (column: number, child: number) => void): void {
  const l = trie.link[node]!;
  const only = l & 0xff;
  if (only !== TrieLink.NO_ONLY_CHILD) return visit(only, node + 1);
  const row = (l >> 8) * trie.columns;
  if (row === 0) return;
  for (let c = 1; c < trie.columns; c++) {
    const next = trie.dense[row + c]!;
    if (next !== 0) visit(c, next);
  }
}
