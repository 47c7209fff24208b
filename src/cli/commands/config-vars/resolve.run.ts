import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';
import { checkName, named, nameOf } from './shared.js';

/** `kt config-vars resolve NAME`: does it resolve at runtime, and which provider targets use it. Exit 1 if not. */
export const run: CommandRun = async (ctx, args, options) => {
  const name = checkName(nameOf(args, options, 'resolve'));
  const { withConnection } = await import('../../connect.js');
  const { resolveConfigVar } = await import('../../../api/endpoints.js');
  const result = await withConnection(ctx, options, ({ client }) => named(name, () => resolveConfigVar(client, name)));
  const exitCode = result.resolved ? 0 : 1;
  if (jsonMode(options)) return { data: result, exitCode };
  const envOnly = result.used_by_env ?? [];
  const used =
    (result.used_by.length > 0 ? result.used_by.join(', ') : 'no provider target (secret_key_ref.store)') +
    (envOnly.length > 0
      ? `; ${envOnly.join(', ')} read${envOnly.length === 1 ? 's' : ''} ${name} from the gateway's environment (secret_key_ref.env), not this variable`
      : '');
  return {
    data: result,
    exitCode,
    render: () =>
      stripControls(
        `${result.name} ${result.resolved ? 'resolves' : 'does NOT resolve'}${result.version !== undefined ? ` (version ${result.version}${result.updated_at ? `, updated ${result.updated_at}` : ''})` : ''}`,
      ) + `\nused by: ${stripControls(used)}\n`,
  };
};
