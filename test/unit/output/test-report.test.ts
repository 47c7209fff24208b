import { describe, expect, it } from 'vitest';
import { renderTestReportJunit, type TestCaseReport } from '../../../src/output/test-report.js';

describe('renderTestReportJunit', () => {
  it('renders 50,000 cases of one file in linear time (the grouping copied the group for every case)', () => {
    const results: TestCaseReport[] = Array.from({ length: 50_000 }, (_, i) => ({
      name: `case ${i}`,
      source: 'tests/many.json',
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
    const started = performance.now();
    const xml = renderTestReportJunit(report);
    // About 0.1 s; the quadratic grouping took 16 s.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('<testsuite name="tests/many.json" tests="50000" failures="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(50_000);
  });
});
