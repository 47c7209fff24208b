/**
 * Checks of the `gateway` section's network settings: TLS versions and cipher suites (E011, E012)
 * and allowlist CIDR ranges (E013). Only TLS 1.2+ with AEAD suites is accepted (DESIGN.md §7).
 */

/** The TLS 1.3 suites (a TLS 1.2 handshake can use none of them). */
export const tls13CipherSuites: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_CCM_SHA256',
];

/** Cipher suites kt's gateway can offer: TLS 1.3 suites and the TLS 1.2 ECDHE/DHE AEAD suites, IANA and OpenSSL names. */
export const knownCipherSuites: readonly string[] = [
  ...tls13CipherSuites,
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
];

/**
 * Reads a TLS version as written (`1.2`, `"1.3"`, `TLSv1.2`, `TLS1.2`) into [major, minor], or undefined
 * when it is not a TLS version at all. YAML reads an unquoted `1.2` as a number; that is accepted.
 */
export function parseTlsVersion(value: unknown): [number, number] | undefined {
  const text = typeof value === 'number' ? value.toFixed(1) : typeof value === 'string' ? value.trim() : '';
  const m = /^(?:TLS\s*v?)?([1-9])\.([0-9])$/i.exec(text);
  if (m === null) return undefined;
  const version: [number, number] = [Number(m[1]), Number(m[2])];
  return version[0] === 1 && version[1] <= 3 ? version : undefined;
}

const isIPv4 = (address: string): boolean => {
  const octets = address.split('.');
  return octets.length === 4 && octets.every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
};

/**
 * RFC 4291 text form: eight 1-4 digit hex groups, one `::` standing for one or more zero groups, and
 * optionally a dotted IPv4 tail (two groups). Zone ids (`%eth0`) have no place in an allowlist.
 */
export function isIPv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | undefined => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === undefined || tail === undefined) return false;
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1; // an IPv4 tail fills two groups
  }
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Why a CIDR range (or bare address) is invalid, or undefined when it is valid. */
export function cidrProblem(range: string): string | undefined {
  const [address = '', prefix, extra] = range.trim().split('/');
  if (extra !== undefined) return 'more than one "/"';
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return `prefix length "${prefix}" is not a number`;
  if (address.includes(':')) {
    if (!isIPv6(address)) return `"${address}" is not an IPv6 address`;
    if (prefix !== undefined && Number(prefix) > 128) return `prefix length /${prefix} exceeds 128 for IPv6`;
    return undefined;
  }
  if (!isIPv4(address)) return `"${address}" is not an IPv4 address`;
  if (prefix !== undefined && Number(prefix) > 32) return `prefix length /${prefix} exceeds 32 for IPv4`;
  return undefined;
}
