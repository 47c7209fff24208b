// `npm run quality`: detection quality of the policy core on the development corpora in shared/data,
// with the npm peers beside ours, on the same rows in the same run. Writes reports/quality.json and
// docs/quality.md and prints a table on stdout. No download at run time; data comes from disk.
//
// SECTION CONTRACT (for scripts/quality/*.mjs; each section is one module):
//   export const name = 'secrets';                      // short id, also the JSON key
//   export async function run({ root, dataDir, core, timeRows }) {
//     return { rows, markdown, json };
//   }
//   - root:    repository root (absolute path)
//   - dataDir: the corpora folder (shared/data; override with KT_QUALITY_DATA)
//   - core:    the policy core bundled from src/ by this script, as an object keyed by module path under
//              src/core without extension: core['detectors/injection'].prepareInjectionDetector,
//              core['engine']?.prepareChain, core['pack/normalize']?..., every src/core/**/*.ts module that
//              exists. Prefer the prepared chain (core.engine.prepareChain) so the figures measure the
//              same code path as `kt policy eval`; `core.chainFor(packObject)` returns a PreparedChain
//              (or null while the engine is not in the tree) - see makeChainFor below.
//   - timeRows(label, rows, fn) / timeRowsAsync(label, rows, asyncFn): run fn(row) over rows, returning
//              { results, usPerRow } (CPU microseconds per row, user + system).
//   - timeSideBySide(rows, oursFn, peerAsyncFn): CPU us per row of both, measured in alternating blocks
//              (use it for the "faster than the peer" figure): { oursUsPerRow, peerUsPerRow }.
//   - rows:     table rows for stdout, objects { section, detector, corpus, metric, value, target?, ok?, peer? }
//               (value a number or string; ok true/false when a target applies).
//   - markdown: the section's part of docs/quality.md (headed with "## <title>").
//   - json:     anything JSON-serialisable; goes to reports/quality.json under the section name.
// Sections run one after the other in file-name order; a section that throws is reported as failed and
// the harness exits 1 after writing what it has. `--only name[,name]` runs just those sections (by their
// exported name) and then leaves docs/quality.md alone, so a partial run never overwrites the full report.
import { build } from 'esbuild';
import { readdir, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.KT_QUALITY_DATA ?? join(root, '..', 'shared', 'data');

async function listCoreModules(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listCoreModules(p)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Bundles every src/core module into one ESM file and imports it. Other work in progress in the same tree
 * can leave a module that does not resolve yet; then each module is bundled on its own and the broken
 * ones are skipped with a warning, so one unfinished file does not stop the quality run.
 */
async function loadCore() {
  const coreDir = join(root, 'src', 'core');
  const files = (await listCoreModules(coreDir)).sort();
  const keyOf = (f) => relative(coreDir, f).replace(/\\/g, '/').replace(/\.ts$/, '');
  const tmp = join(root, 'reports', `.quality-core-${process.pid}`);
  await mkdir(tmp, { recursive: true });
  const bundle = async (entries, outfile) => {
    const lines = entries.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`);
    lines.push(`export default { ${entries.map((f, i) => `${JSON.stringify(keyOf(f))}: m${i}`).join(', ')} };`);
    await build({
      stdin: { contents: lines.join('\n'), resolveDir: coreDir, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      outfile,
      logLevel: 'silent',
    });
    return (await import(pathToFileURL(outfile).href)).default;
  };
  try {
    try {
      return await bundle(files, join(tmp, 'core.mjs'));
    } catch {
      const core = {};
      const results = await Promise.allSettled(files.map((f, i) => bundle([f], join(tmp, `m${i}.mjs`))));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') Object.assign(core, r.value);
        else
          process.stderr.write(
            `quality: skipped src/core/${keyOf(files[i])}.ts (does not build: ${String(r.reason?.errors?.[0]?.text ?? r.reason).slice(0, 120)})\n`,
          );
      });
      return core;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function makeChainFor(core) {
  return (doc) => {
    const engine = core.engine;
    if (!engine?.prepareChain) return null;
    const loader = Object.values(core).find((m) => typeof m?.normalizePack === 'function');
    const model = loader ? loader.normalizePack(doc) : doc;
    // normalizePack may return { model, diagnostics } or the model itself.
    return engine.prepareChain(model?.model ?? model);
  };
}

// Time per row is CPU time of this process (user + system), not wall time: the machine is shared, and CPU
// time is what the detector costs. Ours and the peers are measured the same way in the same run.
function cpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function timeRows(_label, rows, fn) {
  const t0 = cpuUs();
  const results = rows.map((r) => fn(r));
  const us = cpuUs() - t0;
  return { results, usPerRow: rows.length ? us / rows.length : 0 };
}

async function timeRowsAsync(_label, rows, fn) {
  const t0 = cpuUs();
  const results = [];
  for (const r of rows) results.push(await fn(r));
  const us = cpuUs() - t0;
  return { results, usPerRow: rows.length ? us / rows.length : 0 };
}

/**
 * CPU time per row of two scorers measured side by side: blocks of rows alternate between ours and the
 * peer, so garbage collection and background compilation caused by either are spread over both.
 */
async function timeSideBySide(rows, oursFn, peerFn, block = 25) {
  let ours = 0;
  let peer = 0;
  for (let i = 0; i < rows.length; i += block) {
    const part = rows.slice(i, i + block);
    const t0 = cpuUs();
    for (const r of part) oursFn(r);
    const t1 = cpuUs();
    for (const r of part) await peerFn(r);
    const t2 = cpuUs();
    ours += t1 - t0;
    peer += t2 - t1;
  }
  return { oursUsPerRow: ours / Math.max(1, rows.length), peerUsPerRow: peer / Math.max(1, rows.length) };
}

async function corpusVersions() {
  const versions = {};
  if (!existsSync(dataDir)) return versions;
  for (const entry of await readdir(dataDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const source = join(dataDir, entry.name, 'SOURCE.md');
    if (!existsSync(source)) continue;
    const text = await readFile(source, 'utf8');
    const repo = /\*\*Upstream repo:\*\*\s*(\S+)/.exec(text)?.[1] ?? '?';
    const commit = /\*\*Commit:\*\*\s*`([0-9a-f]+)`\s*(\([^)]*\))?/.exec(text);
    versions[entry.name] = {
      repo,
      commit: commit ? commit[1].slice(0, 12) : '?',
      date: commit?.[2]?.slice(1, -1) ?? '',
    };
  }
  return versions;
}

function fmt(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return String(v ?? '');
}

function printTable(rows) {
  const cols = ['section', 'detector', 'corpus', 'metric', 'value', 'target', 'ok'];
  const cells = rows.map((r) =>
    cols.map((c) => (c === 'ok' ? (r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS') : fmt(r[c]))),
  );
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (xs) => xs.map((x, i) => x.padEnd(widths[i])).join('  ');
  process.stdout.write(`${line(cols)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

async function main() {
  const started = Date.now();
  if (!existsSync(dataDir)) {
    process.stderr.write(`quality: corpus folder not found: ${dataDir} (set KT_QUALITY_DATA)\n`);
    process.exit(3);
  }
  const core = await loadCore();
  core.chainFor = makeChainFor(core);
  const sectionDir = join(root, 'scripts', 'quality');
  const files = existsSync(sectionDir) ? (await readdir(sectionDir)).filter((f) => f.endsWith('.mjs')).sort() : [];
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean)) : null;
  const report = {
    generated_at: new Date().toISOString(),
    node: process.version,
    corpora: await corpusVersions(),
    sections: {},
  };
  const allRows = [];
  const markdown = [];
  let failed = false;
  for (const file of files) {
    const mod = await import(pathToFileURL(join(sectionDir, file)).href);
    if (typeof mod.run !== 'function') continue;
    if (only && !only.has(mod.name ?? file)) continue;
    const t0 = Date.now();
    try {
      const res = await mod.run({ root, dataDir, core, timeRows, timeRowsAsync, timeSideBySide });
      report.sections[mod.name ?? file] = { ...res.json, seconds: (Date.now() - t0) / 1000 };
      allRows.push(...res.rows.map((r) => ({ section: mod.name ?? file, ...r })));
      markdown.push(res.markdown);
    } catch (err) {
      failed = true;
      process.stderr.write(`quality: section ${file} failed: ${err?.stack ?? err}\n`);
      report.sections[mod.name ?? file] = { error: String(err?.message ?? err) };
      markdown.push(`## ${mod.name ?? file}\n\nFailed: ${String(err?.message ?? err)}\n`);
    }
  }
  report.seconds = (Date.now() - started) / 1000;
  printTable(allRows);
  process.stdout.write(
    `\n${allRows.filter((r) => r.ok === false).length} target(s) missed; ${report.seconds.toFixed(1)} s\n`,
  );

  await mkdir(join(root, 'reports'), { recursive: true });
  await writeFile(join(root, 'reports', 'quality.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (only) {
    process.stdout.write('partial run (--only): docs/quality.md left unchanged\n');
    if (failed) process.exitCode = 1;
    return;
  }
  const corpora = Object.entries(report.corpora)
    .map(([k, v]) => `| \`${k}\` | ${v.repo} | \`${v.commit}\` | ${v.date} |`)
    .join('\n');
  const doc = [
    '# Detection quality',
    '',
    `Generated by \`npm run quality\` (scripts/quality.mjs) on ${report.generated_at.slice(0, 10)} with Node ${process.version};`,
    `total run time ${report.seconds.toFixed(1)} s. Do not edit by hand: rerun the script. Development corpora only`,
    '(shared/data); held-out halves are judged elsewhere. Time per row is CPU time (user + system) of the harness process\non this machine, measured the same way for ours and the peers in the same run.',
    '',
    '## Corpora',
    '',
    '| folder | upstream | commit | date |',
    '|---|---|---|---|',
    corpora,
    '',
    ...markdown,
  ].join('\n');
  await writeFile(join(root, 'docs', 'quality.md'), `${doc.trimEnd()}\n`);
  if (failed) process.exitCode = 1;
}

await main();
