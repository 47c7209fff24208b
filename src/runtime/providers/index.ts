/** Builds the providers of a pack: `mock` is built in, every other provider speaks the OpenAI wire format. */
import type { PackModel } from '../../core/types.js';
import { targetsFor } from '../../core/policies/data-routing-policy.js';
import { MockProvider, mockSettings } from './mock.js';
import { OpenAiCompatibleProvider, type OpenAiOptions } from './openai-compatible.js';
import type { Provider } from './types.js';

export function buildProviders(pack: PackModel, options: OpenAiOptions): Provider[] {
  return pack.providers.map((t) =>
    t.provider === 'mock'
      ? new MockProvider(t.id, t.model, mockSettings(t.extra))
      : new OpenAiCompatibleProvider(t, options),
  );
}

/**
 * The target for a request: the first of those serving its model (else the one with that id, else all;
 * core targetsFor, which data-routing-policy checks with) that `routable` admits; the first of them when
 * none is admitted (the chain allowed the request all the same: `on_no_compliant_provider: allow`).
 */
export function pickProvider(
  providers: Provider[],
  model: unknown,
  routable?: (p: Provider) => boolean,
): Provider | undefined {
  const candidates = targetsFor(providers, model);
  return (routable === undefined ? undefined : candidates.find(routable)) ?? candidates[0];
}
