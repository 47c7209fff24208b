/**
 * Server TLS settings from `gateway.tls` / `gateway.mtls` (DESIGN.md §3.1, §7): certificates are read
 * from files, `min_version` below 1.2 is refused, and when a client CA is configured every client
 * must present a certificate that chains to it (handshake refused otherwise).
 */
import { X509Certificate } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { createSecureContext, getCiphers, type SecureContextOptions, type TlsOptions } from 'node:tls';
import type { JsonObject } from '../core/types.js';
import { MAX_PEM_BYTES, readFileBounded } from '../io/bounded-read.js';
import { describeFsError } from '../io/fs-errors.js';
import { parseTlsVersion } from '../schema/rules/network.js';

export interface ServerTls {
  options: TlsOptions;
  /** Expiry of the server certificate, for /health. */
  notAfter: string;
  /** The server certificate, parsed (which names it answers for: the URL kt's commands use, gateway.ts). */
  certificate: X509Certificate;
  clientAuth: boolean;
}

/**
 * `min_version` as OpenSSL takes it, read by lint's parser so that every spelling lint accepts (`1.2`,
 * `"TLS 1.2"`, `TLSv1.3`, ...) starts the gateway; undefined below 1.2.
 */
function minVersionOf(value: unknown): SecureContextOptions['minVersion'] {
  const version = parseTlsVersion(value ?? '1.2');
  if (version?.[0] !== 1) return undefined;
  return version[1] === 2 ? 'TLSv1.2' : version[1] === 3 ? 'TLSv1.3' : undefined;
}

/**
 * The IANA names of the TLS 1.2 suites lint accepts (docs/lint-codes.md E012), as OpenSSL calls them.
 * Node reads every name that starts with `TLS_` as a TLS 1.3 suite and OpenSSL drops the ones it does not
 * know: passed as written, `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` left no suite at all and the gateway
 * refused every handshake.
 */
const OPENSSL_SUITE_NAMES: Record<string, string> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 'DHE-RSA-AES128-GCM-SHA256',
  TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: 'DHE-RSA-AES256-GCM-SHA384',
};

/**
 * `cipher_suites` as Node's `ciphers` option: OpenSSL names, TLS 1.3 and 1.2 in one list. A name OpenSSL
 * does not know is refused here, since OpenSSL would drop it without a word.
 */
export function opensslCipherList(suites: readonly unknown[]): string {
  const known = new Set(getCiphers());
  const names = suites.map((suite, i) => {
    const name = OPENSSL_SUITE_NAMES[String(suite)] ?? String(suite);
    if (!known.has(name.toLowerCase()))
      throw new Error(
        `gateway.tls.cipher_suites: ${JSON.stringify(suite)} (item ${i + 1}) is not a cipher suite OpenSSL knows`,
      );
    return name;
  });
  return names.join(':');
}

async function readPem(file: unknown, field: string, baseDir: string): Promise<Buffer> {
  if (typeof file !== 'string' || file === '') throw new Error(`${field} must name a PEM file`);
  try {
    return await readFileBounded(resolve(baseDir, file), MAX_PEM_BYTES);
  } catch (e) {
    throw new Error(`${field}: cannot read ${file}: ${describeFsError(e)}`);
  }
}

/**
 * Whether a `gateway.tls` / `gateway.mtls` section is on: `enabled: true`, or a section that configures
 * something without saying `enabled` (as `ip_allowlist` and `bot_detection` read). A section with
 * certificates but no `enabled` line served plain HTTP, or took every client without a certificate.
 */
export function sectionOn(section: unknown): boolean {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return false;
  const enabled = (section as JsonObject).enabled;
  return enabled === true || (enabled === undefined && Object.keys(section).length > 0);
}

/**
 * The PEM files `gateway.tls` / `gateway.mtls` make the gateway read, as [field, value]: exactly those
 * serverTlsFromPack and upstreamClientCert read, so the pre-check below covers them and nothing more.
 */
function tlsFiles(gateway: JsonObject): Array<[string, unknown]> {
  const tls = (gateway.tls ?? {}) as JsonObject;
  const mtls = (gateway.mtls ?? {}) as JsonObject;
  const files: Array<[string, unknown]> = [];
  if (sectionOn(tls)) {
    files.push(['gateway.tls.cert_file', tls.cert_file], ['gateway.tls.key_file', tls.key_file]);
    if (tls.client_ca_file !== undefined) files.push(['gateway.tls.client_ca_file', tls.client_ca_file]);
    else if (sectionOn(mtls) && mtls.ca_cert !== undefined) files.push(['gateway.mtls.ca_cert', mtls.ca_cert]);
  }
  if (sectionOn(mtls) && mtls.client_cert !== undefined && mtls.client_key !== undefined) {
    files.push(['gateway.mtls.client_cert', mtls.client_cert], ['gateway.mtls.client_key', mtls.client_key]);
  }
  return files;
}

/**
 * Every TLS/mTLS file that cannot be read, each with its field (`gateway.tls.cert_file: cannot read
 * x.crt: no such file or directory (ENOENT)`): reported together so an operator fixes them in one go, where the loaders stop at the
 * first.
 */
export async function unreadableTlsFiles(
  gateway: JsonObject,
  baseDir: string,
): Promise<Array<{ field: string; message: string; relative: boolean }>> {
  const results = await Promise.all(
    tlsFiles(gateway).map(([field, file]) =>
      readPem(file, field, baseDir).then(
        () => undefined,
        (e: Error) => ({ field, message: e.message, relative: typeof file === 'string' && !isAbsolute(file) }),
      ),
    ),
  );
  return results.filter((r) => r !== undefined);
}

/**
 * Undefined when TLS is off. Relative paths resolve against the pack's directory. A certificate outside its
 * validity period at `now` is refused: every client that verifies it would refuse the handshake.
 */
export async function serverTlsFromPack(
  gateway: JsonObject,
  baseDir: string,
  now: number = Date.now(),
): Promise<ServerTls | undefined> {
  const tls = (gateway.tls ?? {}) as JsonObject;
  if (!sectionOn(tls)) return undefined;
  const cert = await readPem(tls.cert_file, 'gateway.tls.cert_file', baseDir);
  const key = await readPem(tls.key_file, 'gateway.tls.key_file', baseDir);
  const minVersion = minVersionOf(tls.min_version);
  if (minVersion === undefined)
    throw new Error(`gateway.tls.min_version: ${JSON.stringify(tls.min_version)} is not allowed (use "1.2" or "1.3")`);
  const options: TlsOptions = { cert, key, minVersion };
  if (Array.isArray(tls.cipher_suites) && tls.cipher_suites.length > 0) {
    options.ciphers = opensslCipherList(tls.cipher_suites);
  }
  const mtls = (gateway.mtls ?? {}) as JsonObject;
  const caFile = tls.client_ca_file ?? (sectionOn(mtls) ? mtls.ca_cert : undefined);
  if (caFile !== undefined) {
    const caField = tls.client_ca_file !== undefined ? 'gateway.tls.client_ca_file' : 'gateway.mtls.ca_cert';
    options.ca = await readPem(caFile, caField, baseDir);
    // OpenSSL takes a CA file with no certificate in it (a key, a truncated copy) without a word, and then
    // trusts nothing: every client was refused at the handshake by a gateway that had started.
    if (!holdsCertificate(options.ca)) throw new Error(`${caField}: ${String(caFile)} holds no PEM certificate`);
    options.requestCert = true;
    options.rejectUnauthorized = true;
  }
  const { notAfter, certificate } = checkedCertificate(cert, 'gateway.tls.cert_file', now, 'clients');
  refuseEncryptedKey(key, 'gateway.tls.key_file');
  // OpenSSL checks the set as a whole (the key matches the certificate, the suites exist) only when a
  // context is built: built here, so a bad set is a diagnostic of the pack at start and a refused reload,
  // never a failure after the swap.
  try {
    createSecureContext(options);
  } catch (e) {
    throw new Error(secureContextProblem(e as Error, 'gateway.tls'));
  }
  return { options, notAfter, certificate, clientAuth: options.requestCert === true };
}

/**
 * The certificate in `cert` (the first of its PEM blocks) and its expiry, refused when it is outside its
 * validity period at `now`: every peer that verifies it (`verifiers`) would refuse the handshake.
 */
function checkedCertificate(
  cert: Buffer,
  field: string,
  now: number,
  verifiers: string,
): { notAfter: string; certificate: X509Certificate } {
  let validity: { from: Date; to: Date };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
    validity = { from: new Date(certificate.validFrom), to: new Date(certificate.validTo) };
  } catch {
    throw new Error(`${field} does not hold a PEM certificate`);
  }
  if (validity.to.getTime() <= now)
    throw new Error(
      `${field}: the certificate expired on ${validity.to.toISOString()}; ${verifiers} refuse it (renew it)`,
    );
  if (validity.from.getTime() > now)
    throw new Error(
      `${field}: the certificate is not valid before ${validity.from.toISOString()}; ${verifiers} refuse it until then (check the clock, or use the current certificate)`,
    );
  return { notAfter: validity.to.toISOString(), certificate };
}

/** Whether `pem` starts with a certificate OpenSSL can read (the first of a CA bundle). */
export function holdsCertificate(pem: Buffer): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pack has no passphrase field, so an encrypted key can never be used; said as such (OpenSSL's own
 * word for it is `bad decrypt`).
 */
function refuseEncryptedKey(key: Buffer, field: string): void {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,ENCRYPTED/m.test(key.toString('latin1')))
    throw new Error(
      `${field}: the private key is encrypted with a passphrase, and kt reads unencrypted keys only (decrypt it with openssl pkey -in KEY -out KEY.plain and keep that file 0600)`,
    );
}

/** What OpenSSL's refusal of a certificate, key and settings means, starting with the field to fix. */
function secureContextProblem(e: Error, section: 'gateway.tls' | 'gateway.mtls'): string {
  const [certField, keyField] = section === 'gateway.tls' ? ['cert_file', 'key_file'] : ['client_cert', 'client_key'];
  const reason = e.message.replace(/^error:[0-9A-F]+:[^:]*routines::/i, '');
  if (/key values mismatch/i.test(reason))
    return `${section}.${keyField}: the private key does not match the certificate in ${certField}`;
  if (/cipher/i.test(reason)) return `${section}.cipher_suites: no usable cipher suite (${reason})`;
  if (/key|decoder|bad decrypt|unsupported/i.test(reason))
    return `${section}.${keyField}: not a usable private key (${reason})`;
  return `${section}: the certificate, key and settings cannot be used together (${reason})`;
}

/**
 * The gateway's own client certificate for upstream calls (`gateway.mtls.client_cert/client_key`), checked
 * as the server's is: the connections that use it are made per request, so a key that does not fit, an
 * encrypted key or an expired certificate failed every upstream call (502) of a gateway that had started.
 */
export async function upstreamClientCert(
  gateway: JsonObject,
  baseDir: string,
  now: number = Date.now(),
): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  const mtls = (gateway.mtls ?? {}) as JsonObject;
  if (!sectionOn(mtls) || mtls.client_cert === undefined || mtls.client_key === undefined) return undefined;
  const cert = await readPem(mtls.client_cert, 'gateway.mtls.client_cert', baseDir);
  const key = await readPem(mtls.client_key, 'gateway.mtls.client_key', baseDir);
  checkedCertificate(cert, 'gateway.mtls.client_cert', now, 'upstreams');
  refuseEncryptedKey(key, 'gateway.mtls.client_key');
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new Error(secureContextProblem(e as Error, 'gateway.mtls'));
  }
  return { cert, key };
}
