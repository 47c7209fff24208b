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
