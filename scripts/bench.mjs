// `npm run bench`: runs every bench/*.mjs module in one process run, side by side, and prints ratios.
// Each module exports `name` and `run({ log })` returning rows {metric, value, unit, target?, ok?}.
// Results also go to reports/bench.json. Figures are ratios or throughput measured in this run only.
import { readdir, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = (await readdir(join(root, 'bench'))).filter((f) => f.endsWith('.mjs')).sort();
const report = {
  date: new Date().toISOString(),
  node: process.versions.node,
  cpus: (await import('node:os')).cpus().length,
  suites: [],
};

for (const file of files) {
  const mod = await import(pathToFileURL(join(root, 'bench', file)).href);
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  process.stderr.write(`bench: ${mod.name ?? file} ...\n`);
  const rows = await mod.run({ root, log: (m) => process.stderr.write(`  ${m}\n`) });
  report.suites.push({ suite: mod.name ?? file, rows });
  console.log(`\n== ${mod.name ?? file}`);
  for (const row of rows) {
    const target = row.target
      ? `  (target ${row.target}${row.ok === undefined ? '' : row.ok ? ': met' : ': NOT met'})`
      : '';
    console.log(`  ${row.metric.padEnd(52)} ${String(row.value).padStart(12)} ${row.unit ?? ''}${target}`);
  }
}
await mkdir(join(root, 'reports'), { recursive: true });
await writeFile(join(root, 'reports', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nwritten: reports/bench.json');
