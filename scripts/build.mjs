// Bundles the CLI into dist/ with esbuild. Code splitting keeps `kt --version` and each command's start-up
// to the modules it really uses: heavy dependencies load in the chunk of the command that imports them.
import { build } from 'esbuild';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

// Build-time steps owned by other modules (e.g. ajv standalone validators) run first when present.
for (const step of ['compile-schemas.mjs']) {
  const file = join(root, 'scripts', step);
  if (existsSync(file)) await import(file);
}

// commander requires node:child_process at load time, for executable subcommands, which kt never has. Loading
// it pulls in net, dgram and their bindings (about 5 ms of every command's start-up), so commander gets an
// object that loads child_process on first use instead.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'kt-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'kt-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// The `require` of the ESM bundle (see `banner` below).
const requireBanner =
  "import { createRequire as __ktCreateRequire } from 'node:module'; let __ktRequire; function require(id) { return (__ktRequire ??= __ktCreateRequire(import.meta.url))(id); }";

// Build into a private folder, then swap it in, so a test spawning bin/kt.js never sees a half-written dist/.
const staging = join(root, `.dist-${process.pid}`);
const options = {
  entryPoints: { kt: join(root, 'src/cli/main.ts') },
  absWorkingDir: root,
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  legalComments: 'none',
  minify: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __KT_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle a real one. Every chunk gets this banner;
  // blankUnusedRequire (below) empties it in the chunks that never call require (all but esbuild's runtime
  // chunk and commander's), so that they do not import node:module. It is made on first call: createRequire
  // costs ~0.7 ms the first time.
  banner: { js: requireBanner },
  // yaml's ESM build lets esbuild drop what lint and eval never call (it is CommonJS for the node condition).
  alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
  logLevel: 'warning',
  metafile: true,
};

// How the code is split into files, and why. A command's start-up is mostly Node's ESM loader: every file
// it loads is resolved (stat, realpath), read, compiled and linked, ~0.2-0.3 ms apiece before any of its
// code runs, and esbuild's splitting gives a file to every distinct set of dynamic imports that reach a
// module: `kt policy lint` loaded 23 files, most under 2 KB, and `kt --version` 8. esbuild has no manual
// grouping, but modules that the same dynamic imports reach go to the same file, so the build runs twice:
// the first pass finds the groups below, the second makes every entry (the CLI and each import()) that
// reaches a member of a group import the whole group, which then is one file.
// - shell: what dist/kt.js imports (error boundary, exit codes, version, ...). kt.js is loaded first by
//   every command, so other entries reaching these modules load nothing more. One file instead of 6
//   (esbuild's own helpers keep a file of their own): `kt --version` loads 3 files.
// - commands: what the command tree (program.js) imports besides commander and the shell (the command
//   specs, defineCommand, did-you-mean), plus the modules of every chunk under 2 KB whose imports are in
//   these two groups and that needs no Node module the two do not already load (pack JSON helpers, stdin
//   names, PII type names, the portable-regex check, ...). program.js is loaded by every command but
//   `kt --version` and the help topics (environment.js, kept out). The group file is ~10 KB bigger than the
//   command tree's shared files were (~0.1 ms for commands that did not load those modules); `kt policy
//   lint` loads 10 files instead of 23, `kt policy eval` 22 instead of 35, `kt health` 18 instead of 36.
// Bigger chunks stay apart: the YAML parser is shared with the network commands (config files) but the
// schema validators are not, and grouping them would make `kt health` compile 240 KB it never runs.
// A module whose own imports leave its group stays out (they would come with it). The groups are computed,
// not listed, so a new module lands where the same rule puts it; test/e2e/operator/start-up-files.test.ts
// checks the counts.
const plain = await build({ ...options, write: false, plugins: [lazyChildProcessForCommander] });
const groups = chunkGroups(plain.metafile);
const { metafile } = await build({ ...options, plugins: [lazyChildProcessForCommander, groupModules(groups)] });
await blankUnusedRequire(metafile);

// Every package is bundled into dist/, so the published package has no dependencies (package.json lists
// them all as devDependencies: installing kt installs nothing else, and needs no registry beyond kt's
// own tarball). The licences of what is bundled travel with it, in one file: the minified code keeps no
// comments (legalComments: 'none'), and the packages' own LICENSE files are no longer installed.
try {
  await writeFile(join(staging, 'THIRD-PARTY-LICENSES.txt'), await thirdPartyLicenses(Object.keys(metafile.inputs)));
} catch (error) {
  await rm(staging, { recursive: true, force: true });
  throw error;
}

const old = join(root, `.dist-old-${process.pid}`);
await rename(join(root, 'dist'), old).catch(() => {});
await rename(staging, join(root, 'dist'));
await rm(old, { recursive: true, force: true });

/** The notice of each package under node_modules/ that contributes to the bundle: name, version, licence text. */
async function thirdPartyLicenses(inputs) {
  // The folder of the innermost package of each input (`node_modules/a/node_modules/b/x.js` is b's).
  const packages = new Set();
  for (const input of inputs) {
    const path = input.replace(/\\/g, '/');
    const last = [...path.matchAll(/(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/]+\//g)].at(-1);
    if (last) packages.add(path.slice(0, last.index + last[0].length - 1));
  }
  const sections = [];
  for (const dir of [...packages].map((p) => join(root, p)).sort()) {
    const meta = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
    if (file === undefined) throw new Error(`build: ${meta.name} is bundled but has no LICENSE file to ship`);
    const text = (await readFile(join(dir, file), 'utf8')).trim();
    sections.push(`${meta.name}@${meta.version} (${meta.license})\n\n${text}\n`);
  }
  return `kt bundles the following packages in dist/. Their licences follow.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/**
 * The groups of modules to bundle into one file each (see "How the code is split" above), from the
 * metafile of a first build: the source files (under src/) of the chunks in each group, and the entry
 * modules that reach them.
 */
function chunkGroups(meta) {
  const outputs = Object.fromEntries(Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js')));
  const staticImports = (file) =>
    outputs[file].imports.filter((i) => i.kind === 'import-statement' && outputs[i.path]).map((i) => i.path);
  const closure = (file) => {
    const seen = new Set();
    const stack = [file];
    while (stack.length > 0) {
      const next = stack.pop();
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...staticImports(next));
    }
    return seen;
  };
  const entries = Object.keys(outputs).filter((file) => outputs[file].entryPoint !== undefined);
  const entryOf = (input) => {
    const file = entries.find((e) => outputs[e].entryPoint === input);
    if (file === undefined) throw new Error(`build: no entry for ${input}; update chunkGroups`);
    return file;
  };
  const cli = entryOf('src/cli/main.ts');
  const program = entryOf('src/cli/program.ts');
  const helpTopic = closure(entryOf('src/cli/environment.ts'));
  const shell = new Set([...closure(cli)].filter((c) => c !== cli));
  const commands = new Set([...closure(program)].filter((c) => c !== program && !shell.has(c) && !helpTopic.has(c)));
  // Node's own modules these already import: a small chunk that needs another one (node:os,
  // node:timers/promises) stays apart, or every command would pay for that module's ESM facade.
  const builtins = (file) => outputs[file].imports.filter((i) => i.external).map((i) => i.path);
  const builtinsLoaded = new Set([cli, program, ...shell, ...commands].flatMap(builtins));
  for (let grew = true; grew;) {
    grew = false;
    for (const file of Object.keys(outputs)) {
      if (outputs[file].entryPoint !== undefined || shell.has(file) || commands.has(file) || helpTopic.has(file))
        continue;
      if (outputs[file].bytes >= 2048 || !builtins(file).every((b) => builtinsLoaded.has(b))) continue;
      if (!staticImports(file).every((d) => shell.has(d) || commands.has(d))) continue;
      commands.add(file);
      grew = true;
    }
  }
  // A member's own imports become reachable from every importer of the group: a module whose imports leave
  // the group (core/index.ts, a few bytes re-exporting the whole engine) stays out of it.
  const inGroups = new Set([...shell, ...commands].flatMap((c) => Object.keys(outputs[c].inputs)));
  for (let shrank = true; shrank;) {
    shrank = false;
    for (const input of inGroups) {
      const imports = meta.inputs[input]?.imports ?? [];
      if (imports.every((i) => i.external || i.kind === 'dynamic-import' || inGroups.has(i.path))) continue;
      inGroups.delete(input);
      shrank = true;
    }
  }
  return [
    ['shell', shell],
    ['commands', commands],
  ].map(([name, chunks]) => ({
    name,
    members: [...chunks]
      .flatMap((c) => Object.keys(outputs[c].inputs))
      .filter((input) => input.startsWith('src/') && inGroups.has(input)),
    importers: entries
      .filter((e) => [...closure(e)].some((c) => chunks.has(c)))
      .map((e) => outputs[e].entryPoint)
      .filter((input) => input.startsWith('src/')),
  }));
}

/** Makes each group's importers import every member of the group (through one virtual module per group). */
function groupModules(groupList) {
  const importers = new Map();
  for (const group of groupList)
    for (const input of group.importers)
      importers.set(join(root, input), [...(importers.get(join(root, input)) ?? []), group.name]);
  return {
    name: 'kt-group-modules',
    setup(b) {
      b.onResolve({ filter: /^kt-group:/ }, (args) => ({
        path: args.path.slice('kt-group:'.length),
        namespace: 'kt-group',
      }));
      b.onLoad({ filter: /.*/, namespace: 'kt-group' }, (args) => ({
        contents: groupList
          .find((g) => g.name === args.path)
          .members.map((m) => `import ${JSON.stringify(join(root, m))};`)
          .join('\n'),
        loader: 'js',
        resolveDir: root,
      }));
      // Appended, so that line numbers (source maps) do not move and the module's own imports come first.
      b.onLoad({ filter: /\.[jt]s$/ }, async (args) => {
        const names = importers.get(args.path);
        if (names === undefined) return undefined;
        const text = await readFile(args.path, 'utf8');
        return {
          contents: `${text}\n${names.map((n) => `import 'kt-group:${n}';`).join('\n')}\n`,
          loader: args.path.endsWith('.ts') ? 'ts' : 'js',
        };
      });
    },
  };
}

/**
 * Empties the require banner (the line stays, so source maps hold) in the chunks whose code never names
 * `require`: their import of node:module was one more module to resolve and link for nothing.
 */
async function blankUnusedRequire(meta) {
  for (const file of Object.keys(meta.outputs).filter((f) => f.endsWith('.js'))) {
    const path = join(root, file);
    const text = await readFile(path, 'utf8');
    if (!text.startsWith(`${requireBanner}\n`))
      throw new Error(`build: ${file} does not start with the require banner`);
    const code = text.slice(requireBanner.length);
    if (!/\brequire\b/.test(code)) await writeFile(path, code);
  }
}
