/**
 * Where the text of a payload lives, and a copy-on-write view of the payload that redaction rewrites.
 *
 * Scanners see a list of text segments, each with the JSON pointer of the string it came from
 * (`/messages/2/content`, `/messages/0/content/1/text`, `/upstream_response/choices/0/message/content`).
 * Redaction writes a new string back through `Workspace.setText`, which clones only the containers on
 * the path to that string: the caller's payload is never mutated, and an unredacted request costs no copy.
 */
import type { Payload } from '../types.js';
import { keepShape } from '../keep-shape.js';
import type { TextParts } from './redaction.js';
import { contentPartRuns } from './content-parts.js';

export interface TextSegment {
  /** JSON pointer of the string in the payload. */
  path: string;
  /** Path tokens from the payload root (the pointer, unescaped). */
  tokens: Array<string | number>;
  text: string;
  /** Role of the chat message the text belongs to, when it belongs to one. */
  role?: string;
  /** The text is (part of) a tool call's arguments: data for a tool, not prose of the conversation. */
  toolInput?: boolean;
  /**
   * The text is the model's reasoning (`reasoning_content`, `reasoning`, the `text` / `summary` of
   * `reasoning_details`): read by every check of what is said (the client reads it too), left out of the
   * answer that quality, grounding and format are measured on.
   */
  reasoning?: boolean;
}

/** Which texts a scanner wants. */
export type TextScope =
  /**
   * Every text the provider would receive: message contents and participant names (`name`), tool-call
   * arguments and inputs, prompt, the end-user id (`user`), `metadata` values, the descriptions and parameter schemas of declared tools,
   * predicted output (`prediction`) and a structured-output schema (`response_format.json_schema`).
   */
  | 'request'
  /**
   * Untrusted conversational input: the messages (tool-call arguments included) less system/developer
   * messages, prompt and input; not the request's own settings (user id, metadata, tool declarations).
   */
  | 'request-untrusted'
  /** The provider's answer (`upstream_response`). */
  | 'response';

export interface ToolCallRef {
  name: string;
  /** JSON pointer of the tool name. */
  path: string;
  /** Parsed arguments when they were a JSON object string. */
  args?: Record<string, unknown>;
  /**
   * The call carries arguments that are not a JSON object (invalid or cut-off JSON, an array, a number):
   * what they say cannot be checked, and a lenient client may still run the call with them.
   */
  argsUnreadable?: true;
  /** Where the call came from: a declared tool, a requested call, or a call in the model's answer. */
  source: 'declared' | 'call' | 'response';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const escapePointerToken = (t: string | number): string =>
  typeof t === 'number' ? String(t) : t.replace(/~/g, '~0').replace(/\//g, '~1');

export const pointerOf = (tokens: ReadonlyArray<string | number>): string =>
  tokens.length === 0 ? '' : '/' + tokens.map(escapePointerToken).join('/');

/**
 * A segment whose JSON pointer is built on first read: every policy lists the payload's texts on every
 * request, but only a finding or a caller that filters by path needs the pointer string.
 */
class PayloadSegment implements TextSegment {
  private pointer: string | undefined;
  declare role?: string;

  declare toolInput?: boolean;

  declare reasoning?: boolean;

  constructor(
    readonly tokens: Array<string | number>,
    readonly text: string,
    role: string | undefined,
    toolInput = false,
    reasoning = false,
  ) {
    if (role !== undefined) this.role = role;
    if (toolInput) this.toolInput = true;
    if (reasoning) this.reasoning = true;
  }

  get path(): string {
    return (this.pointer ??= pointerOf(this.tokens));
  }
}

function pushString(
  out: TextSegment[],
  value: unknown,
  tokens: Array<string | number>,
  role?: string,
  toolInput = false,
  reasoning = false,
): void {
  if (typeof value === 'string' && value.length > 0)
    out.push(new PayloadSegment(tokens, value, role, toolInput, reasoning));
}

/**
 * The fields where OpenAI-compatible upstreams put a model's reasoning beside its answer: `reasoning_content`
 * (DeepSeek, vLLM, ...) and `reasoning` (OpenRouter, newer vLLM, ...), each a string on the message and on a
 * streamed delta.
 */
export const REASONING_KEYS = ['reasoning_content', 'reasoning'] as const;

/**
 * The reasoning of a message: the REASONING_KEYS strings, and the `text` and `summary` of each entry of
 * OpenRouter's `reasoning_details` (`{type: 'reasoning.text' | 'reasoning.summary' | 'reasoning.encrypted',
 * text?, summary?, data?, signature?}`). The opaque `data` and `signature` are not prose: not read.
 */
function reasoningTexts(out: TextSegment[], m: Record<string, unknown>, at: Array<string | number>, role: string) {
  for (const key of REASONING_KEYS) pushString(out, m[key], [...at, key], role, false, true);
  const details = m.reasoning_details;
  if (!Array.isArray(details)) return;
  for (let k = 0; k < details.length; k++) {
    const d = details[k];
    if (!isObject(d)) continue;
    pushString(out, d.text, [...at, 'reasoning_details', k, 'text'], role, false, true);
    pushString(out, d.summary, [...at, 'reasoning_details', k, 'summary'], role, false, true);
  }
}

/**
 * Every string inside `value` (itself, or the leaves of an object or array), in document order: tool
 * inputs given as objects (`tool_use.input`) and `metadata`. Depth is bounded by checkPayloadBounds;
 * the cap here only keeps a caller that skipped it from recursing without end.
 */
function pushLeaves(
  out: TextSegment[],
  value: unknown,
  tokens: Array<string | number>,
  role: string | undefined,
  toolInput: boolean,
  depth = 0,
): void {
  if (typeof value === 'string') pushString(out, value, tokens, role, toolInput);
  else if (depth >= 64) return;
  else if (Array.isArray(value))
    for (let k = 0; k < value.length; k++) pushLeaves(out, value[k], [...tokens, k], role, toolInput, depth + 1);
  else if (isObject(value))
    for (const key of Object.keys(value)) pushLeaves(out, value[key], [...tokens, key], role, toolInput, depth + 1);
}

/** Per text part of a tool's result given as several parts, the run of consecutive parts it belongs to. */
const TOOL_RESULT_RUNS = new WeakMap<TextSegment, readonly TextSegment[]>();

/**
 * Notes the runs of consecutive text parts among out[from..] (a tool's result given as parts: a `tool`
 * message's content, a `tool_result` part's content, a `function_call_output`'s output), which the tool
 * wrote as one text: a JSON document may be cut anywhere between them (see text-scan's decodedJson).
 */
function noteToolResultParts(out: readonly TextSegment[], from: number): void {
  if (out.length - from < 2) return;
  for (const run of contentPartRuns(out.slice(from))) for (const seg of run) TOOL_RESULT_RUNS.set(seg, run);
}

/** The consecutive text parts of a tool's result that `seg` is one of (two or more), or undefined. */
export const toolResultRun = (seg: TextSegment): readonly TextSegment[] | undefined => TOOL_RESULT_RUNS.get(seg);

function messageText(
  out: TextSegment[],
  m: unknown,
  at: Array<string | number>,
  untrustedOnly: boolean,
  answer = false,
): void {
  if (!isObject(m)) return;
  const role = typeof m.role === 'string' ? m.role : 'user';
  if (untrustedOnly && (role === 'system' || role === 'developer')) return;
  // A participant's `name` is sent to the provider and shown to the model with the turn; apps fill it with
  // a login or an e-mail address, as they do the request's `user`. Read as a request setting (no role: it
  // is not what the turn says), not as untrusted input.
  if (!untrustedOnly && !answer) pushString(out, m.name, [...at, 'name']);
  if (typeof m.content === 'string') pushString(out, m.content, [...at, 'content'], role);
  // Shapes the OpenAI API refuses (content as an object, a part's text as an array or object) are still
  // read, every string in them: a lenient upstream may pass them to the model, and what is not read is
  // neither checked nor redacted.
  else if (isObject(m.content)) pushLeaves(out, m.content, [...at, 'content'], role, false);
  else if (Array.isArray(m.content)) {
    const from = out.length;
    for (let j = 0; j < m.content.length; j++) {
      const part = m.content[j];
      if (typeof part === 'string') pushString(out, part, [...at, 'content', j], role);
      else if (isObject(part)) {
        pushLeaves(out, part.text, [...at, 'content', j, 'text'], role, false);
        // A thinking part: Anthropic-style `{type: 'thinking', thinking: string}`, Mistral-style
        // `{type: 'thinking', thinking: [{type: 'text', text}]}`. The client reads it as it reads reasoning.
        if (part.type === 'thinking') {
          if (typeof part.thinking === 'string')
            pushString(out, part.thinking, [...at, 'content', j, 'thinking'], role, false, true);
          else if (Array.isArray(part.thinking))
            part.thinking.forEach((inner, k) => {
              if (isObject(inner))
                pushString(out, inner.text, [...at, 'content', j, 'thinking', k, 'text'], role, false, true);
            });
        }
        // An assistant's refusal as a content part (OpenAI's `{"type": "refusal", "refusal"}`): read as its
        // `refusal` field is.
        if (part.type === 'refusal') pushString(out, part.refusal, [...at, 'content', j, 'refusal'], role);
        // A tool call as a content part (`{type: 'tool_use', name, input}`): its input is what the tool gets.
        if (part.type === 'tool_use') pushLeaves(out, part.input, [...at, 'content', j, 'input'], role, true);
        // Tool results as content parts (`{type: 'tool_result', content: string | [{text}]}`).
        if (typeof part.content === 'string') pushString(out, part.content, [...at, 'content', j, 'content'], role);
        else if (Array.isArray(part.content)) {
          const inside = out.length;
          part.content.forEach((inner, k) => {
            if (isObject(inner)) pushLeaves(out, inner.text, [...at, 'content', j, 'content', k, 'text'], role, false);
          });
          noteToolResultParts(out, inside);
        }
      }
    }
    if (role === 'tool' || role === 'function') noteToolResultParts(out, from);
  }
  // An assistant's `refusal` (OpenAI structured outputs) is answer text the client reads like content, and
  // so is its reasoning; both go back to the provider with the earlier assistant turns of a conversation.
  if (answer || role === 'assistant') {
    pushString(out, m.refusal, [...at, 'refusal'], role);
    reasoningTexts(out, m, at, role);
  }
  // Arguments are a JSON string in the API; given as an object (which agent-firewall reads too), every
  // string in it is read, as a tool_use part's input is.
  if (Array.isArray(m.tool_calls)) {
    for (let k = 0; k < m.tool_calls.length; k++) {
      const call = m.tool_calls[k];
      if (isObject(call) && isObject(call.function)) {
        pushLeaves(out, call.function.arguments, [...at, 'tool_calls', k, 'function', 'arguments'], role, true);
      }
      // An OpenAI custom tool call (`{"type": "custom", "custom": {name, input}}`): free-form input.
      if (isObject(call) && isObject(call.custom))
        pushLeaves(out, call.custom.input, [...at, 'tool_calls', k, 'custom', 'input'], role, true);
    }
  }
  // The deprecated single `function_call` of a message.
  if (isObject(m.function_call))
    pushLeaves(out, m.function_call.arguments, [...at, 'function_call', 'arguments'], role, true);
}

function messageTexts(
  out: TextSegment[],
  messages: unknown,
  base: Array<string | number>,
  untrustedOnly: boolean,
): void {
  if (!Array.isArray(messages)) return;
  for (let i = 0; i < messages.length; i++) messageText(out, messages[i], [...base, i], untrustedOnly);
}

/**
 * The items of a Responses-API list: a request's `input` or an answer's `output`. A message item (`{role,
 * content}`, with or without the message type) reads as a chat message; the others carry text of their own:
 * a call the model made (`function_call` {arguments: JSON string}, `custom_tool_call` {input}), a tool's
 * result (`function_call_output` / `custom_tool_call_output` {output: string or [{type, text}]}, which a tool
 * fetched and the model will read: the indirect-injection path) and reasoning (`summary: [{text}]`).
 */
function responsesItemTexts(
  out: TextSegment[],
  items: readonly unknown[],
  base: Array<string | number>,
  untrustedOnly: boolean,
  answer: boolean,
): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const at = [...base, i];
    if (!isObject(item)) continue;
    if (item.type === 'function_call') pushLeaves(out, item.arguments, [...at, 'arguments'], 'assistant', true);
    else if (item.type === 'custom_tool_call') pushLeaves(out, item.input, [...at, 'input'], 'assistant', true);
    else if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      if (Array.isArray(item.output)) {
        const from = out.length;
        item.output.forEach((part, k) => {
          if (isObject(part)) pushString(out, part.text, [...at, 'output', k, 'text'], 'tool');
        });
        noteToolResultParts(out, from);
      } else pushLeaves(out, item.output, [...at, 'output'], 'tool', false);
    } else if (item.type === 'reasoning') {
      if (Array.isArray(item.summary))
        item.summary.forEach((part, k) => {
          if (isObject(part)) pushString(out, part.text, [...at, 'summary', k, 'text'], 'assistant', false, true);
        });
    } else messageText(out, item, at, untrustedOnly, answer);
  }
}

/** Lists the text segments of `scope`, in document order. Never throws on any JSON value. */
export function extractTexts(payload: Payload, scope: TextScope): TextSegment[] {
  const out: TextSegment[] = [];
  if (!isObject(payload)) return out;
  if (scope === 'response') {
    const r = payload.upstream_response;
    if (typeof r === 'string') pushString(out, r, ['upstream_response']);
    else if (isObject(r)) {
      pushString(out, r.content, ['upstream_response', 'content']);
      pushString(out, r.output_text, ['upstream_response', 'output_text']);
      if (Array.isArray(r.choices)) {
        for (let i = 0; i < r.choices.length; i++) {
          const c = r.choices[i];
          if (!isObject(c)) continue;
          pushString(out, c.text, ['upstream_response', 'choices', i, 'text']);
          for (const key of ['message', 'delta'] as const) {
            const msg = c[key];
            if (isObject(msg)) messageText(out, msg, ['upstream_response', 'choices', i, key], false, true);
          }
        }
      }
      // A `{content: [...parts]}` body (e.g. an Anthropic-style answer).
      if (Array.isArray(r.content))
        messageText(out, { role: 'assistant', content: r.content }, ['upstream_response'], false);
      // A Responses-API answer: its `output` items (messages of `output_text` parts, calls, reasoning).
      if (Array.isArray(r.output)) responsesItemTexts(out, r.output, ['upstream_response', 'output'], false, true);
    }
    return out;
  }
  const untrusted = scope === 'request-untrusted';
  messageTexts(out, payload.messages, ['messages'], untrusted);
  if (typeof payload.prompt === 'string') pushString(out, payload.prompt, ['prompt'], 'user');
  if (typeof payload.input === 'string') pushString(out, payload.input, ['input'], 'user');
  // A Responses-API `input` list: messages, and the calls, tool results and reasoning of earlier turns.
  else if (Array.isArray(payload.input)) responsesItemTexts(out, payload.input, ['input'], untrusted, false);
  if (Array.isArray(payload.tool_calls)) {
    for (let k = 0; k < payload.tool_calls.length; k++) {
      const call = payload.tool_calls[k];
      if (isObject(call) && isObject(call.function))
        pushLeaves(out, call.function.arguments, ['tool_calls', k, 'function', 'arguments'], 'assistant', true);
      if (isObject(call) && isObject(call.custom))
        pushLeaves(out, call.custom.input, ['tool_calls', k, 'custom', 'input'], 'assistant', true);
    }
  }
  if (!untrusted) {
    // The request's own settings, which the provider receives (and may store) too: the end-user id (often
    // an email), metadata values, and the descriptions of the tools it declares.
    pushString(out, payload.user, ['user']);
    // The Responses API's system prompt; trusted, like a system message.
    pushString(out, payload.instructions, ['instructions'], 'system');
    pushLeaves(out, payload.metadata, ['metadata'], undefined, false);
    if (Array.isArray(payload.tools)) {
      for (let k = 0; k < payload.tools.length; k++) {
        const tool = payload.tools[k];
        if (!isObject(tool)) continue;
        // A tool's description and the strings of its parameter schema (descriptions, enums, defaults):
        // the model reads them like a system message.
        if (isObject(tool.function)) declaredFunction(out, tool.function, ['tools', k, 'function']);
        else if (isObject(tool.custom)) {
          pushString(out, tool.custom.description, ['tools', k, 'custom', 'description']);
          pushLeaves(out, tool.custom.format, ['tools', k, 'custom', 'format'], undefined, false);
        } else {
          // A flat declaration: Anthropic's {name, description, input_schema}, the Responses API's
          // {type, name, description, parameters}.
          pushString(out, tool.description, ['tools', k, 'description']);
          pushLeaves(out, tool.input_schema, ['tools', k, 'input_schema'], undefined, false);
          pushLeaves(out, tool.parameters, ['tools', k, 'parameters'], undefined, false);
        }
      }
    }
    // The deprecated `functions` list declares functions as `tools` does (`{name, description, parameters}`).
    if (Array.isArray(payload.functions))
      payload.functions.forEach((f, k) => isObject(f) && declaredFunction(out, f, ['functions', k]));
    // Predicted output (`prediction: {type: 'content', content}`): text the provider reads as a draft of
    // its answer. A structured-output schema (`response_format.json_schema`), read like the tool schemas.
    if (isObject(payload.prediction)) {
      const content = payload.prediction.content;
      if (typeof content === 'string') pushString(out, content, ['prediction', 'content']);
      else if (Array.isArray(content))
        content.forEach(
          (part, j) => isObject(part) && pushString(out, part.text, ['prediction', 'content', j, 'text']),
        );
    }
    if (isObject(payload.response_format))
      pushLeaves(out, payload.response_format.json_schema, ['response_format', 'json_schema'], undefined, false);
  }
  return out;
}

/** A declared function's description and the strings of its parameter schema (a `tools` entry's `function`). */
function declaredFunction(out: TextSegment[], f: Record<string, unknown>, at: Array<string | number>): void {
  pushString(out, f.description, [...at, 'description']);
  pushLeaves(out, f.parameters, [...at, 'parameters'], undefined, false);
}

/**
 * Where a tool (call) keeps its name and arguments: `function` {name, arguments}, an OpenAI custom tool's
 * `custom` {name, input} (free-form input), or the object itself ({name, arguments}, legacy and
 * Anthropic-style shapes).
 */
function callBody(call: Record<string, unknown>): { key?: 'function' | 'custom'; name: unknown; args: unknown } {
  if (isObject(call.function)) return { key: 'function', name: call.function.name, args: call.function.arguments };
  if (isObject(call.custom)) return { key: 'custom', name: call.custom.name, args: call.custom.input };
  return { name: call.name, args: call.arguments };
}

function toolName(call: unknown): string | null {
  if (!isObject(call)) return null;
  const { name } = callBody(call);
  return typeof name === 'string' ? name : null;
}

/**
 * The arguments of a call: an object (the JSON-string `arguments` parsed, or an object given as is), none
 * (absent, null or a blank string), or unreadable. No length cap: the payload's own bounds cap the text
 * (checkPayloadBounds), and JSON.parse is linear; a cap let a call padded past it go unchecked.
 */
function parseArgs(call: unknown): Record<string, unknown> | 'none' | 'unreadable' {
  if (!isObject(call)) return 'none';
  const raw = callBody(call).args;
  if (isObject(raw)) return raw;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return 'none';
  if (typeof raw !== 'string') return 'unreadable';
  try {
    const v: unknown = JSON.parse(raw);
    return isObject(v) ? v : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Tool actions in a payload: declared `tools` (what the model is offered), top-level `tool_calls` and
 * `tool_calls` on messages (calls requested in the conversation), and, with `includeResponse`, the calls
 * in the model's answer (`upstream_response.choices[].message.tool_calls` and the legacy
 * `message.function_call`).
 */
export function extractToolCalls(payload: Payload, includeResponse: boolean): ToolCallRef[] {
  const out: ToolCallRef[] = [];
  if (!isObject(payload)) return out;
  const add = (call: unknown, tokens: Array<string | number>, source: ToolCallRef['source']) => {
    const name = toolName(call);
    if (name === null) return;
    const key = isObject(call) ? callBody(call).key : undefined;
    const nameTokens = key === undefined ? [...tokens, 'name'] : [...tokens, key, 'name'];
    const args = source === 'declared' ? 'none' : parseArgs(call);
    const ref: ToolCallRef = { name, path: pointerOf(nameTokens), source };
    if (args === 'unreadable') ref.argsUnreadable = true;
    else if (args !== 'none') ref.args = args;
    out.push(ref);
  };
  if (Array.isArray(payload.tools)) payload.tools.forEach((t, i) => add(t, ['tools', i], 'declared'));
  // The deprecated OpenAI `functions` list declares tools too.
  if (Array.isArray(payload.functions)) payload.functions.forEach((t, i) => add(t, ['functions', i], 'declared'));
  if (Array.isArray(payload.tool_calls)) payload.tool_calls.forEach((t, i) => add(t, ['tool_calls', i], 'call'));
  // Responses-API calls: `function_call` {name, arguments} and `custom_tool_call` {name, input} items, in a
  // request's `input` (calls of earlier turns) and an answer's `output`.
  const responsesCalls = (items: unknown, base: Array<string | number>, source: ToolCallRef['source']) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, i) => {
      if (!isObject(item)) return;
      if (item.type === 'function_call') add(item, [...base, i], source);
      else if (item.type === 'custom_tool_call') add({ name: item.name, arguments: item.input }, [...base, i], source);
    });
  };
  responsesCalls(payload.input, ['input'], 'call');
  if (includeResponse && isObject(payload.upstream_response))
    responsesCalls(payload.upstream_response.output, ['upstream_response', 'output'], 'response');
  if (Array.isArray(payload.messages)) {
    payload.messages.forEach((m, i) => {
      if (isObject(m) && Array.isArray(m.tool_calls))
        m.tool_calls.forEach((t, k) => add(t, ['messages', i, 'tool_calls', k], 'call'));
      if (isObject(m) && isObject(m.function_call)) add(m.function_call, ['messages', i, 'function_call'], 'call');
      // Anthropic-style content parts: {type: 'tool_use', name, input}.
      if (isObject(m) && Array.isArray(m.content)) {
        m.content.forEach((part, j) => {
          if (isObject(part) && part.type === 'tool_use')
            add({ name: part.name, arguments: part.input }, ['messages', i, 'content', j], 'call');
        });
      }
    });
  }
  if (includeResponse && isObject(payload.upstream_response) && Array.isArray(payload.upstream_response.choices)) {
    payload.upstream_response.choices.forEach((c, i) => {
      if (isObject(c) && isObject(c.message) && Array.isArray(c.message.tool_calls)) {
        c.message.tool_calls.forEach((t, k) =>
          add(t, ['upstream_response', 'choices', i, 'message', 'tool_calls', k], 'response'),
        );
      }
      // The deprecated single call of an answer (`finish_reason: function_call`): a call all the same.
      if (isObject(c) && isObject(c.message) && isObject(c.message.function_call))
        add(c.message.function_call, ['upstream_response', 'choices', i, 'message', 'function_call'], 'response');
    });
  }
  // A `{content: [...parts]}` answer (Anthropic-style, read as answer text by extractTexts): its tool_use parts.
  if (includeResponse && isObject(payload.upstream_response) && Array.isArray(payload.upstream_response.content)) {
    payload.upstream_response.content.forEach((part, j) => {
      if (isObject(part) && part.type === 'tool_use')
        add({ name: part.name, arguments: part.input }, ['upstream_response', 'content', j], 'response');
    });
  }
  return out;
}

/** Copy-on-write holder of the payload being evaluated. */
export class Workspace {
  private root: Payload;
  /** Containers this workspace created (and may mutate); allocated on the first write only. */
  private owned: WeakSet<object> | null = null;

  /** The texts of the payload per scope, listed since the last write (see texts()). */
  private listed: Partial<Record<TextScope, readonly TextSegment[]>> = {};

  /** Texts written as TextParts, by JSON pointer (allocated on the first such write). */
  private partsByPath: Map<string, TextParts> | null = null;

  constructor(payload: Payload) {
    this.root = payload;
  }

  get payload(): Payload {
    return this.root;
  }

  /**
   * extractTexts of the current payload, listed once per scope until the next write: the steps of one
   * evaluation share the list (0.36 us per listing for a two-message chat), and every setText starts
   * new ones (after the first write the copied containers change in place, so the root object alone
   * does not tell). Shared: callers read it, never change it.
   */
  texts(scope: TextScope): readonly TextSegment[] {
    return (this.listed[scope] ??= extractTexts(this.root, scope));
  }

  /**
   * Replaces the string at `tokens`, cloning only the containers on the way. A text given as TextParts
   * is written as its string, and its parts are kept for partsOf.
   */
  setText(tokens: ReadonlyArray<string | number>, value: string | TextParts): void {
    if (tokens.length === 0) return;
    this.listed = {};
    const owned = (this.owned ??= new WeakSet<object>());
    const own = <T extends object>(v: T): T => {
      if (owned.has(v)) return v;
      const copy = (Array.isArray(v) ? [...v] : { ...v }) as T;
      owned.add(copy);
      return copy;
    };
    this.root = own(this.root);
    let node: Record<string | number, unknown> = this.root as Record<string, unknown>;
    for (let i = 0; i < tokens.length - 1; i++) {
      const key = tokens[i]!;
      const child = node[key];
      if (typeof child !== 'object' || child === null) return;
      const mine = own(child);
      node[key] = mine;
      node = mine as Record<string | number, unknown>;
    }
    if (typeof value === 'string') {
      node[tokens[tokens.length - 1]!] = value;
      this.partsByPath?.delete(pointerOf(tokens));
    } else {
      node[tokens[tokens.length - 1]!] = value.text;
      (this.partsByPath ??= new Map()).set(pointerOf(tokens), value);
    }
  }

  /** The parts `seg`'s text was written as by this workspace, if it was (see TextParts). */
  partsOf(seg: TextSegment): TextParts | undefined {
    if (this.partsByPath === null) return undefined;
    const parts = this.partsByPath.get(seg.path);
    // The same string object (a pointer comparison): the one written at that path.
    return parts !== undefined && parts.text === seg.text ? parts : undefined;
  }
}

export interface PayloadLimits {
  maxDepth: number;
  maxNodes: number;
  maxStringBytes: number;
}

export const defaultPayloadLimits: PayloadLimits = {
  maxDepth: 64,
  maxNodes: 1_000_000,
  maxStringBytes: 64 * 1024 * 1024,
};

/**
 * Checks size and nesting with an explicit stack (no recursion a payload can blow). Returns a problem
 * description, or null when the payload is within limits.
 */
export function checkPayloadBounds(payload: unknown, limits: PayloadLimits = defaultPayloadLimits): string | null {
  if (!isObject(payload)) return 'payload must be a JSON object';
  const stack: Array<{ v: unknown; d: number }> = [{ v: payload, d: 1 }];
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (++nodes > limits.maxNodes) return `payload has more than ${limits.maxNodes} values`;
    if (typeof v === 'string') {
      chars += v.length;
      if (chars > limits.maxStringBytes) return `payload text exceeds ${limits.maxStringBytes} characters`;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (d > limits.maxDepth) return `payload nesting exceeds ${limits.maxDepth} levels`;
    if (Array.isArray(v)) for (const c of v) stack.push({ v: c, d: d + 1 });
    else for (const k in v) stack.push({ v: (v as Record<string, unknown>)[k], d: d + 1 });
  }
  return null;
}

/** A request header of a payload's `headers` object, looked up case-insensitively as HTTP does. */
export function payloadHeader(headers: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

// Segments and workspaces live while one payload is evaluated: their hidden classes are kept (see
// keep-shape.ts); a segment takes one of five shapes (with or without a role, a tool input or both; a
// reasoning text, always with a role).
keepShape(new Workspace({}));
for (const [role, toolInput, reasoning] of [
  [undefined, false, false],
  ['user', false, false],
  [undefined, true, false],
  ['tool', true, false],
  ['assistant', false, true],
] as const)
  keepShape(new PayloadSegment([], 'x', role, toolInput, reasoning));
