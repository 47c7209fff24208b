/**
 * PII detector: prepared once per policy with the entity types it should find, then `scan(text)`
 * returns validated, non-overlapping matches with offsets. Entity names follow the docs
 * (`email`, `phone`, `ssn`, `credit_card`, `ip_address`, ...); common spellings are accepted as aliases.
 */
import { resolveOverlaps, type TextMatch } from './match.js';
import { scanAddresses } from './pii-address.js';
import { scanPhones } from './pii-phone.js';
import {
  type Recognizer,
  scanCards,
  scanDatesOfBirth,
  scanDriversLicenses,
  scanEmails,
  scanIbans,
  scanInsuranceIds,
  scanIps,
  scanMrns,
  scanNpis,
  scanPassports,
  scanSsns,
} from './pii-recognizers.js';

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

/** Types switched on by the pii-detector modes (`healthcare_mode`, `pci_mode`). */
export const PII_MODE_TYPES: Readonly<Record<'healthcare' | 'pci', readonly PiiType[]>> = {
  healthcare: ['mrn', 'npi', 'insurance_id'],
  pci: ['credit_card'],
};

/** The types a pii-detector scans when its config names none: the docs' built-in categories. */
export const DEFAULT_PII_TYPES: readonly PiiType[] = ['email', 'phone', 'ssn', 'ip_address', 'credit_card'];

const ALIASES: Readonly<Record<string, PiiType>> = {
  email: 'email', email_address: 'email', emails: 'email', mail: 'email',
  phone: 'phone', phone_number: 'phone', telephone: 'phone', mobile: 'phone', phones: 'phone',
  ssn: 'ssn', us_ssn: 'ssn', social_security_number: 'ssn',
  credit_card: 'credit_card', creditcard: 'credit_card', card: 'credit_card', card_number: 'credit_card', pan: 'credit_card', cc: 'credit_card',
  ip_address: 'ip_address', ip: 'ip_address', ipv4: 'ip_address', ipv6: 'ip_address', ip_addresses: 'ip_address',
  iban: 'iban', iban_code: 'iban', bank_account: 'iban',
  date_of_birth: 'date_of_birth', dob: 'date_of_birth', birth_date: 'date_of_birth', birthdate: 'date_of_birth',
  passport: 'passport', passport_number: 'passport',
  drivers_license: 'drivers_license', driver_license: 'drivers_license', driving_licence: 'drivers_license', driving_license: 'drivers_license', license: 'drivers_license',
  street_address: 'street_address', address: 'street_address', postal_address: 'street_address', location: 'street_address',
  mrn: 'mrn', medical_record_number: 'mrn',
  npi: 'npi', national_provider_identifier: 'npi',
  insurance_id: 'insurance_id', insurance: 'insurance_id', member_id: 'insurance_id', health_insurance_id: 'insurance_id',
};

/** Maps a configured category name onto its canonical type; undefined when it is not a known entity. */
export function canonicalPiiType(name: string): PiiType | undefined {
  return ALIASES[name.trim().toLowerCase().replace(/[\s-]+/g, '_')];
}

const RECOGNIZERS: Readonly<Record<PiiType, Recognizer>> = {
  email: scanEmails,
  phone: scanPhones,
  ssn: scanSsns,
  credit_card: scanCards,
  ip_address: scanIps,
  iban: scanIbans,
  date_of_birth: scanDatesOfBirth,
  passport: scanPassports,
  drivers_license: scanDriversLicenses,
  street_address: scanAddresses,
  mrn: scanMrns,
  npi: scanNpis,
  insurance_id: scanInsuranceIds,
};

/**
 * Entities that also match the digit patterns of others. When one of these is requested, its rivals
 * run too, so that a card number is never reported as a phone or an SSN as a passport; the rival
 * matches are dropped after overlap resolution.
 */
const RIVALS: Partial<Record<PiiType, readonly PiiType[]>> = {
  phone: ['credit_card', 'iban', 'ssn', 'ip_address', 'date_of_birth', 'npi'],
  ssn: ['phone', 'credit_card'],
  passport: ['ssn', 'phone', 'drivers_license'],
  drivers_license: ['ssn', 'phone', 'passport'],
  mrn: ['phone', 'ssn', 'npi', 'credit_card'],
  insurance_id: ['phone', 'ssn', 'mrn', 'npi'],
  npi: ['phone'],
};

const DIGIT = /\d/;

/** Merged [from, to) windows of RIVAL_MARGIN chars around each match. */
const RIVAL_MARGIN = 96;

function windowsAround(matches: readonly TextMatch[], length: number): Array<[number, number]> {
  const spans = matches.map((m): [number, number] => [Math.max(0, m.start - RIVAL_MARGIN), Math.min(length, m.end + RIVAL_MARGIN)]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const w of spans) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push(w);
  }
  return merged;
}

/** A prepared PII detector (see preparePiiDetector). */
export interface PiiDetector {
  /** The canonical types this detector reports. */
  readonly types: readonly PiiType[];
  /** Configured names that are not PII entity types (for lint and step diagnostics). */
  readonly unknownTypes: readonly string[];
  /** Returns non-overlapping matches sorted by offset. */
  scan(text: string): TextMatch[];
}

/**
 * Prepares a detector for the given entity types (canonical names or aliases). Unknown names are
 * reported in `unknownTypes` rather than thrown, so one unsupported category does not disable the rest.
 */
export function preparePiiDetector(opts: { types: readonly string[] }): PiiDetector {
  const wanted = new Set<PiiType>();
  const unknownTypes: string[] = [];
  for (const name of opts.types) {
    const type = canonicalPiiType(name);
    if (type) wanted.add(type);
    else unknownTypes.push(name);
  }
  const types = PII_TYPES.filter((t) => wanted.has(t));
  const recognizers = types.map((t) => RECOGNIZERS[t]);
  const rivalTypes = new Set<PiiType>();
  for (const type of wanted) for (const rival of RIVALS[type] ?? []) if (!wanted.has(rival)) rivalTypes.add(rival);
  const rivals = PII_TYPES.filter((t) => rivalTypes.has(t)).map((t) => RECOGNIZERS[t]);
  return {
    types,
    unknownTypes,
    scan(text: string): TextMatch[] {
      if (text.length === 0 || types.length === 0) return [];
      const found: TextMatch[] = [];
      // Every entity but email contains a digit; text without digits only needs the email scan.
      const hasDigit = DIGIT.test(text);
      for (let i = 0; i < recognizers.length; i++) if (hasDigit || types[i] === 'email') recognizers[i]!(text, found);
      // Rivals only matter where something was found that they could dispute: they scan windows
      // around the matches (with room for their context words), not the whole text.
      if (found.length > 0 && rivals.length > 0) {
        for (const [from, to] of windowsAround(found, text.length)) {
          const slice = text.slice(from, to);
          const local: TextMatch[] = [];
          for (const recognize of rivals) recognize(slice, local);
          for (const m of local) found.push({ ...m, start: m.start + from, end: m.end + from });
        }
      }
      return resolveOverlaps(found).filter((m) => wanted.has(m.type as PiiType));
    },
  };
}
