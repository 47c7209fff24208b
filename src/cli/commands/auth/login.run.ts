import { jsonMode, type CommandRun } from '../../command.js';
import { redact, stripControls } from '../../../api/redact.js';
import { isKtError, joinHints, KtError } from '../../errors.js';

/**
 * `kt auth login`: reads a token from a hidden prompt, --token-stdin, --from-file or --from-env (never
 * argv; the sources `kt config-vars set` reads a value from), checks it against
 * the API (GET /v1/whoami) and only then stores it in the profile file (mode 0600) with the API URL.
 * A rejected token exits 4 and nothing is written.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  if (options.email !== undefined || options.password !== undefined)
    throw new KtError('usage.password_login', 'kt auth login takes an API token, not an email and password', {
      hint: `create a token in the control plane, then run kt auth login and paste it at the prompt (or --token-stdin, --from-file, --from-env)${options.password !== undefined ? '; a password on the command line is visible to other users and kept in shell history' : ''}`,
    });
  const { readSecret } = await import('../../secret-input.js');
  const { connect, connectionFlags } = await import('../../connect.js');
  const { resolve } = await import('node:path');
  const { whoami } = await import('../../../api/endpoints.js');
  const { updateConfigFile, updateProfile } = await import('../../../config/profiles.js');
  const token = await readSecret(
    ctx,
    {
      ...(options.tokenStdin === true ? { tokenStdin: true } : {}),
      ...(typeof options.fromFile === 'string' ? { fromFile: options.fromFile } : {}),
      ...(typeof options.fromEnv === 'string' ? { fromEnv: options.fromEnv } : {}),
    },
    { what: 'the API token', prompt: 'API token (input hidden): ', stdinFlag: '--token-stdin' },
  );
  const conn = await connect(ctx, options, { token: token.trim(), allowNewProfile: true });
  try {
    const { settings, config } = conn;
    const me = await whoami(conn.client).catch((error: unknown) => {
      // The usual hint of a rejected token is to run `kt auth login`, the command that is running. A proxy
      // refusing its own credentials never let the token reach the API, and a gateway refusing this client's
      // address or User-Agent never read it: their hints stand (below).
      if (
        isKtError(error) &&
        error.code.startsWith('auth.') &&
        error.code !== 'auth.proxy_rejected' &&
        error.code !== 'auth.network_denied'
      )
        throw new KtError(error.code, error.message, {
          ...error.details,
          hint: `check the token, and that it is one for ${settings.apiUrl}; nothing was saved`,
        });
      // Unreachable, TLS, a server error: the token could not be checked, so it was not stored either.
      if (isKtError(error))
        throw new KtError(error.code, error.message, {
          ...error.details,
          hint: joinHints('nothing was saved', error.details.hint),
        });
      throw error;
    });
    // Applied to the file as it is once the token is accepted (and locked), not as it was read before
    // the round trip: another kt may have changed it meanwhile.
    // The TLS files the token was checked with are the profile's too: without them every later command
    // failed the handshake (exit 5) unless given again. Saved absolute, as the profile is read from any
    // directory; --timeout is not saved (it says how long this login may take).
    const flags = connectionFlags(options);
    const tls = Object.fromEntries(
      (
        [
          ['ca_cert', flags.caCert],
          ['client_cert', flags.clientCert],
          ['client_key', flags.clientKey],
        ] as const
      ).flatMap(([key, path]) => (path ? [[key, resolve(ctx.cwd, path)]] : [])),
    );
    // Only a URL the operator gave (--api-url, KEEPTRUSTS_API_URL) or the profile already holds is saved: a
    // local gateway's (found in gateway.json, or the default address) moves with every start on another
    // port, and a saved copy pointed the profile at a dead address. A profile without api_url follows the
    // local gateway, and its token is sent to no other (settings.ts).
    const pinned =
      settings.apiUrlSource === 'flag' || settings.apiUrlSource === 'env' || settings.apiUrlSource === 'profile';
    await updateConfigFile(ctx.env, ({ file }) => {
      const next = updateProfile(file, settings.profile, {
        ...(pinned ? { api_url: settings.apiUrl } : {}),
        token: token.trim(),
        ...tls,
      });
      if (settings.profileSource === 'flag' || next.current_profile === undefined)
        next.current_profile = settings.profile;
      return next;
    });
    const data = {
      profile: settings.profile,
      api_url: settings.apiUrl,
      // What the server says about the token is shown, never the token, should the server echo it.
      subject: redact(me.subject, [token.trim()]),
      token_type: redact(me.token_type, [token.trim()]),
      config_file: config.path,
    };
    if (ctx.env.KEEPTRUSTS_API_TOKEN)
      ctx.warn('KEEPTRUSTS_API_TOKEN is set and takes precedence over the stored token');
    if (jsonMode(options)) return { data };
    return {
      data,
      render: () =>
        `logged in to ${settings.apiUrl}${pinned ? '' : ' (the local gateway: the profile follows it, its URL is not saved)'} as ${stripControls(data.subject)} (${stripControls(data.token_type)}); profile "${settings.profile}" saved in ${config.path}\n`,
    };
  } finally {
    await conn.client.close();
  }
};
