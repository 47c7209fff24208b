/**
 * Reads a pack for the gateway: file or pushed text -> parsed document -> Diagnostics -> PackModel.
 *
 * Parsing is hardened for untrusted YAML (size cap, alias cap, duplicate keys rejected, positions on
 * every error). Full schema validation belongs to the lint code (src/schema); until it is wired in,
 * `basicDiagnostics` checks what the gateway itself depends on, so it never starts on a pack it
 * cannot enforce.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { normalizePack } from '../core/pack/index.js';
import type { Diagnostic, JsonObject, PackModel } from '../core/types.js';
import { canonicalJson } from './event-log.js';

export const MAX_PACK_BYTES = 1024 * 1024;

export interface PackSource {
  /** File path, or `pushed` for a document sent to the reload endpoint. */
  origin: string;
  text: string;
}

export type PackRead =
  | { ok: true; model: PackModel; hash: string; warnings: Diagnostic[]; text: string }
  | { ok: false; diagnostics: Diagnostic[] };

const diag = (code: string, message: string, path = '', line = 1, column = 1, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  code, severity, message, path, line, column,
});

export async function readPackFile(file: string): Promise<PackSource> {
  const buf = await readFile(file);
  if (buf.length > MAX_PACK_BYTES) throw new Error(`${file} is larger than ${MAX_PACK_BYTES} bytes`);
  return { origin: file, text: buf.toString('utf8') };
}

/** Position (1-based) of a dotted path in the parsed YAML, when it can be found. */
function positionOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: Array<string | number>): { line: number; column: number } {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, column: 1 };
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function parsePack(source: PackSource): PackRead {
  if (Buffer.byteLength(source.text) > MAX_PACK_BYTES) return { ok: false, diagnostics: [diag('pack.too_large', `pack is larger than ${MAX_PACK_BYTES} bytes`)] };
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => {
        const pos = counter.linePos(e.pos[0]);
        return diag(`yaml.${e.code.toLowerCase()}`, e.message.split('\n')[0]!, '', pos.line, pos.col);
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, diagnostics: [diag('yaml.alias_expansion', (e as Error).message.split('\n')[0]!)] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, diagnostics: [diag('pack.not_a_mapping', 'a pack must be a YAML mapping')] };
  }
  const document = value as JsonObject;
  const model = normalizePack(document);
  const diagnostics = basicDiagnostics(model).map((d) => ({ ...d, ...positionOf(doc, counter, d.path.split('.').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s))) }));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics };
  return { ok: true, model, hash: packHash(document), warnings: diagnostics, text: source.text };
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
    if (typeof pack.name !== 'string' || pack.name === '') out.push(diag('pack.name_missing', 'pack.name is required', 'pack'));
    if (pack.version === undefined) out.push(diag('pack.version_missing', 'pack.version is required', 'pack'));
  }
  const ids = new Set<string>();
  model.providers.forEach((t, i) => {
    if (ids.has(t.id)) out.push(diag('providers.duplicate_id', `duplicate target id "${t.id}"`, `providers.targets.${i}.id`));
    ids.add(t.id);
    const raw = (((model.document.providers as JsonObject | undefined)?.targets as JsonObject[] | undefined) ?? [])[i] ?? {};
    if (typeof raw.api_key === 'string') out.push(diag('providers.literal_secret', `providers.targets[${i}].api_key holds a literal key; use secret_key_ref {env} or {store}`, `providers.targets.${i}.api_key`));
    if (t.tls?.verify === false) out.push(diag('providers.tls_verify_off', `target "${t.id}" turns certificate verification off`, `providers.targets.${i}.tls.verify`, 1, 1, 'warning'));
  });
  return out;
}
