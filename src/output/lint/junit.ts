/**
 * JUnit XML: one testcase per linted file; a file with errors fails with every finding listed.
 * Warnings go to the testcase's system-out so CI dashboards show them without failing. A file that
 * could not be read is an <error> (the test could not run), not a <failure>, and counts in `errors`.
 */
import type { Diagnostic } from '../../core/types.js';
import { unreadable, type LintReport } from './report.js';

// XML 1.0 cannot carry most control characters, even escaped: drop them.
// eslint-disable-next-line no-control-regex
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (s: string) =>
  s
    .replace(invalidXml, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const line = (file: string, d: Diagnostic) =>
  `${file}:${d.line}:${d.column}: ${d.severity}[${d.code}] ${d.message}${d.path ? ` (${d.path})` : ''}${d.hint ? ` - ${d.hint}` : ''}`;

export function renderJunit(report: LintReport): string {
  const notRead = report.files.filter(unreadable).length;
  const failures = report.files.filter((f) => !f.valid).length - notRead;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="kt policy lint" tests="${report.files.length}" failures="${failures}" errors="${notRead}">`,
  );
  out.push(
    `  <testsuite name="kt policy lint" tests="${report.files.length}" failures="${failures}" errors="${notRead}" skipped="0">`,
  );
  for (const f of report.files) {
    const errors = f.diagnostics.filter((d) => d.severity === 'error');
    const warnings = f.diagnostics.filter((d) => d.severity === 'warning');
    out.push(`    <testcase classname="kt.policy.lint" name="${xml(f.file)}" file="${xml(f.file)}">`);
    if (unreadable(f)) {
      const first = errors[0]!;
      out.push(
        `      <error type="${xml(first.code)}" message="${xml(first.message)}">${xml(errors.map((d) => line(f.file, d)).join('\n'))}</error>`,
      );
    } else if (errors.length > 0) {
      const first = errors[0]!;
      out.push(
        `      <failure type="lint" message="${xml(`${errors.length} error(s); first: ${first.code} ${first.message}`)}">${xml(errors.map((d) => line(f.file, d)).join('\n'))}</failure>`,
      );
    }
    if (warnings.length > 0)
      out.push(`      <system-out>${xml(warnings.map((d) => line(f.file, d)).join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
