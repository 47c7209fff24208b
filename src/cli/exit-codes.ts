/**
 * The one table from outcomes and error codes to exit statuses (DESIGN.md §5).
 * Error codes are `area.problem` strings; the area decides the status.
 */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  auth: 4,
  network: 5,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const byArea: Record<string, ExitCode> = {
  usage: ExitCode.usage,
  input: ExitCode.input,
  config: ExitCode.input,
  auth: ExitCode.auth,
  network: ExitCode.network,
  api: ExitCode.network,
  server: ExitCode.network,
  interrupted: ExitCode.interrupted,
  internal: ExitCode.internal,
};

/** Maps an error code such as `input.yaml_syntax` to its exit status; unknown areas are internal errors. */
export function exitCodeFor(code: string): ExitCode {
  const area = code.split('.', 1)[0] ?? '';
  return byArea[area] ?? ExitCode.internal;
}

/** Rows of `kt help exit-codes`. */
export const exitCodeTable: ReadonlyArray<{ code: number; meaning: string }> = [
  { code: 0, meaning: 'success' },
  {
    code: 1,
    meaning:
      'completed with findings: lint errors, failed tests, a verdict at/above --fail-on, unhealthy gateway, an event log that does not verify',
  },
  { code: 2, meaning: 'usage error: unknown command or option, bad option value, a one-value option given twice' },
  { code: 3, meaning: 'local input or configuration error: unreadable file, invalid YAML/JSON, invalid pack' },
  { code: 4, meaning: 'authentication or authorisation failure (HTTP 401/403)' },
  { code: 5, meaning: 'network or server error: unreachable, timeout, HTTP 5xx' },
  { code: 70, meaning: 'internal error (a bug in kt; please report it)' },
  {
    code: 130,
    meaning: 'interrupted (SIGINT; SIGTERM too during events export and config-vars rotate)',
  },
];
