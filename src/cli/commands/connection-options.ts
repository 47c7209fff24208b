/**
 * Connection options shared by every command that talks to a gateway or control plane, so they read
 * the same everywhere. Environment fallbacks are resolved in src/config/settings.ts (not via the
 * spec's `env`) because the order flag > env > profile > local gateway needs to know each source.
 */
import type { OptionSpec } from '../command.js';

export const connectionOptions: readonly OptionSpec[] = [
  {
    flags: '--api-url <url>',
    description: 'gateway or control-plane URL (env: KEEPTRUSTS_API_URL; default: the local gateway)',
  },
  { flags: '--profile <name>', description: 'profile from `kt auth login` (env: KT_PROFILE)' },
  {
    flags: '--state-dir <dir>',
    description: 'local gateway state dir with gateway.json and admin-token (env: KT_STATE_DIR)',
  },
  { flags: '--ca-cert <file>', description: 'PEM CA bundle to verify the server' },
  { flags: '--client-cert <file>', description: 'PEM client certificate for mTLS' },
  { flags: '--client-key <file>', description: 'PEM client key for mTLS' },
  {
    flags: '--timeout <duration>',
    description: 'deadline per API call, retries included (e.g. 10s, 500ms; default 30s)',
  },
];
