import { describe, expect, it } from 'vitest';
import { knownCipherSuites } from '../../../src/schema/rules/network.js';
import { opensslCipherList } from '../../../src/runtime/tls-config.js';

describe('cipher_suites as OpenSSL reads them', () => {
  it('every suite lint accepts reaches OpenSSL under a name it knows: IANA TLS 1.2 names are translated', () => {
    const list = opensslCipherList(knownCipherSuites).split(':');
    expect(list).toHaveLength(knownCipherSuites.length);
    expect(list.filter((name) => name.startsWith('TLS_'))).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
      'TLS_AES_128_CCM_SHA256',
    ]);
    expect(opensslCipherList(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'])).toBe(
      'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384',
    );
  });

  it('refuses a name OpenSSL does not know instead of letting OpenSSL drop it', () => {
    expect(() => opensslCipherList(['TLS_AES_256_GCM_SHA384', 'TLS_RSA_WITH_FOO'])).toThrow(
      /^gateway\.tls\.cipher_suites: "TLS_RSA_WITH_FOO" \(item 2\) is not a cipher suite OpenSSL knows$/,
    );
  });
});
