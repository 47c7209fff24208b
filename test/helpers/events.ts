/**
 * An event as the gateway appends it (NewEvent): number `i` at `at` (ms since the epoch), an allow by the
 * mock provider with no policies, no identity and one token each way; `extra` replaces any field. The
 * event-log tests write thousands of these, varying a field or two.
 */
import type { NewEvent } from '../../src/runtime/event-log.js';

export function newEvent(i: number, at: number, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    id: `evt_${String(i).padStart(26, '0')}`,
    timestamp: new Date(at).toISOString(),
    event_type: 'gateway.request',
    verdict: 'allow',
    reason_code: 'allowed',
    pack: { name: 'p', version: '1.0.0' },
    config_hash: 'sha256:x',
    policies: [],
    model: 'm',
    provider: 'mock',
    gateway_id: 'local',
    identity: { user: null, role: null, team: null },
    request_id: `req_${i}`,
    latency_ms: 1,
    tokens: { input: 1, output: 1 },
    redactions: [],
    ...extra,
  };
}
