/**
 * The data of a `kt policy lint` run and its JSON form (schemas/lint-report.schema.json, version 1).
 * Renderers for the other formats live beside this file.
 */
import type { Diagnostic, PackShape, Phase } from '../../core/types.js';
import { isInputCode } from '../../schema/codes.js';

export interface LintFileReport {
  file: string;
  valid: boolean;
  /** `unknown` when the file could not be read as a document (see `unreadable`). */
  shape: PackShape | 'unknown';
  pack: { name: string; version: string };
  chain: Array<{ name: string; kind: string; phase: Phase | 'unknown' }>;
  /** chain.length: the public docs' single-file JSON names it so (`policy_count`). */
  policy_count: number;
  diagnostics: Diagnostic[];
}

export interface LintReport {
  version: 1;
  /** Every file is valid (the public docs' single-file `valid`, for all the files of the run). */
  valid: boolean;
  files: LintFileReport[];
  /** `unreadable`: files that could not be read or parsed (their one error is also in `errors`). */
  summary: { files: number; errors: number; warnings: number; unreadable: number };
}

/**
 * A file that could not be read or parsed (missing, a directory, too large, binary, not UTF-8, broken
 * YAML, ...): its one diagnostic carries the `input.*` code, and the run exits 3.
 */
export const unreadable = (f: LintFileReport): boolean => f.diagnostics.some((d) => isInputCode(d.code));

/** What renderers get besides the report: source lines for excerpts, colour, tool version. */
export interface LintRenderContext {
  /** Text of a 1-based line of a file, for excerpts (text format), secrets masked (ParsedDocument.excerptText). */
  lineOf: (file: string, line: number) => string;
  color: boolean;
  version: string;
}

/**
 * Builds the report. `totals` are the real counts when a file had more problems than it reports
 * (W008); without them the counts come from the diagnostics.
 */
export function summarize(files: LintFileReport[], totals?: { errors: number; warnings: number }): LintReport {
  let errors = 0;
  let warnings = 0;
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
    }
  }
  return {
    version: 1,
    valid: files.every((f) => f.valid),
    files,
    summary: { files: files.length, ...(totals ?? { errors, warnings }), unreadable: files.filter(unreadable).length },
  };
}

export const renderJson = (report: LintReport): string => `${JSON.stringify(report, null, 2)}\n`;
