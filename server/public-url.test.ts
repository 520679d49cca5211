import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { defaultPublicUrl, isLoopbackHostHeader, PublicAddress, publicUrlWarnings } from './public-url.ts';

describe('the public URL', () => {
  it('follows PORT (and HOST) when TMA_PUBLIC_URL is unset', () => {
    const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/tma-public-url', ...env });
    expect(config({})).toMatchObject({ publicUrl: 'http://localhost:3000', publicUrlConfigured: false });
    expect(config({ PORT: '3001' })).toMatchObject({
      publicUrl: 'http://localhost:3001',
      publicUrlConfigured: false,
    });
    expect(config({ PORT: '8080', HOST: '0.0.0.0' }).publicUrl).toBe('http://localhost:8080');
    expect(config({ PORT: '3001', TMA_PUBLIC_URL: 'https://tma.example.com/' })).toMatchObject({
      publicUrl: 'https://tma.example.com',
      publicUrlConfigured: true,
    });

    expect(defaultPublicUrl({ host: '127.0.0.1', port: 3001, tls: false })).toBe('http://localhost:3001');
    expect(defaultPublicUrl({ host: '::', port: 80, tls: false })).toBe('http://localhost');
    expect(defaultPublicUrl({ host: '::1', port: 443, tls: true })).toBe('https://localhost');
    expect(defaultPublicUrl({ host: 'tma.internal', port: 8443, tls: true })).toBe(
      'https://tma.internal:8443',
    );
    expect(defaultPublicUrl({ host: '10.0.0.5', port: 3000, tls: false })).toBe('http://10.0.0.5:3000');
    expect(defaultPublicUrl({ host: 'fd00::5', port: 3000, tls: false })).toBe('http://[fd00::5]:3000');
  });

  it('warns at start when a loopback TMA_PUBLIC_URL names another port than PORT', () => {
    const warnings = publicUrlWarnings({
      port: 3001,
      publicUrl: 'http://localhost:3000',
      publicUrlConfigured: true,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('TMA_PUBLIC_URL is http://localhost:3000, but TMA listens on port 3001');
    expect(warnings[0]).toContain('http://localhost:3001');
    // The same port, the scheme's default, a public host name (a proxy in front), the default, or PORT=0.
    expect(
      publicUrlWarnings({ port: 3000, publicUrl: 'http://localhost:3000', publicUrlConfigured: true }),
    ).toEqual([]);
    expect(publicUrlWarnings({ port: 80, publicUrl: 'http://127.0.0.1', publicUrlConfigured: true })).toEqual(
      [],
    );
    expect(
      publicUrlWarnings({ port: 3001, publicUrl: 'https://tma.example.com', publicUrlConfigured: true }),
    ).toEqual([]);
    expect(
      publicUrlWarnings({ port: 3001, publicUrl: 'http://localhost:3000', publicUrlConfigured: false }),
    ).toEqual([]);
    expect(
      publicUrlWarnings({ port: 0, publicUrl: 'http://localhost:3000', publicUrlConfigured: true }),
    ).toEqual([]);
  });

  it('follows the loopback address the browser used only on the embedded database without TMA_PUBLIC_URL', () => {
    const evaluation = new PublicAddress({
      base: 'http://localhost:3000',
      configured: false,
      embedded: true,
    });
    const at = (host: string | undefined, protocol = 'http') => evaluation.forRequest({ protocol, host });
    expect(at('localhost:3001')).toBe('http://localhost:3001');
    expect(at('LOCALHOST:3001')).toBe('http://localhost:3001');
    expect(at('127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(at('[::1]:3001')).toBe('http://[::1]:3001');
    expect(at('localhost')).toBe('http://localhost');
    // Anything but a loopback name gets the base: another site's name, DNS rebinding, tricks in the header.
    for (const host of [
      'evil.example:3001',
      'localhost.evil.example',
      'localhost:3001@evil.example',
      'localhost:3001/evil',
      '127.0.0.1.nip.io',
      'localhost:99999',
      undefined,
    ])
      expect(at(host)).toBe('http://localhost:3000');
    expect(at('localhost:3001', 'ftp')).toBe('http://localhost:3000');

    // PORT=0: the default takes the port once listening.
    evaluation.listening({ host: '127.0.0.1', port: 41234, tls: false });
    expect(evaluation.base).toBe('http://localhost:41234');
    expect(at(undefined)).toBe('http://localhost:41234');

    const configured = new PublicAddress({
      base: 'https://tma.example.com/',
      configured: true,
      embedded: true,
    });
    expect(configured.forRequest({ protocol: 'http', host: 'localhost:3001' })).toBe(
      'https://tma.example.com',
    );
    configured.listening({ host: '0.0.0.0', port: 3001, tls: false });
    expect(configured.base).toBe('https://tma.example.com');
    const production = new PublicAddress({
      base: 'http://localhost:3000',
      configured: false,
      embedded: false,
    });
    expect(production.forRequest({ protocol: 'http', host: 'localhost:3001' })).toBe('http://localhost:3000');

    expect(isLoopbackHostHeader('localhost:3000')).toBe(true);
    expect(isLoopbackHostHeader('tma.example.com')).toBe(false);
  });
});
