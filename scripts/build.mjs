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

// Build into a private folder, then swap it in, so a test spawning bin/kt.js never sees a half-written dist/.
const staging = join(root, `.dist-${process.pid}`);
const { metafile } = await build({
  entryPoints: { kt: join(root, 'src/cli/main.ts') },
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
  // Some CommonJS dependencies call require(); give the ESM bundle a real one. Every chunk gets this banner but
  // only esbuild's runtime chunk calls it, so it is made on first call: createRequire costs ~0.7 ms the first
  // time and ~0.05 ms per chunk after, paid at the import of each of the 15-20 chunks a command loads.
  banner: {
    js: "import { createRequire as __ktCreateRequire } from 'node:module'; let __ktRequire; function require(id) { return (__ktRequire ??= __ktCreateRequire(import.meta.url))(id); }",
  },
  // yaml's ESM build lets esbuild drop what lint and eval never call (it is CommonJS for the node condition).
  alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
  plugins: [lazyChildProcessForCommander],
  logLevel: 'warning',
  metafile: true,
});

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
