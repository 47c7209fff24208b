/**
 * Pack document model: the three accepted shapes normalised into one PackModel (DESIGN.md §3.1),
 * the catalogue of kinds and phases, spelling canonicalisation, and legacy migration. Pure.
 */
export { detectShape, normalizePack, normalizeProviders, type NormalizeOptions } from './normalize.js';
export { isPackName, MAX_PACK_NAME, UNNAMED_LEGACY_PACK } from './pack-name.js';
export {
  findPhase,
  isKnownKind,
  knownKinds,
  legacyFilterKinds,
  legacyTypes,
  legacyTypeToKind,
  phaseOf,
  singlePolicyKinds,
} from './kinds.js';
export { canonicalConfig, spellingNotes, type SpellingNote } from './spellings.js';
export { canonicalPii, piiCategories, piiCategoryAliases } from './pii-names.js';
export { mapLegacyItem, type LegacyMapping } from './legacy.js';
export { migrateLegacy, type MigrateOptions, type MigrateResult } from './migrate.js';
