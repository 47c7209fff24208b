import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayKeys } from '../../../src/runtime/gateway-keys.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-keys-'));
  file = join(dir, 'gateway-keys.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gateway keys', () => {
  it('stores only the hash, 0600, and verifies after reopening', async () => {
    const keys = await GatewayKeys.open(file);
    const created = await keys.create({ user: 'ana', role: 'analyst' });
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(created.key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const reopened = await GatewayKeys.open(file);
    expect(reopened.verify(created.key)).toMatchObject({ ok: true, meta: { user: 'ana', role: 'analyst' } });
  });

  it('a write that fails changes nothing: a revoked key that could not be saved stays listed and valid, in memory as on disk', async () => {
    const keys = await GatewayKeys.open(file);
    const kept = await keys.create({ user: 'ana' });
    // A directory (not empty) where gateway-keys.json goes: the rename into place fails.
    await rename(file, join(dir, 'keys.saved'));
    await mkdir(join(file, 'in-the-way'), { recursive: true });
    await expect(keys.delete(kept.id)).rejects.toThrow();
    await expect(keys.create({ user: 'bob' })).rejects.toThrow();
    // The revocation did not happen: the key still works and is still listed, so the operator retries it
    // (it used to be gone from memory only: a retry answered "no such key" and a restart brought it back).
    expect(keys.verify(kept.key)).toMatchObject({ ok: true });
    expect(keys.list().map((k) => k.user)).toEqual(['ana']);
    await rm(file, { recursive: true });
    await rename(join(dir, 'keys.saved'), file);
    expect(await keys.delete(kept.id)).toBe(true);
    expect(keys.verify(kept.key)).toEqual({ ok: false, reason: 'unknown' });
    expect((await GatewayKeys.open(file)).list()).toEqual([]);
  });

  it('concurrent creations and revocations are applied one after the other: none is lost', async () => {
    const keys = await GatewayKeys.open(file);
    const first = await keys.create({ user: 'first' });
    const [created] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, i) => keys.create({ user: `u${i}` }))),
      keys.delete(first.id),
      keys.delete('gk_none'),
    ]);
    const reopened = await GatewayKeys.open(file);
    expect(reopened.list().map((k) => k.user)).toEqual(created.map((c) => c.user));
    expect(reopened.verify(first.key)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('an entry of gateway-keys.json of the wrong shape is refused at open naming the file, not a 500 on every request with a key', async () => {
    const keys = await GatewayKeys.open(file);
    const created = await keys.create({ user: 'ana', expires_in_seconds: 60 });
    const good = JSON.parse(await readFile(file, 'utf8')).keys[0];
    const cases: Array<[unknown, string]> = [
      [null, 'key 1 is not an object'],
      [{ ...good, sha256: 'not-a-digest' }, `key ${created.id}: \`sha256\` is missing or of the wrong type`],
      // An expiry that is no date never expired.
      [{ ...good, expires_at: 'soon' }, `key ${created.id}: \`expires_at\` is missing or of the wrong type`],
      [
        { ...good, user: 7, role: 1 },
        `key ${created.id}: \`prefix\`/\`user\`, \`role\`/\`team\` are missing or of the wrong type`,
      ],
    ];
    for (const [entry, message] of cases) {
      await writeFile(file, JSON.stringify({ keys: [entry] }));
      const refused = await GatewayKeys.open(file).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string; details: Record<string, unknown> },
      );
      expect(refused).toMatchObject({ code: 'config.state_file_invalid', message, details: { file } });
      expect(refused?.message).not.toContain(created.key);
    }
  });
});
