/**
 * Gateway keys (`kt_gk_...`): data-plane credentials mapped to an identity. Only a SHA-256 of each
 * key is stored (`<state-dir>/gateway-keys.json`, 0600); a key has 256 random bits, so a fast hash is
 * enough and lookup by hash does not leak anything through timing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readStateJson, writeFileAtomic } from './state-dir.js';
import type { GatewayKeyMeta } from '../core/types.js';
import { isRecord } from '../core/pack/json.js';

interface StoredKey extends GatewayKeyMeta {
  sha256: string;
}

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

const isDate = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/**
 * What is wrong with the shape of gateway-keys.json, if anything: every key as `create` writes it. A
 * damaged entry was found by the first request with a gateway key (500 on every one, and on `kt gateway
 * keys list`), and an `expires_at` that is no date never expired.
 */
function keysProblem(file: Record<string, unknown>): string | undefined {
  if (file.keys === undefined) return undefined;
  if (!Array.isArray(file.keys)) return '`keys` must be an array';
  for (const [i, k] of file.keys.entries()) {
    if (!isRecord(k)) return `key ${i + 1} is not an object`;
    // Named by its id when it has one kt could have written (the file is not quoted otherwise).
    const which = typeof k.id === 'string' && /^gk_[0-9a-f]{1,64}$/.test(k.id) ? `key ${k.id}` : `key ${i + 1}`;
    const bad = [
      typeof k.id === 'string' ? undefined : '`id`',
      typeof k.sha256 === 'string' && /^[0-9a-f]{64}$/.test(k.sha256) ? undefined : '`sha256`',
      typeof k.prefix === 'string' && typeof k.user === 'string' ? undefined : '`prefix`/`user`',
      isStringOrNull(k.role) && isStringOrNull(k.team) ? undefined : '`role`/`team`',
      isDate(k.created_at) ? undefined : '`created_at`',
      k.expires_at === null || isDate(k.expires_at) ? undefined : '`expires_at`',
    ].filter((x): x is string => x !== undefined);
    if (bad.length > 0)
      return `${which}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} missing or of the wrong type`;
  }
  return undefined;
}

export class GatewayKeys {
  private keys: StoredKey[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
  ) {}

  static async open(file: string, now: () => number = Date.now): Promise<GatewayKeys> {
    const store = new GatewayKeys(file, now);
    const parsed = await readStateJson<{ keys?: StoredKey[] }>(file, keysProblem);
    if (parsed !== undefined) store.keys = parsed.keys ?? [];
    return store;
  }

  list(): GatewayKeyMeta[] {
    return this.keys.map(({ sha256: _h, ...meta }) => meta);
  }

  /** Creates a key; the clear key is returned once and never stored. */
  async create(input: {
    user: string;
    role?: string;
    team?: string;
    expires_in_seconds?: number;
  }): Promise<GatewayKeyMeta & { key: string }> {
    const key = `kt_gk_${randomBytes(32).toString('base64url')}`;
    const at = this.now();
    const stored: StoredKey = {
      id: `gk_${randomBytes(8).toString('hex')}`,
      prefix: key.slice(0, 10),
      user: input.user,
      role: input.role ?? null,
      team: input.team ?? null,
      created_at: new Date(at).toISOString(),
      expires_at:
        input.expires_in_seconds === undefined ? null : new Date(at + input.expires_in_seconds * 1000).toISOString(),
      sha256: digest(key),
    };
    await this.change((keys) => [...keys, stored]);
    const { sha256: _h, ...meta } = stored;
    return { ...meta, key };
  }

  delete(id: string): Promise<boolean> {
    return this.change((keys) => (keys.some((k) => k.id === id) ? keys.filter((k) => k.id !== id) : undefined));
  }

  /** The identity of a valid, unexpired key; `expired` when it exists but is past its expiry. */
  verify(key: string): { ok: true; meta: GatewayKeyMeta } | { ok: false; reason: 'unknown' | 'expired' } {
    const h = digest(key);
    const found = this.keys.find((k) => k.sha256 === h);
    if (found === undefined) return { ok: false, reason: 'unknown' };
    if (found.expires_at !== null && Date.parse(found.expires_at) <= this.now())
      return { ok: false, reason: 'expired' };
    const { sha256: _h, ...meta } = found;
    return { ok: true, meta };
  }

  /**
   * Applies `edit` (undefined: nothing to change) once the file holds the result, one change at a time. A
   * write that fails changes nothing, in memory as on disk: a revocation answered 500 must not take
   * effect only until the next restart (and a retry must not answer 404 while the file still holds the key).
   */
  private change(edit: (keys: StoredKey[]) => StoredKey[] | undefined): Promise<boolean> {
    const run = this.queue.then(async () => {
      const next = edit(this.keys);
      if (next === undefined) return false;
      await writeFileAtomic(this.file, JSON.stringify({ keys: next }, null, 1), 0o600);
      this.keys = next;
      return true;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
