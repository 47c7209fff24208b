/**
 * End to end: `kt policy lint` on pack keys that YAML allows and a pack cannot hold, as a real process.
 * A key written as a list (`? [a, b]`) made the yaml library print its own warning on stderr ("Set
 * mapAsMap: true to use object keys") and lint on; `1` and `"1"` (or `null` and `""`) in one mapping
 * were two keys to the duplicate check and one in the pack, the second silently replacing the first.
 * Both are one error line naming FILE:LINE:COL, exit 3.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';

let dir: string;
const head = 'pack: {name: keys, version: "1.0.0", enabled: true}\npolicies: {chain: [pii-detector]}\npolicy:\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-e2e-pack-keys-'));
  await writeFile(join(dir, 'list-key.yaml'), `${head}  pii-detector:\n    action: redact\n    ? [a, b]\n    : 1\n`);
  await writeFile(
    join(dir, 'typed-twice.yaml'),
    `${head}  pii-detector:\n    action: redact\n    redaction:\n      custom_markers: {1: "[ONE]", "1": "[TWO]"}\n`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pack keys a pack cannot hold', () => {
  it('a key that is a list: one error line at the key, nothing from the YAML library', async () => {
    const r = await runKtProcess(['policy', 'lint', 'list-key.yaml', '--format', 'json'], { cwd: dir });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'kt: error[input.yaml_syntax]: list-key.yaml:6:7: a mapping key must be text or a number, not a list: a pack holds plain data\n',
    );
    expect(JSON.parse(r.stdout).files[0].diagnostics[0]).toMatchObject({
      code: 'input.yaml_syntax',
      line: 6,
      column: 7,
    });
  });

  it('1 and "1" in one mapping are a duplicate key', async () => {
    const r = await runKtProcess(['policy', 'lint', 'typed-twice.yaml'], { cwd: dir });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      "kt: error[input.duplicate_key]: typed-twice.yaml:7:36: duplicate key '1' (first at line 7, column 24); a repeated key would silently override the first\n",
    );
  });
});
