import { jsonMode, type CommandRun } from '../../../command.js';
import { stripControls } from '../../../../api/redact.js';

/** `kt gateway keys list`: metadata only (the gateway keeps no key, only its hash). */
export const run: CommandRun = async (ctx, _args, options) => {
  const { withConnection } = await import('../../../connect.js');
  const { listGatewayKeys } = await import('../../../../api/endpoints.js');
  const keys = await withConnection(ctx, options, ({ client }) => listGatewayKeys(client));
  const data = { keys };
  if (jsonMode(options)) return { data };
  const now = ctx.now();
  return {
    data,
    render: () => {
      if (keys.length === 0) return 'no gateway keys (create one with `kt gateway keys create --user NAME`)\n';
      const expiry = (at: string | null) => (at === null ? 'never' : Date.parse(at) <= now ? `${at} (expired)` : at);
      const rows = [
        ['ID', 'PREFIX', 'USER', 'ROLE', 'TEAM', 'CREATED', 'EXPIRES'],
        ...keys.map((k) => [k.id, `${k.prefix}...`, k.user, k.role ?? '-', k.team ?? '-', k.created_at, expiry(k.expires_at)]),
      ].map((r) => r.map(stripControls));
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
    },
  };
};
