/**
 * HTTP outcomes -> kt error codes. The code's area decides the exit status (src/cli/exit-codes.ts):
 * 401/403 -> auth.* (4); unreachable, timeouts, 5xx, bad responses -> network.*, server.*, api.* (5);
 * 400, 413, 422 -> input.* (3, the thing we sent was invalid or too large).
 */
import { KtError } from '../errors.js';
import { redact, stripControls } from './redact.js';

export interface ServerErrorBody {
  type?: string;
  code?: string;
  message?: string;
  request_id?: string;
}

/** Extracts `{error: {...}}` from a response body, tolerating anything else. */
export function readErrorBody(body: unknown): { error: ServerErrorBody; extra: Record<string, unknown> } {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error, ...extra } = body as { error: unknown } & Record<string, unknown>;
    if (typeof error === 'object' && error !== null) {
      const e = error as Record<string, unknown>;
      const pick = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
      const out: ServerErrorBody = {};
      for (const k of ['type', 'code', 'message', 'request_id'] as const) {
        const v = pick(k);
        if (v !== undefined) out[k] = v;
      }
      return { error: out, extra };
    }
  }
  return { error: {}, extra: {} };
}

/**
 * A server's request id as kt shows it (error messages, --debug): scrubbed of this run's secrets first
 * (a server echoing the PUT body would put a config value there), then cut to id characters, so a
 * secret is not hidden from the scrub by the characters taken out, and no escape sequence reaches a terminal.
 */
export function shownRequestId(raw: string | undefined, secrets: readonly string[]): string | undefined {
  return raw === undefined
    ? undefined
    : redact(raw, secrets)
        .replace(/[^\w.:-]/g, '')
        .slice(0, 100);
}

const redirectStatus = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect points, as kt shows it: resolved against the URL asked, scheme, host and path only
 * (a query or user info may carry credentials), scrubbed and bounded; undefined when it is no URL.
 */
function shownRedirectTarget(location: string | undefined, requestUrl: string, secrets: readonly string[]) {
  if (location === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return undefined;
  }
  return stripControls(redact(`${target.origin}${target.pathname}`, secrets)).slice(0, 200);
}

/** The --api-url a redirect target suggests: the target less the path asked (`.../v1/events`), if it ends so. */
function suggestedApiUrl(target: string, path: string): string | undefined {
  return path.length > 1 && target.endsWith(path) ? target.slice(0, -path.length) : undefined;
}

/**
 * Builds the KtError for a non-2xx HTTP response. `redirect` carries a 3xx answer's Location and the URL
 * it answered: kt follows no redirect (the token would go wherever a server says), so it names the target.
 */
export function httpError(
  status: number,
  method: string,
  path: string,
  body: unknown,
  requestId: string | undefined,
  secrets: readonly string[],
  redirect?: { location: string | undefined; requestUrl: string },
): KtError {
  const { error, extra } = readErrorBody(body);
  const rid = shownRequestId(error.request_id ?? requestId, secrets);
  const serverMessage = error.message ? stripControls(redact(error.message, secrets)).slice(0, 500) : undefined;
  const where = `${method} ${path}`;
  const data: Record<string, unknown> = { http_status: status };
  if (rid) data.request_id = rid;
  if (error.code) data.server_code = error.code;
  const suffix = `${serverMessage ? `: ${serverMessage}` : ''}${rid ? ` (request ${rid})` : ''}`;
  if (status === 401) {
    return new KtError('auth.unauthorized', `the API rejected the credentials for ${where} (401)${suffix}`, {
      hint: 'run `kt auth login`, set KEEPTRUSTS_API_TOKEN, or check --state-dir for the local admin token',
      data,
    });
  }
  if (
    status === 403 &&
    (error.code === 'ip_not_allowed' || error.code === 'user_agent_required' || error.code === 'bot_blocked')
  ) {
    // The gateway's network controls refused the connection: no token would help.
    const hint =
      error.code === 'ip_not_allowed'
        ? "this machine's address is outside the pack's gateway.ip_allowlist; add it (e.g. 127.0.0.1/32 for the local operator) or call from an allowed address"
        : "the pack's gateway.bot_detection refused the client's User-Agent";
    return new KtError(
      'auth.network_denied',
      `the gateway refused ${where} from this client (403 ${error.code})${suffix}`,
      { hint, data },
    );
  }
  if (status === 403) {
    return new KtError('auth.forbidden', `the token is not allowed to call ${where} (403)${suffix}`, {
      hint: 'use an admin token for admin endpoints',
      data,
    });
  }
  if (redirectStatus.has(status)) {
    const target = redirect && shownRedirectTarget(redirect.location, redirect.requestUrl, secrets);
    if (target) data.location = target;
    const apiUrl = target && suggestedApiUrl(target, path);
    return new KtError(
      'api.redirected',
      // The body of a redirect is a "moved" page at best: not worth a message.
      `${where}: the server redirects (${status})${target ? ` to ${target}` : ''}; kt does not follow redirects${rid ? ` (request ${rid})` : ''}`,
      {
        hint: target
          ? `if the API lives there, give its address as --api-url${apiUrl ? ` (${apiUrl})` : ''}: kt sends the token only where it is pointed`
          : 'point --api-url at the API itself',
        data,
      },
    );
  }
  if (status === 404) return new KtError('api.not_found', `${where}: not found (404)${suffix}`, { data });
  if (status === 409) return new KtError('api.conflict', `${where}: conflict (409)${suffix}`, { data });
  if (status === 413)
    // What was sent (a value, a pushed pack) is over the server's limit: the user's input, not a server fault.
    return new KtError('input.too_large', `${where}: the server refused the request as too large (413)${suffix}`, {
      data,
    });
  if (status === 400 || status === 422) {
    if (Array.isArray(extra.diagnostics)) data.diagnostics = extra.diagnostics;
    if (typeof extra.file === 'string') data.file = stripControls(extra.file).slice(0, 1000);
    return new KtError('input.rejected_by_server', `${where}: the server rejected the request (${status})${suffix}`, {
      data,
    });
  }
  if (status === 429)
    return new KtError('server.rate_limited', `${where}: rate limited (429)${suffix}`, {
      hint: 'wait and try again',
      data,
    });
  if (status === 503)
    return new KtError('server.unavailable', `${where}: service unavailable (503)${suffix}`, { data });
  if (status >= 500) return new KtError('server.error', `${where}: server error ${status}${suffix}`, { data });
  return new KtError('api.unexpected_status', `${where}: unexpected HTTP status ${status}${suffix}`, { data });
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
]);

/**
 * TLS failures that --ca-cert would not cure, in words: the generic hint sent an operator facing an
 * expired certificate or a plain-HTTP port after a CA file.
 */
const tlsProblems: Record<string, { problem: string; hint: string }> = {
  CERT_HAS_EXPIRED: {
    problem: "the server's certificate has expired",
    hint: "the server needs a renewed certificate (or this machine's clock is wrong)",
  },
  CERT_NOT_YET_VALID: {
    problem: "the server's certificate is not valid yet",
    hint: "check this machine's clock, or the certificate's start date",
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    problem: "the server's certificate is for another host name",
    hint: 'use in --api-url a host name the certificate lists, or give the server a certificate for this one',
  },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    problem: 'the server did not answer in TLS',
    hint: 'is it a plain-HTTP port? check the scheme and port of --api-url',
  },
  // Alerts a server sends about the client certificate (TLS 1.2; a TLS 1.3 server closes the connection).
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: {
    problem: 'the server does not trust the client certificate',
    hint: 'give a --client-cert issued by a CA the server trusts (a kt gateway: its gateway.mtls.ca_cert)',
  },
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: {
    problem: 'the server refused the client certificate',
    hint: 'give a --client-cert issued by a CA the server trusts (a kt gateway: its gateway.mtls.ca_cert)',
  },
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: {
    problem: 'the server requires a client certificate',
    hint: 'give --client-cert and --client-key (mTLS)',
  },
};

/** Verification failures that the CA of --ca-cert cures (the server's certificate chains to no CA kt trusts). */
const unknownIssuer = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** What the client presented, so a hint does not ask for a file the operator already gave. */
export interface TlsGiven {
  /** --ca-cert (or the profile's ca_cert). */
  ca?: boolean;
  /** --client-cert and --client-key. */
  clientCert?: boolean;
}

/** The errno/undici code of a transport error (looking through `cause`). */
export function transportCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isTlsError = (code: string | undefined): boolean =>
  code !== undefined && (tlsCodes.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'));

/** True when the request certainly never reached the server, so even a POST may be retried. */
export const neverSent = (code: string | undefined): boolean =>
  code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT';

/** The proxy a client goes through, as messages name it (never its credentials). */
export interface ShownProxy {
  shown: string;
  variable: string;
  hasCredentials: boolean;
}

/**
 * A failure of the proxy itself, named as such: unreachable, or refusing the tunnel (undici's
 * "Proxy response (407) !== 200 when HTTP Tunneling", which kt reported as `connection failed
 * (UND_ERR_ABORTED)` after four attempts, or a refused proxy as "is the gateway running?").
 * Undefined when the failure is not the proxy's. In each case the request never reached the API.
 */
export function proxyError(error: unknown, method: string, url: string, proxy: ShownProxy): KtError | undefined {
  const code = transportCode(error);
  const via = `the proxy ${proxy.shown} (${proxy.variable})`;
  const where = `${method} ${url}`;
  const status = /Proxy response \((\d{3})\)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (status === '407') {
    return new KtError('auth.proxy_rejected', `${where}: ${via} asks for credentials (407)`, {
      hint: proxy.hasCredentials
        ? `the proxy refused the user and password in ${proxy.variable}: check them (special characters percent-encoded)`
        : `put them in ${proxy.variable}: http://USER:PASSWORD@${proxy.shown.replace(/^\w+:\/\//, '')}`,
      data: { proxy_status: 407 },
    });
  }
  if (status !== undefined) {
    return new KtError('network.proxy', `${where}: ${via} would not open a tunnel to the API (${status})`, {
      hint: `check that the proxy may reach ${new URL(url).host}, or list that host in NO_PROXY`,
      data: { proxy_status: Number(status) },
    });
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const what = code === 'ECONNREFUSED' ? 'connection refused' : 'host not found';
    return new KtError('network.proxy', `${where}: cannot reach ${via}: ${what}`, {
      hint: `check ${proxy.variable}, or list the API host in NO_PROXY to connect directly`,
    });
  }
  return undefined;
}

/** Builds the KtError for a transport failure (no HTTP response). */
export function transportError(
  error: unknown,
  method: string,
  url: string,
  timedOut: boolean,
  timeoutMs: number,
  answeredBefore = false,
  given: TlsGiven = {},
): KtError {
  const code = transportCode(error);
  const where = `${method} ${url}`;
  if (
    timedOut ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new KtError('network.timeout', `${where}: no answer within ${formatMs(timeoutMs)}`, {
      hint: 'check the URL and the network, or raise --timeout',
    });
  }
  if (isTlsError(code)) {
    const issuer = code !== undefined && unknownIssuer.has(code);
    const known: { problem?: string; hint: string } | undefined = issuer
      ? {
          problem: "the server's certificate is not issued by a CA kt trusts",
          hint: given.ca
            ? "the --ca-cert file does not hold the CA that issued the server's certificate: give that CA's certificate (PEM)"
            : "pass the CA that issued the server's certificate with --ca-cert FILE (PEM)",
        }
      : code === undefined
        ? undefined
        : tlsProblems[code];
    return new KtError('network.tls', `${where}: TLS failure (${code})${known?.problem ? `: ${known.problem}` : ''}`, {
      hint: known?.hint ?? 'pass the server CA with --ca-cert; for mTLS give --client-cert and --client-key',
    });
  }
  if (code === 'ECONNREFUSED') {
    return new KtError('network.unreachable', `${where}: connection refused`, {
      hint: 'is the gateway running? start it with `kt gateway run`, or pass --api-url',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new KtError('network.dns', `${where}: host not found`, { hint: 'check --api-url / KEEPTRUSTS_API_URL' });
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  // A TLS 1.3 server that wants a client certificate refuses it after the handshake: the client only
  // sees the connection closed. Not so once the server has answered this client (page 3 of an export):
  // then the connection was lost, and the mTLS hint sent the operator after certificates for nothing.
  const closed = code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
  if (url.startsWith('https:') && closed) {
    return new KtError(
      'network.failed',
      `${where}: the server closed the connection (${detail})`,
      answeredBefore
        ? {}
        : {
            hint: given.clientCert
              ? 'if the gateway requires client certificates (mTLS), it may not accept this one: give a --client-cert issued by the CA it trusts (a kt gateway: its gateway.mtls.ca_cert)'
              : 'if the gateway requires client certificates (mTLS), give --client-cert and --client-key',
          },
    );
  }
  // An HTTPS server sent plain HTTP closes the connection without a word.
  if (url.startsWith('http:') && closed && !answeredBefore) {
    return new KtError('network.failed', `${where}: the server closed the connection (${detail})`, {
      hint: 'if the server speaks HTTPS, write https:// in --api-url',
    });
  }
  return new KtError('network.failed', `${where}: connection failed (${detail})`);
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
