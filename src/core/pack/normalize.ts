/**
 * Shape detection and normalisation of a parsed pack document into the one `PackModel`
 * (DESIGN.md §3.1). Pure and total on any JSON object: validation (src/schema) reports what is wrong;
 * this module reads what is there, with documented defaults, so the engine never sees a second shape.
 */
import type { ChainEntry, JsonObject, JsonValue, PackModel, PackShape, ProviderTarget } from '../types.js';
import { asObject, isObject, omit, pointerSegment } from './json.js';
import { legacyFilterKinds } from './kinds.js';
import { legacyItemMetaKeys, mapLegacyItem } from './legacy.js';
import { isPackName, UNNAMED_LEGACY_PACK } from './pack-name.js';
import { canonicalConfig } from './spellings.js';

/** Keys of a single-policy document that are not part of the policy's own config. */
const singlePolicyReserved = ['policy', 'providers', 'testing', '$schema'];

/** The lists a legacy document may keep its items in. */
export const legacyListKeys = ['policies', 'input_policies', 'output_policies'] as const;

export interface NormalizeOptions {
  /**
   * The name of a legacy-list pack without a `name:` key. Core reads no files: the caller that knows the
   * file passes its base name (src/io/pack-file.ts packNameOfFile, shared with `kt policy migrate`).
   */
  legacyName?: string;
}

/**
 * Which shape a document has: a `policies` list (or `input_policies`/`output_policies`) means the
 * legacy list shape; a top-level `policy` whose `name` is a string (and no `pack`) means a
 * single-policy document; everything else is read as the current shape.
 */
export function detectShape(doc: JsonObject): PackShape {
  if (legacyListKeys.some((key) => Array.isArray(doc[key]))) return 'legacy-list';
  if (doc.pack === undefined && isObject(doc.policy) && typeof doc.policy.name === 'string') return 'single-policy';
  return 'current';
}

/**
 * Normalises a parsed document of any accepted shape into a PackModel. Config blocks are rewritten to
 * their canonical spellings (spellings.ts). Defaults: `pack.enabled` true; a missing `policy.<kind>`
 * block is `{}`; a legacy pack is named by its `name` key, else `options.legacyName` (the caller that
 * read the file passes its base name, the name `kt policy migrate` gives it), else UNNAMED_LEGACY_PACK
 * (text with no file: a pack pushed to the reload endpoint, stdin).
 */
export function normalizePack(doc: JsonObject, options: NormalizeOptions = {}): PackModel {
  const shape = detectShape(doc);
  if (shape === 'legacy-list') return normalizeLegacy(doc, options.legacyName ?? UNNAMED_LEGACY_PACK);
  if (shape === 'single-policy') return normalizeSingle(doc);
  return normalizeCurrent(doc);
}

const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function packMeta(meta: JsonObject, fallbackName: string): PackModel['pack'] {
  const pack: PackModel['pack'] = {
    name: text(meta.name) ?? fallbackName,
    version: text(meta.version) ?? '0.0.0',
    enabled: meta.enabled !== false,
  };
  const id = text(meta.id);
  const author = text(meta.author);
  const description = text(meta.description);
  if (id !== undefined) pack.id = id;
  if (author !== undefined) pack.author = author;
  if (description !== undefined) pack.description = description;
  return pack;
}

function normalizeCurrent(doc: JsonObject): PackModel {
  const blocks = asObject(doc.policy);
  const chainList = asObject(doc.policies).chain;
  const chain: ChainEntry[] = [];
  if (Array.isArray(chainList)) {
    for (const item of chainList) {
      if (typeof item !== 'string') continue;
      chain.push({
        name: item,
        kind: item,
        config: canonicalConfig(item, Object.hasOwn(blocks, item) ? asObject(blocks[item]) : {}),
        pointer: `/policy/${pointerSegment(item)}`,
      });
    }
  }
  return {
    shape: 'current',
    pack: packMeta(asObject(doc.pack), 'unnamed-pack'),
    chain,
    providers: normalizeProviders(doc.providers),
    gateway: asObject(doc.gateway),
    testing: asObject(doc.testing),
    document: doc,
  };
}

function normalizeSingle(doc: JsonObject): PackModel {
  const meta = asObject(doc.policy);
  const kind = text(meta.name) ?? '';
  return {
    shape: 'single-policy',
    pack: packMeta(meta, kind),
    chain: [{ name: kind, kind, config: canonicalConfig(kind, omit(doc, singlePolicyReserved)), pointer: '' }],
    providers: normalizeProviders(doc.providers),
    gateway: {},
    testing: asObject(doc.testing),
    document: doc,
  };
}

function normalizeLegacy(doc: JsonObject, fallbackName: string): PackModel {
  const chain: ChainEntry[] = [];
  for (const key of legacyListKeys) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isObject(entry)) return;
      const name = text(entry.name) ?? `${key}[${index}]`;
      const pointer = `/${key}/${index}`;
      const off = entry.enabled === false ? { disabled: true as const } : {};
      const mapped = mapLegacyItem(entry);
      if (mapped.kind !== null && mapped.losses.length === 0) {
        chain.push({ name, kind: mapped.kind, config: canonicalConfig(mapped.kind, mapped.config), pointer, ...off });
        return;
      }
      const type = text(entry.type) ?? '';
      // Generic filters that do not map cleanly are evaluated as their legacy kind, whole item as config.
      if (legacyFilterKinds.includes(type)) chain.push({ name, kind: type, config: entry, pointer, ...off });
      else chain.push({ name, kind: type, config: omit(entry, legacyItemMetaKeys), pointer, ...off });
    });
  }
  return {
    shape: 'legacy-list',
    // Version 0.0.0 unless the document gives one: the legacy shape has no version, and 0.0.0 is what any
    // pack without one reads (packMeta), so events and reloads show an unversioned pack as such. Migration
    // writes 1.0.0 instead, because the current shape requires a SemVer version and that is its first.
    // A `name:` that is no pack name (a number, blank, several lines) is replaced as migrate replaces it.
    pack: packMeta(
      {
        name: typeof doc.name === 'string' && isPackName(doc.name) ? doc.name : fallbackName,
        version: doc.version ?? '0.0.0',
        enabled: doc.enabled ?? true,
      },
      fallbackName,
    ),
    chain,
    providers: normalizeProviders(doc.providers),
    gateway: asObject(doc.gateway),
    testing: asObject(doc.testing),
    document: doc,
  };
}

const targetKnownKeys = ['id', 'provider', 'model', 'base_url', 'secret_key_ref', 'tls'];

/**
 * Provider targets. The seed's object spelling `provider: {base_url, secret_key_ref}` is flattened
 * into the target; its provider name is `provider.name` when given, else `openai` (an OpenAI-compatible
 * upstream, which is what a bare base URL plus key means in the seed).
 */
export function normalizeProviders(providers: JsonValue | undefined): ProviderTarget[] {
  const targets = asObject(providers).targets;
  if (!Array.isArray(targets)) return [];
  const out: ProviderTarget[] = [];
  targets.forEach((entry, index) => {
    if (!isObject(entry)) return;
    let flat: JsonObject = entry;
    if (isObject(entry.provider)) {
      const inner = entry.provider;
      flat = { ...omit(inner, ['name']), ...omit(entry, ['provider']), provider: text(inner.name) ?? 'openai' };
    }
    const target: ProviderTarget = {
      id: text(flat.id) ?? `target-${index}`,
      provider: text(flat.provider) ?? 'openai',
      extra: omit(flat, targetKnownKeys),
    };
    const model = text(flat.model);
    const baseUrl = text(flat.base_url);
    if (model !== undefined) target.model = model;
    if (baseUrl !== undefined) target.base_url = baseUrl;
    if (isObject(flat.secret_key_ref)) {
      const ref: NonNullable<ProviderTarget['secret_key_ref']> = {};
      const env = text(flat.secret_key_ref.env);
      const store = text(flat.secret_key_ref.store);
      if (env !== undefined) ref.env = env;
      if (store !== undefined) ref.store = store;
      target.secret_key_ref = ref;
    }
    if (isObject(flat.tls)) {
      const tls: NonNullable<ProviderTarget['tls']> = {};
      if (typeof flat.tls.verify === 'boolean') tls.verify = flat.tls.verify;
      const ca = text(flat.tls.ca_file);
      if (ca !== undefined) tls.ca_file = ca;
      target.tls = tls;
    }
    out.push(target);
  });
  return out;
}
