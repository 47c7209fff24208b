/**
 * OpenAI-compatible upstreams over undici. The key comes from `secret_key_ref` at request time
 * (`env`, or `store` = the config-variable store), so a rotated store value is used from the next
 * request on. Certificates are verified unless the target says `tls.verify: false` (the gateway
 * warns at load); `tls.ca_file` adds a private CA. Timeouts: `timeout_ms` on the target (default
 * 60 s) bounds the wait for headers and between body chunks, and connecting is capped at 10 s.
 */
import { MAX_PEM_BYTES, readRegularFileSync } from '../../io/bounded-read.js';
import { describeConnectError, describeFsError } from '../../io/fs-errors.js';
import { holdsCertificate } from '../tls-config.js';
import { resolve } from 'node:path';
import { Agent, errors as undiciErrors, request } from 'undici';
import { isRecord } from '../../core/pack/json.js';
import type { ProviderTarget } from '../../core/types.js';
import { errorDetail, readBounded } from './error-answer.js';
import { findLoneSurrogate, formatJsonPath, maySpellSurrogate } from '../../io/lone-surrogates.js';
import { parseRetryAfter } from '../../io/retry-after.js';
import type { ChatChunk, ChatCompletion, ChunkStream, ProbeResult, Provider, SecretSource } from './types.js';
import { targetTimeoutMs, timeoutError, UpstreamError } from './types.js';

/** Largest upstream answer accepted (plain or streamed); a runaway upstream cannot exhaust memory. */
export const MAX_UPSTREAM_BYTES = 32 * 1024 * 1024;

/**
 * How long the rest of a stream (a usage chunk, `[DONE]`) may take once its finish_reason has come (at most
 * the target's timeout_ms): the answer is whole by then, and its last characters are held back until the
 * stream ends (see stream()).
 */
const STREAM_TAIL_MS = 2_000;

class TailTimeout extends Error {}

/** `promise`, or a TailTimeout after `ms`. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TailTimeout()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** How long a /health probe (GET /models) may take in all. */
const PROBE_TIMEOUT_MS = 5_000;

/** Default base URLs of providers that speak the OpenAI wire format. */
const DEFAULT_BASE: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  xai: 'https://api.x.ai/v1',
  localai: 'http://127.0.0.1:8080/v1',
};

/** `https://api.openai.com` and `https://api.openai.com/v1` both mean the v1 API root. */
export function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

export interface OpenAiOptions {
  baseDir: string;
  secrets: SecretSource;
  clientCert?: { cert: Buffer; key: Buffer };
}

export class OpenAiCompatibleProvider implements Provider {
  readonly id: string;
  readonly provider: string;
  readonly model: string | undefined;
  readonly storeRef: string | undefined;
  readonly envRef: string | undefined;
  private readonly root: string;
  private readonly agent: Agent;
  private readonly timeoutMs: number;

  constructor(
    target: ProviderTarget,
    private readonly options: OpenAiOptions,
  ) {
    this.id = target.id;
    this.provider = target.provider;
    this.model = target.model;
    this.storeRef = target.secret_key_ref?.store;
    this.envRef = target.secret_key_ref?.env;
    const base = target.base_url ?? DEFAULT_BASE[target.provider];
    if (base === undefined)
      throw new Error(`providers.targets[${target.id}]: provider "${target.provider}" needs a base_url`);
    const url = new URL(base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`providers.targets[${target.id}].base_url must be http(s)`);
    this.root = apiRoot(url.toString());
    this.timeoutMs = targetTimeoutMs(target.extra);
    const caFile = target.tls?.ca_file;
    let ca: Buffer | undefined;
    if (caFile !== undefined) {
      try {
        // Sync (a constructor), so a FIFO is refused rather than waited on: that would stop the process.
        ca = readRegularFileSync(resolve(options.baseDir, caFile), MAX_PEM_BYTES);
      } catch (e) {
        // Named as written in the pack, in words (it was Node's `ENOENT: ..., open '/abs/path'`).
        throw new Error(`providers.targets[${target.id}].tls.ca_file: cannot read ${caFile}: ${describeFsError(e)}`);
      }
      // A file with no certificate in it replaces the system roots with nothing: every call failed verification.
      if (!holdsCertificate(ca))
        throw new Error(`providers.targets[${target.id}].tls.ca_file: ${caFile} holds no PEM certificate`);
    }
    this.agent = new Agent({
      connect: {
        timeout: Math.min(10_000, this.timeoutMs),
        rejectUnauthorized: target.tls?.verify !== false,
        ...(ca ? { ca } : {}),
        ...(options.clientCert ?? {}),
      },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 10_000,
      connections: 64,
    });
    this.ref = target.secret_key_ref;
  }

  private readonly ref: ProviderTarget['secret_key_ref'];

  private secret(): string | undefined {
    if (this.ref?.env !== undefined) return this.options.secrets.env[this.ref.env] || undefined;
    if (this.ref?.store !== undefined) return this.options.secrets.store(this.ref.store);
    return undefined;
  }

  configured(): { ok: boolean; error?: string } {
    if (this.ref === undefined) return { ok: true };
    if (this.secret() !== undefined) return { ok: true };
    return {
      ok: false,
      error:
        this.ref.env !== undefined
          ? `environment variable ${this.ref.env} is not set`
          : `config variable ${this.ref.store} is not set`,
    };
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    const key = this.secret();
    if (this.ref !== undefined && key === undefined) {
      throw new UpstreamError('unconfigured', `provider ${this.id}: ${this.configured().error}`);
    }
    if (key !== undefined) h.authorization = `Bearer ${key}`;
    return h;
  }

  private async post(body: Record<string, unknown>, signal: AbortSignal) {
    const headers = this.headers({ 'content-type': 'application/json' });
    const payload = { ...body, ...(body.model === undefined && this.model !== undefined ? { model: this.model } : {}) };
    try {
      const res = await request(`${this.root}/chat/completions`, {
        method: 'POST',
        dispatcher: this.agent,
        headers,
        body: JSON.stringify(payload),
        // timeout_ms bounds the wait for the headers and between body chunks (the agent's headersTimeout and
        // bodyTimeout), not the whole call: a long generation that keeps streaming is not cut. (A total
        // deadline here once aborted every stream after timeout_ms; it also cost two signals per call.)
        signal,
      });
      if (res.statusCode < 200 || res.statusCode >= 300) {
        // A refusal (4xx) is handed back to the client with the upstream's error object; a 5xx is the
        // gateway's 502, which never shows the upstream body, so it is not read.
        const text =
          res.statusCode >= 400 && res.statusCode < 500
            ? await readBounded(res.body).catch(() => undefined)
            : undefined;
        if (text === undefined) await res.body.dump().catch(() => {});
        const key = this.secret();
        const retryAfter = parseRetryAfter(res.headers['retry-after'], Date.now());
        throw new UpstreamError(
          'status',
          `provider ${this.id} answered HTTP ${res.statusCode}`,
          res.statusCode,
          retryAfter,
          errorDetail(text, key === undefined ? [] : [key]),
        );
      }
      return res;
    } catch (e) {
      throw this.mapError(e);
    }
  }

  private mapError(e: unknown): UpstreamError {
    if (e instanceof UpstreamError) return e;
    const err = e as { name?: string; code?: string; cause?: { code?: string } };
    if (
      err.name === 'TimeoutError' ||
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      e instanceof undiciErrors.ConnectTimeoutError
    ) {
      return timeoutError(this.id, this.timeoutMs);
    }
    if (err.name === 'AbortError') return new UpstreamError('unavailable', `call to provider ${this.id} was cancelled`);
    const code = err.code ?? err.cause?.code ?? 'error';
    const tlsHint = /CERT|SSL|TLS|SELF_SIGNED|VERIFY|LEAF|ISSUER/i.test(code)
      ? ' (certificate verification failed)'
      : '';
    return new UpstreamError(
      'unavailable',
      `provider ${this.id} is unreachable: ${describeConnectError(code)}${tlsHint}`,
    );
  }

  async complete(body: Record<string, unknown>, signal: AbortSignal): Promise<ChatCompletion> {
    const res = await this.post({ ...body, stream: false }, signal);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const part of res.body) {
        size += (part as Buffer).length;
        if (size > MAX_UPSTREAM_BYTES) {
          res.body.destroy();
          throw new UpstreamError(
            'protocol',
            `provider ${this.id} answered with more than ${MAX_UPSTREAM_BYTES} bytes`,
          );
        }
        chunks.push(part as Buffer);
      }
    } catch (e) {
      throw this.mapError(e);
    }
    let answer: unknown;
    const text = Buffer.concat(chunks, size).toString('utf8');
    try {
      answer = JSON.parse(text);
    } catch {
      throw new UpstreamError('protocol', `provider ${this.id} answered with invalid JSON`);
    }
    const lone = loneSurrogate(text, answer);
    if (lone !== undefined) throw new UpstreamError('protocol', `provider ${this.id} answered with ${lone}`);
    // The answer is what the client gets and what output policies check: one that is not a completion (no
    // `choices`, e.g. an error body sent with 200) would pass them with nothing to check, as a 200.
    const choices = (answer as { choices?: unknown } | null)?.choices;
    if (!isRecord(answer) || !Array.isArray(choices) || !choices.every(isRecord)) {
      throw new UpstreamError('protocol', `provider ${this.id} answered without a choices array of objects`);
    }
    // A choice's `message` is what the checks read (its content, refusal, reasoning, tool calls): one that is
    // no object (`null`, a bare string) would reach the client unchecked, and `null` failed the gateway with
    // a 500 and no event.
    if (choices.some((c) => c.message !== undefined && !isRecord(c.message))) {
      throw new UpstreamError('protocol', `provider ${this.id} answered with a choice whose message is not an object`);
    }
    return answer as ChatCompletion;
  }

  async *stream(body: Record<string, unknown>, signal: AbortSignal): ChunkStream {
    const res = await this.post({ ...body, stream: true }, signal);
    let buffer = '';
    let total = 0;
    let finished = false;
    const decoder = new TextDecoder();
    // One `data:` line: undefined for a blank one, 'done' for [DONE], else the chunk. An `error` event (what
    // OpenAI-compatible servers send when generation fails after the 200) fails the call: passed over, it
    // left a cut answer that the client got with finish_reason "stop" and [DONE], recorded as an allow.
    const parse = (line: string): ChatChunk | 'done' | undefined => {
      if (!line.startsWith('data:')) return undefined;
      const data = line.slice(5).trim();
      if (data === '[DONE]') return 'done';
      if (data === '') return undefined;
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch {
        throw new UpstreamError('protocol', `provider ${this.id} sent an invalid stream chunk`);
      }
      const lone = loneSurrogate(data, chunk);
      if (lone !== undefined)
        throw new UpstreamError('protocol', `provider ${this.id} sent a stream chunk with ${lone}`);
      // `choices` that is not a list (absent or null in a usage-only chunk is fine) is no chunk either: read
      // on, it threw a TypeError, answered as "provider ... is unreachable: error" and shown so in /health.
      if (
        chunk === null ||
        typeof chunk !== 'object' ||
        Array.isArray(chunk) ||
        (chunk.choices != null && !Array.isArray(chunk.choices))
      )
        throw new UpstreamError('protocol', `provider ${this.id} sent an invalid stream chunk`);
      // A delta that is no object (a bare string, a list) is no delta either: read on, its characters went to
      // the client as fields `"0"`, `"1"`, ... that no check read.
      if (chunk.choices?.some((c) => isRecord(c) && c.delta != null && !isRecord(c.delta)))
        throw new UpstreamError('protocol', `provider ${this.id} sent a stream chunk whose delta is not an object`);
      if (chunk.error !== undefined && chunk.error !== null && !Array.isArray(chunk.choices)) {
        throw new UpstreamError('status', `provider ${this.id} reported an error in the middle of its stream`);
      }
      if (chunk.choices?.some((c) => c?.finish_reason)) finished = true;
      return chunk;
    };
    const parts = res.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const tailMs = Math.min(STREAM_TAIL_MS, this.timeoutMs);
    try {
      for (;;) {
        let read: IteratorResult<Buffer>;
        try {
          read = await (finished ? withinMs(parts.next(), tailMs) : parts.next());
        } catch (e) {
          // The finish_reason came, so the answer is whole; what was still due is a usage chunk and [DONE].
          // A connection that breaks (or goes quiet) now does not make a complete answer a failed one: the
          // client's stream ends as a complete answer, and the gateway logs what happened. (It was a 502 or,
          // after timeout_ms of waiting with the end of the answer held back, a 504.) A cancelled call stays
          // cancelled: the client left, or the gateway is stopping.
          if (!finished || signal.aborted) throw e;
          // The read still pending would hold the finally's return() (an async generator queues it) for timeout_ms.
          res.body.destroy();
          const err = e as { name?: string; code?: string; cause?: { code?: string } };
          const why =
            e instanceof TailTimeout
              ? `nothing more came within ${tailMs} ms`
              : `the connection failed (${err.code ?? err.cause?.code ?? err.name ?? 'error'})`;
          return { note: `provider ${this.id} sent no [DONE] after its finish_reason: ${why}` };
        }
        if (read.done === true) break;
        total += read.value.length;
        if (total > MAX_UPSTREAM_BYTES)
          throw new UpstreamError('protocol', `provider ${this.id} streamed more than ${MAX_UPSTREAM_BYTES} bytes`);
        buffer += decoder.decode(read.value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          const chunk = parse(line);
          if (chunk === 'done') return undefined;
          if (chunk !== undefined) yield chunk;
        }
        if (buffer.length > 1024 * 1024)
          throw new UpstreamError('protocol', `provider ${this.id} sent an oversized stream line`);
      }
      // A last line without its newline still counts.
      const last = parse((buffer + decoder.decode()).replace(/\r$/, ''));
      if (last === 'done') return undefined;
      if (last !== undefined) yield last;
    } catch (e) {
      throw this.mapError(e);
    } finally {
      // Stops reading (and frees the connection) when the stream is left early, as a for-await loop would.
      await parts.return?.().catch(() => {});
    }
    // Without [DONE] and without a finish_reason the answer was cut (or was no event stream at all, e.g. a
    // JSON body for a stream request): passing it on would end the client's stream as if it were complete.
    if (!finished)
      throw new UpstreamError('protocol', `provider ${this.id} ended its stream before the answer was complete`);
    return undefined;
  }

  async probe(): Promise<ProbeResult> {
    const conf = this.configured();
    if (!conf.ok) return { status: 'unconfigured', latency_ms: null, error: conf.error! };
    const t0 = performance.now();
    try {
      const res = await request(`${this.root}/models`, {
        method: 'GET',
        dispatcher: this.agent,
        headers: this.headers(),
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await res.body.dump().catch(() => {});
      const latency = Math.round(performance.now() - t0);
      if (res.statusCode >= 500) return { status: 'unreachable', latency_ms: latency, error: `HTTP ${res.statusCode}` };
      // A redirect (an SSO page, a moved host) is followed by no call: every completion to the target fails
      // (502), so the probe says so too, as a failed call does (provider-health.ts). It said `reachable`, and
      // `kt health --verbose` after a rotation passed while every request failed.
      if (res.statusCode >= 300 && res.statusCode < 400)
        return {
          status: 'unreachable',
          latency_ms: latency,
          error: `HTTP ${res.statusCode}: a redirect, which the gateway does not follow (check base_url)`,
        };
      if (res.statusCode === 401 || res.statusCode === 403)
        return { status: 'reachable', latency_ms: latency, error: `key rejected (HTTP ${res.statusCode})` };
      return { status: 'reachable', latency_ms: latency };
    } catch (e) {
      // The probe's own deadline, not timeout_ms: mapError would name timeout_ms (60 s by default) after 5 s.
      if ((e as { name?: string }).name === 'TimeoutError')
        return {
          status: 'unreachable',
          latency_ms: null,
          error: `provider ${this.id} did not answer the probe within ${PROBE_TIMEOUT_MS} ms`,
        };
      return { status: 'unreachable', latency_ms: null, error: this.mapError(e).message };
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => {});
  }
}

/**
 * Half a character in an upstream's JSON (a `\ud800` escape without its other half, in a value or a key),
 * described for the error; undefined when there is none. It is no text: passed on, the client got the
 * escape back, and the output checks read the value split in two, as they would a request's (an address
 * around it went out unredacted; io/lone-surrogates.ts). The client cannot fix it, so it is a protocol
 * error of the upstream (502 / the stream's error event `upstream_protocol`), as invalid JSON is; a stream
 * chunk is JSON text of its own, so a pair split between two chunks is no exception. The field is named
 * when its path is the answer's own shape (keys that are identifiers), never the upstream's text.
 */
function loneSurrogate(json: string, value: unknown): string | undefined {
  if (!maySpellSurrogate(json)) return undefined;
  const lone = findLoneSurrogate(value);
  if (lone === undefined) return undefined;
  const path = formatJsonPath(lone.key ? lone.path.slice(0, -1) : lone.path);
  const where = path.includes('"')
    ? ''
    : lone.key
      ? ` in a key of ${path === '' ? 'the top object' : `'${path}'`}`
      : ` at '${path}'`;
  return `a lone UTF-16 surrogate (${lone.escape}, half a character, which is no text)${where}`;
}
