/** Texts written as JSON with some of their characters as `\uXXXX` escapes, for the decoded-reading tests. */
import fc from 'fast-check';

/** `value` as a JSON string literal, each UTF-16 unit whose flag is set written as a `\uXXXX` escape. */
export function escapedLiteral(value: string, flags: readonly boolean[]): string {
  let out = '"';
  for (let k = 0; k < value.length; k++) {
    const unit = value[k]!;
    out += flags[k % Math.max(flags.length, 1)]
      ? `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`
      : JSON.stringify(unit).slice(1, -1);
  }
  return `${out}"`;
}

/** String values with an email, a card number or the term `Nightingale` among arbitrary units, quotes and backslashes. */
export const valueWithFindings = (): fc.Arbitrary<string> => {
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('jane.doe@example.com', '4111 1111 1111 1111', 'Nightingale', '"', '\\', '\n', ' ', '\u200b'),
  );
  return fc.array(piece, { maxLength: 6 }).map((p) => p.join(' '));
};

/**
 * The object `{k0: values[0], ...}` as JSON twice: plain (JSON.stringify) and with the units `flags` picks
 * (cycled) written as escapes.
 */
export function plainAndEscaped(values: readonly string[], flags: readonly boolean[]): [string, string] {
  const plain = JSON.stringify(Object.fromEntries(values.map((v, k) => [`k${k}`, v])));
  const escaped = `{${values.map((v, k) => `"k${k}":${escapedLiteral(v, flags)}`).join(',')}}`;
  return [plain, escaped];
}
