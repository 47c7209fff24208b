/** Where a policy kind's blocks are in a pack, for the lint rules that check one kind's settings. */
import type { JsonObject, PackModel } from '../../core/types.js';
import { pointerSegments, valueAt } from '../json-pointer.js';
import { isObject } from '../../core/pack/json.js';

/**
 * Where the blocks of `kind` are, by the engine's routing (the normalised chain's pointers), plus a
 * current-shape block that is not in the chain (W003: it never runs, but it is checked as well).
 */
export function kindBlocks(doc: JsonObject, model: PackModel, kind: string): string[][] {
  const pointers = new Set(model.chain.filter((e) => e.kind === kind).map((e) => e.pointer));
  if (model.shape === 'current' && isObject(doc.policy) && Object.hasOwn(doc.policy, kind))
    pointers.add(`/policy/${kind}`);
  return [...pointers].map(pointerSegments).filter((base) => isObject(valueAt(doc, base)));
}
