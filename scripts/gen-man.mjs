// Generates man/*.1 from the command registry (src/cli/commands/index.ts): NAME, SYNOPSIS, DESCRIPTION,
// OPTIONS, EXAMPLES, EXIT STATUS. Needs no build: the registry is bundled on the fly with esbuild, with
// command implementations (*.run.js) left out. Output is deterministic (no dates), so a test can compare.
//
//   node scripts/gen-man.mjs           write man/ (and remove pages of commands that no longer exist)
//   node scripts/gen-man.mjs --check   exit 1 and name the stale pages when man/ differs from the specs
//   node scripts/gen-man.mjs --list    print the package.json "man" list
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manDir = join(root, 'man');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

async function loadRegistry() {
  const entry = `export { commandSpecs, groupSpecs } from ${JSON.stringify(join(root, 'src/cli/commands/index.ts'))};
export { exitCodeTable } from ${JSON.stringify(join(root, 'src/cli/exit-codes.ts'))};
export { environmentTable } from ${JSON.stringify(join(root, 'src/cli/environment.ts'))};
export { globalOptions } from ${JSON.stringify(join(root, 'src/cli/global-options.ts'))};`;
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
    plugins: [
      {
        name: 'specs-only',
        setup(b) {
          // Specs load their implementation lazily; the man pages need only the specs.
          b.onResolve({ filter: /\.run\.js$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  const temp = join(root, `.gen-man-${process.pid}.mjs`);
  await writeFile(temp, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(temp).href);
  } finally {
    await rm(temp, { force: true });
  }
}

// roff escaping: backslashes, leading dots/quotes, and hyphens in option names.
const esc = (s) =>
  String(s)
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
const pageName = (path) => `kt-${path.replace(/ /g, '-')}`;

function header(name, summary) {
  return [
    `.TH ${name.toUpperCase()} 1 "" "kt ${pkg.version}" "kt manual"`,
    '.SH NAME',
    `${esc(name)} \\- ${esc(summary)}`,
  ];
}

function exitStatus(exitCodeTable) {
  return ['.SH EXIT STATUS', ...exitCodeTable.flatMap((r) => ['.TP', `.B ${r.code}`, esc(r.meaning)])];
}

function commandPage(spec, exitCodeTable) {
  const name = pageName(spec.path);
  const lines = header(name, spec.summary);
  lines.push('.SH SYNOPSIS', `.B kt ${esc(spec.path)}`, `[\\fIoptions\\fR]${spec.args ? ` ${esc(spec.args)}` : ''}`);
  lines.push('.SH DESCRIPTION', esc(spec.description ?? spec.summary));
  if (spec.aliases?.length)
    lines.push('.PP', `Aliases: ${spec.aliases.map((a) => `\\fBkt ${esc(a)}\\fR`).join(', ')}.`);
  lines.push('.SH OPTIONS');
  const options = [
    ...spec.options.filter((o) => !o.hidden),
    ...globalOptions,
    { flags: '-h, --help', description: 'show help for this command' },
  ];
  for (const o of options) {
    const extra = [];
    if (o.choices) extra.push(`one of: ${o.choices.join(', ')}`);
    if (o.default !== undefined && o.default !== false)
      extra.push(`default: ${Array.isArray(o.default) ? o.default.join(', ') : o.default}`);
    if (o.env) extra.push(`environment: ${o.env}`);
    // Specs whose help text already says "repeatable" are not told twice.
    if (o.repeatable && !/\brepeatable\b/.test(o.description)) extra.push('may be repeated');
    lines.push('.TP', `.B ${esc(o.flags)}`, esc(`${o.description}${extra.length ? ` (${extra.join('; ')})` : ''}`));
  }
  if (spec.examples.length) {
    lines.push('.SH EXAMPLES');
    for (const e of spec.examples)
      lines.push('.PP', esc(e.description), '.PP', '.RS', '.nf', esc(`$ ${e.command}`), '.fi', '.RE');
  }
  lines.push(...exitStatus(exitCodeTable));
  lines.push('.SH SEE ALSO', '\\fBkt\\fR(1)');
  return { file: `${name}.1`, text: `${lines.join('\n')}\n` };
}

function overviewPage(commandSpecs, groupSpecs, exitCodeTable, environmentTable) {
  const lines = header('kt', 'operator CLI and local runtime for AI-governance policy packs');
  lines.push(
    '.SH SYNOPSIS',
    '.B kt',
    '[\\fB\\-\\-color\\fR | \\fB\\-\\-no\\-color\\fR] [\\fB\\-\\-debug\\fR] [\\fB\\-q\\fR] \\fIcommand\\fR [\\fIoptions\\fR]',
    '.br',
    '.B kt \\-\\-version',
  );
  lines.push(
    '.SH DESCRIPTION',
    esc(
      'kt lints, evaluates and tests policy packs, runs a local enforcing gateway, and manages events and provider secrets. Each command has its own page.',
    ),
    '.PP',
    esc(
      "Options may come before the command: an option typed before the command's words is read as if typed right after them (kt --json version is kt version --json), so it is accepted exactly where the command accepts it. --color, --no-color, --debug and -q may stand anywhere.",
    ),
  );
  lines.push('.SH COMMANDS');
  for (const spec of commandSpecs) lines.push('.TP', `\\fBkt ${esc(spec.path)}\\fR(1)`, esc(spec.summary));
  if (groupSpecs.some((g) => g.aliases?.length)) {
    lines.push('.SH ALIASES');
    for (const g of groupSpecs)
      for (const a of g.aliases ?? []) lines.push('.TP', `.B kt ${esc(a)}`, esc(`same as kt ${g.path}`));
  }
  lines.push('.SH ENVIRONMENT');
  for (const v of environmentTable) lines.push('.TP', `.B ${esc(v.name)}`, esc(v.meaning));
  lines.push(...exitStatus(exitCodeTable));
  lines.push('.SH SEE ALSO', commandSpecs.map((s) => `\\fB${esc(pageName(s.path))}\\fR(1)`).join(', '));
  return { file: 'kt.1', text: `${lines.join('\n')}\n` };
}

const { commandSpecs, groupSpecs, exitCodeTable, environmentTable, globalOptions } = await loadRegistry();
const pages = [
  overviewPage(commandSpecs, groupSpecs, exitCodeTable, environmentTable),
  ...commandSpecs.map((s) => commandPage(s, exitCodeTable)),
];
const mode = process.argv[2];

if (mode === '--list') {
  console.log(JSON.stringify(pages.map((p) => `man/${p.file}`).sort(), null, 2));
} else if (mode === '--check') {
  const stale = [];
  for (const page of pages) {
    const current = await readFile(join(manDir, page.file), 'utf8').catch(() => null);
    if (current !== page.text) stale.push(`man/${page.file}`);
  }
  const expected = new Set(pages.map((p) => p.file));
  const extra = (await readdir(manDir).catch(() => [])).filter((f) => f.endsWith('.1') && !expected.has(f));
  if (stale.length || extra.length) {
    console.error(`man pages are stale: ${[...stale, ...extra.map((f) => `man/${f} (no such command)`)].join(', ')}`);
    console.error('run: node scripts/gen-man.mjs');
    process.exit(1);
  }
  console.log(`man pages up to date (${pages.length})`);
} else {
  await mkdir(manDir, { recursive: true });
  for (const page of pages) {
    const target = join(manDir, page.file);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, page.text);
    await rename(temp, target);
  }
  const expected = new Set(pages.map((p) => p.file));
  for (const f of await readdir(manDir)) if (f.endsWith('.1') && !expected.has(f)) await rm(join(manDir, f));
  console.log(`wrote ${pages.length} man pages to man/`);
}
