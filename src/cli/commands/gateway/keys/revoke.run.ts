import { jsonMode, type CommandRun } from '../../../command.js';
import { checkKeyId, namedKey } from './shared.js';

/** `kt gateway keys revoke ID`: asks on a terminal; elsewhere needs --yes. */
export const run: CommandRun = async (ctx, args, options) => {
  const id = checkKeyId(args[0]);
  const { confirmOrRefuse } = await import('../../confirm.js');
  await confirmOrRefuse(ctx, options, {
    verb: 'revoke',
    done: 'revoked',
    target: id,
    question: `Revoke gateway key ${id}? Clients that use it are refused from then on.`,
  });
  const { withConnection } = await import('../../../connect.js');
  const { deleteGatewayKey } = await import('../../../../api/endpoints.js');
  await withConnection(ctx, options, ({ client }) => namedKey(id, () => deleteGatewayKey(client, id)));
  const data = { id, revoked: true };
  if (jsonMode(options)) return { data };
  return { data, render: () => `revoked ${id}\n` };
};
