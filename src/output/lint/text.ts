/**
 * Human output of `kt policy lint`: per file a status line, then one rustc-style block per finding
 * with the source line and a caret under the offending key or value; a summary line at the end.
 * Secrets in excerpts are masked. What comes from the document (messages quote its keys and values, the
 * excerpt is its text, the pack name) and file names have their control characters made spaces
 * (stripControls): an ESC sequence or a line break in a key must not recolour the terminal or print a
 * line of its own, such as a fake `OK`. Each character becomes one space, so carets stay in place.
 */
import type { Diagnostic } from '../../core/types.js';
import { stripControls } from '../../io/terminal-text.js';
import { maskSecretShapes } from '../../schema/rules/secrets.js';
import { plural, problemCounts } from './counts.js';
import { unreadable, type LintFileReport, type LintRenderContext, type LintReport } from './report.js';

const paint = (on: boolean, code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Length of the token starting at a column: a quoted scalar, or a plain key/value up to `: `, `#` or a bracket. */
function tokenLength(line: string, column: number): number {
  const rest = line.slice(column - 1);
  const quoted = /^("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)/.exec(rest);
  if (quoted !== null && quoted[0].length > 0) return quoted[0].length;
  const plain = /^(?:[^\s:#,[\]{}]|:(?=[^\s,\]}]))+/.exec(rest);
  return Math.max(1, plain === null ? 1 : plain[0].replace(/\s+$/, '').length);
}

/** Excerpts show at most this many characters of a source line, around the column. */
const excerptWidth = 120;

/** The part of a long line around `column`, and the column within that part. */
function window(line: string, column: number): { text: string; column: number } {
  if (line.length <= excerptWidth) return { text: line, column };
  const start = Math.max(0, Math.min(column - 1 - 40, line.length - excerptWidth));
  const prefix = start > 0 ? '...' : '';
  const suffix = start + excerptWidth < line.length ? '...' : '';
  return {
    text: `${prefix}${line.slice(start, start + excerptWidth)}${suffix}`,
    column: column - start + prefix.length,
  };
}

/**
 * A file's source lines as excerpts show them (masked, controls made spaces), each prepared once however
 * many findings it has: a 1 MB flow line with 1000 findings on it was masked 1000 times (30 s).
 */
function excerptLines(file: string, ctx: LintRenderContext): (line: number) => string {
  const prepared = new Map<number, string>();
  return (line) => {
    let text = prepared.get(line);
    if (text === undefined) {
      text = stripControls(maskSecretShapes(ctx.lineOf(file, line)));
      prepared.set(line, text);
    }
    return text;
  };
}

function block(d: Diagnostic, file: string, ctx: LintRenderContext, sourceLine: (line: number) => string): string {
  const color = ctx.color;
  const label =
    d.severity === 'error' ? paint(color, '1;31', `error[${d.code}]`) : paint(color, '1;33', `warning[${d.code}]`);
  // Lines come masked (ParsedDocument.excerptText, on the syntax tree, lengths kept so the caret stays
  // right); key shapes are masked again as a safety net, before cutting, so a secret straddling the
  // window edge is never half shown. The line-based maskSecrets would hide the rest of a flow mapping.
  const excerpt = window(sourceLine(d.line), d.column);
  const source = excerpt.text;
  const column = excerpt.column;
  const gutter = String(d.line).length;
  const pad = ' '.repeat(gutter);
  const bar = paint(color, '34', '|');
  const message = stripControls(d.message);
  const lines = [
    `${label}: ${message.length > 500 ? `${message.slice(0, 500)}...` : message}`,
    `${pad}${paint(color, '34', '-->')} ${stripControls(file)}:${d.line}:${d.column}${d.path ? ` (${stripControls(d.path)})` : ''}`,
  ];
  if (source.trim() !== '') {
    const caret = `${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(Math.min(tokenLength(source, column), Math.max(1, source.length - column + 1)))}`;
    lines.push(
      `${pad} ${bar}`,
      `${paint(color, '34', String(d.line))} ${bar} ${source}`,
      `${pad} ${bar} ${paint(color, d.severity === 'error' ? '31' : '33', caret)}`,
    );
  }
  if (d.hint) lines.push(`${pad} = help: ${stripControls(d.hint)}`);
  return lines.join('\n');
}

function fileSection(f: LintFileReport, ctx: LintRenderContext): string {
  const file = stripControls(f.file);
  const errors = f.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = f.diagnostics.length - errors;
  const head: string[] = [];
  if (unreadable(f)) {
    head.push(`${paint(ctx.color, '31', 'X')} ${file} could not be read`);
  } else if (f.valid) {
    head.push(
      `${paint(ctx.color, '32', 'OK')} ${file} is valid${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}`,
    );
    head.push(
      stripControls(`Pack: ${f.pack.name} (v${f.pack.version})${f.shape === 'current' ? '' : ` [${f.shape}]`}`),
    );
    head.push(
      stripControls(
        `Chain: ${f.chain.map((c) => (c.name === c.kind ? c.kind : `${c.name} (${c.kind})`)).join(' -> ') || '(empty)'}`,
      ),
    );
    head.push(`Policies validated: ${f.chain.length}`);
  } else {
    head.push(
      `${paint(ctx.color, '31', 'X')} ${file} has ${plural(errors, 'error')}${warnings > 0 ? ` and ${plural(warnings, 'warning')}` : ''}`,
    );
  }
  const sourceLine = excerptLines(f.file, ctx);
  const blocks = f.diagnostics.map((d) => block(d, f.file, ctx, sourceLine));
  return [head.join('\n'), ...blocks].join('\n\n');
}

export function renderText(report: LintReport, ctx: LintRenderContext): string {
  const sections = report.files.map((f) => fileSection(f, ctx));
  const { files, errors, warnings } = report.summary;
  const notRead = report.summary.unreadable;
  const summary = `${plural(files, 'file')} linted: ${problemCounts(errors, warnings)}${notRead > 0 ? `; ${plural(notRead, 'file')} could not be read` : ''}`;
  return `${[...sections, summary].join('\n\n')}\n`;
}
