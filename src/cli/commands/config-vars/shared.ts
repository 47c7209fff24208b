/**
 * Helpers shared by the config-vars commands: name checks (before any request) and a
 * 404 on a named variable reported as the user's input error (exit 3) rather than a server fault.
 */
import { hasControlCharacter } from '../../../io/terminal-text.js';
import { KtError, notFoundAs } from '../../errors.js';

/**
 * The gateway's rule (src/runtime/config-store.ts), less `.` and `..` alone: every URL parser reads those
 * (and `%2E%2E`) as path steps, so `set ..` reached `PUT /v1/` and no request could name them.
 */
const NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,128}$/;

/**
 * The variable a command is about: its NAME argument, or `--name` (the public docs write
 * `kt config-var get --name X`). Both at once must agree. `command` is the one that runs, for the hint.
 */
export function nameOf(
  args: readonly string[],
  options: { name?: unknown },
  command: 'get' | 'set' | 'rotate' | 'delete' | 'resolve',
): string | undefined {
  const positional = args[0];
  const named = typeof options.name === 'string' ? options.name : undefined;
  if (positional !== undefined && named !== undefined && positional !== named) {
    throw new KtError('usage.conflicting_name', 'the NAME argument and --name name different variables', {
      hint: 'give the name once',
    });
  }
  const name = positional ?? named;
  if (name === undefined)
    throw new KtError('usage.missing_argument', 'missing the config variable name', {
      hint: `e.g. kt config-vars ${command} OPENAI_API_KEY (or --name OPENAI_API_KEY)`,
    });
  return name;
}

/**
 * Credential shapes a name never has (kt tokens; OpenAI, Anthropic, GitHub, GitLab, AWS and Slack keys):
 * `set "$OPENAI_API_KEY"` passes the key where the name belongs, and a name is stored in clear, listed,
 * logged with each request and shown in prompts. Long and mixed enough that no real name matches.
 */
const CREDENTIAL_SHAPED =
  /^(?:kt_admin_|kt_gk_)[A-Za-z0-9_-]{16,}$|^sk-(?=[A-Za-z_-]*[0-9])(?=[0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$|^(?:gh[pousr]_|github_pat_|glpat-)[A-Za-z0-9_-]{20,}$|^(?:AKIA|ASIA)[0-9A-Z]{16}$|^xox[abprs]-[A-Za-z0-9-]{10,}$/;

export function checkName(name: string | undefined): string {
  if (name !== undefined && CREDENTIAL_SHAPED.test(name)) {
    throw new KtError(
      'usage.invalid_name',
      'the config variable name is shaped like a key or token (not repeated here); values are never taken from the command line',
      {
        hint: 'give the name (e.g. OPENAI_API_KEY) and the value on stdin, with --from-file or with --from-env; clear the shell history if the value was typed',
      },
    );
  }
  if (name === undefined || !NAME.test(name)) {
    // `NAME=value` is a value on argv: the part after "=" is never repeated (errors end up in CI logs).
    const eq = name?.indexOf('=') ?? -1;
    if (eq >= 0) {
      throw new KtError(
        'usage.invalid_name',
        `config variable name "${name!.slice(0, Math.min(eq, 128))}=…" holds a value; values are never taken from the command line`,
        {
          hint: 'give the name alone and the value on stdin, with --from-file or with --from-env',
        },
      );
    }
    throw new KtError('usage.invalid_name', `config variable name "${name ?? ''}" is not valid`, {
      hint: 'use 1-128 ASCII letters, digits, "_", "-" or "." (not "." or ".." alone), e.g. OPENAI_API_KEY',
    });
  }
  return name;
}

/**
 * The `--description` of set (and its aliases create, update) and rotate: the gateway's rule (admin-api.ts), at
 * most 2000 characters and no control characters, checked before the value is read, so a refused description
 * never costs a typed secret. The text is not repeated (an option's value may be anything pasted there).
 */
export function descriptionOf(options: { description?: unknown }): string | undefined {
  const text = options.description;
  if (typeof text !== 'string') return undefined;
  if (text.length > 2000 || hasControlCharacter(text))
    throw new KtError(
      'usage.invalid_option',
      '--description must be at most 2000 characters without control characters',
      { hint: 'a description is shown on one line of `kt config-vars list` and `get`' },
    );
  return text;
}

/** Runs `fn`, turning a 404 into `input.not_found` naming the variable. */
export function named<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return notFoundAs(`config variable ${name} does not exist`, 'see `kt config-vars list`', fn);
}

/** The write-only marker `get` shows instead of a preview: the API never returns values. */
export const HIDDEN_VALUE = '******** (write-only: the API never returns values)';
