/**
 * Events as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
 * quotes doubled). The header is stable: columns are only ever appended, never renamed or reordered.
 * Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading
 * apostrophe unless neutralisation is turned off. Numbers written by kt itself are never touched.
 *
 * Hand-written rather than csv-stringify: RFC 4180 quoting is a few lines, and on this row shape
 * csv-stringify alone runs at ~72k rows/s against ~187k for this code (measured side by side), which
 * would put the export below its 100k events/s target before any parsing or I/O.
 */
import type { EventRecord } from '../core/types.js';

export const EVENT_CSV_COLUMNS = [
  'id',
  'timestamp',
  'event_type',
  'verdict',
  'reason_code',
  'policy',
  'pack_name',
  'pack_version',
  'config_hash',
  'model',
  'provider',
  'gateway_id',
  'user',
  'role',
  'team',
  'request_id',
  'latency_ms',
  'tokens_input',
  'tokens_output',
  'policies',
  'redactions',
  'prev_hash',
  'hash',
] as const;

const needsQuote = /[",\r\n]/;
// One test decides the common case (nothing to do) for hot export loops.
const needsWork = /[",\r\n]|^[=+\-@\t]/;
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/** One text cell: neutralised (optional) then quoted when needed. */
export function csvText(value: string | null | undefined, neutralise: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  if (!needsWork.test(value)) return value;
  const v = neutralise && formulaStarts.has(value[0]!) ? `'${value}` : value;
  return needsQuote.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/** The policy that decided the verdict: the first step with the event's (non-allow) verdict. */
export function decidingPolicy(e: EventRecord): string | null {
  if (e.verdict === 'allow' || !Array.isArray(e.policies)) return null;
  for (const p of e.policies) if (p && p.verdict === e.verdict && typeof p.name === 'string') return p.name;
  return null;
}

/** The header line (CRLF-terminated). */
export function csvHeader(): string {
  return `${EVENT_CSV_COLUMNS.join(',')}\r\n`;
}

/** The text of a text cell before quoting: strings as they are, numbers and booleans printed, anything else empty. */
const cellText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const word = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
// A row that needs no quoting (no cell holds a quote, CR or LF, so every comma is a separator: exactly
// 22 of them) and, when neutralising, no neutralising (no cell starts = + - @ tab). Linear: each cell is
// one run of a character class ended by a character outside it. A row that fails (say a negative number)
// is only slower: it goes cell by cell.
const plainRow = /^(?:[^",\r\n]*,){22}[^",\r\n]*\r\n$/;
const plainRowNeutralised = /^(?:(?![=+\-@\t])[^",\r\n]*,){22}(?![=+\-@\t])[^",\r\n]*\r\n$/;

// Two copies rather than one function with key parameters: fixed property names keep the loads fast.
function policyPairs(list: unknown): string {
  if (!Array.isArray(list)) return '';
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as { name?: unknown; verdict?: unknown } | null | undefined;
    out += i > 0 ? `;${word(p?.name)}:${word(p?.verdict)}` : `${word(p?.name)}:${word(p?.verdict)}`;
  }
  return out;
}

function redactionPairs(list: unknown): string {
  if (!Array.isArray(list)) return '';
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as { type?: unknown; count?: unknown } | null | undefined;
    out += i > 0 ? `;${word(r?.type)}:${word(r?.count)}` : `${word(r?.type)}:${word(r?.count)}`;
  }
  return out;
}

/**
 * One event as a CSV record (CRLF-terminated), columns as EVENT_CSV_COLUMNS. Export hot path: almost
 * every row needs no quoting and no neutralisation, which one scan over all its text cells decides;
 * such a row is concatenated directly, any other goes cell by cell (eventToCsvByCell, same bytes).
 */
export function eventToCsv(e: EventRecord, neutralise: boolean): string {
  const pack = e.pack as { name?: unknown; version?: unknown } | null | undefined;
  const identity = e.identity as { user?: unknown; role?: unknown; team?: unknown } | null | undefined;
  const tokens = e.tokens as { input?: unknown; output?: unknown } | null | undefined;
  const id = cellText(e.id);
  const timestamp = cellText(e.timestamp);
  const eventType = cellText(e.event_type);
  const verdict = cellText(e.verdict);
  const reason = cellText(e.reason_code);
  const policy = cellText(decidingPolicy(e));
  const packName = cellText(pack?.name);
  const packVersion = cellText(pack?.version);
  const configHash = cellText(e.config_hash);
  const model = cellText(e.model);
  const provider = cellText(e.provider);
  const gateway = cellText(e.gateway_id);
  const user = cellText(identity?.user);
  const role = cellText(identity?.role);
  const team = cellText(identity?.team);
  const requestId = cellText(e.request_id);
  const policies = policyPairs(e.policies);
  const redactions = redactionPairs(e.redactions);
  const prevHash = cellText(e.prev_hash);
  const hash = cellText(e.hash);
  const row = `${id},${timestamp},${eventType},${verdict},${reason},${policy},${packName},${packVersion},${configHash},${model},${provider},${gateway},${user},${role},${team},${requestId},${csvNumber(e.latency_ms)},${csvNumber(tokens?.input)},${csvNumber(tokens?.output)},${policies},${redactions},${prevHash},${hash}\r\n`;
  // Testing the finished row also flattens it, which the page join would do anyway.
  return (neutralise ? plainRowNeutralised : plainRow).test(row) ? row : eventToCsvByCell(e, neutralise);
}

/**
 * The straightforward form of eventToCsv, cell by cell: the reference the fast form is property-tested
 * against (test/unit/output/csv.test.ts), and its path for rows where some cell needs quoting or
 * neutralising.
 */
export function eventToCsvByCell(e: EventRecord, neutralise: boolean): string {
  // Only strings and numbers become text: an object where the contract says string (a hostile or broken
  // server) prints as empty rather than recursing through String().
  const t = (v: unknown) =>
    csvText(typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '', neutralise);
  const identity = e.identity ?? { user: null, role: null, team: null };
  const word = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const policies = Array.isArray(e.policies)
    ? e.policies.map((p) => `${word(p?.name)}:${word(p?.verdict)}`).join(';')
    : '';
  const redactions = Array.isArray(e.redactions)
    ? e.redactions.map((r) => `${word(r?.type)}:${word(r?.count)}`).join(';')
    : '';
  return (
    [
      t(e.id),
      t(e.timestamp),
      t(e.event_type),
      t(e.verdict),
      t(e.reason_code),
      t(decidingPolicy(e)),
      t(e.pack?.name),
      t(e.pack?.version),
      t(e.config_hash),
      t(e.model),
      t(e.provider),
      t(e.gateway_id),
      t(identity.user),
      t(identity.role),
      t(identity.team),
      t(e.request_id),
      csvNumber(e.latency_ms),
      csvNumber(e.tokens?.input),
      csvNumber(e.tokens?.output),
      t(policies),
      t(redactions),
      t(e.prev_hash),
      t(e.hash),
    ].join(',') + '\r\n'
  );
}
