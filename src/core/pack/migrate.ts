/**
 * Rewrites a legacy list-shape document into the current shape (`kt policy migrate`). Pure: the CLI
 * parses, writes and prints. Items map through legacy.ts; items of the same kind merge into one
 * `policy.<kind>` block (the current shape has one block per kind); what cannot be carried over is
 * returned as notes, never dropped silently.
 */
import type { JsonObject, JsonValue } from '../types.js';
import { asObject, isObject } from './json.js';
import { mapLegacyItem } from './legacy.js';
import { legacyListKeys } from './normalize.js';
import { UNNAMED_LEGACY_PACK } from './pack-name.js';
import { canonicalConfig } from './spellings.js';
import { SAFETY_NAMED_THRESHOLDS } from '../detectors/safety-names.js';

export interface MigrateOptions {
  /** Pack name; defaults to the document's `name` or UNNAMED_LEGACY_PACK. */
  name?: string;
  /** Pack version (SemVer); defaults to `1.0.0`. */
  version?: string;
}

export interface MigrateResult {
  /** The current-shape document. */
  document: JsonObject;
  /** One line per thing that could not be mapped exactly, naming the legacy item. */
  notes: string[];
  /** How many legacy items were carried over (fully or in part). */
  mapped: number;
  /**
   * Labels of the legacy items that were NOT carried over at all (no current kind does what they do, or
   * not a mapping): the migrated pack enforces less than the legacy one. Each also has a note.
   */
  dropped: string[];
  /**
   * Where in the legacy document the items that are not in the output sit (`policies[3]`, `includes`):
   * dropped, or left out as disabled. Lint errors there are accounted for by the notes; any other error
   * of the legacy document would be carried into the output (the CLI refuses such a document).
   */
  omitted: string[];
}

const severity: Record<string, number> = { allow: 0, log: 0, flag: 1, redact: 1, escalate: 2, block: 3 };

/** Score thresholds: a finding at or above one acts, so the lower one catches more. */
const thresholdKeys = ['threshold', 'embedding_threshold'];

/** A threshold as a number (safety's named levels as the classifier reads them), or null. */
function thresholdValue(v: JsonValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return SAFETY_NAMED_THRESHOLDS[v.toLowerCase()] ?? null;
  return null;
}

/** Migrates a legacy list-shape document. Throws nothing; a document without items yields an empty chain. */
export function migrateLegacy(doc: JsonObject, options: MigrateOptions = {}): MigrateResult {
  const notes: string[] = [];
  const blocks = new Map<string, JsonObject>();
  const owners = new Map<string, string>();
  const dropped: string[] = [];
  const omitted: string[] = [];
  let mapped = 0;
  for (const key of legacyListKeys) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const label = isObject(entry) && typeof entry.name === 'string' ? `'${entry.name}'` : `${key}[${index}]`;
      if (!isObject(entry)) {
        notes.push(`${label}: not a mapping; skipped`);
        dropped.push(label);
        omitted.push(`${key}[${index}]`);
        return;
      }
      if (entry.enabled === false) {
        // Left out, not dropped: the legacy pack never evaluated it, so the migrated one enforces the same.
        notes.push(`${label}: enabled: false; left out (a current-shape kind is on when it is in policies.chain)`);
        omitted.push(`${key}[${index}]`);
        return;
      }
      const result = mapLegacyItem(entry);
      if (result.kind === null) {
        notes.push(`${label} (${String(entry.type)}): not migrated: ${result.losses.join('; ')}`);
        dropped.push(label);
        omitted.push(`${key}[${index}]`);
        return;
      }
      mapped++;
      for (const loss of result.losses) notes.push(`${label} -> ${result.kind}: ${loss}`);
      const config = canonicalConfig(result.kind, result.config);
      const existing = blocks.get(result.kind);
      if (existing === undefined) {
        blocks.set(result.kind, config);
        owners.set(result.kind, label);
      } else {
        const conflicts: string[] = [];
        const merged = mergeBlocks(existing, config, '', conflicts);
        blocks.set(result.kind, merged);
        notes.push(`${label} merged into ${result.kind} (from ${owners.get(result.kind)})`);
        for (const c of conflicts) notes.push(`${label} -> ${result.kind}: ${c}`);
        // One block has one marker per type: an item's matches may now be written with the other's.
        for (const [who, block] of [
          [owners.get(result.kind)!, existing],
          [label, config],
        ] as const) {
          const changes = markerChanges(block, merged);
          if (changes.length > 0)
            notes.push(`${who} -> ${result.kind}: one marker per type in the merged block: ${changes.join('; ')}`);
        }
      }
    });
  }
  const document: JsonObject = {
    pack: {
      name: options.name ?? (typeof doc.name === 'string' ? doc.name : UNNAMED_LEGACY_PACK),
      version: options.version ?? '1.0.0',
      enabled: true,
    },
    policies: { chain: [...blocks.keys()] },
    policy: Object.fromEntries(blocks),
  };
  for (const key of ['providers', 'gateway', 'testing']) {
    if (doc[key] !== undefined) document[key] = doc[key] as JsonValue;
  }
  // Fragments kt never loads (lint E004): their items are not in the output, which enforces less.
  if (Array.isArray(doc.includes) && doc.includes.length > 0) {
    const files = doc.includes.map((f) => JSON.stringify(f)).join(', ');
    notes.push(`includes ${files}: not migrated: kt does not load fragments; copy their items into the pack`);
    dropped.push('includes');
    omitted.push('includes');
  }
  return { document, notes, mapped, dropped, omitted };
}

/** The marker a block writes for a type: its custom marker, its `*` marker, or undefined (the default). */
function markerOf(block: JsonObject, type: string): JsonValue | undefined {
  const custom = asObject(asObject(block.redaction).custom_markers);
  return custom[type] ?? custom['*'];
}

/** The types of a pii-detector block whose marker the merged block changes, as "email: X -> Y". */
function markerChanges(block: JsonObject, merged: JsonObject): string[] {
  const types = Array.isArray(block.categories) ? block.categories.filter((t) => typeof t === 'string') : [];
  if (Array.isArray(block.detect_patterns) && block.detect_patterns.length > 0) types.push('custom_pattern');
  const show = (m: JsonValue | undefined) => (m === undefined ? 'the default marker' : JSON.stringify(m));
  return types
    .filter((t) => JSON.stringify(markerOf(block, t)) !== JSON.stringify(markerOf(merged, t)))
    .map((t) => `${t} written as ${show(markerOf(merged, t))}, not ${show(markerOf(block, t))}`);
}

/**
 * Merges two blocks of one kind: lists concatenate without duplicates, objects merge recursively, and
 * for scalars the first wins except actions, where the stricter verdict wins (block > escalate > redact), and
 * score thresholds, where the lower (stricter) one wins.
 */
function mergeBlocks(a: JsonObject, b: JsonObject, path: string, conflicts: string[]): JsonObject {
  const out: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const here = path === '' ? key : `${path}.${key}`;
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev) && Array.isArray(value)) {
      const seen = new Set(prev.map((v) => JSON.stringify(v)));
      out[key] = [...prev, ...value.filter((v) => !seen.has(JSON.stringify(v)))];
    } else if (isObject(prev) && isObject(value)) out[key] = mergeBlocks(prev, asObject(value), here, conflicts);
    else if (JSON.stringify(prev) !== JSON.stringify(value)) {
      if (key === 'action' && typeof prev === 'string' && typeof value === 'string') {
        const keep = (severity[value] ?? 0) > (severity[prev] ?? 0) ? value : prev;
        out[key] = keep;
        conflicts.push(`${here}: '${prev}' and '${value}' combined as '${keep}'`);
      } else if (thresholdKeys.includes(key) && thresholdValue(prev) !== null && thresholdValue(value) !== null) {
        // Keeping the first one used to let the other item's findings through at a higher bar than it set.
        const keep = thresholdValue(value)! < thresholdValue(prev)! ? value : prev;
        out[key] = keep;
        conflicts.push(
          `${here}: ${JSON.stringify(prev)} and ${JSON.stringify(value)} combined as ${JSON.stringify(keep)} (the stricter)`,
        );
      } else conflicts.push(`${here}: kept ${JSON.stringify(prev)}, dropped ${JSON.stringify(value)}`);
    }
  }
  return out;
}
