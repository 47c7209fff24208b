/**
 * What a query of the event log asks and how its pages are addressed: the filters of `kt events list` and
 * `GET /v1/events` (verdicts and reasons in any of their spellings), RFC 3339 bounds with microseconds,
 * and the opaque cursors (a segment and an offset, for either order) that the log issues and checks.
 */
import type { EventRecord } from '../core/types.js';

export interface EventQuery {
  /** Milliseconds since the epoch (inclusive), microseconds as the fraction: see timeMs. */
  from?: number;
  /** Exclusive, as `from`. */
  to?: number;
  limit: number;
  cursor?: string;
  /** Append order (the default) or newest first. */
  order?: EventOrder;
  /** Key -> accepted values (OR within a key, AND across keys). */
  filters: Partial<
    Record<'verdict' | 'policy' | 'reason' | 'provider' | 'model' | 'user' | 'team' | 'gateway', string[]>
  >;
}

// The spellings kt's --filter takes (src/api/events-query.ts), so that a query by curl or an SDK reads them alike.
const VERDICT_ALIASES: Record<string, string> = {
  allowed: 'allow',
  blocked: 'block',
  redacted: 'redact',
  escalated: 'escalate',
  pass: 'allow',
  passed: 'allow',
  deny: 'block',
  denied: 'block',
};
const VERDICTS = new Set(['allow', 'block', 'redact', 'escalate']);
const normVerdict = (v: string): string => VERDICT_ALIASES[v.toLowerCase()] ?? v.toLowerCase();

/** Whether `v` is a verdict in one of its spellings (`block`, `Blocked`, `denied`, ...). */
export const isVerdict = (v: string): boolean => VERDICTS.has(normVerdict(v));
const normReason = (v: string): string => v.toLowerCase().replace(/[._]/g, '.');

/**
 * Milliseconds since the epoch of an RFC 3339 time with its microseconds as the fraction (Date.parse
 * drops them, and records carry microseconds: a bound of `.322500` must keep a record at `.322100` on its
 * side). Digits past the microsecond round up, which for a `from` (inclusive) or `to` (exclusive) bound
 * keeps exactly the records a full-precision comparison would. NaN when `text` is not a time.
 */
export function timeMs(text: string): number {
  const ms = Date.parse(text);
  const fraction = /\.\d{3}(\d+)/.exec(text)?.[1];
  if (fraction === undefined || !Number.isFinite(ms)) return ms;
  const micros = Number(fraction.slice(0, 3).padEnd(3, '0')) + (/[1-9]/.test(fraction.slice(3)) ? 1 : 0);
  // Exact integers divided once: equal times give equal numbers and distinct microseconds distinct ones.
  return (ms * 1000 + micros) / 1000;
}

export function matches(e: EventRecord, q: EventQuery): boolean {
  if (q.from !== undefined || q.to !== undefined) {
    const t = timeMs(e.timestamp);
    if (q.from !== undefined && t < q.from) return false;
    if (q.to !== undefined && t >= q.to) return false;
  }
  const f = q.filters;
  if (f.verdict && !f.verdict.map(normVerdict).includes(e.verdict)) return false;
  if (f.reason && !f.reason.map(normReason).includes(normReason(e.reason_code ?? ''))) return false;
  // A policy matches the events it ran in: a step skipped (after a block, or not implemented) never saw
  // the request, so `policy:dlp-filter` does not list what prompt-injection blocked before it.
  if (
    f.policy &&
    !e.policies?.some((p) => p.verdict !== 'skipped' && (f.policy!.includes(p.name) || f.policy!.includes(p.kind)))
  )
    return false;
  if (f.provider && !f.provider.includes(e.provider ?? '')) return false;
  if (f.model && !f.model.includes(e.model ?? '')) return false;
  if (f.user && !f.user.includes(e.identity?.user ?? '')) return false;
  if (f.team && !f.team.includes(e.identity?.team ?? '')) return false;
  if (f.gateway && !f.gateway.includes(e.gateway_id)) return false;
  return true;
}

/**
 * The order of a page: `asc` (append order, the contract's) or `desc` (newest first, kt's extension:
 * docs/http-api.md). A cursor carries the order it was issued for, so one cannot be replayed in the other.
 */
export type EventOrder = 'asc' | 'desc';

/** `segment:offset`, with a `~` before it for a newest-first cursor (the position it stops before). */
export function encodeCursor(segment: number, offset: number, order: EventOrder = 'asc'): string {
  return Buffer.from(`${order === 'desc' ? '~' : ''}${segment}:${offset}`, 'utf8').toString('base64url');
}

/**
 * The position in a cursor of `order`, or undefined when it is not exactly what encodeCursor makes for
 * that order: base64url of `segment:offset` decodes leniently (garbage gives some bytes, non-canonical
 * forms the same ones), so the decoded position must encode back to the very same string.
 */
export function decodeCursor(
  cursor: string,
  order: EventOrder = 'asc',
): { segment: number; offset: number } | undefined {
  const m = /^(~?)([1-9]\d{0,9}):(0|[1-9]\d{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m || (m[1] === '~') !== (order === 'desc')) return undefined;
  const position = { segment: Number(m[2]), offset: Number(m[3]) };
  return encodeCursor(position.segment, position.offset, order) === cursor ? position : undefined;
}

/** A cursor the log did not issue: malformed, or not the start of a record of a segment it has. */
export class InvalidCursor extends Error {
  constructor() {
    super('cursor is not valid (use the next_cursor of a previous page)');
    this.name = 'InvalidCursor';
  }
}
