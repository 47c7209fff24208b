/** Renders `kt policy test` reports: text (one line per case, failures indented, a summary) and JUnit XML. */
import { stripControls } from '../io/terminal-text.js';

export interface TestCaseReport {
  name: string;
  suite?: string;
  source: string;
  verdict: string;
  reason_code: string;
  passed: boolean;
  failures: string[];
  duration_ms: number;
}

export interface TestReport {
  ok: boolean;
  pack: { name: string; version: string };
  summary: { total: number; passed: number; failed: number };
  results: TestCaseReport[];
  /** Why no case ran (then `ok` is false): no test found, or none matched `--filter`. */
  message?: string;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** Where the run found its cases: `--filter` given, and how many cases there were before it. */
export interface RunScope {
  hadFilter: boolean;
  discovered: number;
}

/** Why a run has no case, in every report (JSON `message`, text, JUnit). */
export const nothingRan = (scope: RunScope): string =>
  scope.hadFilter && scope.discovered > 0
    ? `no test matched --filter (${scope.discovered} discovered); nothing ran`
    : 'no tests found: add tests/*.json next to the pack or testing.suites in it';

export function renderTestReportText(report: TestReport, opts: RunScope & { color: boolean }): string {
  const lines: string[] = [];
  // Case names, sources and failure messages come from the test files (a pull request's, in CI): control
  // characters in them could move the cursor, or start a line of their own (a fake PASS, a GitHub Actions
  // `::` command), so they are printed as spaces.
  for (const r of report.results) {
    const label = stripControls(r.suite === undefined ? r.name : `${r.suite} / ${r.name}`);
    lines.push(
      `${r.passed ? paint(opts.color, '32', 'PASS') : paint(opts.color, '31', 'FAIL')}  ${label}  (${stripControls(`${r.verdict}, ${r.reason_code}`)})  ${stripControls(r.source)}`,
    );
    for (const f of r.failures) lines.push(`      ${stripControls(f)}`);
  }
  if (report.summary.total === 0) lines.push(nothingRan(opts));
  const s = report.summary;
  lines.push(
    '',
    `${report.pack.name} ${report.pack.version}: ${s.passed} passed, ${s.failed} failed, ${s.total} total`,
  );
  return `${lines.join('\n')}\n`;
}

// XML 1.0 cannot carry these even escaped (control characters, U+FFFE, U+FFFF): one in a case name or
// message would make the whole report unreadable to a CI parser, so they are dropped, and a lone
// surrogate (half a character, from a JSON \ud800 escape) becomes U+FFFD as UTF-8 output would make it.
// eslint-disable-next-line no-control-regex
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (s: string) =>
  s
    .replace(invalidXml, '')
    .replace(/\p{Cs}/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/**
 * JUnit XML: one testsuite per source file / inline suite, one testcase per case. A run with no case
 * (the job exits 1) is one testcase `no tests ran` with an `<error>` saying why, counted in `errors`:
 * CI dashboards read testcases (an `<error>` directly in a testsuite is outside the JUnit schema, and
 * GitLab and Jenkins showed an empty, passing report).
 */
export function renderTestReportJunit(
  report: TestReport,
  scope: RunScope = { hadFilter: false, discovered: 0 },
): string {
  const groups = new Map<string, TestCaseReport[]>();
  for (const r of report.results) {
    const key = r.suite === undefined ? r.source : `${r.source}#${r.suite}`;
    // Appended in place: copying the group for every case was quadratic (60,000 cases of one file: 25 s).
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [r]);
    else group.push(r);
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = (rs: TestCaseReport[]) => (rs.reduce((a, r) => a + r.duration_ms, 0) / 1000).toFixed(3);
  const empty = report.results.length === 0;
  out.push(
    `<testsuites name="${xml(`kt policy test ${report.pack.name}`)}" tests="${empty ? 1 : report.summary.total}" failures="${report.summary.failed}" errors="${empty ? 1 : 0}" time="${total(report.results)}">`,
  );
  for (const [name, rs] of groups) {
    out.push(
      `  <testsuite name="${xml(name)}" tests="${rs.length}" failures="${rs.filter((r) => !r.passed).length}" time="${total(rs)}">`,
    );
    for (const r of rs) {
      const open = `    <testcase classname="${xml(name)}" name="${xml(r.name)}" time="${(r.duration_ms / 1000).toFixed(3)}"`;
      if (r.passed) out.push(`${open}/>`);
      else
        out.push(
          `${open}>`,
          `      <failure message="${xml(r.failures[0] ?? 'failed')}">${xml(r.failures.join('\n'))}</failure>`,
          '    </testcase>',
        );
    }
    out.push('  </testsuite>');
  }
  if (empty) {
    const why = xml(nothingRan(scope));
    out.push(
      '  <testsuite name="kt policy test" tests="1" failures="0" errors="1" time="0.000">',
      '    <testcase classname="kt policy test" name="no tests ran" time="0.000">',
      `      <error message="${why}">${why}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
