import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const root = join(import.meta.dirname, '..', '..', '..');
const load = (name: string) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
const decision = ajv.compile(load('decision.schema.json'));
const testReport = ajv.compile(load('policy-test-report.schema.json'));
const goldenFile = ajv.compile(load('golden-test.schema.json'));
const seed = join(root, 'examples', 'zero-trust-gateway.yaml');

describe('published JSON shapes', () => {
  it('every golden decision matches schemas/decision.schema.json', async () => {
    const dir = join(root, 'test', 'fixtures', 'cases', 'zero-trust', 'tests');
    const lines = readdirSync(dir).map((f) => JSON.stringify(JSON.parse(readFileSync(join(dir, f), 'utf8')).input));
    const r = await runKt(['policy', 'eval', '--file', seed, '--format', 'ndjson', '--all'], {
      stdin: `${lines.join('\n')}\n`,
    });
    const decisions = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(decisions).toHaveLength(lines.length);
    for (const d of decisions) expect(decision(d) ? [] : decision.errors).toEqual([]);
  });

  it('every shipped golden file (fixtures and templates) matches schemas/golden-test.schema.json', () => {
    const dirs = [
      join(root, 'test', 'fixtures', 'cases', 'zero-trust', 'tests'),
      join(root, 'test', 'fixtures', 'cases', 'legacy', 'tests'),
      ...readdirSync(join(root, 'templates')).map((t) => join(root, 'templates', t, 'tests')),
    ];
    let files = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir)) {
        const value = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        expect(goldenFile(value) ? [] : [f, goldenFile.errors]).toEqual([]);
        files++;
      }
    }
    expect(files).toBeGreaterThan(30);
    expect(goldenFile({ input: {}, expected: {} })).toBe(false);
  });

  it('the kt policy test report matches schemas/policy-test-report.schema.json', async () => {
    const r = await runKt([
      'policy',
      'test',
      '--pack-dir',
      join(root, 'test', 'fixtures', 'cases', 'zero-trust'),
      '--file',
      seed,
      '--json',
    ]);
    const report = JSON.parse(r.stdout);
    expect(testReport(report) ? [] : testReport.errors).toEqual([]);
  });
});
