/**
 * The environment variables kt reads, for `kt help environment` and the ENVIRONMENT section of kt(1).
 * One list, so the help and the man page cannot disagree; a test checks that every variable the sources
 * read (and every option spec's `env`) is listed here.
 */
export const environmentTable: ReadonlyArray<{ name: string; meaning: string }> = [
  { name: 'KEEPTRUSTS_API_URL', meaning: 'gateway or control-plane URL (--api-url wins; default: the local gateway)' },
  { name: 'KEEPTRUSTS_API_TOKEN', meaning: "API token (wins over the profile's; never printed)" },
  { name: 'KT_PROFILE', meaning: 'profile from `kt auth login` to use (--profile wins)' },
  {
    name: 'KT_STATE_DIR',
    meaning: 'local gateway state dir: admin token, events, config variables (--state-dir wins)',
  },
  {
    name: 'KT_ADMIN_TOKEN',
    meaning: 'admin token of `kt gateway run` (--admin-token-file wins; at least 16 characters)',
  },
  { name: 'KEEPTRUSTS_POLICY_CONFIG', meaning: 'pack `kt gateway run` enforces (-c wins)' },
  { name: 'KEEPTRUSTS_LISTEN', meaning: 'HOST:PORT `kt gateway run` binds (--listen wins)' },
  { name: 'KEEPTRUSTS_GATEWAY_ID', meaning: 'gateway id written into events (--gateway-id wins)' },
  {
    name: 'KEEPTRUSTS_GATEWAY_MAX_CONCURRENCY',
    meaning: 'requests the gateway handles at once (--max-concurrency wins)',
  },
  {
    name: 'KT_REDACTION_KEY',
    meaning: 'key of `hash` redaction markers in policy eval/test (else a key per run / a fixed dry-run key)',
  },
  { name: 'KT_HTTP_MAX_ATTEMPTS', meaning: 'attempts per idempotent API call, retries included (1-100, default 4)' },
  { name: 'KT_EXPORT_WORKERS', meaning: 'converter threads of `kt events export` (0-8; 0 turns the thread off)' },
  { name: 'KT_FOLLOW_INTERVAL_MS', meaning: 'poll interval of `kt events list --follow` (default 2000)' },
  { name: 'HTTPS_PROXY, HTTP_PROXY, NO_PROXY', meaning: 'proxies for API calls (lower-case names too)' },
  {
    name: 'XDG_CONFIG_HOME',
    meaning: 'profiles live in $XDG_CONFIG_HOME/kt (default ~/.config/kt; a relative path is ignored)',
  },
  {
    name: 'XDG_STATE_HOME',
    meaning: 'default state dir $XDG_STATE_HOME/kt (default ~/.local/state/kt; a relative path is ignored)',
  },
  { name: 'NO_COLOR', meaning: 'no colour when set (as --no-color; --color still colours)' },
  {
    name: 'FORCE_COLOR',
    meaning: 'colour even into a pipe, as --color (0 or false: no colour); --no-color and NO_COLOR still win',
  },
];

/** The text of `kt help environment`. */
export function environmentHelp(): string {
  const width = Math.max(...environmentTable.map((r) => r.name.length));
  return `Environment variables kt reads:\n${environmentTable.map((r) => `  ${r.name.padEnd(width)}  ${r.meaning}`).join('\n')}\n`;
}
