import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEventRecord,
  normalizePack,
  prepareChain,
  rfc3339Micros,
  shouldRecordEvent,
} from '../../../src/core/index.js';

const chain = prepareChain(
  normalizePack({
    pack: { name: 'audit-pack', version: '2.1.0', enabled: true },
    policies: { chain: ['pii-detector', 'dlp-filter', 'audit-logger'] },
    policy: {
      'pii-detector': {},
      'dlp-filter': { patterns: [{ name: 'hosts', regex: '[a-z]+\\.internal\\.example', action: 'redact' }] },
      'audit-logger': { log_all_access: false },
    },
  }),
);

describe('event record', () => {
  const payload = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'mail a@example.com and b@example.com about db.internal.example' }],
    identity: { user: 'u1', role: 'r1', team: 't1' },
  };
  const decision = chain.evaluate(payload, { now: 0 });
  const meta = {
    id: 'evt_01J00000000000000000000000',
    timestampMs: Date.UTC(2026, 2, 20, 10, 30, 0, 123),
    micros: 456,
    request_id: 'req_1',
    gateway_id: 'gw_local',
    config_hash: 'sha256:abc',
    latency_ms: 12,
    payload,
  };

  it('carries the decision, pack, identity and redaction counts, never the prompt', () => {
    const e = buildEventRecord(decision, chain, meta);
    expect(e).toMatchObject({
      id: meta.id,
      timestamp: '2026-03-20T10:30:00.123456Z',
      event_type: 'decision',
      verdict: 'redact',
      reason_code: 'pii.detected',
      pack: { name: 'audit-pack', version: '2.1.0' },
      model: 'gpt-4o-mini',
      identity: { user: 'u1', role: 'r1', team: 't1' },
      redactions: [
        { type: 'email', count: 2 },
        { type: 'hosts', count: 1 },
      ],
      tokens: { input: 0, output: 0 },
      prev_hash: '',
      hash: '',
    });
    expect(e.policies.map((p) => `${p.name}:${p.phase}:${p.verdict}`)).toEqual([
      'pii-detector:input:redact',
      'dlp-filter:input:redact',
      'audit-logger:audit:allow',
    ]);
    expect(JSON.stringify(e)).not.toContain('example.com');
    expect(e.prompt_hash).toBeUndefined();
  });

  it('adds a salted prompt hash only when a salt is given', () => {
    const e = buildEventRecord(decision, chain, { ...meta, promptSalt: 's3cret' });
    const expected = createHash('sha256').update(`s3cret\u0000${payload.messages[0]!.content}`).digest('hex');
    expect(e.prompt_hash).toBe(`sha256:${expected}`);
  });

  it('formats timestamps with microseconds in UTC', () => {
    expect(rfc3339Micros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(rfc3339Micros(Date.UTC(2026, 0, 2, 3, 4, 5, 6), 7)).toBe('2026-01-02T03:04:05.006007Z');
  });

  it('follows log_all_access', () => {
    expect(shouldRecordEvent(decision)).toBe(true);
    expect(shouldRecordEvent(chain.evaluate({ messages: [{ role: 'user', content: 'hello' }] }, { now: 0 }))).toBe(
      false,
    );
  });
});
