import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';
import { checkName, jsonMode, named } from './shared.js';

/** `kt config-vars delete NAME`: asks on a terminal; elsewhere needs --yes. */
export const run: CommandRun = async (ctx, args, options) => {
  const name = checkName(args[0]);
  if (options.yes !== true) {
    if (ctx.stdin.isTTY !== true) throw new KtError('usage.confirmation_required', `refusing to delete ${name} without --yes (stdin is not a terminal)`);
    const { promptLine } = await import('./confirm.js');
    const answer = await promptLine(ctx, `Delete config variable ${name}? Provider targets that use it stop working. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new KtError('usage.cancelled', 'cancelled; nothing deleted');
  }
  const { withConnection } = await import('../../connect.js');
  const { deleteConfigVar } = await import('../../../api/endpoints.js');
  await withConnection(ctx, options, ({ client }) => named(name, () => deleteConfigVar(client, name)));
  const data = { name, deleted: true };
  if (jsonMode(options)) return { data };
  return { data, render: () => `deleted ${name}\n` };
};
