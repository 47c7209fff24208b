/**
 * Parsing of untrusted pack documents (YAML or JSON; JSON is read as YAML 1.2, its superset) with
 * source positions, and the caps that keep hostile input from hanging or crashing kt (DESIGN.md §7):
 * size (checked by the reader before this), bytes (NUL bytes, invalid UTF-8, UTF-16), nesting depth,
 * alias expansion (billion laughs) and duplicate keys. Failures throw `ParseFailure`: one located line.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { JsonObject } from '../core/types.js';
import { ParseFailure } from './errors.js';
import { isEnvReference, maskSecrets, secretFieldNames, secretShapeIn, secretShapeSpans } from './rules/secrets.js';

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
  /**
   * The text for source excerpts: every literal secret (E010's values, and any key or value shaped like
   * a provider key) replaced by asterisks of the same length, so columns still match `text`.
   */
  excerptText: string;
  /** The line of `excerptText` at a 1-based number (without the newline). */
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
    throw new ParseFailure('input.binary', `binary data (NUL byte at offset ${nul}); a pack must be UTF-8 text`, {
      file,
      ...byteLine(bytes, nul),
    });
  }
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new ParseFailure('input.encoding', `invalid UTF-8 at byte offset ${offset}; a pack must be UTF-8 text`, {
      file,
      ...byteLine(bytes, offset),
    });
  }
}

const lenientDecoder = new TextDecoder('utf-8');

/**
 * Line and column of a byte offset. The column counts UTF-16 code units like every other position kt
 * reports (not bytes: `é` is one column, not two); the bytes before the offset on its line are decoded
 * leniently (an earlier bad byte counts one), and a byte-order mark, stripped from the text, counts none.
 */
function byteLine(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: lenientDecoder.decode(bytes.subarray(start, offset)).length + 1 };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (also used by src/io/text-decoding.ts). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
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
      // Compact nesting (`- - - x`): the first indicator is the collection at this indent, each one after
      // it opens a level; located at the indicator past the limit.
      const indicators = [.../^(?:[-?]\s+)*/.exec(trimmed)![0].matchAll(/[-?]/g)];
      if (indents.length + Math.max(0, indicators.length - 1) > maxDepth) {
        const past = indicators[maxDepth - indents.length + 1];
        return start + indent + (past?.index ?? 0);
      }
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
    // resolveKnownTags off: `!!binary`, `!!set`, `!!omap`, `!!timestamp` would otherwise turn into a
    // Buffer, Set, Map or Date, none of which a pack can hold; they are refused below with other tags.
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: false,
      strict: true,
      version: '1.2',
      resolveKnownTags: false,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new ParseFailure('input.too_deep', `nesting too deep to parse`, { file });
    throw error;
  }
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = position(first.pos[0]);
    if (/call stack/i.test(first.message))
      throw new ParseFailure('input.too_deep', 'nesting too deep to parse', { file, ...at });
    // yaml's own text for this ("please use YAML.parseAllDocuments()") speaks to a programmer, not an operator.
    if (first.code === 'MULTIPLE_DOCS') {
      const marker = text.startsWith('---', first.pos[0]) ? ' (---)' : '';
      throw new ParseFailure(
        'input.yaml_syntax',
        `a pack file holds one YAML document; this one has another starting here${marker}`,
        { file, ...at },
      );
    }
    // yaml finds an unclosed `[` or `{` where the text goes on without it (the next line); the author needs
    // the bracket that was opened.
    const opened = /end with an? ([\]}])/.test(first.message) ? unclosedFlowStart(doc, text, first.pos[0]) : undefined;
    if (opened !== undefined) {
      const [open, close] = text[opened] === '[' ? ['[', ']'] : ['{', '}'];
      throw new ParseFailure('input.yaml_syntax', `this ${open} is never closed with ${close}`, {
        file,
        ...position(opened),
      });
    }
    throw new ParseFailure('input.yaml_syntax', firstLine(first.message), { file, ...at });
  }
  // A tag YAML 1.2's core schema cannot resolve (`!!js/function`, a local `!custom`, `!!binary`, ...)
  // would silently leave its text as a string: a value the author meant as something else. A pack is
  // plain data, so such a tag is refused where it is written.
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag !== undefined) {
    const name = /Unresolved tag: (.*)$/.exec(firstLine(tag.message))?.[1] ?? 'unknown';
    throw new ParseFailure(
      'input.yaml_tag',
      `YAML tag ${shortName(name.replace(/^tag:yaml\.org,2002:/, '!!'))} is not supported: a pack holds plain data (strings, numbers, booleans, null, lists, mappings); remove the tag`,
      { file, ...position(tag.pos[0]) },
    );
  }
  const at = (node: YamlNode | undefined): Partial<SourcePosition> => {
    const offset = node?.range?.[0];
    return offset === undefined ? {} : position(offset);
  };
  const anchored = anchorSources(doc);
  const unresolved = anchored.unresolved[0];
  if (unresolved !== undefined) {
    throw new ParseFailure(
      'input.yaml_syntax',
      `alias *${shortName(unresolved.source)} has no anchor &${shortName(unresolved.source)} before it`,
      { file, ...at(unresolved) },
    );
  }
  const collectionKey = firstCollectionKey(doc, anchored.sources);
  if (collectionKey !== undefined) {
    throw new ParseFailure(
      'input.yaml_syntax',
      `a mapping key must be text or a number, not a ${isMap(collectionKey.value) ? 'mapping' : 'list'}: a pack holds plain data`,
      { file, ...at(collectionKey.node) },
    );
  }
  const duplicate = duplicateKey(doc, anchored.sources);
  if (duplicate !== undefined) {
    const how = duplicate.viaAlias ? ' (through an alias)' : '';
    // Where the first one is, as a JSON payload's duplicate says it: the two may be screens apart.
    const first = at(duplicate.first);
    const where = first.line === undefined ? '' : ` (first at line ${first.line}, column ${first.column})`;
    throw new ParseFailure(
      'input.duplicate_key',
      `duplicate key '${shortName(duplicate.key)}'${how}${where}; a repeated key would silently override the first`,
      { file, ...at(duplicate.node) },
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError) {
      const culprit = aliasLimitHit(doc, anchored.sources, limits.maxAliasCount) ?? anchored.aliases[0];
      throw new ParseFailure(
        'input.alias_limit',
        `aliases expand beyond the limit (${limits.maxAliasCount}); refusing a possible billion-laughs document`,
        { file, ...at(culprit) },
      );
    }
    if (error instanceof RangeError) throw new ParseFailure('input.too_deep', 'nesting too deep to read', { file });
    throw error;
  }
  if (value === null || value === undefined)
    throw new ParseFailure('input.empty', 'empty document; expected a policy pack', { file, line: 1, column: 1 });
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ParseFailure(
      'input.not_a_pack',
      `expected a mapping at the top level, found ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`,
      { file, line: 1, column: 1 },
    );
  }
  // Aliases can nest a document deeper than its text (or into itself): checked on the expanded tree,
  // and reported at the alias through which the limit was passed.
  const tooDeep = nodeDepthExceeded(doc, anchored.sources, limits.maxDepth);
  if (tooDeep !== undefined)
    throw new ParseFailure('input.too_deep', `nesting deeper than ${limits.maxDepth} levels`, { file, ...at(tooDeep) });
  if (valueDepthExceeded(value, limits.maxDepth))
    throw new ParseFailure('input.too_deep', `nesting deeper than ${limits.maxDepth} levels`, { file });
  versionsAsWritten(doc, value as JsonObject, text);
  const excerptText = maskSecretSources(doc, text);
  const lines = excerptText.split(/\r?\n/);
  return {
    file,
    text,
    excerptText,
    value: value as JsonObject,
    locate: (segments, at = 'value') => {
      const node = findNode(doc, segments, at);
      return node === undefined ? { line: 1, column: 1 } : position(node);
    },
    lineText: (line) => lines[line - 1] ?? '',
  };
}

/** Where each pack shape keeps its version: `pack.version`, a single-policy `policy.version`, legacy `version`. */
const versionPaths = [['pack', 'version'], ['policy', 'version'], ['version']] as const;

/**
 * A version is text, but YAML reads an unquoted `version: 1.10` as the number 1.1 (and `1.0` as 1):
 * the SemVer check (W001), its hint and the pack model would all see a version the user did not write.
 * A version written as a number is therefore read as its source text (`1.10`, `010`).
 */
function versionsAsWritten(doc: Document.Parsed, value: JsonObject, text: string): void {
  for (const path of versionPaths) {
    const node = doc.getIn(path, true);
    if (!isScalar(node) || typeof node.value !== 'number' || node.range === undefined || node.range === null) continue;
    const parent = path.length === 1 ? value : value[path[0]];
    if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) continue;
    const source = text.slice(node.range[0], node.range[1]).trim();
    // Only a plain number as written (not `!!int "12"` or a quoted JSON value): the text is the version.
    if (/^[0-9][0-9._a-zA-Z+-]*$/.test(source)) (parent as JsonObject)[path[path.length - 1]!] = source;
  }
}

/**
 * `text` with the source of every literal secret masked, found on the syntax tree rather than by
 * matching lines: a value in a flow mapping (`{api_key: x, id: a}`), a JSON pack (`"api_key": "x"`), a
 * block scalar spanning lines or a quoted key are all masked. The same rules as E010 (rules/secrets.ts)
 * decide what a secret is; the masks keep line breaks and lengths, so every position stays valid.
 */
function maskSecretSources(doc: Document.Parsed, text: string): string {
  const spans: Array<[number, number]> = [];
  const mark = (node: unknown) => {
    const range = isScalar(node) ? node.range : undefined;
    if (range) spans.push([range[0], range[1]]);
  };
  // Just the key in a longer value (`base_url: https://host/v1?token=ghp_...`) when the source shows it;
  // the whole scalar when only its decoded value does (escapes, folded lines).
  const markShapes = (scalar: YamlNode) => {
    const range = scalar.range;
    if (!range) return;
    const found = secretShapeSpans(text.slice(range[0], range[1]));
    if (found.length === 0) mark(scalar);
    for (const [start, end] of found) spans.push([range[0] + start, range[0] + end]);
  };
  visit(doc, {
    Pair: (_key, pair) => {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof key === 'string' && secretFieldNames.includes(key)) {
        if (typeof value === 'string' ? value.trim() !== '' && !isEnvReference(value) : typeof value === 'number')
          mark(pair.value);
      }
    },
    Scalar: (_key, scalar) => {
      if (typeof scalar.value === 'string' && secretShapeIn(scalar.value) !== undefined) markShapes(scalar);
    },
  });
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const [start, end] of spans)
    for (let i = start; i < end && i < chars.length; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = '*';
  return chars.join('');
}

/** Anchor names and keys in messages: masked (a key may be a secret) and cut to a readable length. */
/** A key or name for a message: secrets masked, at most 40 characters (also src/io/json-strict.ts). */
export const shortName = (name: string): string => {
  const masked = maskSecrets(name);
  return masked.length > 40 ? `${masked.slice(0, 40)}...` : masked;
};

interface AnchorIndex {
  /** The node each alias refers to: the last node with that anchor before the alias (YAML 1.2). */
  sources: Map<Alias, YamlNode>;
  /** Every alias, in document order. */
  aliases: Alias[];
  /** Aliases with no anchor of that name before them. */
  unresolved: Alias[];
}

function anchorSources(doc: Document.Parsed): AnchorIndex {
  const latest = new Map<string, YamlNode>();
  const index: AnchorIndex = { sources: new Map(), aliases: [], unresolved: [] };
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        index.aliases.push(node);
        const source = latest.get(node.source);
        if (source === undefined) index.unresolved.push(node);
        else index.sources.set(node, source);
      } else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return index;
}

/**
 * The alias at which `yaml`'s alias-expansion limit is passed, found by replaying its count (yaml
 * Alias.resolve: each anchor counts its uses times the largest expansion inside it) in document order,
 * the order in which toJS resolves aliases.
 */
function aliasLimitHit(doc: Document.Parsed, sources: Map<Alias, YamlNode>, maxAliasCount: number): Alias | undefined {
  const data = new Map<YamlNode, { count: number; aliasCount: number }>();
  const expansion = (root: YamlNode): number => {
    // getAliasCount, iteratively: an alias weighs its anchor's uses x expansion, a scalar 1, a collection its heaviest item.
    // (The maximum over nested collections is the maximum over their leaves; an empty one adds nothing.)
    let heaviest = 0;
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (isAlias(node)) {
        const source = sources.get(node);
        const d = source === undefined ? undefined : data.get(source);
        heaviest = Math.max(heaviest, d === undefined ? 0 : d.count * d.aliasCount);
      } else if (isCollection(node)) {
        for (const item of node.items as unknown[]) {
          if (isPair(item)) stack.push(item.key, item.value);
          else stack.push(item);
        }
      } else heaviest = Math.max(heaviest, 1); // a scalar, or a missing key/value (null)
    }
    return heaviest;
  };
  let hit: Alias | undefined;
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const source = sources.get(node);
        if (source === undefined) return undefined;
        let d = data.get(source);
        if (d === undefined) data.set(source, (d = { count: 1, aliasCount: 0 }));
        d.count += 1;
        if (d.aliasCount === 0) d.aliasCount = expansion(source);
        if (d.count * d.aliasCount > maxAliasCount) {
          hit = node;
          return visit.BREAK;
        }
      } else if (node.anchor && !data.has(node)) data.set(node, { count: 1, aliasCount: 0 });
      return undefined;
    },
  });
  return hit;
}

/**
 * The node where the expanded document passes `maxDepth` (counted like `valueDepthExceeded`): the
 * last alias followed on the way there, else the collection itself. Aliases are followed, so nesting
 * built from anchors and a self-referencing anchor are caught too. Linear in the document: the height
 * of every node (collections nested at and below it) is computed once, iteratively, and shared by all
 * aliases of it; then the path to the deepest point is followed from the top.
 */
function nodeDepthExceeded(
  doc: Document.Parsed,
  sources: Map<Alias, YamlNode>,
  maxDepth: number,
): YamlNode | undefined {
  const childrenOf = (node: unknown): unknown[] => {
    if (isAlias(node)) {
      const source = sources.get(node);
      return source === undefined ? [] : [source];
    }
    return isCollection(node) ? (node.items as unknown[]).map((item) => (isPair(item) ? item.value : item)) : [];
  };
  const height = new Map<unknown, number>();
  const onPath = new Set<unknown>();
  const heightOf = (node: unknown) => (onPath.has(node) ? Infinity : (height.get(node) ?? 0)); // on the path: a cycle
  const root = doc.contents;
  const stack: Array<{ node: unknown; children: unknown[]; next: number }> = [
    { node: root, children: childrenOf(root), next: 0 },
  ];
  onPath.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if ((isAlias(child) || isCollection(child)) && !height.has(child) && !onPath.has(child)) {
        onPath.add(child);
        stack.push({ node: child, children: childrenOf(child), next: 0 });
      }
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    let deepest = 0;
    for (const child of top.children) deepest = Math.max(deepest, heightOf(child));
    height.set(top.node, (isCollection(top.node) ? 1 : 0) + deepest);
  }
  if ((height.get(root) ?? 0) <= maxDepth) return undefined;
  let node: unknown = root;
  let depth = 0;
  let via: Alias | undefined;
  for (;;) {
    if (isAlias(node)) via = node;
    else if (isCollection(node) && ++depth > maxDepth) return via ?? node;
    const children = childrenOf(node);
    if (children.length === 0) return via ?? (node as YamlNode);
    // Into the deepest child (a cycle counts as endless depth).
    node = children.reduce((a, b) => ((height.get(b) ?? 0) > (height.get(a) ?? 0) ? b : a));
  }
}

/**
 * The first key, in document order, that repeats an earlier key of the same mapping: keys compared by
 * their scalar value (as YAML's own check does, so `1` and `"1"` differ) after resolving a key written
 * as an alias. Linear: `yaml`'s `uniqueKeys` compares each key with every earlier one, which took
 * 13 s on a 400 KB mapping of 30,000 keys, so it is off and this runs instead.
 */
/**
 * The first mapping key that is a list or a mapping (`? [a, b]: 1`), written or through an alias. A pack's
 * keys are names: yaml would turn such a key into its flow text (`[ a, b ]`), warning on stderr in words
 * meant for a programmer, and two such keys with the same text would override each other unseen.
 */
function firstCollectionKey(
  doc: Document.Parsed,
  sources: Map<Alias, YamlNode>,
): { node: YamlNode; value: YamlNode } | undefined {
  let found: { node: YamlNode; value: YamlNode } | undefined;
  visit(doc, {
    Pair: (_key, pair) => {
      const keyNode = isAlias(pair.key) ? sources.get(pair.key) : pair.key;
      if (!isCollection(keyNode)) return undefined;
      found = { node: pair.key as YamlNode, value: keyNode };
      return visit.BREAK;
    },
  });
  return found;
}

function duplicateKey(
  doc: Document.Parsed,
  sources: Map<Alias, YamlNode>,
): { key: string; node: YamlNode; first: YamlNode; viaAlias: boolean } | undefined {
  let found: { key: string; node: YamlNode; first: YamlNode; viaAlias: boolean } | undefined;
  const offset = (node: YamlNode) => node.range?.[0] ?? Infinity;
  visit(doc, {
    Map: (_key, map) => {
      const seen = new Map<string, YamlNode>();
      for (const pair of map.items) {
        const keyNode = isAlias(pair.key) ? sources.get(pair.key) : pair.key;
        if (!isScalar(keyNode)) continue;
        // Keys are compared as the object key they become (yaml's toJS: null is '', anything else
        // String(value)): `1` and `"1"`, `true` and `"true"`, `null` and `""` are one key in the pack.
        const id = keyNode.value === null || keyNode.value === undefined ? '' : String(keyNode.value);
        const first = seen.get(id);
        if (first !== undefined) {
          const node = pair.key as YamlNode;
          if (found === undefined || offset(node) < offset(found.node))
            found = { key: String(keyNode.value), node, first, viaAlias: isAlias(pair.key) };
          break;
        }
        seen.set(id, pair.key as YamlNode);
      }
      return undefined;
    },
  });
  return found;
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

/** Source offset of the node at a pointer path; the deepest existing ancestor when the path ends early. */
/**
 * 1-based position of the node at `segments` (keys and list indexes) in any YAML or JSON text, found as
 * ParsedDocument.locate finds it: for the errors of a document read without positions (a golden test
 * file, which may be a list). Falls back to the deepest node that exists, then to 1:1.
 */
export function locateInText(text: string, segments: readonly string[], at: 'key' | 'value' = 'value'): SourcePosition {
  const lineCounter = new LineCounter();
  const offset = findNode(parseDocument(text, { lineCounter, uniqueKeys: false }), segments, at);
  if (offset === undefined) return { line: 1, column: 1 };
  const p = lineCounter.linePos(offset);
  return { line: p.line, column: p.col };
}

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

/**
 * The offset of the last flow collection (`[...]`, `{...}`) that starts before `before` and does not end with
 * its closing bracket, or undefined.
 */
function unclosedFlowStart(doc: Document.Parsed, text: string, before: number): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Collection(_key, node) {
      const range = node.range;
      if (!node.flow || range === undefined || range === null || range[0] >= before) return;
      const open = text[range[0]];
      const close = open === '[' ? ']' : open === '{' ? '}' : undefined;
      if (close !== undefined && text.slice(range[0], range[1]).trimEnd().at(-1) !== close) found = range[0];
    },
  });
  return found;
}
