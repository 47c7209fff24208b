/**
 * `kt init [--template NAME] [DIR]`: writes DIR/policy-config.yaml and DIR/tests/*.json from a template
 * in templates/ (zero-trust = the seed's full defense-in-depth pack, made lint-clean: see its header).
 * Existing files are never overwritten without --force; every target is checked before anything is
 * written, and a failure while writing (a directory that cannot be created, a full disk) removes what this
 * run wrote, so a refused or failed init leaves nothing half-written. Each template's tests pass under
 * `kt policy test`.
 *
 * Writing is staged: missing directories are created level by level (src/io/make-dirs.ts; Node's
 * recursive mkdir hangs under /proc), every file goes to a temp file beside its target, and only when
 * all are written are they renamed into place.
 */
import { existsSync, lstatSync } from 'node:fs';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFsError } from '../../io/fs-errors.js';
import { makeDirs, removeDirs } from '../../io/make-dirs.js';
import { jsonMode, type CommandRun } from '../command.js';
import { templateNames } from './init.js';
import { KtError } from '../errors.js';

/** templates/ ships beside dist/ (built) and src/ (tests): look upwards from this module. */
function templatesRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'zero-trust', 'policy-config.yaml'))) return candidate;
    dir = dirname(dir);
  }
  throw new KtError('internal.templates_missing', 'the kt templates folder was not found next to the installation');
}

export const run: CommandRun = async (ctx, args, options) => {
  const template = String(options.template ?? 'zero-trust');
  if (!(templateNames as readonly string[]).includes(template)) {
    throw new KtError('usage.unknown_template', `unknown template "${template}"`, {
      hint: `templates: ${templateNames.join(', ')}`,
    });
  }
  // `kt init "$DIR"` with DIR unset: an empty DIR would write into the working directory in silence.
  if (args[0] === '')
    throw new KtError('usage.empty_argument', 'DIR is empty', {
      hint: 'give a directory, or leave DIR out to write into the working directory',
    });
  const target = resolve(ctx.cwd, args[0] ?? '.');
  const source = join(templatesRoot(), template);
  const testFiles = (await readdir(join(source, 'tests'))).filter((f) => f.endsWith('.json')).sort();
  const files = ['policy-config.yaml', ...testFiles.map((f) => join('tests', f))];
  const force = options.force === true;
  // Paths printed (messages, the files written, the next steps, --json): relative when inside the
  // working directory, else absolute - `../../tmp/x` is only right from here, an absolute path can be
  // copied anywhere. (`..name` is a directory inside, not a parent.)
  // A relative path that starts with `~` (`~/packs`, quoted, or from a program that runs no shell) is a
  // directory named `~` here, as for mkdir and git: it is shown as `./~/packs`, since `~/packs` reads as
  // the home directory - where the operator would look for it, or what `rm -rf ~/packs` would remove.
  const show = (path: string) => {
    const rel = relative(ctx.cwd, path);
    if (rel.startsWith('~')) return `.${sep}${rel}`;
    return rel === '' ? '.' : rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
  };
  if (args[0]?.startsWith('~') === true && show(target).startsWith(`.${sep}~`))
    ctx.warn(
      `"${args[0]}" was not expanded by a shell: writing to ${show(target)} in the working directory (for the home directory, write $HOME or leave ~ unquoted)`,
    );
  const existing = files.filter((f) => existsSync(join(target, f)));
  if (existing.length > 0 && !force) {
    throw new KtError(
      'input.file_exists',
      `${show(join(target, existing[0]!))} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more)` : ''}`,
      { hint: 'choose another directory or pass --force to overwrite' },
    );
  }
  // --force replaces files (or symlinks), never a directory that happens to have a file's name.
  const notFile = existing.find((f) => {
    const info = lstatSync(join(target, f));
    return !info.isFile() && !info.isSymbolicLink();
  });
  if (notFile !== undefined)
    throw new KtError('input.cannot_write', 'exists and is not a regular file; --force only replaces files', {
      file: show(join(target, notFile)),
    });

  const contents = await Promise.all(files.map((f) => readFile(join(source, f))));

  const created: string[] = [];
  const staged: Array<{ tmp: string; dest: string }> = [];
  const renamed: string[] = [];
  const rollBack = async () => {
    for (const { tmp } of staged) await unlink(tmp).catch(() => undefined);
    // Files this run added (not ones --force replaced: their old content is gone).
    for (const dest of renamed)
      if (!existing.some((f) => join(target, f) === dest)) await unlink(dest).catch(() => undefined);
    await removeDirs(created);
  };
  try {
    created.push(...(await makeDirs(target, { show })));
    created.push(...(await makeDirs(join(target, 'tests'), { show })));
    for (const [i, f] of files.entries()) {
      const dest = join(target, f);
      const tmp = `${dest}.kt-init-${process.pid}`;
      try {
        // `wx`: never write through something already at the temp path (a symlink, a leftover).
        await writeFile(tmp, contents[i]!, { flag: 'wx' });
      } catch (error) {
        throw new KtError('input.cannot_write', `cannot write file: ${describeFsError(error)}`, {
          file: show((error as NodeJS.ErrnoException).code === 'EEXIST' ? tmp : dest),
        });
      }
      staged.push({ tmp, dest });
    }
    for (const { tmp, dest } of staged) {
      try {
        await rename(tmp, dest);
      } catch (error) {
        throw new KtError('input.cannot_write', `cannot write file: ${describeFsError(error)}`, { file: show(dest) });
      }
      renamed.push(dest);
    }
  } catch (error) {
    await rollBack();
    throw error;
  }
  const written = staged.map(({ dest }) => show(dest));
  const dir = show(target);
  const data = { template, dir, files: written };
  if (jsonMode(options)) return { data };
  return {
    data,
    // "the <name> template": no a/an to choose per template name ("a agent-firewall pack" was printed).
    render: () =>
      `Created a pack from the ${template} template in ${dir}:\n${written.map((w) => `  ${w}`).join('\n')}\n`,
    // What to do next is advice, not what was written: stderr, silenced by --quiet.
    notes: `\nNext:\n  kt policy lint ${shellWord(show(join(target, 'policy-config.yaml')))}\n  kt policy test --pack-dir ${shellWord(dir)}\n  (add a providers: block before kt gateway run)`,
  };
};

/** A path as one shell word, so the next steps can be pasted as they are (`'my packs/p'`). */
function shellWord(path: string): string {
  // `-x/policy-config.yaml` would be read as an option.
  const word = path.startsWith('-') ? `./${path}` : path;
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
