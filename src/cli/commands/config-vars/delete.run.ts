import { jsonMode, type CommandRun } from '../../command.js';
import { checkName, named, nameOf } from './shared.js';

/** `kt config-vars delete NAME`: asks on a terminal; elsewhere needs --yes. */
export const run: CommandRun = async (ctx, args, options) => {
  const name = checkName(nameOf(args, options, 'delete'));
  const { confirmOrRefuse } = await import('../confirm.js');
  await confirmOrRefuse(ctx, options, {
    verb: 'delete',
    done: 'deleted',
    target: name,
    question: `Delete config variable ${name}? Provider targets that use it stop working.`,
  });
  const { withConnection } = await import('../../connect.js');
  const { deleteConfigVar } = await import('../../../api/endpoints.js');
  await withConnection(ctx, options, ({ client }) => named(name, () => deleteConfigVar(client, name)));
  const data = { name, deleted: true };
  if (jsonMode(options)) return { data };
  return { data, render: () => `deleted ${name}\n` };
};
