/**
 * `kt events verify`: walks the hash chain of the local event log and exits 1 naming the first
 * record that does not verify (segment file, line and event id).
 */
import { join } from 'node:path';
import { jsonMode, optionSource, type CommandRun } from '../../command.js';
import { fileReadError, KtError } from '../../errors.js';

export const run: CommandRun = async (ctx, _args, options) => {
  const { resolveStateDir } = await import('../../../runtime/state-dir.js');
  const { verifyEventLog } = await import('../../../runtime/event-log.js');
  const { existsSync } = await import('node:fs');
  const { stateDirAsGiven } = await import('../../../config/paths.js');
  const { showAsTyped } = await import('../../../io/shown-path.js');
  const given = options.stateDir as string | undefined;
  const stateDir = resolveStateDir(given, ctx.env, ctx.cwd);
  // The directory and its files are named as the operator typed --state-dir (relative stays relative);
  // the JSON `directory` is the resolved path, as data.
  const show = showAsTyped(stateDirAsGiven(given, ctx.env) ?? stateDir, stateDir);
  const dir = join(stateDir, 'events');
  if (!existsSync(dir)) {
    // Where the directory came from decides the hint: "pass the gateway's --state-dir" to someone who just
    // did was no help.
    const variable = optionSource(options, 'stateDir', given === undefined ? '' : '--state-dir');
    throw new KtError('input.no_event_log', `no event log at ${show(dir)}`, {
      hint:
        variable === ''
          ? "this is the default state directory; pass the gateway's --state-dir (or set KT_STATE_DIR)"
          : variable === '--state-dir'
            ? `is ${show(stateDir)} the directory the gateway was started with (its --state-dir)? The log is in events/ there`
            : `the directory comes from ${variable}; pass the gateway's --state-dir`,
    });
  }
  const result = await verifyEventLog(dir).catch((error: unknown) => {
    // A damaged head.json or anchor.json (config.state_file_invalid), or a segment that is not a regular
    // file (config.event_log_damaged), is named as typed too.
    if (error instanceof KtError && error.details.file !== undefined) error.details.file = show(error.details.file);
    // A file of the log that cannot be read (no permission; a head.json that is a FIFO nothing writes to):
    // one line naming it, exit 3, not an internal error.
    const { code, path } = error as NodeJS.ErrnoException;
    if (!(error instanceof KtError) && typeof code === 'string' && typeof path === 'string')
      throw fileReadError(error, 'this file of the event log', show(path));
    throw error;
  });
  const json = jsonMode(options);
  const data = { ...result, directory: dir };
  if (result.head_file === false)
    ctx.warn(
      `no ${show(join(dir, 'head.json'))}: records removed from the end of the log would not show (a running gateway writes it within a second)`,
    );
  return {
    data,
    exitCode: result.ok ? 0 : 1,
    render: json
      ? () => `${JSON.stringify(data, null, 2)}\n`
      : () =>
          result.ok
            ? `ok: ${result.records} record(s) in ${result.segments} segment(s) verify; head ${result.head.slice(0, 16)}\n`
            : `FAILED: ${show(join(dir, result.first_bad!.segment))}${result.first_bad!.line > 0 ? `:${result.first_bad!.line}` : ''}${result.first_bad!.id ? ` (${result.first_bad!.id})` : ''}: ${result.first_bad!.problem}\n` +
              `${result.records} record(s) verified before it\n`,
  };
};
