/**
 * How lint findings are counted in words, for `kt policy lint`'s summary and every other line that counts
 * diagnostics (`kt gateway reload`), so they read the same: `2 errors, 1 warning`.
 */

/** `1 error`, `2 errors`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `N errors, M warnings`. With `omitZero` a part that is 0 is left out (`1 error`; '' when both are), for a
 * line that only counts what is there; lint's summary line keeps both, as a total.
 */
export function problemCounts(errors: number, warnings: number, options: { omitZero?: boolean } = {}): string {
  const parts: string[] = [];
  if (errors > 0 || options.omitZero !== true) parts.push(plural(errors, 'error'));
  if (warnings > 0 || options.omitZero !== true) parts.push(plural(warnings, 'warning'));
  return parts.join(', ');
}
