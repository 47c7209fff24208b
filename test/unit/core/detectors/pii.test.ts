import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, luhnValid } from '../../../../src/core/detectors/checksums.js';
import { canonicalPiiType, PII_TYPES, preparePiiDetector } from '../../../../src/core/detectors/pii.js';
import { ssnValid } from '../../../../src/core/detectors/pii-recognizers.js';
import { resolveOverlaps, type TextMatch } from '../../../../src/core/detectors/match.js';
import { expectSortedDisjointSpans } from '../../../helpers/spans.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

const all = preparePiiDetector({ types: [...PII_TYPES] });

function found(text: string, types: readonly string[] = PII_TYPES): Array<[string, string]> {
  const det = types === PII_TYPES ? all : preparePiiDetector({ types });
  return det.scan(text).map((m) => [m.type, text.slice(m.start, m.end)]);
}

describe('preparePiiDetector', () => {
  it('accepts aliases and reports unknown names instead of throwing', () => {
    const det = preparePiiDetector({ types: ['EMAIL', 'phone_number', 'address', 'person_name'] });
    expect(det.types).toEqual(['email', 'phone', 'street_address']);
    expect(det.unknownTypes).toEqual(['person_name']);
    expect(canonicalPiiType('Driver License')).toBe('drivers_license');
    // Names of Object.prototype members are unknown types, not its functions.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(canonicalPiiType(name)).toBeUndefined();
    expect(preparePiiDetector({ types: ['email', 'constructor'] }).unknownTypes).toEqual(['constructor']);
  });

  it('reports only the requested types even when rivals ran', () => {
    expect(found('card 4111 1111 1111 1111, call (415) 555-0132', ['phone'])).toEqual([['phone', '(415) 555-0132']]);
  });

  it('returns nothing for empty text or no types', () => {
    expect(all.scan('')).toEqual([]);
    expect(preparePiiDetector({ types: [] }).scan('a@example.com')).toEqual([]);
  });
});

describe('email', () => {
  it('finds addresses and skips hosts without a TLD', () => {
    expect(found("Mail jane.o'neil+tag@mail.example.co.uk, not admin@localhost.", ['email'])).toEqual([
      ['email', "jane.o'neil+tag@mail.example.co.uk"],
    ]);
    expect(found('user at example dot com', ['email'])).toEqual([]);
  });

  it('does not take the userinfo of a URL, an scp/git target or an ssh login for an email', () => {
    for (const text of [
      'DATABASE_URL=postgres://admin:S3cr3tP4ss@db.example.com:5432/app',
      'SMTP_URL=smtp://mailer:pw-9x!z@smtp.example.com:587',
      'see https://deploy@example.com/status',
      'git clone git@github.com:acme/repo.git',
      'scp dump.sql deploy@web.example.com:/srv/backups/',
      'ssh ubuntu@ec2-1-2-3-4.compute.amazonaws.com',
      'run `ssh -i key.pem -p 2222 ops@bastion.example.com` first',
    ])
      expect(found(text, ['email']), text).toEqual([]);
    // Real addresses next to the same shapes stay emails.
    expect(found('mailto:bob@example.com', ['email'])).toEqual([['email', 'bob@example.com']]);
    expect(found('https://example.com/?email=bob@example.com', ['email'])).toEqual([['email', 'bob@example.com']]);
    expect(found('write to bob@example.com: thanks', ['email'])).toEqual([['email', 'bob@example.com']]);
    expect(found('list a@example.com:b@example.org', ['email'])).toEqual([
      ['email', 'a@example.com'],
      ['email', 'b@example.org'],
    ]);
    expect(found('the ssh key owner is bob@example.com', ['email'])).toEqual([['email', 'bob@example.com']]);
  });

  it('finds addresses glued to the words and punctuation around them', () => {
    for (const [text, address] of [
      ['Email:jane@example.com', 'jane@example.com'],
      ['(jane@example.com)', 'jane@example.com'],
      ['Contact:jane@example.com;bob', 'jane@example.com'],
      ['Reach me at user@sub.example.co.uk.', 'user@sub.example.co.uk'],
    ] as const)
      expect(found(text, ['email']), text).toEqual([['email', address]]);
  });

  it('finds an address followed by a port or a glued word (they were taken for an scp path)', () => {
    for (const [text, address] of [
      ['SMTP login jane@mail.example.com:587', 'jane@mail.example.com'],
      ['relay through jane@sub.example.co.uk:25 now', 'jane@sub.example.co.uk'],
      ['reply to jane@example.com:thanks', 'jane@example.com'],
    ] as const)
      expect(found(text, ['email']), text).toEqual([['email', address]]);
    // A path after the colon is still an scp / rsync / git target, and a host without a TLD no address.
    for (const text of [
      'scp dump.sql deploy@web.example.com:backup.sql',
      'rsync -av jane@host.example.com:~/data .',
      'git@github.com:acme/repo.git',
      'jane@host:25',
    ])
      expect(found(text, ['email']), text).toEqual([]);
  });

  it('finds an address whose @ is percent-encoded, as a URL carries it (it was left in request logs)', () => {
    expect(found('GET /reset?email=jane%40example.com&next=%2F', ['email'])).toEqual([['email', 'jane%40example.com']]);
    expect(found('jane.doe%2Btag%40mail.example.org', ['email'])).toEqual([
      ['email', 'jane.doe%2Btag%40mail.example.org'],
    ]);
    // Encoded separators before it (a space, ':', '/', '=') are not part of the address; the bytes of a
    // letter are, and with a plain '@' a '%' belongs to the address.
    expect(found('href=mailto%3Ajane%40example.com', ['email'])).toEqual([['email', 'jane%40example.com']]);
    expect(found('to=jos%C3%A9%40example.es', ['email'])).toEqual([['email', 'jos%C3%A9%40example.es']]);
    expect(found('mailto:Mike%26family@example.org', ['email'])).toEqual([['email', 'Mike%26family@example.org']]);
    // Without a domain after it, or a local part before it, a '%40' is no address; the login of a URL stays a login.
    for (const text of [
      'grew 100%40 in a year',
      'a%40b',
      'follow%20%40jane.example.social',
      'smp%3A%2F%2FU2dS9sG8%3D%40smp4.example.im%2F8K',
      'postgres://jane%40corp:S3cret@db.example.com/app',
    ])
      expect(found(text, ['email']), text).toEqual([]);
  });

  it('takes internationalised addresses whole (the accented start of the local part was left unredacted)', () => {
    for (const address of [
      'müller@beispiel.de',
      'josé.garcía@empresa.es',
      'info@münchen.de',
      'ivan@пример.рф',
      'γιώργος@παράδειγμα.ελ',
      'user@xn--80ak6aa92e.xn--p1ai',
    ])
      expect(found(`write to ${address} today`, ['email']), address).toEqual([['email', address]]);
  });

  it('keeps an ASCII address apart from the letters of unspaced scripts around it', () => {
    expect(found('请联系john@example.com获取', ['email'])).toEqual([['email', 'john@example.com']]);
    expect(found('メールはjane@example.co.jpまで', ['email'])).toEqual([['email', 'jane@example.co.jp']]);
    expect(found('почта jane@example.comсегодня', ['email'])).toEqual([['email', 'jane@example.com']]);
    expect(found('a@b.cξ and @jane or café@ home', ['email'])).toEqual([]);
  });
});

describe('values glued to the end of an email address (form fields pasted without separators)', () => {
  it('ends the address before the digits and reads the number after it', () => {
    expect(found('jane@example.com4111111111111111')).toEqual([
      ['email', 'jane@example.com'],
      ['credit_card', '4111111111111111'],
    ]);
    expect(found('contact: jane@example.com536-22-1234', ['email', 'ssn'])).toEqual([
      ['email', 'jane@example.com'],
      ['ssn', '536-22-1234'],
    ]);
    expect(found('jane@example.com415-555-0132', ['email', 'phone'])).toEqual([
      ['email', 'jane@example.com'],
      ['phone', '415-555-0132'],
    ]);
    // The number's own checks still decide (Luhn), and a count glued on is no value.
    expect(found('jane@example.com4111111111111112')).toEqual([['email', 'jane@example.com']]);
    expect(found('jane@example.com2024 report')).toEqual([['email', 'jane@example.com']]);
    // A top-level label is letters: one letter before the digit is no domain.
    expect(found('a@b.c0m', ['email'])).toEqual([]);
  });
});

describe('phone', () => {
  it.each([
    '(415) 555-0132',
    '415-555-0132',
    '415.555.0132',
    '+1 415 555 0132',
    '+44 20 7946 0958',
    '+44 (0)20 7946 0958',
    '020 7946 0958',
    '07700 900123',
    '+49 30 12345678',
    '030 12345678',
    '+33 1 23 45 67 89',
    '01 23 45 67 89',
    '+91 98765 43210',
    '+55 11 91234-5678',
    '(11) 91234-5678',
    // Manila's landlines have nine digits after +63 (area code 2 and eight digits), mobiles ten.
    '+63 2 8123 4567',
    '+63 917 123 4567',
  ])('finds %s with exact offsets', (phone) => {
    expect(found(`Please call ${phone} today.`, ['phone'])).toEqual([['phone', phone]]);
  });

  it('lets a nearer identifier word outweigh the digit layout', () => {
    expect(found('The meeting ID is 095 2142 8638.', ['phone'])).toEqual([]);
    expect(found('Caller ID: 415-555-0132', ['phone'])).toEqual([['phone', '415-555-0132']]);
    expect(found('Order 415-555-0132 shipped, call 415-555-0199 for help', ['phone'])).toEqual([
      ['phone', '415-555-0199'],
    ]);
  });

  it.each([
    'Total: 415 555 0132 tokens',
    '415 555 0132 tokens',
    'Size: 415 555 0132 bytes',
    'a total of 415 555 0132 requests',
    'the job took 415 555 0132 ms',
    'Count: 415 555 0132',
    'Number of users: 415 555 0132',
    '{"total_tokens": "415 555 0132"}',
    'requestCount=415 555 0132',
    'Total 98765 43210 users',
    'Total:\u00a0415\u00a0555\u00a00132',
  ])('a number in blank-separated groups with a counting noun or a quantity label is a count: %j', (text) => {
    expect(found(text, ['phone'])).toEqual([]);
  });

  it.each([
    // What follows a phone number in prose is no counting noun.
    ['call 415 555 0132 today', '415 555 0132'],
    ['call me at 415 555 0132 tomorrow', '415 555 0132'],
    ['Phone: 415 555 0132', '415 555 0132'],
    ['415 555 0132 (mobile)', '415 555 0132'],
    ['415 555 0132 lines open 9-5', '415 555 0132'],
    // A phone word in the clause still decides, as it does over an identifier word.
    ['Phone: 415 555 0132 tokens', '415 555 0132'],
    // No count is written with dashes, parentheses, a '+' or a leading 0.
    ['Total: 415-555-0132', '415-555-0132'],
    ['Total: (415) 555 0132', '(415) 555 0132'],
    ['Total: +1 415 555 0132', '+1 415 555 0132'],
    ['020 7946 0958 tokens', '020 7946 0958'],
    // Max is a name as well as a quantity.
    ['Max: 415 555 0132', '415 555 0132'],
  ])('a phone number stays one beside quantity words that do not make it a count: %j', (text, phone) => {
    expect(found(text, ['phone'])).toEqual([['phone', phone]]);
  });

  it('finds more international forms whole (they were missed or cut)', () => {
    for (const [text, phone] of [
      // A country code in parentheses: the '(' was left before the marker.
      ['phone (+44) 20 7946 0958', '(+44) 20 7946 0958'],
      // A dotted number after a country code and a space: the '+1' was left.
      ['call me at +1 415.555.0132', '+1 415.555.0132'],
      ['appelez +33 1.23.45.67.89', '+33 1.23.45.67.89'],
      // China mobile, grouped 3-4-4 or, with a phone word, in one group; Chinese and Cyrillic phone words.
      ['phone 138 0013 8000', '138 0013 8000'],
      ['mobile 138-0013-8000', '138-0013-8000'],
      ['手机13800138000', '13800138000'],
      ['请拨打电话13800138000', '13800138000'],
      ['телефон 4155550132', '4155550132'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', phone]]);
    for (const text of ['version 138.0013.8000', 'ID 13800138000', 'order 138 0013 8000', 'row 13800138000'])
      expect(found(text, ['phone']), text).toEqual([]);
  });

  it('reads the phone words of other European languages, and nine-digit national numbers after them', () => {
    for (const [text, phone] of [
      // Forms that need a phone word were missed after these (the layouts without one were found).
      ['Teléfono: 4155550134', '4155550134'],
      ['teléfono: 0612345678', '0612345678'],
      ['Telefonnummer 07700900123', '07700900123'],
      ['Tél.: 0612345678', '0612345678'],
      ['GSM 0470123456', '0470123456'],
      // Spain, Portugal, Poland: nine digits and no trunk prefix.
      ['Teléfono: 91 123 45 67', '91 123 45 67'],
      ['Teléfono: 912 34 56 78', '912 34 56 78'],
      ['Móvil: 612 345 678', '612 345 678'],
      ['Telefone: 21 123 4567', '21 123 4567'],
      ['Telefon: 512 345 678', '512 345 678'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', phone]]);
    // Nine grouped digits without a phone word, after an identifier word, or in an SSN's groups are not.
    for (const text of [
      'ref 91 123 45 67',
      'Pedido 912 345 678',
      'order no 612 345 678',
      'total 612 345 678',
      'teléfono 536 22 1234',
    ])
      expect(found(text, ['phone']), text).toEqual([]);
  });

  it('finds a national number written without separators after a phone word, as a bare NANP number', () => {
    for (const number of ['07700900123', '0612345678', '0412345678', '09012345678', '015112345678'])
      for (const text of [
        `mobile: ${number}`,
        `Mobile:${number}`,
        `{"phone":"${number}"}`,
        `{"mobileNo": "${number}"}`,
      ])
        expect(found(text, ['phone']), text).toEqual([['phone', number]]);
    // Without a phone word (or after an identifier word) the same digits are as likely an id.
    for (const text of ['ref 07700900123', 'id: 0612345678', 'balance 0412345678', 'tel 00000000000', 'tel 0123'])
      expect(found(text, ['phone']), text).toEqual([]);
  });

  it('an identifier word ending in a phone word ("order no", "case number") outweighs it', () => {
    for (const text of [
      'order no 4155550132',
      'invoice number 4155550132',
      'case number 0312345678',
      'account no. 0612345678',
      'ticket# 0612345678',
      '{"orderNo": "0612345678"}',
    ])
      expect(found(text, ['phone']), text).toEqual([]);
    // A phone phrase that ends with an identifier word is a phone word.
    expect(found('Caller ID: 4155550132', ['phone'])).toEqual([['phone', '4155550132']]);
    expect(found('phone no 4155550132', ['phone'])).toEqual([['phone', '4155550132']]);
    expect(found('mobile number 07700900123', ['phone'])).toEqual([['phone', '07700900123']]);
  });

  it('reads a country code written without its "+" after a phone word (forms and CRM exports drop it)', () => {
    for (const number of [
      '44 20 7946 0958',
      '49 30 12345678',
      '91 98450 12345',
      '33 1 42 68 53 00',
      '61 412 345 678',
      '81 90 1234 5678',
    ]) {
      expect(found(`Phone: ${number}`, ['phone']), number).toEqual([['phone', number]]);
      // Without a phone word, or with a national length the code does not have, they are other numbers.
      expect(found(`scores ${number} today`, ['phone']), number).toEqual([]);
    }
    for (const text of [
      'phone 33 12 34 56 78',
      'tel 44 1 2 3 4 5 6 7 8 9',
      'order no 44 20 7946 0958',
      'reach 7 100 200 30 40 units',
    ])
      expect(found(text, ['phone']), text).toEqual([]);
  });

  it('reads a Brazilian number without parentheses and the abbreviations of signatures as phone words', () => {
    for (const [text, number] of [
      ['Fone: 11 98765-4321', '11 98765-4321'],
      ['Celular: 21 3456-7890', '21 3456-7890'],
      ['Ph: 91 98450 12345', '91 98450 12345'],
      ['Mob. 21 98765-4321', '21 98765-4321'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', number]]);
    // No phone word, or an area code no Brazilian one is (they never end in 0): not a number.
    for (const text of ['range 11 98765-4321', 'Fone: 10 98765-4321']) expect(found(text, ['phone']), text).toEqual([]);
  });

  it('reads no two-digit trunk area code 01 (the tail of a UPS tracking number), unlike the 02 of Australia', () => {
    expect(found('UPS 1Z 999 AA1 01 2345 6784 is on the truck.', ['phone'])).toEqual([]);
    expect(found('Sydney office 02 9374 4000', ['phone'])).toEqual([['phone', '02 9374 4000']]);
  });

  it('reads the slash set off by spaces after a German area code (030 / 123 456 78) as part of the number', () => {
    for (const number of ['030 / 123 456 78', '089 / 12 34 56 78', '0171 / 2345678'])
      expect(found(`Tel. ${number}`, ['phone']), number).toEqual([['phone', number]]);
    // The same after the country code, the area code without its trunk 0 (or with it in parentheses).
    for (const number of [
      '+49 30 / 123 456 78',
      '+49 (0)30 / 123 456 78',
      '0049 30 / 123 456 78',
      '+49 89 / 1234 5678',
      '+43 1 / 234 5678',
    ])
      expect(found(`Tel. ${number}`, ['phone']), number).toEqual([['phone', number]]);
    expect(found('+49 30 / 0123 456', ['phone'])).toEqual([]);
    // Elsewhere a spaced slash lists two numbers, each found alone.
    expect(found('Tel 020 7946 0958 / 020 7946 0959', ['phone'])).toEqual([
      ['phone', '020 7946 0958'],
      ['phone', '020 7946 0959'],
    ]);
    expect(found('tel 555-0100 / 555-0199', ['phone'])).toEqual([]);
  });

  it('a "no" taken into an identifier phrase does not raise a grouped number as a phone word would', () => {
    // These layouts are phones on their own; after "part" or "order" they are ids, and so after
    // "part no." ("no" was counted as a phone word and the number stayed a phone).
    for (const [word, number] of [
      ['part', '020-7946-0958'],
      ['order', '020 7946 0958'],
      ['part', '415-555-0132'],
    ]) {
      expect(found(`${word} ${number}`, ['phone'])).toEqual([]);
      for (const phrase of [`${word} no.`, `${word} no`, `${word} number`])
        expect(found(`${phrase} ${number} replaces the old one`, ['phone']), phrase).toEqual([]);
      expect(found(`phone no. ${number}`, ['phone'])).toEqual([['phone', number]]);
    }
  });

  it('finds every number of a line of numbers, not only the first (the others were left unredacted)', () => {
    expect(found('Phone / Fax: 415-555-0132 415-555-0199', ['phone'])).toEqual([
      ['phone', '415-555-0132'],
      ['phone', '415-555-0199'],
    ]);
    expect(found('phones: 415-555-0132 (415) 555-0199 415.555.0123', ['phone'])).toEqual([
      ['phone', '415-555-0132'],
      ['phone', '(415) 555-0199'],
      ['phone', '415.555.0123'],
    ]);
    // Bare ten-digit numbers in a list, with a phone word (each alone needs one).
    expect(found('call 4155550132 4155550199', ['phone'])).toEqual([
      ['phone', '4155550132'],
      ['phone', '4155550199'],
    ]);
    expect(found('Phones: 4155550132, 4155550199', ['phone'])).toEqual([
      ['phone', '4155550132'],
      ['phone', '4155550199'],
    ]);
    expect(found('order 4155550132 4155550199', ['phone'])).toEqual([]);
    // The groups after a number still need their own layout: a stray digit group is not a phone.
    expect(found('call 415-555-0132 2', ['phone'])).toEqual([['phone', '415-555-0132']]);
  });

  it('reads a bare number followed by a date, a time or another number as the number and the rest (it gave nothing)', () => {
    for (const [text, phone] of [
      ['phone 4155550134 2026-11-24', '4155550134'],
      ['phone 4155550134 2026-11-24T10:30', '4155550134'],
      ['phone 4155550134 10:30', '4155550134'],
      ['phone 4155550134 24 11 2026', '4155550134'],
      ['call 4155550134 42 times', '4155550134'],
      ['mobile 07700900123 12345', '07700900123'],
      // Before it, a unit of its own (a date, the minutes of a time, a country code written without '+').
      ['phone 2026-11-24 4155550134', '4155550134'],
      ['call at 10:30 4155550134', '4155550134'],
      ['call 1 4155550134', '4155550134'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', phone]]);
    expect(found('phone 4155550134 415 555 0199', ['phone'])).toEqual([
      ['phone', '4155550134'],
      ['phone', '415 555 0199'],
    ]);
    expect(found('phone 415 555 0199 4155550134', ['phone'])).toEqual([
      ['phone', '415 555 0199'],
      ['phone', '4155550134'],
    ]);
    expect(found('phone 4155550134 536-22-8765')).toEqual([
      ['phone', '4155550134'],
      ['ssn', '536-22-8765'],
    ]);
    // Still a phone word's number only, never glued to the next token, nor the tail of a blob of groups.
    for (const text of [
      'order 4155550134 2026-11-24',
      'at 4155550134 2026-11-24',
      'phone 4155550134-2026-11-24',
      'phone 4155550134.2026',
      'phone 1234 5678 4155550134',
    ])
      expect(found(text, ['phone']), text).toEqual([]);
  });

  it('reads a spaced number followed or preceded by a year as the number and the year (it gave nothing)', () => {
    for (const [text, phone] of [
      ['phone 415 555 0132 2026', '415 555 0132'],
      ['Tel: 415 555 0132 1999 model', '415 555 0132'],
      ['call 020 7946 0958 2026', '020 7946 0958'],
      ['appelez le 01 23 45 67 89 2026', '01 23 45 67 89'],
      ['mobile 98765 43210 2026', '98765 43210'],
      ['On 24 Nov 2026 415 555 0132 called', '415 555 0132'],
      // (already read: a date, a time or a count after it)
      ['phone 415 555 0132 2026-11-24', '415 555 0132'],
      ['phone 415 555 0132 10:30', '415 555 0132'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', phone]]);
    // Groups of four throughout are the head of an account or card number, a year or not; another group
    // that is no year still continues the blob.
    for (const text of ['acct 0123 4567 8901 2026', 'phone 0123 4567 8901 2026', 'phone 415 555 0132 2150'])
      expect(found(text, ['phone']), text).toEqual([]);
  });

  it('reads a line of numbers longer than one run (40 characters) whole: a number across the cut, and none made of the pieces', () => {
    expect(
      found('415-555-0132 415-555-0199 415-555-0188 415-555-0177 415-555-0166', ['phone']).map((f) => f[1]),
    ).toEqual(['415-555-0132', '415-555-0199', '415-555-0188', '415-555-0177', '415-555-0166']);
    expect(found('Tel 020 7946 0958 020 7946 0959 020 7946 0960 020 7946 0961', ['phone'])).toHaveLength(4);
    // The cut fell inside the second SSN: the end of one and the start of the other were read as a phone,
    // which won over both SSNs and left pieces of them in the text (found by the redaction property test).
    expect(found('4111 1111 1111 1111 001-01-0001 / 001-01-0001')).toEqual([
      ['credit_card', '4111 1111 1111 1111'],
      ['ssn', '001-01-0001'],
      ['ssn', '001-01-0001'],
    ]);
    // A number never ends inside a token glued by '-' (the end of one SSN, what follows it set off by spaces).
    expect(found('002-01-0001 001-01-0001 4111 1111 1111 1111 ')).toEqual([
      ['ssn', '002-01-0001'],
      ['ssn', '001-01-0001'],
      ['credit_card', '4111 1111 1111 1111'],
    ]);
    // A slash set off by spaces lists values; it does not glue the end of an SSN to the start of a card
    // into an international number (00 1 200 200 4111) that hid both (found by the redaction property test).
    expect(found('call 001-20-0200 / 4111 1111 1111 1111 ')).toEqual([
      ['ssn', '001-20-0200'],
      ['credit_card', '4111 1111 1111 1111'],
    ]);
    expect(found('call 415-555-0132 / 415-555-0199', ['phone'])).toEqual([
      ['phone', '415-555-0132'],
      ['phone', '415-555-0199'],
    ]);
    expect(found('Tel. 030/1234567', ['phone'])).toEqual([['phone', '030/1234567']]);
    // ... and where the cut left one or two digits, which read as a count after a number.
    expect(found('4111 1111 1111 1111 002-01-0001 / 001-01-0001 ')).toEqual([
      ['credit_card', '4111 1111 1111 1111'],
      ['ssn', '002-01-0001'],
      ['ssn', '001-01-0001'],
    ]);
  });

  it('finds a number grouped by the same spaces as the number, SSN or count written beside it', () => {
    expect(found('Tel 020 7946 0958 020 7946 0959', ['phone'])).toEqual([
      ['phone', '020 7946 0958'],
      ['phone', '020 7946 0959'],
    ]);
    expect(found('SSN 536-22-8765 0044 20 7946 0958')).toEqual([
      ['ssn', '536-22-8765'],
      ['phone', '0044 20 7946 0958'],
    ]);
    // A count written after the number is not more of it.
    expect(found('Call +44 20 7946 0958 24 hours a day', ['phone'])).toEqual([['phone', '+44 20 7946 0958']]);
    expect(found('Call us on 01 23 45 67 89 7 days a week', ['phone'])).toEqual([['phone', '01 23 45 67 89']]);
    expect(found('phone 415 555 0132 24 hours', ['phone'])).toEqual([['phone', '415 555 0132']]);
    // Groups of four throughout are an account or card number, not two phone numbers.
    expect(found('acct 0123 4567 8901 0234 5678 9012', ['phone'])).toEqual([]);
  });

  it('reads a number beside other numbers without borrowing their groups (found by the redaction property test)', () => {
    for (const [text, phone] of [
      // The serial of an SSN glued by '-' is not the start of a number; an area code never ends one.
      ['001-01-0067 (212) 555-0199 415-555-0132', '(212) 555-0199'],
      ['002-01-0001 (212) 555-0199 415-555-0132', '(212) 555-0199'],
      // A dash with spaces beside it sets off what bare dashes join.
      ['001-01-0001 - 415-555-0132 415-555-0132', '415-555-0132'],
      ['12:30 - 415-555-0132 415-555-0132', '415-555-0132'],
      // "00" then an area code in parentheses, or a ')' that closes nothing in the number: the "00" ends
      // what came before (here an IBAN).
      ['DE89 3704 0044 0532 0130 00 (212) 555-0199', '(212) 555-0199'],
      ['DE89 3704 0044 0532 0130 00 (415-555-0132', '415-555-0132'],
      ['DE89 3704 0044 0532 0130 00) 415-555-0132', '415-555-0132'],
      ['(0199) (212) 555-0199', '(212) 555-0199'],
      ['(212) 555-0199) 0199', '(212) 555-0199'],
      // A run longer than the reader's 40 characters, cut inside the number.
      ['10.0.0.1 4111 1111 1111 1111  (212) 555-0199', '(212) 555-0199'],
      // A '+' number ends where its country's layout does, whatever follows in the same grouping.
      ['+33 1 23 45 67 89 2024', '+33 1 23 45 67 89'],
      ['+44 20 7946 0958 4111 1111 1111 1111', '+44 20 7946 0958'],
    ] as const)
      expect(
        found(text, ['phone']).map((f) => f[1]),
        text,
      ).toContain(phone);
    expect(found('call 415 - 555 - 0132', ['phone'])).toEqual([['phone', '415 - 555 - 0132']]);
    expect(found('+44 20 7946 0958 4111 1111 1111 1111', ['phone', 'credit_card'])).toEqual([
      ['phone', '+44 20 7946 0958'],
      ['credit_card', '4111 1111 1111 1111'],
    ]);
  });

  it('reports a parenthesised area code with its "(" after a slash (a lone "(" was left before the marker)', () => {
    expect(found('Tel/Fax/(415) 555-0132', ['phone'])).toEqual([['phone', '(415) 555-0132']]);
  });

  it('reports a whole number in parentheses without them (its "(" was taken, its ")" left: "[PHONE_REDACTED])")', () => {
    for (const [text, phone] of [
      ['call (4155550134) now', '4155550134'],
      ['mobile (07700900123)', '07700900123'],
      ['reach me (+14155550134)', '+14155550134'],
      ['(+44 2079460958)', '+44 2079460958'],
      // An area code or a country code in parentheses opens a number of more groups: taken with it.
      ['call (415) 555-0132', '(415) 555-0132'],
      ['call (+44) 20 7946 0958', '(+44) 20 7946 0958'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', phone]]);
  });

  it('finds a number glued to its label, "+" after an abbreviation\'s dot included (only the national part was left)', () => {
    for (const [text, phone] of [
      ['tel:+1-415-555-0100', '+1-415-555-0100'],
      ['Phone:(415) 555-0132', '(415) 555-0132'],
      ['Tel.+49 30 12345678', '+49 30 12345678'],
      ['Ph.+1 415 555 0132', '+1 415 555 0132'],
      ['Tel.+44 20 7946 0958', '+44 20 7946 0958'],
    ] as const)
      expect(found(text, ['phone']), text).toEqual([['phone', phone]]);
    // A '+' after a digit's dot is no start of a number.
    expect(found('v1.+49 30 12345678', ['phone'])).toEqual([]);
  });

  it('finds the "00" international form written without spaces, with a phone word (as a bare NANP number)', () => {
    expect(found('call 00442079460958 tomorrow', ['phone'])).toEqual([['phone', '00442079460958']]);
    expect(found('my number is 0014155550132', ['phone'])).toEqual([['phone', '0014155550132']]);
    // Without one it is as likely a zero-padded id.
    expect(found('ref 00442079460958', ['phone'])).toEqual([]);
    expect(found('order 00442079460958', ['phone'])).toEqual([]);
  });

  it.each([
    '2024-01-15',
    '12:30:45',
    '192.168.1.20',
    '123-45-6789',
    '4111 1111 1111 1111',
    'v1.2.3.4',
    'ISBN 978-3-16-148410-0',
    '5012',
    '$1,249.50',
  ])('does not report %s as a phone', (text) => {
    expect(found(`value ${text} here`, ['phone'])).toEqual([]);
  });
});

describe('phone: extensions', () => {
  it.each([
    ['Call +1 (415) 555-0132 ext. 12 today', '+1 (415) 555-0132 ext. 12'],
    ['Call +1 (415) 555-0132 x12 today', '+1 (415) 555-0132 x12'],
    ['Call 415-555-0132, extension 4410 after nine', '415-555-0132, extension 4410'],
    ['Call 415-555-0132 Ext: 7', '415-555-0132 Ext: 7'],
    ['Call 415-555-0132x123', '415-555-0132x123'],
    ['+44 20 7946 0958 ext 204', '+44 20 7946 0958 ext 204'],
  ])('takes the extension with the number (it was left in clear beside the redaction): %j', (text, phone) => {
    expect(found(text)).toEqual([['phone', phone]]);
  });

  it.each([
    ['Call 415-555-0132 extra lines', '415-555-0132'],
    ['Call 415-555-0132 x2048x1536 screen', '415-555-0132'],
    ['Call 415-555-0132 next', '415-555-0132'],
  ])('not a word or a token that only starts like one: %j', (text, phone) => {
    expect(found(text)).toEqual([['phone', phone]]);
  });
});

describe('phone: byte dumps', () => {
  it.each([
    'console.log(buf); // Prints: <Buffer 01 02 03 04 05>',
    '// contents may vary: <Buffer a0 8b 28 3f 01 00 00 00 50 32>',
    'frame: 7f 3a 01 23 45 67 89 0c ff',
    'bytes 01 23 45 67 89 de ad be ef',
  ])('pairs of a hex dump are bytes, not a phone: %s', (text) => {
    expect(found(text, ['phone'])).toEqual([]);
  });

  it.each([
    ['appelez le 01 23 45 67 89 de 9h à 18h', '01 23 45 67 89'],
    ['Tel: 01 23 45 67 89 ab sofort', '01 23 45 67 89'],
    ['Buffer zone office: 01 23 45 67 89', '01 23 45 67 89'],
  ])('a French number next to ordinary words stays a phone: %s', (text, phone) => {
    expect(found(text, ['phone'])).toEqual([['phone', phone]]);
  });
});

describe('ssn', () => {
  it('applies the SSA rules', () => {
    expect(ssnValid('123', '45', '6788')).toBe(true);
    for (const [a, g, s] of [
      ['000', '12', '3456'],
      ['666', '12', '3456'],
      ['912', '12', '3456'],
      ['123', '00', '3456'],
      ['123', '45', '0000'],
      ['111', '11', '1111'],
    ]) {
      expect(ssnValid(a!, g!, s!)).toBe(false);
    }
  });

  it('needs consistent delimiters, and context for undelimited numbers', () => {
    expect(found('SSN 123-45-6788', ['ssn'])).toEqual([['ssn', '123-45-6788']]);
    expect(found('id 123-45 6788', ['ssn'])).toEqual([]);
    expect(found('social security number 123456788', ['ssn'])).toEqual([['ssn', '123456788']]);
    expect(found('order 123456788 shipped', ['ssn'])).toEqual([]);
    expect(found('SSN 666-45-6788', ['ssn'])).toEqual([]);
  });

  it('finds an SSN written with dots after an SSN word, not inside a longer dotted number', () => {
    expect(found('SSN: 536.22.8765.', ['ssn'])).toEqual([['ssn', '536.22.8765']]);
    expect(found('social security 536.22.8765', ['ssn'])).toEqual([['ssn', '536.22.8765']]);
    for (const text of ['build 536.22.8765', 'SSN 1.536.22.8765', 'SSN 536.22.8765.1', 'SSN 536.22-8765'])
      expect(found(text, ['ssn']), text).toEqual([]);
  });
});

describe('a phone reading that is not requested never hides a requested value', () => {
  it('reports the value that a phone reading joined to the digits beside it', () => {
    // The phone reader takes "001-01-0010  5555" as "00" 1 and ten digits; as a rival of an SSN pack it
    // hid the SSN, which was left unredacted.
    for (const text of [
      'call 001-01-0010  5555',
      'call 001-01-0010 5555',
      'mobile 007-12-3456 7890',
      'call 0049 301-23-4567',
      'call 012-34-5678 901',
    ]) {
      const ssn = /\d{3}-\d{2}-\d{4}/.exec(text)![0];
      expect(found(text, ['ssn']), text).toEqual([['ssn', ssn]]);
      expect(found(text, ['ssn', 'credit_card']), text).toEqual([['ssn', ssn]]);
    }
    // A reading that cuts a value (the end of an SSN and the start of a card) hides neither.
    expect(found('call 001-20-0200 / 4111 1111 1111 1111', ['ssn', 'credit_card'])).toEqual([
      ['ssn', '001-20-0200'],
      ['credit_card', '4111 1111 1111 1111'],
    ]);
  });

  it('still lets a phone reading of the same characters, or one with a "+" country code, win', () => {
    // Where phone is requested the reading is reported, so the whole number and the value in it are redacted.
    expect(found('call 001-01-0010  5555', ['phone', 'ssn'])).toEqual([['phone', '001-01-0010  5555']]);
    expect(found('call 001-01-0010  5555', ['phone'])).toEqual([['phone', '001-01-0010  5555']]);
    // A '+' writes a phone number and nothing else.
    expect(found('call +49 301-23-4567', ['ssn'])).toEqual([]);
    expect(found('call (+49) 301-23-4567', ['ssn'])).toEqual([]);
    expect(found('call +49 301-23-4567', ['phone'])).toEqual([['phone', '+49 301-23-4567']]);
    // Rivals that read the same digits still keep other types' numbers out of a pack.
    expect(found('card 4111 1111 1111 1111, call (415) 555-0132', ['phone'])).toEqual([['phone', '(415) 555-0132']]);
    expect(found('SSN 536-22-8765 0044 20 7946 0958', ['ssn'])).toEqual([['ssn', '536-22-8765']]);
  });
});

describe('credit_card', () => {
  const luhnCard = (prefix: string, len: number, fill: string) => {
    const body = (prefix + fill).slice(0, len - 1);
    return body + luhnCheckDigit(body);
  };

  it('finds Luhn-valid numbers of known brands in common groupings', () => {
    expect(found('card 4111 1111 1111 1111.', ['credit_card'])).toEqual([['credit_card', '4111 1111 1111 1111']]);
    expect(found('amex 3782-822463-10005', ['credit_card'])).toEqual([['credit_card', '3782-822463-10005']]);
    const mc = luhnCard('5500', 16, '00000000000000');
    expect(found(`mc ${mc}`, ['credit_card'])).toEqual([['credit_card', mc]]);
  });

  it('finds a card as the argument of a call, a hash or id function too: the argument is what is hashed, in clear', () => {
    for (const call of ['md5', 'sha1', 'hash', 'user_id', 'charge'])
      expect(found(`${call}(4539578763621486)`), call).toEqual([['credit_card', '4539578763621486']]);
  });

  it('finds a grouped card followed by its expiry or CVV (read as a fifth group, they hid the card)', () => {
    expect(found('CC 4111 1111 1111 1111 12/25 123')).toEqual([['credit_card', '4111 1111 1111 1111']]);
    expect(found('card 6011 0009 9013 9424 123')).toEqual([['credit_card', '6011 0009 9013 9424']]);
    expect(found('card 4111-1111-1111-1111 12/25')).toEqual([['credit_card', '4111-1111-1111-1111']]);
    // A valid 19-digit card keeps its fifth group; a Luhn-invalid one stays alone either way.
    expect(found('card 4111 1111 1111 1111 110')).toEqual([['credit_card', '4111 1111 1111 1111 110']]);
    expect(found('card 4111 1111 1111 1112 12/25', ['credit_card'])).toEqual([]);
  });

  it('finds a card after a number written in its grouping (the number was read as its first group and the card skipped)', () => {
    for (const [text, card] of [
      ['born 07/04/1990 4111 1111 1111 1111 ', '4111 1111 1111 1111'],
      ['order 1234 4111 1111 1111 1111 shipped', '4111 1111 1111 1111'],
      ['call +44 20 7946 0958 4111 1111 1111 1111', '4111 1111 1111 1111'],
      // Two phone numbers before it: the run is longer than the look back, but its groups are not a card's.
      ['+44 20 7946 0958 020 7946 0958 4111 1111 1111 1111', '4111 1111 1111 1111'],
      ['+44 20 7946 0958 020 7946 0958 5500 0000 0000 0004', '5500 0000 0000 0004'],
      ['365\n4111 1111 1111 1111', '4111 1111 1111 1111'],
      ['year 1990 3782 8224 6310 005', '3782 8224 6310 005'],
    ] as const) {
      expect(found(text, ['credit_card']), text).toEqual([['credit_card', card]]);
      expect(found(text, ['ssn', 'credit_card']), text).toEqual([['credit_card', card]]);
    }
    // A run of groups that holds no card still gives none, read from any group; a dashed run is one token.
    expect(found('acct 0123 4567 8901 0234 5678 9012', ['credit_card'])).toEqual([]);
    expect(found('ref 1990-4111-1111-1111-1111', ['credit_card'])).toEqual([]);
    // The groups of a code glued to letters (an IBAN with bad check digits) are the code's, not a card's.
    expect(found('to GB00 1234 4111 1111 1111 1111', ['credit_card'])).toEqual([]);
  });

  it('redacts both of two requested values that share digits (the part of the one not kept was left)', () => {
    // A count before a card that makes a valid card with its first groups: both readings are reported and
    // the kept one covers the other.
    expect(found('paid 5555 6011 1111 1111 1117 today', ['credit_card'])).toEqual([
      ['credit_card', '5555 6011 1111 1111 1117'],
    ]);
    // A card read from the last group of an SSN written with blanks.
    expect(found('SSN 001 01 5730 5555 5555\n5555 4444 ok', ['ssn', 'credit_card']).map((f) => f[1])).toEqual([
      '001 01 5730 5555 5555\n5555 4444',
    ]);
    // Cards one after another stay three findings.
    expect(found('4111 1111 1111 1111 4111 1111 1111 1111 4111 1111 1111 1111', ['credit_card'])).toHaveLength(3);
    // A value that lost to a rival of a type not requested is not widened over the rival.
    expect(found('DE89 3704 0044 0532 0130 00) 6011 1111 1111 1117', ['phone'])).toEqual([]);
  });

  it('property: any Luhn-valid 16-digit Visa number in a sentence is found with exact offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }),
        fc.constantFrom(' ', '-', ''),
        fc.string({ maxLength: 20 }),
        (digits, sep, prefix) => {
          const body = `4${digits.join('')}`;
          const number = body + luhnCheckDigit(body);
          fc.pre(!/^(\d)\1+$/.test(number));
          const shown = sep ? number.match(/.{4}/g)!.join(sep) : number;
          const safePrefix = prefix.replace(/[\w-]/g, ' ');
          const text = `${safePrefix} pay with ${shown} now`;
          const cards = preparePiiDetector({ types: ['credit_card'] }).scan(text);
          expect(cards).toHaveLength(1);
          expect(text.slice(cards[0]!.start, cards[0]!.end)).toBe(shown);
        },
      ),
    );
  });

  it('property: a Luhn-invalid number is never reported as a card', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (digits, delta) => {
          const body = `4${digits.slice(1).join('')}`;
          const bad = body + ((luhnCheckDigit(body) + delta) % 10);
          expect(luhnValid(bad)).toBe(false);
          expect(
            preparePiiDetector({ types: ['credit_card'] }).scan(`card ${bad.match(/.{4}/g)!.join(' ')} and ${bad}`),
          ).toEqual([]);
        },
      ),
    );
  });
});

describe('credit_card: 15- and 14-digit cards in fours, blanks and hyphens mixed', () => {
  const prose = 'The quarterly report covers revenue, staffing and the roadmap for the next year. '.repeat(40);
  it.each([
    // American Express and Diners typed in the fours of a 16-digit card (payment forms group so).
    ['3782 8224 6310 005'],
    ['3782-8224-6310-005'],
    ['3056 9309 0259 04'],
    // Blanks and hyphens mixed, 15, 16 and 19 digits.
    ['3782 822463-10005'],
    ['4111-1111 1111 1111'],
    ['5555 5555-5555 4444'],
    ['6011 0009 9013-9424 124'],
    ['4111 1111 1111-1111 110'],
  ])('finds %j whole, in short and long texts', (card) => {
    for (const pad of ['', prose])
      expect(found(`${pad}pay with ${card} today`, ['credit_card'])).toEqual([['credit_card', card]]);
  });

  it('still needs Luhn and a known issuer, and a dot among the separators is a decimal', () => {
    for (const text of [
      'pay with 3782 8224 6310 006 today', // Luhn-invalid Amex
      'pay with 3782-8224-6310-006 today',
      'pay with 4111-1111 1111 1112 today', // Luhn-invalid, mixed
      'pay with 6011-0009 9013 9425 today',
      'pay with 1234 5678 9012 345 today', // no issuer
      'pay with 4111-1111.1111 1111 today', // a dot mixed in
      'pay with 4111 1111 1111 11 today', // a Visa has no 14 digits
    ])
      expect(found(text, ['credit_card']), text).toEqual([]);
  });
});

describe('credit_card: dotted groups and numbers wrapped at a line end', () => {
  const prose = 'The quarterly report covers revenue, staffing and the roadmap for the next year. '.repeat(40);
  it.each([
    ['4111.1111.1111.1111'],
    ['4111 1111\n1111 1111'],
    ['4111 1111 1111\r\n1111'],
    ['4111-1111-\n1111-1111'],
    ['4111 1111 \n    1111 1111'],
    ['3782.822463.10005'],
    ['3782 822463\n10005'],
  ])('finds %j whole, in short and long texts', (card) => {
    // Short texts are scanned whole, long ones through the numeric-run gate.
    for (const pad of ['', prose])
      expect(found(`${pad}pay with ${card} today`, ['credit_card'])).toEqual([['credit_card', card]]);
  });

  it('keeps Luhn, one grouping and at most one line break; versions and longer dotted numbers are not cards', () => {
    for (const text of [
      'pay with 4111.1111.1111.1112 today', // Luhn
      'pay with 4111 1111.1111 1111 today', // mixed separators
      'pay with 4111.1111\n1111 1111 today', // mixed around the break
      '4111\n1111\n1111\n1111', // a column of numbers
      'pay with 4111 1111\n\n1111 1111 today', // a paragraph break
      'version 4111.1111.1111.1111', // a version
      'oid 1.4111.1111.1111.1111', // part of a longer dotted number
      'total 4111.1111.1111.1111.5',
      'from 10.1.1.1 and 192.168.0.1 to 4.4.4.4', // addresses
    ]) {
      expect(found(text, ['credit_card'])).toEqual([]);
    }
  });

  // Session 38's probe: EAN-13 barcodes from 4 (Germany) or 50, 56-69 fit Visa and Maestro, and one in ten
  // passes Luhn.
  it.each([
    'EAN 5901234123457',
    'Barcode: 4000000000006',
    'GTIN-13: 5901234123457',
    'SKU 5901234123457 (EAN)',
    'UPC code 4000000000006',
  ])('a barcode after its label, with a valid GS1 check digit, is no card: %s', (text) => {
    expect(found(text, ['credit_card'])).toEqual([]);
  });

  it.each([
    ['EAN 4222222222222', '4222222222222'], // fails the GS1 check digit
    ['card 5901234123457', '5901234123457'], // no barcode label
    ['EAN 4111 1111 1111 1111', '4111 1111 1111 1111'], // sixteen digits are no EAN-13
  ])('keeps cards beside barcode words: %s', (text, card) => {
    expect(found(text, ['credit_card'])).toEqual([['credit_card', card]]);
  });

  it('a wrapped number is found by the full detector, not left to the phone or SSN rules', () => {
    expect(found('card: 4111 1111\n1111 1111, thanks')).toEqual([['credit_card', '4111 1111\n1111 1111']]);
  });
});

describe('credit_card: an ungrouped number broken across a line mid-number', () => {
  const prose = 'The quarterly report covers revenue, staffing and the roadmap for the next year. '.repeat(40);
  it.each([
    ['41111111\n11111111'],
    ['4111111111\r\n111111'],
    ['411111111111\n    1111'],
    ['5555555555\n554444'],
    ['378282246\n310005'],
    ['4111\n111111111111'],
  ])('finds %j whole, in short and long texts, with the full detector too', (card) => {
    for (const pad of ['', prose]) {
      expect(found(`${pad}charge card=${card} approved`, ['credit_card'])).toEqual([['credit_card', card]]);
      expect(found(`${pad}charge card=${card} approved`)).toEqual([['credit_card', card]]);
    }
    // The two lines alone (the whole message) and a log whose next line starts with a timestamp.
    expect(found(card, ['credit_card'])).toEqual([['credit_card', card]]);
    expect(found(`2024-05-01T10:00:00Z pay ${card} ok\n2024-05-01T10:00:01Z done`, ['credit_card'])).toEqual([
      ['credit_card', card],
    ]);
  });

  it('Luhn and the issuer still decide, and rows of numbers are not one wrapped number', () => {
    for (const text of [
      'charge card=41111111\n11111112 approved', // Luhn
      'charge card=11111111\n11111111 approved', // no issuer starts with 1 at this length
      'pay 41111111\n\n11111111 today', // a paragraph break
      '41111111\n11111111\n22222222', // a column of numbers
      '12345678\n41111111\n11111111', // the same column, the pair at its end
      '1 2 3\n41111111\n11111111 4', // a table of numbers
      '4111111111111111111\n1', // 19 digits on the line: a number of its own (not a card: Luhn), nothing added
    ]) {
      expect(found(text, ['credit_card'])).toEqual([]);
    }
    // A line of 13 or more digits is a number of its own: the card on it is found, not joined to the next.
    expect(found('pay 4111111111111111\n4111111111111111 ok', ['credit_card'])).toEqual([
      ['credit_card', '4111111111111111'],
      ['credit_card', '4111111111111111'],
    ]);
  });
});

describe('ip_address', () => {
  it('finds v4 and v6, and rejects invalid octets, versions and times', () => {
    expect(found('from 10.0.0.1 and 2001:db8::ff00:42:8329 and ::1', ['ip_address'])).toEqual([
      ['ip_address', '10.0.0.1'],
      ['ip_address', '2001:db8::ff00:42:8329'],
    ]);
    expect(found('999.1.1.1, version 1.2.3.4, 12:30:45, 00:1a:2b:3c:4d:5e', ['ip_address'])).toEqual([]);
  });

  it('takes an IPv6 address with a dotted tail whole, not only its IPv4 part', () => {
    expect(found('client ::ffff:192.168.1.1 and 64:ff9b::192.0.2.33', ['ip_address'])).toEqual([
      ['ip_address', '::ffff:192.168.1.1'],
      ['ip_address', '64:ff9b::192.0.2.33'],
    ]);
  });

  it('eight colon-separated hex pairs are bytes (a WWN, an EUI-64, a serial), not an address', () => {
    for (const text of [
      'WWN 50:06:01:60:3b:20:3a:53',
      'EUI-64 02:1a:2b:ff:fe:3c:4d:5e',
      'Serial Number: 0a:1b:2c:3d:4e:5f:60:71',
      'read 12:30:45:67:89:10:11:12 from the port',
    ])
      expect(found(text), text).toEqual([]);
    // Still addresses: longer groups, or a '::'.
    expect(found('addr 2001:db8:85a3:0:0:8a2e:370:7334 and fe80::1a:2b:3c:4d')).toEqual([
      ['ip_address', '2001:db8:85a3:0:0:8a2e:370:7334'],
      ['ip_address', 'fe80::1a:2b:3c:4d'],
    ]);
  });
});

describe('ip_address: versions told by the words before them', () => {
  it.each([
    'upgrade to 10.2.3.4 tonight',
    'we upgraded from 10.2.3.3 to 10.2.3.4',
    'downgrading from 10.2.3.4',
    'bump to 10.2.3.4',
    'rolled back to 10.2.3.4',
    'Version: 10.2.3.4',
    'the version is 10.2.3.4',
    'release 10.2.3.4 -> 10.2.3.5',
    'patch 10.2.3.4',
    'Kernel 6.8.0.45 booted fine',
    'driver 10.4.2.118 fixes it',
  ])('%s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  // A browser or mail client's name directly before the number, with a blank or a user agent's slash.
  it.each([
    'Firefox 128.0.3.1 crashed on start',
    'Safari 17.4.1.2',
    'Thunderbird 115.10.1.2',
    'Microsoft Edge 120.0.2.1',
    'Firefox ESR 115.0.3.1',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/128.0.3.1',
    'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1.2 Safari/605.1.15',
    'Chrome/120.0.6.109 Safari/537.36 Edg/120.0.2.91',
    // Chromium's reduced user agent: the version is always MAJOR.0.0.0.
    '"userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  ])('browser versions: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  it.each([
    ['connect to 10.0.3.1', '10.0.3.1'],
    ['ip 128.0.3.1', '128.0.3.1'],
    ['nginx on 10.1.2.3', '10.1.2.3'],
    ['nginx 10.1.2.3', '10.1.2.3'],
    ['postgres 10.1.2.3', '10.1.2.3'],
    ['Firefox on 10.1.2.3 cannot reach the proxy', '10.1.2.3'],
    ['Chrome, 10.1.2.3', '10.1.2.3'],
    ['edge 10.1.2.3 is down', '10.1.2.3'],
    ['Edge 10.1.2.3 is down', '10.1.2.3'],
    ['browser: Firefox\n10.1.2.3', '10.1.2.3'],
    ['SuperSafari 10.1.2.3', '10.1.2.3'],
  ])('keeps addresses after other names or with a word between: %s', (text, ip) => {
    expect(found(text, ['ip_address'])).toEqual([['ip_address', ip]]);
  });

  // Numbering nouns that also head firewall rules, inventories and routing tables: an address in a private
  // range, or with an address word or policy verb nearby, is an address; a document's numbering is not.
  it.each([
    ['firewall rule 203.0.113.5 allowed', ['203.0.113.5']],
    ['rule: 192.168.1.10 -> deny', ['192.168.1.10']],
    ['rules 192.168.1.10 and 192.168.1.11 blocked', ['192.168.1.10', '192.168.1.11']],
    ['item 172.20.1.20 in the list', ['172.20.1.20']],
    ['table 198.51.100.1 routes', ['198.51.100.1']],
    ['step 10.0.0.5', ['10.0.0.5']],
    ['Part: 100.64.0.9', ['100.64.0.9']],
  ])('addresses after rule, item, table, step, part: %s', (text, ips) => {
    expect(found(text, ['ip_address'])).toEqual(ips.map((ip) => ['ip_address', ip]));
  });

  it.each([
    'Rule 1.1.1.1 Ensure mounting of cramfs filesystems is disabled',
    'see table 4.2.1.3 for the figures',
    'Part 3.2.1.1 of the standard',
    'items 7.6.1.1 and 7.6.1.2 were revised',
  ])('numbering after rule, item, table, step, part: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  it.each([
    ['update to 10.0.0.1', '10.0.0.1'],
    ['migrate the server to 10.2.3.4', '10.2.3.4'],
    ['upgrade the host at 10.2.3.4', '10.2.3.4'],
    ['connect from 10.2.3.4 to the upgrade', '10.2.3.4'],
  ])('keeps addresses: %s', (text, ip) => {
    expect(found(text, ['ip_address'])).toEqual([['ip_address', ip]]);
  });

  // Manifests, project files and code: a key ending in version, quoted or in markup; a package's file name.
  it.each([
    '"version": "4.4.0.12"',
    '<Version>4.4.0.12</Version>',
    '[assembly: AssemblyFileVersion("6.2.1.4")]',
    'app_version: 4.4.0.12',
    "version='1.2.3.4'",
    'download app-4.4.0.12.tar.gz or setup-6.2.1.4.msi',
    'ships 4.4.0.12 (build 771) and 6.2.1.4 (x64)',
  ])('versions in manifests, code and file names: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  it.each([
    ['"server": "10.0.0.1"', '10.0.0.1'],
    ["host='10.0.0.1'", '10.0.0.1'],
    ['<Address>10.0.0.1</Address>', '10.0.0.1'],
    ['see 10.0.0.1.nip.io (gateway)', '10.0.0.1'],
    // English words that end in "version" are no version key.
    ['address after conversion: 10.0.0.1', '10.0.0.1'],
    ['the diversion 10.0.0.1', '10.0.0.1'],
    ['an inversion - 10.0.0.1', '10.0.0.1'],
  ])('keeps addresses under other keys: %s', (text, ip) => {
    expect(found(text, ['ip_address'])).toEqual([['ip_address', ip]]);
  });

  // The upgrade phrasing with words between the verb and `from X to Y`: versions when the clause names a
  // version verb or noun and nothing that addresses or moves traffic.
  it.each([
    'We upgraded nginx from 6.2.1.4 to 6.2.1.5.',
    'Upgrading the cluster from 6.2.1.4 to 6.2.1.5 tonight',
    'firmware went from 6.2.1.4 to 6.2.1.5',
    'bumped the SDK from 1.2.3.4 to v1.2.3.5',
  ])('upgrades from one version to another: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  it.each([
    'moved traffic from 10.0.0.1 to 10.0.0.2',
    'upgraded the host from 10.0.0.1 to 10.0.0.2',
    'The release moved users from 10.0.0.1 to 10.0.0.2',
    'updated the DNS record from 10.0.0.1 to 10.0.0.2',
    'We upgraded. Then it went from 10.0.0.1 to 10.0.0.2',
    'After the release the office network went from 10.0.0.1 to 10.0.0.2',
    'The building went from 10.0.0.1 to 10.0.0.2',
  ])('keeps the addresses of from X to Y that moves traffic, or after the sentence: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([
      ['ip_address', '10.0.0.1'],
      ['ip_address', '10.0.0.2'],
    ]);
  });

  // Session 38's probe: a version verb with its object before `to`, a container image's tag, a changelog's
  // heading, and the networks that name no host.
  it.each([
    'Please upgrade the agent to 7.1.0.3 on all hosts',
    'bump openssl to 3.0.13.1 as well',
    '- CVE-2024-3094: bumped xz to 5.6.1.1',
    'We are downgrading both clusters to 6.2.1.4',
    'image: registry.example.com/app:1.2.3.4',
    'docker pull ghcr.io/acme/api:2.4.1.9 && docker run -p 8080:80 acme/api:2.4.1.9',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0.1.2',
    '## [2.10.0.1] - 2024-03-15',
    '### 2.10.0.1 (2024-03-15)',
    'Changelog 1.0.0.2: fixed the export',
    "server = ('0.0.0.0', 8080)",
    'VLAN 120, subnet mask 255.255.255.0, broadcast 255.255.255.255',
  ])('versions, tags and non-host addresses: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  it.each([
    ['upgrade the host to 10.0.0.2', '10.0.0.2'],
    ['bump the proxy to 10.0.0.3', '10.0.0.3'],
    ['ansible/inventory:10.0.0.1 web', '10.0.0.1'],
    ['/etc/hosts:10.0.0.1 db image', '10.0.0.1'],
    ['docker run -e DB=db/conf.ini:10.0.0.4', '10.0.0.4'],
    ['## 10.0.0.5', '10.0.0.5'],
    ['## 10.0.0.5 (db primary)', '10.0.0.5'],
    ['bind 0.0.0.0 and 10.0.0.6', '10.0.0.6'],
  ])('keeps addresses beside such shapes: %s', (text, ip) => {
    expect(found(text, ['ip_address'])).toEqual([['ip_address', ip]]);
  });

  it('a version word does not carry over to an address later in the text', () => {
    expect(found('upgrade to 10.2.3.4, then ssh to 10.0.0.7', ['ip_address'])).toEqual([['ip_address', '10.0.0.7']]);
  });

  it.each([
    'as defined in sections\n[7.6.1.1](https://example.org/#x7.6.1.1)',
    'see https://www.rfc-editor.org/rfc/rfc2616#section-8.1.2.2 for details',
    'the chapters (4.2.1.3) cover it',
    'For example, `1.2.3.4-rc.1+rev.2` keeps its pre-release',
    'pin 10.2.3.4-beta.2 in the lockfile',
  ])('section numbers after plural nouns, brackets or a hyphen, and pre-release versions: %s', (text) => {
    expect(found(text, ['ip_address'])).toEqual([]);
  });

  it.each([
    ['compare 10.0.0.1 vs 10.0.0.2', ['10.0.0.1', '10.0.0.2']],
    ['the range 10.0.0.1-10.0.0.9 is reserved', ['10.0.0.1', '10.0.0.9']],
    ['hosts (10.0.0.5) and [10.0.0.6]', ['10.0.0.5', '10.0.0.6']],
  ])('keeps addresses next to such punctuation: %s', (text, ips) => {
    expect(found(text, ['ip_address'])).toEqual(ips.map((ip) => ['ip_address', ip]));
  });
});

describe('iban', () => {
  it('reports valid IBANs with or without spaces and ignores bad check digits', () => {
    expect(found('IBAN DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432', ['iban'])).toEqual([
      ['iban', 'DE89 3704 0044 0532 0130 00'],
      ['iban', 'GB82WEST12345698765432'],
    ]);
    expect(found('IBAN DE88 3704 0044 0532 0130 00', ['iban'])).toEqual([]);
  });
});

describe('iban: any letter case', () => {
  it.each([
    ['gb82 west 1234 5698 7654 32'],
    ['gb82west12345698765432'],
    ['Gb82 West 1234 5698 7654 32'],
    ['de89 3704 0044 0532 0130 00'],
  ])('finds %j (mod-97 still decides)', (iban) => {
    expect(found(`pay to ${iban} please`, ['iban'])).toEqual([['iban', iban]]);
    // One wrong check digit: nothing.
    const bad = iban.replace(/^(..)(\d)/, (_, cc: string, d: string) => cc + String((Number(d) + 1) % 10));
    expect(found(`pay to ${bad} please`, ['iban'])).toEqual([]);
  });

  it('ends at the registered length when a four-letter word follows, and leaves lower-case prose alone', () => {
    expect(found('IBAN BE68 5390 0754 7034 then pay', ['iban'])).toEqual([['iban', 'BE68 5390 0754 7034']]);
    expect(found('iban be68 5390 0754 7034 then pay', ['iban'])).toEqual([['iban', 'be68 5390 0754 7034']]);
    // Right country, length and checksum, but the account part is words: not an IBAN in lower case.
    const words = 'abcdefghijklmnop';
    for (let c = 0; c < 100; c++) {
      const check = String(c).padStart(2, '0');
      expect(
        found(`gb${check} ${words.slice(0, 4)} ${words.slice(4, 8)} ${words.slice(8, 12)} abcd 12`, ['iban']),
      ).toEqual([]);
    }
  });

  it('a lower-case IBAN is not taken for a phone number', () => {
    expect(found('call gb82 west 1234 5698 7654 32', ['phone'])).toEqual([]);
  });
});

describe('iban: grouped by dashes', () => {
  it.each([
    ['DE89-3704-0044-0532-0130-00'],
    ['de89-3704-0044-0532-0130-00'],
    ['GB82-WEST-1234-5698-7654-32'],
    ['fr14-2004-1010-0505-0001-3m02-606'],
  ])('finds %j whole (it was left unredacted)', (iban) => {
    expect(found(`IBAN:${iban}, thanks`, ['iban'])).toEqual([['iban', iban]]);
    expect(found(`call ${iban}`, ['phone'])).toEqual([]);
  });

  it('still needs the check digits, one separator throughout and the end of the token', () => {
    for (const text of [
      'IBAN DE89-3704-0044-0532-0130-01', // wrong check digits
      'key DE89-3704-0044-0532-0130-00-XYZW', // a longer dashed token
      'IBAN DE89-3704 0044-0532 0130-00', // dashes and spaces mixed
    ])
      expect(found(text, ['iban']), text).toEqual([]);
  });
});

describe('date_of_birth', () => {
  it('needs birth context in the same clause and no other date in between', () => {
    expect(found('DOB: 04/03/1985; appointment on 2024-01-15.', ['date_of_birth'])).toEqual([
      ['date_of_birth', '04/03/1985'],
    ]);
    expect(found('She was born on March 4, 1985 in Porto.', ['date_of_birth'])).toEqual([
      ['date_of_birth', 'March 4, 1985'],
    ]);
    expect(found('date of birth 1990-02-30', ['date_of_birth'])).toEqual([]); // no 30 February
    expect(found('The release is on 2024-01-15.', ['date_of_birth'])).toEqual([]);
  });

  it('takes an ISO timestamp whole (the time part after the date hid it)', () => {
    expect(found('{"birthDate": "1985-03-12T00:00:00.000Z"}', ['date_of_birth'])).toEqual([
      ['date_of_birth', '1985-03-12T00:00:00.000Z'],
    ]);
    expect(found('DOB 1985-03-12T10:20:30+02:00, seen 2024-01-02T10:00:00Z', ['date_of_birth'])).toEqual([
      ['date_of_birth', '1985-03-12T10:20:30+02:00'],
    ]);
    expect(found('DOB 1985-03-12Tx', ['date_of_birth'])).toEqual([]);
    expect(found('created 2024-01-02T10:00:00Z', ['date_of_birth'])).toEqual([]);
  });

  it.each([
    ["DOB: 21 March '84", "21 March '84"],
    ['DOB: March 21, \u201984', 'March 21, \u201984'],
    ['born in March 1984', 'March 1984'],
    ['date of birth: 03/1984', '03/1984'],
    ['DOB 1984-03', '1984-03'],
    ['birth date is Mar. 1984', 'Mar. 1984'],
    ["DOB: March '84", "March '84"],
  ])('a year after an apostrophe, or a month and year right after a birth label, is a birth date: %j', (text, dob) => {
    expect(found(text)).toEqual([['date_of_birth', dob]]);
  });

  it.each([
    'released in March 1984',
    'birthday party planned for March 2025',
    'born in 1984',
    'DOB: 13/1984',
    'version 03/2024 released',
    'born 4 May 20 years ago',
    "shipped on 21 March '84",
  ])('a month and year elsewhere, or a year alone, is no birth date: %j', (text) => {
    expect(found(text, ['date_of_birth'])).toEqual([]);
  });

  // Session 38's probe: a year alone after the birth word answered it, as another date would have.
  it.each([
    'He was born in 1985 and joined the company on 4 July 2010.',
    'born 1985, hired 2010-07-04',
    'Born: 1979 - moved to Leeds on 3 March 1999',
  ])('a date after a year that answered the birth word is another date: %j', (text) => {
    expect(found(text, ['date_of_birth'])).toEqual([]);
  });

  it.each([
    ['In 2010 Ann, born 3 March 1987, joined us.', '3 March 1987'],
    ['born in 1985 (date of birth 1985-07-04)', '1985-07-04'],
    ['DOB: 04/07/1985', '04/07/1985'],
    ['born on 4 July 1985 in room 2010', '4 July 1985'],
  ])('a year before the birth word, or a new birth word after it, leaves the birth date: %j', (text, dob) => {
    expect(found(text, ['date_of_birth'])).toEqual([['date_of_birth', dob]]);
  });
});

describe('context-bound identifiers', () => {
  it('passport, driver license, MRN, NPI and insurance ids need their context words', () => {
    expect(found('Passport number X12345678.', ['passport'])).toEqual([['passport', 'X12345678']]);
    expect(found('Reference X12345678.', ['passport'])).toEqual([]);
    expect(found("Driver's license: D1234567", ['drivers_license'])).toEqual([['drivers_license', 'D1234567']]);
    expect(found('MRN-1234567 follow-up', ['mrn'])).toEqual([['mrn', 'MRN-1234567']]);
    expect(found('NPI 1234567893 and NPI 1234567890', ['npi'])).toEqual([['npi', '1234567893']]);
    expect(found('Medicare MBI 1EG4-TE5-MK73', ['insurance_id'])).toEqual([['insurance_id', '1EG4-TE5-MK73']]);
    // The nearest context word decides between rival identifiers.
    expect(found('MRN: MR170171; member id HMO443700680', ['mrn', 'insurance_id'])).toEqual([
      ['mrn', 'MR170171'],
      ['insurance_id', 'HMO443700680'],
    ]);
  });

  it.each([
    ['Florida DL: F123-456-78-901-0', 'F123-456-78-901-0'],
    ['driver license A123-4567-8901-23', 'A123-4567-8901-23'],
    ['NJ driver license A1234 56789 01234', 'A1234 56789 01234'],
    ["Michigan driver's license A 123 456 789 012", 'A 123 456 789 012'],
    ["driver's license 123 456 789", '123 456 789'],
    ['driving licence MORGA 753116 SM9IJ', 'MORGA 753116 SM9IJ'],
  ])('takes a licence number printed in groups whole: %s (only its first group, or nothing, was found)', (text, dl) => {
    expect(found(text, ['drivers_license'])).toEqual([['drivers_license', dl]]);
  });

  it.each([
    'npm license MIT, build 20240315',
    'The DL model has 175000000 parameters',
    'license key 20240315 for the build',
    'Flight DL 1234 departs at ten',
    'under the in license 12345678 terms',
    'the NVIDIA driver 5501234 and its license',
  ])('a bare `license` or `dl` is no licence context: %j', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['License number: A1234567', 'A1234567'],
    ["driver's license: D1234567", 'D1234567'],
    ['Driver\u2019s license D1234567', 'D1234567'],
    ['DL# 123456789', '123456789'],
    ['DL: S530-4422-8899', 'S530-4422-8899'],
    ['DL no A1234567', 'A1234567'],
    ['license no. D1234567', 'D1234567'],
    ['license #D1234567', 'D1234567'],
    ['CDL A1234567', 'A1234567'],
    ['CA DL A1234567', 'A1234567'],
    ['California license B7654321', 'B7654321'],
    ['NY license 123 456 789', '123 456 789'],
    ['DMV record, license 12345678', '12345678'],
  ])('a licence label, a driver word or a state qualifies the licence word: %j', (text, dl) => {
    expect(found(text, ['drivers_license'])).toEqual([['drivers_license', dl]]);
  });

  it.each([
    ['Führerscheinnummer: B072RRE2I55', 'B072RRE2I55'],
    ['Führerschein-Nr. B072RRE2I55', 'B072RRE2I55'],
    ['Führerschein-Nummer B072RRE2I55', 'B072RRE2I55'],
    ['FÜHRERSCHEIN: B072RRE2I55', 'B072RRE2I55'],
    ['Fuehrerscheinnummer: B072RRE2I55', 'B072RRE2I55'],
    ['Fuhrerschein: B072RRE2I55', 'B072RRE2I55'],
    ['Fu\u0308hrerscheinnummer: B072RRE2I55', 'B072RRE2I55'],
    ['Führerschein Klasse B, Nr. B072RRE2I55', 'B072RRE2I55'],
    ['Fuehrerscheinnummer 12345678901', '12345678901'],
    // The French licence's twelve digits were found already (the state layouts' seven to thirteen digits).
    ['Permis de conduire n° 123456789012', '123456789012'],
  ])('finds the German (and French) licence number of %j', (text, dl) => {
    expect(found(text, ['drivers_license'])).toEqual([['drivers_license', dl]]);
  });

  it.each([
    // A German number after an English word that names a driving licence (session 38).
    ["Driver's license: B072RRE2I55", 'B072RRE2I55'],
    ["driver's licence no. B072RRE2I55", 'B072RRE2I55'],
    ['Driving licence (Germany) B072RRE2I55', 'B072RRE2I55'],
    ['{"driverLicense": "B072RRE2I55"}', 'B072RRE2I55'],
    // French numbers with letters, after a French licence word or label, or an English one.
    ['Permis de conduire : 21BC73914', '21BC73914'],
    ['permis de conduire n° 14AC02839571', '14AC02839571'],
    ['N° de permis : 21BC73914', '21BC73914'],
    ['numéro de permis 0812A4401932', '0812A4401932'],
    ['Nº du permis: 14AC02839571', '14AC02839571'],
    ['Driving licence (France): 19DE48213', '19DE48213'],
    // The older twelve digits after the number's own label.
    ['N° de permis : 880375123456', '880375123456'],
    // A French layout after the German word (a French licence on a German form).
    ['Führerschein: 21BC73914', '21BC73914'],
  ])('a national layout after any word that names a driving licence: %j', (text, dl) => {
    expect(found(text, ['drivers_license'])).toEqual([['drivers_license', dl]]);
  });

  it.each([
    // Generic or US labels leave the national layouts to what they are more often: part, order, key numbers.
    'License no. B072RRE2I55',
    'License number: 21BC73914',
    'DL: 14AC02839571',
    'CA DL 21BC73914',
    'Bestellnummer B072RRE2I55',
    'Commande 21BC73914',
    // Eleven capitals without a digit, or twelve characters, are no German licence number.
    'Führerschein: ABCDEFGHIJK',
    'Führerschein: B072RRE2I55X',
    // Other French permits.
    'N° de permis de construire : 21BC73914',
    'n° de permis de construire 075056230012',
    "numéro de permis d'aménager 14AC02839571",
    'permis de séjour n° 21BC73914',
    // Not the layouts: one digit before the letters, thirteen characters, no letter among twelve.
    'Permis de conduire : 2BC739145',
    'Permis de conduire : 14AC028395712X',
    "driver's license ABCDEFGHIJKL",
    // No word at all.
    '21BC73914',
    '14AC02839571',
    '880375123456',
  ])('a national layout without a word that names a driving licence is no licence: %j', (text) => {
    expect(found(text, ['drivers_license'])).toEqual([]);
  });

  it.each([
    ['passport number: 12345678', '12345678'],
    ['pasaporte PAA123456', 'PAA123456'],
    ['Passport: K1234567A', 'K1234567A'],
    ['passport XN1001R58', 'XN1001R58'],
    ['Passport No.: 123 456 789', '123 456 789'],
  ])('finds the passport number of %j (a layout it did not know)', (text, passport) => {
    expect(found(text, ['passport'])).toEqual([['passport', passport]]);
  });

  it('a grouped licence or passport number still needs its context word, and one separator', () => {
    for (const text of [
      'ref A1234 56789 01234',
      'part F123-456-78-901-0',
      'call 123 456 789',
      'order K1234567A',
      'driver license A123-4567 8901-23',
    ])
      expect(found(text, ['drivers_license', 'passport']), text).toEqual([]);
  });
});

describe('context words in JSON text (tool-call arguments)', () => {
  it('a word after a JSON escape counts ("Jane\\nSSN: ..." left the SSN, DOB, passport and MRN alone)', () => {
    const args = JSON.stringify({ notes: 'Patient: Jane\nSSN: 536228765\nDOB: 07/04/1990\tMRN: 12345678' });
    expect(found(args, ['ssn', 'date_of_birth', 'mrn'])).toEqual([
      ['ssn', '536228765'],
      ['date_of_birth', '07/04/1990'],
      ['mrn', '12345678'],
    ]);
  });

  it('a value right after an escaped line break or tab is found, in a short text and a long one', () => {
    const lines = 'Contacts:\n536-22-8765\n415-555-0132\t4111 1111 1111 1111\n10.0.0.1\njane@example.com';
    const expected = [
      ['ssn', '536-22-8765'],
      ['phone', '415-555-0132'],
      ['credit_card', '4111 1111 1111 1111'],
      ['ip_address', '10.0.0.1'],
      ['email', 'jane@example.com'],
    ];
    expect(found(JSON.stringify({ notes: lines }))).toEqual(expected);
    const prose = 'The quarterly report covers revenue, staffing and the roadmap for the next year. '.repeat(400);
    expect(found(JSON.stringify({ notes: `${prose}${lines} ${prose}` }))).toEqual(expected);
  });

  it('an escaped line break ends the clause, as a line break does', () => {
    expect(found(JSON.stringify({ t: 'born: yes\nappointment: 2024-01-15' }), ['date_of_birth'])).toEqual([]);
  });
});

describe('context words as camelCase keys of JSON records', () => {
  it('a phone, SSN or insurance word glued to the next word still counts ("phoneNumber" left a bare number alone)', () => {
    expect(found('{"phoneNumber": "4155550132"}', ['phone'])).toEqual([['phone', '4155550132']]);
    expect(found('{"mobileNo": "4155550132"}', ['phone'])).toEqual([['phone', '4155550132']]);
    expect(found('{"insuranceId": "ABC123456789"}', ['insurance_id'])).toEqual([['insurance_id', 'ABC123456789']]);
    expect(found('{"ssnNumber": "536228765"}', ['ssn'])).toEqual([['ssn', '536228765']]);
    // Without a phone word a bare ten-digit number stays alone.
    expect(found('{"orderNumber": "4155550132"}', ['phone'])).toEqual([]);
  });
});

describe('context words after letters that lower-case to two characters', () => {
  // 'İ' (U+0130, Turkish capital dotted I) lower-cases to 'i' + U+0307: offsets in a lower-cased copy
  // drift by one per such letter, so context windows must be found on the text itself.
  const turkish = 'İstanbul ve İzmir şubelerinden İade talebi. '.repeat(30);
  it.each([
    ['passport', 'Passport number X12345678 on file.', 'X12345678'],
    ['drivers_license', "Driver's license: D1234567 on file.", 'D1234567'],
    ['mrn', 'MRN: 00123456 on file.', '00123456'],
    ['npi', 'Prescriber NPI 1234567893 on file.', '1234567893'],
    ['insurance_id', 'Member ID ABC123456789 on file.', 'ABC123456789'],
    ['date_of_birth', 'Date of birth: 1985-03-04 on file.', '1985-03-04'],
  ])('%s is found after Turkish text, alone and among all types', (type, sentence, value) => {
    expect(found(`${turkish}${sentence}`, [type])).toEqual([[type, value]]);
    expect(found(`${turkish}${sentence}`)).toEqual([[type, value]]);
  });
});

describe('street_address', () => {
  it.each([
    [
      'Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 today.',
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ],
    ['I live at 221B Baker Street, London NW1 6XE.', '221B Baker Street, London NW1 6XE'],
    ['Adresse: Hauptstraße 5, 10115 Berlin', 'Hauptstraße 5, 10115 Berlin'],
    ['Envoyez à 12 rue de la Paix, 75002 Paris', '12 rue de la Paix, 75002 Paris'],
    ['My new address is 42 Elm Rd.', '42 Elm Rd'],
    // The flat or unit before the house number, a county before the postcode, an Australian state.
    ['Flat 3, 27 Kingsley Road, Manchester M14 5RT', 'Flat 3, 27 Kingsley Road, Manchester M14 5RT'],
    ['deliver to Apt 4B, 350 Fifth Avenue, New York, NY 10118', 'Apt 4B, 350 Fifth Avenue, New York, NY 10118'],
    ['4 Privet Drive, Little Whinging, Surrey GU12 4XY', '4 Privet Drive, Little Whinging, Surrey GU12 4XY'],
    ['Unit 5/22 George St, Sydney NSW 2000', 'Unit 5/22 George St, Sydney NSW 2000'],
    ['post it to 5/22 George St, Sydney NSW 2000.', '5/22 George St, Sydney NSW 2000'],
    // A Canadian province and postal code; the capitalised street word of Québec.
    ['Visit us at 88 Hollis Street, Halifax, NS B3J 1V2', '88 Hollis Street, Halifax, NS B3J 1V2'],
    [
      'Mailing address: 455 Rue Sainte-Catherine Ouest, Montréal, QC H3B 1A7',
      '455 Rue Sainte-Catherine Ouest, Montréal, QC H3B 1A7',
    ],
    // Post office boxes, with their city and postal code when present.
    ['Mailing address: PO Box 1234, Austin, TX 78701', 'PO Box 1234, Austin, TX 78701'],
    ['send checks to P.O. Box 567.', 'P.O. Box 567'],
    ['Post Office Box 12, Little Whinging, Surrey GU12 4XY', 'Post Office Box 12, Little Whinging, Surrey GU12 4XY'],
    ['po box 88', 'po box 88'],
  ])('finds %s', (text, address) => {
    expect(found(text, ['street_address'])).toEqual([['street_address', address]]);
  });

  it.each([
    ' * Copyright 2011 Mark Lane. All rights reserved.',
    '/** @license parser v2.1 (c) 2019 Sarah Way. MIT */',
    '© 2020 Ann Grove',
    'Copyright (c) 2014-2017 Tom Court <tom@example.com>',
  ])('a year after a copyright mark is not a house number: %s', (text) => {
    expect(found(text, ['street_address'])).toEqual([]);
  });

  it.each(['the checkbox 3 is ticked', 'inbox 42 unread', 'the Box 7 of the archive', 'IPO Box 3'])(
    'boxes that are no post office box: %s',
    (text) => {
      expect(found(text, ['street_address'])).toEqual([]);
    },
  );

  it('an address after a copyright line is still found', () => {
    expect(found('Copyright 2019 Acme Inc.\nShip to 350 Fifth Avenue, New York, NY 10118', ['street_address'])).toEqual(
      [['street_address', '350 Fifth Avenue, New York, NY 10118']],
    );
  });
});

describe('resolveOverlaps', () => {
  const m = (type: string, start: number, end: number, score: number): TextMatch => ({
    type,
    start,
    end,
    score,
    detector: 't',
  });

  it('keeps the higher score, then the longer span, and returns disjoint spans by offset', () => {
    expect(resolveOverlaps([m('phone', 5, 20, 0.6), m('credit_card', 5, 24, 0.99), m('email', 30, 40, 0.9)])).toEqual([
      m('credit_card', 5, 24, 0.99),
      m('email', 30, 40, 0.9),
    ]);
    expect(resolveOverlaps([m('a', 0, 4, 0.5), m('b', 0, 8, 0.5)])).toEqual([m('b', 0, 8, 0.5)]);
    expect(resolveOverlaps([m('a', 0, 4, 0.5), m('b', 4, 8, 0.5)])).toHaveLength(2);
  });

  it('property: the result is disjoint, sorted, and a subset of the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          maxLength: 60,
        }),
        (raw) => {
          const input = raw.map(([s, len, score], i) => m(`t${i}`, s, s + len, score));
          const out = resolveOverlaps(input);
          for (let i = 1; i < out.length; i++) expect(out[i]!.start).toBeGreaterThanOrEqual(out[i - 1]!.end);
          for (const x of out) expect(input).toContain(x);
          // Every dropped match overlaps a kept one.
          for (const x of input)
            if (!out.includes(x)) expect(out.some((k) => k.start < x.end && x.start < k.end)).toBe(true);
        },
      ),
    );
  });
});

describe('robustness', () => {
  it('property: every match points at text inside the input, sorted and non-overlapping, and scanning never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        expectSortedDisjointSpans(all.scan(text), text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast on hostile input (long digit/separator runs, many @ signs, long capitalised runs)', () => {
    const hostile = [
      '1-'.repeat(100_000),
      '@'.repeat(100_000),
      '%40'.repeat(100_000),
      'a'.repeat(100_000) + '@',
      'Aa '.repeat(50_000) + 'Street',
      '+('.repeat(50_000),
      '1.'.repeat(100_000),
      ':'.repeat(100_000),
      // Glued addresses and schemeless logins.
      'jane@example.comjohn'.repeat(10_000),
      'a:b@c.d '.repeat(20_000),
      'a@' + 'b.'.repeat(120) + 'cc@'.repeat(2_000),
    ].join('\n');
    // Linear scanners take milliseconds here; a backtracking pattern would take minutes.
    expectWithin(8000, () => all.scan(hostile));
  });
});

describe('group separators: no-break spaces and tabs', () => {
  const prose = 'The quarterly report covers revenue, staffing and the roadmap for the next year. '.repeat(40);
  it.each([
    ['\u00a0', 'no-break space'],
    ['\u202f', 'narrow no-break space'],
  ])('groups phone numbers with %j (%s) as with a space (the narrow one hid them)', (sep) => {
    for (const phone of [
      ['01', '23', '45', '67', '89'].join(sep),
      ['+33', '1', '23', '45', '67', '89'].join(sep),
      ['415', '555', '0132'].join(sep),
    ]) {
      for (const pad of ['', prose]) expect(found(`${pad}call ${phone} today`, ['phone'])).toEqual([['phone', phone]]);
    }
  });
  it.each([
    ['\u00a0', 'no-break space'],
    ['\u202f', 'narrow no-break space'],
    ['\t', 'tab'],
  ])('groups cards, IBANs and SSNs with %j (%s) as with a space', (sep) => {
    const card = ['4111', '1111', '1111', '1111'].join(sep);
    const iban = ['DE89', '3704', '0044', '0532', '0130', '00'].join(sep);
    const ssn = ['536', '22', '1234'].join(sep);
    // Short texts (scanned whole) and long ones (through the numeric-run gate) alike.
    for (const pad of ['', prose]) {
      expect(found(`${pad}card ${card}`, ['credit_card'])).toEqual([['credit_card', card]]);
      expect(found(`${pad}iban ${iban}`, ['iban'])).toEqual([['iban', iban]]);
      expect(found(`${pad}ssn ${ssn}`, ['ssn'])).toEqual([['ssn', ssn]]);
      expect(found(`${pad}card ${card}, ssn ${ssn}`, ['phone'])).toEqual([]);
    }
    // A spaced SSN still needs its context word; blanks and hyphens mixed in a card are typed by hand, a
    // dot among them is a decimal.
    expect(found(`ref ${ssn}`, ['ssn'])).toEqual([]);
    expect(found(`card 4111${sep}1111 1111-1111`, ['credit_card'])).toEqual([
      ['credit_card', `4111${sep}1111 1111-1111`],
    ]);
    expect(found(`card 4111${sep}1111.1111-1111`, ['credit_card'])).toEqual([]);
  });
});

describe('date_of_birth: more written forms', () => {
  it.each([
    ['D.O.B.: 07/04/1990', '07/04/1990'],
    ['D.O.B 07/04/1990', '07/04/1990'],
    ['Born: 04-Jul-1990', '04-Jul-1990'],
    ['Born: 15-Mar-1985', '15-Mar-1985'],
    ['dob 19900704', '19900704'],
    ['né le 4 juillet 1990', '4 juillet 1990'],
    ['fecha de nacimiento: 04/07/1990', '04/07/1990'],
    ['data di nascita 04/07/1990', '04/07/1990'],
    ['nacido el 4 de julio de 1990', '4 de julio de 1990'],
    ['Geburtsdatum: 4. Juli 1990', '4. Juli 1990'],
    // Day, month and year glued, as passports, bookings and military records print them.
    ['DOB 04JUL1990', '04JUL1990'],
    ['Date of birth: 4jul90', '4jul90'],
    ['{"dob": "15MAR1985"}', '15MAR1985'],
    // ... and with blanks or dashes and a two-digit year (with blanks, the month in three capitals).
    ['DOB 04 JUL 90', '04 JUL 90'],
    ['Born: 04-Jul-90', '04-Jul-90'],
    // German CVs abbreviate geboren; Dutch, Scandinavian and Polish birth words.
    ['Max Mustermann, geb. 04.07.1990 in Berlin', '04.07.1990'],
    ['geb. am 4. Juli 1990', '4. Juli 1990'],
    ['geboortedatum: 04-07-1990', '04-07-1990'],
    ['fødselsdato 04.07.1990', '04.07.1990'],
    ['data urodzenia: 04.07.1990', '04.07.1990'],
    // The day as an ordinal word, before or after the month; `the` stays outside the span.
    ['born on the twenty-first of March 1984', 'twenty-first of March 1984'],
    ['DOB: March twenty-first, 1984', 'March twenty-first, 1984'],
    ['date of birth: the Third of May, 1990', 'Third of May, 1990'],
    ['Date of Birth: first June 1975', 'first June 1975'],
    ['birthday: July the twenty second 1988', 'July the twenty second 1988'],
    ['born on the thirtieth of April 1961.', 'thirtieth of April 1961'],
    ['dob twelfth of Feb 1970', 'twelfth of Feb 1970'],
    // The legal phrasing with `day of`.
    ['DOB: the 21st day of March, 1984', '21st day of March, 1984'],
    ['born on the second day of May 1990', 'second day of May 1990'],
    // The usual abbreviations of German, Spanish, Italian and Portuguese months.
    ['Geburtsdatum: 21. Okt. 1984', '21. Okt. 1984'],
    ['geb. am 3. Dez. 1990', '3. Dez. 1990'],
    ['Geburtsdatum 21 Mär 1984', '21 Mär 1984'],
    ['fecha de nacimiento: 12 ago 1985', '12 ago 1985'],
    ['fecha de nacimiento: 5 dic. 1979', '5 dic. 1979'],
    ['data de nascimento: 7 out 1982', '7 out 1982'],
    ['data di nascita: 9 gen 1991', '9 gen 1991'],
  ])('%s', (text, date) => {
    expect(found(text, ['date_of_birth'])).toEqual([['date_of_birth', date]]);
    expect(found(`${'Quarterly notes on staffing and budgets. '.repeat(30)}${text}`, ['date_of_birth'])).toEqual([
      ['date_of_birth', date],
    ]);
  });

  it('leaves the same dates alone without a birth cue', () => {
    for (const text of [
      'The meeting moved to 04-Jul-1990.',
      'order 19900704 shipped',
      'born in Lyon; invoice 19900704',
      'Born 1985, account 20120315 opened',
      'le 4 juillet 1990 nous avons signé',
      'document généré le 4 juillet 1990',
      'the NATO summit of 4 de julio de 1990',
      'flight BA117 departs 04JUL1990',
      'born 04JUL1999X, 31FEB1990 and 04XYZ1990', // glued to more letters, not a calendar date, no month
      'born 4 May 20 years ago', // a count after a written month is no year
      'born 4 July 90 miles from here',
      // Ordinal words: past the month's end, no four-digit year, or no birth word.
      'born on the thirty-first of April 1990',
      'born on the thirtieth of February 1990',
      'born the second of May 20 years ago',
      'we met on the twenty-first of March 1984',
      // Abbreviations that are English words lead no date (they follow the day where they are months).
      'he was born in 1990, set 12 2020 as the date',
      'I was born out 4, 1990',
    ])
      expect(found(text, ['date_of_birth']), text).toEqual([]);
  });
});
