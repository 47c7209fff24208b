import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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

  it('refuses a ciphertext moved to another name (name is bound as associated data): the store is not opened, naming the variable', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('A', 'alpha');
    await store.put('B', 'beta');
    const file = join(dir, 'store.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.variables.B.ciphertext = data.variables.A.ciphertext;
    data.variables.B.nonce = data.variables.A.nonce;
    await writeFile(file, JSON.stringify(data));
    const refused = await ConfigStore.open(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({
      code: 'config.state_file_invalid',
      details: { file },
      message: expect.stringContaining('variable B does not decrypt'),
    });
    // The whole entry moved, its own name with it: still refused (it is decrypted as the name it is stored by).
    data.variables.B = { ...data.variables.A };
    await writeFile(file, JSON.stringify(data));
    await expect(ConfigStore.open(dir)).rejects.toMatchObject({
      code: 'config.state_file_invalid',
      message: expect.stringContaining('variable B does not decrypt'),
    });
  });

  it('a key file that is not the one that wrote store.json is refused at open (config.state_file_invalid naming the key file), not a crash at the first use', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('A', SECRET);
    await store.put('B', 'beta');
    await writeFile(join(dir, 'key'), `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
    const refused = await ConfigStore.open(dir).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string; details: Record<string, unknown> },
    );
    expect(refused?.code).toBe('config.state_file_invalid');
    expect(refused?.details.file).toBe(join(dir, 'key'));
    expect(refused?.message).toContain('it is not the key that wrote them');
    expect(JSON.stringify({ message: refused?.message, details: refused?.details })).not.toContain(SECRET);
  });

  it('a write that fails changes nothing: the variable keeps its value and version, in memory as on disk', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('K', 'first-value');
    await store.put('GONE', 'to-delete');
    const file = join(dir, 'store.json');
    // A directory (not empty) where store.json goes: the rename into place fails.
    await rename(file, join(dir, 'store.saved'));
    await mkdir(join(file, 'in-the-way'), { recursive: true });
    await expect(store.put('K', 'second-value')).rejects.toThrow();
    await expect(store.put('NEW', 'new-value')).rejects.toThrow();
    await expect(store.put('K', 'first-value', 'a new description')).rejects.toThrow();
    await expect(store.delete('GONE')).rejects.toThrow();
    expect(store.get('K')).toMatchObject({ version: 1, description: '' });
    expect(store.resolveValue('K')).toBe('first-value');
    expect(store.get('NEW')).toBeUndefined();
    expect(store.get('GONE')).toMatchObject({ version: 1 });
    await rm(file, { recursive: true });
    await rename(join(dir, 'store.saved'), file);
    // The next write that succeeds holds only what succeeded.
    expect((await store.put('K', 'third-value')).meta.version).toBe(2);
    const reopened = await ConfigStore.open(dir);
    expect(reopened.resolveValue('K')).toBe('third-value');
    expect(reopened.get('NEW')).toBeUndefined();
    expect(reopened.get('GONE')).toMatchObject({ version: 1 });
  });

  it('concurrent writes are applied one after the other: none is lost', async () => {
    const store = await ConfigStore.open(dir);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => store.put(`V${i}`, `value-${i}`)),
      ...Array.from({ length: 5 }, (_, i) => store.put('SAME', `same-${i}`)),
    ]);
    const reopened = await ConfigStore.open(dir);
    expect(reopened.list()).toHaveLength(11);
    expect(reopened.get('SAME')!.version).toBe(5);
    expect(reopened.resolveValue('SAME')).toBe(store.resolveValue('SAME'));
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

  it('a key file that is missing or empty while store.json holds values is refused naming it; no new key is written in its place', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('A', SECRET);
    const keyFile = join(dir, 'key');
    const key = await readFile(keyFile, 'utf8');
    for (const [damage, words] of [
      [() => rm(keyFile), 'is missing, and store.json holds 1 variable encrypted with the key it held'],
      [
        () => writeFile(keyFile, '\n', { mode: 0o600 }),
        'is empty, and store.json holds 1 variable encrypted with the key it held',
      ],
    ] as const) {
      await damage();
      const before = await readFile(keyFile, 'utf8').catch(() => undefined);
      await expect(ConfigStore.open(dir)).rejects.toMatchObject({
        code: 'config.state_file_invalid',
        message: words,
        details: { file: keyFile, hint: expect.stringContaining('restore the key file from a backup') },
      });
      // Nothing was generated: the key file is as it was (and a restored key then opens the store).
      expect(await readFile(keyFile, 'utf8').catch(() => undefined)).toBe(before);
    }
    await writeFile(keyFile, key, { mode: 0o600 });
    expect((await ConfigStore.open(dir)).resolveValue('A')).toBe(SECRET);
  });

  describe('inspect (the read-only open of kt gateway run --dry-run)', () => {
    /** Every entry under `dir` with its size, mode and mtime: what a write would change. */
    const tree = async (): Promise<string[]> => {
      const { readdir } = await import('node:fs/promises');
      const out: string[] = [];
      for (const name of ['.', ...(await readdir(dir))]) {
        const s = await stat(join(dir, name));
        out.push(`${name} ${s.size} ${(s.mode & 0o777).toString(8)} ${s.mtimeMs}`);
      }
      return out.sort();
    };

    it('refuses what open refuses, with the same error, and writes nothing', async () => {
      const store = await ConfigStore.open(dir);
      await store.put('A', SECRET);
      const keyFile = join(dir, 'key');
      const key = await readFile(keyFile, 'utf8');
      const damages: Array<[string, () => Promise<void>]> = [
        ['key missing', () => rm(keyFile)],
        ['key empty', () => writeFile(keyFile, '\n', { mode: 0o600 })],
        ['key readable by others', () => writeFile(keyFile, key, { mode: 0o644 }).then(() => chmod(keyFile, 0o644))],
        ['key of another store', () => writeFile(keyFile, `${Buffer.alloc(32, 7).toString('base64')}\n`)],
      ];
      for (const [what, damage] of damages) {
        await rm(keyFile, { force: true });
        await writeFile(keyFile, key, { mode: 0o600 });
        await damage();
        const before = await tree();
        const opened = await ConfigStore.open(dir).then(
          () => undefined,
          (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
        );
        expect(opened, what).toBeDefined();
        // open() refused without writing; the inspection refuses the same way and leaves the tree as it was.
        const inspected = await ConfigStore.inspect(dir).then(
          () => undefined,
          (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
        );
        expect(inspected, what).toEqual(opened);
        expect(await tree(), what).toEqual(before);
        expect(JSON.stringify(inspected)).not.toContain(SECRET);
      }
    });

    it('a store without a key and nothing to decrypt: empty, no key written; a missing directory: undefined, not created', async () => {
      await writeFile(join(dir, 'store.json'), JSON.stringify({ format: 1, variables: {} }), { mode: 0o600 });
      const before = await tree();
      const store = await ConfigStore.inspect(dir);
      expect(store?.list()).toEqual([]);
      expect(store?.resolveValue('A')).toBeUndefined();
      expect(await tree()).toEqual(before);
      const missing = join(dir, 'no-such-store');
      expect(await ConfigStore.inspect(missing)).toBeUndefined();
      expect(await tree()).toEqual(before);
    });

    it('a sound store: its variables, resolvable, as open gives them', async () => {
      await (await ConfigStore.open(dir)).put('A', SECRET);
      const before = await tree();
      const store = await ConfigStore.inspect(dir);
      expect(store?.list().map((v) => v.name)).toEqual(['A']);
      expect(store?.resolveValue('A')).toBe(SECRET);
      expect(await tree()).toEqual(before);
    });
  });

  it('an empty store (no store.json, or no variables) gets a new key when its key file is missing', async () => {
    await writeFile(join(dir, 'store.json'), JSON.stringify({ format: 1, variables: {} }), { mode: 0o600 });
    const store = await ConfigStore.open(dir);
    await store.put('A', 'alpha');
    expect((await readFile(join(dir, 'key'), 'utf8')).trim()).toHaveLength(44);
    expect((await ConfigStore.open(dir)).resolveValue('A')).toBe('alpha');
  });

  it('an entry of store.json of the wrong shape is refused naming store.json and the variable, not a crash or a version "71"', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('A', SECRET);
    const file = join(dir, 'store.json');
    const good = JSON.parse(await readFile(file, 'utf8'));
    const cases: Array<[(v: Record<string, unknown>) => unknown, string]> = [
      [() => null, 'config variable A is not an object'],
      [() => 'text', 'config variable A is not an object'],
      [(v) => ({ ...v, version: String(v.version) }), 'config variable A: `version` is missing or of the wrong type'],
      [(v) => ({ ...v, version: 0 }), 'config variable A: `version` is missing or of the wrong type'],
      [(v) => ({ ...v, versions: undefined }), 'config variable A: `versions` is missing or of the wrong type'],
      [
        (v) => ({ ...v, nonce: 7, description: null }),
        'config variable A: `description`, `nonce`/`ciphertext` are missing or of the wrong type',
      ],
    ];
    for (const [damage, message] of cases) {
      await writeFile(file, JSON.stringify({ ...good, variables: { A: damage(good.variables.A) } }));
      const refused = await ConfigStore.open(dir).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string; details: Record<string, unknown> },
      );
      expect(refused).toMatchObject({ code: 'config.state_file_invalid', message, details: { file } });
      expect(JSON.stringify({ message: refused?.message, details: refused?.details })).not.toContain(SECRET);
    }
  });

  it('a key file others may read or write, or that another user owns, is refused naming it (config.state_file_unsafe), never read on', async () => {
    const store = await ConfigStore.open(dir);
    await store.put('A', SECRET);
    const keyFile = join(dir, 'key');
    for (const [mode, words] of [
      [0o644, 'is readable by its group and others (mode 644)'],
      [0o640, 'is readable by its group (mode 640)'],
      [0o602, 'is writable by others (mode 602)'],
    ] as const) {
      await chmod(keyFile, mode);
      const refused = await ConfigStore.open(dir).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string; details: Record<string, unknown> },
      );
      expect(refused).toMatchObject({
        code: 'config.state_file_unsafe',
        message: `${words}; with store.json it decrypts every provider secret`,
        details: { file: keyFile, hint: expect.stringMatching(/^chmod 600 it; .*rotate/) },
      });
      expect(JSON.stringify({ message: refused?.message, details: refused?.details })).not.toContain(SECRET);
    }
    await chmod(keyFile, 0o600);
    // Owned by another user (only root can give a file away): that user may read or rewrite it.
    if (process.getuid?.() === 0) {
      await chown(keyFile, 65534, 65534);
      await expect(ConfigStore.open(dir)).rejects.toMatchObject({
        code: 'config.state_file_unsafe',
        message: 'is owned by another user (uid 65534, the gateway runs as uid 0), who may change or read it',
      });
      await chown(keyFile, 0, 0);
    }
    expect((await ConfigStore.open(dir)).resolveValue('A')).toBe(SECRET);
  });
});
