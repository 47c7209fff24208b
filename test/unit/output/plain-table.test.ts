import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { renderPlainTable, type TableCtor } from '../../../src/output/plain-table.js';

describe('renderPlainTable', () => {
  it('pads each cell to its width on screen (a CJK character takes two columns), one line per row', () => {
    const out = renderPlainTable(
      Table as unknown as TableCtor,
      ['USER', 'ROLE'],
      [
        ['ana', 'a'],
        ['日本', 'b'],
        ['a\nb', 'c\u001b[2J'],
      ],
    );
    // (Padding by string length put `b` two columns right of `a`: '日本' is 2 characters, 4 columns.)
    expect(out).toBe('USER  ROLE\nana   a\n日本  b\na b   c [2J\n');
  });
});
