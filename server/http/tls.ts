import type { TlsOptions } from 'node:tls';

// Native HTTPS (TLS_CERT_FILE, TLS_KEY_FILE) offers TLS 1.3 and TLS 1.2, and only AEAD ciphers with forward
// secrecy: Mozilla's "intermediate" choice for TLS 1.2, without the finite-field DHE suites. CBC suites are
// left out (Lucky Thirteen and the other padding-oracle attacks on MAC-then-encrypt), as are suites
// without ECDHE (no forward secrecy). Every TLS 1.3 suite is AEAD. Clients from 2014 on (TLS 1.2 with GCM)
// connect; a client that knows nothing newer than CBC is refused in the handshake.

/** TLS 1.3 suites, strongest-first is no concern here: all three are AEAD. */
export const TLS13_CIPHER_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
] as const;

/** TLS 1.2 ciphers (OpenSSL names): ECDHE key exchange, AES-GCM or ChaCha20-Poly1305, nothing else. */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const;

/** The options of the HTTPS server for a certificate and key (config.ts checked both). */
export function httpsServerOptions(tls: { cert: Buffer; key: Buffer }): TlsOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: 'TLSv1.2',
    ciphers: [...TLS13_CIPHER_SUITES, ...TLS12_CIPHERS].join(':'),
    // Our order, not the client's: a client offering CBC first still gets GCM.
    honorCipherOrder: true,
  };
}
