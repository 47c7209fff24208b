import { jsonMode, type CommandRun } from '../../command.js';
import { redact, stripControls } from '../../../api/redact.js';
import { isKtError } from '../../errors.js';
import { exitCodeFor } from '../../exit-codes.js';

/**
 * `kt auth status`: which URL, profile and token source the CLI would use (never the token), and
 * whether the API accepts it. Exit 0 accepted, 4 rejected or no token, 5 unreachable.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const { connect } = await import('../../connect.js');
  const { whoami } = await import('../../../api/endpoints.js');
  const conn = await connect(ctx, options);
  const { settings } = conn;
  const data: Record<string, unknown> = {
    api_url: settings.apiUrl,
    api_url_source: settings.apiUrlSource,
    profile: settings.profile,
    profile_source: settings.profileSource,
    config_file: conn.config.path,
    token_source: settings.token ? settings.tokenSource : 'none',
  };
  let exitCode = 0;
  // The error's own words for the text report (the JSON has its code): a gateway that is down is not a
  // rejected token, and "not authenticated: network.unreachable" sent the operator to log in again.
  let detail = 'no token';
  try {
    if (!settings.token) {
      data.authenticated = false;
      data.error = 'no token';
      exitCode = 4;
    } else {
      const me = await whoami(conn.client);
      // What the server says about the token is shown, never the token, should the server echo it.
      const shown = (v: string) => redact(v, [settings.token!]);
      Object.assign(data, {
        authenticated: true,
        subject: shown(me.subject),
        token_type: shown(me.token_type),
        gateway_id: me.gateway_id === undefined ? null : shown(me.gateway_id),
      });
    }
  } catch (error) {
    if (!isKtError(error)) throw error;
    data.authenticated = false;
    data.error = error.code;
    exitCode = exitCodeFor(error.code);
    detail = `${redact(error.message, settings.token ? [settings.token] : [])} (${error.code})`;
  } finally {
    await conn.client.close();
  }
  if (jsonMode(options)) return { data, exitCode };
  // Logged in, yet no token: the profile's token is kept for the profile's own URL (settings.ts), and
  // "run `kt auth login`" would not explain why it is not used here.
  const { profileEntry } = await import('../../../config/settings.js');
  const held = profileEntry(conn.config.file, settings.profile);
  const withheld = data.token_source === 'none' && held?.token !== undefined && held.token !== '';
  const tokenLine = withheld
    ? `none (profile "${settings.profile}" has a token for ${held.api_url ?? 'the local gateway'}, which is not sent to ${settings.apiUrl})`
    : data.token_source === 'none'
      ? 'none (run `kt auth login`, set KEEPTRUSTS_API_TOKEN, or start a local gateway)'
      : `from ${String(data.token_source)}${data.token_source === 'state-dir' ? ' (local gateway admin token)' : data.token_source === 'env' ? ' (KEEPTRUSTS_API_TOKEN)' : ''}`;
  const lines = [
    `api       ${settings.apiUrl} (from ${settings.apiUrlSource})`,
    `profile   ${settings.profile} (from ${settings.profileSource}; ${conn.config.path})`,
    `token     ${tokenLine}`,
    data.authenticated === true
      ? `identity  ${String(data.subject)} (${String(data.token_type)})`
      : exitCode === 4
        ? `identity  not authenticated: ${detail}`
        : `identity  not checked: ${detail}`,
  ];
  return { data, exitCode, render: () => `${lines.map(stripControls).join('\n')}\n` };
};
