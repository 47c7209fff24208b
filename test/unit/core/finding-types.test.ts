// The catalogue of finding types (src/core/finding-types.ts) against what the core writes: `kt policy test`
// fails a check of a type that is not in it, so a type the core produces and the catalogue lacks would
// fail a correct golden test. Two nets: the literal types in the source, and the types in real decisions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinFindingTypes, findingTypesOf, packFindingTypes } from '../../../src/core/finding-types.js';
import { prepareChain } from '../../../src/core/engine.js';
import { normalizePack } from '../../../src/core/pack/index.js';
import { toPayload } from '../../../src/cli/commands/policy/payload-source.js';
import { casesFromFile, casesFromSuites } from '../../../src/cli/commands/policy/golden.js';
import type { JsonObject, Payload } from '../../../src/core/types.js';

const root = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// Quoted words in the places a finding's type is written: `type: 'x'` (and a union of them), the
// finding helpers called with the type (agent-firewall `toolFinding(t, 'x')`, citation-verifier
// `at(m, 'x', matched)`), a `const type = ... ? 'x' : 'y'`, and the network detector's denial codes
// (gateway-network.ts makes them the type). A new helper of another name is not seen here: the second
// test (real decisions) is the other net.
const PLACES = [
  /\btype: '([a-z][a-z0-9_]*)'/g,
  /\btype: '[a-z_]+'(?: \| '[a-z_]+')+/g,
  /(?:\w+Finding|(?<![.\w])at)\(\s*[\w.]+,\s*'([a-z][a-z0-9_]*)'/g,
  /\bconst type = [^;\n]+/g,
];
// Words those places also match that are not finding types: content-part types in comments
// (payload-text.ts, content-parts.ts), what `const type =` compares with (injection.ts `run.kind === 'hex'`), and a
// `type: 'string'` of a config description (pack/legacy.ts is not scanned, but keep it out anyway).
const NOT_TYPES = new Set(['tool_use', 'tool_result', 'thinking', 'content', 'text', 'hex', 'base64', 'string']);

describe('the finding-type catalogue', () => {
  it('has every type src/core/policies and src/core/detectors write as a literal', () => {
    const missing = new Map<string, string>();
    const files = [
      ...sources(join(root, 'src', 'core', 'policies')),
      ...sources(join(root, 'src', 'core', 'detectors')),
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const words: string[] = [];
      for (const place of PLACES)
        for (const m of text.matchAll(place))
          words.push(...[...m[0].matchAll(/'([a-z][a-z0-9_]*)'/g)].map((w) => w[1]!));
      if (file.endsWith('network.ts')) for (const m of text.matchAll(/\bcode: '([a-z_]+)'/g)) words.push(m[1]!);
      for (const w of words)
        if (!NOT_TYPES.has(w) && !builtinFindingTypes().has(w)) missing.set(w, file.slice(root.length + 1));
    }
    // A literal the scan meets that is not a type (an argument of another helper) goes in NOT_TYPES.
    expect(Object.fromEntries(missing)).toEqual({});
  });

  it('holds every type of the decisions of the templates and fixtures golden cases, run exhaustively', () => {
    const packs: Array<[string, string]> = [
      ...readdirSync(join(root, 'templates')).map((t): [string, string] => [
        join(root, 'templates', t, 'policy-config.yaml'),
        join(root, 'templates', t, 'tests'),
      ]),
      [
        join(root, 'examples', 'zero-trust-gateway.yaml'),
        join(root, 'test', 'fixtures', 'cases', 'zero-trust', 'tests'),
      ],
      [
        join(root, 'examples', 'legacy-dlp-and-injection.yaml'),
        join(root, 'test', 'fixtures', 'cases', 'legacy', 'tests'),
      ],
    ];
    const seen = new Set<string>();
    for (const [packFile, testsDir] of packs) {
      const model = normalizePack(parse(readFileSync(packFile, 'utf8')) as JsonObject);
      const known = findingTypesOf(model);
      const chain = prepareChain(model);
      const cases = readdirSync(testsDir)
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => {
          const read = casesFromFile(JSON.parse(readFileSync(join(testsDir, f), 'utf8')), f);
          return Array.isArray(read) ? read : [];
        });
      const inline = casesFromSuites(model.testing, packFile);
      for (const c of [...cases, ...(Array.isArray(inline) ? inline : [])]) {
        const decision = chain.evaluate(toPayload(c.input) as Payload, {
          now: Date.UTC(2025, 3, 1),
          mode: 'exhaustive',
          failMode: 'block',
          phases: 'all',
          simulateNetwork: true,
        });
        for (const step of decision.steps)
          for (const f of step.findings) {
            seen.add(f.type);
            expect(known.has(f.type), `${f.type} (${step.kind}, ${c.name}, ${packFile.slice(root.length + 1)})`).toBe(
              true,
            );
          }
      }
    }
    // The net caught something: PII, secrets or patterns, injection and tool findings among them.
    expect(seen.size).toBeGreaterThan(8);
  });

  it('adds the names a pack gives: DLP pattern names, embedding labels, and the names made up for unnamed ones', () => {
    const model = normalizePack({
      pack: { name: 't', version: '1.0.0', enabled: true },
      policies: { chain: ['dlp-filter', 'embedding-detector'] },
      policy: {
        'dlp-filter': { patterns: [{ name: 'build_ids', regex: 'B-[0-9]+' }, { regex: 'X-[0-9]+' }] },
        'embedding-detector': {
          categories: [{ label: 'competitor_talk', reference_text: 'a' }, { reference_text: 'b' }],
        },
      },
    } as unknown as JsonObject);
    const names = packFindingTypes(model);
    for (const t of ['build_ids', 'patterns[1]', 'competitor_talk', 'category_1']) expect(names.has(t), t).toBe(true);
    expect(builtinFindingTypes().has('email')).toBe(true);
    expect(builtinFindingTypes().has('build_ids')).toBe(false);
  });
});
