import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/runtime/config-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECRET = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyz';

describe('config-variable store', () => {
  it('encrypts at rest, keeps files private, and resolves after reopening', async () => {
    const store = await ConfigStore.open(dir);
    const put = await store.put('OPENAI_KEY', SECRET, 'primary key');
    expect(put).toMatchObject({
      created: true,
      changed: true,
      meta: { name: 'OPENAI_KEY', version: 1, sensitive: true },
    });
    const onDisk = await readFile(join(dir, 'store.json'), 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect((await stat(join(dir, 'key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'store.json'))).mode & 0o777).toBe(0o600);
    const reopened = await ConfigStore.open(dir);
    expect(reopened.resolveValue('OPENAI_KEY')).toBe(SECRET);
    expect(JSON.stringify(reopened.list())).not.toContain(SECRET);
  });

  it('PUT is idempotent and a new value makes a new version with a timestamp', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const store = await ConfigStore.open(dir, () => t);
    await store.put('K', 'one');
    t += 1000;
    expect(await store.put('K', 'one')).toMatchObject({ created: false, changed: false, meta: { version: 1 } });
    t += 1000;
    const rotated = await store.put('K', 'two');
    expect(rotated.meta.version).toBe(2);
    expect(rotated.meta.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(rotated.meta.updated_at).toBe('2026-01-01T00:00:02.000Z');
    expect(store.resolveValue('K')).toBe('two');
  });

  it('refuses a ciphertext moved to another name (name is bound as associated data)', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('A', 'alpha');
    await store.put('B', 'beta');
    const file = join(dir, 'store.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.variables.B.ciphertext = data.variables.A.ciphertext;
    data.variables.B.nonce = data.variables.A.nonce;
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify(data));
    const reopened = await ConfigStore.open(dir);
    expect(() => reopened.resolveValue('B')).toThrow();
    expect(await reopened.delete('A')).toBe(true);
    expect(reopened.get('A')).toBeUndefined();
  });

  it('names that are Object.prototype members (constructor, toString, __proto__) are ordinary names', async () => {
    const store = await ConfigStore.open(dir);
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
    for (const name of names) {
      expect(store.get(name)).toBeUndefined();
      expect(store.resolveValue(name)).toBeUndefined();
      expect(await store.delete(name)).toBe(false);
    }
    for (const name of names)
      expect(await store.put(name, `value of ${name}`)).toMatchObject({ created: true, meta: { name, version: 1 } });
    expect(
      store
        .list()
        .map((v) => v.name)
        .sort(),
    ).toEqual([...names].sort());
    const reopened = await ConfigStore.open(dir);
    for (const name of names) {
      expect(reopened.get(name)).toMatchObject({ name, version: 1 });
      expect(reopened.resolveValue(name)).toBe(`value of ${name}`);
    }
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await reopened.delete('__proto__')).toBe(true);
    expect(reopened.get('__proto__')).toBeUndefined();
    expect(reopened.get('constructor')).toMatchObject({ version: 1 });
  });
});
