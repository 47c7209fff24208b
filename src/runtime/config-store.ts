/**
 * Config-variable store (`<state-dir>/config-vars/`): values encrypted at rest with AES-256-GCM-SIV
 * (@noble/ciphers), a fresh 96-bit nonce per write, and the variable name + version as associated
 * data so a ciphertext cannot be moved to another name or replayed as another version. The 32-byte
 * key lives in `config-vars/key` (0600); the store file is rewritten atomically (0600).
 *
 * Listing and metadata never include values; only `resolve` (used by providers at request time)
 * decrypts, and its result never leaves the process.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gcmsiv } from '@noble/ciphers/aes.js';
import { isRecord } from '../core/pack/json.js';
import { KtError } from '../errors.js';
import { credentialFileOpen } from '../io/file-mode.js';
import {
  ensurePrivateDir,
  existingDir,
  readIfExists,
  readStateJson,
  stateFileInvalid,
  writeFileAtomic,
} from './state-dir.js';

export const CONFIG_VAR_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** Values are provider keys and similar; 64 KiB is far above any real one. */
export const MAX_VALUE_BYTES = 64 * 1024;

export interface ConfigVarMeta {
  name: string;
  description: string;
  version: number;
  created_at: string;
  updated_at: string;
  sensitive: true;
  /** Timestamps of every version, oldest first. */
  versions: Array<{ version: number; created_at: string }>;
}

interface StoredVar extends Omit<ConfigVarMeta, 'sensitive'> {
  nonce: string;
  ciphertext: string;
}

interface PutOutcome {
  meta: ConfigVarMeta;
  created: boolean;
  changed: boolean;
}

interface StoreFile {
  format: 1;
  variables: Record<string, StoredVar>;
}

const aad = (name: string, version: number): Uint8Array =>
  new TextEncoder().encode(`kt-config-var\u0000${name}\u0000${version}`);

/**
 * The variables by name, in an object without a prototype: a name is any `[A-Za-z0-9_.-]`, so
 * `constructor`, `toString` or `__proto__` must be looked up, stored and deleted like any other name,
 * never found on (or written to) Object.prototype.
 */
const byName = (variables?: Record<string, StoredVar>): Record<string, StoredVar> =>
  Object.assign(Object.create(null) as Record<string, StoredVar>, variables);

const isTimestamp = (v: unknown): boolean => typeof v === 'string' && v !== '';
const isVersion = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;

/**
 * What is wrong with the shape of store.json, if anything: every entry as the store writes it. An entry
 * that is not an object was a crash at start (exit 70, "a bug in kt"); a version that is a string
 * decrypted (the associated data is text) and became "71" at the next set.
 */
function storeProblem(file: Record<string, unknown>): string | undefined {
  const { variables } = file;
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    return '`variables` must be an object';
  for (const [name, v] of Object.entries(variables as Record<string, unknown>)) {
    const shown = CONFIG_VAR_NAME.test(name) ? `config variable ${name}` : 'a config variable with an invalid name';
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${shown} is not an object`;
    const e = v as Record<string, unknown>;
    const bad = [
      typeof e.name === 'string' ? undefined : '`name`',
      typeof e.description === 'string' ? undefined : '`description`',
      isVersion(e.version) ? undefined : '`version`',
      isTimestamp(e.created_at) && isTimestamp(e.updated_at) ? undefined : '`created_at`/`updated_at`',
      Array.isArray(e.versions) &&
      e.versions.every((x: unknown) => isRecord(x) && isVersion(x.version) && isTimestamp(x.created_at))
        ? undefined
        : '`versions`',
      typeof e.nonce === 'string' && typeof e.ciphertext === 'string' ? undefined : '`nonce`/`ciphertext`',
    ].filter((x): x is string => x !== undefined);
    if (bad.length > 0)
      return `${shown}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} missing or of the wrong type`;
  }
  return undefined;
}

/**
 * With store.json, the key file decrypts every provider secret: like ssh with a private key, the gateway
 * refuses one that other users may read or write, or that another user owns (and so may chmod or
 * rewrite), rather than warn at start in a log that scrolls away and serve on. kt itself writes it 0600.
 * The file it points to is checked when it is a symbolic link (that is the file read).
 */
async function refuseUnsafeKeyFile(keyFile: string): Promise<void> {
  const { mode, uid } = await stat(keyFile);
  const hint =
    'anyone who could read it can decrypt store.json: rotate the values it protects if that may have happened (kt config-vars rotate)';
  if ((mode & 0o077) !== 0)
    throw credentialFileOpen(
      'config.state_file_unsafe',
      keyFile,
      mode,
      'with store.json it decrypts every provider secret',
      hint,
    );
  const me = process.getuid?.();
  if (me !== undefined && uid !== me && uid !== 0)
    throw new KtError(
      'config.state_file_unsafe',
      `is owned by another user (uid ${uid}, the gateway runs as uid ${me}), who may change or read it`,
      { file: keyFile, hint: `chown it to the user the gateway runs as; ${hint}` },
    );
}

export class ConfigStore {
  /** What store.json holds: a change replaces it only once written (see change). */
  private data: StoreFile = { format: 1, variables: byName() };
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
    private readonly now: () => number,
  ) {}

  static async open(dir: string, now: () => number = Date.now): Promise<ConfigStore> {
    await ensurePrivateDir(dir);
    return ConfigStore.load(dir, now, false);
  }

  /**
   * open() without writing (`kt gateway run --dry-run`): every check that makes open() refuse the store
   * (store.json's shape, a missing or empty key while it holds values, a key of the wrong size, mode or
   * owner, a value that does not decrypt), but no directory is created and no key generated. Where open()
   * would write a first key (no key, nothing to decrypt) the store is empty and needs none. undefined when
   * the directory does not exist (a first start creates it, empty).
   */
  static async inspect(dir: string, now: () => number = Date.now): Promise<ConfigStore | undefined> {
    if (!(await existingDir(dir))) return undefined;
    return ConfigStore.load(dir, now, true);
  }

  private static async load(dir: string, now: () => number, readOnly: boolean): Promise<ConfigStore> {
    const keyFile = join(dir, 'key');
    const storeFile = join(dir, 'store.json');
    // store.json first: a missing key is replaced by a new one only while there is nothing it should decrypt.
    const parsed = await readStateJson<StoreFile>(storeFile, storeProblem);
    const variables = byName(parsed?.variables);
    let keyText = (await readIfExists(keyFile))?.trim();
    if (keyText === undefined || keyText === '') {
      const held = Object.keys(variables).length;
      // Writing a new key here put a key in place that can never decrypt them, and the next start blamed
      // it as "not the key that wrote them": the backup to restore is the key file's.
      if (held > 0)
        throw stateFileInvalid(
          keyFile,
          `${keyText === undefined ? 'is missing' : 'is empty'}, and store.json holds ${held} variable${held === 1 ? '' : 's'} encrypted with the key it held`,
          {},
          'restore the key file from a backup (mode 600): only the key that wrote them decrypts them (moving store.json aside as well starts an empty store)',
        );
      // Nothing to decrypt: a dry run reports the empty store a start would open (with a key it writes).
      if (readOnly) return new ConfigStore(dir, new Uint8Array(32), now);
      keyText = randomBytes(32).toString('base64');
      await writeFileAtomic(keyFile, `${keyText}\n`, 0o600);
    }
    const key = Buffer.from(keyText, 'base64');
    if (key.length !== 32) {
      throw stateFileInvalid(
        keyFile,
        'does not hold a 32-byte base64 key',
        {},
        'restore it from a backup: the values in store.json can only be decrypted with the key that wrote them',
      );
    }
    await refuseUnsafeKeyFile(keyFile);
    const store = new ConfigStore(dir, new Uint8Array(key), now);
    if (parsed !== undefined) store.data = { ...parsed, variables };
    store.checkDecrypts(keyFile, storeFile);
    return store;
  }

  /**
   * Every value must decrypt now, at start, under the name it is stored by (an entry moved whole to
   * another name carries its old name, which would otherwise still decrypt it): a wrong key file or a
   * damaged entry found at the first request that needs the value was a crash reported as a bug in kt.
   * None decrypting points at the key file; some, at store.json.
   */
  private checkDecrypts(keyFile: string, storeFile: string): void {
    const entries = Object.entries(this.data.variables);
    const damaged = entries
      .filter(([name, v]) => {
        if (v.name !== name) return true;
        try {
          this.decrypt(v);
          return false;
        } catch {
          return true;
        }
      })
      .map(([name]) => (CONFIG_VAR_NAME.test(name) ? name : 'one with an invalid name'));
    if (damaged.length === 0) return;
    if (damaged.length === entries.length) {
      throw stateFileInvalid(
        keyFile,
        `does not decrypt the values in store.json (none of its ${entries.length} variable${entries.length === 1 ? '' : 's'} decrypts): it is not the key that wrote them, or store.json was altered`,
        {},
        'restore the key file (or store.json) from a backup: the values can only be decrypted with the key that wrote them (moving both files aside starts an empty store)',
      );
    }
    const shown = damaged.slice(0, 5).join(', ');
    throw stateFileInvalid(
      storeFile,
      `config variable ${shown}${damaged.length > 5 ? ` and ${damaged.length - 5} more` : ''} does not decrypt: the entry was altered or moved`,
      {},
      'restore store.json from a backup, or remove the damaged entries from it and set those variables again',
    );
  }

  private meta(v: StoredVar): ConfigVarMeta {
    return {
      name: v.name,
      description: v.description,
      version: v.version,
      created_at: v.created_at,
      updated_at: v.updated_at,
      sensitive: true,
      versions: v.versions,
    };
  }

  list(): ConfigVarMeta[] {
    return Object.values(this.data.variables)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((v) => this.meta(v));
  }

  get(name: string): ConfigVarMeta | undefined {
    const v = this.data.variables[name];
    return v === undefined ? undefined : this.meta(v);
  }

  private decrypt(v: StoredVar): string {
    const cipher = gcmsiv(new Uint8Array(this.key), Buffer.from(v.nonce, 'base64'), aad(v.name, v.version));
    return new TextDecoder().decode(cipher.decrypt(Buffer.from(v.ciphertext, 'base64')));
  }

  /** The current value, for provider calls only. Never log, return or echo it. */
  resolveValue(name: string): string | undefined {
    const v = this.data.variables[name];
    return v === undefined ? undefined : this.decrypt(v);
  }

  /**
   * Creates or updates a variable. Idempotent: writing the same value (and description) again
   * changes nothing and reports `created: false, changed: false`.
   */
  put(name: string, value: string, description?: string): Promise<PutOutcome> {
    return this.change<PutOutcome>((variables) => {
      const existing = variables[name];
      const at = new Date(this.now()).toISOString();
      if (existing !== undefined) {
        const same = Buffer.from(this.decrypt(existing));
        const incoming = Buffer.from(value);
        const sameValue = same.length === incoming.length && timingSafeEqual(same, incoming);
        if (sameValue && (description === undefined || description === existing.description))
          return { result: { meta: this.meta(existing), created: false, changed: false }, write: false };
        if (sameValue) {
          const described = { ...existing, description: description ?? existing.description, updated_at: at };
          variables[name] = described;
          return { result: { meta: this.meta(described), created: false, changed: true }, write: true };
        }
      }
      const version = (existing?.version ?? 0) + 1;
      const nonce = randomBytes(12);
      const cipher = gcmsiv(new Uint8Array(this.key), nonce, aad(name, version));
      const ciphertext = cipher.encrypt(new TextEncoder().encode(value));
      const stored: StoredVar = {
        name,
        description: description ?? existing?.description ?? '',
        version,
        created_at: existing?.created_at ?? at,
        updated_at: at,
        versions: [...(existing?.versions ?? []), { version, created_at: at }],
        nonce: nonce.toString('base64'),
        ciphertext: Buffer.from(ciphertext).toString('base64'),
      };
      variables[name] = stored;
      return { result: { meta: this.meta(stored), created: existing === undefined, changed: true }, write: true };
    });
  }

  delete(name: string): Promise<boolean> {
    return this.change((variables) => {
      if (variables[name] === undefined) return { result: false, write: false };
      delete variables[name];
      return { result: true, write: true };
    });
  }

  /**
   * One change at a time, each on the variables the previous one left: `edit` works on a copy, which
   * becomes the store's only once store.json holds it. A write that fails (disk full, a directory in the
   * way) then changes nothing: the gateway never serves, nor reports, a value its store lost.
   */
  private change<T>(edit: (variables: Record<string, StoredVar>) => { result: T; write: boolean }): Promise<T> {
    const run = this.queue.then(async () => {
      const variables = byName(this.data.variables);
      const { result, write } = edit(variables);
      if (write) {
        const next: StoreFile = { ...this.data, variables };
        await writeFileAtomic(join(this.dir, 'store.json'), JSON.stringify(next, null, 1), 0o600);
        this.data = next;
      }
      return result;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
