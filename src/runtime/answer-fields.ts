/**
 * Fields of an upstream's answer that the gateway passes on beside the text it checks.
 *
 * A plain answer goes out as the upstream sent it, less what the checks changed; once they changed anything
 * in its message, its `logprobs` are cut where they stop spelling the unchanged start of the answer
 * (checkedLogprobs) and its `token_ids` are left out (SPELLING). Stream chunks are re-emitted
 * by the gateway (docs/gateway.md, "Streaming"):
 * - chunk fields it does not rewrite (`system_fingerprint`, `service_tier`, a provider's own extensions)
 *   go on every chunk it sends, with the latest value the upstream gave;
 * - choice fields other than `index`, `delta`, `finish_reason` and `logprobs` (vLLM's `stop_reason`, ...)
 *   go on the chunk they came with, the last one for those of the upstream's finishing chunk;
 * - `logprobs` carry the answer's tokens as text (`token`, `bytes`, `top_logprobs`), so they go out only
 *   with text the client gets unchanged (HeldLogprobs); `token_ids` spell it too (SPELLING).
 */
import { isRecord } from '../core/pack/json.js';

/** Chunk fields the gateway writes itself. */
const CHUNK_OWN = new Set(['id', 'object', 'created', 'model', 'choices', 'usage', 'error']);
/** Choice fields the gateway writes itself. */
const CHOICE_OWN = new Set(['index', 'delta', 'finish_reason', 'logprobs']);

const rest = (value: Record<string, unknown>, own: ReadonlySet<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!own.has(k)) out[k] = v;
  return out;
};

/** The chunk's fields the gateway does not rewrite. */
export const chunkExtras = (chunk: Record<string, unknown>): Record<string, unknown> => rest(chunk, CHUNK_OWN);

/**
 * Choice fields that spell the generated text: vLLM's `token_ids` (`return_token_ids`), which the model's
 * public tokenizer turns back into text. They cannot be cut to a checked text as logprobs are (an id has no
 * text here), so they go only with an answer the checks did not change: a plain answer's when its message is
 * as the upstream sent it, a stream's never when answers are checked (its text goes out re-chunked, after
 * checks that may change it).
 */
const SPELLING = new Set(['token_ids']);

/** The choice's fields the gateway does not rewrite (logprobs apart); `checked`: less those that spell the text. */
export const choiceExtras = (choice: unknown, checked = false): Record<string, unknown> => {
  if (!isRecord(choice)) return {};
  const out = rest(choice, CHOICE_OWN);
  if (checked) for (const k of SPELLING) delete out[k];
  return out;
};

/** Whether `choice` carries fields that spell its text (SPELLING). */
export const spellsText = (choice: object): boolean => [...SPELLING].some((k) => k in choice);

/** `choice` without the fields that spell its text (SPELLING). */
export function withoutSpelling<T extends object>(choice: T): T {
  const out: Record<string, unknown> = { ...(choice as Record<string, unknown>) };
  for (const k of SPELLING) delete out[k];
  return out as T;
}

/**
 * The logprobs of a streamed answer whose text is checked (and may be redacted) before it goes out, per text
 * field: vLLM puts on a reasoning chunk the logprobs of its reasoning tokens, on an answer chunk those of its
 * answer. Each upstream chunk's entries are held with the field they spell and the position where its text
 * ends there, and released with the text that covers them, as long as that field's text released so far is
 * exactly the upstream's. From the first place a redaction changed a field's text on, no more of its entries
 * are released: their tokens would give back what was redacted, and they no longer line up with the text.
 * The entries of a chunk that writes two texts at once spell both, in an order the chunk does not say, so
 * from such a chunk on none are released. (`refusal` logprobs are never passed when answers are checked:
 * the refusal itself is held and checked whole.)
 */
export class HeldLogprobs {
  private readonly fields = new Map<
    string,
    { held: Array<{ end: number; entries: unknown[] }>; same: number; changed: boolean }
  >();
  private stopped = false;
  /** Whether the upstream sent logprobs at all (then every text chunk sent carries a logprobs object). */
  seen = false;

  /**
   * The `logprobs` of an upstream chunk whose text is `pieces` (by field), each ending at `ends(field)` of the
   * upstream's text of that field. Pieces that repeat one text under several names (vLLM's `reasoning` and
   * `reasoning_content`) are one text: its logprobs go with the first name.
   */
  add(logprobs: unknown, pieces: Readonly<Record<string, string | undefined>>, ends: (key: string) => number): void {
    if (!isRecord(logprobs)) return;
    this.seen = true;
    if (this.stopped || !Array.isArray(logprobs.content) || logprobs.content.length === 0) return;
    const keys = Object.keys(pieces);
    const key = keys[0];
    if (key === undefined) return;
    if (keys.some((k) => pieces[k] !== pieces[key])) {
      this.stopped = true;
      this.fields.clear();
      return;
    }
    const field = this.fields.get(key) ?? { held: [], same: 0, changed: false };
    this.fields.set(key, field);
    if (!field.changed) field.held.push({ end: ends(key), entries: logprobs.content });
  }

  /**
   * The entries that go out with the text of field `key` up to `upTo` of `text` (its checked text); `raw` is
   * the upstream's.
   */
  release(key: string, upTo: number, text: string, raw: string): unknown[] {
    const out: unknown[] = [];
    const field = this.fields.get(key);
    if (field === undefined || field.changed) return out;
    const limit = Math.min(upTo, text.length, raw.length);
    let same = field.same;
    while (same < limit && text.charCodeAt(same) === raw.charCodeAt(same)) same++;
    field.same = same;
    while (field.held.length > 0 && field.held[0]!.end <= same) out.push(...field.held.shift()!.entries);
    // The text differs from the upstream's before `upTo` (or is longer): a redaction. Nothing more of this field.
    if (same < upTo) {
      field.changed = true;
      field.held = [];
    }
    return out;
  }
}

/**
 * A plain answer's `logprobs` for its checked message. Unchanged when the checks left the message as the
 * upstream sent it. Else the entries are kept only as long as their tokens spell out the start of the answer's
 * text that the checks left unchanged: the first that does not is cut with all after it. That covers a
 * redaction in the answer (the rest would give back what was redacted) and one anywhere else in the message:
 * vLLM's logprobs spell every token the model wrote, its reasoning's (and a tool call's) before its answer's,
 * so an answer left as it was still has logprobs that give back a redacted reasoning. `refusal` entries follow
 * the same rule against the refusal.
 */
export function checkedLogprobs(
  logprobs: unknown,
  raw: Record<string, unknown>,
  checked: Record<string, unknown>,
): unknown {
  if (!isRecord(logprobs) || JSON.stringify(raw) === JSON.stringify(checked)) return logprobs;
  const out: Record<string, unknown> = { ...logprobs };
  for (const key of ['content', 'refusal'] as const) {
    const entries = logprobs[key];
    if (Array.isArray(entries)) out[key] = spelled(entries, raw[key], checked[key]);
  }
  return out;
}

/** The leading `entries` whose tokens, one after another, spell the part of `raw` that `checked` kept as it was. */
function spelled(entries: readonly unknown[], raw: unknown, checked: unknown): unknown[] {
  if (typeof raw !== 'string' || typeof checked !== 'string') return [];
  const before = commonPrefix(raw, checked);
  const kept: unknown[] = [];
  let end = 0;
  for (const entry of entries) {
    const token = isRecord(entry) && typeof entry.token === 'string' ? entry.token : undefined;
    if (token === undefined || end + token.length > before || !raw.startsWith(token, end)) break;
    end += token.length;
    kept.push(entry);
  }
  return kept;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The fields of a signed entry that carry text the checks read (and may redact): `text` and `summary` of a
 * `reasoning_details` entry, `thinking` of an Anthropic-style thinking content part.
 */
const SIGNED_TEXTS = ['text', 'summary', 'thinking'] as const;

/**
 * `checked` (the `reasoning_details` of a message, or its content parts, as the checks left them) without
 * the `signature` of each entry whose text, summary or thinking differs from the upstream's (or the
 * client's, in a request) entry `raw` at the same place. A signature certifies the provider's exact text
 * (Anthropic's signed thinking, passed on by OpenRouter or written as a `{type: 'thinking', thinking,
 * signature}` part); paired with text kt redacted it is refused for certain when it goes back with the next
 * turn, so the entry goes without it (docs/gateway.md, "Signed reasoning"). Entries left as they were keep
 * theirs.
 */
export function unsignedWhereChanged(raw: unknown, checked: unknown): unknown {
  if (!Array.isArray(checked)) return checked;
  const before = Array.isArray(raw) ? raw : [];
  let out: unknown[] | undefined;
  checked.forEach((entry, k) => {
    if (!isRecord(entry) || !('signature' in entry)) return;
    const was = isRecord(before[k]) ? before[k] : {};
    if (SIGNED_TEXTS.every((f) => entry[f] === was[f])) return;
    const { signature: _signature, ...rest } = entry;
    out ??= [...checked];
    out[k] = rest;
  });
  return out ?? checked;
}
