import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { describeSmtp } from './transport.ts';

// The e-mail settings of server/config.ts: TMA_SMTP_URL(_FILE), TMA_MAIL_FROM, TMA_PUBLIC_URL.

describe('e-mail settings', () => {
  it('has e-mail off by default, a local sender and a local public URL', () => {
    const config = loadConfig({});
    expect(config.mail).toEqual({ smtp: null, from: { name: 'TMA', address: 'tma@localhost' } });
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('reads an SMTP URL with percent-encoded credentials; STARTTLS is required off loopback', () => {
    const config = loadConfig({
      TMA_SMTP_URL: 'smtp://mailer%40acme.example:p%3Ass%2Fw@mail.acme.example:2525',
    });
    expect(config.mail.smtp).toEqual({
      host: 'mail.acme.example',
      port: 2525,
      secure: false,
      requireTls: true,
      auth: { user: 'mailer@acme.example', pass: 'p:ss/w' },
    });
    expect(describeSmtp(config.mail.smtp as NonNullable<typeof config.mail.smtp>)).toBe(
      'smtp://mailer%40acme.example@mail.acme.example:2525',
    );
    expect(loadConfig({ TMA_SMTP_URL: 'smtps://u:p@mail.example' }).mail.smtp).toMatchObject({
      port: 465,
      secure: true,
      requireTls: false,
    });
    expect(loadConfig({ TMA_SMTP_URL: 'smtp://relay.internal' }).mail.smtp).toEqual({
      host: 'relay.internal',
      port: 587,
      secure: false,
      requireTls: false,
      auth: null,
    });
    expect(loadConfig({ TMA_SMTP_URL: 'smtp://u:p@127.0.0.1:25' }).mail.smtp?.requireTls).toBe(false);
    expect(loadConfig({ TMA_SMTP_URL: 'smtp://u:p@[::1]:25' }).mail.smtp).toMatchObject({ host: '::1' });
  });

  it('reads the SMTP URL from TMA_SMTP_URL_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-mail-'));
    writeFileSync(path.join(dir, 'smtp'), 'smtps://tma:secret@mail.example:465\n');
    const config = loadConfig({ TMA_SMTP_URL_FILE: path.join(dir, 'smtp') });
    expect(config.mail.smtp?.auth).toEqual({ user: 'tma', pass: 'secret' });
  });

  it.each([
    ['not a url :: hunter2', /^TMA_SMTP_URL must be a URL like smtp:\/\//],
    [
      'http://u:hunter2@mail.example',
      /^TMA_SMTP_URL must start with smtp:\/\/ or smtps:\/\/ \(got http:\/\/\)$/,
    ],
    ['smtp://u:hunter2@mail.example/path', /^TMA_SMTP_URL takes no path, query or fragment/],
    ['smtp://u:hunter2@mail.example?x=1', /^TMA_SMTP_URL takes no path, query or fragment/],
    ['smtp://:hunter2@mail.example', /^TMA_SMTP_URL has a password but no user/],
    ['smtp://u:hunter2%zz@mail.example', /^TMA_SMTP_URL has a malformed percent-encoding/],
  ])('refuses TMA_SMTP_URL=%s without repeating the password', (value, message) => {
    expect(() => loadConfig({ TMA_SMTP_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TMA_SMTP_URL: value })).toThrow(message);
    try {
      loadConfig({ TMA_SMTP_URL: value });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('reads the sender as an address or Name <address>', () => {
    expect(loadConfig({ TMA_MAIL_FROM: 'noreply@acme.example' }).mail.from).toEqual({
      name: null,
      address: 'noreply@acme.example',
    });
    expect(loadConfig({ TMA_MAIL_FROM: 'ACME Bedrohungsmanagement <tma@acme.example>' }).mail.from).toEqual({
      name: 'ACME Bedrohungsmanagement',
      address: 'tma@acme.example',
    });
    for (const bad of ['acme', 'A <b>', 'a@b, c@d', 'A <a@b> <c@d>'])
      expect(() => loadConfig({ TMA_MAIL_FROM: bad }), bad).toThrow(/^TMA_MAIL_FROM must be an address/);
  });

  it('normalises the public URL and refuses anything but a plain http(s) URL', () => {
    expect(loadConfig({ TMA_PUBLIC_URL: 'https://tma.acme.example/' }).publicUrl).toBe(
      'https://tma.acme.example',
    );
    expect(loadConfig({ TMA_PUBLIC_URL: 'https://acme.example/tma/' }).publicUrl).toBe(
      'https://acme.example/tma',
    );
    expect(() => loadConfig({ TMA_PUBLIC_URL: 'ftp://acme.example' })).toThrow(
      /^TMA_PUBLIC_URL must start with http:\/\/ or https:\/\//,
    );
    expect(() => loadConfig({ TMA_PUBLIC_URL: 'tma.acme.example' })).toThrow(/^TMA_PUBLIC_URL must be a URL/);
    for (const bad of ['https://acme.example/?x=1', 'https://acme.example/#top', 'https://u:p@acme.example'])
      expect(() => loadConfig({ TMA_PUBLIC_URL: bad }), bad).toThrow(/^TMA_PUBLIC_URL must have no query/);
  });
});
