/**
 * Typed access to the ajv validators compiled at build time (scripts/compile-schemas.mjs writes
 * src/schema/generated/). Nothing here compiles a schema at run time.
 */
import type { PackShape } from '../core/types.js';
import { allowedKeysJson } from './generated/allowed-keys.js';
import { validateCurrent, validateLegacy, validateLintReport, validateSinglePolicy } from './generated/validators.js';

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

const byShape: Record<PackShape, CompiledValidator> = {
  current: validateCurrent,
  'single-policy': validateSinglePolicy,
  'legacy-list': validateLegacy,
};

/** Validates a document against the schema of its shape; returns ajv's errors (empty when valid). */
export function schemaErrors(shape: PackShape, document: unknown): SchemaError[] {
  const validate = byShape[shape];
  return validate(document) ? [] : [...(validate.errors ?? [])];
}

/** Validates a `kt policy lint --format json` report against schemas/lint-report.schema.json. */
export function lintReportErrors(report: unknown): SchemaError[] {
  return validateLintReport(report) ? [] : [...(validateLintReport.errors ?? [])];
}

/** Shape or kind -> instance-path pattern -> allowed keys; parsed when an unknown key is first reported. */
let allowedKeys: Record<string, Record<string, string[]>> | undefined;

/**
 * Keys the schema allows at an object location. `table` is the shape (`current`, `legacy-list`) or
 * `single-policy:<kind>`; `segments` is the JSON-pointer path of the object. Undefined when unknown.
 */
export function allowedKeysAt(table: string, segments: readonly string[]): readonly string[] | undefined {
  allowedKeys ??= JSON.parse(allowedKeysJson) as Record<string, Record<string, string[]>>;
  const patterns = allowedKeys[table];
  if (patterns === undefined) return undefined;
  for (const [pattern, keys] of Object.entries(patterns)) {
    const parts =
      pattern === ''
        ? []
        : pattern
            .slice(1)
            .split('/')
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parts.length === segments.length && parts.every((p, i) => p === '*' || p === segments[i])) return keys;
  }
  return undefined;
}
