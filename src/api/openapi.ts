/**
 * Response validation against schemas/openapi.json (the contract the gateway publishes). ajv and the
 * OpenAPI document load lazily, on the first call that needs them, and each component schema compiles
 * once per process. Event pages are large: every event gets the shallow check of validate.ts and the
 * first event of each page the full schema, which catches a wrong server without costing the export
 * its throughput.
 */
import { KtError } from '../errors.js';

type Check = (body: unknown) => void;

let ajvPromise: Promise<{ getSchema(ref: string): (((data: unknown) => boolean) & { errors?: unknown }) | undefined }> | undefined;
const compiled = new Map<string, Check>();

async function ajv() {
  ajvPromise ??= (async () => {
    const [ajvModule, { default: openapi }] = await Promise.all([
      import('ajv/dist/2020.js'),
      import('../../schemas/openapi.json', { with: { type: 'json' } }),
    ]);
    // Formats (date-time) are informative only: a timestamp with microseconds must not fail a page.
    // The CommonJS export appears as `default` (bundled) or `default.default` (Node's ESM interop).
    const exported = ajvModule.default as unknown as { default?: unknown };
    const Ajv2020 = (exported.default ?? exported) as new (options: object) => { addSchema(schema: object): unknown };
    const instance = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
    instance.addSchema({ ...(openapi as object), $id: 'openapi.json' });
    return instance as unknown as { getSchema(ref: string): ((data: unknown) => boolean) & { errors?: unknown } };
  })();
  return ajvPromise;
}

interface AjvError {
  instancePath?: string;
  message?: string;
}

/** Returns a checker for `#/components/schemas/<name>` that throws an Error naming the JSON path. */
export async function schemaCheck(name: string): Promise<Check> {
  const cached = compiled.get(name);
  if (cached) return cached;
  const instance = await ajv();
  const validate = instance.getSchema(`openapi.json#/components/schemas/${name}`);
  if (!validate) throw new KtError('internal.schema_missing', `schemas/openapi.json has no component ${name}`);
  const check: Check = (body) => {
    if (validate(body)) return;
    const first = ((validate as { errors?: AjvError[] }).errors ?? [])[0];
    throw new Error(`${first?.instancePath ? `$${first.instancePath.replace(/\//g, '.')}` : '$'} ${first?.message ?? 'does not match'} (schema ${name})`);
  };
  compiled.set(name, check);
  return check;
}
