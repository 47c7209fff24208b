/**
 * `kt policy migrate FILE [--output FILE]`: rewrites a legacy list-shape pack into the current shape.
 * The result is linted before anything is written (a migration that would not lint clean writes
 * nothing); what could not be carried over is printed on stderr, one line per item. `--output` is
 * written atomically; without it the YAML goes to stdout.
 */
import { basename, extname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { migrateLegacy } from '../../../core/pack/index.js';
import { writeFileAtomic } from '../../../io/atomic-write.js';
import { checkPackText, loadPackFile } from '../../../io/pack-file.js';
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const run: CommandRun = async (ctx, args, options) => {
  const file = args[0];
  if (file === undefined) throw new KtError('usage.missing_file', 'no pack given', { hint: 'kt policy migrate FILE [--output FILE]' });
  const version = options.packVersion === undefined ? undefined : String(options.packVersion);
  if (version !== undefined && !semver.test(version)) {
    throw new KtError('usage.invalid_version', `--pack-version '${version}' is not SemVer (MAJOR.MINOR.PATCH)`);
  }
  const source = await loadPackFile(file, { cwd: ctx.cwd, env: ctx.env, stdin: ctx.stdin });
  if (source.shape !== 'legacy-list') {
    throw new KtError('input.not_legacy', `already in the ${source.shape} shape; nothing to migrate`, { file, hint: `run \`kt policy lint ${file}\` to check it` });
  }
  const fallbackName = file === '-' ? 'migrated-pack' : basename(file, extname(file));
  const name = options.name === undefined ? undefined : String(options.name);
  const doc = source.model.document;
  const result = migrateLegacy(doc, { name: name ?? (typeof doc.name === 'string' ? doc.name : fallbackName), ...(version ? { version } : {}) });

  const header = `# Migrated from ${file === '-' ? 'stdin' : basename(file)} by \`kt policy migrate\`.\n`;
  const text = header + stringify(result.document, { lineWidth: 0 });

  const check = await checkPackText(text, 'migrated pack', { env: ctx.env });
  if (!check.ok) {
    const first = check.diagnostics.find((d) => d.severity === 'error');
    throw new KtError('internal.migration_invalid', `the migrated pack does not lint clean (${first?.code ?? '?'} ${first?.message ?? ''}); nothing written`, {
      hint: 'this is a bug in kt policy migrate; please report it with the legacy file',
    });
  }
  for (const note of result.notes) ctx.warn(`migrate: ${note}`);

  const summary = { file, output: options.output ?? null, chain: (result.document.policies as { chain: string[] }).chain, mapped: result.mapped, notes: result.notes };
  if (options.output !== undefined) {
    const target = resolve(ctx.cwd, String(options.output));
    await writeFileAtomic(target, text);
    ctx.info(`wrote ${String(options.output)}: ${summary.chain.length} policies from ${result.mapped} legacy items${result.notes.length > 0 ? `, ${result.notes.length} note(s) above` : ''}`);
    return { data: summary, render: () => '' };
  }
  return { data: summary, render: () => text };
};
