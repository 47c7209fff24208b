/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding
 * (`::error file=F,line=L,col=C,title=CODE::message`), escaped as the runner expects: `%`, CR and LF in
 * the message, and also `:` and `,` in a property.
 *
 * The hint follows the message as SARIF's text has it (`message. Hint`, see withHint).
 *
 * The message and title are first made one line as every other kt output makes them (stripControls):
 * a key or value quoted from the pack may hold ESC sequences, which the log viewer would render as
 * colours or cursor moves inside the annotation, and line breaks, which escaped as %0A would still
 * become a multi-line annotation with a line of the pack's choosing. The file property keeps the exact
 * path (only escaped): the runner decodes it to match the file in the checkout.
 */
import { stripControls } from '../../io/terminal-text.js';
import { withHint } from './one-line.js';
import type { LintReport } from './report.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderGithub(report: LintReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      const props = [
        `file=${escapeProperty(f.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `title=${escapeProperty(stripControls(d.code))}`,
      ].join(',');
      const message = withHint(d.message, d.hint);
      lines.push(`::${d.severity} ${props}::${escapeData(stripControls(message))}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
