/**
 * `kt policy test [--pack-dir DIR] [--file PACK]`: runs the golden tests of a pack (tests/*.json and
 * inline testing.suites; see golden.ts for the format). Exit 1 when a case fails and when no case ran.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import { loadPack } from './pack-source.js';
import { parseJsonStrict } from '../../../io/json-strict.js';
import { decodeDataText } from '../../../io/text-decoding.js';
import { readFileBounded } from '../../../io/bounded-read.js';
import { describeFsError, FileReadRefused } from '../../../io/fs-errors.js';
import {
  casesFromFile,
  casesFromSuites,
  markDuplicateNames,
  runCase,
  type CaseProblem,
  type GoldenCase,
} from './golden.js';

/** Golden files are hand-written cases; 16 MiB bounds memory and parse time far above any real one. */
const MAX_TEST_FILE_BYTES = 16 * 1024 * 1024;

export const run: CommandRun = async (ctx, _args, options) => {
  const format = options.json === true ? 'json' : String(options.format ?? 'text');
  // Without --pack-dir, the tests live beside the pack given with --file (else in the current directory).
  // Paths are named as the user gave them (relative to cwd, or absolute): a path made relative to cwd
  // (`../../nonexist/...` for `/nonexist`) is harder to recognise than the one typed.
  const dirGiven =
    options.packDir !== undefined
      ? String(options.packDir)
      : options.file !== undefined
        ? dirname(String(options.file))
        : '.';
  const packLabel = options.file === undefined ? join(dirGiven, 'policy-config.yaml') : String(options.file);
  // RE2 syntax, matched in linear time as the pack's own patterns are: a backtracking RegExp hangs for
  // ever on `^(a+)+$` against a long case name, and the filter and the names come from different hands.
  let filter: { test: (name: string) => boolean } | undefined;
  if (options.filter !== undefined) {
    const { RE2JS } = await import('re2js');
    try {
      const re = RE2JS.compile(String(options.filter));
      filter = { test: (name) => re.matcher(name).find() };
    } catch (e) {
      // RE2's own words mislead for lookaround and backreferences ("invalid named capture"): named as lint names them.
      const { re2MissingConstruct } = await import('../../../schema/rules/portable-regex.js');
      const construct = re2MissingConstruct(String(options.filter));
      throw new KtError(
        'usage.invalid_filter',
        construct === undefined
          ? `--filter: not a regular expression kt can match (${e instanceof Error ? e.message : String(e)})`
          : `--filter: the pattern uses ${construct}, which RE2 cannot run`,
        { hint: 'RE2 syntax, as in pack patterns: no lookaround or backreferences' },
      );
    }
  }
  // A --pack-dir that is not there is said as such (the pack file inside it was reported missing instead).
  if (options.packDir !== undefined && options.file === undefined) {
    const dirStat = await stat(resolve(ctx.cwd, dirGiven)).catch((e: unknown) => e as NodeJS.ErrnoException);
    if (dirStat instanceof Error && dirStat.code === 'ENOENT')
      throw new KtError('input.not_found', '--pack-dir: no such directory', { file: dirGiven });
    if (!(dirStat instanceof Error) && !dirStat.isDirectory())
      throw new KtError('input.unreadable', '--pack-dir: not a directory', { file: dirGiven });
  }
  const pack = await loadPack(ctx, packLabel);
  const cases: GoldenCase[] = [];
  const testsDir = resolve(ctx.cwd, dirGiven, 'tests');
  let files: string[] = [];
  try {
    files = (await readdir(testsDir)).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    // No tests/ is fine (the inline suites may hold the cases); a tests/ that is there but cannot be
    // listed (a file, a symlink loop) is said, instead of running as if it held nothing.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new KtError('input.unreadable', `cannot list the test files: ${describeFsError(e)}`, {
        file: join(dirGiven, 'tests'),
      });
  }
  for (const f of files) {
    const path = join(testsDir, f);
    const label = join(dirGiven, 'tests', f);
    let bytes: Buffer;
    try {
      // A dangling symlink, a FIFO no program writes to, /dev/zero behind a link: one line each, never a
      // hang or a read without end (io/bounded-read.ts).
      bytes = await readFileBounded(path, MAX_TEST_FILE_BYTES);
    } catch (e) {
      if (e instanceof FileReadRefused && e.code === 'EFBIG')
        throw new KtError('input.too_large', `test file is larger than ${MAX_TEST_FILE_BYTES} bytes`, { file: label });
      throw new KtError('input.unreadable', `cannot read test file: ${describeFsError(e)}`, { file: label });
    }
    // UTF-8 (with or without a BOM) or UTF-16 with a BOM; strict JSON: a repeated key is an error.
    const text = decodeDataText(bytes, label);
    const parsed = parseJsonStrict(text, 'a test file');
    if (!parsed.ok) {
      const { code, message, reason, line, column } = parsed.problem;
      throw new KtError(code, message, {
        file: label,
        ...(line === undefined ? {} : { line }),
        ...(column === undefined ? {} : { column }),
        ...(reason?.startsWith('a test file holds') === true
          ? { hint: 'several cases go in one array, or in {"cases": [...]}' }
          : {}),
      });
    }
    const value = parsed.value;
    const read = casesFromFile(value, label);
    if (!Array.isArray(read)) throw await caseError('input.invalid_test', read, label, text);
    cases.push(...read);
  }
  const inline = casesFromSuites(pack.model.testing as Record<string, unknown>, pack.file);
  if (!Array.isArray(inline)) throw await caseError('config.invalid_test', inline, pack.file, pack.text);
  cases.push(...inline);
  markDuplicateNames(cases);

  const selected =
    filter === undefined
      ? cases
      : cases.filter((c) => filter.test(c.name) || (c.suite !== undefined && filter.test(`${c.suite}/${c.name}`)));
  const { prepareChain } = await import('../../../core/index.js');
  const chain = prepareChain(pack.model);
  const { findingTypesOf } = await import('../../../core/finding-types.js');
  const findingTypes = findingTypesOf(pack.model);
  const clock = () => performance.now();
  const base = {
    now: ctx.now(),
    failMode: 'block' as const,
    phases: 'all' as const,
    simulateNetwork: true,
    ...(ctx.env.KT_REDACTION_KEY ? { hashKey: ctx.env.KT_REDACTION_KEY } : {}),
  };
  const results = selected.map((c) => runCase(chain, c, base, clock, findingTypes));
  const ok = results.length > 0 && results.every((r) => r.passed);
  const exitCode = ok ? 0 : 1;
  const { nothingRan, renderTestReportText, renderTestReportJunit } = await import('../../../output/test-report.js');
  const scope = { hadFilter: filter !== undefined, discovered: cases.length };
  const report = {
    ok,
    pack: { name: pack.model.pack.name, version: pack.model.pack.version },
    summary: {
      total: results.length,
      passed: results.filter((r) => r.passed).length,
      failed: results.filter((r) => !r.passed).length,
    },
    results,
    // A JSON report with no case says why, as the text one does (`ok: false` alone gave no reason).
    ...(results.length === 0 ? { message: nothingRan(scope) } : {}),
  };
  if (format === 'json') return { data: report, exitCode };
  if (format === 'junit') return { data: report, render: () => renderTestReportJunit(report, scope), exitCode };
  return { data: report, render: () => renderTestReportText(report, { ...scope, color: ctx.stdoutColor }), exitCode };
};

/** A test file's or inline suite's problem as one line at its file:line:col (none for the whole document). */
async function caseError(code: string, problem: CaseProblem, file: string, text: string): Promise<KtError> {
  if (problem.at.length === 0) return new KtError(code, problem.message, { file });
  const { locateInText } = await import('../../../schema/parse.js');
  const position = locateInText(text, problem.at.map(String), problem.key === true ? 'key' : 'value');
  return new KtError(code, problem.message, { file, ...position });
}
