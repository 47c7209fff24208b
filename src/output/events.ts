/**
 * Renderers for `kt events list`: a table for terminals (TIME, ID, VERDICT, REASON, POLICY, MODEL),
 * JSON (one array), NDJSON (one event per line) and CSV (see csv.ts).
 */
import type { EventRecord } from '../core/types.js';
import { csvHeader, decidingPolicy, eventToCsv } from './csv.js';
import { plainTable, tableLines, type TableCtor } from './plain-table.js';
import { stripControls } from '../io/terminal-text.js';

export type EventsFormat = 'table' | 'json' | 'ndjson' | 'csv';

export const EVENT_TABLE_HEAD = ['TIME', 'ID', 'VERDICT', 'REASON', 'POLICY', 'MODEL'] as const;

/** The cells of one table row. */
export function eventTableRow(e: EventRecord): string[] {
  // Seconds are enough on a terminal; exports keep the full microsecond timestamp.
  const time = typeof e.timestamp === 'string' ? e.timestamp.replace(/\.\d+Z$/, 'Z') : '';
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '-');
  return [time, text(e.id), text(e.verdict), text(e.reason_code), decidingPolicy(e) ?? '-', text(e.model)].map((c) =>
    stripControls(c),
  );
}

/** Renders events in `format`. The table uses cli-table3 (loaded by the caller, passed in). */
export function renderEvents(events: readonly EventRecord[], format: EventsFormat, Table?: TableCtor): string {
  if (format === 'json') return `${JSON.stringify(events, null, 2)}\n`;
  if (format === 'ndjson') return events.map((e) => `${JSON.stringify(e)}\n`).join('');
  if (format === 'csv') return csvHeader() + events.map((e) => eventToCsv(e, true)).join('');
  if (events.length === 0) return 'no events\n';
  if (!Table) throw new Error('table renderer not loaded');
  const table = plainTable(Table, EVENT_TABLE_HEAD);
  for (const e of events) table.push(eventTableRow(e));
  return `${tableLines(table).join('\n')}\n`;
}
