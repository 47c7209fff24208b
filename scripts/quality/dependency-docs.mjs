// The dependency documents the quality sections use as benign technical text (no `run`: the harness
// does not take this module for a section). Read at run time, never shipped; the lockfile pins the set.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Documents larger than this many bytes count (`find -L node_modules -iname '*.md' -size +1k`). */
const DOC_MIN_BYTES = 1024;

/**
 * Every *.md file (any case) over 1 KB under `root`/node_modules, symbolic links followed (a directory
 * reached twice through links is read once), sorted by path relative to `root`: the dependency documents.
 */
export async function loadDependencyDocs(root) {
  const out = [];
  const seenDirs = new Set();
  async function walk(dir, rel) {
    const real = await stat(dir).catch(() => undefined);
    if (!real?.isDirectory()) return;
    const id = `${real.dev}:${real.ino}`;
    if (seenDirs.has(id)) return;
    seenDirs.add(id);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const relPath = `${rel}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await walk(path, relPath);
      else if (isFile && entry.name.toLowerCase().endsWith('.md')) {
        const size = (await stat(path)).size;
        if (size > DOC_MIN_BYTES) out.push({ path: relPath, file: path });
      }
    }
  }
  await walk(join(root, 'node_modules'), 'node_modules');
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return Promise.all(out.map(async (d) => ({ path: d.path, text: await readFile(d.file, 'utf8') })));
}
