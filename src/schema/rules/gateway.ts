/**
 * Lint of the `gateway` block: E011 TLS version, E012 cipher suites, W011 TLS 1.3-only suites, W013 no TLS 1.3
 * suite under a TLS 1.3 minimum, E013 CIDR ranges.
 */
import { isObject } from '../../core/pack/json.js';
import type { JsonObject } from '../../core/types.js';
import type { Finding } from '../finding.js';
import { err, warn } from '../finding.js';
import { didYouMeanHint } from '../suggest.js';
import { cidrProblem, knownCipherSuites, parseTlsVersion, tls13CipherSuites } from './network.js';

export function gatewayFindings(doc: JsonObject): Finding[] {
  const out: Finding[] = [];
  const gateway = isObject(doc.gateway) ? doc.gateway : {};
  const tls = isObject(gateway.tls) ? gateway.tls : undefined;
  if (tls !== undefined) {
    if (tls.min_version !== undefined) {
      const version = parseTlsVersion(tls.min_version);
      if (version === undefined)
        out.push(
          err(
            'E011',
            ['gateway', 'tls', 'min_version'],
            `Unknown TLS version '${String(tls.min_version)}'`,
            "Use '1.2' or '1.3'",
          ),
        );
      else if (version[0] === 1 && version[1] < 2)
        out.push(
          err(
            'E011',
            ['gateway', 'tls', 'min_version'],
            `TLS ${version.join('.')} is below the minimum 1.2`,
            "Set min_version to '1.2' or '1.3'",
          ),
        );
    }
    if (Array.isArray(tls.cipher_suites)) {
      tls.cipher_suites.forEach((suite, i) => {
        if (typeof suite !== 'string' || knownCipherSuites.includes(suite)) return;
        const hint =
          didYouMeanHint(suite, knownCipherSuites) ??
          'Use TLS 1.3 suites (TLS_AES_256_GCM_SHA384, ...) or TLS 1.2 ECDHE AEAD suites';
        out.push(
          err('E012', ['gateway', 'tls', 'cipher_suites', String(i)], `Unknown or weak cipher suite '${suite}'`, hint),
        );
      });
    }
    // Only TLS 1.3 suites listed while 1.2 is allowed (the Security Engineering seed's block): OpenSSL then
    // has no TLS 1.2 suite to offer, and TLS 1.2 clients fail the handshake whatever min_version says.
    const version = tls.min_version === undefined ? [1, 2] : parseTlsVersion(tls.min_version);
    const suites = Array.isArray(tls.cipher_suites) ? tls.cipher_suites : [];
    if (
      version !== undefined &&
      version[1] === 2 &&
      suites.length > 0 &&
      suites.every((suite) => typeof suite === 'string' && tls13CipherSuites.includes(suite))
    )
      out.push(
        warn(
          'W011',
          ['gateway', 'tls', 'cipher_suites'],
          'cipher_suites lists only TLS 1.3 suites while min_version allows TLS 1.2: TLS 1.2 clients will fail the handshake',
          "Add a TLS 1.2 suite (e.g. ECDHE-RSA-AES128-GCM-SHA256), or set min_version: '1.3' if TLS 1.3 only is meant",
        ),
      );
    // The opposite: TLS 1.3 only, and no TLS 1.3 suite listed. The TLS 1.2 names restrict nothing then (TLS 1.3
    // has its own suites), and the handshake uses OpenSSL's default TLS 1.3 suites: the list is not enforced.
    if (
      version !== undefined &&
      version[1] === 3 &&
      suites.length > 0 &&
      !suites.some((suite) => typeof suite === 'string' && tls13CipherSuites.includes(suite))
    )
      out.push(
        warn(
          'W013',
          ['gateway', 'tls', 'cipher_suites'],
          "cipher_suites lists no TLS 1.3 suite while min_version is '1.3': the list restricts nothing, and every handshake uses OpenSSL's default TLS 1.3 suites",
          'List the TLS 1.3 suites to allow (TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256)',
        ),
      );
  }
  const allow = isObject(gateway.ip_allowlist) ? gateway.ip_allowlist : undefined;
  if (allow !== undefined && Array.isArray(allow.ranges)) {
    allow.ranges.forEach((range, i) => {
      if (typeof range !== 'string') return;
      const problem = cidrProblem(range);
      if (problem !== undefined)
        out.push(
          err(
            'E013',
            ['gateway', 'ip_allowlist', 'ranges', String(i)],
            `Invalid CIDR range '${range}': ${problem}`,
            'Write ranges as ADDRESS/PREFIX, e.g. 10.0.0.0/8 or 2001:db8::/32',
          ),
        );
    });
  }
  return out;
}
