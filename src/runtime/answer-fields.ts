/**
 * Fields of an upstream's answer that the gateway passes on beside the text it checks.
 *
 * A plain answer goes out as the upstream sent it, less what the checks changed; its `logprobs` are cut
 * where the checked text first differs from the upstream's (checkedLogprobs). Stream chunks are re-emitted
 * by the gateway (docs/gateway.md, "Streaming"):
 * - chunk fields it does not rewrite (`system_fingerprint`, `service_tier`, a provider's own extensions)
 *   go on every chunk it sends, with the latest value the upstream gave;
 * - choice fields other than `index`, `delta`, `finish_reason` and `logprobs` (vLLM's `stop_reason`, ...)
 *   go on the chunk they came with, the last one for those of the upstream's finishing chunk;
 * - `logprobs` carry the answer's tokens as text (`token`, `bytes`, `top_logprobs`), so they go out only
 *   with text the client gets unchanged (HeldLogprobs).
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** The choice's fields the gateway does not rewrite (logprobs apart). */
export const choiceExtras = (choice: unknown): Record<string, unknown> =>
  isObject(choice) ? rest(choice, CHOICE_OWN) : {};

/**
 * The logprobs of a streamed answer whose text is checked (and may be redacted) before it goes out. Each
 * upstream chunk's entries are held with the position where its text ends, and released with the text
 * that covers them, as long as the text released so far is exactly the upstream's. From the first place a
 * redaction changed the text on, no more entries are released: their tokens would give back what was
 * redacted, and they no longer line up with the text. (`refusal` logprobs are never passed when answers
 * are checked: the refusal itself is held and checked whole.)
 */
export class HeldLogprobs {
  private held: Array<{ end: number; entries: unknown[] }> = [];
  /** Length of the prefix of the released text known to equal the upstream's. */
  private same = 0;
  private stopped = false;
  /** Whether the upstream sent logprobs at all (then every text chunk sent carries a logprobs object). */
  seen = false;

  /** The `logprobs` of an upstream chunk whose text ends at `end` of the upstream's text. */
  add(logprobs: unknown, end: number): void {
    if (!isObject(logprobs)) return;
    this.seen = true;
    if (!this.stopped && Array.isArray(logprobs.content) && logprobs.content.length > 0)
      this.held.push({ end, entries: logprobs.content });
  }

  /** The entries that go out with the text up to `upTo` of `text` (the checked answer); `raw` is the upstream's. */
  release(upTo: number, text: string, raw: string): { content: unknown[]; refusal: null } {
    const limit = Math.min(upTo, text.length, raw.length);
    let same = this.same;
    while (same < limit && text.charCodeAt(same) === raw.charCodeAt(same)) same++;
    this.same = same;
    const out: unknown[] = [];
    while (this.held.length > 0 && this.held[0]!.end <= same) out.push(...this.held.shift()!.entries);
    if (same < upTo) {
      // The text differs from the upstream's before `upTo` (or is longer): a redaction.
      this.stopped = true;
      this.held = [];
    }
    return { content: out, refusal: null };
  }
}

/**
 * A plain answer's `logprobs` for its checked text: unchanged when the checks left the text as the upstream
 * sent it; else the entries whose tokens lie wholly before the first change (the rest would give back what
 * was redacted), and no `refusal` entries when the refusal changed.
 */
export function checkedLogprobs(
  logprobs: unknown,
  raw: { content?: unknown; refusal?: unknown },
  checked: { content?: unknown; refusal?: unknown },
): unknown {
  if (!isObject(logprobs)) return logprobs;
  const out: Record<string, unknown> = { ...logprobs };
  if (Array.isArray(logprobs.content) && checked.content !== raw.content) {
    const before =
      typeof raw.content === 'string' && typeof checked.content === 'string'
        ? commonPrefix(raw.content, checked.content)
        : 0;
    const kept: unknown[] = [];
    let end = 0;
    for (const entry of logprobs.content) {
      const token = isObject(entry) && typeof entry.token === 'string' ? entry.token : undefined;
      if (token === undefined || (end += token.length) > before) break;
      kept.push(entry);
    }
    out.content = kept;
  }
  if (logprobs.refusal !== undefined && logprobs.refusal !== null && checked.refusal !== raw.refusal)
    out.refusal = null;
  return out;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
