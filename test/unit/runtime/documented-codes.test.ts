/**
 * The gateway's answers and event reasons are looked up by operators in docs/http-api.md and
 * docs/gateway.md: a code the gateway uses that those pages do not name cannot be looked up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import type { PackModel, Payload } from '../../../src/core/types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** `upstream.a|b|c` (the pages' shorthand for several codes of one family) as `upstream.a`, `upstream.b`, ... */
function namedCodes(text: string): Set<string> {
  const codes = new Set<string>();
  for (const m of text.matchAll(/`([a-z_]+)\.([a-z_|]+)`/g))
    for (const tail of m[2]!.split('|')) codes.add(`${m[1]}.${tail}`);
  return codes;
}

describe('documented gateway codes', () => {
  it('docs/gateway.md names every upstream.* reason an event of the gateway can carry', () => {
    const sources = readdirSync(join(root, 'src/runtime'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(join('src/runtime', f)))
      .join('\n');
    const recorded = new Set([...sources.matchAll(/'(upstream\.[a-z_]+)'/g)].map((m) => m[1]!));
    expect(recorded).toContain('upstream.no_provider');
    const doc = read('docs/gateway.md');
    const section = doc.slice(doc.indexOf('## Event log'), doc.indexOf('Crash recovery'));
    const named = namedCodes(section);
    expect([...recorded].filter((c) => !named.has(c))).toEqual([]);
  });

  it("docs/http-api.md's error table lists the 422 the gateway answers for a body past the engine's bounds", () => {
    const model: PackModel = {
      shape: 'current',
      pack: { name: 't', version: '1.0.0', enabled: true },
      chain: [],
      providers: [],
      gateway: {},
      testing: {},
      document: {},
    };
    const values = new Array<number>(1_000_001).fill(0);
    const decision = prepareChain(model).evaluate({ messages: [], metadata: { values } } as unknown as Payload, {
      now: 0,
    });
    expect(decision.http).toMatchObject({ status: 422, error: { type: 'validation_error' } });
    const row = read('docs/http-api.md')
      .split('\n')
      .find((l) => l.startsWith('| 422 |'));
    expect(row).toContain(`\`${decision.http.error!.code}\``);
  });
});
