import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';
import { checkName, HIDDEN_VALUE, named, nameOf } from './shared.js';

/**
 * `kt config-vars get NAME`: metadata plus a fixed write-only marker. The contract never returns a
 * value (not even a prefix), so there is no real preview to mask; kt says so rather than invent one.
 */
export const run: CommandRun = async (ctx, args, options) => {
  const name = checkName(nameOf(args, options, 'get'));
  const { withConnection } = await import('../../connect.js');
  const { getConfigVar } = await import('../../../api/endpoints.js');
  const meta = await withConnection(ctx, options, ({ client }) => named(name, () => getConfigVar(client, name)));
  if (jsonMode(options)) return { data: meta };
  const rows: Array<[string, string]> = [
    ['name', meta.name],
    ['version', String(meta.version)],
    ['created', meta.created_at ?? '-'],
    ['updated', meta.updated_at ?? '-'],
    ['description', meta.description || '-'],
    ['sensitive', meta.sensitive === false ? 'no' : 'yes'],
    ['value', HIDDEN_VALUE],
  ];
  return { data: meta, render: () => rows.map(([k, v]) => `${k.padEnd(12)} ${stripControls(v)}`).join('\n') + '\n' };
};
