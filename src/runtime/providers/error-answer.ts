/**
 * What an upstream said when it refused a call with a non-2xx status: its error object, read bounded and
 * sanitised, so the gateway can hand a client's own mistakes (a 400 invalid request, a 404 unknown model,
 * a 429) back to it in the OpenAI shape it can act on (docs/http-api.md, "Upstream errors").
 *
 * Sanitising: only `message`, `type`, `code` and `param` are kept; `type` and `code` must be plain
 * identifiers (anything else is dropped), `message` and `param` lose control characters, every secret
 * the gateway knows for the call (the provider key) and anything shaped like a key or bearer token, and
 * are cut to a bounded length; a half character (a lone surrogate escape, or a pair the cut split) is
 * shown as U+FFFD, as the text is edited for display already and half a character is none. A body larger
 * than MAX_ERROR_BODY_BYTES is not read on (and not parsed).
 */
import { maskSecrets } from '../../schema/rules/secrets.js';
import { isRecord } from '../../core/pack/json.js';
import { LONE_SURROGATE } from '../../io/text-decoding.js';

/** Most of an error body read; OpenAI's error objects are a few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_CHARS = 1024;
const MAX_PARAM_CHARS = 256;
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,64}$/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The upstream's error object as a client may see it (all fields already sanitised). */
export interface UpstreamErrorDetail {
  message?: string;
  type?: string;
  code?: string;
  param: string | null;
}

/** Reads at most `limit` bytes of a body; undefined (and the body destroyed) when it is larger. */
export async function readBounded(
  body: AsyncIterable<unknown> & { destroy(): unknown },
  limit = MAX_ERROR_BODY_BYTES,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const part of body) {
    const chunk = part as Buffer;
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** `text` fit to show a client: no control characters, no secret, at most `max` characters. */
export function sanitiseText(text: string, secrets: readonly string[], max: number): string {
  // eslint-disable-next-line no-control-regex
  let out = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  out = maskSecrets(out).replace(/\b(Bearer\s+)[^\s"',;]+/gi, '$1[REDACTED]');
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  return out.replace(LONE_SURROGATES, '\ufffd');
}

/**
 * The error object of an upstream's error body: OpenAI's `{error: {message, type, code, param}}`, the
 * `{error: "text"}` some servers send, or vLLM's top-level `{object: "error", message, type, code}`.
 * Undefined when the body is none of these (HTML from a proxy, an empty body, invalid JSON).
 */
export function errorDetail(text: string | undefined, secrets: readonly string[]): UpstreamErrorDetail | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const source = isRecord(parsed.error)
    ? parsed.error
    : typeof parsed.error === 'string'
      ? { message: parsed.error }
      : typeof parsed.message === 'string'
        ? parsed
        : undefined;
  if (source === undefined) return undefined;
  const detail: UpstreamErrorDetail = { param: null };
  if (typeof source.message === 'string' && source.message.trim() !== '')
    detail.message = sanitiseText(source.message, secrets, MAX_MESSAGE_CHARS);
  if (typeof source.type === 'string' && IDENTIFIER.test(source.type)) detail.type = source.type;
  if (typeof source.code === 'string' && IDENTIFIER.test(source.code)) detail.code = source.code;
  if (typeof source.param === 'string' && source.param !== '')
    detail.param = sanitiseText(source.param, secrets, MAX_PARAM_CHARS);
  return detail;
}
