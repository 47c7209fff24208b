/**
 * Pack models for unit tests of the policy core: one policy of `kind` with `config`, in the current shape
 * (what normalizePack makes of a `policies.chain: [kind]` document), with `providers` and `gateway` when
 * the policy reads them.
 */
import type { JsonObject, PackModel, ProviderTarget } from '../../src/core/types.js';

export function onePolicyPack(
  kind: string,
  config: JsonObject,
  providers: ProviderTarget[] = [],
  gateway: JsonObject = {},
): PackModel {
  return {
    shape: 'current',
    pack: { name: 't', version: '1.0.0', enabled: true },
    chain: [{ name: kind, kind, config, pointer: `/policy/${kind}` }],
    providers,
    gateway,
    testing: {},
    document: {},
  };
}
