import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveOverlaps, type TextMatch } from '../../../../src/core/detectors/match.js';
import { preparePiiDetector } from '../../../../src/core/detectors/pii.js';
import { numericCanReach, numericRegions } from '../../../../src/core/detectors/pii-numeric-runs.js';
import { resolvePiiOverlaps } from '../../../../src/core/detectors/pii-overlaps.js';
import {
  possibleRivals,
  RIVAL_BIT,
  RIVAL_MARGIN,
  RIVAL_POSSIBLE,
  windowsAround,
} from '../../../../src/core/detectors/pii-rivals.js';
import { clauseBefore } from '../../../../src/core/detectors/pii-context.js';
import { GERMANIC, germanicMatches } from '../../../../src/core/detectors/pii-address.js';
import { scanPhones } from '../../../../src/core/detectors/pii-phone.js';
import {
  type RegionRecognizer,
  scanCards,
  scanIbans,
  scanIps,
  scanSsns,
} from '../../../../src/core/detectors/pii-recognizers.js';
import { emailCanReach, GLUE_TLDS, scanEmails } from '../../../../src/core/detectors/pii-email.js';
import {
  scanDatesOfBirth,
  scanDriversLicenses,
  scanInsuranceIds,
  scanMrns,
  scanNpis,
  WINDOW_ANCHORS,
  WINDOWED_CONTEXTS,
} from '../../../../src/core/detectors/pii-context-bound.js';

// Texts dense in the shapes the fast paths reason about: digit groups, '+', parentheses, the separators
// the phone reader accepts, context words, and letters glued to digits.
const PIECES = [
  '+1 415-555-0132',
  '(415) 555-0132',
  '415.555.0132',
  '+44 20 7946 0958',
  '+4 4 2 0 7 9 4 6 0 9',
  '0044 20 7946 0958',
  '01 23 45 67 89',
  '030/1234567',
  '98765 43210',
  '(11) 91234-5678',
  '+44 (0)20 7946 0958',
  '001-415-555-0132',
  '123-45-6789',
  '123 45 6789',
  '123456789',
  '4111 1111 1111 1111',
  '4111111111111111',
  '3782 822463 10005',
  '1234567893',
  '1985-03-04',
  '04/03/1985',
  '4 March 1985',
  'March 4, 1985',
  '1-2-3',
  'x1234',
  'ext. 12',
  'MRN',
  'NPI',
  'born',
  'ssn',
  'card',
  'call',
  'order',
  'id',
  'member id',
  '1EG4-TE5-MK73',
  'AB1234567',
  '+',
  '(',
  ')',
  '.',
  '-',
  '/',
  ' ',
  '\u00a0',
  '0',
  '7',
  '12',
  '00',
  'a',
  'Z',
  '$',
  '#',
  '_',
  ';',
  '\n',
  'é',
  // Dotted and line-wrapped cards, an IBAN in lower case, a line break after a blank.
  '4111.1111.1111.1111',
  '4111 1111\n1111 1111',
  '4111-\r\n1111',
  // Runs whose first seed is near their end (see SEED_REACH).
  '1 2 3 4 5 67 89',
  '0 1 2345678',
  'gb82 west 1234 5698 7654 32',
  ' \r\n',
  '41111111\n11111111',
];
const text = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{1,12}$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function gated(recognize: RegionRecognizer, minDigits: number, minMarks: number, t: string): TextMatch[] {
  const out: TextMatch[] = [];
  const regions = numericRegions(t, 8, 9);
  // null: a short text dense in seeds, scanned whole (the recognizer's own path).
  if (regions === null) recognize(t, out);
  else
    for (let r = 0; r < regions.length; r += 4)
      if (regions[r + 2]! >= minDigits && regions[r + 3]! >= minMarks) recognize(t, out, regions[r], regions[r + 1]);
  return out;
}

function whole(recognize: (t: string, out: TextMatch[]) => void, t: string): TextMatch[] {
  const out: TextMatch[] = [];
  recognize(t, out);
  return out;
}

/** Whether a match covers or touches [from, to). */
const reaches = (m: TextMatch, from: number, to: number): boolean => m.start <= to && from <= m.end;

describe('which values can reach a span (folded windows of long texts are scanned only where one can)', () => {
  const span = (t: string, a: number, b: number): [number, number] => {
    const from = t.length === 0 ? 0 : a % (t.length + 1);
    return [from, Math.min(t.length, from + (b % 4))];
  };
  it("a span inside a phone's extension reaches the phone, whose span takes it", () => {
    const t = 'call +1 415-555-0132 ext. 12, thanks';
    expect(whole(scanPhones, t).map((m) => t.slice(m.start, m.end))).toEqual(['+1 415-555-0132 ext. 12']);
    for (const w of ['ext', 'xt.', '12']) expect(numericCanReach(t, t.indexOf(w), t.indexOf(w) + 1, 8), w).toBe(true);
    expect(numericCanReach(t, 0, 3, 8)).toBe(false);
  });

  it('a phone, SSN or card reaches a span only when numericCanReach says it can', () => {
    let reached = 0;
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const [from, to] = span(t, a, b);
        const found = [...whole(scanPhones, t), ...whole(scanSsns, t), ...whole(scanCards, t)];
        if (found.some((m) => reaches(m, from, to))) {
          reached++;
          expect(numericCanReach(t, from, to, 8)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(reached).toBeGreaterThan(100);
    // A dash range beside small numbers, and a card beside a dash.
    const t = 'pages 22\u201350 of 4111 1111 1111 1111\u2013 x';
    const dash = t.indexOf('\u2013');
    expect(numericCanReach(t, dash, dash + 1, 8)).toBe(false);
    const second = t.lastIndexOf('\u2013');
    expect(numericCanReach(t, second, second + 1, 8)).toBe(true);
  });

  it('an email reaches a span only when emailCanReach says it can', () => {
    const piece = fc.constantFrom(
      'jane@example.com',
      'j.doe+tag@mail.example.org',
      'jane%40example.com',
      '?email=a%40b.co',
      'm\u00fcller@beispiel.de',
      'https://user:pw@host.example.com/x',
      'git@github.com:acme/repo.git',
      'ssh ubuntu@ec2.example.com',
      '@',
      '%40',
      '.',
      '-',
      ' ',
      '\n',
      'word',
      '42',
      '\u00e9',
      '\u2013',
      '/',
      ':',
    );
    let reached = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const t = parts.join('');
        const [from, to] = span(t, a, b);
        if (whole(scanEmails, t).some((m) => reaches(m, from, to))) {
          reached++;
          expect(emailCanReach(t, from, to)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(reached).toBeGreaterThan(300);
    const t = 'see pages 22\u201350, or write to jane@example.com';
    expect(emailCanReach(t, t.indexOf('\u2013'), t.indexOf('\u2013') + 1)).toBe(false);
    expect(emailCanReach(t, t.indexOf('@') - 4, t.indexOf('@') - 4)).toBe(true);
  });

  it('a long text with runs near values and far from them finds what its pieces alone find', () => {
    // Email, phone, SSN and card only: windows whose runs no value can reach are not scanned.
    const detector = preparePiiDetector({ types: ['email', 'phone', 'ssn', 'credit_card'] });
    const filler = 'The quarterly report covers revenue, costs and the hiring plan for next year. '.repeat(200);
    const pieces = [
      'Revenue grew 12\u201315% in 2019\u20132020.',
      'call 415\u2013555\u20130132 today',
      'mail john\u200b.smith@example.com today',
      '{"note":"Contacts:\\n415-555-0132"}',
      '{"code":"a\\nb","to":"ops@example.com"}',
      'card \uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 end',
      'SSN 536\u201122\u20111234 and a range 3\u20135',
      'jane@example.org wrote \u2013 nothing else',
      'card 4111 1111 1111 1111 \u2013 and \u00ad soft',
    ];
    let t = '';
    const expected: Array<[string, number, number]> = [];
    for (const piece of pieces) {
      t += filler;
      for (const m of detector.scan(piece)) expected.push([m.type, m.start + t.length, m.end + t.length]);
      t += `${piece}\n`;
    }
    t += filler;
    // Fewer than one run per 4,096 units (20 runs): the windowed path.
    expect(t.length).toBeGreaterThan(4096 * 20);
    expect(detector.scan(t).map((m): [string, number, number] => [m.type, m.start, m.end])).toEqual(expected);
    // Every piece but the dash ranges holds a value, most of them disguised by a run.
    expect(expected.map(([type]) => type)).toEqual([
      'phone',
      'email',
      'phone',
      'email',
      'credit_card',
      'ssn',
      'email',
      'credit_card',
    ]);
  });
});

describe('numeric-run gate', () => {
  it('phone, SSN and card recognizers find the same matches, in the same order, on numeric regions as on the whole text', () => {
    fc.assert(
      fc.property(text, fc.nat(60), (core, pad) => {
        // Prose around the numbers makes long, sparse texts (the indexOf path) as well as short ones.
        // Repeated without prose: long texts dense in numbers (sampled after the first runs).
        for (const t of ['words '.repeat(pad) + core + ' words'.repeat(pad), (core + ' ').repeat(1 + (pad >> 2))]) {
          expect(gated(scanPhones, 8, 9, t)).toEqual(whole(scanPhones, t));
          expect(gated(scanSsns, 9, 9, t)).toEqual(whole(scanSsns, t));
          expect(gated(scanCards, 13, 13, t)).toEqual(whole(scanCards, t));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a region whose chains of groups cannot give the phone reader 9 digits (8 after a plus) is skipped with the same result', () => {
    // Gaps of '(' pass whatever their length; other separators only within three characters of a group.
    const cases = [
      '+1((((((((2345678',
      '415((((((((555-0132',
      '415 ((( 555-0132',
      '415  (555-0132',
      '415 - 555-0132',
      '12   345 678 901',
      '+49 123456',
      '49 123456',
      '0.6.1      13569984 b',
      'v 2026-11-22 and 2026-11-23',
      '+1 415 555 0132 +1 415',
      '(415) 555-0132',
      '98765 43210',
      '1 2 3 4 5 6 7 8 9 0',
      // The first seed near the run's end: only its last groups can hold a number.
      '1 2 3 4 5 67 89',
      '0 1 2345678',
      '5 1 2345678',
      '(0) 1 2345678',
      '0 12 3456789',
      '00 1 2 3 4 5 6 7',
      '1 2 3 4 5 6 7 415-555-0132',
      // A candidate does not start after a letter, digit, '_', '+', '.', '/', '$', '#' or '-' (a '+' may start it when the character before it does not).
      'a63345260562b',
      '$415-555-0132',
      'x 415-555-0132',
      'a+1 415-555-0132',
      'u/171592363',
      'v0.15.0) (2024-09-09)',
      '#+1 415 555 0132',
      '_415 555 0132',
      '+1+415 555 0132',
      '(+44 20 7946 0958',
      'a(415) 555-0132',
      '.+49 30 12345678',
      // ... or a '.' after a letter (an abbreviation): the '+' starts it.
      'Tel.+49 30 12345678',
      '1.+49 30 12345678',
      'Ph.+1 415 555 0132',
    ];
    let phones = 0;
    for (const c of cases) {
      for (const t of [`call ${c} now`, `${'words '.repeat(60)}call ${c} now ${'more words '.repeat(40)}`]) {
        const found = whole(scanPhones, t);
        phones += found.length;
        expect(gated(scanPhones, 8, 9, t)).toEqual(found);
      }
    }
    expect(phones).toBeGreaterThan(16);
  });

  it('finds the runs with enough digits and marks whose first /\\d\\d|\\+\\d/ seed has five run characters after it, on sparse and on digit-dense (sampled) texts', () => {
    // Marks: the run's digits, plus one when it holds a '+'. The regex finds each run's first seed.
    const reference = (t: string, minDigits = 8, minMarks = 9): number[] => {
      const out: number[] = [];
      const re = /\d\d|\+\d/g;
      for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        let s = m.index;
        let e = m.index + 2;
        const runChar = (c: string | undefined) => c !== undefined && /[0-9 ()+\-./\u00a0\n\r]/.test(c);
        while (s > 0 && runChar(t[s - 1])) s--;
        while (e < t.length && runChar(t[e])) e++;
        const digits = t.slice(s, e).replace(/[^0-9]/g, '').length;
        const marks = digits + (t.slice(s, e).includes('+') ? 1 : 0);
        if (digits >= minDigits && marks >= minMarks && e - (m.index + 2) >= 5)
          out.push(s > 0 ? s - 1 : 0, e < t.length ? e + 1 : e, digits, marks);
        re.lastIndex = e;
      }
      return out;
    };
    let compared = 0;
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.nat(400), (parts, pad) => {
        // Padding with prose makes long, sparse texts (the indexOf path) as well as short ones.
        const t = parts.join(' x ') + ' words'.repeat(pad);
        // Repeated without padding: long texts dense in digits, which are sampled after the first runs.
        const dense = parts.join(' ').repeat(1 + Math.floor(pad / 40));
        for (const [u, min, marks] of [
          [t, 8, 9],
          [dense, 8, 9],
          [dense, 9, 9],
          [dense, 13, 13],
          [dense, 8, 12],
        ] as const) {
          const regions = numericRegions(u, min, marks);
          if (regions !== null) {
            compared++;
            expect(regions).toEqual(reference(u, min, marks));
          }
        }
      }),
      { numRuns: 1500 },
    );
    expect(compared).toBeGreaterThan(3000);
    const dense = Array.from(
      { length: 400 },
      (_, i) => `${i} a${i * 7}b +${i % 10} ${i}-${i} 0${i}-555-${1000 + i}`,
    ).join(' ');
    expect(numericRegions(dense, 8, 9)).toEqual(reference(dense));
    // A short text with more than eight runs to read is scanned whole.
    expect(numericRegions('4111 1111 1111 1111 x '.repeat(9), 8, 9)).toBeNull();
    expect(numericRegions('4111 1111 1111 1111 x '.repeat(8), 8, 9)).toHaveLength(4 * 8);
    const sparse = `${'plain words here. '.repeat(200)}call +1 415-555-0132 ${'more words. '.repeat(100)}`;
    expect(numericRegions(sparse, 8, 9)).toEqual(reference(sparse));
    // Sparse digits (indexOf visits), then a seeded run every 40 characters (regex seeds), then one every
    // 8 (sampled), each part with numbers to find, and runs that straddle the parts' borders.
    const numbers = [
      '+1 415-555-0132',
      '123-45-6789',
      '4111 1111 1111 1111',
      '2026-11-22',
      '+49 123456',
      '98765 43210',
      '12 34 56 78 90',
    ];
    const phases = [
      Array.from({ length: 300 }, (_, i) =>
        i % 37 === 0 ? `see ${numbers[i % 7]} here ` : 'plain words in a sentence ',
      ).join(''),
      Array.from({ length: 2000 }, (_, i) => `item ${i} costs ${i % 100}.${i % 7}0 ${numbers[i % 7]} `).join(''),
      Array.from(
        { length: 3000 },
        (_, i) => `a${i % 90}b ${i % 10}${i % 3}${i % 9 === 0 ? ` ${numbers[i % 7]}` : ''} `,
      ).join(''),
      'words '.repeat(500) + numbers.join(' x '),
    ];
    const mixed = phases.join('+');
    expect(numericRegions(mixed, 8, 9)).toEqual(reference(mixed));
    expect(numericRegions(mixed, 9, 9)).toEqual(reference(mixed, 9, 9));
    expect((numericRegions(mixed, 8, 9) ?? []).length).toBeGreaterThan(4 * 400);
  });

  it('regions cover each seeded run with one neighbour on each side and skip runs without a seed or with too few digits or marks', () => {
    const t =
      'ab 1 2 3 4 5 6 7 8 cd +1 415-555-0132 ef 12 on 2026-11-22 or +49 123456 or 1 2 3 4 5 67 89 or 0 1 2345678';
    const regions = numericRegions(t, 8, 9) ?? [];
    const spans = [];
    for (let r = 0; r < regions.length; r += 4)
      spans.push([t.slice(regions[r], regions[r + 1]), regions[r + 2], regions[r + 3]]);
    // The date has 8 digits and no '+' (no phone, SSN or card fits); '+49 123456' has 8 and a '+'. The
    // first seed of '1 2 3 4 5 67 89' has three characters after it (a phone window of 8 digits with
    // groups of two or more after its first has five or more after its first seed); that of
    // '0 1 2345678' has five.
    expect(spans).toEqual([
      ['d +1 415-555-0132 e', 11, 12],
      ['r +49 123456 o', 8, 9],
      ['r 0 1 2345678', 9, 9],
    ]);
    expect(numericRegions(t, 12, 12)).toEqual([]);
  });
});

describe('resolvePiiOverlaps', () => {
  const match = fc.record({
    type: fc.constantFrom('phone', 'ssn', 'credit_card', 'email'),
    start: fc.integer({ min: 0, max: 60 }),
    len: fc.integer({ min: 0, max: 20 }),
    score: fc.constantFrom(0.5, 0.6, 0.7, 0.85, 0.9),
  });
  it('keeps exactly what resolveOverlaps keeps (same order, same objects)', () => {
    fc.assert(
      fc.property(fc.array(match, { maxLength: 40 }), (raw) => {
        const ms: TextMatch[] = raw.map((m) => ({
          type: m.type,
          start: m.start,
          end: m.start + m.len,
          score: m.score,
          detector: 'pii',
        }));
        expect(resolvePiiOverlaps(ms)).toEqual(resolveOverlaps(ms));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('context-window prechecks', () => {
  // Each recognizer skips its context windows when no match is possible; checked against texts that
  // do hold the context words and values, where the recognizers must still report them.
  it('still finds dates of birth, NPIs, MRNs and insurance ids next to their context words', () => {
    // Distinct values: a recognizer may report the same span from its context and its bare form.
    const found = (recognize: (t: string, out: TextMatch[]) => void, t: string) => [
      ...new Set(whole(recognize, t).map((m) => t.slice(m.start, m.end))),
    ];
    expect(found(scanDatesOfBirth, 'She was born on March 4, 1985 in Ohio')).toEqual(['March 4, 1985']);
    expect(found(scanDatesOfBirth, 'DOB: 04/03/1985')).toEqual(['04/03/1985']);
    expect(found(scanDatesOfBirth, 'born 1-2-3 and 12 apples')).toEqual([]);
    expect(found(scanNpis, 'prescriber NPI 1234567893')).toEqual(['1234567893']);
    expect(found(scanMrns, 'MRN: 00123456')).toEqual(['00123456']);
    expect(found(scanInsuranceIds, 'Medicare MBI 1EG4-TE5-MK73')).toEqual(['1EG4-TE5-MK73']);
  });
});

describe('shared anchor pass', () => {
  // Anchors that overlap or nest ('cdl' / 'dl', 'dl#', 'passport#', 'd.o.b' / 'dob', 'number' in several
  // members), words that hold an anchor ('bundle', 'numbers'), separators and case.
  const pieces = [
    'dl',
    'cdl',
    'dl#',
    'bundle',
    'DL no',
    'd.o.b.',
    'D O B',
    'dob',
    'd-o-b',
    'born',
    'birth',
    'née',
    'né',
    'passport#',
    'Passport No',
    'travel document',
    'record number',
    'numbers',
    'member id',
    'policy number',
    'mrn',
    'npi',
    'provider',
    'national provider',
    'medicare',
    'Führerschein',
    'license',
    'licence',
    'insurance',
    'insurer',
    'mbi',
    ' ',
    '.',
    '-',
    '_',
    '\n',
    'x',
    'o',
    'b',
    'd',
    '1985-03-04',
    'A1234567',
  ];
  // Heads and tails of anchors, so that one anchor starts inside another ('born' + 'ée', 'do' + 'birth').
  const fragments = [
    'born',
    'née',
    'dob',
    'birth',
    'dl',
    'cdl',
    'mrn',
    'npi',
    'mbi',
    'number',
    'member',
    'insurer',
    'provider',
    'record',
    'policy',
    'passport',
    'license',
  ].flatMap((w) => [w.slice(1), w.slice(0, -1), w.slice(2), w.slice(0, -2)]);
  const members = Object.entries(WINDOWED_CONTEXTS);
  it('gives every member the windows its own pass gives, whichever members were primed together', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces, ...fragments), { maxLength: 40 }),
        fc.integer({ min: 1, max: (1 << members.length) - 1 }),
        fc.nat(80),
        (parts, pick, reach) => {
          const text = parts.join('');
          const own = members.map(([, context]) => context.windows(text, reach));
          const mask = members.reduce(
            (m, [, context], i) => ((pick >> i) & 1 ? m | WINDOW_ANCHORS.bitOf(context) : m),
            0,
          );
          WINDOW_ANCHORS.prime(text, mask);
          expect(members.map(([, context]) => context.windows(text, reach))).toEqual(own);
          // Another text: the primed offsets are not read for it.
          WINDOW_ANCHORS.prime(`${text} `, mask);
          expect(members.map(([, context]) => context.windows(text, reach))).toEqual(own);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every windowed recognizer is a member, and a detector with several finds what each finds alone', () => {
    for (const [, context] of members) expect(WINDOW_ANCHORS.bitOf(context)).not.toBe(0);
    const text = `${'Notes on the bundle and its numbers. '.repeat(40)}Patient born 1985-03-04, DL no A1234567, passport# X12345678, MRN 00123456, NPI 1234567893, member id ABC123456789, policy number 12345678.`;
    const types = members.map(([type]) => type);
    const together = preparePiiDetector({ types }).scan(text);
    const alone = types.flatMap((t) => preparePiiDetector({ types: [t] }).scan(text));
    expect(together.length).toBeGreaterThanOrEqual(5);
    // Alone, a type may also keep a span that a rival wins together; each span found together is found alone.
    for (const m of together) expect(alone).toContainEqual(m);
  });
});

describe('UK driving licence numbers without context', () => {
  // The DVLA pattern is matched from its six digits with the five characters before them asserted
  // behind; the spans must be those of the pattern read from its first character.
  const reference = (t: string): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    const re = /(?<![\w-])[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}(?![\w-])/g;
    for (let m = re.exec(t); m !== null; m = re.exec(t))
      if (!/^\D*$/.test(m[0]) && !/^(\d)\1*$/.test(m[0].replace(/\D/g, ''))) out.push([m.index, m.index + m[0].length]);
    return out;
  };
  const pieces = [
    'MORGA753116SM9IJ',
    '99999753116SM9IJ',
    'MORGA',
    '753116',
    'SM9IJ',
    '9',
    'A',
    'Z',
    '1',
    '-',
    '_',
    ' ',
    '\n',
    'x',
    '999',
    '000000',
    'AB12CD',
  ];
  it('reports the spans the pattern finds from its first character', () => {
    let reported = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 1, arbitrary: fc.constantFrom(...pieces.slice(0, 2)) },
            { weight: 4, arbitrary: fc.constantFrom(...pieces) },
          ),
          { maxLength: 24 },
        ),
        (parts) => {
          const t = parts.join('');
          const got = whole(scanDriversLicenses, t).map((m) => [m.start, m.end]);
          reported += got.length;
          expect(got).toEqual(reference(t));
        },
      ),
      { numRuns: 3000 },
    );
    expect(reported).toBeGreaterThan(100);
  });
});

describe('rival prechecks', () => {
  const RIVALS = [
    ['date_of_birth', scanDatesOfBirth],
    ['npi', scanNpis],
    ['iban', scanIbans],
    ['ip_address', scanIps],
  ] as const;
  const rivalText = fc
    .array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            ...PIECES,
            'DE89 3704 0044 0532 0130 00',
            'GB82WEST12345698765432',
            '192.168.1.1',
            '2001:db8::1',
            'fe80::abcd',
            'born on',
            'DOB:',
            'npi',
            'Jan 4, 1985',
            'born  12',
            'DOB:',
            '04JUL1990',
            '4-Jul-1990',
            'née 12',
            '19900704',
            "'84",
            '03/1984',
            '1984-03',
          ),
        },
        { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,12}$/) },
      ),
      { maxLength: 24 },
    )
    .map((parts) => parts.join(' '));
  it('say "impossible" only for windows where the rival recognizer finds nothing', () => {
    fc.assert(
      fc.property(rivalText, fc.nat(), fc.nat(), (t, a, b) => {
        const from = Math.min(a, b) % (t.length + 1);
        const to = from + ((Math.max(a, b) - Math.min(a, b)) % (t.length - from + 1));
        const slice = t.slice(from, to);
        const digits: number[] = [];
        for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) digits.push(i);
        const lo = digits.findIndex((q) => q >= from);
        const hi = digits.findIndex((q) => q >= to);
        const loK = lo < 0 ? digits.length : lo;
        const hiK = hi < 0 ? digits.length : hi;
        const colon = t.indexOf(':', from);
        let each = 0;
        for (const [type, recognize] of RIVALS) {
          const possible = RIVAL_POSSIBLE[type]!(t, from, to, digits, loK, hiK, colon);
          if (!possible) expect(whole(recognize, slice)).toEqual([]);
          if (possible) each |= RIVAL_BIT[type]!;
        }
        // The one-walk answer is the per-rival answers, for any subset of rivals asked about.
        for (const wanted of [15, 1, 2, 4, 8, 5, 10, 14])
          expect(possibleRivals(t, from, to, digits, loK, hiK, colon, wanted)).toBe(each & wanted);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('rival prechecks: every date layout', () => {
  it.each([
    ['DOB: 04JUL1990'],
    ['DOB: 19900704'],
    ['born 04-Jul-1990'],
    ['DOB: 04/07/1990'],
    ['born 4 July 1990'],
    ["DOB: 21 March '84"],
    ['DOB: 03/1984'],
    ['DOB 1984-03'],
  ])('say "possible" for %j, where a date of birth is found', (t) => {
    expect(whole(scanDatesOfBirth, t)).toHaveLength(1);
    const digits: number[] = [];
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) digits.push(i);
    expect(RIVAL_POSSIBLE.date_of_birth!(t, 0, t.length, digits, 0, digits.length, -1)).toBe(true);
  });
});

describe('rival windows', () => {
  it('are the matches widened by the margin, sorted by start and merged where they overlap or touch', () => {
    const span = fc.record({ start: fc.nat(3000), len: fc.nat(60) });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 40 }), fc.nat(200), (raw, slack) => {
        const length = 3060 + slack;
        const ms: TextMatch[] = raw.map((m) => ({
          type: 'phone',
          start: m.start,
          end: m.start + m.len,
          score: 0.8,
          detector: 'pii',
        }));
        const reference: number[] = [];
        const sorted = ms
          .map((m) => [Math.max(0, m.start - RIVAL_MARGIN), Math.min(length, m.end + RIVAL_MARGIN)] as const)
          .sort((a, b) => a[0] - b[0]);
        for (const [from, to] of sorted) {
          const last = reference.length - 1;
          if (last > 0 && from <= reference[last]!) reference[last] = Math.max(reference[last]!, to);
          else reference.push(from, to);
        }
        expect(windowsAround(ms, length)).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('email scan', () => {
  // The scan as first written: slices of the local part and domain, the domain split on dots; with the
  // letters of internationalised addresses (not those of scripts written without spaces), and the ASCII
  // domain when the one with such letters is not valid.
  function referenceEmails(text: string): TextMatch[] {
    const out: TextMatch[] = [];
    const intl = (ch: string) =>
      ch >= '\u00c0' &&
      /^[\p{L}\p{M}\p{N}]$/u.test(ch) &&
      !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(
        ch,
      );
    const local = (ch: string) => /[A-Za-z0-9._%+'-]/.test(ch) || intl(ch);
    const asciiDomainChar = (ch: string) => /[A-Za-z0-9.-]/.test(ch);
    const domainChar = (ch: string) => asciiDomainChar(ch) || intl(ch);
    const domainEnd = (at: number, isChar: (ch: string) => boolean) => {
      let e = at + 1;
      while (e < text.length && e - at <= 253 && isChar(text[e]!)) e++;
      while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
      return e;
    };
    const domainOk = (domain: string) => {
      const labels = domain.split('.');
      const tld = labels[labels.length - 1]!;
      return (
        labels.length >= 2 &&
        (/^[A-Za-z]{2,24}$/.test(tld) ||
          (tld.length >= 2 &&
            tld.length <= 24 &&
            [...tld].every((ch) => ch.charCodeAt(0) >= 128) &&
            /^\p{L}+$/u.test(tld)) ||
          (tld.length > 4 && tld.length <= 24 && tld.startsWith('xn--'))) &&
        labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'))
      );
    };
    let at = text.indexOf('@');
    let floor = 0;
    while (at !== -1) {
      let s = at;
      while (s > floor && at - s < 64 && local(text[s - 1]!)) s--;
      while (s < at && (text[s] === '.' || text[s] === "'")) s++;
      let e = domainEnd(at, domainChar);
      if (!domainOk(text.slice(at + 1, e))) e = domainEnd(at, asciiDomainChar);
      // Digits glued to the top-level label end the address before them (`example.com4111`).
      if (!domainOk(text.slice(at + 1, e))) {
        const domain = text.slice(at + 1, e);
        const dot = domain.lastIndexOf('.');
        if (dot > 0) {
          const k = dot + 1 + /^[A-Za-z]*/.exec(domain.slice(dot + 1))![0].length;
          if (k < domain.length && /\d/.test(domain[k]!) && domainOk(domain.slice(0, k))) e = at + 1 + k;
        }
      }
      // The local part of a next address glued to it (`example.comjohn@...`): cut after a known top-level
      // label at the start of a label, from the right; else after the last label's first two letters.
      if (
        text[e] === '@' &&
        domainOk(text.slice(at + 1, e)) &&
        domainOk(text.slice(e + 1, domainEnd(e, asciiDomainChar)))
      ) {
        const domain = text.slice(at + 1, e);
        const labels = domain.split('.');
        let cut = -1;
        let fallback = -1;
        for (let j = labels.length - 1; j >= 1 && cut === -1; j--) {
          const before = labels.slice(0, j).join('.').length + 1;
          const label = labels[j]!.toLowerCase();
          const tld = GLUE_TLDS.find(
            (t) =>
              label.startsWith(t) &&
              (label.length === t.length || (label[t.length] !== '-' && domainOk(domain.slice(0, before + t.length)))),
          );
          if (tld !== undefined) {
            if (label.length === tld.length) break; // a whole known label: no glue here (nor further left)
            cut = before + tld.length;
          } else if (j === labels.length - 1 && label.length > 2 && domainOk(domain.slice(0, before + 2)))
            fallback = before + 2;
        }
        if (cut === -1 && labels[labels.length - 1]!.length !== 0) cut = fallback;
        if (cut !== -1) e = at + 1 + cut;
      }
      const localPart = text.slice(s, at);
      if (localPart.length > 0 && !localPart.includes('..') && domainOk(text.slice(at + 1, e))) {
        out.push({ type: 'email', start: s, end: e, score: 0.9, detector: 'pii' });
        floor = e;
      }
      at = text.indexOf('@', Math.max(at + 1, e));
    }
    return out;
  }
  it('finds what the slice-and-split scan finds', () => {
    const piece = fc.constantFrom(
      '@',
      '.',
      '..',
      '-',
      "'",
      '_',
      'a',
      'Z',
      'x1',
      'co',
      'example',
      'com',
      'b-c',
      'é',
      'ü',
      'рф',
      'ελ',
      '获',
      'xn--p1ai',
      ' ',
      '+',
      '%',
      '9',
      'abcdefghijklmnopqrstuvwxy',
      'a'.repeat(64),
    );
    const text = fc
      .array(fc.oneof({ weight: 5, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }), {
        maxLength: 30,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const out: TextMatch[] = [];
        scanEmails(t, out);
        expect(out).toEqual(referenceEmails(t));
      }),
      { numRuns: 5000 },
    );
    const edges = [
      'a@b.' + 'c'.repeat(24),
      'a@b.' + 'c'.repeat(25),
      'a@b.c',
      'a@b.c1',
      'a@b.CoM',
      'a@' + 'x'.repeat(63) + '.com',
      'a@' + 'x'.repeat(64) + '.com',
      'a@-b.com',
      'a@b-.com',
      'a@b..com',
      'a@.com',
      'a..b@c.com',
      '.a@b.com',
      'a@b.com-',
      'a@b.com.',
    ];
    for (const t of edges) {
      const out: TextMatch[] = [];
      scanEmails(`mail ${t} now`, out);
      expect(out).toEqual(referenceEmails(`mail ${t} now`));
    }
    expect(edges.filter((t) => referenceEmails(t).length > 0).length).toBe(6);
  });
});

describe('digit list reuse', () => {
  it('answers the same before and after a document with more digits than a detector keeps between scans', () => {
    const types = ['email', 'phone', 'ssn', 'credit_card'];
    const detector = preparePiiDetector({ types });
    const small = 'call +1 415-555-0132 or DE89 3704 0044 0532 0130 00, born 1985-03-04, ip 10.0.0.1: ok';
    // About 70,000 single digits, thinly enough not to count as dense, and numbers to dispute.
    const big = Array.from({ length: 35000 }, (_, i) =>
      i % 500 === 0
        ? `call +1 415-555-${String(1000 + (i % 9000)).slice(0, 4)} `
        : `item ${i % 10} of the list and item ${(i + 3) % 10} of the other one `,
    ).join('');
    expect(numericRegions(big, 8, 9)).not.toBeNull();
    const first = detector.scan(small);
    const large = detector.scan(big);
    expect(large.length).toBeGreaterThan(50);
    expect(large).toEqual(preparePiiDetector({ types }).scan(big));
    expect(detector.scan(small)).toEqual(first);
    expect(detector.scan(big)).toEqual(large);
  });
});

describe('clause windows', () => {
  // The window as first written: the Unicode-aware break regex always run.
  function referenceClause(text: string, start: number, before: number, floor: number): string {
    const window = text.slice(Math.max(0, floor, start - before), start);
    let last = -1;
    const breaks = /[;\n]|\.\s+(?=\p{Lu})/gu;
    for (let m = breaks.exec(window); m !== null; m = breaks.exec(window)) last = m.index + m[0].length;
    return last >= 0 ? window.slice(last) : window;
  }
  it('cut after the last clause break exactly where the break regex cuts', () => {
    const unit = fc.constantFrom(
      '.',
      '. ',
      ' ',
      '\t',
      '\n',
      '\r',
      '\v',
      ';',
      '\u00a0',
      '\u2003',
      'A',
      'Z',
      'a',
      'x',
      'É',
      'é',
      'Σ',
      'σ',
      '+',
      '1',
      ',',
      'Call',
      ' the',
    );
    const text = fc.array(unit, { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.nat(80), fc.nat(60), fc.nat(10), (t, a, before, floor) => {
        const start = a % (t.length + 1);
        expect(clauseBefore(t, start, before, floor)).toBe(referenceClause(t, start, before, floor));
      }),
      { numRuns: 10000 },
    );
  });
});

describe('Germanic street names', () => {
  // Street words, hyphenated and lower-case parts, 'str.', letters outside ASCII and the BMP, digits and blanks.
  const pieces = [
    'Hauptstraße',
    'Haupt',
    'straße',
    'Str.',
    'str.',
    'Bahnhofstr.',
    'Ring',
    'ring',
    'String',
    'Weg',
    'Am-',
    'Karl-Marx-',
    'Allee',
    'Kerkstraat',
    'Storgatan',
    'Östra',
    'vägen',
    '𐐀',
    '𐐨',
    'é',
    'Ü',
    '-',
    '.',
    ' ',
    '\u00a0',
    '\n',
    '5',
    '12',
    '123a',
    '1234',
    '10115',
    ', ',
    'Berlin',
    'x',
    '9',
  ];
  it('are found from the blanks before digits with the spans of a whole-text scan of their pattern', () => {
    // Whole street lines often, so that matches are many; random pieces around and inside them.
    const street = fc
      .tuple(
        fc.constantFrom('', 'Am-', 'Karl-Marx-', 'x', '9', '-', '𐐀', 'É'),
        fc.constantFrom(
          'Hauptstraße',
          'Bahnhofstr.',
          'Ring',
          'Kerkstraat',
          'Östra vägen',
          'String',
          'Weg',
          'straße',
          'weg',
          '𐐨weg',
        ),
        fc.constantFrom(' ', '\u00a0', '\n', ''),
        fc.constantFrom('5', '12', '123a', '1234', 'x'),
      )
      .map((p) => p.join(''));
    let matched = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(street, fc.constantFrom(...pieces)), { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        const reference = [...t.matchAll(new RegExp(GERMANIC, 'gu'))].map((m) => [m.index, m[0].length]);
        matched += reference.length;
        expect([...germanicMatches(t)].map((m) => [m.index, m[0].length])).toEqual(reference);
      }),
      { numRuns: 4000 },
    );
    expect(matched).toBeGreaterThan(300);
  });
});
