/**
 * `provider: mock` - a built-in upstream for offline use and tests. It answers deterministically with
 * the (already sanitised) last user message, so a test sees exactly what a provider would have
 * received. Settings on the target (docs/gateway.md):
 *   mock: { latency_ms: 0, failure_rate: 0, reply: "<template>", stream_chunk_chars: 16, stream_delay_ms: 0 }
 * `reply` replaces the echo; `{{last_user_message}}` inside it is substituted. The request's `n`, `stop` and
 * `max_tokens` / `max_completion_tokens` shape the answer as a model's (see answer()). `failure_rate` (0..1)
 * makes that share of calls fail like an upstream 500. The target's `timeout_ms` applies as to any target:
 * a `latency_ms` (or, streamed, a `stream_delay_ms`) longer than it fails the call as a timeout after
 * `timeout_ms`, before the answer or between chunks, so timeouts and failover on them can be tried offline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonObject } from '../../core/types.js';
import type { ChatCompletion, ChunkStream, ProbeResult, Provider } from './types.js';
import { targetTimeoutMs, timeoutError, UpstreamError } from './types.js';

export interface MockSettings {
  latencyMs: number;
  failureRate: number;
  reply: string | undefined;
  streamChunkChars: number;
  streamDelayMs: number;
  /** The target's `timeout_ms` (not under `mock:`): the longest wait for the answer, and between chunks. */
  timeoutMs: number;
}

export function mockSettings(extra: JsonObject): MockSettings {
  const m = (extra.mock ?? {}) as JsonObject;
  const num = (v: unknown, dflt: number, min: number, max: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : dflt;
  return {
    latencyMs: num(m.latency_ms, 0, 0, 600_000),
    failureRate: num(m.failure_rate, 0, 0, 1),
    reply: typeof m.reply === 'string' ? m.reply : undefined,
    streamChunkChars: Math.floor(num(m.stream_chunk_chars, 16, 1, 65_536)),
    streamDelayMs: num(m.stream_delay_ms, 0, 0, 60_000),
    timeoutMs: targetTimeoutMs(extra),
  };
}

/** Text of the last user message (string content or the text parts joined). */
export function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown };
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return m.content
        .map((p: { type?: string; text?: unknown }) => (p?.type === 'text' && typeof p.text === 'string' ? p.text : ''))
        .join('');
    }
    return '';
  }
  return '';
}

const approxTokens = (text: string): number => Math.ceil(text.length / 4);

export class MockProvider implements Provider {
  readonly provider = 'mock';
  // The mock never reads a key, so a secret_key_ref on its target is not a use: `resolve` leaves it out
  // of used_by / used_by_env, and lint reports the reference as ignored (W009, src/schema/rules/providers.ts).
  readonly storeRef = undefined;
  readonly envRef = undefined;
  private calls = 0;

  constructor(
    readonly id: string,
    readonly model: string | undefined,
    private readonly settings: MockSettings,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * The answer and why it ended, as a model would end it: at the first `stop` sequence (left out, finish
   * "stop"), or once `max_completion_tokens` / `max_tokens` are spent (finish "length"; a token is taken as
   * 4 characters, as the usage figures count).
   */
  private answer(body: Record<string, unknown>): { content: string; finish: 'stop' | 'length' } {
    const last = lastUserText(body);
    let content =
      this.settings.reply === undefined ? last : this.settings.reply.split('{{last_user_message}}').join(last);
    const stops = (Array.isArray(body.stop) ? body.stop : [body.stop]).filter(
      (x): x is string => typeof x === 'string' && x !== '',
    );
    for (const stop of stops) {
      const at = content.indexOf(stop);
      if (at >= 0) content = content.slice(0, at);
    }
    const max = body.max_completion_tokens ?? body.max_tokens;
    if (typeof max === 'number' && max >= 0 && approxTokens(content) > max)
      return { content: content.slice(0, Math.floor(max) * 4), finish: 'length' };
    return { content, finish: 'stop' };
  }

  /** Waits `ms` as an upstream that takes that long would be waited for: at most timeout_ms, then a timeout. */
  private async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0) return;
    const { timeoutMs } = this.settings;
    await sleep(Math.min(ms, timeoutMs), undefined, { signal });
    if (ms > timeoutMs) throw timeoutError(this.id, timeoutMs);
  }

  private async before(signal: AbortSignal): Promise<void> {
    this.calls++;
    await this.wait(this.settings.latencyMs, signal);
    if (this.settings.failureRate > 0 && this.random() < this.settings.failureRate) {
      throw new UpstreamError('status', 'mock provider failed (failure_rate)', 500);
    }
  }

  async complete(body: Record<string, unknown>, signal: AbortSignal): Promise<ChatCompletion> {
    await this.before(signal);
    const { content, finish } = this.answer(body);
    // `n` choices, as an upstream answers it (each the same answer here); a stream of several is refused by
    // the data plane before any provider is called.
    const n = typeof body.n === 'number' && Number.isInteger(body.n) ? Math.min(128, Math.max(1, body.n)) : 1;
    const prompt = approxTokens(lastUserText(body));
    return {
      id: `chatcmpl-mock-${this.calls}`,
      object: 'chat.completion',
      created: 0,
      model: typeof body.model === 'string' ? body.model : (this.model ?? 'mock'),
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content },
        finish_reason: finish,
      })),
      usage: {
        prompt_tokens: prompt,
        completion_tokens: n * approxTokens(content),
        total_tokens: prompt + n * approxTokens(content),
      },
    };
  }

  async *stream(body: Record<string, unknown>, signal: AbortSignal): ChunkStream {
    await this.before(signal);
    const { content, finish } = this.answer(body);
    const base = {
      id: `chatcmpl-mock-${this.calls}`,
      object: 'chat.completion.chunk',
      created: 0,
      model: typeof body.model === 'string' ? body.model : (this.model ?? 'mock'),
    };
    yield { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
    for (let i = 0; i < content.length; i += this.settings.streamChunkChars) {
      await this.wait(this.settings.streamDelayMs, signal);
      yield {
        ...base,
        choices: [
          { index: 0, delta: { content: content.slice(i, i + this.settings.streamChunkChars) }, finish_reason: null },
        ],
      };
    }
    yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] };
    const options = body.stream_options as { include_usage?: unknown } | undefined;
    if (options?.include_usage === true) {
      const prompt = approxTokens(lastUserText(body));
      yield {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: prompt,
          completion_tokens: approxTokens(content),
          total_tokens: prompt + approxTokens(content),
        },
      };
    }
    return undefined;
  }

  async probe(): Promise<ProbeResult> {
    return { status: 'reachable', latency_ms: 0 };
  }

  configured(): { ok: boolean } {
    return { ok: true };
  }

  async close(): Promise<void> {}
}
