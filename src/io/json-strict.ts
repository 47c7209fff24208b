/**
 * JSON for untrusted data files (payloads, golden test files): `JSON.parse`, plus what it lets through
 * silently - a key repeated in one object, where the last value wins. `{"messages": [...], "messages":
 * [...]}` shows a reviewer one conversation and evaluates another, so a repeated key is an error
 * (`input.duplicate_key`, the code a YAML pack's duplicate key gets), located at the second occurrence.
 *
 * Parsing stays with the native `JSON.parse` (fast, and the reference for what is valid JSON). Once it
 * has accepted the text, `findDuplicateKey` makes one linear pass over it that tracks only object
 * nesting and keys: string bodies are skipped with `indexOf`, so a 100k-line NDJSON file costs one
 * extra scan per line, never quadratic work. Messages never quote the input beyond a (masked, shortened)
 * key name.
 */
import { shortName } from '../schema/parse.js';
import { jsonDepthExceededAt } from './json-depth.js';
import { describeJsonError, firstSyntaxError } from './json-error.js';

export interface JsonProblem {
  code: 'input.invalid_json' | 'input.duplicate_key' | 'input.too_deep';
  /**
   * `invalid JSON: <reason>`, `duplicate key '<key>' (first at line L, column C)` or `nesting deeper than
   * N levels`.
   */
  message: string;
  /** Why JSON.parse refused the text (for callers that word hints by it); absent for duplicates. */
  reason?: string;
  /** 1-based, relative to the text given. */
  line?: number;
  column?: number;
}

export type StrictJson = { ok: true; value: unknown } | { ok: false; problem: JsonProblem };

/**
 * How deep a data file may nest before it is not read at all. This is the reader's bound, as every JSON
 * reader has one, not a policy: the chain's own bound on a payload (64 levels, a `payload.invalid`
 * decision) applies to what is read. It exists because millions of nested brackets fit in a file and
 * JSON.parse builds them into gigabytes (io/json-depth.ts); a thousand levels cost nothing.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * `holder` names what holds one document (see describeJsonError). Text nested deeper than `maxDepth` is
 * refused (`input.too_deep`, at the bracket that passes it) before JSON.parse builds it.
 */
export function parseJsonStrict(text: string, holder?: string, maxDepth = MAX_JSON_DEPTH): StrictJson {
  const deepAt = jsonDepthExceededAt(text, maxDepth);
  // A syntax error before that point is the error (JSON.parse stops there, having built little).
  if (deepAt !== undefined && (firstSyntaxError(text.slice(0, deepAt)) ?? deepAt) >= deepAt)
    return {
      ok: false,
      problem: {
        code: 'input.too_deep',
        message: `nesting deeper than ${maxDepth} levels`,
        ...offsetPosition(text, deepAt),
      },
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { reason, line, column } = describeJsonError(error, text, holder);
    return {
      ok: false,
      problem: {
        code: 'input.invalid_json',
        message: `invalid JSON: ${reason}`,
        reason,
        ...(line === undefined ? {} : { line }),
        ...(column === undefined ? {} : { column }),
      },
    };
  }
  // Only objects can repeat a key; a text without a '{' needs no scan.
  const dup = text.includes('{') ? findDuplicateKey(text) : undefined;
  if (dup === undefined) return { ok: true, value };
  const first = offsetPosition(text, dup.firstOffset);
  return {
    ok: false,
    problem: {
      code: 'input.duplicate_key',
      message: `duplicate key '${shortName(dup.key)}' (first at line ${first.line}, column ${first.column}); a repeated key would silently override the first`,
      ...offsetPosition(text, dup.offset),
    },
  };
}

export interface DuplicateKey {
  key: string;
  /** Offsets (UTF-16 code units) of the opening quote of the repeated key and of its first occurrence. */
  offset: number;
  firstOffset: number;
}

/** An open container while walking JSON text: an object's keys so far (and its current one), or an array. */
interface Scope {
  /** Keys seen in this object, with the offsets of their quotes; null for an array. */
  seen: Map<string, number> | null;
  /** The key whose value is being read (objects). */
  current?: string;
}

/**
 * Calls `onKey` for each object key of valid JSON text, in order, with the offset of its opening quote
 * and the open containers (outermost first, the key's own object last, before the key is recorded in
 * it); stops when `onKey` returns true. One walk over the text; text that is not valid JSON may stop it
 * early (JSON.parse has the say on such text).
 */
function walkKeys(text: string, onKey: (key: string, offset: number, open: readonly Scope[]) => boolean): void {
  const open: Scope[] = [];
  let keyNext = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (end === -1) return;
      if (keyNext) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (onKey(key, i, open)) return;
        const scope = open[open.length - 1]!;
        scope.seen!.set(key, i);
        scope.current = key;
        keyNext = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      open.push({ seen: new Map() });
      keyNext = true;
    } else if (c === 0x5b /* [ */) {
      open.push({ seen: null });
      keyNext = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      keyNext = false;
    } else if (c === 0x2c /* , */) {
      keyNext = (open[open.length - 1]?.seen ?? null) !== null;
    }
  }
}

/** The first key repeated within one object of valid JSON text, or undefined (see the file comment). */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  let found: DuplicateKey | undefined;
  walkKeys(text, (key, offset, open) => {
    const first = open[open.length - 1]!.seen!.get(key);
    if (first !== undefined) found = { key, offset, firstOffset: first };
    return found !== undefined;
  });
  return found;
}

/**
 * Offset of the opening quote of the key at `keys` (object keys from the top, each container an object)
 * in valid JSON text, or undefined.
 */
export function keyOffset(text: string, keys: readonly string[]): number | undefined {
  let found: number | undefined;
  walkKeys(text, (key, offset, open) => {
    if (open.length !== keys.length || key !== keys[keys.length - 1]) return false;
    for (let d = 0; d < open.length - 1; d++) if (open[d]!.current !== keys[d]) return false;
    found = offset;
    return true;
  });
  return found;
}

/** Offset of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let k = end - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/** 1-based line and column (UTF-16 code units) of an offset. */
export function offsetPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
