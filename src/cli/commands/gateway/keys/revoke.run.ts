import type { CommandRun } from '../../../command.js';
import { KtError } from '../../../errors.js';
import { checkKeyId, jsonMode, namedKey } from './shared.js';

/** `kt gateway keys revoke ID`: asks on a terminal; elsewhere needs --yes. */
export const run: CommandRun = async (ctx, args, options) => {
  const id = checkKeyId(args[0]);
  if (options.yes !== true) {
    if (ctx.stdin.isTTY !== true) throw new KtError('usage.confirmation_required', `refusing to revoke ${id} without --yes (stdin is not a terminal)`);
    const { promptLine } = await import('../../config-vars/confirm.js');
    const answer = await promptLine(ctx, `Revoke gateway key ${id}? Clients that use it are refused from then on. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new KtError('usage.cancelled', 'cancelled; nothing revoked');
  }
  const { withConnection } = await import('../../../connect.js');
  const { deleteGatewayKey } = await import('../../../../api/endpoints.js');
  await withConnection(ctx, options, ({ client }) => namedKey(id, () => deleteGatewayKey(client, id)));
  const data = { id, revoked: true };
  if (jsonMode(options)) return { data };
  return { data, render: () => `revoked ${id}\n` };
};
