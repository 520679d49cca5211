import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { loadConfig } from '../../config.ts';
import { renderEmail } from './templates.ts';
import { createSmtpTransport } from './transport.ts';

describe('SMTP transport', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer({ auth: { user: 'tma', pass: 's3cret:/@' } });
  });
  afterAll(async () => {
    await smtp?.close();
  });

  const transportFor = (url: string) => {
    const config = loadConfig({ TMA_SMTP_URL: url, TMA_MAIL_FROM: 'ACME TMA <tma@acme.example>' });
    if (!config.mail.smtp) throw new Error('no SMTP config');
    return createSmtpTransport(config.mail.smtp, config.mail.from);
  };

  it('logs in with the URL’s credentials and delivers text and HTML with a stable Message-ID', async () => {
    const transport = transportFor(smtp.url);
    const rendered = renderEmail(
      'report.danger',
      'de',
      { unitName: 'Österreich', path: '/inbox' },
      {
        publicUrl: 'https://tma.acme.example',
      },
    );
    await transport.send(
      { ...rendered, to: 'tom@acme.example', messageId: 'abc@acme.example' },
      AbortSignal.timeout(10_000),
    );
    transport.close();
    expect(smtp.logins).toEqual([{ user: 'tma', pass: 's3cret:/@' }]);
    const [mail] = smtp.received;
    expect(mail?.from).toBe('tma@acme.example');
    expect(mail?.to).toEqual(['tom@acme.example']);
    expect(mail?.headers.get('from')).toBe('ACME TMA <tma@acme.example>');
    expect(mail?.headers.get('message-id')).toBe('<abc@acme.example>');
    expect(mail?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail?.headers.get('x-priority')).toMatch(/^1/);
    expect(mail?.subject).toBe('DRINGEND: Neue Meldung mit Hinweis auf akute Gefahr (Österreich)');
    expect(mail?.text).toContain('Bitte prüfen Sie sie sofort: https://tma.acme.example/inbox');
    expect(mail?.html).toContain('<a href="https://tma.acme.example/inbox">Meldung jetzt prüfen</a>');
  });

  it('fails with the server’s answer, which never contains the password', async () => {
    const transport = transportFor(`smtp://tma:wrong-hunter2@127.0.0.1:${smtp.port}`);
    const rendered = renderEmail(
      'report.reply_waiting',
      'en',
      { path: '/r' },
      { publicUrl: 'http://x.example' },
    );
    const error = await transport
      .send({ ...rendered, to: 'a@example.org', messageId: 'x@acme.example' }, AbortSignal.timeout(10_000))
      .then(
        () => null,
        (e: unknown) => e as { code?: string; responseCode?: number; message: string },
      );
    transport.close();
    expect(error?.code).toBe('EAUTH');
    expect(error?.responseCode).toBe(535);
    expect(JSON.stringify({ ...error, message: error?.message })).not.toContain('hunter2');
  });
});
