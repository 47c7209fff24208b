/**
 * `--filter`, `--verdict` and `--policy` of `kt events list|tail|export`, so they read and complete the same in both.
 * The words shell completion offers are the keys (`policy:`, then the value is the operator's) and the
 * verdicts; src/api/events-query.ts parses them (a unit test checks that it accepts every one).
 */
import type { OptionSpec } from '../../command.js';

const verdicts = ['allow', 'block', 'redact', 'escalate'];

/** `key:` for every filter key, and `key:value` where the values are known (the verdicts). */
export const filterCompletions: readonly string[] = [
  'verdict:',
  ...verdicts.map((v) => `verdict:${v}`),
  // The seed's spelling: `action:` with past participles (`action:blocked`).
  'action:',
  ...verdicts.map((v) => `action:${v}${v.endsWith('e') ? 'd' : 'ed'}`),
  ...['policy', 'reason', 'provider', 'model', 'user', 'team', 'gateway'].map((k) => `${k}:`),
];

export const filterOptions: readonly OptionSpec[] = [
  {
    flags: '--filter <key:value>',
    description:
      'filter (repeatable), e.g. action:blocked; keys verdict (or action), policy, reason, provider, model, user, team, gateway',
    repeatable: true,
    completions: filterCompletions,
  },
  {
    flags: '--verdict <verdicts>',
    description: 'only these verdicts: allow, block, redact, escalate (comma-separated); same as --filter verdict:...',
    completions: verdicts,
  },
  {
    // The public docs' tail tutorial spelling (`kt events tail --policy pii-redaction`).
    flags: '--policy <names>',
    description: 'only events this policy ran on (comma-separated names); same as --filter policy:...',
  },
];
