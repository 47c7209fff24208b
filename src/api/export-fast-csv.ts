/**
 * The CSV export's fast path: one GET /v1/events page straight from its JSON text to CSV rows, for pages
 * whose events have exactly the contract's fields (schemas/openapi.json EventRecord; prompt_hash and
 * upstream_status optional) in one field order, with no JSON escapes and no cell that needs CSV quoting
 * or formula neutralisation. Each event is matched by one sticky regular expression built for the
 * field order (irregexp runs it as native code; JSON.parse of the same page builds ~40 objects and
 * strings per event and costs 2-3x more), and its captures are already the decoded values: a JSON string with no
 * backslash is its own text. The contract's order (the one `kt gateway run` writes) is built in; a
 * server with an order of its own has its first page go through JSON.parse, which teaches this module
 * that order (learnLayout, a few per process), and its next pages take the fast route too.
 *
 * Anything else - whitespace, an extra field, an escape, a comma or a formula start in a cell, a number
 * the contract types as an integer written as 1.0, events in different orders within a page - makes
 * the page return undefined and the caller converts it through JSON.parse (export-pages.ts
 * convertPage); both routes give the same bytes (differential property test:
 * test/unit/api/export-fast-csv.test.ts).
 *
 * The expression is also the page's validation: an event it matches has every field that
 * EventRecord requires, each of the schema's type (ids and hashes to their patterns, verdicts from the
 * enum), so a matched page needs no further schema check. Linear time: every repeated class stops at
 * a character the next token starts with, so a failed match never backtracks more than once per
 * character.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { IdKeys } from './event-ids.js';
import type { BufferPool } from './export-buffers.js';
import type { ConvertedPage } from './export-pages.js';

// The text of a JSON string with no escape and no control character is exactly the decoded value.
const TEXT = String.raw`[^"\\\u0000-\u001f]*`;
// ... and with no comma it is a CSV cell that needs no quoting (no quote, CR or LF either).
const CELL = String.raw`[^"\\\u0000-\u001f,]*`;
// ... and, when neutralising, one that does not start like a formula (tab and CR are control characters).
const CELL_NEUTRAL = String.raw`(?![=+\-@])${CELL}`;
const NUMBER = String.raw`-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?`;
const INTEGER = String.raw`-?(?:0|[1-9][0-9]*)`;
// Fixed-length fields as one class per character: irregexp runs `[0-9a-f]{64}` as a counted loop (a
// register incremented and compared per character), the unrolled sequence as straight-line checks; the
// same language, and the event pattern alone took ~25% less time per page (2026-11, 200 runs of a bench
// page in one process: 0.96 -> 0.70 ms median, with the id's 26 characters unrolled too).
const unrolled = (charClass: string, count: number) => charClass.repeat(count);
const HEX64 = unrolled('[0-9a-f]', 64);
// A number literal that is its own CSV cell: an integer of at most 15 digits, no leading zero, not -0
// (exactly a double, and String() of it prints the same digits). Anything else a number may be (1.5,
// 1e3, 16 digits) is captured by the group after it and printed through numberCell. The lookahead keeps
// "12" from taking the start of "12.5" (and bounds the backtracking to those 15 digits).
const PLAIN_INTEGER = '(-?[1-9][0-9]{0,14}|0)(?![0-9.eE])';

/**
 * A field order the fast route can read: the event expression built for that order, where each CSV
 * input landed among its capture groups (`at[k]`: the group of slot k, slots numbered as the contract
 * order lists them: 1 id ... 22 hash; 17-19, the numbers, when plain integers, else 24-26; 27-30 the
 * name and verdict of the first and second policy, 9 the policies after them), and how to read the
 * name and verdict of each policy, the type and count of each redaction, in a list the expression has
 * matched.
 */
interface Layout {
  event: RegExp;
  at: number[];
  /**
   * The capture group of each CSV column (EVENT_CSV_COLUMNS order) whose cell is the captured text as
   * it is, 0 for the columns csvRow computes (deciding policy, numbers, policy and redaction lists).
   */
  cells: number[];
  policyPair: RegExp;
  policyName: number;
  policyVerdict: number;
  redactionPair: RegExp;
  redactionType: number;
  redactionCount: number;
}

const POLICY_KEYS = ['name', 'kind', 'phase', 'verdict', 'reason_code', 'duration_us'];
const REDACTION_KEYS = ['type', 'count'];
const PACK_KEYS = ['name', 'version'];
const IDENTITY_KEYS = ['user', 'role', 'team'];
const TOKENS_KEYS = ['input', 'output'];
/** The contract's optional fields (not CSV columns): matched where an order places them, or absent. */
const OPTIONAL_KEYS = ['prompt_hash', 'upstream_status'];
const EVENT_KEYS = [
  'id',
  'timestamp',
  'event_type',
  'verdict',
  'reason_code',
  'pack',
  'config_hash',
  'policies',
  'model',
  'provider',
  'gateway_id',
  'identity',
  'request_id',
  'latency_ms',
  'tokens',
  'redactions',
  'prev_hash',
  'hash',
];

interface Orders {
  /**
   * Top-level keys; `prompt_hash?` and `upstream_status?` = that field, optional, here (neither is a CSV
   * column: the field is matched, so that its events take this route, and validated, but not printed).
   */
  event: string[];
  pack: string[];
  identity: string[];
  tokens: string[];
  policy: string[];
  redaction: string[];
}

// kt gateway run writes prompt_hash and then upstream_status (on an upstream error's event) before the
// chain hashes, as the contract lists them; other writers append them, so the contract layout takes both
// places.
const CONTRACT: Orders = {
  event: [
    ...EVENT_KEYS.slice(0, 16),
    'prompt_hash?',
    'upstream_status?',
    'prev_hash',
    'hash',
    'prompt_hash?',
    'upstream_status?',
  ],
  pack: PACK_KEYS,
  identity: IDENTITY_KEYS,
  tokens: TOKENS_KEYS,
  policy: POLICY_KEYS,
  redaction: REDACTION_KEYS,
};

function buildLayout(orders: Orders, neutralise: boolean): Layout {
  const cell = neutralise ? CELL_NEUTRAL : CELL;
  const slots: number[] = [];
  const text = (slot: number) => (slots.push(slot), `"(${cell})"`);
  const textOrNull = (slot: number) => (slots.push(slot), `(?:"(${cell})"|null)`);
  const object = (keys: string[], member: (key: string) => string) =>
    String.raw`\{${keys.map((k) => `"${k}":${member(k)}`).join(',')}\}`;
  const policyMember: Record<string, string> = {
    name: `"${cell}"`,
    kind: `"${TEXT}"`,
    phase: `"${TEXT}"`,
    verdict: '"(?:allow|redact|escalate|block|skipped|error)"',
    reason_code: `(?:"${TEXT}"|null)`,
    duration_us: NUMBER,
  };
  const policy = object(orders.policy, (k) => policyMember[k]!);
  // The first two policies of a list with their name and verdict captured (slots 27-30), the rest of
  // the list (from the comma before the third) as one capture: the language of `[policy,...]`, and
  // csvRow reads the usual one or two policies from the event's own match instead of running the pair
  // expression over the list (two or three more matches and their result arrays per event).
  const policyCaptured = (nameSlot: number, verdictSlot: number) =>
    object(orders.policy, (k) =>
      k === 'name'
        ? (slots.push(nameSlot), `"(${cell})"`)
        : k === 'verdict'
          ? (slots.push(verdictSlot), `"(allow|redact|escalate|block|skipped|error)"`)
          : policyMember[k]!,
    );
  const policies = () => {
    const first = policyCaptured(27, 28);
    const second = policyCaptured(29, 30);
    slots.push(9);
    return String.raw`\[(?:${first}(?:,${second}((?:,${policy})*))?)?\]`;
  };
  const redaction = object(orders.redaction, (k) => (k === 'type' ? `"${cell}"` : INTEGER));
  const list = (item: string) => String.raw`\[((?:${item}(?:,${item})*)?)\]`;
  const simple: Record<string, (() => string) | undefined> = {
    id: () => (slots.push(1), `"(evt_${unrolled('[0-9A-HJKMNP-TV-Z]', 26)})"`),
    timestamp: () => text(2),
    event_type: () => text(3),
    verdict: () => (slots.push(4), '"(allow|redact|escalate|block)"'),
    reason_code: () => text(5),
    pack: () => object(orders.pack, (k) => text(k === 'name' ? 6 : 7)),
    config_hash: () => text(8),
    policies,
    model: () => textOrNull(10),
    provider: () => textOrNull(11),
    gateway_id: () => text(12),
    identity: () => object(orders.identity, (k) => textOrNull(13 + IDENTITY_KEYS.indexOf(k))),
    request_id: () => text(16),
    latency_ms: () => (slots.push(17, 24), `(?:${PLAIN_INTEGER}|(${NUMBER}))`),
    tokens: () =>
      object(
        orders.tokens,
        (k) => (k === 'input' ? slots.push(18, 25) : slots.push(19, 26), `(?:${PLAIN_INTEGER}|(${INTEGER}))`),
      ),
    redactions: () => (slots.push(20), list(redaction)),
    prev_hash: () => (slots.push(21), `"(${HEX64})"`),
    hash: () => (slots.push(22), `"(${HEX64})"`),
    prompt_hash: () => `"${TEXT}"`,
    // The schema's integer 100-599, written plainly (as JSON.stringify writes it); 503.0 or 5.03e2 decline.
    upstream_status: () => '[1-5][0-9][0-9]',
  };
  let source = '\\{';
  let first = true;
  for (const key of orders.event) {
    if (key.endsWith('?')) {
      const name = key.slice(0, -1);
      const member = `"${name}":${simple[name]!()}`;
      source += first ? `(?:${member},)?` : `(?:,${member})?`;
      continue;
    }
    source += `${first ? '' : ','}"${key}":${simple[key]!()}`;
    first = false;
  }
  // Another event follows, or the array ends (which of the two: the character before lastIndex; a
  // capture here cost a result string per event).
  source += String.raw`\}[,\]]`;
  const at: number[] = [0];
  slots.forEach((slot, i) => (at[slot] = i + 1));
  const cells = CELL_SLOTS.map((slot) => (slot === 0 ? 0 : at[slot]!));
  // Loose forms for reading a list already matched: each item starts with "{" and no string holds a quote.
  const loosePolicy: Record<string, string> = {
    name: '"([^"]*)"',
    kind: '"[^"]*"',
    phase: '"[^"]*"',
    verdict: '"([a-z]+)"',
    reason_code: '(?:"[^"]*"|null)',
    duration_us: '[^,}]*',
  };
  const looseRedaction: Record<string, string> = { type: '"([^"]*)"', count: '(-?[0-9]+)' };
  const captured = (keys: string[], captures: string[]) => keys.filter((k) => captures.includes(k));
  const policyCaptures = captured(orders.policy, ['name', 'verdict']);
  const redactionCaptures = captured(orders.redaction, ['type', 'count']);
  return {
    event: new RegExp(source, 'y'),
    at,
    cells,
    policyPair: new RegExp(
      object(orders.policy, (k) => loosePolicy[k]!),
      'g',
    ),
    policyName: policyCaptures.indexOf('name') + 1,
    policyVerdict: policyCaptures.indexOf('verdict') + 1,
    redactionPair: new RegExp(
      object(orders.redaction, (k) => looseRedaction[k]!),
      'g',
    ),
    redactionType: redactionCaptures.indexOf('type') + 1,
    redactionCount: redactionCaptures.indexOf('count') + 1,
  };
}

// The slot (see Layout) of each CSV column, in EVENT_CSV_COLUMNS order; 0: computed by csvRow.
const CELL_SLOTS = [1, 2, 3, 4, 5, 0, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 0, 0, 0, 0, 0, 21, 22];
// Columns of csvRow's computed cells.
const POLICY_COLUMN = 5;
const LATENCY_COLUMN = 16;
const POLICIES_COLUMN = 19;
const REDACTIONS_COLUMN = 20;

// Built on first use, for the neutralisation the export asks for (the other one is never needed then):
// building one constructs and checks its ~3.6 KB pattern, ~1 ms of an export's start-up.
const contractLayouts: [Layout | undefined, Layout | undefined] = [undefined, undefined];
const contractLayout = (neutralise: boolean): Layout =>
  (contractLayouts[neutralise ? 1 : 0] ??= buildLayout(CONTRACT, neutralise));
// Field orders learnt from pages that came through JSON.parse (see learnLayout), per neutralisation, and
// each one's orders by the order of its required fields (the optional ones are placed as they are seen).
const learntLayouts: [Layout[], Layout[]] = [[], []];
const learntOrders = new Map<string, { orders: Orders; index: number }>();
// Bounded: a server that changes its order on every page must not make every page compile a pattern.
const MAX_LEARNT = 8;

const sameKeys = (keys: string[], expected: readonly string[]) =>
  keys.length === expected.length && expected.every((k) => keys.includes(k));
const keysOf = (v: unknown): string[] | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : undefined;

/**
 * Learns the field order of an event parsed from a page the fast route declined (a server that orders
 * the fields its own way), so that later pages in that order take the fast route. Only orders of the
 * contract's fields (prompt_hash and upstream_status optional, nothing else) are learnt, and a few at
 * most per process. An order is the order of the required fields: an optional field seen in an event is
 * added to its order, optional, where the event has it (after the same field), so events with and
 * without it take one layout. Most events have no upstream_status: export-pages.ts also hands over a
 * page's first event that has one.
 */
export function learnLayout(event: unknown): void {
  const e = event as Record<string, unknown>;
  const top = keysOf(e);
  if (!top) return;
  const required = top.filter((k) => !OPTIONAL_KEYS.includes(k));
  if (!sameKeys(required, EVENT_KEYS)) return;
  const pack = keysOf(e.pack);
  const identity = keysOf(e.identity);
  const tokens = keysOf(e.tokens);
  const firstOf = (v: unknown) => (Array.isArray(v) && v.length > 0 ? keysOf(v[0]) : null);
  const policy = firstOf(e.policies) ?? POLICY_KEYS;
  const redaction = firstOf(e.redactions) ?? REDACTION_KEYS;
  if (!pack || !identity || !tokens || !policy || !redaction) return;
  if (
    !sameKeys(pack, PACK_KEYS) ||
    !sameKeys(identity, IDENTITY_KEYS) ||
    !sameKeys(tokens, TOKENS_KEYS) ||
    !sameKeys(policy, POLICY_KEYS) ||
    !sameKeys(redaction, REDACTION_KEYS)
  )
    return;
  const signature = JSON.stringify({ event: required, pack, identity, tokens, policy, redaction });
  const known = learntOrders.get(signature);
  if (known === undefined) {
    if (learntOrders.size >= MAX_LEARNT) return;
    const orders: Orders = {
      event: top.map((k) => (OPTIONAL_KEYS.includes(k) ? `${k}?` : k)),
      pack,
      identity,
      tokens,
      policy,
      redaction,
    };
    learntOrders.set(signature, { orders, index: learntLayouts[0].length });
    learntLayouts[0].push(buildLayout(orders, false));
    learntLayouts[1].push(buildLayout(orders, true));
    return;
  }
  // An optional field the order has not placed yet: after the field the event has it after (at most one
  // rebuild per optional field and order).
  const placed = known.orders.event;
  let grown = false;
  for (let i = 0; i < top.length; i++) {
    const key = top[i]!;
    if (!OPTIONAL_KEYS.includes(key) || placed.includes(`${key}?`)) continue;
    const before = i === 0 ? -1 : placed.findIndex((k) => k === top[i - 1] || k === `${top[i - 1]}?`);
    placed.splice(before + 1, 0, `${key}?`);
    grown = true;
  }
  if (!grown) return;
  learntLayouts[0][known.index] = buildLayout(known.orders, false);
  learntLayouts[1][known.index] = buildLayout(known.orders, true);
}

const pageStart = '{"events":[';
const pageEnd = String.raw`,"next_cursor":(?:null|"(${TEXT})")\}[ \t\n\r]*$`;
const pageTail = new RegExp(pageEnd, 'y');

/** A number as csvNumber prints the value JSON.parse gives for it (non-finite, e.g. 1e400: empty). */
function numberCell(literal: string): string {
  const n = +literal;
  return Number.isFinite(n) ? String(n) : '';
}

/**
 * CSV rows for a page of the contract's layout, or undefined when the page needs the general route
 * (see the module comment). The bytes equal convertPage's for the same page. With `asBytes` the rows
 * come as UTF-8 in `bytes` (and `text` is ''), encoded a few dozen rows at a time as they are made: no
 * page-sized string is built and encoded again for the write (a page's text is large enough for V8 to
 * place it in the old generation, where it costs major collections).
 */
export function fastCsvPage(raw: string, neutralise: boolean, asBytes = false): ConvertedPage | undefined {
  const reader = new FastCsvReader(neutralise, asBytes ? raw.length : undefined);
  return reader.push(raw) ? reader.finish() : undefined;
}

// Decoded a piece at a time: each piece's string (and the unfinished event carried with it) stays well
// under V8's large-object size (128 KiB), so it dies young, in a cheap scavenge.
const PIECE_BYTES = 32 * 1024;

/**
 * fastCsvPage for a page body still in the Buffers it arrived in (ApiClient rawBytes): decoded 32 KiB
 * at a time and converted as it is decoded, so the page never exists as one string. Undefined when the
 * page needs the general route, and also when the bytes are not valid UTF-8 (a U+FFFD in the decoded
 * text, even a real one, sends the page there: decoding the whole body at once then gives the same
 * text the reference route sees, whatever the piece boundaries).
 */
export function fastCsvChunks(
  chunks: readonly Buffer[],
  neutralise: boolean,
  asBytes = false,
  buffers?: BufferPool,
): ConvertedPage | undefined {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const reader = new FastCsvReader(neutralise, asBytes ? total : undefined, buffers);
  const page = readChunks(reader, chunks);
  if (page === undefined) reader.discard();
  return page;
}

function readChunks(reader: FastCsvReader, chunks: readonly Buffer[]): ConvertedPage | undefined {
  if (chunks.length === 1 && isAscii(chunks[0]!)) return readAscii(reader, chunks[0]!);
  // StringDecoder rather than TextDecoder: its streaming mode measured ~10x faster (Node 20).
  const decoder = new StringDecoder('utf8');
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      const piece = decoder.write(chunk.subarray(at, at + PIECE_BYTES));
      if (piece.indexOf('\uFFFD') !== -1 || !reader.push(piece)) return undefined;
    }
  }
  const rest = decoder.end();
  if (rest.length > 0 && (rest.indexOf('\uFFFD') !== -1 || !reader.push(rest))) return undefined;
  return reader.finish();
}

/**
 * readChunks for a body of ASCII bytes only (a page of the benchmark, and most real ones): a character
 * is a byte, so each window of text is the bytes as Latin-1 (a copy, no decoding), starting at the
 * first byte the reader has not used. The unfinished event at a window's end is read again from the
 * bytes with the next window instead of being kept as text and joined to it (which copied every
 * window a second time), and the rows, ASCII too, are written as Latin-1 (a copy, no encoding).
 */
function readAscii(reader: FastCsvReader, body: Buffer): ConvertedPage | undefined {
  reader.ascii = true;
  let at = 0;
  for (let end = Math.min(body.length, PIECE_BYTES); ; end = Math.min(body.length, end + PIECE_BYTES)) {
    const text = body.toString('latin1', at, end);
    const used = reader.consume(text);
    if (used < 0 || text.length - used > MAX_CARRY) return undefined;
    at += used;
    if (end === body.length) break;
  }
  return reader.finish(body.toString('latin1', at));
}

// Rows go into the row buffer this many at a time (see flush).
const ROWS_PER_FLUSH = 64;

// An event (or the page's tail) longer than this, unfinished at a piece's end, sends the page to the
// general route: the carried text stays young-generation sized, and a page the fast route declines (an
// event it does not match looks unfinished until this much text is behind it) is given up after a few
// pieces rather than at its end. An event of the benchmark is 0.9 KB.
const MAX_CARRY = 64 * 1024;

/**
 * The fast route over a page's text given in pieces. The unfinished event at the end of a piece is
 * carried over to the next. A match on a prefix of the text is the match on the whole text: the event
 * expression only matches well-formed JSON objects (self-delimiting) followed by ',' or ']', and looks
 * at no character past what it consumes; an unfinished event simply does not match yet.
 */
class FastCsvReader {
  private carry = '';
  /** 0: before '{"events":[', 1: before the first event or ']', 2: between events, 3: after the list. */
  private state = 0;
  private layout: Layout | undefined;
  private readonly neutralise: boolean;
  /** Rows not yet in the buffer (or all the rows, without one), each without its CRLF. */
  private readonly rows: string[] = [];
  /** Reused by csvRow for each row's cells. */
  private readonly cells: string[] = Array.from({ length: CELL_SLOTS.length }, () => ''); // packed: join's fast path
  private count = 0;
  /** The rows' event ids as keys (ConvertedPage.ids). */
  private readonly ids: IdKeys;
  /**
   * Ids the hot loop (events) has read and not yet keyed: the loop only collects them and consume keys
   * them after it, so that writeKey's walk is not compiled into the loop (a bigger loop is compiled
   * later and at more cost, which a short export pays in full; 2026-11, node --trace-opt).
   */
  private readonly idTexts: string[] = [];
  /** The text is ASCII (so are the rows): they go into the buffer as Latin-1, a plain copy. */
  ascii = false;
  private buffer: Buffer | undefined;
  private size = 0;
  private readonly buffers: BufferPool | undefined;

  /**
   * `bytesHint`: make rows as UTF-8, with room for about this many bytes (the page's size), in a buffer
   * from `buffers` when given (the caller gives it back once the rows are written).
   */
  constructor(neutralise: boolean, bytesHint?: number, buffers?: BufferPool) {
    this.neutralise = neutralise;
    this.buffers = buffers;
    this.ids = new IdKeys(1000, buffers?.ids);
    // Rows are shorter than their events' JSON (unless a number is spelt short, like 1e20): room for the
    // page's size is nearly always enough; growing is there for the rest.
    if (bytesHint !== undefined) this.buffer = this.allocate(Math.max(4096, bytesHint));
  }

  private allocate(bytes: number): Buffer {
    return this.buffers ? this.buffers.take(bytes) : Buffer.allocUnsafeSlow(bytes);
  }

  /** Gives the row buffer back to the pool: the page went to the general route instead. */
  discard(): void {
    if (this.buffer && this.buffers) this.buffers.give(this.buffer);
    this.buffer = undefined;
    this.ids.discard();
  }

  /** Takes the next piece of text; false when the page cannot take the fast route. */
  push(piece: string): boolean {
    const text = this.carry.length > 0 ? this.carry + piece : piece;
    this.carry = '';
    const pos = this.consume(text);
    return pos >= 0 && this.keep(text, pos);
  }

  /**
   * Reads what it can of `text`, all the page's text not used so far; returns the index of the first
   * character it did not use (an event not complete yet, or the page's tail), or -1 when the page
   * cannot take the fast route.
   */
  consume(text: string): number {
    let pos = 0;
    if (this.state === 0) {
      if (text.length < pageStart.length) return pageStart.startsWith(text) ? 0 : -1;
      if (!text.startsWith(pageStart)) return -1;
      pos = pageStart.length;
      this.state = 1;
    }
    if (this.state === 1 && pos < text.length) {
      if (text.charCodeAt(pos) === 0x5d /* ] */) {
        pos++;
        this.state = 3;
      } else {
        // The page's first event picks the layout; every other event must be in it too.
        const layout = layoutOf(text, pos, this.neutralise);
        if (layout === undefined) return pos;
        this.layout = layout;
        this.state = 2;
      }
    }
    while (this.state === 2) {
      pos = this.events(text, pos);
      this.ids.addAll(this.idTexts);
      this.idTexts.length = 0;
      if (this.buffer === undefined || this.rows.length < ROWS_PER_FLUSH) break;
      this.flush();
    }
    return pos;
  }

  /**
   * Converts the events from `pos` on, as far as they match; returns where the first unmatched text
   * starts. The hot loop, kept apart from push's cold branches: a small function is compiled by the
   * optimising compiler sooner and in less time, which is most of a short export's warm-up.
   */
  private events(text: string, pos: number): number {
    const layout = this.layout!;
    const event = layout.event;
    const rows = this.rows;
    const cells = this.cells;
    const idTexts = this.idTexts;
    const id = layout.at[1]!;
    while (pos < text.length) {
      event.lastIndex = pos;
      const m = event.exec(text);
      if (m === null) break;
      pos = event.lastIndex;
      rows.push(csvRow(m, layout, cells));
      idTexts.push(m[id]!);
      this.count++;
      if (text.charCodeAt(pos - 1) === 0x5d /* ] */) {
        this.state = 3;
        break;
      }
      // The caller flushes: Buffer#write inlined here made each optimised compile of this loop larger.
      if (rows.length === ROWS_PER_FLUSH && this.buffer !== undefined) break;
    }
    return pos;
  }

  /**
   * The page, once all its text is in (`tail`: the text consume did not use, when push was not used);
   * undefined when it cannot take the fast route.
   */
  finish(tail = this.carry): ConvertedPage | undefined {
    if (this.state !== 3) return undefined;
    pageTail.lastIndex = 0;
    const end = pageTail.exec(tail);
    if (end === null) return undefined;
    const next = end[1] ?? null;
    const ids = this.ids.finish();
    if (this.buffer === undefined) {
      const text = this.rows.length > 0 ? `${this.rows.join('\r\n')}\r\n` : '';
      return { text, count: this.count, next, fast: true, ids };
    }
    if (this.rows.length > 0) this.flush();
    return { text: '', bytes: this.buffer.subarray(0, this.size), count: this.count, next, fast: true, ids };
  }

  private keep(text: string, pos: number): boolean {
    if (pos >= text.length) return true;
    if (text.length - pos > MAX_CARRY) return false;
    this.carry = pos === 0 ? text : text.slice(pos);
    return true;
  }

  // Rows go into the buffer ROWS_PER_FLUSH at a time: one write call per ~25 KB rather than per row (each call
  // has a fixed cost), and the joined text is small enough to stay in the young generation.
  private flush(): void {
    const text = this.rows.join('\r\n');
    this.rows.length = 0;
    let buffer = this.buffer!;
    // Three bytes per UTF-16 unit at most, and the last row's CRLF.
    if (this.size + text.length * 3 + 2 > buffer.length) {
      const grown = this.allocate(Math.max(buffer.length * 2, this.size + text.length * 3 + 2));
      buffer.copy(grown, 0, 0, this.size);
      this.buffers?.give(buffer);
      buffer = this.buffer = grown;
    }
    this.size += buffer.write(text, this.size, this.ascii ? 'latin1' : 'utf8');
    buffer[this.size++] = 0x0d;
    buffer[this.size++] = 0x0a;
  }
}

/** The contract layout or a learnt one that matches the event at `pos`. */
function layoutOf(raw: string, pos: number, neutralise: boolean): Layout | undefined {
  const contract = contractLayout(neutralise);
  contract.event.lastIndex = pos;
  if (contract.event.test(raw)) return contract;
  for (const layout of learntLayouts[neutralise ? 1 : 0]) {
    layout.event.lastIndex = pos;
    if (layout.event.test(raw)) return layout;
  }
  return undefined;
}

/**
 * One event's row (without its CRLF) from its match. The cells that are captured text as it is are
 * copied in one loop over the layout's column list and joined once, rather than 23 reads spliced into
 * one template: the optimising compiler's work is what a short export pays in full, and this shape
 * halves it (2026-11, --turbo-stats zone: 2.8 MB against 6.0). The redaction list is read here rather
 * than in a helper: it keeps csvRow too large to be inlined, so the event loop's optimised compiles
 * (usually two: on-stack replacement, then a regular one) do not each carry another copy of it.
 */
function csvRow(m: RegExpExecArray, layout: Layout, cells: string[]): string {
  const groups = layout.cells;
  for (let k = 0; k < groups.length; k++) {
    const group = groups[k]!;
    cells[k] = group === 0 ? '' : (m[group] ?? '');
  }
  for (let k = LATENCY_COLUMN; k < LATENCY_COLUMN + 3; k++)
    cells[k] = m[layout.at[k + 1]!] ?? numberCell(m[layout.at[k + 8]!]!);
  const verdict = cells[3]!;
  const at = layout.at;
  // The first two policies come captured (see buildLayout); a third and later ones, rare, from the rest.
  const name1 = m[at[27]!];
  if (name1 !== undefined) {
    const verdict1 = m[at[28]!]!;
    let found = verdict === 'allow';
    if (!found && verdict1 === verdict) {
      cells[POLICY_COLUMN] = name1;
      found = true;
    }
    let policies = `${name1}:${verdict1}`;
    const name2 = m[at[29]!];
    if (name2 !== undefined) {
      const verdict2 = m[at[30]!]!;
      if (!found && verdict2 === verdict) {
        cells[POLICY_COLUMN] = name2;
        found = true;
      }
      policies += `;${name2}:${verdict2}`;
      const rest = m[at[9]!]!;
      if (rest.length > 0) {
        const pair = layout.policyPair;
        const name = layout.policyName;
        const itsVerdict = layout.policyVerdict;
        pair.lastIndex = 0;
        for (let p = pair.exec(rest); p !== null; p = pair.exec(rest)) {
          if (!found && p[itsVerdict] === verdict) {
            cells[POLICY_COLUMN] = p[name]!;
            found = true;
          }
          policies += `;${p[name]}:${p[itsVerdict]}`;
        }
      }
    }
    cells[POLICIES_COLUMN] = policies;
  }
  const redactionList = m[layout.at[20]!]!;
  if (redactionList.length > 0) {
    let redactions = '';
    const pair = layout.redactionPair;
    const type = layout.redactionType;
    const count = layout.redactionCount;
    pair.lastIndex = 0;
    for (let r = pair.exec(redactionList); r !== null; r = pair.exec(redactionList)) {
      // Printed as the reference prints a count: String() of the parsed number (a huge one is Infinity).
      const n = String(+r[count]!);
      redactions += redactions.length > 0 ? `;${r[type]}:${n}` : `${r[type]}:${n}`;
    }
    cells[REDACTIONS_COLUMN] = redactions;
  }
  return cells.join(',');
}
