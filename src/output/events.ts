/**
 * Renderers for `kt events list`: a table for terminals (TIME, ID, VERDICT, REASON, POLICY, MODEL),
 * JSON (one array), NDJSON (one event per line) and CSV (see csv.ts).
 *
 * They render a page at a time (EventsWriter), so that a listing of any size is printed with the memory
 * of one page: the caller writes each page's text before it asks for the next.
 */
import type { EventRecord } from '../core/types.js';
import { csvHeader, decidingPolicy, eventToCsv } from './csv.js';
import { columnWidths, emptyList, tableLines } from './plain-table.js';
import { stripControls } from '../io/terminal-text.js';

export type EventsFormat = 'table' | 'json' | 'ndjson' | 'csv';

export const EVENT_TABLE_HEAD = ['TIME', 'ID', 'VERDICT', 'REASON', 'POLICY', 'MODEL'] as const;

/**
 * The widest a table column gets, in terminal columns: a longer cell (a reason code or model name a
 * server made 50 KB long) is cut with `…`. The full value is in `--format json|ndjson|csv`.
 */
export const TABLE_CELL_MAX = 60;

/** The cells of one table row. */
export function eventTableRow(e: EventRecord): string[] {
  // Seconds are enough on a terminal; exports keep the full microsecond timestamp.
  const time = typeof e.timestamp === 'string' ? e.timestamp.replace(/\.\d+Z$/, 'Z') : '';
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '-');
  return [time, text(e.id), text(e.verdict), text(e.reason_code), decidingPolicy(e) ?? '-', text(e.model)].map((c) =>
    stripControls(c),
  );
}

/**
 * Renders a listing page by page: `page(events)` is the text of the next page (the first one opens
 * the document: `[`, the CSV header, the table's titles), `end()` the text that closes it.
 *
 * The table's column widths are those of the first page (its titles and rows, each cell at most
 * TABLE_CELL_MAX columns): later rows are padded to them, and a longer cell is cut with `…`, so columns
 * stay aligned without holding the whole listing to measure it.
 */
export class EventsWriter {
  private count = 0;
  private widths: number[] | undefined;

  constructor(private readonly format: EventsFormat) {}

  /** Events written so far. */
  get written(): number {
    return this.count;
  }

  page(events: readonly EventRecord[]): string {
    if (events.length === 0) return '';
    const first = this.count === 0;
    this.count += events.length;
    switch (this.format) {
      case 'json':
        // The same text as JSON.stringify(all, null, 2): each element indented one level (a JSON string
        // holds no raw line break, so every '\n' is between tokens).
        return events
          .map((e, i) => `${first && i === 0 ? '[\n  ' : ',\n  '}${JSON.stringify(e, null, 2).replace(/\n/g, '\n  ')}`)
          .join('');
      case 'ndjson':
        return events.map((e) => `${JSON.stringify(e)}\n`).join('');
      case 'csv':
        return (first ? csvHeader() : '') + events.map((e) => eventToCsv(e, true)).join('');
      case 'table':
        return this.tableRows(events, first);
    }
  }

  /** The text after the last page: closes the JSON array, or says a table is empty. */
  end(): string {
    if (this.format === 'json') return this.count === 0 ? '[]\n' : '\n]\n';
    if (this.format === 'csv' && this.count === 0) return csvHeader();
    if (this.format === 'table' && this.count === 0) return emptyList('events');
    return '';
  }

  private tableRows(events: readonly EventRecord[], first: boolean): string {
    // A cell longer than the cap in UTF-16 units is cut here already, so a 50 KB cell is never measured
    // whole, and marked cut: its first units may take fewer columns than the cap (accents written as
    // combining marks), and the table then shows them whole, with the `…`.
    const rows = events.map((e) =>
      eventTableRow(e).map((c) =>
        c.length > TABLE_CELL_MAX + 1 ? `${c.slice(0, TABLE_CELL_MAX).replace(/[\ud800-\udbff]$/, '')}…` : c,
      ),
    );
    this.widths ??= columnWidths([EVENT_TABLE_HEAD, ...rows]).map((w) => Math.min(w, TABLE_CELL_MAX));
    return `${tableLines(first ? EVENT_TABLE_HEAD : [], rows, this.widths).join('\n')}\n`;
  }
}
