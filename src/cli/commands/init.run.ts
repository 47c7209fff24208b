/**
 * `kt init [--template NAME] [DIR]`: writes DIR/policy-config.yaml and DIR/tests/*.json from a template
 * in templates/ (zero-trust = the seed's full defense-in-depth pack). Existing files are never
 * overwritten without --force; every target is checked before anything is written, so a refused init
 * leaves nothing half-written. Each template's tests pass under `kt policy test`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonMode, type CommandRun } from '../command.js';
import { KtError } from '../errors.js';

export const templateNames = ['zero-trust', 'prompt-injection-detection', 'pii-redaction', 'agent-firewall'] as const;

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
  const target = resolve(ctx.cwd, args[0] ?? '.');
  const source = join(templatesRoot(), template);
  const testFiles = (await readdir(join(source, 'tests'))).filter((f) => f.endsWith('.json')).sort();
  const files = ['policy-config.yaml', ...testFiles.map((f) => join('tests', f))];
  const force = options.force === true;
  const existing = files.filter((f) => existsSync(join(target, f)));
  if (existing.length > 0 && !force) {
    throw new KtError(
      'input.exists',
      `${relative(ctx.cwd, join(target, existing[0]!)) || existing[0]} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more)` : ''}`,
      { hint: 'choose another directory or pass --force to overwrite' },
    );
  }
  const written: string[] = [];
  try {
    await mkdir(join(target, 'tests'), { recursive: true });
    for (const f of files) {
      const dest = join(target, f);
      const tmp = `${dest}.kt-init-${process.pid}`;
      await writeFile(tmp, await readFile(join(source, f)));
      await rename(tmp, dest);
      written.push(relative(ctx.cwd, dest) || dest);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new KtError('input.cannot_write', `cannot write the pack: ${err.code ?? err.message}`, {
      file: relative(ctx.cwd, err.path ?? target) || target,
    });
  }
  const dir = relative(ctx.cwd, target) || '.';
  const data = { template, dir, files: written };
  return {
    data,
    render: () =>
      jsonMode(options)
        ? `${JSON.stringify(data, null, 2)}\n`
        : `Created a ${template} pack in ${dir}:\n${written.map((w) => `  ${w}`).join('\n')}\n\nNext:\n  kt policy lint ${join(dir, 'policy-config.yaml')}\n  kt policy test --pack-dir ${dir}\n  (add a providers: block before kt gateway run)\n`,
  };
};
