/**
 * SARIF 2.1.0 for code-scanning uploads: every lint code is a rule with a stable `ruleId`, results
 * point at `region.startLine/startColumn` of the file as given (relative paths stay relative), columns
 * in UTF-16 code units (`run.columnKind`). The
 * `input.*` reasons a file could not be read are rules too, after the lint codes.
 */
import { inputCodes, lintCodes as findingCodes } from '../../schema/codes.js';

const lintCodes = [...findingCodes, ...inputCodes];
import type { LintReport } from './report.js';

// Standard input is `<stdin>` here as in every report (percent-encoded like any other name).
const uriOf = (file: string) => file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');

export function renderSarif(report: LintReport, version: string): string {
  const ruleIndex = new Map(lintCodes.map((c, i) => [c.code, i]));
  const results = report.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
      level: d.severity,
      message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(f.file) },
            region: { startLine: d.line, startColumn: d.column },
          },
          ...(d.path ? { logicalLocations: [{ fullyQualifiedName: d.path, kind: 'member' }] } : {}),
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kt',
            semanticVersion: version,
            version,
            rules: lintCodes.map((c) => ({
              id: c.code,
              name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
              shortDescription: { text: c.title },
              defaultConfiguration: { level: c.severity },
            })),
          },
        },
        // Columns count UTF-16 code units, in every format kt writes (JavaScript strings, LSP editors such
        // as VS Code); SARIF readers may assume code points unless told, so the run says so.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
