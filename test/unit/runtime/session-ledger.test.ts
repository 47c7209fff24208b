// The gateway's session ledger: actions per session, calls per tool per minute per identity (across its
// sessions), forgotten after a minute / when idle / past the caps. The clock is passed in.
import { describe, expect, it } from 'vitest';
import type { ToolCallRef } from '../../../src/core/detectors/payload-text.js';
import { answerCount, recordedTools, trustedSession } from '../../../src/runtime/data-plane.js';
import { SessionLedger } from '../../../src/runtime/session-ledger.js';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const perMinute = (l: SessionLedger, who: string, now: number) =>
  Object.fromEntries(l.figures(who, 's', now).callsLastMinute);

describe('session ledger', () => {
  it('counts the actions of each session of each identity', () => {
    const l = new SessionLedger();
    l.record('user:ann', 's1', ['search', 'search'], T0);
    l.record('user:ann', 's1', ['refund'], T0 + 1000);
    l.record('user:ann', 's2', ['search'], T0 + 2000);
    l.record('user:bob', 's1', ['search'], T0 + 3000);
    expect(l.figures('user:ann', 's1', T0 + 4000).actions).toBe(3);
    expect(l.figures('user:ann', 's2', T0 + 4000).actions).toBe(1);
    expect(l.figures('user:bob', 's1', T0 + 4000).actions).toBe(1);
    expect(l.figures('user:carl', 's1', T0 + 4000).actions).toBe(0);
    expect(l.figures('user:ann', '', T0 + 4000).actions).toBe(0);
  });

  it('counts calls per tool over the last minute for the identity, whatever the session', () => {
    const l = new SessionLedger();
    l.record('user:ann', 's1', ['search', 'search'], T0);
    l.record('user:ann', 's2', ['search', 'refund'], T0 + 30_000);
    l.record('user:bob', 's9', ['search'], T0 + 30_000);
    expect(perMinute(l, 'user:ann', T0 + 30_000)).toEqual({ search: 3, refund: 1 });
    // A minute after the first calls they are out of the window; the later ones are still in.
    expect(perMinute(l, 'user:ann', T0 + 60_000)).toEqual({ search: 1, refund: 1 });
    expect(perMinute(l, 'user:ann', T0 + 90_000)).toEqual({});
    // The session counts are not per minute.
    expect(l.figures('user:ann', 's1', T0 + 90_000).actions).toBe(2);
  });

  it("adds the amounts of the calls it passed to the identity's total for the UTC day, whatever the session", () => {
    const l = new SessionLedger();
    const noon = T0;
    l.record('user:ann', 's1', ['transfer'], noon, 30_000);
    l.record('user:ann', 's2', ['transfer'], noon + 60_000, 15_000);
    l.record('user:bob', 's1', ['transfer'], noon, 5_000);
    expect(l.figures('user:ann', 's9', noon + 120_000).dailyTotal).toBe(45_000);
    expect(l.figures('user:bob', 's1', noon + 120_000).dailyTotal).toBe(5_000);
    // The next UTC day starts from 0, and a record then counts that day's amount only.
    const tomorrow = Date.UTC(2026, 10, 25, 0, 0, 1);
    expect(l.figures('user:ann', 's1', tomorrow).dailyTotal).toBe(0);
    l.record('user:ann', 's1', ['transfer'], tomorrow, 1_000);
    expect(l.figures('user:ann', 's1', tomorrow).dailyTotal).toBe(1_000);
  });

  it('reuses a minute bucket of an older second without adding the old count', () => {
    const l = new SessionLedger();
    l.record('user:ann', 's', ['search', 'search', 'search'], T0);
    l.record('user:ann', 's', ['search'], T0 + 60_000); // same slot of the ring, a minute later
    expect(perMinute(l, 'user:ann', T0 + 60_000)).toEqual({ search: 1 });
  });

  it('reading creates nothing', () => {
    const l = new SessionLedger();
    l.figures('user:ann', 's1', T0);
    expect(l.size).toBe(0);
    l.record('user:ann', 's1', [], T0);
    expect(l.size).toBe(0);
  });

  it('forgets an identity idle past idleMs', () => {
    const l = new SessionLedger({ idleMs: 10_000 });
    l.record('user:ann', 's1', ['search'], T0);
    l.record('user:bob', 's1', ['search'], T0 + 5_000);
    expect(l.figures('user:ann', 's1', T0 + 10_000).actions).toBe(1);
    expect(l.figures('user:ann', 's1', T0 + 10_001).actions).toBe(0);
    // Recording for another identity sweeps the idle ones.
    l.record('user:carl', 's1', ['search'], T0 + 15_001);
    expect(l.size).toBe(1);
  });

  it('holds at most maxIdentities identities, dropping the least recently recorded', () => {
    const l = new SessionLedger({ maxIdentities: 2 });
    l.record('user:ann', 's', ['a'], T0);
    l.record('user:bob', 's', ['a'], T0 + 1);
    l.record('user:ann', 's', ['a'], T0 + 2); // ann is now the most recent
    l.record('user:carl', 's', ['a'], T0 + 3);
    expect(l.size).toBe(2);
    expect(l.figures('user:ann', 's', T0 + 4).actions).toBe(2);
    expect(l.figures('user:bob', 's', T0 + 4).actions).toBe(0);
    expect(l.figures('user:carl', 's', T0 + 4).actions).toBe(1);
  });

  it('holds at most maxSessions sessions and maxTools tools per identity', () => {
    const l = new SessionLedger({ maxSessions: 2, maxTools: 2 });
    l.record('user:ann', 's1', ['a'], T0);
    l.record('user:ann', 's2', ['b'], T0);
    l.record('user:ann', 's3', ['c'], T0);
    expect([1, 2, 3].map((i) => l.figures('user:ann', `s${i}`, T0).actions)).toEqual([0, 1, 1]);
    expect(Object.keys(perMinute(l, 'user:ann', T0)).sort()).toEqual(['b', 'c']);
  });

  it('keeps a long session id to its first 128 characters', () => {
    const l = new SessionLedger();
    const long = 'x'.repeat(5000);
    l.record('user:ann', long, ['a'], T0);
    expect(l.figures('user:ann', `${'x'.repeat(128)}y`, T0).actions).toBe(1);
  });
});

describe('the session figures the gateway hands agent-firewall', () => {
  const counted = (actions: number, perTool: Record<string, number> = {}, dailyTotal = 0) => ({
    actions,
    callsLastMinute: new Map(Object.entries(perTool)),
    dailyTotal,
  });

  it('raises a figure the client reports lower (or not at all) to the counted one, and keeps higher ones', () => {
    expect(trustedSession({ id: 's1', actions: 0, cost_usd: 3 }, counted(4))).toEqual({
      id: 's1',
      actions: 4,
      cost_usd: 3,
    });
    expect(trustedSession(undefined, counted(4))).toEqual({ actions: 4 });
    expect(trustedSession('nonsense', counted(4))).toEqual({ actions: 4 });
    expect(trustedSession({ id: 's1', actions: '9' }, counted(4))).toBeUndefined();
    expect(trustedSession({ id: 's1', actions: 9 }, counted(4))).toBeUndefined();
  });

  it("raises the day's total to what the calls it passed moved (a client reporting 0 passed max_daily_total)", () => {
    expect(trustedSession({ id: 's1', daily_total_usd: 0 }, counted(0, {}, 45_000))).toEqual({
      id: 's1',
      daily_total_usd: 45_000,
    });
    expect(trustedSession({ daily_total_usd: '$50,000' }, counted(0, {}, 45_000))).toBeUndefined();
  });

  it('leaves the payload as sent when nothing was counted (agent-firewall then counts the calls that ran)', () => {
    expect(trustedSession(undefined, counted(0))).toBeUndefined();
    expect(trustedSession({ id: 's1' }, counted(0))).toBeUndefined();
  });

  it('leaves a figure kt cannot read as sent: agent-firewall blocks on it', () => {
    expect(trustedSession({ actions: 'many' }, counted(4))).toBeUndefined();
  });

  it('raises per-tool counts in a calls_last_minute map, per tool', () => {
    const s = trustedSession(
      { calls_last_minute: { search: 1, read: 10 } },
      counted(0, JSON.parse('{"search": 5, "read": 2, "__proto__": 3}') as Record<string, number>),
    );
    expect({ ...(s?.calls_last_minute as object) }).toEqual({ search: 5, read: 10, ['__proto__']: 3 });
  });

  it("turns one number for every tool into a map: the number as its '*' entry, beside the counts above it", () => {
    const s = trustedSession({ calls_last_minute: 2 }, counted(0, { search: 5, read: 1 }));
    expect({ ...(s?.calls_last_minute as object) }).toEqual({ '*': 2, search: 5 });
    // No number sent: no '*' entry (agent-firewall counts the conversation's calls that ran for other tools).
    expect({ ...(trustedSession({}, counted(0, { search: 5 }))?.calls_last_minute as object) }).toEqual({ search: 5 });
    // A map's '*' entry covers the counts up to it; a count above it is added under its key.
    expect(trustedSession({ calls_last_minute: { '*': 5 } }, counted(0, { search: 5 }))).toBeUndefined();
    const t = trustedSession({ calls_last_minute: { '*': 4, search: 1 } }, counted(0, { search: 5, read: 3 }));
    expect({ ...(t?.calls_last_minute as object) }).toEqual({ '*': 4, search: 5 });
    // When no count is above the number, the number stands as sent.
    expect(trustedSession({ calls_last_minute: 7 }, counted(0, { search: 5 }))).toBeUndefined();
  });

  it('sets what the client reports under every spelling of a tool against the count of that tool', () => {
    // The ledger counted 5 calls of `search` however spelled (Search, mcp__x__search are other keys' business).
    expect(recordedTools(['Search', 'SEARCH', '\u0455earch', 'mcp__X__Search'])).toEqual([
      'search',
      'search',
      'search',
      'mcp__x__search',
    ]);
    const counts = counted(0, { search: 5 });
    // Reported 2 + 3 under two spellings: the 5 counted are covered, nothing is raised (it made 5 + 3).
    expect(trustedSession({ calls_last_minute: { search: 2, Search: 3 } }, counts)).toBeUndefined();
    // Reported 1 in all: 4 more under the key, so that the spellings add up to the 5 counted.
    const s = trustedSession({ calls_last_minute: { Search: 1 } }, counts);
    expect({ ...(s?.calls_last_minute as object) }).toEqual({ Search: 1, search: 4 });
    const t = trustedSession({ calls_last_minute: { Search: 1, search: 1 } }, counts);
    expect({ ...(t?.calls_last_minute as object) }).toEqual({ Search: 1, search: 4 });
    // A figure kt cannot read under one of the spellings is left as sent (agent-firewall blocks on it).
    expect(trustedSession({ calls_last_minute: { search: 0, Search: 'many' } }, counts)).toBeUndefined();
  });
});

describe('what the ledger counts for an answer', () => {
  const call = (name: string, choice: number, k: number, amount?: number): ToolCallRef => ({
    name,
    path: `/upstream_response/choices/${choice}/message/tool_calls/${k}/function/name`,
    source: 'response',
    ...(amount === undefined ? {} : { args: { amount } }),
  });

  it('counts the calls of one choice as they are', () => {
    expect(answerCount([call('search', 0, 0), call('Search', 0, 1, 5), call('fetch', 0, 2, 7)])).toEqual({
      tools: ['search', 'search', 'fetch'],
      actions: 3,
      amount: 12,
    });
    expect(answerCount([])).toEqual({ tools: [], actions: 0, amount: 0 });
  });

  it('counts the most one choice would run when the answer has several (n > 1), not all of them', () => {
    const counted = answerCount([
      call('search', 0, 0),
      call('transfer', 0, 1, 30_000),
      call('search', 1, 0),
      call('search', 1, 1),
      call('transfer', 2, 0, 20_000),
      call('transfer', 2, 1, 20_000),
    ]);
    expect(counted.actions).toBe(2);
    expect(counted.amount).toBe(40_000);
    expect([...counted.tools].sort()).toEqual(['search', 'search', 'transfer', 'transfer']);
  });

  it('adds the actions given to the session, the calls to the per-tool counts', () => {
    const l = new SessionLedger();
    l.record('user:ann', 's1', ['search', 'search', 'fetch'], T0, 0, 2);
    const f = l.figures('user:ann', 's1', T0);
    expect(f.actions).toBe(2);
    expect(Object.fromEntries(f.callsLastMinute)).toEqual({ search: 2, fetch: 1 });
  });
});
