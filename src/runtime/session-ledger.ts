/**
 * The gateway's own count of the tool calls it has passed to each client, for agent-firewall's session
 * limits (docs/gateway.md, "Session limits"). A client's `session` figures ({actions, calls_last_minute})
 * are its word; through the gateway they are raised to at least what this ledger counted, so a client
 * that reports `actions: 0` (or nothing) on every request is still held to `max_actions_per_session`.
 *
 * Two levels, both keyed by the verified identity (see identityKey in data-plane.ts):
 * - per session (identity + the client's `session.id`): the actions taken, for `max_actions_per_session`;
 * - per identity: the calls of each tool in the last minute, for `rate_limits`, and the amounts the calls
 *   of the current UTC day moved, for `transaction_limits.max_daily_total`; a new session id resets neither.
 *
 * In memory, one node's counts (a restart starts from zero); bounded: at most `maxIdentities` identities
 * (least recently used dropped first, and any idle for `idleMs`), `maxSessions` sessions per identity and
 * `maxTools` tools per identity (least recently used dropped first). A pure data structure: the clock is
 * the `now` (epoch ms) each call passes in.
 */

export interface SessionLedgerLimits {
  maxIdentities: number;
  maxSessions: number;
  maxTools: number;
  /** An identity with nothing recorded for this long is forgotten (its per-minute counts are long gone). */
  idleMs: number;
}

export const DEFAULT_LEDGER_LIMITS: SessionLedgerLimits = {
  maxIdentities: 10_000,
  maxSessions: 256,
  maxTools: 128,
  idleMs: 24 * 60 * 60 * 1000,
};

/** What the ledger counted for one identity and session. */
export interface LedgerFigures {
  /** Tool calls passed in this session. */
  actions: number;
  /** Calls of each tool passed to this identity (any session) in the last 60 seconds; tools with none left out. */
  callsLastMinute: Map<string, number>;
  /** What the calls passed to this identity (any session) this UTC day moved (agent-firewall's amounts). */
  dailyTotal: number;
}

/** Session ids are the client's: kept to this many characters (ids sharing the prefix count together). */
const SESSION_ID_CHARS = 128;
const WINDOW_S = 60;
const DAY_MS = 24 * 60 * 60 * 1000;
const utcDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** Calls of one tool per second over the last minute: a ring of 60 one-second buckets. */
class MinuteWindow {
  private readonly counts = new Array<number>(WINDOW_S).fill(0);
  /** The second (epoch) each bucket holds; a bucket of an older second is stale. */
  private readonly seconds = new Array<number>(WINDOW_S).fill(-Infinity);

  add(nowMs: number, n: number): void {
    const s = Math.floor(nowMs / 1000);
    const slot = ((s % WINDOW_S) + WINDOW_S) % WINDOW_S;
    if (this.seconds[slot] !== s) {
      this.seconds[slot] = s;
      this.counts[slot] = 0;
    }
    this.counts[slot]! += n;
  }

  total(nowMs: number): number {
    const s = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let i = 0; i < WINDOW_S; i++) {
      const at = this.seconds[i]!;
      if (at > s - WINDOW_S && at <= s) sum += this.counts[i]!;
    }
    return sum;
  }
}

interface IdentityEntry {
  lastSeen: number;
  /** Session id -> actions; insertion order is recency (touched entries are moved to the end). */
  sessions: Map<string, number>;
  tools: Map<string, MinuteWindow>;
  /** The UTC day (days since the epoch) `dayTotal` is for. */
  day: number;
  dayTotal: number;
}

/** Moves `key` to the most recent end of `map` with `value`, then drops the least recent entries past `cap`. */
function touch<V>(map: Map<string, V>, key: string, value: V, cap: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) map.delete(map.keys().next().value as string);
}

export class SessionLedger {
  private readonly identities = new Map<string, IdentityEntry>();
  private readonly limits: SessionLedgerLimits;

  constructor(limits: Partial<SessionLedgerLimits> = {}) {
    this.limits = { ...DEFAULT_LEDGER_LIMITS, ...limits };
  }

  /** Identities held (for tests and diagnostics). */
  get size(): number {
    return this.identities.size;
  }

  /** What was counted for `identity` / `sessionId` as of `now`. Reading creates nothing. */
  figures(identity: string, sessionId: string, now: number): LedgerFigures {
    const entry = this.live(identity, now);
    const callsLastMinute = new Map<string, number>();
    if (entry === undefined) return { actions: 0, callsLastMinute, dailyTotal: 0 };
    for (const [tool, window] of entry.tools) {
      const n = window.total(now);
      if (n > 0) callsLastMinute.set(tool, n);
    }
    const dailyTotal = entry.day === utcDay(now) ? entry.dayTotal : 0;
    return { actions: entry.sessions.get(sessionKey(sessionId)) ?? 0, callsLastMinute, dailyTotal };
  }

  /**
   * Counts `tools` (one name per call passed to the client) for `identity` / `sessionId` at `now`, `actions`
   * of them towards the session's actions (fewer when they are several choices of one answer, of which the
   * client runs one: answerCount), and `amount`, what those calls move, towards the identity's total for the
   * UTC day of `now`.
   */
  record(
    identity: string,
    sessionId: string,
    tools: readonly string[],
    now: number,
    amount = 0,
    actions = tools.length,
  ): void {
    if (tools.length === 0) return;
    const { maxIdentities, maxSessions, maxTools } = this.limits;
    const entry = this.live(identity, now) ?? {
      lastSeen: now,
      sessions: new Map(),
      tools: new Map(),
      day: utcDay(now),
      dayTotal: 0,
    };
    entry.lastSeen = now;
    if (entry.day !== utcDay(now)) [entry.day, entry.dayTotal] = [utcDay(now), 0];
    entry.dayTotal += amount;
    touch(this.identities, identity, entry, maxIdentities);
    const key = sessionKey(sessionId);
    touch(entry.sessions, key, (entry.sessions.get(key) ?? 0) + actions, maxSessions);
    const perTool = new Map<string, number>();
    for (const t of tools) perTool.set(t, (perTool.get(t) ?? 0) + 1);
    for (const [tool, n] of perTool) {
      const window = entry.tools.get(tool) ?? new MinuteWindow();
      window.add(now, n);
      touch(entry.tools, tool, window, maxTools);
    }
    this.sweep(now);
  }

  /** The entry of `identity`, unless it has been idle past `idleMs` (then it is dropped). */
  private live(identity: string, now: number): IdentityEntry | undefined {
    const entry = this.identities.get(identity);
    if (entry !== undefined && now - entry.lastSeen > this.limits.idleMs) {
      this.identities.delete(identity);
      return undefined;
    }
    return entry;
  }

  /** Drops idle identities from the least recent end (recency order makes this stop at the first live one). */
  private sweep(now: number): void {
    for (const [identity, entry] of this.identities) {
      if (now - entry.lastSeen <= this.limits.idleMs) return;
      this.identities.delete(identity);
    }
  }
}

const sessionKey = (id: string): string => id.slice(0, SESSION_ID_CHARS);
