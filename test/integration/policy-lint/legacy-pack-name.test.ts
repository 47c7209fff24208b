/**
 * A legacy-list pack without `name:` is called after its file by every command that reads the file
 * (lint, eval, test, migrate), not `legacy-pack` by some and the file name by others; text with no file
 * (stdin) keeps the fixed fallback, the same before and after migrate.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';
import { LEGACY_PII_PACK } from '../../helpers/legacy-pack.js';

const LEGACY = LEGACY_PII_PACK;
const dir = mkdtempSync(join(tmpdir(), 'kt-legacy-name-'));
const file = join(dir, 'team-legacy.yaml');
writeFileSync(file, LEGACY);

describe('the name of a legacy pack without name:', () => {
  it('is the file base name in lint, test and migrate; version 0.0.0 until migrated (1.0.0)', async () => {
    const lint = await runKt(['policy', 'lint', file, '--json']);
    expect(JSON.parse(lint.stdout).files[0].pack).toEqual({ name: 'team-legacy', version: '0.0.0' });
    const text = await runKt(['policy', 'lint', file]);
    expect(text.stdout).toContain('Pack: team-legacy (v0.0.0) [legacy-list]');
    const test = await runKt(['policy', 'test', '--file', file, '--json']);
    expect(JSON.parse(test.stdout).pack).toEqual({ name: 'team-legacy', version: '0.0.0' });
    const migrated = await runKt(['policy', 'migrate', file]);
    expect(parse(migrated.stdout).pack).toMatchObject({ name: 'team-legacy', version: '1.0.0' });
  });

  it('is replaced as migrate replaces it when name: is no pack name', async () => {
    const odd = join(dir, 'odd-name.yaml');
    writeFileSync(odd, `name: 123\n${LEGACY}`);
    const lint = await runKt(['policy', 'lint', odd, '--json']);
    expect(JSON.parse(lint.stdout).files[0].pack.name).toBe('odd-name');
    const migrated = await runKt(['policy', 'migrate', odd]);
    expect(parse(migrated.stdout).pack.name).toBe('odd-name');
  });

  it('is the fixed fallback for a pack on stdin, before and after migrate', async () => {
    const lint = await runKt(['policy', 'lint', '-', '--json'], { stdin: LEGACY });
    expect(JSON.parse(lint.stdout).files[0].pack.name).toBe('legacy-pack');
    const migrated = await runKt(['policy', 'migrate', '-'], { stdin: LEGACY });
    expect(parse(migrated.stdout).pack.name).toBe('legacy-pack');
  });

  it('a document that names itself keeps its name', async () => {
    const named = join(dir, 'named.yaml');
    writeFileSync(named, `name: payments\n${LEGACY}`);
    const lint = await runKt(['policy', 'lint', named, '--json']);
    expect(JSON.parse(lint.stdout).files[0].pack.name).toBe('payments');
  });
});
