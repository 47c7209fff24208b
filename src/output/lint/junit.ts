/**
 * JUnit XML: one testcase per linted file; a file with findings at or above `--fail-on` fails with those
 * findings listed (errors by default; errors and warnings with `--fail-on warning`; none with `never`),
 * so the testcases agree with the exit status a CI job sees. The findings below it go to the testcase's
 * system-out, shown without failing. A file that could not be read is an <error> (the test could not
 * run), not a <failure>, and counts in `errors`, whatever `--fail-on` says (as the exit status 3).
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

/** The severities that fail a file under `--fail-on` (`error`, `warning` or `never`). */
const failing = (failOn: string): ReadonlySet<Diagnostic['severity']> =>
  new Set<Diagnostic['severity']>(failOn === 'never' ? [] : failOn === 'warning' ? ['error', 'warning'] : ['error']);

export function renderJunit(report: LintReport, failOn = 'error'): string {
  const fails = failing(failOn);
  const notRead = report.files.filter(unreadable).length;
  const failures = report.files.filter(
    (f) => !unreadable(f) && f.diagnostics.some((d) => fails.has(d.severity)),
  ).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="kt policy lint" tests="${report.files.length}" failures="${failures}" errors="${notRead}">`,
  );
  out.push(
    `  <testsuite name="kt policy lint" tests="${report.files.length}" failures="${failures}" errors="${notRead}" skipped="0">`,
  );
  for (const f of report.files) {
    const errors = f.diagnostics.filter((d) => d.severity === 'error');
    const failed = f.diagnostics.filter((d) => fails.has(d.severity));
    const shown = unreadable(f) ? [] : f.diagnostics.filter((d) => !fails.has(d.severity));
    out.push(`    <testcase classname="kt.policy.lint" name="${xml(f.file)}" file="${xml(f.file)}">`);
    if (unreadable(f)) {
      const first = errors[0]!;
      out.push(
        `      <error type="${xml(first.code)}" message="${xml(first.message)}">${xml(errors.map((d) => line(f.file, d)).join('\n'))}</error>`,
      );
    } else if (failed.length > 0) {
      const first = failed[0]!;
      const counts = (['error', 'warning'] as const)
        .map((sev) => [sev, failed.filter((d) => d.severity === sev).length] as const)
        .filter(([, n]) => n > 0)
        .map(([sev, n]) => `${n} ${sev}(s)`)
        .join(', ');
      out.push(
        `      <failure type="lint" message="${xml(`${counts}; first: ${first.code} ${first.message}`)}">${xml(failed.map((d) => line(f.file, d)).join('\n'))}</failure>`,
      );
    }
    if (shown.length > 0)
      out.push(`      <system-out>${xml(shown.map((d) => line(f.file, d)).join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
