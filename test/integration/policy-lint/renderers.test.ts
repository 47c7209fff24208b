/** Renderer edge cases: escaping in GitHub annotations, JUnit XML and SARIF URIs. */
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/types.js';
import { renderGithub } from '../../../src/output/lint/github.js';
import { renderJunit } from '../../../src/output/lint/junit.js';
import { diagnosticLine } from '../../../src/output/lint/one-line.js';
import { summarize, type LintFileReport } from '../../../src/output/lint/report.js';
import { renderSarif } from '../../../src/output/lint/sarif.js';
import { renderText } from '../../../src/output/lint/text.js';

const diagnostic: Diagnostic = {
  code: 'E002',
  severity: 'error',
  message: 'Unknown key \'a,b:c\' in 100% <odd> & "quoted"\nnext',
  path: 'x',
  line: 3,
  column: 5,
  hint: 'h',
};
const file = (name: string, diagnostics: Diagnostic[]): LintFileReport => ({
  file: name,
  valid: !diagnostics.some((d) => d.severity === 'error'),
  shape: 'current',
  pack: { name: 'p', version: '1.0.0' },
  chain: [],
  policy_count: 0,
  diagnostics,
});

describe('lint renderers', () => {
  it('github: escapes % in messages and also : and , in properties; a message is one line', () => {
    const out = renderGithub(summarize([file('dir,with:odd/pack.yaml', [diagnostic])]));
    expect(out).toBe(
      '::error file=dir%2Cwith%3Aodd/pack.yaml,line=3,col=5,title=E002::Unknown key \'a,b:c\' in 100%25 <odd> & "quoted" next. h\n',
    );
  });

  it('github: control characters quoted from a pack (ESC, CR, LF) do not reach the log; the path is kept exact', () => {
    const quoted = {
      ...diagnostic,
      message: "Unknown key 'a\u001b[31mb\r\n::error file=x::fake' in pack",
      hint: 'h\u0007',
    };
    const out = renderGithub(summarize([file('odd\ndir/p.yaml', [quoted])]));
    expect(out).toBe(
      "::error file=odd%0Adir/p.yaml,line=3,col=5,title=E002::Unknown key 'a [31mb  ::error file=x::fake' in pack. h \n",
    );
    expect(out.split('\n')).toHaveLength(2);
  });

  it('github: the hint follows the message as a sentence, with no nested parentheses; one line per annotation', () => {
    const ends = (message: string, hint: string | undefined): Diagnostic => ({ ...diagnostic, message, hint });
    const out = renderGithub(
      summarize([
        file('a.yaml', [
          ends("Unknown key 'actoin' (in policy.dlp-filter)", "Did you mean 'action'? 50% of packs %0A do"),
          ends('Threshold is above 1.', 'Write e.g. 0.7\r\nor 1'),
          ends('No hint here', undefined),
        ]),
      ]),
    );
    const lines = out.split('\n');
    expect(lines).toEqual([
      "::error file=a.yaml,line=3,col=5,title=E002::Unknown key 'actoin' (in policy.dlp-filter). Did you mean 'action'? 50%25 of packs %250A do",
      '::error file=a.yaml,line=3,col=5,title=E002::Threshold is above 1. Write e.g. 0.7  or 1',
      '::error file=a.yaml,line=3,col=5,title=E002::No hint here',
      '',
    ]);
    expect(out).not.toContain(')(');
    expect(out).not.toMatch(/\)\s*\(/);
  });

  it('sarif: the message text joins the hint the same way as the GitHub annotation', () => {
    const sarif = JSON.parse(
      renderSarif(
        summarize([file('a.yaml', [{ ...diagnostic, message: 'Threshold is above 1.', hint: 'Write e.g. 0.7' }])]),
        '0',
        resolve('/work/repo'),
      ),
    ) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(sarif.runs[0]!.results[0]!.message.text).toBe('Threshold is above 1. Write e.g. 0.7');
  });

  it('junit: escapes XML and drops characters XML cannot carry', () => {
    const out = renderJunit(
      summarize([file('a&b.yaml', [{ ...diagnostic, message: 'bad \u0001 byte <x>' }]), file('ok.yaml', [])]),
    );
    expect(out).toContain('tests="2" failures="1"');
    expect(out).toContain('name="a&amp;b.yaml"');
    expect(out).toContain('bad  byte &lt;x&gt;');
    expect(out).not.toContain('\u0001');
    expect(out).toContain('<testcase classname="kt.policy.lint" name="ok.yaml" file="ok.yaml">\n    </testcase>');
  });

  it('junit: a file fails when its findings reach --fail-on, as the exit status says (warnings passed under --fail-on warning)', () => {
    const warning: Diagnostic = { ...diagnostic, code: 'W013', severity: 'warning', message: 'not enforced' };
    const report = summarize([file('w.yaml', [warning]), file('e.yaml', [diagnostic, warning]), file('ok.yaml', [])]);
    const byDefault = renderJunit(report);
    expect(byDefault).toContain('tests="3" failures="1"');
    expect(byDefault).toMatch(/name="w\.yaml" file="w\.yaml">\n {6}<system-out>w\.yaml:3:5: warning\[W013\]/);
    const strict = renderJunit(report, 'warning');
    expect(strict).toContain('tests="3" failures="2"');
    expect(strict).toContain(
      '<failure type="lint" message="1 warning(s); first: W013 not enforced">w.yaml:3:5: warning[W013]',
    );
    expect(strict).toContain('message="1 error(s), 1 warning(s); first: E002');
    expect(strict).not.toContain('<system-out>');
    const never = renderJunit(report, 'never');
    expect(never).toContain('tests="3" failures="0"');
    expect(never).not.toContain('<failure');
    expect(never).toContain('<system-out>e.yaml:3:5: error[E002]');
  });

  it('sarif: URI references, not paths: relative to %SRCROOT% inside the working directory, file: URIs outside, stable rule indexes', () => {
    const cwd = resolve('/work/repo');
    const sarif = JSON.parse(
      renderSarif(
        summarize([
          file(join('my packs', 'a#1.yaml'), [diagnostic]),
          file('<stdin>', [{ ...diagnostic, code: 'W001', severity: 'warning' }]),
          file(join(cwd, 'packs', '100%.yaml'), [diagnostic]),
          file(join('..', 'other', 'p.yaml'), [diagnostic]),
          file(resolve('/etc/kt/pack.yaml'), [diagnostic]),
        ]),
        '9.9.9',
        cwd,
      ),
    ) as {
      runs: Array<{
        originalUriBaseIds: Record<string, { uri: string }>;
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: object };
          }>;
        }>;
      }>;
    };
    const run = sarif.runs[0]!;
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation)).toEqual([
      { uri: 'my%20packs/a%231.yaml', uriBaseId: '%SRCROOT%' },
      { uri: '%3Cstdin%3E', description: { text: 'standard input' } },
      { uri: 'packs/100%25.yaml', uriBaseId: '%SRCROOT%' },
      { uri: pathToFileURL(resolve(cwd, '..', 'other', 'p.yaml')).href },
      { uri: pathToFileURL(resolve('/etc/kt/pack.yaml')).href },
    ]);
    // Every URI is a valid URI reference: it resolves against the base without loss.
    const base = run.originalUriBaseIds['%SRCROOT%']!.uri;
    expect(base).toBe(pathToFileURL(`${cwd}${sep}`).href);
    expect(base.endsWith('/')).toBe(true);
    expect(fileURLToPath(new URL('my%20packs/a%231.yaml', base))).toBe(join(cwd, 'my packs', 'a#1.yaml'));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.results[1]!.level).toBe('warning');
    expect(run.results[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 3, startColumn: 5 });
  });

  it('text: control characters from the document are spaces (no ESC sequence, no line of its own), carets in place', () => {
    const key = 'bo\u001b[2Jgus\nOK fake.yaml is valid';
    const line = `  pii-detector: {"${key}": 1}`;
    const out = renderText(
      summarize([
        file('odd\u001b[31m.yaml', [
          {
            ...diagnostic,
            message: `Unknown key '${key}'`,
            path: `policy.pii-detector.${key}`,
            hint: 'h\r',
            line: 1,
            column: 18,
          },
        ]),
      ]),
      { lineOf: () => line, color: false, version: '0' },
    );
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out.split('\n').filter((l) => l.startsWith('OK '))).toEqual([]);
    expect(out).toContain("error[E002]: Unknown key 'bo [2Jgus OK fake.yaml is valid'");
    expect(out).toContain(' --> odd [31m.yaml:1:18 (policy.pii-detector.bo [2Jgus OK fake.yaml is valid)');
    const [source, caret] = out
      .split('\n')
      .filter((l) => l.startsWith('1 |') || l.startsWith('  |'))
      .slice(1);
    expect(source!.indexOf('"bo [2Jgus')).toBe(caret!.indexOf('^'));
  });

  it('one-line diagnostics (kt gateway run, reload) stay one line', () => {
    expect(diagnosticLine('p.yaml', { ...diagnostic, message: "Unknown key 'a\nkt gateway listening\u001b[0m'" })).toBe(
      "p.yaml:3:5: error[E002]: Unknown key 'a kt gateway listening [0m'",
    );
  });

  it('text: windows a long source line around the column and keeps the caret under the token', () => {
    const line = `${'x'.repeat(300)}: bad_key_here ${'y'.repeat(300)}`;
    const out = renderText(summarize([file('f.yaml', [{ ...diagnostic, line: 1, column: 303, message: 'm' }])]), {
      lineOf: () => line,
      color: false,
      version: '0',
    });
    const [source, caret] = out
      .split('\n')
      .filter((l) => l.startsWith('1 |') || l.startsWith('  |'))
      .slice(1);
    expect(source!.length).toBeLessThan(140);
    const at = caret!.indexOf('^');
    expect(source!.slice(at, at + 12)).toBe('bad_key_here');
    expect(caret!.slice(4).trim()).toBe('^'.repeat(12));
  });

  it('text: a source line with many findings is prepared (masked, cleaned) once, each finding windowed on it', () => {
    // A 1 MB flow sequence on one line with 1000 findings on it was masked once per finding (30 s).
    const line = `chain: [${Array.from({ length: 2000 }, (_, i) => `k${i}`).join(', ')}, sk-proj-${'A'.repeat(30)}]`;
    const read: number[] = [];
    const findings = Array.from({ length: 300 }, (_, i) => ({
      ...diagnostic,
      line: 1,
      column: line.indexOf(` k${i * 6},`) + 2,
      message: 'm',
    }));
    const out = renderText(summarize([file('f.yaml', [...findings, { ...diagnostic, line: 2, column: 1 }])]), {
      lineOf: (_file, n) => {
        read.push(n);
        return n === 1 ? line : 'other: 1';
      },
      color: false,
      version: '0',
    });
    expect(read).toEqual([1, 2]);
    const sources = out.split('\n').filter((l) => l.startsWith('1 |'));
    expect(sources).toHaveLength(300);
    const carets = out.split('\n').filter((l) => l.startsWith('  | '));
    // Each excerpt is windowed on its own finding, the caret under its token.
    for (const i of [1, 150, 299]) {
      const at = carets[i]!.indexOf('^');
      expect(sources[i]!.slice(at).startsWith(`k${i * 6},`)).toBe(true);
    }
    expect(out).not.toContain('sk-proj-');
  });
});
