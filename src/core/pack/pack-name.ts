/**
 * What a pack name may be, for the names kt chooses itself (a legacy pack without a usable `name:`,
 * `kt policy migrate --name`). Pure; shared by normalisation and the CLI so they agree.
 */

/** A pack name as schemas/pack.schema.json ($defs/packMeta) allows it: 1 to 200 characters. */
export const MAX_PACK_NAME = 200;

// The schema allows any string, but a line break or other control character in a name is written as a
// multi-line YAML block and breaks every one-line report that prints the name.
const controlChar = /[\p{Cc}\u2028\u2029]/u;

/** A name pack.name accepts, on one line (the schema's 1..MAX_PACK_NAME, not blank, no control characters). */
export const isPackName = (s: string): boolean =>
  s.trim() !== '' && [...s].length <= MAX_PACK_NAME && !controlChar.test(s);

/**
 * The name of a legacy pack with neither a usable `name:` nor a file to be named after (stdin, a pack pushed
 * to the reload endpoint), in every command and in the migrated pack alike: one fixed word, so the same
 * document is called the same before and after `kt policy migrate`.
 */
export const UNNAMED_LEGACY_PACK = 'legacy-pack';
