import { describe, expect, it } from 'vitest';
import { durationMs, parseFilters, parseTime, timeRange } from '../../../src/api/events-query.js';
import { filterCompletions } from '../../../src/cli/commands/events/filter-options.js';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';

const now = Date.UTC(2025, 4, 10, 12, 0, 0);

describe('parseFilters', () => {
  it('accepts verbs and past participles alike and the action/decision aliases', () => {
    expect(parseFilters(['action:blocked'])).toEqual({ verdict: ['block'] });
    expect(parseFilters(['verdict:block', 'decision=redacted,escalated', 'outcome:allowed'])).toEqual({
      verdict: ['block', 'redact', 'escalate', 'allow'],
    });
  });
  it('maps the other keys and de-duplicates values', () => {
    expect(
      parseFilters([
        'policy:pii-detector',
        'policy:pii-detector',
        'model:gpt-4o',
        'user:ana',
        'team:x',
        'gateway:gw1',
        'provider:openai',
        'reason:pii.detected',
      ]),
    ).toEqual({
      policy: ['pii-detector'],
      model: ['gpt-4o'],
      user: ['ana'],
      team: ['x'],
      gateway: ['gw1'],
      provider: ['openai'],
      reason: ['pii.detected'],
    });
  });
  it('rejects unknown keys, unknown verdicts and malformed filters as usage errors', () => {
    expect(() => parseFilters(['color:red'])).toThrow(/unknown key "color"/);
    expect(() => parseFilters(['action:exploded'])).toThrow(/unknown verdict "exploded"/);
    expect(() => parseFilters(['blocked'])).toThrow(/expected key:value/);
    expect(() => parseFilters(['teem:x'])).toThrow(/unknown key "teem" \(did you mean team\?\)/);
    expect(() => parseFilters(['verdict:escalatd'])).toThrow(/unknown verdict "escalatd" \(did you mean escalate\?\)/);
    expect(() => parseFilters(['policy: , '])).toThrow(/no value for "policy"/);
    try {
      parseFilters(['x']);
    } catch (e) {
      expect(exitCodeFor((e as { code: string }).code)).toBe(2);
    }
  });
});

describe('parseTime', () => {
  it('keeps to the years 0000-9999: an age past them is a usage error, not a crash or an expanded year', () => {
    const now = Date.UTC(2025, 4, 10, 12);
    for (const text of ['99999999999999999999d', '99999999d', '1000000w', '0000-01-01T00:00:00+01:00']) {
      let error: unknown;
      try {
        parseTime(text, '--from', now);
      } catch (e) {
        error = e;
      }
      expect(error, text).toMatchObject({ code: 'usage.invalid_time' });
      expect((error as Error).message, text).toContain('outside the years 0000-9999');
      expect(exitCodeFor((error as { code: string }).code), text).toBe(2);
    }
    // A year below 100 is that year (Date.UTC read 0050 as 1950).
    expect(parseTime('0050-03-01', '--from', now)).toBe('0050-03-01T00:00:00.000Z');
    expect(parseTime('9999-12-30', '--to', now, true)).toBe('9999-12-31T00:00:00.000Z');
    expect(() => parseTime('9999-12-31', '--to', now, true)).toThrow(/outside the years/);
  });

  it('relative ages count back from now', () => {
    expect(parseTime('15m', '--from', now)).toBe('2025-05-10T11:45:00.000Z');
    expect(parseTime('24h', '--from', now)).toBe('2025-05-09T12:00:00.000Z');
    expect(parseTime('7d', '--from', now)).toBe('2025-05-03T12:00:00.000Z');
    expect(parseTime('now', '--to', now)).toBe('2025-05-10T12:00:00.000Z');
  });
  it('units read in either case where that is unambiguous; M (minutes or months?) is refused, never guessed', () => {
    expect(parseTime('24H', '--from', now)).toBe(parseTime('24h', '--from', now));
    expect(parseTime('7D', '--from', now)).toBe(parseTime('7d', '--from', now));
    expect(parseTime('2W', '--from', now)).toBe(parseTime('2w', '--from', now));
    expect(parseTime('30S', '--from', now)).toBe(parseTime('30s', '--from', now));
    expect(parseTime('NOW', '--to', now)).toBe(parseTime('now', '--to', now));
    expect(durationMs('12H')).toBe(durationMs('12h'));
    expect(durationMs('15M')).toBeUndefined();
    try {
      parseTime('15M', '--since', now);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('usage.invalid_time');
      expect((e as Error).message).toBe(
        '--since "15M": "M" is ambiguous (minutes or months?): write 15m for minutes, or days (30d) or a date for months',
      );
      expect(exitCodeFor((e as { code: string }).code)).toBe(2);
    }
  });
  it('a date is the start of that day, or for --to the start of the next day', () => {
    expect(parseTime('2025-04-01', '--from', now)).toBe('2025-04-01T00:00:00.000Z');
    expect(parseTime('2025-04-30', '--to', now, true)).toBe('2025-05-01T00:00:00.000Z');
    expect(() => parseTime('2025-02-30', '--from', now)).toThrow(/no such date/);
  });
  it('RFC 3339 needs an offset and is normalised to UTC', () => {
    expect(parseTime('2025-04-01T10:00:00+02:00', '--from', now)).toBe('2025-04-01T08:00:00.000Z');
    expect(parseTime('2025-04-01T10:00:00.123456Z', '--from', now)).toBe('2025-04-01T10:00:00.123456Z');
    // Without an offset the zone is unknown: said so, with the value to give, rather than "not a time".
    for (const local of ['2025-04-01T10:00:00', '2025-04-01 10:00', '2025-04-01T10:00:00.5'])
      expect(() => parseTime(local, '--from', now), local).toThrow(
        new RegExp(`^--from "${local}": no UTC offset, so the time zone is unknown$`),
      );
    expect(() => parseTime('2025-04-01T10:00:00', '--since', now)).toThrow(
      expect.objectContaining({ details: { hint: expect.stringContaining('(2025-04-01T10:00:00Z)') } }),
    );
    expect(() => parseTime('yesterday', '--from', now)).toThrow(/not a time/);
  });
  it('keeps the digits past the millisecond (events carry microseconds), without trailing zeros', () => {
    expect(parseTime('2026-11-22T01:15:20.322500Z', '--to', now, true)).toBe('2026-11-22T01:15:20.3225Z');
    expect(parseTime('2026-11-22T03:15:20.3221+02:00', '--from', now)).toBe('2026-11-22T01:15:20.3221Z');
    expect(parseTime('2026-11-22T01:15:20.322000Z', '--from', now)).toBe('2026-11-22T01:15:20.322Z');
    expect(parseTime('2026-11-22T01:15:20.3Z', '--from', now)).toBe('2026-11-22T01:15:20.300Z');
    expect(parseTime('2026-11-22T01:15:20.123456789123Z', '--from', now)).toBe('2026-11-22T01:15:20.123456789Z');
    expect(timeRange({ from: '2026-11-22T01:15:20.3221Z', to: '2026-11-22T01:15:20.3225Z' }, now)).toEqual({
      from: '2026-11-22T01:15:20.3221Z',
      to: '2026-11-22T01:15:20.3225Z',
    });
    expect(() => timeRange({ from: '2026-11-22T01:15:20.3225Z', to: '2026-11-22T01:15:20.322Z' }, now)).toThrow(
      /is after --to/,
    );
    expect(() => timeRange({ from: '2026-11-22T01:15:20.323Z', to: '2026-11-22T01:15:20.3229Z' }, now)).toThrow(
      /is after --to/,
    );
  });
  it('an RFC 3339 time on a day that does not exist is refused, not rolled over into the next month', () => {
    expect(() => parseTime('2025-02-30T00:00:00Z', '--from', now)).toThrow(
      /--from "2025-02-30T00:00:00Z": no such date/,
    );
    expect(() => parseTime('2025-04-31T23:00:00+02:00', '--to', now, true)).toThrow(/no such date/);
    expect(() => parseTime('2025-13-01T00:00:00Z', '--from', now)).toThrow(/no such date/);
    expect(() => parseTime('2025-04-01T24:00:00Z', '--to', now, true)).toThrow(/no such time/);
    expect(parseTime('2024-02-29T12:00:00Z', '--from', now)).toBe('2024-02-29T12:00:00.000Z');
    expect(parseTime('2025-04-30T23:59:59-01:00', '--to', now, true)).toBe('2025-05-01T00:59:59.000Z');
  });
  it('timeRange takes --since/--until as aliases and checks the order', () => {
    expect(timeRange({ since: '1h', until: 'now' }, now)).toEqual({
      from: '2025-05-10T11:00:00.000Z',
      to: '2025-05-10T12:00:00.000Z',
    });
    expect(() => timeRange({ from: '2025-05-01', to: '2025-04-01' }, now)).toThrow(/is after --to/);
    expect(() => timeRange({ since: 'soon' }, now)).toThrow(/^--since "soon": not a time/);
    expect(() => timeRange({ since: '2025-05-01', until: '2025-04-01' }, now)).toThrow(
      /^--since \(.*\) is after --until/,
    );
  });
  it('timeRange: a date-only --to before the --from day is refused as the full-timestamp form is, not an empty period', () => {
    expect(() => timeRange({ from: '2026-11-23', to: '2026-11-22' }, now)).toThrow(
      /^--from \(2026-11-23T00:00:00.000Z\) is where --to \(2026-11-22, which ends at 2026-11-23T00:00:00.000Z\) ends: the period is empty$/,
    );
    expect(() => timeRange({ from: '2026-11-23T00:00:01Z', to: '2026-11-22' }, now)).toThrow(/is after --to/);
    expect(() => timeRange({ from: '2026-11-23T00:00:00Z', to: '2026-11-22T00:00:00Z' }, now)).toThrow(/is after --to/);
    expect(timeRange({ from: '2026-11-22', to: '2026-11-22' }, now)).toEqual({
      from: '2026-11-22T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
    expect(timeRange({ from: '2026-11-22T23:59:59Z', to: '2026-11-22' }, now)).toEqual({
      from: '2026-11-22T23:59:59.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
  });
  it('timeRange refuses an option together with its alias rather than drop one silently', () => {
    expect(() => timeRange({ from: '1h', since: '2h' }, now)).toThrow(/^--from and --since given together/);
    expect(() => timeRange({ to: 'now', until: '1h' }, now)).toThrow(/^--to and --until given together/);
    expect(() => timeRange({ from: '1h', since: '1h' }, now)).toThrow(/given together/);
  });
});

describe('the --filter words shell completion offers', () => {
  it('are all accepted: every key (with a value) and every key:value', () => {
    for (const word of filterCompletions) {
      const text = word.endsWith(':') ? `${word}block` : word; // a value every key takes
      expect(() => parseFilters([text]), text).not.toThrow();
    }
    expect(parseFilters(['action:blocked'])).toEqual(parseFilters(['verdict:block']));
  });
});
