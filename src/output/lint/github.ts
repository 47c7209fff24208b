/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding
 * (`::error file=F,line=L,col=C,title=CODE::message`), escaped as the runner expects.
 */
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
        `title=${escapeProperty(d.code)}`,
      ].join(',');
      const message = d.hint ? `${d.message} (${d.hint})` : d.message;
      lines.push(`::${d.severity} ${props}::${escapeData(message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
