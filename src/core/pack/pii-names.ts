/** PII category identifiers shared by normalisation, legacy mapping and lint. */

/** Built-in PII categories (identifiers used in `pii-detector.categories`). */
export const piiCategories: readonly string[] = [
  'address',
  'credit_card',
  'date_of_birth',
  'email',
  'iban',
  'ip_address',
  'name',
  'passport',
  'phone',
  'ssn',
];

/** Spelling aliases of PII category names seen in the docs and legacy packs. */
export const piiCategoryAliases: Readonly<Record<string, string>> = {
  phone_number: 'phone',
  email_address: 'email',
  creditcard: 'credit_card',
  credit_card_number: 'credit_card',
  ip: 'ip_address',
  dob: 'date_of_birth',
};

/** The canonical category for a name or alias (case-insensitive), or undefined. */
export function canonicalPii(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (piiCategories.includes(lower)) return lower;
  return Object.hasOwn(piiCategoryAliases, lower) ? piiCategoryAliases[lower] : undefined;
}
