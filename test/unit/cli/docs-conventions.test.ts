/**
 * README.md and docs/ restate two tables that kt prints itself: `kt help exit-codes` and
 * `kt help environment`. An operator reads the pages, so a status or a variable that one side has and
 * the other lacks is a wrong page (or an undocumented knob).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
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

/** GitHub's anchor of a heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The anchors of a Markdown page, a repeated heading numbered as GitHub does (`-1`, `-2`). */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of text.matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const base = anchorOf(m[1]!);
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    anchors.add(n === undefined ? base : `${base}-${n + 1}`);
  }
  return anchors;
}

describe('links between the pages', () => {
  const pages = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];

  it('every relative link reaches a file, and its #anchor a heading of that page', () => {
    const broken: string[] = [];
    for (const page of pages) {
      // Fenced code is example output, not links.
      const text = read(page).replace(/^```[\s\S]*?^```/gm, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const [file, anchor] = m[1]!.split('#') as [string, string | undefined];
        if (/^[a-z]+:/i.test(file)) continue;
        const target = file === '' ? page : normalize(join(dirname(page), file));
        if (!existsSync(join(root, target))) broken.push(`${page}: ${m[1]} (no such file)`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor))
          broken.push(`${page}: ${m[1]} (no such heading in ${target})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
