/** Builds the providers of a pack: `mock` is built in, every other provider speaks the OpenAI wire format. */
import type { PackModel } from '../../core/types.js';
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

/** The target for a request: the one whose model matches, else the first. */
export function pickProvider(providers: Provider[], model: unknown): Provider | undefined {
  if (typeof model === 'string') {
    const exact = providers.find((p) => p.model === model);
    if (exact) return exact;
    const byId = providers.find((p) => p.id === model);
    if (byId) return byId;
  }
  return providers[0];
}
