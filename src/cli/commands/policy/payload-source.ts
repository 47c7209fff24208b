/**
 * Reading payloads for `kt policy eval`: one JSON document, or NDJSON (one payload per line), from a
 * file or stdin, streamed line by line so a file of 100k payloads runs in flat memory. A payload is an
 * OpenAI chat-completions body or a golden-test `input` (whose `request` object, when present, is
 * merged in as the body). Bytes are decoded by byte-order mark (UTF-8, UTF-16; src/io/text-decoding.ts)
 * and JSON is read strictly: a key repeated in one object is an error (src/io/json-strict.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Payload } from '../../../core/index.js';
import type { CommandContext } from '../../context.js';
import { openForReading, readChunks } from '../../../io/bounded-read.js';
import { describeFsError } from '../../../io/fs-errors.js';
import { firstSyntaxError } from '../../../io/json-error.js';
import { jsonNestedDeeperThan } from '../../../io/json-depth.js';
import {
  keyOffset,
  MAX_JSON_DEPTH,
  offsetPosition,
  parseJsonStrict,
  type JsonProblem,
} from '../../../io/json-strict.js';
import { DataTextDecoder, UndecodableText } from '../../../io/text-decoding.js';
import {
  findLoneSurrogate,
  formatJsonPath,
  loneSurrogateEscapeOffset,
  maySpellSurrogate,
} from '../../../io/lone-surrogates.js';
import { fileReadError, KtError } from '../../errors.js';
import { fileLabel } from '../../../io/stdin-name.js';
import { isRecord } from '../../../core/pack/json.js';

export interface PayloadItem {
  payload: Payload;
  /** 1-based line of the payload in NDJSON input; 1 for a single document. */
  line: number;
}

const MAX_LINE = 64 * 1024 * 1024;
/** Size of a multi-line document at which it is first checked for a syntax error (then at each doubling). */
const DOCUMENT_CHECK = 64 * 1024;

/** The text has a syntax error before its end (so no more lines can complete it), not just a missing end. */
function brokenBefore(text: string): boolean {
  const at = firstSyntaxError(text);
  return at !== undefined && at < text.length;
}

/** Golden-test input -> payload: `request` (a chat body) is merged under the test's own fields. */
export function toPayload(value: unknown): Payload | null {
  if (!isRecord(value)) return null;
  if (isRecord(value.request)) {
    const { request, ...rest } = value;
    return { ...(request as Payload), ...rest } as Payload;
  }
  return value as Payload;
}

/**
 * A field of a payload (before toPayload: `at` is its path in the input as written, `request` included)
 * whose type no reader of a payload takes: `messages` that is not a list (a gateway answers 400
 * invalid_request; the chain read it as no text and allowed it), a message that is not an object, an
 * `identity` that is not an object (read as no identity), an `upstream_response` that is neither an object nor a
 * string (read as no answer). Undefined when the shape is fine.
 */
export function payloadShapeProblem(
  value: Record<string, unknown>,
  /** The JSON text of `value`, when at hand: without an escape that can make a surrogate, none is looked for. */
  text?: string,
): { message: string; at: string[]; surrogate?: true } | undefined {
  for (const [holder, base] of [
    [value, []],
    [value.request, ['request']],
  ] as const) {
    if (!isRecord(holder)) continue;
    const messages = holder.messages;
    if (messages !== undefined && !Array.isArray(messages))
      return {
        message: `"messages" is ${typeOfJson(messages)}, not a list of chat messages (a gateway answers 400 invalid_request)`,
        at: [...base, 'messages'],
      };
    const bad = Array.isArray(messages) ? messages.findIndex((m) => !isRecord(m)) : -1;
    if (bad !== -1)
      return {
        message: `messages[${bad}] is ${typeOfJson((messages as unknown[])[bad])}, not a message object {role, content}`,
        at: [...base, 'messages', String(bad)],
      };
  }
  if (value.identity !== undefined && value.identity !== null && !isRecord(value.identity))
    return {
      message: `"identity" is ${typeOfJson(value.identity)}, not an object {user, role, team}`,
      at: ['identity'],
    };
  // An answer the output phase reads is a chat.completion (or {content: [...parts]}) object or the answer's
  // text. A list (a streamed answer's chunks pasted as they came) was read as no answer: its PII and blocked
  // content were allowed, and printed unredacted in the decision's response.
  const answer = value.upstream_response;
  if (answer !== undefined && answer !== null && typeof answer !== 'string' && !isRecord(answer))
    return {
      message: `"upstream_response" is ${typeOfJson(answer)}, not an answer: give a chat.completion object ({"choices": [{"message": {"role": "assistant", "content": ...}}]}) or the answer's text (a streamed answer's chunks joined into one message, as the gateway checks it)`,
      at: ['upstream_response'],
    };
  // Half a character (a `\ud800` escape alone), which the gateway refuses (400 lone_surrogate): it splits
  // what the detectors read, so `john.doe\ud800@example.com` was allowed unredacted (io/lone-surrogates.ts).
  const lone = text === undefined || maySpellSurrogate(text) ? findLoneSurrogate(value) : undefined;
  if (lone !== undefined) {
    const holder = formatJsonPath(lone.path.slice(0, -1));
    const where = !lone.key ? formatJsonPath(lone.path) : holder === '' ? 'a key of the payload' : `a key of ${holder}`;
    return {
      message: `${where} holds a lone UTF-16 surrogate (${lone.escape}): half a character, which is no text (a gateway answers 400 lone_surrogate)`,
      at: lone.path.map(String),
      surrogate: true,
    };
  }
  return undefined;
}

const typeOfJson = (v: unknown): string =>
  Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/**
 * Parses one document (an NDJSON line or a whole payload file) strictly. `firstLine` is where `text`
 * starts in the input; the problem's own line/column are relative to `text`.
 */
function parse(text: string, label: string, firstLine: number, holder: string): unknown {
  const parsed = parseJsonStrict(text, holder);
  if (parsed.ok) return parsed.value;
  throw located(parsed.problem, label, firstLine, holder);
}

/** The located error of a text known to be invalid JSON (see parse). */
function failure(text: string, label: string, firstLine: number, holder: string): KtError {
  const parsed = parseJsonStrict(text, holder);
  if (parsed.ok) throw new Error('failure() of valid JSON');
  return located(parsed.problem, label, firstLine, holder);
}

function located(problem: JsonProblem, label: string, firstLine: number, holder: string): KtError {
  const { code, reason, line, column } = problem;
  // A duplicate key's message places the first occurrence relative to `text` too: on an NDJSON line 3 it
  // said 'first at line 1' beside the location 3:40.
  const message = problem.message.replace(
    /\(first at line (\d+),/,
    (_, first: string) => `(first at line ${firstLine + Number(first) - 1},`,
  );
  return new KtError(code, message, {
    file: label,
    line: firstLine + (line ?? 1) - 1,
    ...(column === undefined ? {} : { column }),
    ...(reason?.startsWith(holder) === true ? { hint: 'several payloads: NDJSON, one JSON document per line' } : {}),
  });
}

/**
 * Yields payloads. The first non-blank line decides: if it is a whole JSON document, or cannot start one,
 * each line is one payload (NDJSON); if it starts a document that goes on (pretty-printed), the whole
 * input is that one payload. A line ends at '\n' (a '\r' before it is dropped).
 *
 * Lines are cut here from the decoded chunks, not by readline: a pretty-printed document of millions of
 * short lines costs one append per chunk instead of an await per line (60 MB of `1,` lines took 11 s and
 * 1 GB), and an error in the bytes (invalid UTF-8) or a line past the cap comes after the payloads of the
 * lines before it and names its line, as a line that is not JSON does.
 */
export async function* readPayloads(ctx: CommandContext, input: string): AsyncGenerator<PayloadItem> {
  const label = fileLabel(input);
  let source: AsyncIterable<Buffer | string>;
  if (input === '-') {
    if (ctx.stdin.isTTY === true)
      throw new KtError('usage.no_input', 'no payload: pass --input FILE or pipe a JSON payload on stdin');
    const stdin = ctx.stdin as unknown as Readable;
    // stdin is not ours to close when reading stops early (an error, a consumer that stops).
    source = typeof stdin.iterator === 'function' ? stdin.iterator({ destroyOnReturn: false }) : stdin;
  } else {
    let handle: FileHandle;
    try {
      // Non-blocking: a FIFO with no writer is refused after a while, not waited on for ever (bounded-read.ts).
      handle = await openForReading(resolve(ctx.cwd, input));
    } catch (e) {
      // Worded as every other file kt cannot read ("cannot read the payload file: no such file").
      throw fileReadError(e, 'the payload file', label);
    }
    // Closes the file when reading ends, at the end of the input or early (an error).
    source = readChunks(handle);
  }

  const decoder = new DataTextDecoder(label);
  let lineNo = 0; // complete lines so far
  let carry = ''; // the text of the line being read, up to the last chunk
  let mode = 'unknown' as 'unknown' | 'ndjson' | 'document';
  // line() may start the document: asked through a call, which TypeScript does not narrow across.
  const inDocument = (): boolean => mode === 'document';
  const doc: string[] = [];
  let docStart = 0;
  let size = 0;
  let checkAt = DOCUMENT_CHECK;

  const tooLong = (): KtError =>
    new KtError('input.too_large', `line exceeds ${MAX_LINE} characters`, { file: label, line: lineNo });

  /** One complete line: its payload, or undefined (blank, or the first line of a document). */
  const line = (text: string): PayloadItem | undefined => {
    const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (raw.trim().length === 0) return undefined;
    if (raw.length > MAX_LINE) throw tooLong();
    if (mode === 'unknown') {
      const first = parseJsonStrict(raw, 'an NDJSON line');
      if (!first.ok && first.problem.code === 'input.invalid_json') {
        // Not a whole document on one line. If the line cannot even start one (`y`, `{bad`), that is the
        // error, at once; else it starts a pretty-printed document (or broken NDJSON; the parse says).
        if (brokenBefore(raw)) throw failure(raw, label, lineNo, 'a payload file');
        mode = 'document';
        docStart = lineNo;
        addToDocument(raw);
        return undefined;
      }
      if (!first.ok) throw located(first.problem, label, lineNo, 'an NDJSON line');
      mode = 'ndjson';
      return item(first.value, label, lineNo, raw);
    }
    return item(parse(raw, label, lineNo, 'an NDJSON line'), label, lineNo, raw);
  };

  /**
   * Text of a multi-line document. A broken document is reported where it breaks as soon as that is read:
   * waiting for the end read all of `yes '{' |` for ever, and at the cap it said "too large" of an NDJSON
   * file whose first line was cut short. Checks at doubling sizes keep the reading linear.
   */
  const addToDocument = (text: string): void => {
    doc.push(text);
    size += text.length;
    if (size < checkAt && size <= MAX_LINE) return;
    checkAt = 2 * size;
    const whole = doc.join('');
    doc.length = 0;
    doc.push(whole);
    // Up to the last line end only: the text may stop inside a string, and no string spans lines. Nesting
    // past the reader's bound is said as soon as it is read too, not after 64 MB of `[` lines.
    if (brokenBefore(whole.slice(0, whole.lastIndexOf('\n') + 1)) || jsonNestedDeeperThan(whole, MAX_JSON_DEPTH))
      throw failure(whole, label, docStart, 'a payload file');
    if (size > MAX_LINE)
      throw new KtError('input.too_large', `payload document exceeds ${MAX_LINE} characters`, { file: label });
  };

  /** Decoded text in: the payloads of the lines it completes out. */
  function* take(text: string): Generator<PayloadItem> {
    if (inDocument()) return addToDocument(text);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      const whole = carry.length === 0 ? piece : carry + piece;
      carry = '';
      start = nl + 1;
      lineNo++;
      const payload = line(whole);
      if (payload !== undefined) yield payload;
      if (inDocument()) return addToDocument(text.slice(nl));
    }
    carry += text.slice(start);
    // The line is not over yet: stop an endless one before it exhausts memory.
    if (carry.length > MAX_LINE) {
      lineNo++;
      throw tooLong();
    }
  }

  try {
    for await (const chunk of source) {
      let text: string;
      try {
        text = decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (e) {
        // The lines before the bad bytes are evaluated first, as before a line that is not JSON.
        if (e instanceof UndecodableText) yield* take(e.before);
        throw e;
      }
      yield* take(text);
    }
    let rest: string;
    try {
      rest = decoder.end();
    } catch (e) {
      if (e instanceof UndecodableText) yield* take(e.before);
      throw e;
    }
    yield* take(rest);
  } catch (e) {
    if (e instanceof KtError) throw e;
    throw new KtError('input.unreadable', `cannot read payloads: ${describeFsError(e)}`, { file: label });
  }
  if (mode !== 'document' && carry.length > 0) {
    // The last line has no newline.
    lineNo++;
    const payload = line(carry);
    if (payload !== undefined) yield payload;
  }
  if (mode === 'document') {
    const whole = doc.join('');
    yield item(parse(whole, label, docStart, 'a payload file'), label, docStart, whole);
  }
  if (mode === 'unknown') throw new KtError('input.empty', 'no payload in the input', { file: label });
}

/** The payload of one parsed document that starts at `line` of the input; `text` is the document's text. */
function item(value: unknown, label: string, line: number, text: string): PayloadItem {
  const payload = toPayload(value);
  if (payload === null)
    throw new KtError(
      'input.invalid_payload',
      'a payload must be a JSON object (a chat-completions body or a golden-test input)',
      { file: label, line },
    );
  const problem = payloadShapeProblem(value as Record<string, unknown>, text);
  if (problem !== undefined) {
    // At the key of the field (of `messages` for one of its items): keys are found in one linear walk.
    // A lone surrogate is placed at its escape, wherever in the text it is.
    const keys = problem.at.filter((k) => !/^\d+$/.test(k));
    const offset = problem.surrogate === true ? loneSurrogateEscapeOffset(text) : keyOffset(text, keys);
    const at = offset === undefined ? { line: 1 } : offsetPosition(text, offset);
    throw new KtError('input.invalid_payload', problem.message, { file: label, ...at, line: line + at.line - 1 });
  }
  return { payload, line };
}
