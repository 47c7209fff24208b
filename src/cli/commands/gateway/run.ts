import { defineCommand } from '../../command.js';
import { textOrJsonOptions } from '../output-options.js';

export const gatewayRunCommand = defineCommand({
  path: 'gateway run',
  summary: 'Run a local gateway that enforces a pack on OpenAI-compatible traffic',
  description:
    'Validates the pack, then serves the OpenAI-compatible data plane, /health, /metrics and the admin API ' +
    '(docs/gateway.md). Prints the listen URL on stderr when ready and one log line per request; stdout stays empty. ' +
    'SIGHUP re-reads the pack; SIGINT/SIGTERM stop after requests in flight finish (a second one cuts them). ' +
    'With --dry-run it runs the same start-up checks, binds and releases the address, prints a summary on ' +
    'stdout and exits 0, or with the exit status of the first check that fails.',
  options: [
    {
      flags: '-c, --policy-config <path>',
      description: 'pack to enforce (one file; default ./policy-config.yaml when it exists)',
      env: 'KEEPTRUSTS_POLICY_CONFIG',
      // The public docs layer repeated files; kt serves one, and taking the last silently would drop the
      // policies of the others, so a repeat is refused (not `repeatable`: the man page would say it may
      // be repeated).
      repeatedHint:
        'kt gateway run serves one pack file (layering several is not supported): merge the packs into one file (one policies.chain), then pass it once',
    },
    {
      flags: '--config <path>',
      description: 'same as --policy-config (the form of the public CI guide)',
      repeatedHint:
        'kt gateway run serves one pack file (layering several is not supported): merge the packs into one file (one policies.chain), then pass it once',
    },
    {
      flags: '--dry-run',
      description:
        'check everything a start checks (pack, providers and their secrets, TLS files, state directory, the address: bound and released), print a summary and exit; serves nothing, writes nothing',
    },
    {
      flags: '--timeout <duration>',
      description: 'bound on the start-up checks (the whole of a --dry-run), e.g. 30s; past it, exit 5',
    },
    // The --dry-run summary's format (JSON without --dry-run is refused: a running gateway prints no data).
    ...textOrJsonOptions,
    {
      flags: '--listen <host:port>',
      description: 'address to listen on',
      default: '127.0.0.1:41002',
      env: 'KEEPTRUSTS_LISTEN',
    },
    {
      flags: '--state-dir <dir>',
      description: 'state directory (admin token, events, config variables)',
      env: 'KT_STATE_DIR',
    },
    {
      flags: '--fail-mode <mode>',
      description: 'what a failing policy step does',
      choices: ['block', 'allow'],
      default: 'block',
    },
    {
      flags: '--max-concurrency <n>',
      description: 'requests served at once before answering 503',
      default: '16',
      env: 'KEEPTRUSTS_GATEWAY_MAX_CONCURRENCY',
    },
    {
      flags: '--max-body-bytes <n>',
      description: 'largest chat request body accepted (413 beyond; not admin bodies)',
      default: '1048576',
    },
    {
      flags: '--admin-token-file <path>',
      description:
        'file holding the admin token (else KT_ADMIN_TOKEN, the token itself; else <state-dir>/admin-token, generated on first start)',
    },
    {
      flags: '--gateway-id <id>',
      description: 'gateway id recorded in events',
      default: 'local',
      env: 'KEEPTRUSTS_GATEWAY_ID',
    },
    {
      flags: '--log-format <format>',
      description: 'request log format on stderr',
      choices: ['text', 'json'],
      default: 'text',
    },
  ],
  examples: [
    { command: 'kt gateway run --policy-config policy-config.yaml', description: 'serve on 127.0.0.1:41002' },
    {
      command: 'kt gateway run --config config/policy-config.yaml --dry-run --timeout 30s',
      description: 'CI: would the gateway start with this pack here? (nothing is served)',
    },
    {
      command: 'kt gateway run -c pack.yaml --listen 127.0.0.1:0 --log-format json',
      description: 'any free port, JSON request log',
    },
  ],
  load: () => import('./run.run.js'),
});
