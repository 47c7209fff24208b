/**
 * Character tables for normalisation: which code points are invisible formatting characters, and which
 * letters from other scripts look like ASCII letters. The confusable list is a hand-written subset of the
 * Unicode confusables data limited to letters that render (near-)identically to Latin in common fonts;
 * fullwidth forms and mathematical alphanumerics are handled by NFKD in normalize-build.ts (charInfo).
 */

/**
 * Zero-width characters, bidi controls, soft hyphen, word joiners, tag characters and variation selectors:
 * they change nothing a reader sees, so an instruction split by them must still match.
 */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xfff0 && cp <= 0xfff8) ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

// Pairs "<look-alike letters>" -> ASCII letter. Lower and upper case both listed; the result is lower case.
const CONFUSABLE_GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['аАαΑ', 'a'],
  ['вВβΒ', 'b'],
  ['сСϲϹ', 'c'],
  ['ԁ', 'd'],
  ['еЕεΕ', 'e'],
  ['ғϝ', 'f'],
  ['ɡ', 'g'],
  ['һНηΗ', 'h'],
  ['іІιΙӀ', 'i'],
  ['јЈϳ', 'j'],
  ['кКκΚ', 'k'],
  ['ӏ', 'l'],
  ['мМΜ', 'm'],
  ['пΝ', 'n'],
  ['оОοΟσ', 'o'],
  ['рРρΡ', 'p'],
  ['ԛ', 'q'],
  ['г', 'r'],
  ['ѕЅ', 's'],
  ['тТτΤ', 't'],
  ['υ', 'u'],
  ['ѵνѴ', 'v'],
  ['ԝ', 'w'],
  ['хХχΧ', 'x'],
  ['уУγΥ', 'y'],
  ['ΖᏃ', 'z'],
];

const CONFUSABLES: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>();
  for (const [chars, ascii] of CONFUSABLE_GROUPS) for (const c of chars) m.set(c.codePointAt(0)!, ascii);
  return m;
})();

/** The ASCII letter a look-alike letter stands for, or undefined. */
export function foldHomoglyph(cp: number): string | undefined {
  return CONFUSABLES.get(cp);
}

/**
 * Latin letter forms that NFKD leaves as they are but that read as plain letters: small capitals (text
 * generators write "ɪɢɴᴏʀᴇ ᴀʟʟ ᴘʀᴇᴠɪᴏᴜꜱ" with them), the dotless i, and the regional indicator symbols
 * (🇮🇬🇳🇴🇷🇪: letters drawn as flags' halves). They are folded wherever they stand, as fullwidth forms are:
 * they are letters of the Latin alphabet, not look-alikes from another script (foldHomoglyph).
 */
const LATIN_FORM_GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['ᴀ', 'a'],
  ['ʙ', 'b'],
  ['ᴄ', 'c'],
  ['ᴅ', 'd'],
  ['ᴇ', 'e'],
  ['ꜰ', 'f'],
  ['ɢ', 'g'],
  ['ʜ', 'h'],
  ['ɪı', 'i'],
  ['ᴊ', 'j'],
  ['ᴋ', 'k'],
  ['ʟ', 'l'],
  ['ᴍ', 'm'],
  ['ɴ', 'n'],
  ['ᴏ', 'o'],
  ['ᴘ', 'p'],
  ['ǫ', 'q'],
  ['ʀ', 'r'],
  ['ꜱ', 's'],
  ['ᴛ', 't'],
  ['ᴜ', 'u'],
  ['ᴠ', 'v'],
  ['ᴡ', 'w'],
  ['ʏ', 'y'],
  ['ᴢ', 'z'],
];

const LATIN_FORMS: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>();
  for (const [chars, ascii] of LATIN_FORM_GROUPS) for (const c of chars) m.set(c.codePointAt(0)!, ascii);
  return m;
})();

/** The regional indicator symbols A to Z. */
const REGIONAL_A = 0x1f1e6;
const REGIONAL_Z = 0x1f1ff;

/** The ASCII letter a Latin letter form NFKD does not fold stands for (see LATIN_FORM_GROUPS), or undefined. */
export function latinForm(cp: number): string | undefined {
  if (cp >= REGIONAL_A && cp <= REGIONAL_Z) return String.fromCharCode(97 + cp - REGIONAL_A);
  return LATIN_FORMS.get(cp);
}

/**
 * Letters of upside-down text ("ǝɹouƃı llɐ snoıʌǝɹd": a sentence turned half a circle, read from its end)
 * that ordinary Latin text does not use, each with the letter it is turned from. Counted while a view is
 * built (isUpsideDownLetter, NormalizedText.upsideDown); the rest of the table (UPSIDE_DOWN) reads a stretch
 * back (injection-obfuscation.ts). IPA transcriptions use a few of them ("ɹ", "ʌ", "ɔ"), and so do some
 * African alphabets ("ɔ", "ǝ"): reading such a stretch turned round finds nothing, which costs one short
 * scan. The dotless i is Turkish and not counted.
 */
const UPSIDE_DOWN_LETTERS = 'ɐǝɹʇɥʌʍʎɯʞɟƃɾɔᴉƎ∀Ɔ⅁ᴚ⊥∩Λ⅄˥Ԁ';

/** What each unit of upside-down text is turned from (the letters above, and the ASCII letters that turn into each other). */
export const UPSIDE_DOWN: ReadonlyMap<string, string> = new Map(
  (
    'ɐa ǝe ɹr ʇt ɥh ʌv ʍw ʎy ɯm ʞk ɟf ƃg ɾj ɔc ıi ᴉi ƎE ∀A ƆC ⅁G ᴚR ⊥T ∩U ΛV ⅄Y ˥L ԀP ſJ ' +
    'qb bq pd dp un nu MW WM ˙. ¡! ¿?'
  )
    .split(' ')
    .map((pair) => [pair[0]!, pair.slice(1)] as const),
);

/**
 * Letters of mirrored text ("ɘɿonϱi llɒ": each letter flipped left to right, read from its end) that
 * ordinary Latin text does not use; counted with the upside-down letters, and read back with MIRRORED.
 * (The Greek and Cyrillic letters mirror generators also use, "υ", "γ", "Я", "И", are read but not counted.)
 */
const MIRRORED_LETTERS = 'ɒɘɿƨƚᴎƹꟻ';

/** What each unit of mirrored text is flipped from (the letters above, a few more, and the ASCII letters that flip into each other). */
export const MIRRORED: ReadonlyMap<string, string> = new Map(
  'ɒa ɔc ɘe ϱg ʜh ᴎn ɿr ƨs ƚt υu γy ƹz ꟻf ИN ЯR ƎE ƆC ꟼP db bd qp pq'
    .split(' ')
    .map((pair) => [pair[0]!, pair.slice(1)] as const),
);

/** Whether `s` has a letter of mirrored text (MIRRORED_LETTERS). */
export function hasMirroredLetter(s: string): boolean {
  return MIRRORED_PATTERN.test(s);
}

const MIRRORED_PATTERN = new RegExp(`[${MIRRORED_LETTERS}]`, 'u');

const UPSIDE_DOWN_CODES: ReadonlySet<number> = new Set(
  [...UPSIDE_DOWN_LETTERS, ...MIRRORED_LETTERS].map((c) => c.codePointAt(0)!),
);

/**
 * Whether the code point is a letter of upside-down or mirrored text that ordinary Latin text does not use
 * (see UPSIDE_DOWN_LETTERS, MIRRORED_LETTERS).
 */
export function isUpsideDownLetter(cp: number): boolean {
  return UPSIDE_DOWN_CODES.has(cp);
}
