import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { jsonMode, type CommandRun } from '../../../command.js';
import { KtError } from '../../../errors.js';
import { hasControlCharacter } from '../../../../io/terminal-text.js';
import { directoryPathOutput } from '../../../../io/fs-errors.js';
import { identityOf } from './shared.js';

/**
 * User, role and team: 1-200 characters (the gateway's limit), no control characters (they would garble listings
 * and logs) and no comma: event filters list several values with commas (`--filter team:risk,ops` is risk or ops),
 * so a team named `risk,ops` could never be filtered. The gateway refuses the same (admin-api.ts).
 */
const isIdentityValue = (value: string): boolean =>
  value.length >= 1 && value.length <= 200 && !value.includes(',') && !hasControlCharacter(value);
/** Longest lifetime accepted (ten years), so that every expiry is a date the gateway can write. */
const MAX_LIFETIME_SECONDS = 10 * 365 * 86_400;

function identityValue(
  options: Record<string, unknown>,
  name: 'user' | 'role' | 'team',
  required: boolean,
): string | undefined {
  const value = options[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !isIdentityValue(value)) {
    throw new KtError(
      'usage.invalid_option',
      value === undefined
        ? `--${name} is required`
        : `--${name} must be 1-200 characters without control characters or commas`,
      {
        ...(typeof value === 'string' && value.includes(',')
          ? {
              hint: `event filters read a comma as "or" (--filter ${name}:a,b), so a name with one could not be filtered`,
            }
          : required
            ? { hint: 'e.g. kt gateway keys create --user ana --role analyst --team risk' }
            : {}),
      },
    );
  }
  return value;
}

/**
 * `kt gateway keys create --user U [--role R] [--team T] [--expires-in D] [-o FILE]`.
 * The key is the command's data: alone on stdout (so `$(...)` captures it), or written to a new 0600
 * file, whose absence is checked before the key is made. The note that it is shown once goes to stderr.
 * POST is not retried (see createGatewayKey). If the file cannot be written after all, the key is revoked,
 * so no key exists that nobody holds.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const user = identityValue(options, 'user', true)!;
  const role = identityValue(options, 'role', false);
  const team = identityValue(options, 'team', false);
  let expiresIn: number | undefined;
  if (options.expiresIn !== undefined) {
    const { ambiguousDuration, durationMs } = await import('../../../../api/events-query.js');
    const ms = durationMs(String(options.expiresIn));
    const ambiguous = ambiguousDuration(String(options.expiresIn));
    if (ambiguous !== undefined)
      throw new KtError('usage.invalid_option', `--expires-in "${String(options.expiresIn)}": ${ambiguous}`);
    if (ms === undefined || ms < 1000 || ms / 1000 > MAX_LIFETIME_SECONDS) {
      throw new KtError(
        'usage.invalid_option',
        `--expires-in "${String(options.expiresIn)}" is not a lifetime from 1s to 10 years`,
        { hint: 'e.g. 12h, 30d, 2w' },
      );
    }
    expiresIn = Math.round(ms / 1000);
  }
  const outputFile = typeof options.outputFile === 'string' ? resolve(ctx.cwd, options.outputFile) : undefined;
  if (outputFile !== undefined) {
    // `-o keys/` where no directory keys exists: resolve() drops the slash, and the file `keys` was written.
    const slashed = directoryPathOutput(String(options.outputFile), 'ci-bot.key');
    if (slashed !== undefined)
      throw new KtError('input.cannot_write', slashed.message, {
        file: String(options.outputFile),
        hint: slashed.hint,
      });
    const existing = await lstat(outputFile).catch(() => undefined);
    if (existing !== undefined)
      throw new KtError('input.file_exists', 'the file already exists; a gateway key is never written over a file', {
        file: String(options.outputFile),
      });
  }

  const { withConnection } = await import('../../../connect.js');
  const { createGatewayKey, deleteGatewayKey } = await import('../../../../api/endpoints.js');
  const input = {
    user,
    ...(role !== undefined ? { role } : {}),
    ...(team !== undefined ? { team } : {}),
    ...(expiresIn !== undefined ? { expires_in_seconds: expiresIn } : {}),
  };
  const created = await withConnection(ctx, options, ({ client }) => createGatewayKey(client, input));
  const { key, ...meta } = created;
  const expiry = meta.expires_at === null ? 'no expiry' : `expires ${meta.expires_at}`;

  if (outputFile !== undefined) {
    const { errnoOf, writeFileAtomic } = await import('../../../../io/atomic-write.js');
    try {
      await writeFileAtomic(outputFile, `${key}\n`, 0o600, { noClobber: true });
    } catch (error) {
      const reason = errnoOf(error) ?? 'write failed';
      let revoked = false;
      try {
        await withConnection(ctx, options, ({ client }) => deleteGatewayKey(client, meta.id));
        revoked = true;
      } catch {
        // Reported below: the operator must revoke it.
      }
      throw new KtError(
        'input.cannot_write',
        `cannot write the gateway key to ${String(options.outputFile)} (${reason}); ${revoked ? `key ${meta.id} was revoked` : `revoke key ${meta.id} with \`kt gateway keys revoke ${meta.id}\``}`,
        { file: String(options.outputFile) },
      );
    }
    const data = { ...meta, key_file: outputFile };
    if (jsonMode(options)) return { data };
    return {
      data,
      render: () =>
        `created gateway key ${meta.id} (${identityOf(meta)}, ${expiry}); written to ${String(options.outputFile)} (mode 0600)\n`,
    };
  }
  if (jsonMode(options)) return { data: created };
  ctx.info(
    `created gateway key ${meta.id} (${identityOf(meta)}, ${expiry}); it is shown once, on stdout: store it now`,
  );
  return { data: created, render: () => `${key}\n` };
};
