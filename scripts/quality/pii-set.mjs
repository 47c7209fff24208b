// The project's own labelled PII set for `npm run quality` (section scripts/quality/pii.mjs).
// Generated, not collected: every value is synthetic and built valid (or deliberately invalid) by
// construction - Luhn check digits, SSA rules, IBAN mod-97, NPI check digits - and every entity is
// labelled with exact offsets as the sentence is assembled. A fixed seed makes it reproducible.
// Run `node scripts/quality/pii-set.mjs [N]` to print rows as NDJSON.

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeTools(rand) {
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const pad = (v, n) => String(v).padStart(n, '0');
  return { int, pick, digits, pad };
}

function luhnDigit(body) {
  for (let d = 0; d <= 9; d++) if (luhnOk(body + d)) return d;
  return 0;
}
function luhnOk(s) {
  let sum = 0;
  let dbl = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}
function mod97(s) {
  let r = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    r = c >= 65 ? (r * 100 + (c - 55)) % 97 : (r * 10 + (c - 48)) % 97;
  }
  return r;
}

const FIRST = [
  'Maria',
  'James',
  'Aisha',
  'Chen',
  'Lucas',
  'Priya',
  'Olivia',
  'Mateo',
  'Fatima',
  'Noah',
  'Elena',
  'Kenji',
  'Sofia',
  'Omar',
  'Hannah',
  'Ravi',
  'Grace',
  'Ivan',
];
const LAST = [
  'Garcia',
  'Smith',
  'Khan',
  'Wang',
  'Müller',
  'Patel',
  'Brown',
  'Rossi',
  'Dubois',
  'Okafor',
  'Silva',
  'Novak',
  'Tanaka',
  'Larsen',
  'Cohen',
  'Kowalski',
];
const DOMAINS = [
  'example.com',
  'mail.example.org',
  'corp.example.net',
  'example.co.uk',
  'uni.example.edu',
  'example.de',
  'shop.example.io',
];
const STREETS = [
  'Maple',
  'Oak',
  'Cedar',
  'Elm',
  'Pine',
  'Washington',
  'Lincoln',
  'Park',
  'Lake',
  'Hill',
  'Sunset',
  'Highland',
  'Church',
  'Mill',
  'River',
  'Baker',
  'King',
  'Queen',
];
const SUFFIXES = ['Street', 'Avenue', 'Road', 'Drive', 'Lane', 'Boulevard', 'Court', 'Way', 'Place', 'St', 'Ave', 'Rd'];
const CITIES = [
  ['Springfield', 'IL', '62704'],
  ['Austin', 'TX', '78701'],
  ['Portland', 'OR', '97205'],
  ['Denver', 'CO', '80202'],
  ['Boston', 'MA', '02108'],
  ['Madison', 'WI', '53703'],
];
const UK_CITIES = [
  ['London', 'NW1 6XE'],
  ['Leeds', 'LS1 4AP'],
  ['Bristol', 'BS1 5TR'],
  ['Manchester', 'M1 2WD'],
];
const DE_STREETS = ['Haupt', 'Bahnhof', 'Garten', 'Schiller', 'Goethe', 'Linden', 'Berg'];
const DE_SUFFIX = ['straße', 'weg', 'allee', 'platz'];
const DE_CITIES = [
  ['10115', 'Berlin'],
  ['80331', 'München'],
  ['50667', 'Köln'],
  ['20095', 'Hamburg'],
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Value generators: each returns the surface string of one valid entity. */
function valueGenerators(t) {
  const { int, pick, digits, pad } = t;
  const card = () => {
    const brand = pick(['visa', 'visa', 'mc', 'mc2', 'amex', 'discover', 'jcb15', 'diners', 'visa13', 'maestro']);
    const [prefix, len] = {
      visa: ['4', 16],
      mc: [String(int(51, 55)), 16],
      mc2: [String(int(2221, 2720)), 16],
      amex: [pick(['34', '37']), 15],
      discover: ['6011', 16],
      jcb15: [pick(['2131', '1800']), 15],
      diners: [pick(['300', '305', '36', '38']), 14],
      visa13: ['4', 13],
      maestro: [pick(['6304', '6759', '5018']), 16],
    }[brand];
    const body = prefix + digits(len - prefix.length - 1);
    const num = body + luhnDigit(body);
    const style = pick(['space', 'dash', 'plain', 'space']);
    if (len === 15 || len === 14)
      return style === 'plain'
        ? num
        : [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(style === 'dash' ? '-' : ' ');
    if (style === 'plain' || len === 13) return num;
    return num.match(/.{4}/g).join(style === 'dash' ? '-' : ' ');
  };
  const ssnParts = () => {
    let area = int(1, 899);
    if (area === 666) area = 667;
    return [pad(area, 3), pad(int(1, 99), 2), pad(int(1, 9999), 4)];
  };
  const ssn = () => ssnParts().join('-');
  const nanp = () => `${int(2, 9)}${digits(2)}`.replace(/^(\d)11$/, '$112');
  const exch = () => `${int(2, 9)}${digits(2)}`;
  const phone = () =>
    pick([
      () => `(${nanp()}) ${exch()}-${digits(4)}`,
      () => `${nanp()}-${exch()}-${digits(4)}`,
      () => `${nanp()}.${exch()}.${digits(4)}`,
      () => `+1 ${nanp()} ${exch()} ${digits(4)}`,
      () => `+1-${nanp()}-${exch()}-${digits(4)}`,
      () => `+44 20 7946 ${digits(4)}`,
      () => `020 7946 ${digits(4)}`,
      () => `07700 900${digits(3)}`,
      () => `+44 7700 900${digits(3)}`,
      () => `+49 30 ${int(2, 9)}${digits(7)}`,
      () => `030 ${int(2, 9)}${digits(7)}`,
      () => `+49 151 ${int(2, 9)}${digits(7)}`,
      () => `+33 1 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      () => `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      () => `+91 ${int(6, 9)}${digits(4)} ${digits(5)}`,
      () => `+55 11 9${digits(4)}-${digits(4)}`,
      () => `(21) 9${digits(4)}-${digits(4)}`,
      // Layouts common in generated test data: any digits in 3-3-4, no space after ')', '001-' prefix.
      () => `${digits(3)}-${digits(3)}-${digits(4)}`,
      () => `(${digits(3)})${digits(3)}-${digits(4)}`,
      () => `001-${int(2, 9)}${digits(2)}-${digits(3)}-${digits(4)}`,
      () => `0044 20 7946 ${digits(4)}`,
    ])();
  const email = () => {
    const f = pick(FIRST)
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '');
    const l = pick(LAST)
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '');
    return `${pick([`${f}.${l}`, `${f[0]}${l}`, `${f}_${l}${int(1, 99)}`, `${f}+news`])}@${pick(DOMAINS)}`;
  };
  const ipv4 = () => `${pick([10, 172, 192, int(11, 223)])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  const ipv6 = () => {
    const g = () => int(0, 0xffff).toString(16);
    return pick([
      () => `2001:db8:${g()}:${g()}::${g()}`,
      () => `fe80::${g()}:${g()}:${g()}:${g()}`,
      () => Array.from({ length: 8 }, g).join(':'),
    ])();
  };
  const iban = () => {
    const [cc, bban] = pick([
      () => ['DE', digits(18)],
      () => ['GB', `${pick(['NWBK', 'BARC', 'LOYD', 'HSBC'])}${digits(14)}`],
      () => ['FR', `${digits(10)}${digits(11)}${digits(2)}`],
      () => ['ES', digits(20)],
      () => ['NL', `${pick(['ABNA', 'INGB', 'RABO'])}${digits(10)}`],
      () => ['BE', digits(12)],
      () => ['IT', `X${digits(10)}${digits(12)}`],
      () => ['CH', digits(17)],
    ])();
    const check = pad(98 - mod97(`${bban}${cc}00`), 2);
    const compact = `${cc}${check}${bban}`;
    return pick([true, false]) ? compact.match(/.{1,4}/g).join(' ') : compact;
  };
  const date = () => {
    const y = int(1940, 2005);
    const m = int(1, 12);
    const d = int(1, 28);
    return pick([
      () => `${pad(m, 2)}/${pad(d, 2)}/${y}`,
      () => `${y}-${pad(m, 2)}-${pad(d, 2)}`,
      () => `${pad(d, 2)}.${pad(m, 2)}.${y}`,
      () => `${MONTHS[m - 1]} ${d}, ${y}`,
      () => `${d} ${MONTHS[m - 1]} ${y}`,
    ])();
  };
  const passport = () =>
    pick([
      () => digits(9).replace(/^0/, '5'),
      () => `${pick(['X', 'K', 'P', 'N'])}${digits(8)}`,
      () => `${digits(2)}${pick(['AB', 'FR', 'KC'])}${digits(5)}`,
    ])();
  const license = () =>
    pick([
      () => `${pick(['D', 'S', 'W', 'B'])}${digits(7)}`,
      () => `${pick(['A', 'F', 'M'])}${digits(12)}`,
      () => `${int(1, 9)}${digits(8)}`,
    ])();
  const mrn = () => pick([() => `${digits(8)}`, () => `MRN-${digits(7)}`, () => `${pick(['HX', 'MR'])}${digits(6)}`])();
  const npi = () => {
    const body = `${pick(['1', '2'])}${digits(8)}`;
    return body + luhnDigit(`80840${body}`);
  };
  const insurance = () =>
    pick([
      () => `${pick(['XEH', 'WQB', 'ABC', 'HMO'])}${digits(9)}`,
      () =>
        `${int(1, 9)}${pick(['EG', 'TE', 'AC'])}${int(1, 9)}-${pick(['HK', 'AD'])}${int(1, 9)}-${pick(['MK', 'TY'])}${digits(2)}`,
    ])();
  const address = () =>
    pick([
      () => `${int(1, 9999)} ${pick(STREETS)} ${pick(SUFFIXES)}`,
      () => {
        const [c, s, z] = pick(CITIES);
        return `${int(10, 9999)} ${pick(STREETS)} ${pick(SUFFIXES)}, ${c}, ${s} ${z}`;
      },
      () => {
        const [c, p] = pick(UK_CITIES);
        return `${int(1, 300)}${pick(['', 'B', 'A'])} ${pick(STREETS)} ${pick(['Street', 'Road', 'Lane', 'Close'])}, ${c} ${p}`;
      },
      () => {
        const [z, c] = pick(DE_CITIES);
        return `${pick(DE_STREETS)}${pick(DE_SUFFIX)} ${int(1, 120)}, ${z} ${c}`;
      },
      () =>
        `${int(1, 120)} rue de la ${pick(['Paix', 'Gare', 'République', 'Liberté'])}, 750${pad(int(1, 20), 2)} Paris`,
      () => `${int(10, 999)} ${pick(STREETS)} ${pick(['Street', 'Avenue'])}, Apt ${int(1, 40)}${pick(['', 'B', 'C'])}`,
      () => {
        const [c, s, z] = pick(CITIES);
        return `${int(1, 99999)} ${pick(LAST)} ${pick(['Ridges', 'Lodge', 'Crossing', 'Heights', 'Springs', 'Summit', 'Village', 'Court'])} ${pick(['Apt.', 'Suite'])} ${int(100, 999)}\n${c}, ${s} ${z}`;
      },
    ])();
  return { card, ssn, ssnParts, phone, email, ipv4, ipv6, iban, date, passport, license, mrn, npi, insurance, address };
}

/** Templates: text with {slot} markers. A slot is `type` (labelled) or `~name` (near-miss, unlabelled). */
const TEMPLATES = [
  ['Please update my email to {email} and call me at {phone} after 5pm.', 'email phone'],
  ['You can reach the on-call engineer on {phone} or write to {email}.', 'phone email'],
  ['My SSN is {ssn} and my card number is {credit_card}.', 'ssn credit_card'],
  ['Charge the order to card {credit_card}, expiry 09/27.', 'credit_card'],
  ['The customer paid with {credit_card} yesterday; refund it please.', 'credit_card'],
  ['Social security number: {ssn}', 'ssn'],
  ['Employee record - SSN {ssn}, phone {phone}, email {email}.', 'ssn phone email'],
  ['Wire the deposit to IBAN {iban} before Friday.', 'iban'],
  ['Our bank details changed: {iban} (account holder {name}).', 'iban'],
  ['The request came from {ip_address} and was retried from {ip_address}.', 'ip_address ip_address'],
  ['Block traffic from IP address {ipv6} on the edge firewall.', 'ip_address'],
  ['Server logs show a login from {ip_address} at 03:14 UTC.', 'ip_address'],
  ['Patient {name}, date of birth {date_of_birth}, was admitted on {~date}.', 'date_of_birth'],
  ['She was born on {date_of_birth} in Lisbon.', 'date_of_birth'],
  ['DOB: {date_of_birth}; member since {~date}.', 'date_of_birth'],
  ['Passport number {passport}, issued {~date}.', 'passport'],
  ['His passport no. is {passport} and his driver license number is {drivers_license}.', 'passport drivers_license'],
  ["Driver's license: {drivers_license}", 'drivers_license'],
  ['Ship the package to {street_address} by Monday.', 'street_address'],
  ['I moved; my new address is {street_address}.', 'street_address'],
  ['Send the invoice to {name} at {street_address}, attention billing.', 'street_address'],
  ['MRN {mrn} - follow-up with cardiology next week.', 'mrn'],
  ['The referring physician NPI is {npi}.', 'npi'],
  ['Insurance member ID {insurance_id}, group 0042.', 'insurance_id'],
  ['Medical record number: {mrn}; insurance member id: {insurance_id}; NPI {npi}.', 'mrn insurance_id npi'],
  ['Contact {name} ({email}, {phone}) about the lease at {street_address}.', 'email phone street_address'],
  ['From: {name} <{email}>\nTel. {phone}\nSSN: {ssn}', 'email phone ssn'],
  ['Card ending in 4242 is fine, but the full number {credit_card} must not be logged.', 'credit_card'],
  ['("{email}") was copied to the CRM; mobile: {phone}; DOB {date_of_birth}.', 'email phone date_of_birth'],
  ['Billing: IBAN {iban}; card {credit_card}; contact {email}.', 'iban credit_card email'],
  ['ssh from {ip_address} to {ip_address} failed; retry from {ipv6}.', 'ip_address ip_address ip_address'],
  ['Her date of birth is {date_of_birth} and her passport number is {passport}.', 'date_of_birth passport'],
  ['Please forward to {street_address}. Phone {phone}.', 'street_address phone'],
  ['NPI: {npi} / MRN: {mrn} / member id {insurance_id}', 'npi mrn insurance_id'],
  ['I was born {date_of_birth}; my SSN is {ssn}.', 'date_of_birth ssn'],
  ['Call {phone} (office) or {phone} (mobile).', 'phone phone'],
  // The extension belongs to the number (see docs/pii-and-secrets.md): labelled with it.
  ['Reply to <a href="mailto:{email}">us</a> or ring {phone_ext}.', 'email phone'],
  ['{"customer":{"email":"{email}","card":"{credit_card}","ssn":"{ssn}"}}', 'email credit_card ssn'],
  ['curl http://{ip_address}:8080/health timed out; the v6 peer was {ipv6}.', 'ip_address ip_address'],
  ['Name: {name}\nGeburtsdatum: {date_of_birth}\nIBAN: {iban}', 'date_of_birth iban'],
  ['SSN:{ssn} | Phone:{phone} | Email:{email}', 'ssn phone email'],
  ['The office moved to {street_address}; the old phone {phone} still forwards.', 'street_address phone'],
  // near-misses only
  ['Card-like test value 9{~digits15} has no issuer; 16-digit account 0{~digits15} neither.', ''],
  ['Release 2024.01.15 and 10.0.0 went out; invoice INV-{~digits6} is paid.', ''],
  ['Build {~version} of the firmware shipped on {~date}; see ticket {~ticket}.', ''],
  ['The price went from 1,299.00 to 1,099.00 (save 200.00) on order {~order}.', ''],
  ['Serial number {~serial} and part number {~part} are on the label.', ''],
  ['Coordinates 40.7128, -74.0060 and elevation 10 m; UUID {~uuid}.', ''],
  ['The meeting ID is {~meeting} and the passcode is in the invite.', ''],
  ['Order #{~order} shipped; tracking code {~tracking}.', ''],
  ['The test card {~badcard} was declined because the checksum failed.', ''],
  ['Invalid SSN on file: {~badssn} - please ask for the correct one.', ''],
  ['The transfer to {~badiban} bounced (bad check digits).', ''],
  ['Upgrade to version {~version} before the meeting on {~date}.', ''],
  ['The build finished at {~time} with exit code 0 after {~int} tests.', ''],
  ['Device MAC {~mac} is not an IP; ZIP code {~zip} is not a phone.', ''],
  ['Write to admin@localhost or user at example dot com - neither is a real address.', ''],
  ['Ticket {~ticket} references invoice {~invoice} for $1,249.50.', ''],
  ['The ISBN is {~isbn} and the room is 4B on floor 12.', ''],
  ['Quarterly revenue grew 12.5% to 3,400,000 in 2023; call volume was 4,120.', ''],
  ['Run it on 999.300.1.1 only if the octets were valid, which they are not.', ''],
  ['Ask for extension 5012 or dial 0 for the operator.', ''],
  ['We meet on {~date} at {~time} in building {~int}.', ''],
];

/**
 * Generates `n` rows `{ id, text, entities: [{ type, start, end, value }] }` from the templates, with a
 * fixed seed. Near-miss slots produce values that must not be reported.
 */
export function generatePiiSet(seed = 20260601, n = 600) {
  const rand = rng(seed);
  const t = makeTools(rand);
  const g = valueGenerators(t);
  const { int, pick, digits, pad } = t;
  const nearMiss = {
    date: () => g.date(),
    order: () => digits(9),
    tracking: () => `1Z${digits(6)}${pick(['A', 'X'])}${digits(8)}`,
    badcard: () => {
      const body = `4${digits(14)}`;
      const bad = (luhnDigit(body) + int(1, 9)) % 10;
      return `${body}${bad}`.match(/.{4}/g).join(' ');
    },
    badssn: () =>
      pick([
        `000-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
        `666-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
        `9${digits(2)}-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
        `${pad(int(1, 899), 3)}-00-${pad(int(1, 9999), 4)}`,
        `${pad(int(100, 665), 3)}-${pad(int(10, 99), 2)}-0000`,
      ]),
    badiban: () => {
      const bban = digits(18);
      const good = 98 - mod97(`${bban}DE00`);
      return `DE${pad((good + int(1, 50)) % 97 || 1, 2)}${bban}`.match(/.{1,4}/g).join(' ');
    },
    version: () => `${int(1, 12)}.${int(0, 20)}.${int(0, 9)}`,
    time: () => `${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}`,
    int: () => String(int(2, 950)),
    mac: () => Array.from({ length: 6 }, () => pad(int(0, 255).toString(16), 2)).join(':'),
    zip: () => pad(int(1000, 99999), 5),
    ticket: () => `INC-${digits(6)}`,
    invoice: () => `${int(2019, 2025)}-${digits(4)}`,
    isbn: () => `978-${int(0, 9)}-${digits(3)}-${digits(5)}-${int(0, 9)}`,
    digits15: () => digits(15),
    digits6: () => digits(6),
    serial: () => `SN-${digits(4)}-${digits(4)}-${digits(4)}`,
    part: () => `${pick(['PN', 'P/N '])}${digits(3)}-${digits(5)}`,
    uuid: () => `${digits(8)}-${digits(4)}-4${digits(3)}-a${digits(3)}-${digits(12)}`,
    meeting: () => `${digits(3)} ${digits(4)} ${digits(4)}`,
  };
  const fill = {
    email: g.email,
    phone: g.phone,
    phone_ext: () => `${g.phone()} ext. 12`,
    ssn: g.ssn,
    credit_card: g.card,
    iban: g.iban,
    ip_address: g.ipv4,
    ipv6: g.ipv6,
    date_of_birth: g.date,
    passport: g.passport,
    drivers_license: g.license,
    street_address: g.address,
    mrn: g.mrn,
    npi: g.npi,
    insurance_id: g.insurance,
  };
  const rows = [];
  for (let i = 0; i < n; i++) {
    const [template] = TEMPLATES[i % TEMPLATES.length];
    let text = '';
    const entities = [];
    let last = 0;
    for (const m of template.matchAll(/\{(~?)([a-z_0-9]+)\}/g)) {
      text += template.slice(last, m.index);
      last = m.index + m[0].length;
      const [, miss, slot] = m;
      let value;
      if (miss) value = nearMiss[slot]();
      else if (slot === 'name') value = `${pick(FIRST)} ${pick(LAST)}`;
      else {
        value = fill[slot]();
        const type = slot === 'ipv6' ? 'ip_address' : slot === 'phone_ext' ? 'phone' : slot;
        entities.push({ type, start: text.length, end: text.length + value.length, value });
      }
      text += value;
    }
    text += template.slice(last);
    rows.push({ id: `pii-${String(i).padStart(4, '0')}`, text, entities });
  }
  return rows;
}

if (process.argv[1]?.endsWith('pii-set.mjs')) {
  for (const row of generatePiiSet(20260601, Number(process.argv[2] ?? 40)))
    process.stdout.write(`${JSON.stringify(row)}\n`);
}
