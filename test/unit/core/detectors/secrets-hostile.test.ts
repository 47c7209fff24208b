import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextMatch } from '../../../../src/core/detectors/match.js';
import { prepareSecretScanner } from '../../../../src/core/detectors/secrets.js';
import { scanAssignments } from '../../../../src/core/detectors/secrets-assignments.js';
import { newWork } from '../../../../src/core/detectors/secrets-index.js';
import * as ref from '../../../helpers/secrets-reference.js';

/**
 * The assignment sites of texts dense with key words: the indexed checks against the reference (each site
 * checking its value from scratch, as before), and what they cost, counted.
 */

const scanner = prepareSecretScanner();
const reference = ref.prepareReferenceSecretScanner();

/** Our findings, each site taking the way the scan picks (auto) or the index (true). */
function assignments(text: string, indexed?: boolean): TextMatch[] {
  const out: TextMatch[] = [];
  scanAssignments(text, out, undefined, indexed);
  return out;
}

function referenceAssignments(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  ref.scanAssignments(text, out);
  return out;
}

/** Deterministic pseudo-random characters (fixed seeds: the texts are the same on every run). */
function random(seed: number): (alphabet: string, n: number) => string {
  let x = seed >>> 0;
  return (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      s += alphabet[(x >>> 16) % alphabet.length];
    }
    return s;
  };
}
const A62 = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Hostile shapes: one string repeated, or a unit with random parts repeated (seeded). */
const REPEATED = [
  'token=',
  'secret=',
  'password=',
  'pass=',
  'pwd=',
  'pw=',
  'auth=',
  'key=',
  'crumb=',
  'pat=',
  'credential=',
  'api_key: ',
  'api_key=',
  'apiKey: ',
  'token: ',
  'password: ',
  'token = ',
  'token:=',
  'token=>',
  'token==',
  'token!=',
  'TOKEN=',
  'DB_PASSWORD=',
  'export API_TOKEN=',
  'SECRET_KEY=',
  'token=x',
  'token=Zq8vR2mX7pL4nK9w',
  'password=hunter2',
  'token=a1',
  'secret=A',
  'password=x ',
  'pat=wxyz',
  '"token": "',
  '"token":"',
  "'token': '",
  '{"api_key":"',
  '"token": "Zq8vR2mX7pL4nK9w", ',
  'token="',
  "token='",
  'token=`',
  'token=\\"',
  'x=\\"pw=\\"',
  '"{\\"token\\":\\"',
  '?token=',
  '&token=',
  '?token=x&',
  'a?token=',
  'token=;',
  'token=;token=',
  'password=a;',
  'password=x&y=',
  'Pwd=x;',
  'glpat-',
  'patpat',
  'token ',
  'token\n',
  'password: x\n',
  'password=!',
  'token=$',
  'token=0x',
  'token=//',
  'token=\\',
  'password=(',
  'password=[',
  'pw=![pw=[]',
  'pw=a)',
  'token=\u00a0',
  'token=😀',
  'token=é',
  'pw=user=anonymous ',
  'user=x pw=Ab3dEf9x ',
  'pw=Ab3dEf9x ',
  'token=${X}',
  'token=a:b:',
  'key="password" value="',
  // credentials named in a sentence, and what only looks like one
  'the api key is ',
  'token is token is ',
  'secret was now: ',
  'key is Zq8vR2mX7pL4nK9w. ',
  'api_token is',
];
const GENERATED: Array<[string, (r: ReturnType<typeof random>) => string]> = [
  ['token=+random5', (r) => `token=${r(A62, 5)}`],
  ['pw=+random8+space', (r) => `pw=${r(A62, 8)} `],
  ['pat=+4 digits', (r) => `pat=${r('0123456789', 4)}`],
  ['token=+random4+-key-', (r) => `token=${r(A62, 4)}-key-`],
  ['token=+random4+$a', (r) => `token=${r(A62, 4)}$a`],
  ['token=+random3+:', (r) => `token=${r(A62, 3)}:`],
  ['pw=+random3+${', (r) => `pw=${r(A62, 3)}\${`],
  ['the api key is +random16', (r) => `the api key is ${r(A62, 16)}. `],
  ['access_token was +random14', (r) => `access_token was ${r(A62, 14)}`],
  [
    'mixed keys',
    (r) =>
      `${r('tspak', 1) === 't' ? 'token' : 'pw'}${['=', ': ', '="', "='", ':=', '=>'][r('012345', 1).charCodeAt(0) - 48]}${r(A62, 2)}`,
  ],
];

/** The shape repeated to `length` characters. */
function shape(unit: string | ((r: ReturnType<typeof random>) => string), length: number, seed = 7): string {
  const r = random(seed);
  let t = '';
  while (t.length < length) t += typeof unit === 'string' ? unit : unit(r);
  return t.slice(0, length);
}

const SHAPES: Array<[string, string | ((r: ReturnType<typeof random>) => string)]> = [
  ...REPEATED.map((s) => [JSON.stringify(s), s] as [string, string]),
  ...GENERATED,
];

describe('hostile texts: the same findings as each site checked from scratch', () => {
  it.each(SHAPES)('%s repeated to 24 KB', (_name, unit) => {
    const text = shape(unit, 24 * 1024);
    const want = referenceAssignments(text);
    expect(assignments(text)).toEqual(want);
    expect(assignments(text, true)).toEqual(want);
    expect(scanner.scan(text)).toEqual(reference.scan(text));
  });

  it('two shapes spliced, each cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.nat(SHAPES.length - 1),
        fc.nat(SHAPES.length - 1),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        (i, j, m, k) => {
          const text = shape(SHAPES[i]![1], m, i + 1) + shape(SHAPES[j]![1], k, j + 2);
          const want = referenceAssignments(text);
          expect(assignments(text)).toEqual(want);
          expect(assignments(text, true)).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const DATA = process.env.KT_QUALITY_DATA ?? '/work/shared/data';
const ROWS = join(DATA, 'secrets-noseyparker', 'examples.json');

describe('the secrets corpus: the same findings as each site checked from scratch', () => {
  it.skipIf(!existsSync(ROWS))('every example and negative example of the Nosey Parker rules (KT_QUALITY_DATA)', () => {
    const rules = JSON.parse(readFileSync(ROWS, 'utf8')) as Array<{
      examples?: string[];
      negative_examples?: string[];
    }>;
    const texts = rules.flatMap((r) => [...(r.examples ?? []), ...(r.negative_examples ?? [])]);
    expect(texts.length).toBeGreaterThan(500);
    for (const text of texts) {
      const want = referenceAssignments(text);
      expect(assignments(text), text).toEqual(want);
      expect(assignments(text, true), text).toEqual(want);
      expect(scanner.scan(text), text).toEqual(reference.scan(text));
    }
  });
});

describe('what a hostile megabyte costs, counted (not timed)', () => {
  // Characters examined: offsets filled in the index, characters read one by one, characters moved through
  // an entropy window. Checking each site's value from scratch examined each value whole at every site
  // (~256 characters per site, `token=` repeated: ~40 per character of the text).
  it.each(SHAPES)('%s: fewer than 6 characters examined per character of text', (_name, unit) => {
    const text = shape(unit, 1 << 18);
    const work = newWork();
    scanAssignments(text, [], work);
    const examined = work.filled + work.read + work.moved;
    expect(examined / text.length).toBeLessThan(6);
  });
});
