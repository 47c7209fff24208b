/**
 * From `--from/--to/--filter` to the query of GET /v1/events. Filters are `key:value` (or `key=value`),
 * repeatable and comma-separated; `action`/`decision`/`outcome` mean `verdict`, and verdict values
 * accept verbs and past participles alike (`action:blocked` == `verdict:block`).
 */
import { KtError } from '../errors.js';
import { didYouMean } from '../schema/suggest.js';

const keyAliases: Record<string, string> = {
  verdict: 'verdict',
  action: 'verdict',
  decision: 'verdict',
  outcome: 'verdict',
  policy: 'policy',
  reason: 'reason',
  reason_code: 'reason',
  provider: 'provider',
  model: 'model',
  user: 'user',
  team: 'team',
  gateway: 'gateway',
  gateway_id: 'gateway',
};

/**
 * A value to show for each key, in a hint about a filter given without one (`user:` -> `e.g. user:alice`):
 * an example of what that key takes, not `action:blocked` whatever was typed. Verdicts in the seed's
 * spelling (`action:blocked`); the others look like what the gateway records (the pack's policy kinds,
 * reason codes, provider and model names, identity headers, the default gateway id).
 */
const exampleValues: Record<string, string> = {
  verdict: 'blocked',
  policy: 'pii-detector',
  reason: 'prompt_injection.detected',
  provider: 'openai',
  model: 'gpt-4o-mini',
  user: 'alice',
  team: 'payments',
  gateway: 'local',
};

const verdictAliases: Record<string, string> = {
  allow: 'allow',
  allowed: 'allow',
  pass: 'allow',
  passed: 'allow',
  block: 'block',
  blocked: 'block',
  deny: 'block',
  denied: 'block',
  redact: 'redact',
  redacted: 'redact',
  escalate: 'escalate',
  escalated: 'escalate',
};

/**
 * The filters of an events command: each `--filter`, `--verdict V[,V]` (the public docs' spelling for
 * `kt events tail`) as `verdict:V[,V]` and `--policy P[,P]` (their tail tutorial's) as `policy:P[,P]`.
 * An error names the option the value was given with.
 */
export function filterOptions(options: {
  filter?: unknown;
  verdict?: unknown;
  policy?: unknown;
}): Record<string, string[]> {
  const given: FilterText[] = Array.isArray(options.filter)
    ? (options.filter as unknown[]).map((f) => ({ text: String(f), option: `--filter "${String(f)}"` }))
    : [];
  for (const key of ['verdict', 'policy'] as const) {
    if (options[key] === undefined) continue;
    const values = String(options[key]);
    given.push({ text: `${key}:${values}`, option: `--${key} "${values}"`, flag: `--${key}` });
  }
  return filterQuery(given);
}

/** Parses repeatable `--filter` values into the API's filter parameters. */
export function parseFilters(filters: readonly string[]): Record<string, string[]> {
  return filterQuery(filters.map((text) => ({ text, option: `--filter "${text}"` })));
}

/** A filter as typed, and how an error about it quotes it (`--filter "x:y"`, `--verdict "x"`). */
interface FilterText {
  text: string;
  option: string;
  /** `--verdict` or `--policy` when the filter came with that option rather than `--filter`. */
  flag?: string;
}

function filterQuery(filters: readonly FilterText[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { text, option, flag } of filters) {
    const m = /^\s*([A-Za-z_]+)\s*[:=]\s*(.*?)\s*$/.exec(text);
    if (!m) throw new KtError('usage.invalid_filter', `${option}: expected key:value, e.g. action:blocked`);
    const key = keyAliases[m[1]!.toLowerCase()];
    if (!key) {
      throw new KtError('usage.invalid_filter', `${option}: unknown key "${m[1]}"${suggestion(m[1]!, keyAliases)}`, {
        hint: 'keys: verdict (or action), policy, reason, provider, model, user, team, gateway',
      });
    }
    const values = m[2]!
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    // `policy:,` would otherwise drop out of the query and list every event as if unfiltered.
    if (values.length === 0)
      throw new KtError('usage.invalid_filter', `${option}: no value for "${m[1]}"`, {
        // The key as typed (`action:`, `gateway_id:`), with a value of its kind.
        hint: flag === undefined ? `e.g. ${m[1]}:${exampleValues[key]}` : `e.g. ${flag} ${exampleValues[key]}`,
      });
    for (let value of values) {
      if (key === 'verdict') {
        const v = verdictAliases[value.toLowerCase()];
        if (!v)
          throw new KtError(
            'usage.invalid_filter',
            `${option}: unknown verdict "${value}"${suggestion(value, verdictAliases)}`,
            {
              hint: 'verdicts: allow, block, redact, escalate (or allowed, blocked, redacted, escalated)',
            },
          );
        value = v;
      }
      const list = (out[key] ??= []);
      if (!list.includes(value)) list.push(value);
    }
  }
  return out;
}

/** ` (did you mean X?)` for a word close to one of the names, else nothing. */
function suggestion(word: string, names: Record<string, string>): string {
  const close = didYouMean(word, Object.keys(names));
  return close === undefined ? '' : ` (did you mean ${close}?)`;
}

// Units are case-insensitive (`24H`, `7D`), except `M`: see ambiguousDuration.
const relative = /^(\d+)\s*([smhdw])$/i;
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * A duration such as `15m`, `24h`, `7d` or `2w` (units s, m, h, d, w, in either case) in milliseconds;
 * undefined for other text, `15M` included (see ambiguousDuration).
 */
export function durationMs(text: string): number | undefined {
  const rel = relative.exec(text.trim());
  if (!rel || rel[2] === 'M') return undefined;
  const unit = rel[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w';
  return Number(rel[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[unit];
}

/**
 * Why a duration is refused when the reason is not plain, else undefined. Decision: `S`, `H`, `D`, `W`
 * read as their lower case (no other meaning), but `15M` is refused rather than guessed: `M` is months in
 * ISO 8601 and in many tools (`1M` in date libraries), minutes in others, and reading the wrong one moves
 * a report's period or a key's lifetime by a factor of 43,200 without a word.
 */
export function ambiguousDuration(text: string): string | undefined {
  const rel = relative.exec(text.trim());
  if (rel?.[2] !== 'M') return undefined;
  return `"M" is ambiguous (minutes or months?): write ${rel[1]}m for minutes, or days (30d) or a date for months`;
}

/**
 * Parses a time flag into RFC 3339 UTC. Accepts RFC 3339 with an offset, a date (`2025-04-30`: the
 * start of that day, or - for an end bound - the start of the next day, so `--to 2025-04-30` includes
 * the whole 30th), a relative age (`15m`, `24h`, `7d`, `2w`; units in either case but `M`) or `now`.
 */
export function parseTime(text: string, flag: string, now: number, end = false): string {
  const t = text.trim();
  // RFC 3339's years, 0000-9999: an age past them (`--from 99999999999999999999d`) was an invalid date (an
  // internal error), one short of that an expanded year (`-271821-...`) that no server takes.
  const iso = (ms: number): string => {
    if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000))
      throw new KtError('usage.invalid_time', `${flag} "${text}": outside the years 0000-9999`);
    return new Date(ms).toISOString();
  };
  if (t.toLowerCase() === 'now') return iso(now);
  const age = durationMs(t);
  if (age !== undefined) return iso(now - age);
  const ambiguous = ambiguousDuration(t);
  if (ambiguous !== undefined) throw new KtError('usage.invalid_time', `${flag} "${text}": ${ambiguous}`);
  // The calendar date of either form must exist: Date.UTC and Date.parse would roll 2025-02-30 over into
  // March (a typo must not silently move the period).
  const calendarDay = (m: RegExpExecArray): number => {
    // setUTCFullYear, not Date.UTC, which reads the years 0000-0099 as 1900-1999.
    const back = new Date(0);
    const ms = back.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (Number.isNaN(ms) || back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) {
      throw new KtError('usage.invalid_time', `${flag} "${text}": no such date`);
    }
    return ms;
  };
  const day = dateOnly.exec(t);
  if (day) {
    const ms = calendarDay(day);
    return iso(end ? ms + 8.64e7 : ms);
  }
  const stamp = rfc3339.exec(t);
  if (stamp) {
    calendarDay(stamp);
    // RFC 3339 hours are 00-23 (Date.parse reads 24:00 as the next day's midnight).
    if (Number(stamp[4]) > 23) throw new KtError('usage.invalid_time', `${flag} "${text}": no such time`);
    const ms = Date.parse(t.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return iso(ms).replace('Z', `${subMillisecond(stamp[7])}Z`);
  }
  // Decision: a date and time without an offset (ISO 8601 local time, `date +%FT%T`) is refused, naming
  // what is missing, rather than read as UTC or as this machine's zone: either guess moves the period by
  // hours without a word, as `15M` would by months (kubectl's --since-time refuses it too).
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(t))
    throw new KtError('usage.invalid_time', `${flag} "${text}": no UTC offset, so the time zone is unknown`, {
      hint: `add Z for UTC (${t}Z) or the offset of its zone (+02:00)`,
    });
  throw new KtError('usage.invalid_time', `${flag} "${text}": not a time`, {
    hint: 'use RFC 3339 (2025-04-01T00:00:00Z), a date (2025-04-01), a relative age (15m, 24h, 7d) or now',
  });
}

/**
 * The digits of a fraction past the millisecond (`.322500` -> `5`), which toISOString drops: events carry
 * microseconds, so `--to ...20.322500Z` must not become `.322Z` and leave out an event at `.322100`.
 * Trailing zeros go; at most nanoseconds are kept.
 */
function subMillisecond(fraction: string | undefined): string {
  return (fraction ?? '').slice(4, 10).replace(/0+$/, '');
}

/** A UTC RFC 3339 time whose fraction is padded to nanoseconds, so that two of them compare as strings. */
const sortable = (iso: string): string =>
  iso.replace(/(?:\.(\d*))?Z$/, (_m, f: string | undefined) => `.${(f ?? '').padEnd(9, '0')}Z`);

export interface TimeRange {
  from?: string;
  to?: string;
}

/**
 * The value of option `--a` or of its alias `--b`, and the name it was given under (an error about the value
 * names what the operator typed); undefined when neither is given. Both together are refused (neither value
 * echoed): one of them would silently be dropped.
 */
export function optionOrAlias(
  options: Record<string, unknown>,
  a: string,
  b: string,
): { text: string; flag: string } | undefined {
  if (typeof options[a] === 'string' && typeof options[b] === 'string') {
    throw new KtError('usage.repeated_option', `--${a} and --${b} given together: --${b} is an alias of --${a}`, {
      hint: `give one of them`,
    });
  }
  if (typeof options[a] === 'string') return { text: options[a] as string, flag: `--${a}` };
  if (typeof options[b] === 'string') return { text: options[b] as string, flag: `--${b}` };
  return undefined;
}

/**
 * `--from/--since` and `--to/--until` from parsed options (optionOrAlias); checks from <= to.
 */
export function timeRange(options: Record<string, unknown>, now: number): TimeRange {
  const fromGiven = optionOrAlias(options, 'from', 'since');
  const toGiven = optionOrAlias(options, 'to', 'until');
  const range: TimeRange = {};
  if (fromGiven !== undefined) range.from = parseTime(fromGiven.text, fromGiven.flag, now);
  if (toGiven !== undefined) range.to = parseTime(toGiven.text, toGiven.flag, now, true);
  if (range.from && range.to) {
    // A date in --to ends where the next day starts: a --from at that instant is after the whole day
    // (`--from 2026-11-23 --to 2026-11-22`), not an empty period to query.
    const toText = toGiven!.text.trim();
    const toDate = dateOnly.test(toText);
    const from = sortable(range.from);
    const to = sortable(range.to);
    if (from > to || (toDate && from === to)) {
      const until = toDate ? `${toText}, which ends at ${range.to}` : range.to;
      throw new KtError(
        'usage.invalid_time',
        from === to
          ? `${fromGiven!.flag} (${range.from}) is where ${toGiven!.flag} (${until}) ends: the period is empty`
          : `${fromGiven!.flag} (${range.from}) is after ${toGiven!.flag} (${until})`,
      );
    }
  }
  return range;
}
