/**
 * Loading a pack for `kt policy eval` / `kt policy test` through the shared loader (src/io): a pack with
 * lint errors is refused with its first error at file:line:col (exit 3); warnings go to stderr.
 */
import type { PackModel } from '../../../core/index.js';
import type { CommandContext } from '../../context.js';
import { KtError } from '../../errors.js';
import { loadValidPack } from '../../../io/pack-file.js';

export interface LoadedPack {
  file: string;
  text: string;
  model: PackModel;
}

export async function loadPack(
  ctx: Pick<CommandContext, 'cwd' | 'env' | 'stdin' | 'debugLog'>,
  path: string,
): Promise<LoadedPack> {
  const pack = await loadValidPack(path, { cwd: ctx.cwd, env: ctx.env, stdin: ctx.stdin });
  for (const d of pack.diagnostics)
    if (d.severity === 'warning') ctx.debugLog(`${pack.file}:${d.line}:${d.column}: ${d.code} ${d.message}`);
  if (pack.model.chain.length === 0) {
    throw new KtError(
      'config.invalid_pack',
      'the pack has no policies to evaluate (policies.chain is empty or missing)',
      { file: pack.file, hint: `run \`kt policy lint ${path}\`` },
    );
  }
  return { file: pack.file, text: pack.text, model: pack.model };
}
