import nodemailer from 'nodemailer';
import type { MailConfig, SmtpConfig } from '../../config.ts';
import type { RenderedEmail } from './templates.ts';

/** A rendered message on its way out. */
export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Message-ID without the angle brackets; the same on every attempt, so receivers can spot a repeat. */
  messageId: string;
}

/** Hands messages to a mail server. The dispatcher depends on this, not on SMTP. */
export interface MailTransport {
  /** Resolves once the server has accepted the message; rejects with the server's or the network's error. */
  send(message: OutgoingEmail, signal: AbortSignal): Promise<void>;
  close(): void;
}

/** The SMTP server for logs: scheme, user, host and port, never the password. */
export function describeSmtp(smtp: SmtpConfig): string {
  const host = smtp.host.includes(':') ? `[${smtp.host}]` : smtp.host;
  const user = smtp.auth ? `${encodeURIComponent(smtp.auth.user)}@` : '';
  return `${smtp.secure ? 'smtps' : 'smtp'}://${user}${host}:${smtp.port}`;
}

/**
 * An SMTP transport from TMA_SMTP_URL, one connection per message. Time limits stay well below the
 * dispatcher's lease, so a hanging server cannot make two instances send the same message.
 */
export function createSmtpTransport(smtp: SmtpConfig, from: MailConfig['from']): MailTransport {
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  });
  return {
    async send(message, signal) {
      try {
        await transporter.sendMail({
          from: from.name ? { name: from.name, address: from.address } : from.address,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${message.messageId}>`,
          priority: message.priority,
          // RFC 3834: out-of-office robots must not answer.
          headers: { 'Auto-Submitted': 'auto-generated' },
          disableFileAccess: true,
          disableUrlAccess: true,
          signal,
        });
      } catch (error) {
        // Should a server ever echo the password, it goes no further.
        const pass = smtp.auth?.pass;
        const failure = error as { message?: unknown; response?: unknown };
        if (pass && pass.length >= 4) {
          for (const key of ['message', 'response'] as const) {
            const value = failure[key];
            if (typeof value === 'string') failure[key] = value.split(pass).join('[redacted]');
          }
        }
        throw error;
      }
    },
    close() {
      transporter.close();
    },
  };
}
