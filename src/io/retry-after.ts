/**
 * `Retry-After` (RFC 9110 §10.2.3), read one way for every HTTP answer kt acts on: the gateway passing an
 * upstream's on to its client, and kt's own client waiting before a retry.
 */
/**
 * Longest wait taken from a `Retry-After`, in seconds: beyond it a client would sit idle on a value that is
 * more likely garbage than a plan.
 */
export const MAX_RETRY_AFTER_SECONDS = 300;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** The three HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** Epoch ms of an HTTP-date, or undefined when `text` is not one (or names a day that does not exist). */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  let parts: [day: string, month: string, year: number, h: string, m: string, s: string] | undefined;
  let match = IMF_FIXDATE.exec(text);
  if (match) parts = [match[1]!, match[2]!, Number(match[3]), match[4]!, match[5]!, match[6]!];
  else if ((match = RFC850.exec(text))) {
    // A two-digit year more than 50 years in the future is in the past century (RFC 9110 §5.6.7).
    const thisYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(match[3]);
    if (year > thisYear + 50) year -= 100;
    parts = [match[1]!, match[2]!, year, match[4]!, match[5]!, match[6]!];
  } else if ((match = ASCTIME.exec(text)))
    parts = [match[2]!.trim(), match[1]!, Number(match[6]), match[3]!, match[4]!, match[5]!];
  if (parts === undefined) return undefined;
  const [day, month, year, h, m, s] = parts;
  const ms = Date.UTC(year, MONTHS.indexOf(month), Number(day), Number(h), Number(m), Number(s));
  const back = new Date(ms);
  // Date.UTC rolls 31 Feb over into March and 25:00 into the next day: such a date is garbage.
  if (
    back.getUTCDate() !== Number(day) ||
    back.getUTCHours() !== Number(h) ||
    back.getUTCMinutes() !== Number(m) ||
    back.getUTCSeconds() !== Number(s)
  )
    return undefined;
  return ms;
}

/**
 * A `Retry-After` header as whole seconds: delta-seconds (digits only) or an HTTP-date
 * (seconds from now, rounded up; 0 when past), capped at MAX_RETRY_AFTER_SECONDS. Anything else (a
 * negative, fractional or hex number, an unparseable date, several different values) is dropped:
 * undefined, and the caller falls back on its own backoff.
 */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | undefined {
  const values = Array.isArray(header)
    ? [...new Set(header.map((v) => v.trim()))]
    : header === undefined
      ? []
      : [header.trim()];
  if (values.length !== 1) return undefined;
  const value = values[0]!;
  if (/^\d{1,16}$/.test(value)) return Math.min(Number(value), MAX_RETRY_AFTER_SECONDS);
  const at = parseHttpDate(value, nowMs);
  if (at === undefined) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - nowMs) / 1000)), MAX_RETRY_AFTER_SECONDS);
}
