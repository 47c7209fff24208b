/**
 * Gateway keys (`kt_gk_...`): data-plane credentials mapped to an identity. Only a SHA-256 of each
 * key is stored (`<state-dir>/gateway-keys.json`, 0600); a key has 256 random bits, so a fast hash is
 * enough and lookup by hash does not leak anything through timing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readStateJson, writeFileAtomic } from './state-dir.js';
import type { GatewayKeyMeta } from '../core/types.js';

interface StoredKey extends GatewayKeyMeta {
  sha256: string;
}

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

export class GatewayKeys {
  private keys: StoredKey[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
  ) {}

  static async open(file: string, now: () => number = Date.now): Promise<GatewayKeys> {
    const store = new GatewayKeys(file, now);
    const parsed = await readStateJson<{ keys?: StoredKey[] }>(file, (v) =>
      v.keys === undefined || Array.isArray(v.keys) ? undefined : '`keys` must be an array',
    );
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
    this.keys.push(stored);
    await this.save();
    const { sha256: _h, ...meta } = stored;
    return { ...meta, key };
  }

  async delete(id: string): Promise<boolean> {
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.id !== id);
    if (this.keys.length === before) return false;
    await this.save();
    return true;
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

  private save(): Promise<void> {
    const snapshot = JSON.stringify({ keys: this.keys }, null, 1);
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.file, snapshot, 0o600));
    return this.writing;
  }
}
