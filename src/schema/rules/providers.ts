/**
 * Provider targets whose `secret_key_ref` nothing reads (W009). `provider: mock` answers without a
 * network and never uses a key (src/runtime/providers/mock.ts), so a key reference on a mock target
 * does nothing: the gateway does not check that the variable exists, `/health` does not report the
 * target unconfigured without it, and `kt config-vars resolve|rotate` do not count the target in
 * `used_by` - a rotation cannot be confirmed against a provider that ignores the key. Counting the
 * mock as a user would let `rotate` report a key as working that no upstream ever saw; so lint says
 * instead that the reference is ignored, where the operator can still act on it (a stand-in for a
 * real provider should switch `provider:` before it is expected to use the key).
 */
import type { JsonObject } from '../../core/types.js';
import { secretShapeIn } from './secrets.js';
import { isObject } from '../../core/pack/json.js';

export interface IgnoredKeyRef {
  /** JSON-pointer segments of the `secret_key_ref` key (in the flat or the object spelling). */
  segments: string[];
  /** The target's id, or its position when it has none. */
  target: string;
  /** `store NAME` / `env NAME`, as the reference reads; a value shaped like a key is left out (E010 reports it). */
  names: string[];
}

/** The `secret_key_ref`s of `provider: mock` targets (also `provider: {name: mock, secret_key_ref}`). */
export function ignoredKeyRefs(doc: JsonObject): IgnoredKeyRef[] {
  const targets = isObject(doc.providers) && Array.isArray(doc.providers.targets) ? doc.providers.targets : [];
  const out: IgnoredKeyRef[] = [];
  targets.forEach((target, index) => {
    if (!isObject(target)) return;
    const inner = isObject(target.provider) ? target.provider : undefined;
    const name = inner !== undefined ? inner.name : target.provider;
    if (name !== 'mock') return;
    const base = ['providers', 'targets', String(index)];
    for (const [segments, ref] of [
      [base, target.secret_key_ref],
      [[...base, 'provider'], inner?.secret_key_ref],
    ] as const) {
      if (!isObject(ref)) continue;
      const names = (['store', 'env'] as const).flatMap((k) => {
        const value = ref[k];
        return typeof value === 'string' && secretShapeIn(value) === undefined ? [`${k} ${value}`] : [];
      });
      out.push({
        segments: [...segments, 'secret_key_ref'],
        target: typeof target.id === 'string' ? target.id : `providers.targets[${index}]`,
        names,
      });
    }
  });
  return out;
}
