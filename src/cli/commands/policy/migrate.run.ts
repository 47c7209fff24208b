/**
 * `kt policy migrate FILE [--output FILE [--force]]`: rewrites a legacy list-shape pack into the current
 * shape. The result is linted before anything is written (a migration that would not lint clean writes
 * nothing); what could not be carried over is printed on stderr, one line per item. `--output` is
 * written atomically and never over an existing file (the input file included) unless `--force`; without
 * it the YAML goes to stdout. Exit 0 when every legacy item was carried over; exit 1 (completed with
 * findings) when some were NOT migrated: the output is still written, it just enforces less than the input.
 */
import { lstat, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { stringify } from 'yaml';
import { isPackName, MAX_PACK_NAME as MAX_NAME, migrateLegacy, UNNAMED_LEGACY_PACK } from '../../../core/pack/index.js';
import { errnoOf, writeFileAtomic } from '../../../io/atomic-write.js';
import { describeErrno, directoryPathOutput, notARegularOutput, specialFileKind } from '../../../io/fs-errors.js';
import { checkPackText, invalidPackError, loadPackFile, packNameOfFile } from '../../../io/pack-file.js';
import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const run: CommandRun = async (ctx, args, options) => {
  const file = args[0];
  if (file === undefined)
    throw new KtError('usage.missing_file', 'no pack given', { hint: 'kt policy migrate FILE [--output FILE]' });
  const version = options.packVersion === undefined ? undefined : String(options.packVersion);
  if (version !== undefined && !semver.test(version)) {
    // Names the option, never the value (an argv value may be a secret).
    throw new KtError('usage.invalid_version', '--pack-version is not SemVer (MAJOR.MINOR.PATCH)', {
      hint: 'e.g. --pack-version 1.0.0',
    });
  }
  const name = options.name === undefined ? undefined : String(options.name);
  // Names the option, never the value (an argv value may be a secret).
  if (name !== undefined && !isPackName(name)) {
    throw new KtError(
      'usage.invalid_name',
      `--name: a pack name is 1 to ${MAX_NAME} characters on one line, not blank, with no control characters`,
      {
        hint: 'e.g. --name payments-gateway',
      },
    );
  }
  const force = options.force === true;
  // `--output -` is stdout, as for events export (not a file named "-").
  const output = options.output === undefined || options.output === '-' ? undefined : String(options.output);
  const target = output === undefined ? undefined : resolve(ctx.cwd, output);
  // Refuse before any work: nothing is read, printed or written when the output is in the way.
  if (output !== undefined && target !== undefined)
    await checkTarget(target, output, file === '-' ? undefined : resolve(ctx.cwd, file), force);

  const source = await loadPackFile(file, { cwd: ctx.cwd, env: ctx.env, stdin: ctx.stdin });
  if (source.shape !== 'legacy-list') {
    throw new KtError('input.not_legacy', `already in the ${source.shape} shape; nothing to migrate`, {
      file: source.file,
      hint: `run \`kt policy lint ${file}\` to check it`,
    });
  }
  // The file's base name, as a legacy pack without `name:` is called when it is linted or served.
  const fallbackName = packNameOfFile(file) ?? UNNAMED_LEGACY_PACK;
  const doc = source.model.document;
  // The legacy file's own name when it is one a pack can have (an empty or multi-line one is replaced, and
  // said so: the migrated pack must lint clean).
  const ownName = typeof doc.name === 'string' ? doc.name : undefined;
  if (name === undefined && doc.name !== undefined && (ownName === undefined || !isPackName(ownName)))
    ctx.warn(
      `the legacy name: is not a pack name (1 to ${MAX_NAME} characters on one line); the migrated pack is named ${fallbackName} (use --name to choose)`,
    );
  const packName = name ?? (ownName !== undefined && isPackName(ownName) ? ownName : fallbackName);
  const result = migrateLegacy(doc, { name: packName, ...(version ? { version } : {}) });
  // An error of the legacy document outside the items left out of the output (an unknown type is one of
  // those, reported as NOT migrated) would be carried into it: a regex that cannot run, an action that is
  // no action. It is the input's fault, said at its position (exit 3), not a bug of migrate (exit 70),
  // and never quietly turned into something valid (`action: explode` written as the default `redact`).
  const within = (path: string, item: string) =>
    path === item || path.startsWith(`${item}.`) || path.startsWith(`${item}[`);
  // The legacy `name:` is not carried either when the pack is named otherwise (--name, or the file name
  // for a name that is none: `name: 123`).
  const omitted = packName === ownName ? result.omitted : [...result.omitted, 'name'];
  const carried = source.diagnostics.filter(
    (d) => d.severity === 'error' && !omitted.some((item) => within(d.path, item)),
  );
  if (carried.length > 0)
    throw invalidPackError(
      source,
      file,
      carried,
      `fix the legacy pack first (\`kt policy lint ${file}\` shows every problem), then migrate it; nothing written`,
    );

  const header = `# Migrated from ${file === '-' ? source.file : basename(file)} by \`kt policy migrate\`.\n`;
  let text = header + stringify(result.document, { lineWidth: 0 });

  let check = await checkPackText(text, 'migrated pack', { env: ctx.env });
  // A key a legacy item carried that its current kind does not have (`sensitivity: high`, a YAML merge
  // key) is copied into policy.<kind>, which lint refuses (E002), while the legacy shape lets it pass and
  // the engine ignores it: it is dropped, with a note, so the migrated pack lints clean. (Nested unknown
  // keys show up one level per round.)
  for (let round = 0; !check.ok && round < 8; round++) {
    const unknown = check.diagnostics.filter(
      (d) => d.severity === 'error' && d.code === 'E002' && d.path.startsWith('policy.'),
    );
    if (unknown.length === 0 || unknown.length !== check.diagnostics.filter((d) => d.severity === 'error').length)
      break;
    for (const d of unknown) {
      if (deleteAtPath(result.document, d.path.split('.')))
        result.notes.push(`${d.path}: no such field in the current shape; dropped`);
    }
    text = header + stringify(result.document, { lineWidth: 0 });
    check = await checkPackText(text, 'migrated pack', { env: ctx.env });
  }
  if (!check.ok) {
    const first = check.diagnostics.find((d) => d.severity === 'error');
    throw new KtError(
      'internal.migration_invalid',
      `the migrated pack does not lint clean (${first?.code ?? '?'} ${first?.message ?? ''}); nothing written`,
      {
        hint: 'this is a bug in kt policy migrate; please report it with the legacy file',
      },
    );
  }

  if (output !== undefined && target !== undefined) {
    try {
      // Without --force the file is linked into place, which fails if one appeared since the check above.
      // With it, an --output that is a symbolic link is written through: its target is replaced, the link
      // kept (writeTarget in io/atomic-write.ts).
      await writeFileAtomic(target, text, 0o644, force ? { throughSymlink: true } : { noClobber: true });
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') throw exists(output);
      // writeFileAtomic names the path it was given, resolved: name it as typed (`afile/x`, not `/abs/afile/x`).
      if (error instanceof KtError && error.details.file === target)
        throw new KtError(error.code, error.message, { ...error.details, file: output });
      throw error;
    }
  }

  for (const note of result.notes) ctx.warn(`migrate: ${note}`);
  const chain = (result.document.policies as { chain: string[] }).chain;
  const dropped = result.dropped;
  const summary = {
    file: source.file,
    output: output ?? null,
    chain,
    mapped: result.mapped,
    not_migrated: dropped,
    complete: dropped.length === 0,
    notes: result.notes,
  };
  const total = result.mapped + dropped.length;
  const from = `${dropped.length === 0 ? '' : `${result.mapped} of `}${total} legacy ${total === 1 ? 'item' : 'items'}`;
  const policies = `${chain.length} ${chain.length === 1 ? 'policy' : 'policies'}`;
  const done =
    output !== undefined ? `wrote ${output}: ${policies} from ${from}` : `migrated ${policies} from ${from} to stdout`;
  const noted = result.notes.length > 0 ? `, ${result.notes.length} note(s) above` : '';
  if (dropped.length === 0) {
    ctx.info(`${done}${noted}`);
  } else {
    // A finding, not progress: printed even with --quiet, since it is why the exit status is 1.
    const items = dropped.length === 1 ? '1 legacy item was' : `${dropped.length} legacy items were`;
    ctx.stderr.write(
      `${done}${noted}; ${items} NOT migrated (${dropped.join(', ')}): the output enforces less than the input; add ${dropped.length === 1 ? 'it' : 'them'} by hand\n`,
    );
  }
  const exitCode = dropped.length === 0 ? ExitCode.ok : ExitCode.findings;
  return { data: summary, render: () => (output === undefined ? text : ''), exitCode };
};

const exists = (output: string, what = 'the file already exists') =>
  new KtError('input.file_exists', `${what}; not overwritten (use --force to replace it)`, { file: output });

/**
 * Refuses an `--output` that exists (a directory always; a file unless `--force`), naming the input file
 * when the output is the input itself (the same path, or a link to it).
 */
async function checkTarget(target: string, output: string, input: string | undefined, force: boolean): Promise<void> {
  const existing = await lstat(target).catch(() => undefined);
  // `--output out/` where no directory out exists: resolve() drops the slash, and the file `out` was written.
  const slashed = existing?.isDirectory() === true ? undefined : directoryPathOutput(output, 'policy-config.yaml');
  if (slashed !== undefined)
    throw new KtError('input.cannot_write', slashed.message, { file: output, hint: slashed.hint });
  if (existing === undefined) return;
  if (existing.isDirectory())
    throw new KtError('input.cannot_write', `cannot write: ${describeErrno('EISDIR')}`, {
      file: output,
      data: { errno: 'EISDIR' },
    });
  // Followed through links (`/dev/stdout`): a device or pipe would be replaced by a regular file, as root
  // in /dev, --force or not.
  const info = existing.isSymbolicLink() ? await stat(target).catch(() => undefined) : existing;
  if (info !== undefined && !info.isFile() && !info.isDirectory()) {
    const { message, hint } = notARegularOutput(specialFileKind(info));
    throw new KtError('input.cannot_write', message, { file: output, hint });
  }
  if (force) return;
  let same = input === target;
  if (!same && input !== undefined) {
    const [a, b] = await Promise.all([stat(input).catch(() => undefined), stat(target).catch(() => undefined)]);
    same = a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
  }
  throw exists(output, same ? 'this is the input file' : 'the file already exists');
}

/** Removes the value at `segments` (object keys, array indices) from `doc`; false when nothing is there. */
function deleteAtPath(doc: Record<string, unknown>, segments: readonly string[]): boolean {
  let node: unknown = doc;
  for (const segment of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[segment];
  }
  const last = segments.at(-1);
  if (
    last === undefined ||
    node === null ||
    typeof node !== 'object' ||
    Array.isArray(node) ||
    !Object.hasOwn(node, last)
  )
    return false;
  delete (node as Record<string, unknown>)[last];
  return true;
}
