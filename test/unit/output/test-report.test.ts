import { describe, expect, it } from 'vitest';
import { renderTestReportJunit, renderTestReportText, type TestCaseReport } from '../../../src/output/test-report.js';

describe('renderTestReportJunit', () => {
  it('groups the cases of each file into one testsuite, in first-seen order, with every case kept', () => {
    // Cases of two files interleaved: the grouping (appended in place; it copied the group for every
    // case, quadratic: 60,000 cases of one file took 25 s) keeps each file's cases in their order.
    const results: TestCaseReport[] = Array.from({ length: 5_000 }, (_, i) => ({
      name: `case ${i}`,
      source: i % 3 === 0 ? 'tests/b.json' : 'tests/a.json',
      verdict: 'allow',
      reason_code: 'all_policies_passed',
      passed: i !== 7,
      failures: i === 7 ? ['verdict: expected block, got allow'] : [],
      duration_ms: 0.01,
    }));
    const report = {
      ok: false,
      pack: { name: 'p', version: '1.0.0' },
      summary: { total: results.length, passed: results.length - 1, failed: 1 },
      results,
    };
    const xml = renderTestReportJunit(report);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
      Number(m[3]),
    ]);
    expect(suites).toEqual([
      ['tests/b.json', 1_667, 0],
      ['tests/a.json', 3_333, 1],
    ]);
    expect(xml.match(/<testcase /g)).toHaveLength(5_000);
    const inA = [
      ...xml.slice(xml.indexOf('name="tests/a.json"')).matchAll(/<testcase classname="[^"]*" name="case (\d+)"/g),
    ].map((m) => Number(m[1]));
    expect(inA).toEqual(results.filter((r) => r.source === 'tests/a.json').map((r) => Number(r.name.slice(5))));
  });
});

describe('renderTestReportJunit with no case', () => {
  const empty = {
    ok: false,
    pack: { name: 'p', version: '1.0.0' },
    summary: { total: 0, passed: 0, failed: 0 },
    results: [],
  };

  it('is one errored testcase saying why (an <error> straight in the testsuite was outside the schema, and dashboards showed nothing)', () => {
    const xml = renderTestReportJunit(empty, { hadFilter: true, discovered: 8 });
    expect(xml).toMatch(/<testsuites name="kt policy test p" tests="1" failures="0" errors="1" /);
    expect(xml).toContain(
      '<testcase classname="kt policy test" name="no tests ran" time="0.000">\n      <error message="no test matched --filter (8 discovered); nothing ran">',
    );
    expect(xml).not.toMatch(/<testsuite [^>]*><error/);
    expect(renderTestReportJunit(empty, { hadFilter: false, discovered: 0 })).toContain(
      '<error message="no tests found: add tests/*.json next to the pack or testing.suites in it">',
    );
  });
});

describe('renderTestReportText', () => {
  it('prints control characters of case names, sources and failures as spaces: a test file cannot add a line of its own (a fake PASS, a GitHub Actions command) or send escape sequences', () => {
    const report = {
      ok: false,
      pack: { name: 'p', version: '1.0.0' },
      summary: { total: 1, passed: 0, failed: 1 },
      results: [
        {
          name: 'evil\nPASS  all good\r\n::error::injected\u001b[2K',
          source: 'tests/x.json\n::warning::x',
          verdict: 'allow',
          reason_code: 'all_policies_passed',
          passed: false,
          failures: ['verdict: expected block\n::add-mask::x'],
          duration_ms: 1,
        },
      ],
    };
    const text = renderTestReportText(report, { color: false, hadFilter: false, discovered: 1 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'FAIL  evil PASS  all good  ::error::injected [2K  (allow, all_policies_passed)  tests/x.json ::warning::x',
    );
    expect(lines[1]).toBe('      verdict: expected block ::add-mask::x');
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f]/);
    expect(lines.filter((l) => /^\s*(::|PASS)/.test(l))).toEqual([]);
  });
});
