import { resolve } from 'node:path';
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import { writeToStdout } from '../../stdout-sink.js';
import { listenForInterrupt } from '../../interrupt.js';

/**
 * `kt events export`: streams every matching event to `--output` (atomically, resumable) or to stdout.
 * `--from` is required (an export should say what period it covers); `--to` defaults to now and is
 * fixed at the start, so a resumed export covers exactly the same period. Progress (count and rate)
 * is an ora spinner on a terminal stderr only; the summary line goes to stderr; stdout stays data.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const { withConnection } = await import('../../connect.js');
  const { exportEvents } = await import('../../../api/export.js');
  const { converterCount } = await import('../../../api/export-pages.js');
  const { filterOptions, timeRange } = await import('../../../api/events-query.js');
  const { steerYoungGeneration } = await import('../../../api/export-heap.js');
  const resume = options.resume === true;
  // Written at the path resolved against the working directory; named in messages as typed (relative
  // stays relative), as every other file kt names.
  const outputShown = typeof options.output === 'string' && options.output !== '-' ? options.output : undefined;
  const output = outputShown === undefined ? undefined : resolve(ctx.cwd, outputShown);
  // `--json` is `--format json`, as on every command that prints data (DESIGN §5; the shell refuses it
  // with another --format); here it names the data's format only: errors stay on stderr (streamsToStdout).
  const format = options.json === true ? 'json' : ((options.format as 'csv' | 'json' | 'ndjson' | undefined) ?? 'json');
  const filters = filterOptions(options);
  const range = timeRange(options, ctx.now());
  if (!resume && range.from === undefined) {
    throw new KtError('usage.missing_from', 'events export needs --from', {
      hint: 'e.g. --from 2025-04-01 --to 2025-04-30, or --from 24h',
    });
  }
  if (!resume && range.to === undefined) range.to = new Date(ctx.now()).toISOString();
  // `--format` has no declared default (json above) so that one given with --resume is seen here too.
  const fromCheckpoint = ['from', 'since', 'to', 'until', 'filter', 'verdict', 'policy', 'format', 'json'].some(
    (k) => options[k] !== undefined,
  );
  // Before connecting: a bad KT_EXPORT_WORKERS is a usage error, not something found mid-export.
  const workers = converterCount(ctx.env);

  const started = performance.now();
  let spinner: { text: string; stop(): void; start(): unknown } | undefined;
  // A terminal that reports 0 columns (a pty nobody sized: `script` in CI, `ssh -tt` from a pipe) cannot
  // host a redrawn line, and ora divides by the width: stopping it then cleared lines forever (100% CPU,
  // stderr flooded, the export never exiting).
  if (ctx.stderr.isTTY === true && ctx.stderr.columns !== 0 && !ctx.quiet) {
    const ora = (await import('ora')).default;
    // ora paints with chalk, which honours --no-color (from argv) but not NO_COLOR: say it here.
    spinner = ora({
      stream: ctx.stderr as unknown as NodeJS.WritableStream,
      text: 'exporting events…',
      color: ctx.color ? 'cyan' : false,
    });
    spinner.start();
  }
  let lastDraw = 0;
  const youngGeneration = steerYoungGeneration();
  const onProgress = ({ rows }: { rows: number }) => {
    youngGeneration.check(rows);
    if (!spinner) return;
    const t = performance.now();
    if (t - lastDraw < 100) return;
    lastDraw = t;
    const rate = rows / Math.max(0.001, (t - started) / 1000);
    spinner.text = `exporting events… ${grouped(rows)} rows (${grouped(Math.round(rate))}/s)`;
  };
  // Waits for each write (src/cli/stdout-sink.ts): the export can then say how many rows got out.
  const sink = (chunk: string): Promise<void> => writeToStdout(ctx.stdout, chunk);

  // Ctrl-C (or SIGTERM) aborts the request in flight so the export stops cleanly: the checkpoint is written
  // and the message says how many rows are saved (exit 130); `--resume` continues. Another signal meanwhile
  // lets that finish (src/cli/interrupt.ts).
  const interrupt = output
    ? listenForInterrupt(() =>
        ctx.info('interrupted again: kt stops once the checkpoint is saved (or what it wrote is removed)'),
      )
    : undefined;
  try {
    const result = await withConnection(
      ctx,
      options,
      ({ client }) =>
        exportEvents({
          client,
          query: { ...range, filters },
          format,
          neutralizeFormulas: options.neutralizeFormulas !== false,
          ...(output ? { output, outputLabel: outputShown } : { sink }),
          resume,
          overwrite: options.force === true,
          // Said once the checkpoint is found and checked: a --resume with nothing to resume says only that.
          ...(resume && fromCheckpoint
            ? { onResume: () => ctx.info('resuming: the period, filters and format come from the checkpoint') }
            : {}),
          now: ctx.now,
          onProgress,
          warn: ctx.warn,
          debug: ctx.debugLog,
          workers,
        }),
      { signal: interrupt ? AbortSignal.any([ctx.signal, interrupt.signal]) : ctx.signal },
    );
    spinner?.stop();
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(result.rows / Math.max(seconds, 0.001));
    const resumed = result.resumedFromRows > 0 ? ` (${grouped(result.resumedFromRows)} from before the resume)` : '';
    ctx.info(
      `exported ${grouped(result.rows)} rows${resumed}, ${formatBytes(result.bytes)}, ${result.format}, in ${seconds.toFixed(2)}s (${grouped(rate)} rows/s)${outputShown ? ` -> ${outputShown}` : ''}`,
    );
    return { exitCode: 0 };
  } catch (error) {
    spinner?.stop();
    throw error;
  } finally {
    interrupt?.release();
    youngGeneration.release();
  }
};

/**
 * A count with thousands separators, as toLocaleString('en-US') prints an integer: the first
 * toLocaleString of a process loads ICU's number formatting, 15-50 ms of every export's summary line
 * (2026-11, the 2-CPU machine, by load).
 */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(?:\d{3})+$)/g, ',');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
