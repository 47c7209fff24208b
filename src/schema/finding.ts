/** Lint findings before they are located in the source (lint.ts turns them into Diagnostics). */

/** A problem before it is located: JSON-pointer segments plus whether it is about the key or the value. */
export interface Finding {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  segments: string[];
  at: 'key' | 'value';
  hint?: string;
}

/** An error finding; `at` says whether the problem is the key or the value at `segments`. */
export const err = (
  code: string,
  segments: string[],
  message: string,
  hint?: string,
  at: 'key' | 'value' = 'value',
): Finding => ({
  code,
  severity: 'error',
  message,
  segments,
  at,
  ...(hint === undefined ? {} : { hint }),
});
/** A warning: the same fields as err. */
export const warn = (...args: Parameters<typeof err>): Finding => ({ ...err(...args), severity: 'warning' });
