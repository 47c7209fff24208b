/**
 * The event record of one request (DESIGN.md §3.4), built from a Decision and request metadata the
 * caller supplies (ids, clock, tokens, identity). Prompts are never stored: only a salted SHA-256 of the
 * prompt text when a salt is given. `prev_hash`/`hash` are left empty for the event log to chain.
 */
import type { Decision, EventRecord, Payload, PreparedChain, Verdict } from '../types.js';
import { sha256Hex } from '../detectors/keyed-hash.js';
import { extractTexts } from '../detectors/payload-text.js';

export interface EventMeta {
  /** `evt_` + ULID, minted by the caller (the core has no clock or randomness). */
  id: string;
  /** Epoch milliseconds; rendered RFC 3339 UTC with microseconds. */
  timestampMs: number;
  /** Sub-millisecond part in microseconds (0-999), when the caller's clock has it. */
  micros?: number;
  request_id: string;
  gateway_id: string;
  config_hash: string;
  latency_ms: number;
  tokens?: { input: number; output: number };
  model?: string | null;
  provider?: string | null;
  identity?: { user?: string | null; role?: string | null; team?: string | null };
  event_type?: string;
  /** Salt for the prompt hash; without it no prompt hash is recorded. */
  promptSalt?: string;
  /** The original payload (for the prompt hash and identity fallback). */
  payload?: Payload;
}

/** RFC 3339 UTC with microsecond precision, e.g. `2026-03-20T10:30:00.123456Z`. */
export function rfc3339Micros(ms: number, micros = 0): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-03-20T10:30:00.123Z
  const extra = String(Math.max(0, Math.min(999, Math.floor(micros)))).padStart(3, '0');
  return `${iso.slice(0, 23)}${extra}Z`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Counts redactions per finding type across the steps that redacted. */
export function redactionCounts(decision: Decision): Array<{ type: string; count: number }> {
  const counts = new Map<string, number>();
  for (const s of decision.steps) {
    if (s.verdict !== 'redact') continue;
    for (const f of s.findings)
      if (f.action === undefined || f.action === 'redact') counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([type, count]) => ({ type, count }));
}

/** Builds the event record (see the file comment). Pure. */
export function buildEventRecord(decision: Decision, chain: Pick<PreparedChain, 'pack'>, meta: EventMeta): EventRecord {
  const payloadIdentity = (meta.payload?.identity ?? {}) as Record<string, unknown>;
  const identity = {
    user: meta.identity?.user ?? str(payloadIdentity.user),
    role: meta.identity?.role ?? str(payloadIdentity.role),
    team: meta.identity?.team ?? str(payloadIdentity.team),
  };
  const record: EventRecord = {
    id: meta.id,
    timestamp: rfc3339Micros(meta.timestampMs, meta.micros),
    event_type: meta.event_type ?? 'decision',
    verdict: decision.verdict as Verdict,
    reason_code: decision.reason_code,
    pack: { name: chain.pack.pack.name, version: chain.pack.pack.version },
    config_hash: meta.config_hash,
    policies: decision.steps.map((s) => ({
      name: s.policy,
      kind: s.kind,
      phase: s.phase,
      verdict: s.verdict,
      reason_code: s.reason_code,
      duration_us: s.duration_us,
    })),
    model: meta.model ?? (typeof meta.payload?.model === 'string' ? meta.payload.model : null),
    provider: meta.provider ?? null,
    gateway_id: meta.gateway_id,
    identity,
    request_id: meta.request_id,
    latency_ms: meta.latency_ms,
    tokens: meta.tokens ?? { input: 0, output: 0 },
    redactions: redactionCounts(decision),
    prev_hash: '',
    hash: '',
  };
  if (meta.promptSalt !== undefined && meta.payload !== undefined) {
    const prompt = extractTexts(meta.payload, 'request')
      .map((s) => s.text)
      .join('\n');
    record.prompt_hash = `sha256:${sha256Hex(`${meta.promptSalt}\u0000${prompt}`)}`;
  }
  return record;
}

/**
 * Whether the chain's audit-logger asks for this decision to be recorded (`log_all_access: false` records
 * blocks, escalations, redactions, errors and flagged allows, not plain allows: see audit-logger.ts).
 * A decision without an audit step that ran is recorded: no audit-logger in the chain, a disabled pack
 * (nothing checked its requests, the audit-logger's choice included), a decision of the request phases
 * only (the gateway's, when a block there ended the request).
 */
export function shouldRecordEvent(decision: Decision): boolean {
  const audit = decision.steps.find((s) => s.kind === 'audit-logger');
  return audit === undefined || audit.reason_code !== 'audit.not_recorded';
}
