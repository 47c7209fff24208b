/**
 * Response validation against schemas/openapi.json (the contract the gateway publishes). The component
 * schemas are compiled to standalone validators at build time and load lazily, on the first call that
 * needs them. Event pages are large: every event gets the shallow check of validate.ts and the
 * first event of each page the full schema, which catches a wrong server without costing the export
 * its throughput.
 */
import { KtError } from '../errors.js';

type Check = (body: unknown) => void;

const compiled = new Map<string, Check>();

type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
let validatorsPromise: Promise<Record<string, CompiledValidator | undefined>> | undefined;

/** The component validators, compiled from schemas/openapi.json at build time (scripts/compile-schemas.mjs). */
function validators(): Promise<Record<string, CompiledValidator | undefined>> {
  validatorsPromise ??= import('../schema/generated/openapi-validators.js') as Promise<
    Record<string, CompiledValidator | undefined>
  >;
  return validatorsPromise;
}

interface AjvError {
  instancePath?: string;
  message?: string;
}

/** Returns a checker for `#/components/schemas/<name>` that throws an Error naming the JSON path. */
export async function schemaCheck(name: string): Promise<Check> {
  const cached = compiled.get(name);
  if (cached) return cached;
  const validate = (await validators())[name];
  if (!validate) throw new KtError('internal.schema_missing', `schemas/openapi.json has no component ${name}`);
  const check: Check = (body) => {
    if (validate(body)) return;
    const first = (validate.errors ?? [])[0];
    throw new Error(
      `${first?.instancePath ? `$${first.instancePath.replace(/\//g, '.')}` : '$'} ${first?.message ?? 'does not match'} (schema ${name})`,
    );
  };
  compiled.set(name, check);
  return check;
}
