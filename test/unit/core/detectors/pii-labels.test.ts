import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preparePiiDetector } from '../../../../src/core/detectors/pii.js';
import { numericRegions } from '../../../../src/core/detectors/pii-numeric-runs.js';
import { gluedValueStart, labelBefore } from '../../../../src/core/detectors/pii-labels.js';
import { applyReplacements, type MarkerOptions } from '../../../../src/core/detectors/redaction.js';

// The seed pack's categories.
const seed = preparePiiDetector({ types: ['email', 'phone', 'ssn', 'credit_card'] });

function found(text: string): Array<[string, string, number]> {
  return seed.scan(text).map((m) => [m.type, text.slice(m.start, m.end), m.start]);
}

describe('values glued to the label word of their entity', () => {
  it.each([
    ['ssn_536221234', 'ssn', '536221234'],
    ['ssn536221234', 'ssn', '536221234'],
    ['SSN536221234', 'ssn', '536221234'],
    ['ssn-536-22-1234', 'ssn', '536-22-1234'],
    ['ssn.536.22.1234', 'ssn', '536.22.1234'],
    ['user_ssn_536221234', 'ssn', '536221234'],
    ['userSsn536221234', 'ssn', '536221234'],
    ['socialSecurityNumber536221234', 'ssn', '536221234'],
    ['social_security_no_536-22-1234', 'ssn', '536-22-1234'],
    ['cc4539578763621486', 'credit_card', '4539578763621486'],
    ['CC_4539578763621486', 'credit_card', '4539578763621486'],
    ['cardnumber4539578763621486', 'credit_card', '4539578763621486'],
    ['card_number4539578763621486', 'credit_card', '4539578763621486'],
    ['cardNumber4539578763621486', 'credit_card', '4539578763621486'],
    ['card4539 5787 6362 1486', 'credit_card', '4539 5787 6362 1486'],
    ['pan_4539-5787-6362-1486', 'credit_card', '4539-5787-6362-1486'],
    ['tel_4155550134', 'phone', '4155550134'],
    ['Tel.4155550134', 'phone', '4155550134'],
    ['phoneNumber4155550134', 'phone', '4155550134'],
    ['mobile_+14155550134', 'phone', '+14155550134'],
    ['tel+44 20 7946 0958', 'phone', '+44 20 7946 0958'],
    ['fax_no415-555-0132', 'phone', '415-555-0132'],
    ['tel(415) 555-0132', 'phone', '(415) 555-0132'],
    ['phone.(415) 555-0132', 'phone', '(415) 555-0132'],
    ['cell_07700900123', 'phone', '07700900123'],
    // A label that ends no other word, at the end of a longer one (keys written in one case).
    ['USERSSN536221234', 'ssn', '536221234'],
    ['PATIENTSSN_536-22-1234', 'ssn', '536-22-1234'],
    ['customercreditcard4539578763621486', 'credit_card', '4539578763621486'],
    ['HOMEPHONENUMBER4155550134', 'phone', '4155550134'],
  ])('%s is a value of its label (the finding covers the number only)', (text, type, value) => {
    const at = text.length - value.length;
    expect(found(text)).toEqual([[type, value, at]]);
    // As in a log line, a form dump or a CSV row turned into keys.
    expect(found(`2026-11-24 07:01 user=a ${text} status=ok`)).toEqual([[type, value, at + 24]]);
    expect(found(`{"${text}": true}`)).toEqual([[type, value, at + 2]]);
  });

  it('reads the number as it reads it after the label with a space: its own checks decide', () => {
    for (const [glued, spaced] of [
      // Luhn, issuer, SSA rules, a specimen number, the NANP rules of a bare ten-digit number.
      ['cc4539578763621487', 'cc 4539578763621487'],
      ['card_9539578763621486', 'card 9539578763621486'],
      ['ssn_000221234', 'ssn 000221234'],
      ['ssn078051120', 'ssn 078051120'],
      ['ssn_536-22 1234', 'ssn 536-22 1234'],
      ['phone5551234567', 'phone 5551234567'],
      ['tel_415555013', 'tel 415555013'],
      // Groups after the value are read as after a spaced label: a second card is a card of its own.
      ['card4539 5787 6362 1486 4111 1111 1111 1111', 'card 4539 5787 6362 1486 4111 1111 1111 1111'],
      ['card4539 5787 6362 1487 4111 1111 1111 1111', 'card 4539 5787 6362 1487 4111 1111 1111 1111'],
      ['phone_415-555-0132 415-555-0199', 'phone 415-555-0132 415-555-0199'],
    ] as const) {
      const shift = glued.length - spaced.length;
      const expected = found(spaced).map(([type, value, at]): [string, string, number] => [type, value, at + shift]);
      expect(found(glued), glued).toEqual(expected);
    }
    expect(found('phone5551234567')).toEqual([]);
    expect(found('ssn_000221234')).toEqual([]);
  });

  it('leaves numbers of identifiers, hashes and other words alone', () => {
    for (const text of [
      'build_4539578763621486',
      'a4539578763621486b',
      'sha_4539578763621486',
      'id4539578763621486',
      'acct4539578763621486',
      'order_536221234',
      'build-536-22-1234',
      // The label is the end of another word, not a word of its own or a part of a compound.
      'hotel4155550134',
      'japan4539578763621486',
      'acc4539578763621486',
      'discard4539578763621486',
      'automobile4155550134',
      'deadbeefcc4539578763621486',
      'hotelno4155550134',
      'ACCNUMBER4539578763621486',
      // A digit before the label, or before the longer word a label ends: the middle of a hash or an id.
      '0a1cc4539578763621486',
      'x2ssn536221234',
      'x2userssn536221234',
      // A letter or a digit glued after the number makes it part of the token (a '_' or '-' before
      // another digit too).
      'ssn_536221234x',
      'card4539578763621486x',
      'tel_4155550134abc',
      'ssn_5362212345',
      'ssn_536221234_2',
      'cc4539578763621486-7',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('reads a labelled number that a separator sets off from the next part of the key as a part of its own', () => {
    for (const [text, type, value] of [
      ['ssn_536221234_verified', 'ssn', '536221234'],
      ['user_ssn_536-22-1234_masked', 'ssn', '536-22-1234'],
      ['tel_4155550134-home', 'phone', '4155550134'],
      ['cc4539578763621486_v2', 'credit_card', '4539578763621486'],
      ['card4539578763621486.pdf', 'credit_card', '4539578763621486'],
      ['USERSSN536221234_OK', 'ssn', '536221234'],
    ] as const) {
      const at = text.indexOf(value);
      expect(found(text), text).toEqual([[type, value, at]]);
      expect(found(`level=info ${text} done`), text).toEqual([[type, value, at + 11]]);
    }
    // Its own checks still decide (Luhn), and other words before a number are no labels.
    for (const text of ['cc4539578763621487_v2', 'build_4539578763621486_v2', 'sha_536221234_verified'])
      expect(found(text), text).toEqual([]);
  });

  it('a label names its own entity only, and only a requested one', () => {
    expect(found('ssn_4539578763621486')).toEqual([]);
    expect(found('cc536221234')).toEqual([]);
    expect(found('tel_536221234')).toEqual([]);
    const ssnOnly = preparePiiDetector({ types: ['ssn'] });
    expect(ssnOnly.scan('cc4539578763621486 tel_4155550134')).toEqual([]);
    expect(ssnOnly.scan('ssn_536221234').map((m) => [m.type, m.start, m.end])).toEqual([['ssn', 4, 13]]);
  });

  it('is found the same alone, in a long text and in a short text dense in numbers', () => {
    const dense = '4111 1111 1111 1111 x '.repeat(9);
    // More than eight seeds in a short text: it is scanned whole, not in numeric regions.
    expect(numericRegions(`${dense}ssn_536221234`, 8, 9)).toBeNull();
    const filler = 'The quarterly report covers revenue and costs. '.repeat(400);
    for (const text of ['ssn_536221234', 'cc4539578763621486', 'tel_4155550134', 'card4539 5787 6362 1486']) {
      const alone = found(text);
      expect(alone).toHaveLength(1);
      for (const before of [dense, filler, `${filler}${dense}`]) {
        const inside = found(`${before}${text} end`).filter(([, , at]) => at >= before.length);
        expect(inside, `${before.slice(0, 20)}|${text}`).toEqual(
          alone.map(([type, value, at]): [string, string, number] => [type, value, at + before.length]),
        );
      }
    }
  });

  it('property: a glued value is found at the same place alone and among prose and numbers', () => {
    const label = fc.constantFrom(
      'ssn',
      'SSN',
      'user_ssn',
      'USERSSN',
      'cc',
      'card',
      'cardNumber',
      'tel',
      'phone',
      'mobile',
    );
    const joiner = fc.constantFrom('', '_', '-', '.');
    const suffix = fc.constantFrom('', '', '_verified', '-home', '.pdf', 'x', '_2');
    const value = fc.constantFrom('536221234', '536-22-1234', '4539578763621486', '4539 5787 6362 1486', '4155550134');
    const piece = fc.constantFrom(
      'words ',
      '4111 1111 1111 1111 ',
      'a12 ',
      '+1 415-555-0132 ',
      '2026-11-24 ',
      ', ',
      '\n',
    );
    fc.assert(
      fc.property(label, joiner, value, suffix, fc.array(piece, { maxLength: 30 }), (l, j, v, x, around) => {
        const text = `${l}${j}${v}${x}`;
        const before = `${around.join('')} `;
        const alone = found(text).map(([type, s, at]): [string, string, number] => [type, s, at + before.length]);
        // A '; ' after it: groups after the number would be read with it (the phone reader's layouts).
        const inside = found(`${before}${text}; ${around.join('')}`).filter(
          ([, , at]) => at >= before.length && at < before.length + text.length,
        );
        expect(inside).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });

  it('redacts the number and keeps the label, in every marker format', () => {
    const text = 'ssn_536221234 cc4539578763621486 tel_4155550134';
    const spans = seed.scan(text);
    const redact = (options: MarkerOptions): string => applyReplacements(text, spans, options);
    expect(redact({ format: 'label' })).toBe('ssn_[SSN_REDACTED] cc[CREDIT_CARD_REDACTED] tel_[PHONE_REDACTED]');
    expect(redact({ format: 'asterisks' })).toBe('ssn_********* cc**************** tel_**********');
    expect(redact({ format: 'partial' })).toBe('ssn_*****1234 cc************1486 tel_******0134');
    expect(redact({ format: 'hash' })).toMatch(
      /^ssn_\[SSN_[0-9a-f]{12}\] cc\[CREDIT_CARD_[0-9a-f]{12}\] tel_\[PHONE_[0-9a-f]{12}\]$/,
    );
    for (const format of ['label', 'asterisks', 'partial', 'hash'] as const)
      expect(seed.scan(redact({ format }))).toEqual([]);
  });

  it('does not read a hash marker of its own (`[PHONE_012345678901]`) as a label and a number', () => {
    // Twelve hex digits that happen to be decimal digits: a trunk-0 number after a phone word otherwise.
    expect(found('phone_012345678901')).toEqual([['phone', '012345678901', 6]]);
    expect(found('[PHONE_012345678901]')).toEqual([]);
    expect(found('reach me: [phone_012345678901]')).toEqual([['phone', '012345678901', 17]]);
  });
});

describe('glued labels: where the value starts and which label ends before it', () => {
  it('gluedValueStart: a run right after a letter or "_", or a "-" or "." after a letter and then the number', () => {
    const at = (text: string, runStart: number): number => gluedValueStart(text, runStart);
    expect(at('ssn536221234', 3)).toBe(3);
    expect(at('ssn_536221234', 4)).toBe(4);
    expect(at('ssn-536-22-1234', 3)).toBe(4);
    expect(at('tel.+14155550134', 3)).toBe(4);
    expect(at('tel+14155550134', 3)).toBe(3);
    expect(at('tel(415) 555-0132', 3)).toBe(3);
    expect(at('tel_(+44) 20 7946 0958', 4)).toBe(4);
    expect(at('tel((415', 3)).toBe(-1);
    expect(at('536221234', 0)).toBe(-1);
    expect(at('ssn 536221234', 3)).toBe(-1);
    expect(at('ssn:536221234', 4)).toBe(-1);
    expect(at('ssn--536221234', 3)).toBe(-1);
    expect(at('ssn_-536221234', 4)).toBe(-1);
  });

  it('labelBefore: the longest label that starts a word or a part of one', () => {
    const label = (text: string): string | undefined => labelBefore(text, text.length);
    expect(label('ssn')).toBe('ssn');
    expect(label('x.social_security_number_')).toBe('ssn');
    expect(label('creditCardNo')).toBe('credit_card');
    expect(label('mobile_phone-')).toBe('phone');
    expect(label('mobilephone')).toBe('phone');
    expect(label('telephone')).toBe('phone');
    expect(label('hotel')).toBeUndefined();
    expect(label('number')).toBeUndefined();
    expect(label('ssn2')).toBeUndefined();
    expect(label('é_ssn')).toBe('ssn');
    expect(label('éssn')).toBeUndefined();
    expect(label('Ωssn')).toBeUndefined();
    expect(label('\u201cssn')).toBe('ssn');
    expect(label('«cc')).toBe('credit_card');
    expect(label('[SSN_')).toBeUndefined();
    expect(label('[ssn_')).toBe('ssn');
  });
});
