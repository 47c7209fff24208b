import { recordsFormat, type CommandRun } from '../../command.js';
import type { ConfigVarsFormat } from '../../../output/config-vars.js';

/**
 * `kt config-vars list`: metadata only (the API never returns values). Format: `--format`, else a table
 * on a terminal and NDJSON when stdout is a pipe or file, as `kt events list`.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const format = recordsFormat<ConfigVarsFormat>(ctx, options, 'text');
  const { withConnection } = await import('../../connect.js');
  const { listConfigVars } = await import('../../../api/endpoints.js');
  const variables = await withConnection(ctx, options, ({ client }) => listConfigVars(client));
  const data = { variables };
  if (format !== 'text') {
    const { renderConfigVars } = await import('../../../output/config-vars.js');
    return { data, render: () => renderConfigVars(variables, format) };
  }
  const { emptyList, renderPlainTable } = await import('../../../output/plain-table.js');
  if (variables.length === 0)
    return { data, render: () => emptyList('config variables', 'set one with `kt config-vars set NAME`') };
  const rows = variables.map((v) => [v.name, String(v.version), v.updated_at ?? '-', v.description ?? '']);
  return {
    data,
    render: () => renderPlainTable(['NAME', 'VERSION', 'UPDATED', 'DESCRIPTION'], rows),
  };
};
