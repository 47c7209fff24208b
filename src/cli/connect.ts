/**
 * From command options + environment to a ready ApiClient: reads the profile file, the local
 * gateway's `gateway.json` and, for a local target with no token given, `<state-dir>/admin-token`.
 */
import { stat } from 'node:fs/promises';
import { credentialFileOpen, octalMode, othersAccess, refuseSharedStateDir } from '../io/file-mode.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { CommandContext } from './context.js';
import type { CommandOptions } from './command.js';
import { fileReadError, KtError } from './errors.js';
import { MAX_PEM_BYTES, readFileBounded } from '../io/bounded-read.js';
import { showAsTyped, type ShowPath } from '../io/shown-path.js';
import { KT_VERSION } from './version.js';
import { wholeNumberFromEnv } from '../config/env-number.js';
import { isProcessAlive, resolveStateDir, stateDirAsGiven } from '../config/paths.js';
import { readConfigFile, type LoadedConfig } from '../config/profiles.js';
import {
  profileEntry,
  resolveSettings,
  type ConnectionFlags,
  type LocalGateway,
  type Settings,
} from '../config/settings.js';
import { ApiClient } from '../api/client.js';

export interface Connection {
  client: ApiClient;
  settings: Settings;
  stateDir: string;
  config: LoadedConfig;
}

/** Picks the connection flags out of a command's parsed options. */
export function connectionFlags(options: CommandOptions): ConnectionFlags {
  const flags: ConnectionFlags = {};
  const s = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : undefined);
  const map: Array<[keyof ConnectionFlags, string]> = [
    ['apiUrl', 'apiUrl'],
    ['profile', 'profile'],
    ['timeout', 'timeout'],
    ['caCert', 'caCert'],
    ['clientCert', 'clientCert'],
    ['clientKey', 'clientKey'],
  ];
  for (const [to, from] of map) {
    const v = s(from);
    if (v !== undefined) flags[to] = v;
  }
  return flags;
}

/**
 * What gateway.json says: the URL, and where the gateway keeps its admin token (a file, or null when it
 * took it from KT_ADMIN_TOKEN; absent in the gateway.json of a kt that did not write it:
 * `<state-dir>/admin-token`).
 */
export interface LocalGatewayFile extends LocalGateway {
  adminTokenFile?: string | null;
}

/**
 * Reads `<state-dir>/gateway.json` if a gateway wrote one and its process is still alive; `show` is how
 * the debug lines name it (resolveConnection).
 */
export async function readLocalGateway(
  stateDir: string,
  ctx: CommandContext,
  show: ShowPath = (path) => path,
): Promise<LocalGatewayFile> {
  const path = join(stateDir, 'gateway.json');
  let text: string;
  try {
    // Bounded and non-blocking, as every state file: a FIFO there must not hang every command.
    text = (await readFileBounded(path, 1024 * 1024)).toString('utf8');
  } catch {
    return {};
  }
  try {
    const info = JSON.parse(text) as { url?: unknown; pid?: unknown; admin_token_file?: unknown };
    if (typeof info.url !== 'string') return {};
    if (typeof info.pid === 'number' && !isProcessAlive(info.pid)) {
      ctx.debugLog(`ignoring ${show(path)}: process ${info.pid} is gone`);
      return {};
    }
    const tokenFile = info.admin_token_file;
    return {
      url: info.url,
      ...(tokenFile === null || (typeof tokenFile === 'string' && isAbsolute(tokenFile))
        ? { adminTokenFile: tokenFile }
        : {}),
    };
  } catch {
    ctx.debugLog(`ignoring ${show(path)}: not valid JSON`);
    return {};
  }
}

/** http:// to anything but loopback: a bearer token would cross the network in clear text. */
export function isPlainHttpRemote(apiUrl: string): boolean {
  const url = new URL(apiUrl);
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host === '::1' || /^127\./.test(host));
}

/**
 * `path` as given (messages name it so), read relative to the command's working directory, and parsed
 * as what it must hold (a certificate, or a private key): a wrong file is named here, exit 3, instead of
 * failing the TLS handshake later as a connection error (exit 5, "ERR_OSSL_PEM_NO_START_LINE").
 */
async function readPem(path: string, what: string, cwd: string, holds: 'certificate' | 'key'): Promise<string> {
  let pem: string;
  try {
    pem = (await readFileBounded(resolve(cwd, path), MAX_PEM_BYTES)).toString('utf8');
  } catch (error) {
    throw fileReadError(error, what, path);
  }
  const { X509Certificate, createPrivateKey } = await import('node:crypto');
  try {
    if (holds === 'certificate') new X509Certificate(pem);
    else createPrivateKey(pem);
  } catch (error) {
    throw new KtError('input.invalid_pem', `${what} is not a PEM ${holds} kt can read`, {
      file: path,
      data: { reason: (error as { code?: string }).code ?? 'unreadable' },
      hint:
        holds === 'certificate'
          ? 'expected a file that starts with -----BEGIN CERTIFICATE-----'
          : 'expected an unencrypted private key (-----BEGIN PRIVATE KEY-----, RSA or EC)',
    });
  }
  return pem;
}

/**
 * A client key that is not the client certificate's own (the key of another certificate, a renewal with
 * a new key half-copied) is said here, naming both files, exit 3: the TLS layer refused it as a
 * connection failure, `ERR_OSSL_X509_KEY_VALUES_MISMATCH`, exit 5, after four attempts.
 */
async function checkKeyPair(certPem: string, keyPem: string, certPath: string, keyPath: string): Promise<void> {
  const { X509Certificate, createPrivateKey } = await import('node:crypto');
  if (new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))) return;
  throw new KtError(
    'input.mtls_key_mismatch',
    'the client key (--client-key) is not the key of the client certificate (--client-cert)',
    {
      file: keyPath,
      hint: `give the private key that was issued with ${certPath}`,
    },
  );
}

/** What a connection is made from: the resolved settings (the token read), the state dir and the profile file. */
export type ResolvedConnection = Omit<Connection, 'client'> & {
  /** Why no token is sent, when kt knows better than a 401's generic hint (a local gateway's KT_ADMIN_TOKEN). */
  noTokenHint?: string;
};

/**
 * Resolves the settings as connect does, reading the profile file, gateway.json and, for a local target
 * with no token given, `<state-dir>/admin-token`; builds no client (`kt config show`).
 */
export async function resolveConnection(
  ctx: CommandContext,
  options: CommandOptions,
  override: { token?: string; allowNewProfile?: boolean } = {},
): Promise<ResolvedConnection> {
  const stateDirFlag = typeof options.stateDir === 'string' ? options.stateDir : undefined;
  const stateDir = resolveStateDir(stateDirFlag, ctx.env, ctx.cwd);
  // Files of the state directory are named as the operator gave it (--state-dir or KT_STATE_DIR, a relative
  // one staying relative), and a default one (XDG_STATE_HOME, ~/.local/state/kt) as it is, absolute:
  // src/io/shown-path.ts, as `kt gateway run` and `kt events verify` name them.
  const show = showAsTyped(stateDirAsGiven(stateDirFlag, ctx.env) ?? stateDir, stateDir);
  const config = await readConfigFile(ctx.env);
  if (config.looseMode !== undefined) {
    // A profile file holding a token is a credential: refused, as the gateway refuses its key and token
    // files (docs/operator-commands.md). `kt auth login` (a token given: `override.token`) reads it to
    // rewrite it, 0600, and so repairs it; `kt auth logout` does not come here.
    const holdsToken = Object.values(config.file?.profiles ?? {}).some((p) => p.token !== undefined);
    if (holdsToken && override.token === undefined)
      throw credentialFileOpen(
        'config.profile_unsafe',
        config.path,
        config.looseMode,
        'it holds API tokens, which anyone who can read it may use',
        'revoke and replace the tokens if others may have read them (kt auth login)',
      );
    ctx.warn(
      `${config.path} is ${othersAccess(config.looseMode)} (mode ${octalMode(config.looseMode)}); run: chmod 600 ${config.path}`,
    );
  }
  for (const line of config.unknownKeys ?? []) ctx.warn(line);
  const local = await readLocalGateway(stateDir, ctx, show);
  let tokenPath = join(stateDir, 'admin-token');
  let noTokenHint: string | undefined;
  const settings = resolveSettings(connectionFlags(options), ctx.env, config.file, local, {
    allowNewProfile: override.allowNewProfile === true,
    profileDir: dirname(config.path),
  });
  // A current_profile the file has no profile for (edited by hand) falls back to no profile settings -
  // the local gateway, no token - which a typo in --profile is refused for; here it is at least said.
  if (
    settings.profileSource === 'profile' &&
    override.allowNewProfile !== true &&
    profileEntry(config.file, settings.profile) === undefined
  ) {
    ctx.warn(
      `${config.path}: current_profile "${settings.profile}" is not one of its profiles, so no profile settings apply; run \`kt config use-profile NAME\``,
    );
  }
  // gateway.json says where to send the token and which file holds it: neither is taken from a directory
  // another user could have written them in (io/file-mode.ts). A command that uses neither (--api-url and
  // a token of its own) does not care what the state directory is like.
  if (
    settings.apiUrlSource === 'gateway.json' ||
    (override.token === undefined && settings.tokenSource === 'state-dir')
  )
    await refuseSharedStateDir(stateDir, show(stateDir));
  if (override.token !== undefined) {
    settings.token = override.token;
    settings.tokenSource = 'flag';
  } else if (settings.tokenSource === 'state-dir') {
    // The running gateway's token is where its gateway.json says: its --admin-token-file, or in no file
    // when it came from KT_ADMIN_TOKEN (an admin-token left in the state directory by an earlier run is
    // stale then: sent, it was a 401 that pointed at the state directory).
    const said = local.url !== undefined && local.url === settings.apiUrl ? local.adminTokenFile : undefined;
    if (said) tokenPath = said;
    if (said === null) {
      settings.tokenSource = 'none';
      noTokenHint =
        'the local gateway takes its admin token from KT_ADMIN_TOKEN: set KEEPTRUSTS_API_TOKEN to the same value here';
      ctx.debugLog(`no admin token file: the gateway of ${show(join(stateDir, 'gateway.json'))} took KT_ADMIN_TOKEN`);
    } else {
      let token: string | undefined;
      try {
        token = (await readFileBounded(tokenPath, 4096)).toString('utf8').trim();
      } catch {
        ctx.debugLog(`no admin token at ${show(tokenPath)}`);
      }
      if (token) {
        // Refused as the gateway refuses it at start (state-dir.ts): a token file others can read.
        const mode = (await stat(tokenPath)).mode & 0o777;
        if ((mode & 0o077) !== 0)
          throw credentialFileOpen(
            'config.state_file_unsafe',
            show(tokenPath),
            mode,
            'anyone who can read it administers the gateway',
          );
        settings.token = token;
      } else settings.tokenSource = 'none';
    }
  }
  // A token goes in an HTTP header: a line break (a file of two lines, `$(cat f)`), a space or a
  // character beyond ASCII is refused here, once, naming where the token came from (never the token).
  // Sent, it failed inside the HTTP client as a connection error (exit 5) after every retry.
  if (settings.token !== undefined && /[^\x21-\x7e]/.test(settings.token)) {
    const from = {
      flag: 'the token given',
      env: 'KEEPTRUSTS_API_TOKEN',
      profile: `the token of profile "${settings.profile}"`,
      'state-dir': `${show(tokenPath)}`,
    }[settings.tokenSource as 'flag' | 'env' | 'profile' | 'state-dir'];
    throw new KtError(
      'input.invalid_token',
      `${from ?? 'the API token'} has a space, a line break or a character that is not ASCII; a token is one word`,
      { hint: 'check that the token was copied whole and alone (one line, nothing else)' },
    );
  }
  // A rejected token's hint says where it came from: the general one ("run `kt auth login`, set
  // KEEPTRUSTS_API_TOKEN, ...") sent a user whose KEEPTRUSTS_API_TOKEN was stale to log in, which changes
  // nothing while the variable, which comes first, is set.
  if (noTokenHint === undefined && settings.token !== undefined) {
    if (settings.tokenSource === 'env')
      noTokenHint =
        'the token came from KEEPTRUSTS_API_TOKEN, which comes before any profile and the local admin token: correct it, or unset it to use them';
    else if (settings.tokenSource === 'profile')
      noTokenHint = `the token came from profile "${settings.profile}" (${config.path}): log in again with \`kt auth login --profile ${settings.profile}\`, or set KEEPTRUSTS_API_TOKEN`;
    else if (settings.tokenSource === 'state-dir')
      noTokenHint = `the token came from ${show(tokenPath)}: is that the state directory of the gateway at ${settings.apiUrl}? (--state-dir or KT_STATE_DIR)`;
  }
  if (settings.token && isPlainHttpRemote(settings.apiUrl)) {
    ctx.warn(
      `sending the API token over plain HTTP to ${new URL(settings.apiUrl).host}; use https:// outside loopback`,
    );
  }
  ctx.debugLog(
    `api ${settings.apiUrl} (from ${settings.apiUrlSource}), profile ${settings.profile} (from ${settings.profileSource}), token ${settings.tokenSource === 'none' ? 'none' : `from ${settings.tokenSource}`}, timeout ${settings.timeoutMs}ms`,
  );
  return { settings, stateDir, config, ...(noTokenHint === undefined ? {} : { noTokenHint }) };
}

/** Resolves settings and builds the client. Nothing is sent yet. */
export async function connect(
  ctx: CommandContext,
  options: CommandOptions,
  override: { token?: string; allowNewProfile?: boolean; signal?: AbortSignal } = {},
): Promise<Connection> {
  const { settings, stateDir, config, noTokenHint } = await resolveConnection(ctx, options, override);
  const clientOptions: ConstructorParameters<typeof ApiClient>[0] = {
    ...(noTokenHint === undefined ? {} : { unauthorizedHint: noTokenHint }),
    baseUrl: settings.apiUrl,
    timeoutMs: settings.timeoutMs,
    userAgent: `kt/${KT_VERSION} node/${process.versions.node}`,
    env: ctx.env,
    debugLog: (m) => ctx.debugLog(m),
    signal: override.signal ?? ctx.signal,
  };
  if (settings.token) clientOptions.token = settings.token;
  if (settings.caCert)
    clientOptions.ca = await readPem(settings.caCert, 'the CA certificate (--ca-cert)', ctx.cwd, 'certificate');
  if (settings.clientCert)
    clientOptions.cert = await readPem(
      settings.clientCert,
      'the client certificate (--client-cert)',
      ctx.cwd,
      'certificate',
    );
  if (settings.clientKey)
    clientOptions.key = await readPem(settings.clientKey, 'the client key (--client-key)', ctx.cwd, 'key');
  if (clientOptions.cert !== undefined && clientOptions.key !== undefined)
    await checkKeyPair(clientOptions.cert, clientOptions.key, settings.clientCert!, settings.clientKey!);
  const attempts = wholeNumberFromEnv(ctx.env, 'KT_HTTP_MAX_ATTEMPTS', {
    min: 1,
    max: 100,
    hint: 'KT_HTTP_MAX_ATTEMPTS=4 (1: no retries), or unset it for the default (4)',
  });
  if (attempts !== undefined) clientOptions.maxAttempts = attempts;
  return { client: new ApiClient(clientOptions), settings, stateDir, config };
}

/** Runs `fn` with a connection and always closes the client's sockets afterwards. */
export async function withConnection<T>(
  ctx: CommandContext,
  options: CommandOptions,
  fn: (conn: Connection) => Promise<T>,
  override: { signal?: AbortSignal } = {},
): Promise<T> {
  const conn = await connect(ctx, options, override);
  try {
    return await fn(conn);
  } finally {
    await conn.client.close();
  }
}
