/**
 * `kt gateway run`: starts the runtime (src/runtime/gateway.ts) and keeps it until SIGINT/SIGTERM
 * (or the context's abort signal). Everything goes to stderr; stdout stays empty.
 */
import { constants } from 'node:buffer';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonMode, optionSource, type CommandOptions, type CommandRun } from '../../command.js';
import type { CommandContext } from '../../context.js';
import { fileReadError, isKtError, KtError } from '../../errors.js';
import { KT_VERSION } from '../../version.js';
import { stateDirAsGiven } from '../../../config/paths.js';
import { parseDuration } from '../../../config/settings.js';
import { stripControls } from '../../../io/terminal-text.js';
import type { Gateway, RequestLogLine, StartCheck } from '../../../runtime/gateway.js';
import type { AdminTokenSource } from '../../../runtime/state-dir.js';
import type { PackSource } from '../../../runtime/pack-source.js';
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

/** The pack file served when no -c/--policy-config (or KEEPTRUSTS_POLICY_CONFIG) is given. */
const DEFAULT_PACK = 'policy-config.yaml';

export const run: CommandRun = async (ctx, _args, options) => {
  // A repeated --policy-config (or --config) is refused by the option itself (run.ts, `repeatedHint`).
  // Without -c, the pack `kt init` writes in the current directory, as lint, eval and test default to it;
  // the listening line names the pack served.
  const file = packOption(ctx.cwd, options) ?? (existsSync(join(ctx.cwd, DEFAULT_PACK)) ? DEFAULT_PACK : undefined);
  if (file === undefined || file === '')
    throw new KtError('usage.missing_option', `--policy-config is required (no ./${DEFAULT_PACK} here)`, {
      hint: 'kt gateway run --policy-config pack.yaml',
    });
  const dryRun = options.dryRun === true;
  const summaryJson = jsonMode(options);
  if (!dryRun && summaryJson)
    throw new KtError(
      'usage.invalid_option',
      `--${options.json === true ? 'json' : 'format json'} is for the summary of --dry-run`,
      {
        hint: 'a running gateway prints no data; its request log format is --log-format text|json',
      },
    );
  const timeoutMs =
    typeof options.timeout === 'string'
      ? parseDuration(options.timeout, '--timeout', 'usage.invalid_timeout')
      : undefined;
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
  const log = (fields: Record<string, unknown>, text: string) =>
    ctx.stderr.write(`${json ? JSON.stringify({ time: new Date(ctx.now()).toISOString(), ...fields }) : text}\n`);
  const warn = (message: string) => log({ level: 'warn', msg: message }, `warning: ${message}`);

  // --timeout bounds everything up to the point the gateway would accept traffic: a start-up that passes
  // it is abandoned there (Gateway.start / dryRun check `startSignal` before they listen or bind).
  const abandon = new AbortController();
  const startUp = checkAndStart(ctx, options, {
    file,
    packFile,
    listen,
    listenGiven,
    listenFrom,
    maxConcurrency,
    maxBodyBytes,
    dryRun,
    json,
    // An abandoned start-up runs on until its next check of the signal: what it would still warn about
    // is not said after the one-line error that ended the command.
    warn: (message) => {
      if (!abandon.signal.aborted) warn(message);
    },
    signal: abandon.signal,
  });
  const started = await within(startUp, timeoutMs, () => {
    // The start stops at its next check of the signal and takes back what it created (checkAndStart); the
    // process ends once it has.
    abandon.abort();
    return new KtError(
      'server.start_timeout',
      `${dryRun ? 'the dry run' : 'the start-up checks'} did not finish within ${String(options.timeout)} (--timeout)`,
      { hint: 'a large pack or a slow disk or name lookup can take longer: pass a larger --timeout' },
    );
  });
  if (started.kind === 'checked') {
    const data = { dry_run: true, ...started.report };
    return summaryJson ? { data } : { data, render: () => dryRunText(started.report) };
  }
  const { gateway, admin, stateDir, show } = started;
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
  if (!gateway.url.startsWith('https:') && gateway.listensBeyondLoopback) {
    warn(
      `listening on a non-loopback address without TLS: the admin token and traffic travel in clear; configure gateway.tls`,
    );
  }

  await stopped;
  return { render: () => '' };
};

interface StartRequest {
  /** The pack as the operator gave it (messages name it so), and resolved. */
  file: string;
  packFile: string;
  listen: { host: string; port: number };
  listenGiven: string;
  listenFrom: string;
  maxConcurrency: number;
  maxBodyBytes: number;
  dryRun: boolean;
  /** JSON request log lines. */
  json: boolean;
  warn: (message: string) => void;
  signal: AbortSignal;
}

type StartUp =
  | {
      kind: 'started';
      gateway: Gateway;
      admin: AdminTokenSource;
      stateDir: string;
      show: ShowPath;
      tokenFile: string | undefined;
    }
  | { kind: 'checked'; report: DryRunReport };

/** What `kt gateway run --dry-run` prints (--json: this document; schemas/operator-output.schema.json#/$defs/gatewayDryRun). */
export type DryRunReport = StartCheck & {
  pack_file: string;
  state_dir: { path: string };
  /** Where the admin token would come from; `generated`: none yet, a first start writes one. */
  admin_token: 'file' | 'env' | 'state-dir' | 'generated';
};

/**
 * Everything `kt gateway run` does before it accepts traffic: read the pack, open the state directory,
 * load the admin token, then Gateway.start (or, for --dry-run, Gateway.dryRun: the same checks, the
 * address bound and released, nothing written). Each failure is the one-line error of its kind.
 */
async function checkAndStart(ctx: CommandContext, options: CommandOptions, req: StartRequest): Promise<StartUp> {
  const { file, packFile, dryRun } = req;
  // Loaded together (startIn uses the rest); each module is loaded once.
  const [, , { resolveStateDir, startLeftovers }, { readPackFile }] = await Promise.all([
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
  // A failed start (an invalid pack, an address in use, abandoned past --timeout) leaves the state directory
  // as it found it: what it created is removed once it has stopped (startLeftovers). A dry run creates nothing.
  const takeBack = dryRun ? undefined : await startLeftovers(stateDir);
  try {
    return await startIn(ctx, options, req, { source, stateDir, tokenFile, tokenPath, show });
  } catch (e) {
    // Not one refused because another gateway uses the directory: what appeared there is that gateway's.
    if (!(isKtError(e) && e.code === 'config.state_dir_in_use')) await takeBack?.().catch(() => {});
    throw e;
  }
}

/** checkAndStart from the admin token on, with the pack read and the state directory resolved. */
async function startIn(
  ctx: CommandContext,
  options: CommandOptions,
  req: StartRequest,
  resolved: {
    source: PackSource;
    stateDir: string;
    tokenFile: string | undefined;
    tokenPath: string | undefined;
    show: ShowPath;
  },
): Promise<StartUp> {
  const { file, packFile, listen, dryRun } = req;
  const { source, stateDir, tokenFile, tokenPath, show } = resolved;
  const [
    { Gateway },
    { PackInvalid },
    { ensurePrivateDir, loadAdminToken, readIfExists, refuseSharedStateDir },
    { prepareChain },
  ] = await Promise.all([
    import('../../../runtime/gateway.js'),
    import('../../../runtime/active-pack.js'),
    import('../../../runtime/state-dir.js'),
    import('../../../core/engine.js'),
  ]);
  // Before anything in it is read (its admin-token) or trusted.
  await refuseSharedStateDir(stateDir, show(stateDir));
  let admin: AdminTokenSource;
  try {
    // A dry run creates nothing: without a token file or KT_ADMIN_TOKEN, a token that is not in the state
    // directory yet is one a first start generates (loadAdminToken would write it).
    const generated =
      dryRun &&
      tokenFile === undefined &&
      !ctx.env.KT_ADMIN_TOKEN &&
      (await readIfExists(join(stateDir, 'admin-token')).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined; // reported by Gateway.dryRun
        throw e;
      })) === undefined;
    if (!dryRun) await ensurePrivateDir(stateDir, show);
    try {
      admin = generated
        ? { token: '', origin: 'generated' }
        : await loadAdminToken(stateDir, tokenPath, ctx.env, tokenFile);
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

  const gatewayOptions = {
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
    failMode: options.failMode === 'allow' ? ('allow' as const) : ('block' as const),
    maxConcurrency: req.maxConcurrency,
    maxBodyBytes: req.maxBodyBytes,
    gatewayId: String(options.gatewayId ?? 'local'),
    now: ctx.now,
    onWarning: req.warn,
    showPath: show,
    startSignal: req.signal,
    onRequest: (line: RequestLogLine) =>
      req.json
        ? ctx.stderr.write(`${JSON.stringify({ level: 'info', msg: 'request', ...line })}\n`)
        : ctx.stderr.write(
            `${line.time} ${line.status} ${line.method || '-'} ${line.path || '-'} ${line.verdict ?? '-'} ${line.latency_ms}ms ${line.request_id}${line.user ? ` user=${line.user}` : ''}\n`,
          ),
  };
  try {
    if (dryRun) {
      const check = await Gateway.dryRun(gatewayOptions, source);
      return {
        kind: 'checked',
        report: {
          ...check,
          pack_file: file,
          state_dir: { path: show(stateDir), ...check.state_dir },
          admin_token: admin.origin,
        },
      };
    }
    const gateway = await Gateway.start(gatewayOptions, source);
    if (req.signal.aborted) {
      // Past its last check before it saw the signal: stopped at once (gateway.json and the lock go with it).
      await gateway.close();
      throw req.signal.reason;
    }
    return { kind: 'started', gateway, admin, stateDir, show, tokenFile };
  } catch (e) {
    if (req.signal.aborted) throw e; // past --timeout: the timeout was reported
    if (e instanceof PackInvalid) {
      for (const d of e.diagnostics) ctx.stderr.write(`${diagnosticLine(file, d)}\n`);
      const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
      throw new KtError(
        'config.invalid_pack',
        `the pack has ${errors} error(s); the gateway ${dryRun ? 'would not start' : 'did not start'}`,
        { file },
      );
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
    const listenError = cannotListen(e, req.listenGiven.trim(), req.listenFrom);
    if (listenError !== undefined) throw listenError;
    throw stateError(e, show) ?? e;
  }
}

/**
 * The pack file: -c/--policy-config, or --config (the public CI guide's name for it). Both on the line
 * naming different files is a usage error; --config wins over KEEPTRUSTS_POLICY_CONFIG as the flag does.
 */
function packOption(cwd: string, options: CommandOptions): string | undefined {
  const policyConfig = options.policyConfig === undefined ? undefined : String(options.policyConfig);
  if (options.config === undefined) return policyConfig;
  const config = String(options.config);
  const fromFlag = optionSource(options, 'policyConfig', '') === '';
  if (policyConfig !== undefined && fromFlag && resolve(cwd, policyConfig) !== resolve(cwd, config))
    throw new KtError(
      'usage.conflicting_options',
      `--config ${JSON.stringify(config)} and --policy-config ${JSON.stringify(policyConfig)} name different packs; give one of them`,
      { hint: '--config is another name for --policy-config' },
    );
  return config;
}

/** `work`, or the error `timedOut` makes once `ms` have passed first (no bound when `ms` is undefined). */
async function within<T>(work: Promise<T>, ms: number | undefined, timedOut: () => Error): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The text summary of --dry-run (stdout). */
function dryRunText(r: DryRunReport): string {
  const secret = (p: DryRunReport['providers'][number]) =>
    p.secret === 'none'
      ? ''
      : `, key from ${p.env !== undefined ? `environment variable ${p.env}` : `config variable ${p.store}`}: ${p.secret === 'set' ? 'set' : 'NOT SET (requests routed to it fail with 502)'}`;
  const lines = [
    `dry run: the gateway would start (nothing was served or written)`,
    `pack: ${r.pack_file}: ${r.pack.name} ${r.pack.version} (${r.pack.hash}), ${r.policies} polic${r.policies === 1 ? 'y' : 'ies'} in the chain`,
    r.providers.length === 0
      ? 'providers: none (requests that pass the chain are answered 502 no_provider)'
      : `providers: ${r.providers.map((p) => `${p.id} (${p.provider}${secret(p)})`).join('; ')}`,
    r.tls.enabled
      ? `tls: on${r.tls.client_auth ? ', client certificates required' : ''}, certificate valid until ${r.tls.not_after}`
      : 'tls: off',
    `listen: ${r.listen.address}:${r.listen.port} can be bound (bound and released)`,
    r.state_dir.exists
      ? `state directory: ${r.state_dir.path} (${r.state_dir.gateway_keys} gateway key(s), ${r.state_dir.config_vars} config variable(s))`
      : `state directory: ${r.state_dir.path} does not exist yet (a first start creates it)`,
    `admin token: ${r.admin_token === 'generated' ? 'none yet (a first start generates one)' : r.admin_token === 'env' ? 'KT_ADMIN_TOKEN' : r.admin_token === 'file' ? 'the --admin-token-file' : 'in the state directory'}`,
  ];
  if (r.warnings > 0) lines.push(`${r.warnings} warning(s) above`);
  return `${lines.map(stripControls).join('\n')}\n`;
}

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
    hurry: () => void;
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
    let stopping = false;
    const stop = () => {
      // A second signal during the stop (Ctrl-C pressed again, a second kill) cuts the requests in flight
      // now, as the deadline would. Its handler stays: without one, Node's default action killed the
      // process there and then, a stream half sent, its event lost, gateway.json and the lock left behind.
      if (stopping) {
        log({ level: 'info', msg: 'stopping now' }, 'kt gateway stopping now: cutting requests in flight');
        gateway.hurry();
        return;
      }
      stopping = true;
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
