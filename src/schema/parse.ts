/**
 * Parsing of untrusted pack documents (YAML or JSON; JSON is read as YAML 1.2, its superset) with
 * source positions, and the caps that keep hostile input from hanging or crashing kt (DESIGN.md §7):
 * size (checked by the reader before this), bytes (NUL bytes, invalid UTF-8, UTF-16), nesting depth,
 * alias expansion (billion laughs) and duplicate keys. Failures throw `ParseFailure`: one located line.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { JsonObject } from '../core/types.js';
import { ParseFailure } from './errors.js';
import { maskSecrets } from './rules/secrets.js';

export interface ParseLimits {
  /** Deepest allowed nesting of collections. */
  maxDepth: number;
  /** Largest alias expansion `yaml` will perform (its `maxAliasCount`). */
  maxAliasCount: number;
}

export const defaultParseLimits: ParseLimits = { maxDepth: 64, maxAliasCount: 100 };

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedDocument {
  file: string;
  text: string;
  value: JsonObject;
  /**
   * 1-based position of the node at a JSON-pointer path (segments): its key for `key`, else its value.
   * Falls back to the deepest node that exists, then to 1:1.
   */
  locate(segments: readonly string[], at?: 'key' | 'value'): SourcePosition;
  /** The text of a 1-based line (without the newline), for excerpts. */
  lineText(line: number): string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes file bytes as UTF-8, rejecting binary data, UTF-16 and invalid sequences with their position. */
export function decodeText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ParseFailure('input.encoding', 'file is UTF-16; save it as UTF-8', { file });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ParseFailure('input.binary', `binary data (NUL byte at offset ${nul}); a pack must be UTF-8 text`, { file, ...byteLine(bytes, nul) });
  }
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new ParseFailure('input.encoding', `invalid UTF-8 at byte offset ${offset}; a pack must be UTF-8 text`, { file, ...byteLine(bytes, offset) });
  }
}

function byteLine(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    try {
      decoder.decode(bytes.subarray(i, i + need + 1));
    } catch {
      return i; // overlong or surrogate encodings
    }
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Nesting depth, checked before parsing: the YAML parser recurses per level, runs out of memory on
 * `[[[[...` a hundred thousand deep and out of stack on a thousand indented levels, so such input must
 * be refused before it reaches the parser. Block nesting is counted with an indentation stack (plus
 * compact `- - -` entries), flow nesting by brackets; brackets inside quoted scalars, comments and block
 * scalars (`|`, `>`) are text. Returns the offset where the limit is passed.
 */
function flowDepthExceeded(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let quote: string | null = null;
  let blockIndent = -1; // indentation of the line that opened a block scalar, -1 when not in one
  const indents: number[] = []; // indentation of the enclosing block levels
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const trimmed = line.trimStart();
    if (quote === null && depth === 0 && trimmed !== '' && !trimmed.startsWith('#')) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      const compact = /^(?:[-?]\s+)*/.exec(trimmed)![0].replace(/\s+/g, '').length;
      if (indents.length + compact > maxDepth) return start + indent;
    }
    let content = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quote !== null) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = null;
        continue;
      }
      if (ch === '"' || ch === "'") {
        // A quote only opens a quoted scalar at the start of a token; in `don't` it is a literal.
        const prev = line[i - 1];
        if (prev === undefined || ' \t[{,:-?'.includes(prev)) quote = ch;
      } else if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      else if (ch === '[' || ch === '{') {
        if (++depth + indents.length > maxDepth) return start + i;
      } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
      content += ch;
    }
    if (quote === null && depth === 0 && /(?:^|[\s:-])[|>][0-9+-]*\s*$/.test(content)) blockIndent = indent;
  }
  return undefined;
}

/** Depth of a plain value, iteratively (no recursion a document could exhaust). */
function valueDepthExceeded(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > maxDepth) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/** Parses document text into a plain object with a locator; throws ParseFailure on any hostile or broken input. */
export function parsePackText(text: string, file: string, limits: ParseLimits = defaultParseLimits): ParsedDocument {
  const lineCounter = new LineCounter();
  const position = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const tooDeepAt = flowDepthExceeded(text, limits.maxDepth);
  if (tooDeepAt !== undefined) {
    const pos = offsetPosition(text, tooDeepAt);
    throw new ParseFailure('input.too_deep', `nesting deeper than ${limits.maxDepth} levels`, { file, ...pos });
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2' });
  } catch (error) {
    if (error instanceof RangeError) throw new ParseFailure('input.too_deep', `nesting too deep to parse`, { file });
    throw error;
  }
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = position(first.pos[0]);
    if (/call stack/i.test(first.message)) throw new ParseFailure('input.too_deep', 'nesting too deep to parse', { file, ...at });
    const code = first.code === 'DUPLICATE_KEY' ? 'input.duplicate_key' : 'input.yaml_syntax';
    const message = first.code === 'DUPLICATE_KEY' ? `duplicate key ${duplicateKeyName(doc, first.pos[0]) ?? ''}`.trim() : firstLine(first.message);
    throw new ParseFailure(code, message, { file, ...at });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new ParseFailure('input.alias_limit', `aliases expand beyond the limit (${limits.maxAliasCount}); refusing a possible billion-laughs document`, { file });
    }
    if (error instanceof RangeError) throw new ParseFailure('input.too_deep', 'nesting too deep to read', { file });
    throw error;
  }
  if (value === null || value === undefined) throw new ParseFailure('input.empty', 'empty document; expected a policy pack', { file, line: 1, column: 1 });
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ParseFailure('input.not_a_pack', `expected a mapping at the top level, found ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`, { file, line: 1, column: 1 });
  }
  if (valueDepthExceeded(value, limits.maxDepth)) throw new ParseFailure('input.too_deep', `nesting deeper than ${limits.maxDepth} levels`, { file });
  const lines = text.split(/\r?\n/);
  return {
    file,
    text,
    value: value as JsonObject,
    locate: (segments, at = 'value') => {
      const node = findNode(doc, segments, at);
      return node === undefined ? { line: 1, column: 1 } : position(node);
    },
    lineText: (line) => lines[line - 1] ?? '',
  };
}

function offsetPosition(text: string, offset: number): SourcePosition {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const firstLine = (message: string): string => message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');

function duplicateKeyName(doc: Document.Parsed, offset: number): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = `'${maskSecrets(String(pair.key.value))}'`;
        visit(pair.value);
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(doc.contents);
  return found;
}

/** Source offset of the node at a pointer path; the deepest existing ancestor when the path ends early. */
function findNode(doc: Document.Parsed, segments: readonly string[], at: 'key' | 'value'): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (pair === undefined) return offset;
      const keyOffset = (pair.key as YamlNode).range?.[0];
      const valueNode = pair.value as YamlNode | null;
      if (last && at === 'key') return keyOffset ?? offset;
      offset = valueNode?.range?.[0] ?? keyOffset ?? offset;
      node = valueNode;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as YamlNode | undefined;
      if (item === undefined) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else return offset;
  }
  return offset;
}
