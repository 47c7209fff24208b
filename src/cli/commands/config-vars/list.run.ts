import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';

/** `kt config-vars list`: metadata only (the API never returns values). */
export const run: CommandRun = async (ctx, _args, options) => {
  const { withConnection } = await import('../../connect.js');
  const { listConfigVars } = await import('../../../api/endpoints.js');
  const variables = await withConnection(ctx, options, ({ client }) => listConfigVars(client));
  const data = { variables };
  if (jsonMode(options)) return { data };
  return {
    data,
    render: () => {
      if (variables.length === 0) return 'no config variables\n';
      const rows = [['NAME', 'VERSION', 'UPDATED', 'DESCRIPTION'], ...variables.map((v) => [v.name, String(v.version), v.updated_at ?? '-', v.description ?? ''])];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      return rows.map((r) => r.map(stripControls).map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
    },
  };
};
