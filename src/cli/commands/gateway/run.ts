import { defineCommand } from '../../command.js';

export const gatewayRunCommand = defineCommand({
  path: "gateway run",
  summary: "Run a local gateway that enforces a pack on OpenAI-compatible traffic",
  options: [
    { flags: "-c, --policy-config <path>", description: "pack to enforce", env: "KEEPTRUSTS_POLICY_CONFIG" },
    { flags: "--listen <host:port>", description: "address to listen on", default: "127.0.0.1:41002", env: "KEEPTRUSTS_LISTEN" },
    { flags: "--state-dir <dir>", description: "state directory (admin token, events, config variables)", env: "KT_STATE_DIR" },
    { flags: "--fail-mode <mode>", description: "what a failing policy step does", choices: ["block", "allow"], default: "block" },
    { flags: "--max-concurrency <n>", description: "requests served at once before answering 503", default: "16", env: "KEEPTRUSTS_GATEWAY_MAX_CONCURRENCY" },
    { flags: "--log-format <format>", description: "request log format on stderr", choices: ["text", "json"], default: "text" },
  ],
  examples: [
    { command: "kt gateway run --policy-config policy-config.yaml", description: "serve on 127.0.0.1:41002" },
  ],
  load: () => import('./run.run.js'),
});
