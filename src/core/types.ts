/**
 * Shared vocabulary of the policy core: the pack model every shape normalises into, the payload the
 * chain evaluates, and the Decision it returns (DESIGN.md §3). Plain data only, so the same values
 * travel through the CLI, the gateway, JSON output and golden tests unchanged.
 */

/** Which of the three accepted document shapes a pack was read from (DESIGN.md §3.1). */
export type PackShape = 'current' | 'single-policy' | 'legacy-list';

export type Verdict = 'allow' | 'redact' | 'escalate' | 'block';

/** Step verdicts add the two outcomes that are not decisions about content. */
export type StepVerdict = Verdict | 'skipped' | 'error';

export type Phase = 'network' | 'identity' | 'input' | 'tool' | 'output' | 'audit';

/** A JSON value as read from YAML/JSON documents. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One configured step of the chain, after shape normalisation. */
export interface ChainEntry {
  /** Display name: the kind in the current shape, the item `name` in the legacy list shape. */
  name: string;
  /** Canonical kind, e.g. `pii-detector`; legacy types map onto kinds (`input_filter` stays its own). */
  kind: string;
  /** The config block for this step (`policy.<kind>` or the legacy item without name/type). */
  config: JsonObject;
  /** JSON pointer of the config block in the source document, for diagnostics. */
  pointer: string;
  /**
   * A legacy list item with `enabled: false`: kept in the chain so reports show it, as a `skipped` step
   * (`policy.disabled`), never evaluated. The current shape has no per-policy switch (a kind left out of
   * `policies.chain` is off).
   */
  disabled?: true;
}

export interface ProviderTarget {
  id: string;
  /** Provider name (`openai`, `mock`, ...); the seed's object spelling is flattened into the target. */
  provider: string;
  model?: string;
  base_url?: string;
  secret_key_ref?: { env?: string; store?: string };
  tls?: { verify?: boolean; ca_file?: string };
  /** Everything else on the target, kept for runtime features (mock latency, timeouts, data_policy). */
  extra: JsonObject;
}

/** The one model all three shapes normalise into. */
export interface PackModel {
  shape: PackShape;
  pack: { name: string; version: string; enabled: boolean; id?: string; author?: string; description?: string };
  chain: ChainEntry[];
  providers: ProviderTarget[];
  gateway: JsonObject;
  testing: JsonObject;
  /** The whole source document, for `GET /keeptrusts/config` and hashing. */
  document: JsonObject;
}

/** OpenAI-style chat message; content may be a string or a list of parts. */
export interface ChatMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string; [key: string]: unknown }> | null;
  name?: string;
  tool_calls?: Array<{
    id?: string;
    type?: string;
    function?: { name: string; arguments?: string };
    /** An OpenAI custom tool call: free-form input. */
    custom?: { name: string; input?: string };
  }>;
  tool_call_id?: string;
  [key: string]: unknown;
}

/** What eval/test/gateway feed the chain (DESIGN.md §3.2). A chat-completions body is valid as is. */
export interface Payload {
  messages?: ChatMessage[];
  model?: string;
  tools?: Array<{ type?: string; function?: { name: string; [key: string]: unknown }; [key: string]: unknown }>;
  tool_calls?: ChatMessage['tool_calls'];
  headers?: Record<string, string>;
  /** The client address a dry run checks against `gateway.ip_allowlist` (the gateway uses the connection's). */
  client_ip?: string;
  identity?: { user?: string; role?: string; team?: string; [key: string]: unknown };
  session?: { id?: string; actions?: number; cost_usd?: number; [key: string]: unknown };
  context?: {
    documents?: Array<string | { text?: string; content?: string; url?: string; id?: string }>;
    sources?: unknown[];
  };
  /** Feeds the output phase: an OpenAI chat-completions response body, or `{content}`. */
  upstream_response?: unknown;
  [key: string]: unknown;
}

export interface Finding {
  /** What was found: email, credit_card, aws_access_key, attack_pattern, base64_payload, fake_boundary, similarity ... */
  type: string;
  /** Which detector found it (`pii`, `secrets`, `injection.pattern`, `dlp.pattern:<name>` ...). */
  detector: string;
  /** JSON pointer into the payload (e.g. `/messages/0/content`). */
  path: string;
  /** UTF-16 offsets into the string at `path`, as it was when this step ran. */
  start: number;
  end: number;
  score?: number;
  /** A masked preview; never the matched value itself. */
  preview?: string;
  /** The action this finding asks for, when a policy lets findings choose (dlp per-pattern action). */
  action?: Verdict;
}

export interface StepResult {
  policy: string;
  kind: string;
  phase: Phase;
  verdict: StepVerdict;
  reason_code: string | null;
  score?: number;
  findings: Finding[];
  duration_us: number;
  /** Human explanation for text output. */
  message?: string;
  error?: string;
}

export interface GatewayAnswer {
  status: number;
  error?: { type: string; code: string; policy?: string; message: string };
}

export interface Decision {
  verdict: Verdict;
  reason_code: string;
  blocked_by: string | null;
  steps: StepResult[];
  /** The request after redaction (what the provider would see). */
  request: Payload;
  /** The response after output-phase redaction, when there was one. */
  response?: unknown;
  http: GatewayAnswer;
}

/** A problem found in a pack, at a location (lint output; DESIGN.md issue 2). */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** Dotted path, e.g. `policy.pii-detector.actions`. */
  path: string;
  line: number;
  column: number;
  hint?: string;
}

/** Injected capabilities: the core never reads a clock, a random source or the network itself. */
export interface EvalContext {
  /** Epoch milliseconds "now" (pinned in golden tests). */
  now: number;
  /** `short-circuit` (default) stops at the first block; `exhaustive` runs every step for reports. */
  mode?: 'short-circuit' | 'exhaustive';
  /**
   * Which phases to run: `request` = network, identity, input and tool phases (before the provider),
   * `response` = output and audit phases (needs `payload.upstream_response`), `all` = both (dry runs).
   */
  phases?: 'request' | 'response' | 'all';
  /** What a throwing step does (default `block`). */
  failMode?: 'block' | 'allow';
  /**
   * Run the `gateway:` section's network controls (ip_allowlist, bot_detection) on the payload's
   * `client_ip` and `headers`, as a first step named `gateway`. Dry runs set it; the gateway does not
   * (it checks the real connection before reading the body).
   */
  simulateNetwork?: boolean;
  /**
   * The gateway's real connection, given when its own check let the client through only because the
   * allowlist's `on_deny` is `log`: the network step then runs on it (not on the payload's `client_ip`
   * and `headers`), so that the flag is in the decision and its event like any flagged allow
   * (audit-logger `log_all_access: false` records it). Otherwise the gateway keeps the step out.
   */
  connection?: { clientIp: string; userAgent?: string };
  /** Seeded randomness for anything that samples. */
  random?: () => number;
  /** Monotonic microsecond clock for step durations; steps report 0 when absent. */
  clockUs?: () => number;
  /** Key for `marker_format: hash` pseudonyms (stable per deployment). */
  hashKey?: string;
  /**
   * The steps an earlier call evaluated for the same exchange: the gateway runs the request phases before
   * calling the provider and the response phases after, and the audit step of the second call decides
   * for the whole exchange (audit-logger `log_all_access: false`), so it weighs these with its own.
   */
  earlierSteps?: readonly StepResult[];
  /** Optional external judges (an LLM judge in production, a deterministic stub in tests). */
  judges?: {
    /**
     * Returns 0..1 quality of `response` for `request`. With a `criterion`, the score of that one thing:
     * a quality-scorer dimension (`{kind: 'dimension', name: 'accuracy'}`) or a model-graded assertion
     * (`{kind: 'assertion', name: 'llm-rubric', text: <the rubric>}`; `factuality` gives the reference
     * statement, `model-graded-closedqa` the criterion).
     */
    quality?: (input: {
      request: string;
      response: string;
      context: string[];
      criterion?: { kind: 'dimension' | 'assertion'; name: string; text?: string };
    }) => number;
    /** Returns 0..1 grounding of `response` in `context`. */
    grounding?: (input: { response: string; context: string[] }) => number;
  };
}

export interface PreparedChain {
  readonly pack: PackModel;
  /** Pure: same payload and ctx give the same Decision. Never throws on any JSON payload. */
  evaluate(payload: Payload, ctx: EvalContext): Decision;
}

/** The audit event of one request (DESIGN.md §3.4); `prev_hash`/`hash` are filled by the event log. */
export interface EventRecord {
  id: string;
  timestamp: string;
  event_type: string;
  verdict: Verdict;
  reason_code: string;
  pack: { name: string; version: string };
  config_hash: string;
  policies: Array<{
    name: string;
    kind: string;
    phase: Phase;
    verdict: StepVerdict;
    reason_code: string | null;
    duration_us: number;
  }>;
  model: string | null;
  provider: string | null;
  gateway_id: string;
  identity: { user: string | null; role: string | null; team: string | null };
  request_id: string;
  latency_ms: number;
  tokens: { input: number; output: number };
  redactions: Array<{ type: string; count: number }>;
  /** Salted hash of the prompt; prompts and responses are not stored by default. */
  prompt_hash?: string;
  /**
   * The upstream's HTTP status, on an event whose outcome was the upstream's HTTP answer (a 4xx passed on, a
   * 5xx answered 502 or 503): the reason code says what kind of failure it was, not which status. Optional
   * and additive: records without it (and logs written before it) hash and verify as before.
   */
  upstream_status?: number;
  prev_hash: string;
  hash: string;
}

/**
 * A gateway key's metadata, as GET /keeptrusts/gateway-keys lists it (never the key itself, which is shown
 * once, in the answer to its creation; the gateway keeps only its SHA-256).
 */
export interface GatewayKeyMeta {
  id: string;
  /** First characters of the key, to recognise it in listings. */
  prefix: string;
  user: string;
  role: string | null;
  team: string | null;
  created_at: string;
  expires_at: string | null;
}
