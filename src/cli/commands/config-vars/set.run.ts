import { jsonMode, type CommandRun } from '../../command.js';
import { checkName, descriptionOf, nameOf } from './shared.js';

/**
 * `kt config-vars set NAME`: value from a hidden prompt, stdin, --from-file or --from-env (PUT, idempotent:
 * the value it already has is reported `unchanged`, with no new version).
 */
export const run: CommandRun = async (ctx, args, options) => {
  const name = checkName(nameOf(args, options, 'set'));
  const description = descriptionOf(options);
  const { readSecret } = await import('../../secret-input.js');
  const value = await readSecret(ctx, options, {
    what: `the value of ${name}`,
    prompt: `Value for ${name} (input hidden): `,
    stdinFlag: '--stdin',
  });
  const { withConnection } = await import('../../connect.js');
  const { putConfigVar } = await import('../../../api/endpoints.js');
  const { created, changed, meta } = await withConnection(ctx, options, ({ client }) =>
    putConfigVar(client, name, value, description),
  );
  const data = { ...meta, created, changed };
  if (jsonMode(options)) return { data };
  // The same value again: the store keeps the version it had, and nothing new reaches a gateway.
  if (!changed)
    return { data, render: () => `unchanged ${meta.name} (version ${meta.version}): it already has this value\n` };
  // A `kt gateway run` resolves `secret_key_ref.store` from its store on every upstream call, so it uses
  // the value from its next request; gateways fed by a control plane may cache it until a reload.
  ctx.info(
    'a kt gateway serving this store uses the new value from its next request; other gateways after `kt gateway reload` (`kt config-vars rotate` does set + reload + check)',
  );
  return { data, render: () => `${created ? 'created' : 'updated'} ${meta.name} (version ${meta.version})\n` };
};
