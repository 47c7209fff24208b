/** What the data plane needs from an upstream: one completion, a stream of chunks, and a probe. */
import type { UpstreamErrorDetail } from './error-answer.js';

/** An OpenAI chat-completions response body (only the fields the gateway reads are typed). */
export interface ChatCompletion {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    message?: { role?: string; content?: string | null; [k: string]: unknown };
    finish_reason?: string | null;
    [k: string]: unknown;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  [k: string]: unknown;
}

/** One parsed `chat.completion.chunk` of a streamed answer. */
export interface ChatChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: { role?: string; content?: string | null; [k: string]: unknown };
    finish_reason?: string | null;
    logprobs?: unknown;
    [k: string]: unknown;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  [k: string]: unknown;
}

/**
 * How a streamed answer ended, when not as the protocol says: the upstream sent its finish_reason, so the
 * answer is whole, but then no `[DONE]` came (the connection broke, or nothing more arrived in time). The
 * answer is passed on as complete; `note` says what happened, for the gateway's log (never an upstream body).
 */
export interface StreamEnd {
  note: string;
}

/** A streamed answer: its chunks, then (the generator's return value) a StreamEnd when it ended so. */
export type ChunkStream = AsyncGenerator<ChatChunk, StreamEnd | undefined, undefined>;

export type UpstreamFailure = 'unavailable' | 'timeout' | 'status' | 'unconfigured' | 'protocol';

/**
 * A failed upstream call; `message` never contains a secret or the upstream body. `detail` is the
 * upstream's own error object of a refused call (sanitised, see error-answer.ts), for a 4xx that is
 * handed back to the client.
 */
export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailure,
    message: string,
    readonly status?: number,
    readonly retryAfter?: number,
    readonly detail?: UpstreamErrorDetail,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface ProbeResult {
  status: 'reachable' | 'unreachable' | 'unconfigured';
  latency_ms: number | null;
  error?: string;
}

export interface Provider {
  readonly id: string;
  readonly provider: string;
  readonly model: string | undefined;
  /** Name of the config variable its key comes from (`secret_key_ref.store`), for `resolve.used_by`. */
  readonly storeRef: string | undefined;
  /** Name of the environment variable its key comes from (`secret_key_ref.env`), for `resolve.used_by_env`. */
  readonly envRef: string | undefined;
  complete(body: Record<string, unknown>, signal: AbortSignal): Promise<ChatCompletion>;
  stream(body: Record<string, unknown>, signal: AbortSignal): ChunkStream;
  /** Checks the upstream answers (GET /models with the key); never throws. */
  probe(): Promise<ProbeResult>;
  /** Cheap check without network: is the secret there? */
  configured(): { ok: boolean; error?: string };
  close(): Promise<void>;
}

/** Where `secret_key_ref` values come from, resolved at request time. */
export interface SecretSource {
  env: NodeJS.ProcessEnv;
  store(name: string): string | undefined;
}

/**
 * A target's `timeout_ms` (kt extension, docs/gateway.md): how long a call waits for the answer to start, and
 * then between chunks. Default 60 s.
 */
export function targetTimeoutMs(extra: Record<string, unknown>): number {
  const t = extra.timeout_ms;
  return typeof t === 'number' && t > 0 ? t : 60_000;
}

/** The failure of a call that waited `timeoutMs` for its answer (to start, or for the next chunk). */
export const timeoutError = (id: string, timeoutMs: number): UpstreamError =>
  new UpstreamError('timeout', `provider ${id} did not answer within ${timeoutMs} ms`);
