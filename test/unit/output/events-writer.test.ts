import { describe, expect, it } from 'vitest';
import { EventsWriter, TABLE_CELL_MAX } from '../../../src/output/events.js';
import { displayWidth } from '../../../src/output/plain-table.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

const events = Array.from({ length: 7 }, (_, i) => makeEvent(i));
const inPages = (writer: EventsWriter, pages: number[][]) =>
  pages.map((p) => writer.page(p.map((i) => events[i]!))).join('') + writer.end();

describe('EventsWriter', () => {
  it('JSON written page by page is the document JSON.stringify makes of them all', () => {
    expect(inPages(new EventsWriter('json'), [[0, 1], [], [2, 3, 4], [5, 6]])).toBe(
      `${JSON.stringify(events, null, 2)}\n`,
    );
    expect(inPages(new EventsWriter('json'), [])).toBe('[]\n');
  });

  it('NDJSON and CSV: one line per event, the CSV header once (alone when there is none)', () => {
    const ndjson = inPages(new EventsWriter('ndjson'), [[0, 1], [2]]);
    expect(
      ndjson
        .split('\n')
        .slice(0, -1)
        .map((l) => JSON.parse(l).id),
    ).toEqual(events.slice(0, 3).map((e) => e.id));
    const csv = inPages(new EventsWriter('csv'), [[0], [1, 2]])
      .split('\r\n')
      .filter(Boolean);
    expect(csv).toHaveLength(4);
    expect(csv[0]!.startsWith('id,')).toBe(true);
    expect(inPages(new EventsWriter('csv'), []).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('table: later pages keep the columns of the first; a cell past the cap is cut with …', () => {
    const long = makeEvent(3, { reason_code: `r.${'y'.repeat(5000)}` });
    const writer = new EventsWriter('table');
    const text = writer.page([events[0]!, events[1]!]) + writer.page([long, events[2]!]) + writer.end();
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^TIME +ID +VERDICT +REASON +POLICY +MODEL$/);
    // Every row's MODEL starts where the title's does, the long reason's row too.
    const at = lines[0]!.indexOf('MODEL');
    for (const line of lines.slice(1)) expect(line.slice(at)).toBe('gpt-4o');
    expect(lines[3]).toContain('r.yyy');
    expect(lines[3]).toContain('…');
    expect(lines[3]!.length).toBeLessThan(lines[0]!.length + 10);
    expect(inPages(new EventsWriter('table'), [])).toBe('no events\n');
  });

  it('table: a first page with a cell past the cap is cut to the cap, not to the cell', () => {
    const writer = new EventsWriter('table');
    const text = writer.page([makeEvent(0, { model: 'z'.repeat(300) }), events[1]!]);
    const [head, first, second] = text.trimEnd().split('\n');
    expect(first).toContain(`${'z'.repeat(TABLE_CELL_MAX - 1)}…`);
    expect(first).not.toContain('z'.repeat(TABLE_CELL_MAX));
    expect(second!.indexOf('gpt-4o')).toBe(head!.indexOf('MODEL'));
  });

  it('table: columns stay aligned on screen across pages whatever script the cells are in', () => {
    const writer = new EventsWriter('table');
    const reasons = [
      'r.模型', // CJK: two columns a character
      'r.\u0928\u092e\u0938\u094d\u0924\u0947', // Devanagari: a virama and a vowel sign take none
      'r.\u{1F469}\u200d\u{1F4BB}', // one emoji drawn from two joined by U+200D: two columns
      'r.cafe\u0301\u{1F1EB}\u{1F1F7}', // a combining accent (none), a flag (two)
    ];
    const [a, b, c, d] = reasons.map((reason_code, i) => makeEvent(i, { reason_code }));
    const text = writer.page([a!, b!]) + writer.page([c!, d!]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    // Every MODEL cell starts at the column on screen where the title does: each reason is padded by its
    // width on screen, not by its length in UTF-16 units or code points.
    const modelAt = displayWidth(lines[0]!.slice(0, lines[0]!.indexOf('MODEL')));
    for (const line of lines.slice(1)) {
      expect(line.endsWith('  gpt-4o')).toBe(true);
      expect(displayWidth(line) - displayWidth('gpt-4o')).toBe(modelAt);
    }
  });

  it('table: a long cell whose first characters fit in the cap (combining accents) is still marked cut', () => {
    const accented = 'e\u0301'.repeat(50); // 100 UTF-16 units, 50 columns
    const writer = new EventsWriter('table');
    const [, row] = writer
      .page([makeEvent(0, { model: `${accented}-tail` })])
      .trimEnd()
      .split('\n');
    expect(row).toContain('e\u0301'.repeat(30));
    expect(row!.endsWith('…')).toBe(true);
    expect(row).not.toContain('tail');
  });
});
