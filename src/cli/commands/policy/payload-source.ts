/**
 * Reading payloads for `kt policy eval`: one JSON document, or NDJSON (one payload per line), from a
 * file or stdin, streamed line by line so a file of 100k payloads runs in flat memory. A payload is an
 * OpenAI chat-completions body or a golden-test `input` (whose `request` object, when present, is
 * merged in as the body). Bytes are decoded by byte-order mark (UTF-8, UTF-16; src/io/text-decoding.ts)
 * and JSON is read strictly: a key repeated in one object is an error (src/io/json-strict.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import type { Payload } from '../../../core/index.js';
import type { CommandContext } from '../../context.js';
import { openForReading, readChunks } from '../../../io/bounded-read.js';
import { describeFsError } from '../../../io/fs-errors.js';
import { parseJsonStrict, type JsonProblem } from '../../../io/json-strict.js';
import { dataTextDecoding } from '../../../io/text-decoding.js';
import { fileReadError, KtError } from '../../errors.js';
import { fileLabel } from '../../../io/stdin-name.js';

export interface PayloadItem {
  payload: Payload;
  /** 1-based line of the payload in NDJSON input; 1 for a single document. */
  line: number;
}

const MAX_LINE = 64 * 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Golden-test input -> payload: `request` (a chat body) is merged under the test's own fields. */
export function toPayload(value: unknown): Payload | null {
  if (!isObject(value)) return null;
  if (isObject(value.request)) {
    const { request, ...rest } = value;
    return { ...(request as Payload), ...rest } as Payload;
  }
  return value as Payload;
}

/**
 * Parses one document (an NDJSON line or a whole payload file) strictly. `firstLine` is where `text`
 * starts in the input; the problem's own line/column are relative to `text`.
 */
function parse(text: string, label: string, firstLine: number, holder: string): unknown {
  const parsed = parseJsonStrict(text, holder);
  if (parsed.ok) return parsed.value;
  throw located(parsed.problem, label, firstLine, holder);
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
 * Yields payloads. The first non-blank line decides: if the whole input is one JSON document (possibly
 * pretty-printed over many lines) it is one payload; otherwise each line is one payload.
 */
export async function* readPayloads(ctx: CommandContext, input: string): AsyncGenerator<PayloadItem> {
  const label = fileLabel(input);
  let stream: Readable;
  if (input === '-') {
    if (ctx.stdin.isTTY === true)
      throw new KtError('usage.no_input', 'no payload: pass --input FILE or pipe a JSON payload on stdin');
    stream = ctx.stdin as unknown as Readable;
  } else {
    let handle: FileHandle;
    try {
      // Non-blocking: a FIFO with no writer is refused after a while, not waited on for ever (bounded-read.ts).
      handle = await openForReading(resolve(ctx.cwd, input));
    } catch (e) {
      // Worded as every other file kt cannot read ("cannot read the payload file: no such file").
      throw fileReadError(e, 'the payload file', label);
    }
    stream = Readable.from(readChunks(handle), { objectMode: false });
  }
  // readline buffers a whole line before yielding it: stop an endless line before it exhausts memory.
  let lineBytes = 0;
  const guard = new Transform({
    objectMode: true,
    transform(chunk: string, _enc, done) {
      const nl = chunk.lastIndexOf('\n');
      lineBytes = nl < 0 ? lineBytes + chunk.length : chunk.length - nl - 1;
      if (lineBytes > MAX_LINE)
        done(new KtError('input.too_large', `a line exceeds ${MAX_LINE} characters`, { file: label }));
      else done(null, chunk);
    },
  });
  // Decoding errors (invalid UTF-8, ...) are KtErrors of their own; pipe() does not forward errors.
  const decoding = dataTextDecoding(label);
  const fail = (e: NodeJS.ErrnoException) =>
    guard.destroy(
      e instanceof KtError
        ? e
        : new KtError('input.unreadable', `cannot read payloads: ${describeFsError(e)}`, { file: label }),
    );
  stream.on('error', fail);
  decoding.on('error', fail);
  const lines = createInterface({ input: stream.pipe(decoding).pipe(guard), crlfDelay: Infinity });
  try {
    let lineNo = 0;
    let mode: 'unknown' | 'ndjson' | 'document' = 'unknown';
    let buffer = '';
    let bufferStart = 0;
    let size = 0;
    for await (const raw of lines) {
      lineNo++;
      if (mode === 'document') {
        buffer += '\n' + raw;
        size += raw.length;
        if (size > MAX_LINE)
          throw new KtError('input.too_large', `payload document exceeds ${MAX_LINE} characters`, { file: label });
        continue;
      }
      if (raw.trim().length === 0) continue;
      if (raw.length > MAX_LINE)
        throw new KtError('input.too_large', `line exceeds ${MAX_LINE} characters`, { file: label, line: lineNo });
      if (mode === 'unknown') {
        const first = parseJsonStrict(raw, 'an NDJSON line');
        if (!first.ok && first.problem.code === 'input.invalid_json') {
          // Not a whole document on one line: a pretty-printed document (or broken NDJSON; the parse says).
          mode = 'document';
          buffer = raw;
          bufferStart = lineNo;
          size = raw.length;
          continue;
        }
        if (!first.ok) throw located(first.problem, label, lineNo, 'an NDJSON line');
        mode = 'ndjson';
        yield item(first.value, label, lineNo);
        continue;
      }
      yield item(parse(raw, label, lineNo, 'an NDJSON line'), label, lineNo);
    }
    if (mode === 'document') yield item(parse(buffer, label, bufferStart, 'a payload file'), label, bufferStart);
    if (mode === 'unknown') throw new KtError('input.empty', 'no payload in the input', { file: label });
  } finally {
    // An error (or a consumer that stops early) leaves the file open otherwise; stdin is not ours to close.
    if (input !== '-') stream.destroy();
  }
}

function item(value: unknown, label: string, line: number): PayloadItem {
  const payload = toPayload(value);
  if (payload === null)
    throw new KtError(
      'input.invalid_payload',
      'a payload must be a JSON object (a chat-completions body or a golden-test input)',
      { file: label, line },
    );
  return { payload, line };
}
