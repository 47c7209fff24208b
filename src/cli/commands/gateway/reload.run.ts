import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';
import { KtError, isKtError } from '../../errors.js';
import { diagnosticLine, type DiagnosticFields } from '../../../output/lint/one-line.js';
import { problemCounts } from '../../../output/lint/counts.js';
import { fileLabel } from '../../../io/stdin-name.js';
import { isPackName, UNNAMED_LEGACY_PACK } from '../../../core/pack/pack-name.js';
import type { JsonObject } from '../../../core/types.js';

/** Whether a legacy document names itself (else it is named after its file, or `legacy-pack` when pushed). */
const ownName = (doc: JsonObject): boolean => typeof doc.name === 'string' && isPackName(doc.name);

interface PackRef {
  name: string;
  version: string;
  hash: string;
}

/**
 * `kt gateway reload [--file FILE] [--dry-run] [--exit-code]`.
 * Without --file the gateway re-reads its own --policy-config from disk. With --file the pack is linted
 * locally first (the same loader as `kt policy lint`; a pack with errors is never sent) and pushed as
 * text; the gateway keeps it in memory only. An invalid pack is rejected by the gateway with
 * diagnostics (printed as file:line:col) and the old pack keeps serving: exit 3. `--exit-code` makes a
 * difference between the old and new pack exit 1 (useful with --dry-run in CI).
 *
 * In JSON mode the document on stdout is the whole report, diagnostics included (`diagnostics`, or
 * `error.diagnostics` for a rejection): they are not also printed on stderr, line by line, where a CI log
 * showed each one twice. Only the count goes there, on success (docs/operator-commands.md says why).
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const json = jsonMode(options);
  const dryRun = options.dryRun === true;
  const file = typeof options.file === 'string' ? options.file : undefined;
  // What diagnostics call the pushed file (`<stdin>` for `--file -`).
  const name = file === undefined ? undefined : fileLabel(file);
  let document: string | undefined;
  // Warnings already printed from the local lint: the gateway lints the same text and reports them again.
  const shown = new Set<string>();
  if (file !== undefined) {
    const { loadValidPack } = await import('../../../io/pack-file.js');
    const pack = await loadValidPack(file, { cwd: ctx.cwd, env: ctx.env, stdin: ctx.stdin });
    // W002 (an unset `secret_key_ref.env`) is about the environment lint ran in, which is this shell, not the
    // gateway's: the gateway lints the pushed pack against its own environment and its diagnostics are
    // printed after the reload, so the local copy of that warning would only mislead.
    // In JSON mode the gateway's own lint of the same text reports them, in the document.
    for (const d of json ? [] : pack.diagnostics) {
      if (d.severity !== 'warning' || d.code === 'W002') continue;
      ctx.info(diagnosticLine(pack.file, d));
      shown.add(`${d.code}:${d.line}:${d.column}`);
    }
    document = pack.text;
    // The gateway gets the text, not the file name, so it cannot name a legacy pack after the file as every
    // local command does (packNameOfFile): it calls it `legacy-pack`. Said before the push, with the fix.
    if (pack.shape === 'legacy-list' && pack.model.pack.name !== UNNAMED_LEGACY_PACK && !ownName(pack.model.document))
      ctx.warn(
        `${pack.file} has no name: and the gateway is sent its text, not its file name, so it calls the pack ${UNNAMED_LEGACY_PACK} (here ${pack.model.pack.name}); add \`name: ${pack.model.pack.name}\` to the file, or migrate it`,
      );
  }
  const { withConnection } = await import('../../connect.js');
  const { reloadGateway } = await import('../../../api/endpoints.js');
  let result;
  try {
    result = await withConnection(ctx, options, ({ client }) =>
      reloadGateway(client, { dryRun, ...(document !== undefined ? { document } : {}) }),
    );
  } catch (error) {
    if (isKtError(error) && error.code === 'input.rejected_by_server') {
      const diagnostics = (error.details.data?.diagnostics as DiagnosticFields[] | undefined) ?? [];
      const served = error.details.data?.file;
      const where =
        name ?? (typeof served === 'string' ? `${served} (on the gateway)` : 'policy-config (on the gateway)');
      // In JSON mode they are the error document's `diagnostics`, and errors in JSON mode are that document alone.
      // In text mode a warning the local lint printed already is not printed again (the gateway lints the
      // same text), but it is counted: the count is of the lines just printed, as `kt policy lint` counts.
      const printed = new Set(shown);
      for (const d of diagnostics) {
        const key = `${d.code}:${d.line}:${d.column}`;
        if (d.severity === 'warning' && printed.has(key)) continue;
        if (d.severity === 'warning') printed.add(key);
        if (!json) ctx.info(stripControls(diagnosticLine(where, d)));
      }
      // A diagnostic without a severity is printed as an error (diagnosticLine), so it is counted as one.
      const errors = diagnostics.filter((d) => d.severity !== 'warning').length;
      const counts = problemCounts(errors, printed.size, { omitZero: true });
      throw new KtError(
        'config.invalid_pack',
        `the gateway rejected the pack${counts === '' ? '' : ` (${counts})`}; the old pack keeps serving`,
        {
          ...(name ? { file: name } : {}),
          data: { diagnostics },
        },
      );
    }
    throw error;
  }
  // Positions are in the file pushed with --file, else in the gateway's own pack file (as for a rejection).
  const where =
    name ?? (typeof result.file === 'string' ? `${result.file} (on the gateway)` : 'policy-config (on the gateway)');
  const diagnostics = result.diagnostics as DiagnosticFields[];
  if (json && diagnostics.length > 0) {
    const warnings = diagnostics.every((d) => d.severity === 'warning');
    const noun = `${warnings ? 'warning' : 'diagnostic'}${diagnostics.length === 1 ? '' : 's'}`;
    ctx.info(stripControls(`${diagnostics.length} ${noun} in ${where}: see "diagnostics" in the JSON output`));
  }
  if (!json)
    for (const d of diagnostics)
      if (!shown.has(`${d.code}:${d.line}:${d.column}`)) ctx.info(stripControls(diagnosticLine(where, d)));
  const changes = result.chain_changes;
  const providers = result.provider_changes ?? { added: [], removed: [] };
  const changed =
    result.previous?.hash !== result.current?.hash ||
    changes.added.length > 0 ||
    changes.removed.length > 0 ||
    changes.reordered;
  const exitCode = options.exitCode === true && changed ? 1 : 0;
  const data = { ...result, dry_run: dryRun, changed };
  if (json) return { data, exitCode };
  const ref = (p: PackRef | null) => (p ? `${p.name} ${p.version} (${p.hash})` : 'no pack');
  const lines = [
    `${dryRun ? 'dry run, nothing swapped' : result.reloaded ? 'reloaded' : 'not reloaded'}: ${ref(result.previous)} -> ${ref(result.current)}`,
  ];
  if (!changed) lines.push('no changes');
  else {
    if (changes.added.length > 0) lines.push(`chain: added ${changes.added.join(', ')}`);
    if (changes.removed.length > 0) lines.push(`chain: removed ${changes.removed.join(', ')}`);
    if (changes.reordered) lines.push('chain: reordered');
    if (changes.added.length === 0 && changes.removed.length === 0 && !changes.reordered)
      lines.push('chain: unchanged (other settings of the pack differ)');
    if (providers.added.length > 0) lines.push(`providers: added ${providers.added.join(', ')}`);
    if (providers.removed.length > 0) lines.push(`providers: removed ${providers.removed.join(', ')}`);
  }
  return { data, exitCode, render: () => `${lines.map(stripControls).join('\n')}\n` };
};
