import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeJsonEscapes,
  foldForScan,
  INVISIBLE_HIGH_SURROGATES,
  originEndOf,
  originOf,
  scanFolded,
} from '../../../../src/core/detectors/pii-fold.js';
import { isInvisible } from '../../../../src/core/detectors/normalize-tables.js';
import { preparePiiDetector } from '../../../../src/core/detectors/pii.js';
import { prepareSecretScanner } from '../../../../src/core/detectors/secrets.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

const pii = preparePiiDetector({ types: ['email', 'phone', 'ssn', 'credit_card', 'iban', 'ip_address'] });
const secrets = prepareSecretScanner();
const piiOf = (text: string) => pii.scan(text).map((m) => [m.type, text.slice(m.start, m.end)]);
const secretsOf = (text: string) => secrets.scan(text).map((m) => [m.type, text.slice(m.start, m.end)]);

const ZWSP = '\u200b';
const SHY = '\u00ad';
const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('PII and secrets inside invisible characters, fullwidth forms and Unicode hyphens (they were missed)', () => {
  it.each([
    [
      'an email split by a zero-width space',
      `mail john${ZWSP}.smith@example.com today`,
      'email',
      `john${ZWSP}.smith@example.com`,
    ],
    [
      'an email with a zero-width space before @',
      `mail john.smith${ZWSP}@example.com`,
      'email',
      `john.smith${ZWSP}@example.com`,
    ],
    [
      'an email with soft hyphens',
      `mail john.smi${SHY}th@exam${SHY}ple.com`,
      'email',
      `john.smi${SHY}th@exam${SHY}ple.com`,
    ],
    [
      'an email split by a tag character (past the BMP)',
      'mail john\u{e0041}.smith@example.com',
      'email',
      'john\u{e0041}.smith@example.com',
    ],
    [
      'an email split by an invisible operator',
      'mail john.smith@exam\u2062ple.com',
      'email',
      'john.smith@exam\u2062ple.com',
    ],
    ['an email with a fullwidth @', 'mail john.smith\uff20example.com', 'email', 'john.smith\uff20example.com'],
    ['an SSN in fullwidth digits', `SSN ${fullwidth('536-22-1234')}`, 'ssn', fullwidth('536-22-1234')],
    ['an SSN with non-breaking hyphens', 'SSN 536\u201122\u20111234', 'ssn', '536\u201122\u20111234'],
    ['an SSN with a word joiner', 'SSN 536\u2060-22-1234', 'ssn', '536\u2060-22-1234'],
    [
      'a card in fullwidth digits',
      `card ${fullwidth('4111 1111 1111 1111')}`,
      'credit_card',
      fullwidth('4111 1111 1111 1111'),
    ],
    [
      'a card split by zero-width spaces',
      `card 4111${ZWSP}1111${ZWSP}1111${ZWSP}1111`,
      'credit_card',
      `4111${ZWSP}1111${ZWSP}1111${ZWSP}1111`,
    ],
    [
      'a phone in fullwidth with a fullwidth hyphen',
      '電話：０９０－１２３４－５６７８',
      'phone',
      '０９０－１２３４－５６７８',
    ],
    ['a phone in Arabic-Indic digits', 'هاتف +٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨', 'phone', '+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨'],
  ])('finds %s, with the whole disguised span', (_, text, type, value) => {
    expect(piiOf(text)).toEqual([[type, value]]);
  });

  it.each([
    [
      'an AWS key id split by a zero-width space',
      `key AKIAZ3MSJV4W${ZWSP}WNKWW5FK`,
      'aws_access_key',
      `AKIAZ3MSJV4W${ZWSP}WNKWW5FK`,
    ],
    [
      'an AWS key id with a soft hyphen',
      `key AKIAZ3MSJV4W${SHY}WNKWW5FK`,
      'aws_access_key',
      `AKIAZ3MSJV4W${SHY}WNKWW5FK`,
    ],
    [
      'an AWS key id in fullwidth letters',
      `key ${fullwidth('AKIAZ3MSJV4WWNKWW5FK')}`,
      'aws_access_key',
      fullwidth('AKIAZ3MSJV4WWNKWW5FK'),
    ],
    [
      'a GitHub token with a zero-width joiner',
      'token ghp_R2d7Xk9mQ2vL7pR4\u200dsT6uW8yZ0aB3cD5eF7gH',
      'github_token',
      'ghp_R2d7Xk9mQ2vL7pR4\u200dsT6uW8yZ0aB3cD5eF7gH',
    ],
    [
      'a Stripe key with a BOM inside',
      'sk_live_51HxK9mQ2vL7\ufeffpR4sT6uW8yZ0aB3cD5eF7gH9jK',
      'stripe_api_key',
      'sk_live_51HxK9mQ2vL7\ufeffpR4sT6uW8yZ0aB3cD5eF7gH9jK',
    ],
  ])('finds %s, with the whole disguised span', (_, text, type, value) => {
    expect(secretsOf(text)).toEqual([[type, value]]);
  });

  it('leaves ordinary typography alone: dash ranges, minus signs, CJK prose, soft-hyphenated words', () => {
    for (const text of [
      'Revenue grew 12–15% in 2019–2020, see pages 415–555.',
      'The delta was −3.5 dB at 10 kHz.',
      '本日の会議は１０時からです。資料は３ページです。',
      'Die Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesell\u00adschaft',
      `Thai${ZWSP}word${ZWSP}breaks 2024${ZWSP}-${ZWSP}01`,
    ]) {
      expect([piiOf(text), secretsOf(text)]).toEqual([[], []]);
    }
  });
});

describe('PII and secrets written with JSON \\u escapes, as tool arguments and tool results carry them (they were missed or cut)', () => {
  it('finds an escaped email, SSN and token in tool-call arguments, each span covering its escapes', () => {
    const args = String.raw`{"email":"jane\u0040example.org","ssn":"536\u002d22\u002d1234","key":"ghp_R2d7Xk9mQ2vL7pR4\u0073T6uW8yZ0aB3cD5eF7gH"}`;
    expect(piiOf(args)).toEqual([
      ['email', String.raw`jane\u0040example.org`],
      ['ssn', String.raw`536\u002d22\u002d1234`],
    ]);
    expect(secretsOf(args)).toEqual([['github_token', String.raw`ghp_R2d7Xk9mQ2vL7pR4\u0073T6uW8yZ0aB3cD5eF7gH`]]);
  });

  it("takes an address with a non-ASCII letter as Python's json.dumps escapes it whole", () => {
    const result = String.raw`{"name": "M\u00fcller", "email": "m\u00fcller@beispiel.de"}`;
    expect(piiOf(result)).toEqual([['email', String.raw`m\u00fcller@beispiel.de`]]);
  });

  it('reads past an escape that is half a character (a lone surrogate), in JSON text and in prose: it split the value, which went upstream unredacted', () => {
    const args = String.raw`{"to":"john.doe\ud800@example.com","cc":"ann\uDC00.lee@example.com","n":"\ud83d\ude00 415-555-0132"}`;
    expect(piiOf(args)).toEqual([
      ['email', String.raw`john.doe\ud800@example.com`],
      ['email', String.raw`ann\uDC00.lee@example.com`],
      ['phone', '415-555-0132'],
    ]);
    expect(piiOf(String.raw`mail john.doe\udbff@example.com today`)).toEqual([
      ['email', String.raw`john.doe\udbff@example.com`],
    ]);
    expect(secretsOf(String.raw`{"key":"ghp_R2d7Xk9mQ2vL7pR4\ud800sT6uW8yZ0aB3cD5eF7gH"}`)).toEqual([
      ['github_token', String.raw`ghp_R2d7Xk9mQ2vL7pR4\ud800sT6uW8yZ0aB3cD5eF7gH`],
    ]);
    // A pair written as two escapes stays the character; a low half first, or a high one at the end, goes.
    expect(decodeJsonEscapes(String.raw`"a\ud800b \ud83d\ude00 \udc00\ud800"`)?.text).toBe('"ab \u{1f600} "');
    expect(foldForScan(String.raw`a\ud800b \ud83d\ude00`)?.text).toBe('ab \u{1f600}');
  });

  it('leaves escapes that hide nothing alone', () => {
    expect(piiOf(String.raw`{"msg": "caf\u00e9 at 10\u00a0am", "path": "C:\\users\\x"}`)).toEqual([]);
  });
});

describe('a value is read the same alone and inside a long text (short texts are folded whole, long ones in windows)', () => {
  const every = preparePiiDetector({
    types: ['email', 'phone', 'ssn', 'credit_card', 'ip_address', 'iban', 'date_of_birth', 'npi', 'mrn', 'passport'],
  });
  const filler = 'The quarterly report covers revenue, costs and the hiring plan for next year. '.repeat(260);
  const spans = (ms: readonly { type: string; start: number; end: number }[], shift: number) =>
    ms.map((m) => [m.type, m.start - shift, m.end - shift]);

  it('finds a card, an SSN or a phone next to a dash used as punctuation, whatever the text length', () => {
    for (const text of ['card 4111 1111 1111 1111– expired', 'see –536-22-1234 above', 'call –+1 415-555-0132']) {
      const long = `${filler}${text}\n${filler}`;
      expect(spans(every.scan(text), 0)).toHaveLength(1);
      expect(spans(every.scan(long), filler.length)).toEqual(spans(every.scan(text), 0));
    }
    // A dash between two letters or digits is a hyphen: inside a value it is read as one.
    expect(piiOf('SSN 536\u201322\u20131234')).toEqual([['ssn', '536\u201322\u20131234']]);
  });

  it('reads a disguised context word the same, whatever the text length (the default set skips some windows)', () => {
    // email, phone, ssn and credit_card: folded windows no value can reach are not scanned.
    const bounded = preparePiiDetector({ types: ['email', 'phone', 'ssn', 'credit_card'] });
    for (const text of [`S${ZWSP}SN 536 22 1234`, `social security num${SHY}ber: 536 22 1234`]) {
      const long = `${filler}${text}\n${filler}`;
      expect(spans(bounded.scan(text), 0)).toEqual([['ssn', text.length - 11, text.length]]);
      expect(spans(bounded.scan(long), filler.length)).toEqual(spans(bounded.scan(text), 0));
    }
    // A word in fullwidth letters: the view spells it, a context word or a label glued to the number.
    for (const text of [
      '\uff33\uff33\uff2e: 536221234',
      '\uff33\uff33\uff2e_536221234',
      '\uff43\uff43_4539578763621486',
    ]) {
      const long = `${filler}${text}\n${filler}`;
      expect(spans(bounded.scan(text), 0)).toHaveLength(1);
      expect(spans(bounded.scan(long), filler.length)).toEqual(spans(bounded.scan(text), 0));
    }
  });

  it('gives the same findings for a value with disguises around it, alone and inside ~20 KB of prose', () => {
    const values = [
      '4111 1111 1111 1111',
      '3782 8224 6310 005',
      '536-22-1234',
      'SSN 536 22 1234',
      '+1 415-555-0132',
      'jane.doe@example.com',
      '192.168.10.20',
      'GB82 WEST 1234 5698 7654 32',
      'DOB 03/14/1985',
      'NPI 1234567893',
      'MRN 12345678',
      'passport X12345678',
      '\uff33\uff33\uff2e_536221234',
      // Glued to the label word of their entity.
      'ssn_536221234',
      'cc4539578763621486',
      'tel_4155550134',
    ];
    const edge = fc.constantFrom(
      '',
      ' ',
      '-',
      '.',
      '\u2013',
      '\u2014',
      '\u2011',
      '\u2212',
      ZWSP,
      SHY,
      '\uff0c',
      '\u3000',
      '\\n',
      '\\u002d',
      '\\u2013',
    );
    fc.assert(
      fc.property(fc.constantFrom(...values), edge, edge, edge, (value, a, b, c) => {
        const text = `${a}${value}${b}${c}`;
        const long = `${filler}x ${text} y${filler}`;
        const shift = filler.length + 2;
        const near = every.scan(long).filter((m) => m.end > shift - 300 && m.start < shift + text.length + 300);
        expect(spans(near, shift)).toEqual(spans(every.scan(text), 0));
      }),
    );
  });
});

describe('foldForScan', () => {
  it('looks at the pairs of every invisible character past the BMP (the high surrogates it knows)', () => {
    const highs = new Set<number>();
    for (let cp = 0x10000; cp <= 0x10ffff; cp++) if (isInvisible(cp)) highs.add(0xd800 + ((cp - 0x10000) >> 10));
    expect([...highs].sort()).toEqual([...INVISIBLE_HIGH_SURROGATES].sort());
    // A visible character that shares a high surrogate (a musical symbol) is kept as it is.
    expect(foldForScan('clef \u{1d11e} x\u{1d173}y')?.text).toBe('clef \u{1d11e} xy');
  });

  it('with jsonBreaks, reads the JSON escapes \\n, \\r and \\t as the characters they stand for', () => {
    expect(foldForScan('Contacts:\\n415-555-0132\\tx', true)?.text).toBe('Contacts:\n415-555-0132\tx');
    // An escaped backslash is a backslash: the letter after it stays a letter.
    expect(foldForScan('C:\\\\new', true)).toBeNull();
    // Without it (the secrets scanner), such escapes are text.
    expect(foldForScan('Contacts:\\n415-555-0132')).toBeNull();
    // Every view unit maps back to its character or to the whole escape.
    const unit = fc.constantFrom('a', 'n', '1', ' ', '\\n', '\\r', '\\t', '\\\\', '\\u0040', ZWSP, '\uff11');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join('');
        // The reference reading: the units as written, each escape one character.
        const starts: number[] = [];
        let expected = '';
        for (let at = 0, i = 0; i < units.length; at += units[i]!.length, i++) {
          const u = units[i]!;
          if (u === '\\\\') {
            starts.push(at, at + 1);
            expected += '\\\\';
          } else if (u !== ZWSP) {
            starts.push(at);
            const decoded: Record<string, string> = {
              '\\n': '\n',
              '\\r': '\r',
              '\\t': '\t',
              '\\u0040': '@',
              '\uff11': '1',
            };
            expected += decoded[u] ?? u;
          }
        }
        const view = foldForScan(text, true);
        if (view === null) {
          expect(expected).toBe(text);
          return;
        }
        expect(view.text).toBe(expected);
        for (let v = 0; v < view.text.length; v++) expect(originOf(view, v)).toBe(starts[v]);
      }),
    );
  });

  it('decodeJsonEscapes decodes every JSON escape of a JSON text and nothing else (tool-call arguments)', () => {
    expect(decodeJsonEscapes('{"a":"x"}')).toBeNull();
    // Invisible characters, fullwidth forms and dashes, written or escaped, are kept: the scanners fold them.
    const text = '{"a":"Nigh\\u0074ingale \\"q\\" \\\\u0040 \\/ \\b\\f\\n\\r\\t \\u200b\\u2013 \uff11"}';
    expect(decodeJsonEscapes(text)?.text).toBe('{"a":"Nightingale "q" \\u0040 / \b\f\n\r\t \u200b\u2013 \uff11"}');
    // Every unit maps back to its character or its whole escape, and a match's end to the end of its escape.
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        (s, flags) => {
          let raw = '';
          const starts: number[] = [];
          [...s].forEach((ch, i) => {
            for (let k = 0; k < ch.length; k++) {
              const unit = ch[k]!;
              starts.push(raw.length);
              raw += flags[i]
                ? `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`
                : JSON.stringify(unit).slice(1, -1);
            }
          });
          const view = decodeJsonEscapes(raw);
          if (view === null) {
            expect(raw).toBe(s);
            return;
          }
          expect(view.text).toBe(s);
          for (let v = 0; v < s.length; v++) expect(originOf(view, v)).toBe(starts[v]);
          for (let v = 1; v < s.length; v++) expect(originEndOf(view, 0, v, raw.length)).toBe(starts[v]);
          expect(originEndOf(view, 0, s.length, raw.length)).toBe(raw.length);
        },
      ),
    );
  });

  it('decodeJsonEscapes, strict, is null when a backslash begins no JSON escape (a text that is not JSON)', () => {
    const json = '{"a":"Nigh\\u0074ingale \\\\ \\"q\\""}';
    expect(decodeJsonEscapes(json, true)?.text).toBe(decodeJsonEscapes(json)!.text);
    for (const text of [
      '{"p":"C:\\Users\\u0074"}',
      '{"a":"\\u0074 \\uZZZZ"}',
      '{"a":"\\u0074 \\x41"}',
      '{"r":"\\d+ \\u0074"}',
    ]) {
      expect(decodeJsonEscapes(text)).not.toBeNull();
      expect(decodeJsonEscapes(text, true)).toBeNull();
    }
  });

  it('is null for a text with nothing to fold', () => {
    expect(foldForScan('plain ascii, café, naïve')).toBeNull();
  });

  it('maps every view unit back to the character it came from', () => {
    const unit = fc.constantFrom(
      'a',
      '1',
      '@',
      ' ',
      '-',
      ZWSP,
      SHY,
      '\u2011',
      '\uff11',
      '\u0661',
      '\u3000',
      '\ufeff',
      'é',
      '\\u0040',
      '\\u200b',
      '\\',
      'u',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (units) => {
        const text = units.join('');
        const view = foldForScan(text);
        if (view === null) return;
        let last = -1;
        for (let v = 0; v < view.text.length; v++) {
          const o = originOf(view, v);
          expect(o).toBeGreaterThan(last);
          last = o;
          // A unit comes from one character or from the whole of a \\uXXXX escape.
          const source = /^\\u[0-9A-Fa-f]{4}/.test(text.slice(o)) ? text.slice(o, o + 6) : text[o]!;
          const folded = foldForScan(source);
          // A Unicode hyphen with a letter or digit on one side only stays as it is (punctuation).
          if (source === '\u2011' && view.text[v] === source) continue;
          expect(folded === null ? source : folded.text).toBe(view.text[v]);
        }
      }),
    );
  });

  it('maps matches on the view to spans of the original', () => {
    const text = `x ${ZWSP}ab${ZWSP}${ZWSP}cd${SHY} y`;
    const spans = scanFolded(text, (t) => {
      const at = t.indexOf('abcd');
      return [{ type: 't', start: at, end: at + 4, score: 1, detector: 'test' }];
    });
    // The span runs to where the next character came from: a trailing invisible character goes with it.
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toBe(`ab${ZWSP}${ZWSP}cd${SHY}`);
  });

  it('scans a long text with a few runs in windows, finding what folding it whole finds', () => {
    // Short pieces are folded whole; joined into a long text (runs far apart) they are scanned in windows.
    const filler = 'The quarterly report covers revenue, costs and the hiring plan for next year. '.repeat(300);
    const pieces = [
      `mail john${ZWSP}.smith@example.com today`,
      'Revenue grew 12–15% in 2019–2020; the delta was −3.5 dB.',
      `SSN ${fullwidth('536-22-1234')} and plain jane@example.org after it`,
      'escaped {"to":"jane\\u0040example.org","ssn":"536\\u002d22\\u002d1234"}',
      `a card 4111${ZWSP}1111${ZWSP}1111${ZWSP}1111 and a key AKIAZ3MSJV4W${SHY}WNKWW5FK`,
      'a quoted escape `\\u200b` in prose, next to ops@example.com',
    ];
    let text = '';
    const expected: Array<[string, number, number]> = [];
    for (const piece of pieces) {
      text += filler;
      for (const m of [...pii.scan(piece), ...secrets.scan(piece)])
        expected.push([m.type, m.start + text.length, m.end + text.length]);
      text += `${piece}\n`;
    }
    text += filler;
    // Fewer than one run per 8 margins (4,096 units): the windowed path.
    expect(text.length).toBeGreaterThan(4096 * 4 * pieces.length);
    const actual = [...pii.scan(text), ...secrets.scan(text)].map((m): [string, number, number] => [
      m.type,
      m.start,
      m.end,
    ]);
    const order = (a: [string, number, number], b: [string, number, number]) => a[1] - b[1] || a[2] - b[2];
    expect(actual.sort(order)).toEqual(expected.sort(order));
    // The disguised values of every piece but the dash ranges, and the plain addresses beside runs.
    expect(expected.map(([type]) => type)).toEqual([
      'email',
      'ssn',
      'email',
      'email',
      'ssn',
      'credit_card',
      'aws_access_key',
      'email',
    ]);
  });

  it('scans only the windows mayCover lets through, telling it where their runs sit in the view', () => {
    const filler = 'plain words in a long document. '.repeat(400);
    const text = `${filler}a dash \u2013 here${filler}mail j${ZWSP}ane@example.com${filler}`;
    const scanned: number[] = [];
    const asked: string[] = [];
    const scan = (t: string) => {
      scanned.push(t.length);
      const at = t.indexOf('jane@example.com');
      return at < 0 ? [] : [{ type: 'email', start: at, end: at + 16, score: 1, detector: 'test' }];
    };
    const found = scanFolded(text, scan, 512, false, (view, spans) => {
      // The units around each run, as the view has them.
      for (let k = 0; k < spans.length; k += 2) asked.push(view.slice(spans[k]! - 2, spans[k + 1]! + 2));
      return view.includes('@');
    });
    // The dash becomes '-'; the dropped ZWSP leaves an empty span between 'j' and 'a'.
    expect(asked).toEqual(['h - h', ' jan']);
    // The whole text, then the one window let through.
    expect(scanned).toHaveLength(2);
    expect(scanned[0]).toBe(text.length);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual([`j${ZWSP}ane@example.com`]);
  });

  it('stays linear on a flood of invisible characters', () => {
    const flood = `${ZWSP.repeat(500_000)}jane${SHY.repeat(200_000)}@example.com ${'\uff14'.repeat(300_000)}`;
    expectWithin(5000, () => {
      pii.scan(flood);
      secrets.scan(flood);
    });
  });
});
