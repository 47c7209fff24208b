/**
 * `kt policy lint [FILE|DIR ...]` (alias `kt validate`, `--file` as the docs spell it). Reads every
 * pack, lints it and renders one report. Exit 0 clean, 1 findings at/above --fail-on, 3 when a file
 * cannot be read as a document (KtError('input.*') from src/io).
 *
 * A file that cannot be read (missing, a directory without packs, too large, binary, not UTF-8, broken
 * YAML, ...) does not stop the run, as in eslint or ruff: it becomes one error diagnostic with its
 * `input.*` code in the report (every format, so CI still gets SARIF/JUnit/annotations for the rest),
 * the same one-line `kt: error[input.*]: FILE:LINE:COL: message` as before goes to stderr, and the
 * run exits 3 whatever --fail-on says.
 *
 * Decisions: with no FILE, `policy-config.yaml` in the working directory is linted when it exists
 * (the docs' default name); `-` reads stdin. Warnings never fail unless `--fail-on warning`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findPhase } from '../../../core/pack/index.js';
import type { PackModel } from '../../../core/types.js';
import { describeFsError } from '../../../io/fs-errors.js';
import { expandPackPaths, loadPackFile } from '../../../io/pack-file.js';
import { fileLabel } from '../../../io/stdin-name.js';
import { renderGithub } from '../../../output/lint/github.js';
import { renderJunit } from '../../../output/lint/junit.js';
import { renderJson, summarize, unreadable, type LintFileReport } from '../../../output/lint/report.js';
import { renderSarif } from '../../../output/lint/sarif.js';
import { renderText } from '../../../output/lint/text.js';
import { maskSecrets } from '../../../schema/rules/secrets.js';
import type { CommandRun } from '../../command.js';
import { errorText, isKtError, KtError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { KT_VERSION } from '../../version.js';

const defaultPack = 'policy-config.yaml';

// Names come from the document; a key pasted into the chain must not be echoed (it is E010/E001 anyway).
const chainOf = (model: PackModel) =>
  model.chain.map((e) => ({
    name: maskSecrets(e.name),
    kind: maskSecrets(e.kind),
    phase: findPhase(e.kind) ?? ('unknown' as const),
  }));

/** An `input.*` error for one path, or undefined for anything else (a bug: let it reach the boundary). */
function inputError(error: unknown, file: string): KtError | undefined {
  if (isKtError(error)) return error.code.startsWith('input.') ? error : undefined;
  // A directory that cannot be listed (EACCES) surfaces as a plain fs error from the expansion.
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string') {
    return new KtError('input.unreadable', `cannot read: ${describeFsError(error)}`, { file });
  }
  return undefined;
}

/** The report entry of a file that could not be read: one error diagnostic, located when known. */
function unreadableFile(file: string, error: KtError): LintFileReport {
  const { line, column, hint } = error.details;
  return {
    file,
    valid: false,
    shape: 'unknown',
    pack: { name: '', version: '' },
    chain: [],
    policy_count: 0,
    diagnostics: [
      {
        code: error.code,
        severity: 'error',
        message: error.message,
        path: '',
        line: line ?? 1,
        column: column ?? 1,
        ...(hint ? { hint } : {}),
      },
    ],
  };
}

export const run: CommandRun = async (ctx, args, options) => {
  const given = [...args, ...((options.file as string[] | undefined) ?? [])];
  if (given.length === 0) {
    if (!existsSync(resolve(ctx.cwd, defaultPack))) {
      throw new KtError('usage.missing_file', `no pack given and no ${defaultPack} in the current directory`, {
        hint: 'kt policy lint FILE|DIR ... (or --file FILE)',
      });
    }
    given.push(defaultPack);
  }
  const format = options.json === true ? 'json' : String(options.format ?? 'text');
  const failOn = String(options.failOn ?? 'error');

  const reports: LintFileReport[] = [];
  const texts = new Map<string, string[]>();
  const totals = { errors: 0, warnings: 0 };
  const cannotRead = async (file: string, error: unknown) => {
    const problem = inputError(error, file);
    if (problem === undefined) throw error;
    // The same line the error boundary prints for a single unreadable file.
    ctx.stderr.write(errorText(problem, ctx.color));
    reports.push(unreadableFile(file, problem));
    totals.errors += 1;
  };
  for (const path of given) {
    let files: string[];
    try {
      files = await expandPackPaths([path], ctx.cwd);
    } catch (error) {
      await cannotRead(fileLabel(path), error);
      continue;
    }
    for (const file of files) {
      ctx.debugLog(`lint ${file}`);
      let pack: Awaited<ReturnType<typeof loadPackFile>>;
      try {
        pack = await loadPackFile(file, { cwd: ctx.cwd, env: ctx.env, stdin: ctx.stdin });
      } catch (error) {
        await cannotRead(fileLabel(file), error);
        continue;
      }
      // Excerpts come from the masked text: a secret on the line of any finding is never shown.
      texts.set(pack.file, pack.excerptText.split(/\r?\n/));
      totals.errors += pack.errors;
      totals.warnings += pack.warnings;
      const chain = chainOf(pack.model);
      reports.push({
        file: pack.file,
        valid: pack.errors === 0,
        shape: pack.shape,
        pack: { name: maskSecrets(pack.model.pack.name), version: maskSecrets(pack.model.pack.version) },
        chain,
        policy_count: chain.length,
        diagnostics: pack.diagnostics,
      });
    }
  }
  const report = summarize(reports, totals);
  const { errors, warnings } = report.summary;
  const failed = failOn === 'never' ? false : failOn === 'warning' ? errors + warnings > 0 : errors > 0;
  const renderCtx = {
    lineOf: (file: string, line: number) => texts.get(file)?.[line - 1] ?? '',
    color: ctx.stdoutColor,
    version: KT_VERSION,
  };
  const render = () => {
    switch (format) {
      case 'json':
        return renderJson(report);
      case 'github':
        return renderGithub(report);
      case 'junit':
        return renderJunit(report, failOn);
      case 'sarif':
        return renderSarif(report, KT_VERSION, ctx.cwd);
      default:
        return renderText(report, renderCtx);
    }
  };
  // The most severe outcome wins: a file that could not be read is an input error (3) even when the
  // other files only have findings, and --fail-on does not lower it.
  const exitCode = report.files.some(unreadable) ? ExitCode.input : failed ? ExitCode.findings : ExitCode.ok;
  return { data: report, render, exitCode };
};
