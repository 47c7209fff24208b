/**
 * The PII detector's entity names: canonical types and the spellings accepted for them. Kept apart from
 * the recognizers (pii.ts) so that lint can check a pack's category names without loading the detector.
 */

/** Canonical PII entity types, in the order they are documented. */
export const PII_TYPES = [
  'email',
  'phone',
  'ssn',
  'credit_card',
  'ip_address',
  'iban',
  'date_of_birth',
  'passport',
  'drivers_license',
  'street_address',
  'mrn',
  'npi',
  'insurance_id',
] as const;

/** One of the canonical entity names in PII_TYPES. */
export type PiiType = (typeof PII_TYPES)[number];

const ALIASES: Readonly<Record<string, PiiType>> = {
  email: 'email',
  email_address: 'email',
  emails: 'email',
  mail: 'email',
  phone: 'phone',
  phone_number: 'phone',
  telephone: 'phone',
  mobile: 'phone',
  phones: 'phone',
  ssn: 'ssn',
  us_ssn: 'ssn',
  social_security_number: 'ssn',
  credit_card: 'credit_card',
  creditcard: 'credit_card',
  card: 'credit_card',
  card_number: 'credit_card',
  pan: 'credit_card',
  cc: 'credit_card',
  ip_address: 'ip_address',
  ip: 'ip_address',
  ipv4: 'ip_address',
  ipv6: 'ip_address',
  ip_addresses: 'ip_address',
  iban: 'iban',
  iban_code: 'iban',
  bank_account: 'iban',
  date_of_birth: 'date_of_birth',
  dob: 'date_of_birth',
  birth_date: 'date_of_birth',
  birthdate: 'date_of_birth',
  passport: 'passport',
  passport_number: 'passport',
  drivers_license: 'drivers_license',
  driver_license: 'drivers_license',
  driving_licence: 'drivers_license',
  driving_license: 'drivers_license',
  license: 'drivers_license',
  street_address: 'street_address',
  address: 'street_address',
  postal_address: 'street_address',
  location: 'street_address',
  mrn: 'mrn',
  medical_record_number: 'mrn',
  npi: 'npi',
  national_provider_identifier: 'npi',
  insurance_id: 'insurance_id',
  insurance: 'insurance_id',
  member_id: 'insurance_id',
  health_insurance_id: 'insurance_id',
};

/** Maps a configured category name onto its canonical type; undefined when it is not a known entity. */
export function canonicalPiiType(name: string): PiiType | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  // Own keys only: `constructor` or `__proto__` would otherwise read Object.prototype's members.
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}
