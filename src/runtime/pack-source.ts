/**
 * Reads a pack for the gateway: file or pushed text -> parsed document -> Diagnostics -> PackModel.
 *
 * Parsing and validation are the lint code's (src/io/pack-file.ts: size, alias and depth caps,
 * duplicate keys, schema and semantic rules with positions); `basicDiagnostics` adds the checks only
 * the gateway cares about.
 */
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { readFileBounded } from '../io/bounded-read.js';
import { checkPackText } from '../io/pack-file.js';
import { LONE_SURROGATE } from '../io/text-decoding.js';
import { isParseFailure } from '../schema/errors.js';
import { decodeText } from '../schema/parse.js';
import type { Diagnostic, JsonObject, PackModel } from '../core/types.js';
import { canonicalJson } from './event-log.js';

export const MAX_PACK_BYTES = 1024 * 1024;

export interface PackSource {
  /** File path, or `pushed` for a document sent to the reload endpoint. */
  origin: string;
  text: string;
  /** Why the file's bytes are no pack text (UTF-16, a NUL byte, invalid UTF-8), at where: parsePack refuses it. */
  undecodable?: Diagnostic;
}

export type PackRead =
  | { ok: true; model: PackModel; hash: string; warnings: Diagnostic[]; text: string }
  | { ok: false; diagnostics: Diagnostic[] };

const diag = (
  code: string,
  message: string,
  path = '',
  line = 1,
  column = 1,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic => ({
  code,
  severity,
  message,
  path,
  line,
  column,
});

export async function readPackFile(file: string): Promise<PackSource> {
  // Errors are without the path: callers name the file as the operator typed it (fileReadError,
  // Gateway.reload). A FIFO no program writes to and /dev/zero are refused, not read for ever.
  const buf = await readFileBounded(file, MAX_PACK_BYTES);
  // Decoded as `kt policy lint` decodes it: bytes that are not UTF-8 text are refused with their position
  // rather than turned into U+FFFD, which would serve a pack (a name, a pattern) other than the one written.
  try {
    return { origin: file, text: decodeText(buf, file) };
  } catch (e) {
    if (!isParseFailure(e)) throw e;
    return { origin: file, text: '', undecodable: diag(e.code, e.message, '', e.line, e.column) };
  }
}

/**
 * Parses and lints a pack with the same code as `kt policy lint` (src/io -> src/schema): any error
 * refuses the pack; warnings travel with it. `env` is what `secret_key_ref.env` is checked against.
 */
export async function parsePack(source: PackSource, env: NodeJS.ProcessEnv = {}): Promise<PackRead> {
  if (source.undecodable !== undefined) return { ok: false, diagnostics: [source.undecodable] };
  const notText = notPackText(source.text);
  if (notText !== undefined) return { ok: false, diagnostics: [notText] };
  // The code `kt policy lint` gives an oversized file (docs/lint-codes.md), so a client looks up one code.
  const bytes = Buffer.byteLength(source.text);
  if (bytes > MAX_PACK_BYTES)
    return {
      ok: false,
      diagnostics: [diag('input.too_large', `pack is ${bytes} bytes; packs are limited to ${MAX_PACK_BYTES} bytes`)],
    };
  // A legacy pack without `name:` is named after its file; a pushed one has none, so it keeps the fixed
  // fallback `legacy-pack` (docs/gateway.md).
  const checked = await checkPackText(source.text, source.origin, {
    env,
    ...(source.origin === 'pushed' ? {} : { sourceFile: source.origin }),
  });
  if (!checked.ok) return { ok: false, diagnostics: checked.diagnostics };
  const { model } = checked.pack;
  const extra = basicDiagnostics(model);
  if (extra.some((d) => d.severity === 'error'))
    return { ok: false, diagnostics: [...checked.pack.diagnostics, ...extra] };
  const warnings = [...checked.pack.diagnostics, ...extra];
  return { ok: true, model, hash: packHash(model.document), warnings, text: source.text };
}

/**
 * A pushed pack (the reload endpoint's JSON string, whose escapes can spell anything) held to the rule a
 * pack file is held to (schema/parse.ts decodeText): a NUL is binary data, and a lone surrogate is no
 * UTF-8 text at all (written to disk or hashed it would turn into another character).
 */
function notPackText(text: string): Diagnostic | undefined {
  const nul = text.indexOf('\u0000');
  const lone = LONE_SURROGATE.exec(text)?.index ?? -1;
  if (nul === -1 && lone === -1) return undefined;
  const at = nul === -1 ? lone : lone === -1 ? nul : Math.min(nul, lone);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return at === nul
    ? diag('input.binary', 'binary data (a NUL character); a pack must be UTF-8 text', '', line, column)
    : diag('input.encoding', 'a lone UTF-16 surrogate, which is not text; a pack must be UTF-8 text', '', line, column);
}

/** `sha256:<hex>` of the canonical JSON of the document: the same pack always hashes the same. */
export function packHash(document: JsonObject): string {
  return `sha256:${createHash('sha256').update(canonicalJson(document)).digest('hex')}`;
}

/** What the gateway needs to be true of a pack to enforce it. */
export function basicDiagnostics(model: PackModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (model.shape === 'current') {
    const pack = (model.document.pack ?? {}) as JsonObject;
    if (typeof pack.name !== 'string' || pack.name === '')
      out.push(diag('pack.name_missing', 'pack.name is required', 'pack'));
    if (pack.version === undefined) out.push(diag('pack.version_missing', 'pack.version is required', 'pack'));
  }
  const ids = new Set<string>();
  model.providers.forEach((t, i) => {
    if (ids.has(t.id))
      out.push(diag('providers.duplicate_id', `duplicate target id "${t.id}"`, `providers.targets.${i}.id`));
    ids.add(t.id);
    const raw =
      (((model.document.providers as JsonObject | undefined)?.targets as JsonObject[] | undefined) ?? [])[i] ?? {};
    if (typeof raw.api_key === 'string')
      out.push(
        diag(
          'providers.literal_secret',
          `providers.targets[${i}].api_key holds a literal key; use secret_key_ref {env} or {store}`,
          `providers.targets.${i}.api_key`,
        ),
      );
    if (t.tls?.verify === false)
      out.push(
        diag(
          'providers.tls_verify_off',
          `target "${t.id}" turns certificate verification off`,
          `providers.targets.${i}.tls.verify`,
          1,
          1,
          'warning',
        ),
      );
  });
  return out;
}

/**
 * Fills in line/column for diagnostics the gateway raises itself (TLS files, ranges, providers) from
 * their dotted `path`, so every refusal points into the pack like lint findings do.
 */
export function locateDiagnostics(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  if (!diagnostics.some((d) => d.line === 1 && d.column === 1 && d.path !== '')) return diagnostics;
  let doc: ReturnType<typeof parseDocument>;
  const counter = new LineCounter();
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  } catch {
    return diagnostics;
  }
  return diagnostics.map((d) => {
    if (d.line !== 1 || d.column !== 1 || d.path === '') return d;
    const segments = d.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    // The deepest node that exists on the path.
    for (let n = segments.length; n > 0; n--) {
      const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0];
      if (offset !== undefined) {
        const pos = counter.linePos(offset);
        return { ...d, line: pos.line, column: pos.col };
      }
    }
    return d;
  });
}
