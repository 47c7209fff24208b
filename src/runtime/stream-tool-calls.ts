/**
 * The tool calls of a streamed answer, put together from their deltas. OpenAI streams a call's id and
 * name first and its arguments in pieces, each piece tagged with the call's `index` (a custom tool call's
 * `custom: {name, input}` likewise); the legacy `function_call` streams the same way without an index. A call can be checked (agent firewall, PII and
 * DLP on its arguments) only once its last piece is in, so a gateway that checks answers holds the calls
 * until the stream ends and sends each whole, or blocks the answer instead. A `refusal` (the model's
 * own explanation of why it will not answer) is held likewise: it is answer text, checked and redacted
 * like content, and short. So are OpenRouter's `reasoning_details` (`[{type, text | summary | data, signature,
 * index, ...}]`): they repeat the reasoning that streams as `reasoning` text (checked and forwarded as it
 * comes, stream-completion.ts), so they go out whole, as the check left their text (without the signature
 * of an entry whose text it changed), with the calls.
 */
import { unsignedWhereChanged } from './answer-fields.js';
import { isRecord } from '../core/pack/json.js';

interface HeldCall {
  index: number;
  id?: string;
  type: string;
  /** `custom`: an OpenAI custom tool call, `{custom: {name, input}}` (its input held in `arguments`). */
  body: 'function' | 'custom';
  name: string;
  arguments: string;
}

/** The fields of a `reasoning_details` entry whose pieces are joined; the others take their latest value. */
const DETAIL_JOINED = new Set(['text', 'summary', 'data', 'signature']);

/** Longest `arguments` kept per call (a runaway upstream cannot make the gateway hold unbounded text). */
const MAX_ARGUMENTS = 1 << 20;

/**
 * Most calls and `reasoning_details` entries held (distinct indexes): a model makes a few parallel calls, not
 * thousands. Each held entry costs some hundred bytes, and its copies for the check more, so an upstream that
 * streamed 2 million one-field calls in its 32 MiB held over 500 MB for seconds of CPU before the check refused
 * the answer.
 */
export const MAX_HELD_ENTRIES = 1024;

export class StreamedToolCalls {
  private readonly calls = new Map<number, HeldCall>();
  private legacy: { name: string; arguments: string } | undefined;
  private refusal: string | undefined;
  private readonly details = new Map<number, Record<string, unknown>>();
  /** The index of the call the last tool-call piece went to, the calls' ids and the next free index (see unindexed). */
  private lastCall: number | undefined;
  private readonly callIds = new Map<string, number>();
  private nextIndex = 0;
  /** An upstream sent more than the gateway holds: the answer is refused rather than cut. */
  overflow = false;

  get empty(): boolean {
    return this.calls.size === 0 && this.legacy === undefined && this.refusal === undefined && this.details.size === 0;
  }

  /** Takes the tool-call and refusal parts of `delta`; returns what is left of it to forward (undefined when nothing). */
  take(delta: Record<string, unknown>): Record<string, unknown> | undefined {
    const {
      tool_calls: toolCalls,
      function_call: functionCall,
      refusal,
      reasoning_details: details,
      role: _role,
      content: _content,
      ...rest
    } = delta;
    if (typeof refusal === 'string') this.refusal = this.grow(this.refusal ?? '', refusal);
    if (Array.isArray(toolCalls)) {
      for (const [k, piece] of toolCalls.entries()) {
        if (!isRecord(piece)) continue;
        const index = typeof piece.index === 'number' ? piece.index : this.unindexed(piece.id, k === 0);
        if (!this.calls.has(index) && !this.roomForEntry()) break;
        const call = this.calls.get(index) ?? { index, type: 'function', body: 'function', name: '', arguments: '' };
        if (typeof piece.id === 'string') {
          call.id = piece.id;
          this.callIds.set(piece.id, index);
        }
        this.nextIndex = Math.max(this.nextIndex, index + 1);
        if (typeof piece.type === 'string') call.type = piece.type;
        if (isRecord(piece.custom)) call.body = 'custom';
        const fn = isRecord(piece.function) ? piece.function : {};
        const custom = isRecord(piece.custom) ? piece.custom : {};
        for (const name of [fn.name, custom.name]) if (typeof name === 'string') call.name = this.grow(call.name, name);
        for (const more of [fn.arguments, custom.input])
          if (typeof more === 'string') call.arguments = this.grow(call.arguments, more);
        this.calls.set(index, call);
        this.lastCall = index;
      }
    }
    if (Array.isArray(details)) {
      for (const piece of details) {
        if (!isRecord(piece)) continue;
        const index = typeof piece.index === 'number' ? piece.index : this.details.size;
        if (!this.details.has(index) && !this.roomForEntry()) break;
        const held = this.details.get(index) ?? {};
        for (const [k, v] of Object.entries(piece)) {
          if (k === 'index') continue;
          held[k] = DETAIL_JOINED.has(k) && typeof v === 'string' ? this.grow(String(held[k] ?? ''), v) : v;
        }
        this.details.set(index, held);
      }
    }
    if (isRecord(functionCall)) {
      const held = (this.legacy ??= { name: '', arguments: '' });
      if (typeof functionCall.name === 'string') held.name = this.grow(held.name, functionCall.name);
      if (typeof functionCall.arguments === 'string')
        held.arguments = this.grow(held.arguments, functionCall.arguments);
    }
    return Object.keys(rest).length > 0 ? rest : undefined;
  }

  /** The calls as fields of the answer's message, for the check. */
  messageFields(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (this.calls.size > 0)
      fields.tool_calls = this.ordered().map((c) => ({
        ...(c.id === undefined ? {} : { id: c.id }),
        type: c.type,
        ...(c.body === 'custom'
          ? { custom: { name: c.name, input: c.arguments } }
          : { function: { name: c.name, arguments: c.arguments } }),
      }));
    if (this.legacy !== undefined) fields.function_call = { ...this.legacy };
    if (this.refusal !== undefined) fields.refusal = this.refusal;
    if (this.details.size > 0) fields.reasoning_details = this.orderedDetails().map(([, d]) => ({ ...d }));
    return fields;
  }

  /**
   * The delta that sends every call whole, with the arguments as the check left them (`checkedMessage`:
   * the message of the checked answer, where redaction wrote).
   */
  delta(checkedMessage: unknown): Record<string, unknown> {
    const checked = isRecord(checkedMessage) ? checkedMessage : {};
    const out: Record<string, unknown> = {};
    if (this.calls.size > 0) {
      const checkedCalls = Array.isArray(checked.tool_calls) ? checked.tool_calls : [];
      out.tool_calls = this.ordered().map((c, k) => {
        const checkedCall = isRecord(checkedCalls[k]) ? checkedCalls[k] : {};
        const fn = isRecord(checkedCall[c.body]) ? (checkedCall[c.body] as Record<string, unknown>) : {};
        const written = c.body === 'custom' ? fn.input : fn.arguments;
        const args = typeof written === 'string' ? written : c.arguments;
        return {
          index: c.index,
          ...(c.id === undefined ? {} : { id: c.id }),
          type: c.type,
          ...(c.body === 'custom'
            ? { custom: { name: c.name, input: args } }
            : { function: { name: c.name, arguments: args } }),
        };
      });
    }
    if (this.legacy !== undefined) {
      const fn = isRecord(checked.function_call) ? checked.function_call : {};
      out.function_call = {
        name: this.legacy.name,
        arguments: typeof fn.arguments === 'string' ? fn.arguments : this.legacy.arguments,
      };
    }
    if (this.refusal !== undefined) out.refusal = typeof checked.refusal === 'string' ? checked.refusal : this.refusal;
    if (this.details.size > 0) {
      const checkedDetails = Array.isArray(checked.reasoning_details) ? checked.reasoning_details : [];
      const held = this.orderedDetails().map(([index, d]) => ({ ...d, index }));
      const entries = held.map((d, k) => {
        const written = isRecord(checkedDetails[k]) ? checkedDetails[k] : {};
        const entry: Record<string, unknown> = { ...d };
        for (const key of ['text', 'summary'] as const) if (typeof written[key] === 'string') entry[key] = written[key];
        return entry;
      });
      // A signature no longer certifies text the check redacted (unsignedWhereChanged).
      out.reasoning_details = unsignedWhereChanged(held, entries);
    }
    return out;
  }

  private orderedDetails(): Array<[number, Record<string, unknown>]> {
    return [...this.details.entries()].sort((a, b) => a[0] - b[0]);
  }

  private ordered(): HeldCall[] {
    return [...this.calls.values()].sort((a, b) => a.index - b.index);
  }

  /**
   * The call a piece without an `index` belongs to. Some OpenAI-compatible upstreams stream calls without
   * one: a piece with a call id not seen yet starts a call, a piece with the id of a held call continues it,
   * and a piece without an id continues the last call, when it is the first piece of its delta (`first`; the
   * pieces of one delta's list are different calls). Taken as a new call each, the pieces of
   * one call (its name split mid-word, its arguments in parts) were checked, and sent on, as several calls:
   * `sea` + `rch` for `search`, and arguments no call could read.
   */
  private unindexed(id: unknown, first: boolean): number {
    if (typeof id === 'string') {
      const held = this.callIds.get(id);
      if (held !== undefined) return held;
    } else if (first && this.lastCall !== undefined) return this.lastCall;
    return this.nextIndex;
  }

  /** False (and `overflow` set) once MAX_HELD_ENTRIES calls and reasoning_details entries are held. */
  private roomForEntry(): boolean {
    if (this.calls.size + this.details.size < MAX_HELD_ENTRIES) return true;
    this.overflow = true;
    return false;
  }

  private grow(held: string, more: string): string {
    if (held.length + more.length > MAX_ARGUMENTS) {
      this.overflow = true;
      return held;
    }
    return held + more;
  }
}
