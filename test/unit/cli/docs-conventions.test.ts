/**
 * README.md and docs/ restate two tables that kt prints itself: `kt help exit-codes` and
 * `kt help environment`. An operator reads the pages, so a status or a variable that one side has and
 * the other lacks is a wrong page (or an undocumented knob).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentTable } from '../../../src/cli/environment.js';
import { exitCodeTable } from '../../../src/cli/exit-codes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The operator pages: README and docs/, less the detector pages (method and generated figures). */
const operatorPages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== 'detectors.md' && f !== 'quality.md')
    .map((f) => `docs/${f}`),
];

/** Variables of the development scripts (tests, fuzzing, quality), not of kt. */
const developmentVariables = new Set(['KT_FC_SEED', 'KT_KEEP_TEST_TMP', 'KT_QUALITY_DATA', 'KT_FIT_WRITE']);

describe('README and docs against kt help', () => {
  it("README's exit-code line lists the statuses of `kt help exit-codes`, in order", () => {
    const readme = read('README.md');
    const start = readme.indexOf('- Exit codes (`kt help exit-codes`');
    expect(start).toBeGreaterThan(-1);
    const bullet = readme.slice(start, readme.indexOf('\n- ', start + 1));
    const listed = [...bullet.slice(bullet.indexOf('):')).matchAll(/(?:[:;]\s+)(\d+) [a-z]/g)].map((m) => Number(m[1]));
    expect(listed).toEqual(exitCodeTable.map((row) => row.code));
  });

  it('every KT_/KEEPTRUSTS_ variable the pages name is one `kt help environment` lists, and the reverse', () => {
    const listed = new Set(environmentTable.flatMap((row) => row.name.split(', ')));
    const named = new Map<string, string>();
    for (const page of operatorPages)
      for (const m of read(page).matchAll(/\b(?:KT|KEEPTRUSTS)_[A-Z_]+[A-Z]\b/g))
        if (!developmentVariables.has(m[0]) && !named.has(m[0])) named.set(m[0], page);
    expect([...named].filter(([name]) => !listed.has(name))).toEqual([]);
    const ours = [...listed].filter((name) => /^(?:KT|KEEPTRUSTS)_/.test(name));
    expect(ours.filter((name) => !named.has(name))).toEqual([]);
  });
});
