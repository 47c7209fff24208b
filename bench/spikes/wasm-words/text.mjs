// The bench's docs megabyte: README.md and docs/*.md (sorted) joined by blank lines, repeated, first 2^20 units.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

export function docsMegabyte() {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(root, 'docs', f));
  const text = [join(root, 'README.md'), ...docs].map((f) => readFileSync(f, 'utf8')).join('\n\n');
  return text.repeat(Math.ceil(((1 << 20) * 2) / text.length)).slice(0, 1 << 20);
}
