/**
 * `kt gateway run`: starts the runtime (src/runtime/gateway.ts) and keeps it until SIGINT/SIGTERM
 * (or the context's abort signal). Everything goes to stderr; stdout stays empty.
 */
import { octalMode, othersAccess } from '../../../io/file-mode.js';
import { constants } from 'node:buffer';
import { join, resolve } from 'node:path';
import { optionSource, type CommandRun } from '../../command.js';
import type { CommandContext } from '../../context.js';
import { fileReadError, isKtError, KtError } from '../../errors.js';
import { KT_VERSION } from '../../version.js';
import { stateDirAsGiven } from '../../../config/paths.js';
import { describeFsError, describeListenError } from '../../../io/fs-errors.js';
import { showAsTyped, showFirst, type ShowPath } from '../../../io/shown-path.js';
import { diagnosticLine } from '../../../output/lint/one-line.js';

/** `what` names where the value came from: `--listen`, or `KEEPTRUSTS_LISTEN` when the variable supplied it. */
export function parseListen(value: string, what = '--listen'): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new KtError('usage.invalid_listen', `${what} ${JSON.stringify(value)} is not HOST:PORT`, {
      hint: 'e.g. 127.0.0.1:41002 or [::1]:0',
    });
  return { host: (m[1] ?? m[2])!, port };
}

function positiveInt(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER, why = ''): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new KtError('usage.invalid_number', `${what} ${JSON.stringify(String(value))} is not a positive integer`);
  if (n > max)
    throw new KtError('usage.invalid_number', `${what} ${JSON.stringify(String(value))} is more than ${max}${why}`);
  return n;
}

/**
 * The largest chat body the gateway can read: a body is decoded as one string before it is parsed, and
 * V8's strings stop at this many UTF-16 units (each byte of UTF-8 is at most one). A larger limit let a
 * 540 MB body of valid JSON through the size check only to be answered 400 "not valid UTF-8", after
 * holding a gigabyte.
 */
const MAX_BODY_BYTES = constants.MAX_STRING_LENGTH;

export const run: CommandRun = async (ctx, _args, options) => {
  // A repeated --policy-config is refused by the option itself (run.ts, `repeatedHint`).
  const file = options.policyConfig === undefined ? undefined : String(options.policyConfig);
  if (file === undefined || file === '')
    throw new KtError('usage.missing_option', '--policy-config is required', {
      hint: 'kt gateway run --policy-config pack.yaml',
    });
  const packFile = resolve(ctx.cwd, file);
  const listenGiven = String(options.listen ?? '127.0.0.1:41002');
  const listenFrom = optionSource(options, 'listen', '--listen');
  const listen = parseListen(listenGiven, listenFrom);
  const maxConcurrency = positiveInt(
    options.maxConcurrency ?? 16,
    optionSource(options, 'maxConcurrency', '--max-concurrency'),
  );
  const maxBodyBytes = positiveInt(
    options.maxBodyBytes ?? 1048576,
    '--max-body-bytes',
    MAX_BODY_BYTES,
    ' (512 MiB): a chat body is decoded as one string, and no string can be longer',
  );
  const json = options.logFormat === 'json';

  const [{ Gateway }, { PackInvalid }, { resolveStateDir, loadAdminToken }, { readPackFile }, { prepareChain }] =
    await Promise.all([
      import('../../../runtime/gateway.js'),
      import('../../../runtime/active-pack.js'),
      import('../../../runtime/state-dir.js'),
      import('../../../runtime/pack-source.js'),
      import('../../../core/engine.js'),
    ]);

  let source;
  try {
    source = await readPackFile(packFile);
  } catch (e) {
    const error = fileReadError(e, 'the pack', file);
    const variable = optionSource(options, 'policyConfig', '');
    if (variable !== '') error.details.hint = `the path comes from ${variable}; -c/--policy-config wins over it`;
    throw error;
  }
  const stateDir = resolveStateDir(options.stateDir as string | undefined, ctx.env, ctx.cwd);
  const tokenFile = options.adminTokenFile as string | undefined;
  const tokenPath = tokenFile === undefined ? undefined : resolve(ctx.cwd, tokenFile);
  // Messages and log lines name the pack, the token file and the state directory (and its files) as the
  // operator typed them: a relative path stays relative (the gateway resolves it once, at start).
  const show = showFirst(
    showAsTyped(file, packFile),
    ...(tokenFile === undefined || tokenPath === undefined ? [] : [showAsTyped(tokenFile, tokenPath)]),
    showAsTyped(stateDirAsGiven(options.stateDir as string | undefined, ctx.env) ?? stateDir, stateDir),
  );
  let admin;
  try {
    const { ensurePrivateDir } = await import('../../../runtime/state-dir.js');
    await ensurePrivateDir(stateDir, show);
    try {
      admin = await loadAdminToken(stateDir, tokenPath, ctx.env, tokenFile);
    } catch (e) {
      // With --admin-token-file, a system error here is about that file (nothing else is read): named as
      // the operator wrote it, not as Node's "ENOENT: no such file or directory, open '/abs/path'".
      if (tokenFile !== undefined && !(e instanceof KtError) && typeof (e as NodeJS.ErrnoException).code === 'string')
        throw fileReadError(e, 'the admin token file (--admin-token-file)', tokenFile);
      throw e;
    }
  } catch (e) {
    if (e instanceof KtError) throw namedAsTyped(e, show); // e.g. input.cannot_write naming the state directory
    throw stateError(e, show) ?? new KtError('config.admin_token', (e as Error).message);
  }

  const log = (fields: Record<string, unknown>, text: string) =>
    ctx.stderr.write(`${json ? JSON.stringify({ time: new Date(ctx.now()).toISOString(), ...fields }) : text}\n`);
  const warn = (message: string) => log({ level: 'warn', msg: message }, `warning: ${message}`);

  let gateway;
  try {
    gateway = await Gateway.start(
      {
        packFile,
        host: listen.host,
        port: listen.port,
        stateDir,
        adminToken: admin.token,
        adminTokenFile:
          admin.origin === 'env' ? null : admin.origin === 'file' && tokenPath !== undefined ? tokenPath : undefined,
        prepareChain,
        version: KT_VERSION,
        env: ctx.env,
        failMode: options.failMode === 'allow' ? 'allow' : 'block',
        maxConcurrency,
        maxBodyBytes,
        gatewayId: String(options.gatewayId ?? 'local'),
        now: ctx.now,
        onWarning: warn,
        showPath: show,
        onRequest: (line) =>
          json
            ? ctx.stderr.write(`${JSON.stringify({ level: 'info', msg: 'request', ...line })}\n`)
            : ctx.stderr.write(
                `${line.time} ${line.status} ${line.method || '-'} ${line.path || '-'} ${line.verdict ?? '-'} ${line.latency_ms}ms ${line.request_id}${line.user ? ` user=${line.user}` : ''}\n`,
              ),
      },
      source,
    );
  } catch (e) {
    if (e instanceof PackInvalid) {
      for (const d of e.diagnostics) ctx.stderr.write(`${diagnosticLine(file, d)}\n`);
      const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
      throw new KtError('config.invalid_pack', `the pack has ${errors} error(s); the gateway did not start`, { file });
    }
    if (e instanceof Error && e.name === 'StateDirBusy') {
      const busy = e as Error & { pid: number; dir: string };
      throw new KtError('config.state_dir_in_use', `another gateway (pid ${busy.pid}) is using ${show(busy.dir)}`, {
        hint: 'stop that gateway or pass another --state-dir',
      });
    }
    if (e instanceof Error && e.name === 'EventLogDamaged') {
      throw new KtError('config.event_log_damaged', e.message, {
        hint: `kt events verify --state-dir ${show(stateDir)}`,
      });
    }
    if (isKtError(e)) throw namedAsTyped(e, show);
    const listenError = cannotListen(e, listenGiven.trim(), listenFrom);
    if (listenError !== undefined) throw listenError;
    throw stateError(e, show) ?? e;
  }

  const pack = gateway.active.model.pack;
  const stateTokenFile = show(join(stateDir, 'admin-token'));
  const tokenWhere =
    admin.origin === 'generated' || admin.origin === 'state-dir'
      ? stateTokenFile
      : admin.origin === 'env'
        ? 'KT_ADMIN_TOKEN'
        : 'the --admin-token-file';
  // The signals are handled before the listening line is out: a supervisor that sends SIGHUP (reload) or
  // SIGTERM as soon as it sees the gateway ready must not meet the default action (SIGHUP would kill it).
  const stopped = handleSignals(ctx, gateway, log, show);
  log(
    {
      level: 'info',
      msg: 'listening',
      url: gateway.url,
      pack: pack.name,
      pack_version: pack.version,
      pack_hash: gateway.active.hash,
      state_dir: stateDir,
    },
    `kt gateway listening on ${gateway.url}${gateway.listensOnEveryInterface ? ' and every other interface' : ''} (pack ${pack.name} ${pack.version}, admin token in ${tokenWhere})`,
  );

  // What a first run of a seed pack trips over, said once at start rather than learnt from a 401 or a 502.
  if (gateway.active.providers.length === 0) {
    warn(
      'the pack has no providers.targets: requests that pass the chain are answered 502 no_provider (add e.g. `- {id: local, provider: mock}` for offline tests)',
    );
  }
  if (gateway.active.requireAuth) {
    log(
      { level: 'info', msg: 'gateway keys required' },
      'rbac.require_auth is on: clients need a gateway key (kt gateway keys create --user NAME --role ROLE --team TEAM)',
    );
  }
  const { isExposed } = await import('../../../runtime/state-dir.js');
  if (await isExposed(stateDir))
    warn(`${show(stateDir)} is readable by other users; it holds the admin token and keys (chmod 700 it)`);
  if (admin.looseMode !== undefined) {
    const file = admin.origin === 'file' && tokenFile !== undefined ? tokenFile : stateTokenFile;
    warn(
      `the admin token file ${file} is ${othersAccess(admin.looseMode)} (mode ${octalMode(admin.looseMode)}); anyone who can read it administers this gateway (chmod 600 it)`,
    );
  }
  if (!gateway.url.startsWith('https:') && gateway.listensBeyondLoopback) {
    warn(
      `listening on a non-loopback address without TLS: the admin token and traffic travel in clear; configure gateway.tls`,
    );
  }

  await stopped;
  return { render: () => '' };
};

/** `error` with its file named as the operator typed it (errors from the runtime name resolved paths). */
function namedAsTyped(error: KtError, show: ShowPath): KtError {
  if (error.details.file !== undefined) error.details.file = show(error.details.file);
  return error;
}

/**
 * A system error on a file or directory of the state (a lock file that is a directory, a state file the
 * gateway may not read): one line naming it, exit 3, not Node's bare text as a bug in kt. undefined
 * when `error` is no such error.
 */
function stateError(error: unknown, show: ShowPath): KtError | undefined {
  const err = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof err.code !== 'string' || typeof err.path !== 'string') return undefined;
  return new KtError('config.state_unusable', `cannot use this file of the state directory: ${describeFsError(err)}`, {
    file: show(err.path),
    hint: 'check the permissions and types of the state directory and its files (--state-dir)',
  });
}

/**
 * Why the server could not listen, naming HOST:PORT as given (`address`) and the system's error in
 * words (fs-errors.ts, one wording per code): undefined when `error` is not a listen failure.
 *
 * Exit status: 3 (the `config` area), as for every other start-up failure of a local setting. The
 * address is this machine's own (a port taken by another process, a privileged port, an address no
 * interface has, a host name that does not resolve): a local configuration error the operator fixes
 * by passing another --listen, not the network or server error of status 5, which kt reserves for
 * talking to a server (unreachable, timeout, HTTP 5xx).
 */
function cannotListen(error: unknown, address: string, from: string): KtError | undefined {
  const err = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || (err.syscall !== 'listen' && err.syscall !== 'getaddrinfo')) return undefined;
  const hint =
    from === '--listen'
      ? 'pass another --listen HOST:PORT (port 0 picks a free one)'
      : `the address comes from ${from}; pass another --listen HOST:PORT (port 0 picks a free one)`;
  return new KtError(
    err.code === 'EADDRINUSE' ? 'config.address_in_use' : 'config.cannot_listen',
    `cannot listen on ${address}: ${describeListenError(err)}`,
    { hint },
  );
}

/**
 * Handles SIGHUP (reload the pack, log the outcome) and SIGINT / SIGTERM / the context's abort (stop after
 * the requests in flight); resolves once the gateway has stopped.
 */
function handleSignals(
  ctx: CommandContext,
  gateway: {
    reload: (s: undefined) => Promise<{ current: { name: string; version: string } }>;
    close: () => Promise<void>;
  },
  log: (fields: Record<string, unknown>, text: string) => void,
  show: ShowPath,
): Promise<void> {
  const onHup = () => {
    gateway.reload(undefined).then(
      (r) =>
        log(
          { level: 'info', msg: 'reloaded', pack: r.current.name, pack_version: r.current.version },
          `reloaded: pack ${r.current.name} ${r.current.version}`,
        ),
      (
        e: Error & {
          file?: string;
          diagnostics?: Array<{ line: number; column: number; code: string; message: string }>;
        },
      ) => {
        const at = e.file === undefined ? '' : `${show(e.file)}:`;
        // An unreadable file has no position in it (its 1:1 is a placeholder), and its message names it.
        const detail =
          e.diagnostics
            ?.map((d) =>
              d.code === 'pack.unreadable' ? d.message : `${at}${d.line}:${d.column} ${d.code}: ${d.message}`,
            )
            .join('; ') ?? e.message;
        log(
          { level: 'error', msg: 'reload rejected', error: detail },
          `reload rejected, still serving the previous pack: ${detail}`,
        );
      },
    );
  };
  return new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', onHup);
      ctx.signal.removeEventListener('abort', stop);
      log({ level: 'info', msg: 'stopping' }, 'kt gateway stopping: finishing requests in flight');
      gateway.close().then(resolveStop, resolveStop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', onHup);
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop);
  });
}
