/**
 * `kt policy lint [FILE|DIR ...]` (alias `kt validate`, `--file` as the docs spell it). Reads every
 * pack, lints it and renders one report. Exit 0 clean, 1 findings at/above --fail-on, 3 when a file
 * cannot be read as a document (thrown as KtError('input.*') by src/io).
 *
 * Decisions: with no FILE, `policy-config.yaml` in the working directory is linted when it exists
 * (the docs' default name); `-` reads stdin. Warnings never fail unless `--fail-on warning`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findPhase } from '../../../core/pack/index.js';
import type { PackModel } from '../../../core/types.js';
import { expandPackPaths, loadPackFile } from '../../../io/pack-file.js';
import { renderGithub } from '../../../output/lint/github.js';
import { renderJunit } from '../../../output/lint/junit.js';
import { renderJson, summarize, type LintFileReport } from '../../../output/lint/report.js';
import { renderSarif } from '../../../output/lint/sarif.js';
import { renderText } from '../../../output/lint/text.js';
import { maskSecrets } from '../../../schema/rules/secrets.js';
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import { KT_VERSION } from '../../version.js';

const defaultPack = 'policy-config.yaml';

// Names come from the document; a key pasted into the chain must not be echoed (it is E010/E001 anyway).
const chainOf = (model: PackModel) =>
  model.chain.map((e) => ({ name: maskSecrets(e.name), kind: maskSecrets(e.kind), phase: findPhase(e.kind) ?? ('unknown' as const) }));

export const run: CommandRun = async (ctx, args, options) => {
  const given = [...args, ...((options.file as string[] | undefined) ?? [])];
  if (given.length === 0) {
    if (!existsSync(resolve(ctx.cwd, defaultPack))) {
      throw new KtError('usage.missing_file', `no pack given and no ${defaultPack} in the current directory`, { hint: 'kt policy lint FILE|DIR ... (or --file FILE)' });
    }
    given.push(defaultPack);
  }
  const format = options.json === true ? 'json' : String(options.format ?? 'text');
  const failOn = String(options.failOn ?? 'error');

  const files = await expandPackPaths(given, ctx.cwd);
  const reports: LintFileReport[] = [];
  const texts = new Map<string, string[]>();
  const totals = { errors: 0, warnings: 0 };
  for (const file of files) {
    ctx.debugLog(`lint ${file}`);
    const pack = await loadPackFile(file, { cwd: ctx.cwd, env: ctx.env, stdin: ctx.stdin });
    texts.set(file, pack.text.split(/\r?\n/));
    totals.errors += pack.errors;
    totals.warnings += pack.warnings;
    reports.push({
      file,
      valid: pack.errors === 0,
      shape: pack.shape,
      pack: { name: maskSecrets(pack.model.pack.name), version: maskSecrets(pack.model.pack.version) },
      chain: chainOf(pack.model),
      diagnostics: pack.diagnostics,
    });
  }
  const report = summarize(reports, totals);
  const { errors, warnings } = report.summary;
  const failed = failOn === 'never' ? false : failOn === 'warning' ? errors + warnings > 0 : errors > 0;
  // ctx.color follows stderr; the report goes to stdout, so colour only when stdout is a terminal too.
  const renderCtx = { lineOf: (file: string, line: number) => texts.get(file)?.[line - 1] ?? '', color: ctx.color && ctx.stdout.isTTY === true, version: KT_VERSION };
  const render = () => {
    switch (format) {
      case 'json':
        return renderJson(report);
      case 'github':
        return renderGithub(report);
      case 'junit':
        return renderJunit(report);
      case 'sarif':
        return renderSarif(report, KT_VERSION);
      default:
        return renderText(report, renderCtx);
    }
  };
  return { data: report, render, exitCode: failed ? 1 : 0 };
};
