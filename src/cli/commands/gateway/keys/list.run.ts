import { recordsFormat, type CommandRun } from '../../../command.js';
import type { GatewayKeysFormat } from '../../../../output/gateway-keys.js';

/**
 * `kt gateway keys list`: metadata only (the gateway keeps no key, only its hash). Format: `--format`,
 * else a table on a terminal and NDJSON when stdout is a pipe or file, as `kt config-vars list` and
 * `kt events list`.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const format = recordsFormat<GatewayKeysFormat>(ctx, options, 'text');
  const { withConnection } = await import('../../../connect.js');
  const { listGatewayKeys } = await import('../../../../api/endpoints.js');
  const keys = await withConnection(ctx, options, ({ client }) => listGatewayKeys(client));
  const data = { keys };
  if (format !== 'text') {
    const { renderGatewayKeys } = await import('../../../../output/gateway-keys.js');
    return { data, render: () => renderGatewayKeys(keys, format) };
  }
  const { emptyList, renderPlainTable } = await import('../../../../output/plain-table.js');
  if (keys.length === 0)
    return { data, render: () => emptyList('gateway keys', 'create one with `kt gateway keys create --user NAME`') };
  const now = ctx.now();
  const expiry = (at: string | null) => (at === null ? 'never' : Date.parse(at) <= now ? `${at} (expired)` : at);
  const rows = keys.map((k) => [
    k.id,
    `${k.prefix}...`,
    k.user,
    k.role ?? '-',
    k.team ?? '-',
    k.created_at,
    expiry(k.expires_at),
  ]);
  const head = ['ID', 'PREFIX', 'USER', 'ROLE', 'TEAM', 'CREATED', 'EXPIRES'];
  return { data, render: () => renderPlainTable(head, rows) };
};
