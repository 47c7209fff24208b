/**
 * The CSV export's fast path: one GET /v1/events page straight from its JSON text to CSV rows, for pages
 * laid out the way the contract lists the fields (schemas/openapi.json EventRecord, which is the order
 * `kt gateway run` writes them in), with no JSON escapes and no cell that needs CSV quoting or
 * formula neutralisation. Such an event is matched by one sticky regular expression (irregexp runs it
 * as native code; JSON.parse of the same page builds ~40 objects and strings per event and costs 2-3x
 * more), and its captures are already the decoded values: a JSON string with no backslash is its own
 * text.
 *
 * Anything else - another field order, whitespace, an extra field, an escape, a comma or a formula
 * start in a cell, a number the contract types as an integer written as 1.0 - makes the page return
 * undefined and the caller converts it through JSON.parse (export-pages.ts convertPage); both routes
 * give the same bytes (differential property test: test/unit/api/export-fast-csv.test.ts).
 *
 * The expression is also the page's validation: an event it matches has every field that
 * EventRecord requires, each of the schema's type (ids and hashes to their patterns, verdicts from the
 * enum), so a matched page needs no further schema check. Linear time: every repeated class stops at
 * a character the next token starts with, so a failed match never backtracks more than once per
 * character.
 */
import type { ConvertedPage } from './export-pages.js';

// The text of a JSON string with no escape and no control character is exactly the decoded value.
const TEXT = String.raw`[^"\\\u0000-\u001f]*`;
// ... and with no comma it is a CSV cell that needs no quoting (no quote, CR or LF either).
const CELL = String.raw`[^"\\\u0000-\u001f,]*`;
// ... and, when neutralising, one that does not start like a formula (tab and CR are control characters).
const CELL_NEUTRAL = String.raw`(?![=+\-@])${CELL}`;
const NUMBER = String.raw`-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?`;
const INTEGER = String.raw`-?(?:0|[1-9][0-9]*)`;
const HEX64 = '[0-9a-f]{64}';

function eventPattern(neutralise: boolean): RegExp {
  const cell = neutralise ? CELL_NEUTRAL : CELL;
  const text = `"(${cell})"`;
  const textOrNull = `(?:"(${cell})"|null)`;
  const policy = String.raw`\{"name":"${cell}","kind":"${TEXT}","phase":"${TEXT}","verdict":"(?:allow|redact|escalate|block|skipped|error)","reason_code":(?:"${TEXT}"|null),"duration_us":${NUMBER}\}`;
  const redaction = String.raw`\{"type":"${cell}","count":${INTEGER}\}`;
  const source = [
    String.raw`\{"id":"(evt_[0-9A-HJKMNP-TV-Z]{26})"`, // 1
    `,"timestamp":${text}`, // 2
    `,"event_type":${text}`, // 3
    `,"verdict":"(allow|redact|escalate|block)"`, // 4
    `,"reason_code":${text}`, // 5
    String.raw`,"pack":\{"name":${text},"version":${text}\}`, // 6, 7
    `,"config_hash":${text}`, // 8
    String.raw`,"policies":\[((?:${policy}(?:,${policy})*)?)\]`, // 9
    `,"model":${textOrNull}`, // 10
    `,"provider":${textOrNull}`, // 11
    `,"gateway_id":${text}`, // 12
    String.raw`,"identity":\{"user":${textOrNull},"role":${textOrNull},"team":${textOrNull}\}`, // 13, 14, 15
    `,"request_id":${text}`, // 16
    `,"latency_ms":(${NUMBER})`, // 17
    String.raw`,"tokens":\{"input":(${INTEGER}),"output":(${INTEGER})\}`, // 18, 19
    String.raw`,"redactions":\[((?:${redaction}(?:,${redaction})*)?)\]`, // 20
    // kt gateway run writes prompt_hash before the chain hashes; the contract lists it before them too
    // but other writers append it, so both places are taken (it is not a CSV column).
    `(?:,"prompt_hash":"${TEXT}")?`,
    `,"prev_hash":"(${HEX64})","hash":"(${HEX64})"`, // 21, 22
    String.raw`(?:,"prompt_hash":"${TEXT}")?\}`,
    String.raw`([,\]])`, // 23: another event follows, or the array ends
  ].join('');
  return new RegExp(source, 'y');
}

const plainEvent = eventPattern(false);
const neutralEvent = eventPattern(true);
// Inside a list the expression above has matched, each policy's name and verdict, and each redaction.
const policyPair = /"name":"([^"]*)","kind":"[^"]*","phase":"[^"]*","verdict":"([a-z]+)"/g;
const redactionPair = /"type":"([^"]*)","count":(-?[0-9]+)/g;
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
  if (!raw.startsWith(pageStart)) return undefined;
  const event = neutralise ? neutralEvent : plainEvent;
  let rows: string[] = [];
  let count = 0;
  // Rows are shorter than their events' JSON (unless a number is spelt short, like 1e20): room for the
  // page's text length is nearly always enough; growing is there for the rest.
  let buffer = asBytes ? Buffer.allocUnsafeSlow(Math.max(4096, raw.length)) : undefined;
  let size = 0;
  // Rows go into the buffer 64 at a time: one write call per ~25 KB rather than per row (each call
  // has a fixed cost), and the joined text is small enough to stay in the young generation.
  const flush = () => {
    const text = rows.join('');
    rows = [];
    // Three bytes per UTF-16 unit at most.
    if (size + text.length * 3 > buffer!.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(buffer!.length * 2, size + text.length * 3));
      buffer!.copy(grown, 0, 0, size);
      buffer = grown;
    }
    size += buffer!.write(text, size);
  };
  let pos = pageStart.length;
  if (raw.charCodeAt(pos) === 0x5d /* ] */) pos++;
  else {
    for (;;) {
      event.lastIndex = pos;
      const m = event.exec(raw);
      if (m === null) return undefined;
      pos = event.lastIndex;
      rows.push(csvRow(m));
      count++;
      if (buffer !== undefined && rows.length === 64) flush();
      if (m[23] === ']') break;
    }
  }
  pageTail.lastIndex = pos;
  const tail = pageTail.exec(raw);
  if (tail === null) return undefined;
  const next = tail[1] ?? null;
  if (buffer !== undefined && rows.length > 0) flush();
  return buffer === undefined ? { text: rows.join(''), count, next, fast: true } : { text: '', bytes: buffer.subarray(0, size), count, next, fast: true };
}

// One event's row from its match. Kept apart from the page loop: two small functions reach optimised
// code sooner (and compile in less time) than one big loop body, which matters for short exports.
function csvRow(m: RegExpExecArray): string {
  const verdict = m[4]!;
  let policy = '';
  let policies = '';
  const policyList = m[9]!;
  if (policyList.length > 0) {
    let found = verdict === 'allow';
    policyPair.lastIndex = 0;
    for (let p = policyPair.exec(policyList); p !== null; p = policyPair.exec(policyList)) {
      if (!found && p[2] === verdict) {
        policy = p[1]!;
        found = true;
      }
      // A pair is never empty (':' at least), so an empty string means this is the first.
      policies += policies.length > 0 ? `;${p[1]}:${p[2]}` : `${p[1]}:${p[2]}`;
    }
  }
  const redactionList = m[20]!;
  const redactions = redactionList.length > 0 ? redactionCell(redactionList) : '';
  return `${m[1]},${m[2]},${m[3]},${verdict},${m[5]},${policy},${m[6]},${m[7]},${m[8]},${m[10] ?? ''},${m[11] ?? ''},${m[12]},${m[13] ?? ''},${m[14] ?? ''},${m[15] ?? ''},${m[16]},${numberCell(m[17]!)},${numberCell(m[18]!)},${numberCell(m[19]!)},${policies},${redactions},${m[21]},${m[22]}\r\n`;
}

function redactionCell(list: string): string {
  let out = '';
  redactionPair.lastIndex = 0;
  for (let r = redactionPair.exec(list); r !== null; r = redactionPair.exec(list)) {
    // Printed as the reference prints a count: String() of the parsed number (a huge one is Infinity).
    const count = String(+r[2]!);
    out += out.length > 0 ? `;${r[1]}:${count}` : `${r[1]}:${count}`;
  }
  return out;
}
