import { defineCommand } from '../../command.js';

export const policyEvalCommand = defineCommand({
  path: 'policy eval',
  summary: 'Evaluate payloads against a pack locally, with no server',
  description:
    'Reads one JSON payload (an OpenAI chat-completions body or a golden-test input), possibly pretty-printed, or NDJSON (one payload per line, streamed), from --input or stdin. The input may be UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark, as Windows editors write it. Invalid UTF-8, and a key repeated within one JSON object (which would let the last value silently override what a reviewer read first), are input errors at their line:column (exit 3).',
  options: [
    {
      flags: '-f, --file <path>',
      description: 'pack to evaluate against; - for stdin (then --input names a file)',
      default: 'policy-config.yaml',
    },
    { flags: '-i, --input <path>', description: 'payload file (JSON or NDJSON); - for stdin', default: '-' },
    { flags: '--format <format>', description: 'output format', choices: ['text', 'json', 'ndjson'], default: 'text' },
    { flags: '--json', description: 'same as --format json' },
    { flags: '--all', description: 'exhaustive mode: run every step even after a block' },
    {
      flags: '--phase <phase>',
      description: 'run only this phase',
      choices: ['request', 'response', 'all'],
      default: 'all',
    },
    {
      flags: '--fail-mode <mode>',
      description: "what a policy that errors does (as the gateway's --fail-mode)",
      choices: ['block', 'allow'],
      default: 'block',
    },
    {
      flags: '--identity <user[:role[:team]]>',
      description: 'identity a verified gateway key would carry, for payloads without an identity object',
    },
    {
      flags: '--fail-on <verdict>',
      description: 'exit 1 when a decision reaches this verdict',
      choices: ['block', 'escalate', 'redact', 'never'],
      default: 'never',
    },
  ],
  examples: [
    {
      command: 'echo \'{"messages":[{"role":"user","content":"hi"}]}\' | kt policy eval --file policy-config.yaml',
      description: 'evaluate one request from stdin',
    },
    {
      command: 'kt policy eval --file pack.yaml --input payloads.ndjson --format ndjson',
      description: 'one Decision per line for a file of payloads',
    },
    {
      command: 'kt policy eval --file pack.yaml --input request.json --identity alice:analyst:risk --all',
      description: 'dry-run a plain chat body as alice, running every step',
    },
  ],
  load: () => import('./eval.run.js'),
});
