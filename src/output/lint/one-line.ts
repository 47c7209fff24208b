/**
 * A diagnostic on one line, `FILE:LINE:COL: error[E001]: message`: the form editors and CI log parsers
 * read (gcc's position prefix, with the code in brackets as `kt policy lint`'s text report shows it).
 * Used wherever a command prints diagnostics outside a lint report (`kt gateway run`, `kt gateway reload`),
 * so they read alike. The fields may be missing when they come from a server.
 */
import { stripControls } from '../../io/terminal-text.js';

export interface DiagnosticFields {
  code?: string;
  severity?: string;
  message?: string;
  line?: number;
  column?: number;
}

/** One line indeed: control characters from the document or a server (a line break in a key) are spaces. */
export function diagnosticLine(file: string, d: DiagnosticFields): string {
  return stripControls(
    `${file}:${d.line ?? 0}:${d.column ?? 0}: ${d.severity ?? 'error'}[${d.code ?? '?'}]: ${d.message ?? ''}`,
  );
}

/**
 * A diagnostic's message and its hint as one sentence run, for the outputs that have no separate field
 * for the hint (GitHub annotations, SARIF's message text): `message. Hint`, or `message? Hint` when the
 * message ends a sentence already. A hint in parentheses after the message nested brackets whenever the
 * message closed one of its own, and read as an aside rather than as what to do.
 */
export function withHint(message: string, hint: string | undefined): string {
  const m = message.trimEnd();
  const h = hint?.trim() ?? '';
  if (h === '') return m;
  return /[.!?]$/.test(m) ? `${m} ${h}` : `${m}. ${h}`;
}
