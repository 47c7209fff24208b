/**
 * Connection settings resolution, pure: flags > environment > profile > local gateway > default.
 * Every value carries its source so `kt auth status` and `--debug` can say where it came from.
 */
import { resolve } from 'node:path';
import { KtError } from '../errors.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:41002';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_PROFILE = 'default';

export interface ProfileEntry {
  api_url?: string;
  token?: string;
  ca_cert?: string;
  client_cert?: string;
  client_key?: string;
  timeout?: string;
}

export interface ConfigFile {
  current_profile?: string;
  profiles?: Record<string, ProfileEntry>;
}

/**
 * The profile `name` of the file, if it has one of its own. A name is free text, so `constructor` or
 * `__proto__` must not find (or, when written, replace) a member of Object.prototype.
 */
export function profileEntry(file: ConfigFile | undefined, name: string): ProfileEntry | undefined {
  const profiles = file?.profiles;
  return profiles !== undefined && Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

export interface ConnectionFlags {
  apiUrl?: string;
  profile?: string;
  timeout?: string;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
}

export type Source = 'flag' | 'env' | 'profile' | 'gateway.json' | 'state-dir' | 'default' | 'none';

export interface Settings {
  profile: string;
  profileSource: Source;
  apiUrl: string;
  apiUrlSource: Source;
  /** True when the target is the local gateway (default URL or the one in gateway.json). */
  localTarget: boolean;
  token?: string;
  /** `state-dir` means: read `<state-dir>/admin-token` (the caller does the I/O). */
  tokenSource: Source;
  timeoutMs: number;
  timeoutSource: Source;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
}

export interface LocalGateway {
  /** Listen URL from `<state-dir>/gateway.json`, when a gateway is running. */
  url?: string;
}

/**
 * The profile a command uses: --profile > KT_PROFILE > the file's current profile > `default`. A name
 * the operator gave (flag or variable) must exist in the file, unless the command creates profiles
 * (`kt auth login`): a typo would otherwise run against the default gateway with no token. The error
 * names where the name came from, as optionSource does for option values; the code (and exit 3) is
 * the same for both.
 */
export function selectProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  file: ConfigFile | undefined,
  opts: { allowNewProfile?: boolean } = {},
): { profile: string; profileSource: Source } {
  if (flag === '') throw emptyOption('--profile');
  const profileFromFlag = nonEmpty(flag);
  const profileFromEnv = nonEmpty(env.KT_PROFILE);
  const profileFromFile = nonEmpty(file?.current_profile);
  const profile = profileFromFlag ?? profileFromEnv ?? profileFromFile ?? DEFAULT_PROFILE;
  const profileSource: Source = profileFromFlag
    ? 'flag'
    : profileFromEnv
      ? 'env'
      : profileFromFile
        ? 'profile'
        : 'default';
  if ((profileSource === 'flag' || profileSource === 'env') && !opts.allowNewProfile && !profileEntry(file, profile)) {
    const fromEnv = profileSource === 'env';
    throw new KtError(
      'config.unknown_profile',
      `profile "${profile}"${fromEnv ? ' (from KT_PROFILE)' : ''} does not exist`,
      {
        hint: `create it with \`kt auth login --profile NAME\`${fromEnv ? ', or unset KT_PROFILE' : ''}`,
      },
    );
  }
  return { profile, profileSource };
}

/**
 * Resolves where and how to connect. Pure: the caller reads the config file, env and gateway.json.
 * The profile token is only sent to the profile's own API URL (or any URL when the profile names none),
 * so `--api-url https://elsewhere` never leaks a stored token to another host.
 */
export function resolveSettings(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  file: ConfigFile | undefined,
  local: LocalGateway = {},
  opts: { allowNewProfile?: boolean; profileDir?: string } = {},
): Settings {
  const named: Array<[keyof ConnectionFlags, string]> = [
    ['apiUrl', '--api-url'],
    ['timeout', '--timeout'],
    ['caCert', '--ca-cert'],
    ['clientCert', '--client-cert'],
    ['clientKey', '--client-key'],
  ];
  for (const [key, option] of named) if (flags[key] === '') throw emptyOption(option);
  const { profile, profileSource } = selectProfile(flags.profile, env, file, opts);
  const entry: ProfileEntry = profileEntry(file, profile) ?? {};

  let apiUrl: string;
  let apiUrlSource: Source;
  const flagUrl = nonEmpty(flags.apiUrl);
  const envUrl = nonEmpty(env.KEEPTRUSTS_API_URL);
  const profileUrl = nonEmpty(entry.api_url);
  // A bad URL from --api-url or KEEPTRUSTS_API_URL is a usage error (exit 2, the house rule for a bad
  // value, the message naming the variable when it came from there); one in the profile file or in
  // gateway.json is a configuration error (exit 3).
  if (flagUrl) [apiUrl, apiUrlSource] = [normaliseUrl(flagUrl, 'usage.invalid_api_url', '--api-url'), 'flag'];
  else if (envUrl)
    [apiUrl, apiUrlSource] = [normaliseUrl(envUrl, 'usage.invalid_api_url', 'KEEPTRUSTS_API_URL'), 'env'];
  else if (profileUrl)
    [apiUrl, apiUrlSource] = [
      normaliseUrl(profileUrl, 'config.invalid_api_url', `profile "${profile}" api_url`),
      'profile',
    ];
  else if (local.url)
    [apiUrl, apiUrlSource] = [normaliseUrl(local.url, 'config.invalid_api_url', 'gateway.json url'), 'gateway.json'];
  else [apiUrl, apiUrlSource] = [DEFAULT_API_URL, 'default'];

  const localOrigins = new Set([origin(DEFAULT_API_URL), ...(local.url ? [origin(local.url)] : [])]);
  const localTarget = apiUrlSource === 'default' || apiUrlSource === 'gateway.json' || localOrigins.has(origin(apiUrl));

  let token: string | undefined;
  let tokenSource: Source = 'none';
  const envToken = nonEmpty(env.KEEPTRUSTS_API_TOKEN);
  const profileToken = nonEmpty(entry.token);
  if (envToken) [token, tokenSource] = [envToken, 'env'];
  // A profile's token goes to its own URL only; a profile without one (`kt auth login` to the local
  // gateway saves none, as its port changes) is the local gateway's, and its token goes to no other.
  else if (profileToken && (profileUrl ? origin(profileUrl) === origin(apiUrl) : localTarget))
    [token, tokenSource] = [profileToken, 'profile'];
  else if (localTarget) tokenSource = 'state-dir';

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let timeoutSource: Source = 'default';
  if (nonEmpty(flags.timeout))
    [timeoutMs, timeoutSource] = [parseDuration(flags.timeout!, '--timeout', 'usage.invalid_timeout'), 'flag'];
  else if (nonEmpty(entry.timeout))
    [timeoutMs, timeoutSource] = [
      parseDuration(entry.timeout!, `profile "${profile}" timeout`, 'config.invalid_timeout'),
      'profile',
    ];

  const settings: Settings = {
    profile,
    profileSource,
    apiUrl,
    apiUrlSource,
    localTarget,
    tokenSource,
    timeoutMs,
    timeoutSource,
  };
  if (token !== undefined) settings.token = token;
  // A relative path in the profile file is relative to that file's directory (as kubeconfig's are), not
  // to wherever a command runs: read from the working directory, it named a different file in each.
  const fromProfile = (path: string | undefined) =>
    path === undefined || opts.profileDir === undefined ? path : resolve(opts.profileDir, path);
  const caCert = nonEmpty(flags.caCert) ?? fromProfile(nonEmpty(entry.ca_cert));
  const clientCert = nonEmpty(flags.clientCert) ?? fromProfile(nonEmpty(entry.client_cert));
  const clientKey = nonEmpty(flags.clientKey) ?? fromProfile(nonEmpty(entry.client_key));
  if (caCert) settings.caCert = caCert;
  if (clientCert) settings.clientCert = clientCert;
  if (clientKey) settings.clientKey = clientKey;
  if ((clientCert === undefined) !== (clientKey === undefined)) {
    throw new KtError('usage.mtls_incomplete', '--client-cert and --client-key go together', {
      hint: 'give both for mTLS, or neither',
    });
  }
  return settings;
}

/**
 * Parses `500ms`, `30s`, `2m`, `1h` or a bare number of seconds into milliseconds. Units read in either
 * case (`30S`, `500MS`), as relative times do (src/api/events-query.ts), except a lone `M`: refused there
 * as minutes-or-months, so refused here too rather than meaning minutes in one option and not another.
 */
export function parseDuration(text: string, what: string, code = 'usage.invalid_duration'): number {
  const range = 'a number of ms, s, m or h from 1ms to 24h (a bare number is seconds)';
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (m && m[2] === 'M')
    throw new KtError(code, `${what}: "${text}" is not a duration`, {
      hint: 'write m for minutes (M is minutes or months)',
    });
  // A number with another unit (`25d`, `1w`, `5min`): say which units are, rather than "not a duration".
  if (m && m[2] !== '' && !/^(?:ms|s|m|h)$/i.test(m[2]!))
    throw new KtError(code, `${what}: "${text}": unit "${m[2]}" is not one of ms, s, m, h`, {
      hint: `use ${range}, e.g. 30s or 24h`,
    });
  if (!m)
    throw new KtError(code, `${what}: "${text}" is not a duration`, { hint: `use ${range}, e.g. 500ms, 30s, 2m` });
  const n = Number(m[1]);
  const unit = (m[2] || 's').toLowerCase();
  const ms = n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
  if (!(ms > 0) || ms > 86_400_000)
    throw new KtError(code, `${what}: "${text}" must be between 1ms and 24h`, { hint: `use ${range}` });
  return Math.round(ms);
}

function normaliseUrl(text: string, code: string, what: string): string {
  // `localhost:41002` or `api.example.com` without a scheme: URL reads the first as scheme `localhost:`
  // ("only http and https") and refuses the second; the fix is the same for both, so say it.
  const host = /^(?:(localhost|127(?:\.\d+){3}|\[::1\])|[\w-]+(?:\.[\w-]+)+)(?::\d+)?(?:\/|$)/i.exec(text);
  const hint =
    host === null ? undefined : `a URL starts with its scheme: did you mean ${host[1] ? 'http' : 'https'}://${text}?`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Echoed, but never a password it may carry (`https://user:pw@host:99999` is no URL either).
    throw new KtError(code, `${what}: "${text.replace(/^([a-z][\w+.-]*:\/\/).*@/i, '$1***@')}" is not a URL`, {
      hint: hint ?? 'use e.g. https://api.example.com or http://127.0.0.1:41002',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new KtError(code, `${what}: only http and https URLs are supported`, hint === undefined ? {} : { hint });
  if (url.username || url.password)
    throw new KtError(code, `${what}: credentials in the URL are not supported; use a token`);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * An option given with an empty value (`--api-url "$URL"` with URL unset) is refused: falling back to
 * the next source would run the command against another target (the local gateway) in silence. An
 * empty environment variable, by contrast, counts as unset, as is usual for variables.
 */
function emptyOption(option: string): KtError {
  return new KtError('usage.empty_option', `${option} is empty`, {
    hint: `give ${option} a value, or leave it out (a shell variable that is not set expands to nothing)`,
  });
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
