// Native HTTPS: the real server process with a self-signed certificate made for this test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skipReason = !hasOpenssl() && process.env.CI !== 'true' ? 'openssl is missing' : undefined;

/** A TLS handshake with the client's offer limited as given: the cipher agreed on, or the error. */
function handshake(
  url: string,
  ca: Buffer,
  offer: { ciphers?: string; maxVersion?: 'TLSv1.2' | 'TLSv1.3' },
): Promise<{ protocol: string | null; cipher: string } | { error: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), ca, ...offer }, () => {
      resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/** GET over HTTPS trusting only `ca`. */
function get(
  url: string,
  ca: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += String(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(skipReason !== undefined)(
  `native HTTPS${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let dir: string;
    let certFile: string;
    let keyFile: string;
    let server: ServerProcess | undefined;

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'tma-tls-'));
      certFile = path.join(dir, 'cert.pem');
      keyFile = path.join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
          ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
        ],
        { stdio: 'ignore' },
      );
    });
    afterAll(async () => {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves HTTPS with HSTS, and sees its requests as https', async () => {
      server = spawnServer({
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'info',
        TLS_CERT_FILE: certFile,
        TLS_KEY_FILE: keyFile,
      });
      const url = await server.listening;
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(certFile);

      const health = await get(`${url}/healthz`, ca);
      expect(health.status).toBe(200);
      // HSTS follows request.protocol, which is also what makes the session cookie Secure.
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(health.headers['content-security-policy']).toContain("default-src 'self'");
      await expect(get(`${url}/healthz`, Buffer.from(''))).rejects.toThrow();
    });

    it('offers AEAD ciphers only: TLS 1.3, or TLS 1.2 with ECDHE and GCM or ChaCha20-Poly1305', async () => {
      server ??= spawnServer({
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'info',
        TLS_CERT_FILE: certFile,
        TLS_KEY_FILE: keyFile,
      });
      const url = await server.listening;
      const ca = readFileSync(certFile);
      // A client with defaults gets TLS 1.3.
      expect(await handshake(url, ca, {})).toMatchObject({ protocol: 'TLSv1.3' });
      // TLS 1.2 with an AEAD cipher and forward secrecy.
      for (const cipher of [
        'ECDHE-RSA-AES128-GCM-SHA256',
        'ECDHE-RSA-AES256-GCM-SHA384',
        'ECDHE-RSA-CHACHA20-POLY1305',
      ])
        expect(await handshake(url, ca, { maxVersion: 'TLSv1.2', ciphers: cipher })).toEqual({
          protocol: 'TLSv1.2',
          cipher,
        });
      // CBC (Lucky Thirteen), and AEAD without forward secrecy, are refused in the handshake.
      for (const cipher of [
        'ECDHE-RSA-AES128-SHA256',
        'ECDHE-RSA-AES256-SHA384',
        'ECDHE-RSA-AES128-SHA',
        'AES128-SHA256',
        'AES128-GCM-SHA256',
      ]) {
        const refused = await handshake(url, ca, { maxVersion: 'TLSv1.2', ciphers: cipher });
        expect(refused, cipher).toHaveProperty('error');
        expect((refused as { error: string }).error, cipher).toMatch(/HANDSHAKE_FAILURE|NO_SHARED_CIPHER/);
      }
      // A client that lists CBC first still gets GCM: the server's order wins.
      expect(
        await handshake(url, ca, {
          maxVersion: 'TLSv1.2',
          ciphers: 'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256',
        }),
      ).toEqual({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    });

    it('refuses to start with only one of the two files, or with a file that is not PEM', () => {
      expect(() => loadConfig({ TLS_CERT_FILE: certFile })).toThrow(/must be set together/);
      expect(() => loadConfig({ TLS_KEY_FILE: keyFile })).toThrow(/must be set together/);
      expect(() => loadConfig({ TLS_CERT_FILE: keyFile, TLS_KEY_FILE: keyFile })).toThrow(
        /TLS_CERT_FILE: .* is not a PEM file with a certificate/,
      );
      expect(() => loadConfig({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: certFile })).toThrow(
        /TLS_KEY_FILE: .* is not a PEM file with a private key/,
      );
      expect(() =>
        loadConfig({ TLS_CERT_FILE: path.join(dir, 'missing.pem'), TLS_KEY_FILE: keyFile }),
      ).toThrow(/TLS_CERT_FILE: cannot read .*ENOENT/);
      expect(loadConfig({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }).tls?.cert.length).toBeGreaterThan(
        0,
      );
    });
  },
);
