/**
 * SARIF 2.1.0 for code-scanning uploads: every lint code is a rule with a stable `ruleId`, results
 * point at `region.startLine/startColumn`, columns in UTF-16 code units (`run.columnKind`). The
 * `input.*` reasons a file could not be read are rules too, after the lint codes.
 *
 * Artifact locations are URI references (SARIF §3.4.3, RFC 3986), never raw paths: a file inside the
 * working directory is a relative URI (`packs/a%231.yaml`) against `uriBaseId: "%SRCROOT%"`, which
 * `run.originalUriBaseIds` maps to the working directory as a `file:` URI - GitHub code scanning
 * reads such a URI as relative to the repository root when kt runs at the root of the checkout.
 * A file outside it (`../x.yaml`, `/etc/kt/pack.yaml`) is an absolute `file:` URI. Standard input
 * is the relative reference `%3Cstdin%3E` with no base (it is no file), described as standard input.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { STDIN_NAME } from '../../io/stdin-name.js';
import { inputCodes, lintCodes as findingCodes } from '../../schema/codes.js';
import { withHint } from './one-line.js';
import type { LintReport } from './report.js';

const lintCodes = [...findingCodes, ...inputCodes];

const SRCROOT = '%SRCROOT%';

const encodeSegments = (path: string) => path.split(sep).map(encodeURIComponent).join('/');

/** The artifactLocation of a file as the report names it (as typed, relative to `cwd` or absolute). */
function artifactLocation(file: string, cwd: string) {
  if (file === STDIN_NAME) return { uri: encodeURIComponent(file), description: { text: 'standard input' } };
  const absolute = resolve(cwd, file);
  const inside = relative(cwd, absolute);
  if (inside !== '' && !isAbsolute(inside) && inside !== '..' && !inside.startsWith(`..${sep}`)) {
    return { uri: encodeSegments(inside), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(absolute).href };
}

/** `cwd`: the absolute working directory relative file names were given from (the `%SRCROOT%`). */
export function renderSarif(report: LintReport, version: string, cwd: string): string {
  const ruleIndex = new Map(lintCodes.map((c, i) => [c.code, i]));
  const results = report.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
      level: d.severity,
      message: { text: withHint(d.message, d.hint) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.file, cwd),
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
        // The base of relative artifact URIs; SARIF requires the trailing slash (§3.14.14).
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : `${cwd}${sep}`).href } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
