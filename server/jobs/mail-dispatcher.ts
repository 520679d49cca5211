import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import type { Database } from '../db/database.ts';
import { outsideCaller } from '../db/guarded-dialect.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { openQueuedEmail, UnreadableEmailError } from '../modules/mail/outbox.ts';
import {
  type ClaimedEmail,
  claimDueEmails,
  failExhaustedEmails,
  markEmailFailed,
  markEmailSent,
  releaseEmail,
  scheduleEmailRetry,
} from '../modules/mail/store.ts';
import { EMAIL_TEMPLATE_NAMES, type RenderedEmail, renderEmail } from '../modules/mail/templates.ts';
import { createSmtpTransport, describeSmtp, type MailTransport } from '../modules/mail/transport.ts';

// Sends what the outbox holds. Each pass claims due messages tenant by tenant, in that tenant's
// transaction, then sends them outside any transaction (no network inside one: the embedded database has
// a single connection) and records each result in a short transaction of its own. Delivery is at least
// once: a crash between the server's acceptance and the record sends that message again after the lease.

export interface MailDispatcherOptions {
  database: Database;
  /** The dispatcher owns it: stop() closes it. */
  transport: MailTransport;
  logger: Logger;
  /**
   * Opens sealed messages (address and params, sealed with a report's or the tenant's mail key). main.ts
   * always passes it; without it a sealed message cannot be sent and is marked failed.
   */
  keyring?: Keyring;
  /** TMA_PUBLIC_URL: links in messages start with it. */
  publicUrl: string;
  /** Domain of the Message-IDs (`<outbox id@domain>`); the sender's domain. */
  messageIdDomain: string;
  /** Pause between passes when there is nothing more to do. Default 5 s. */
  pollIntervalMs?: number;
  /** Messages claimed per tenant and transaction. Default 10. */
  batchSize?: number;
  /** Attempts before a message is marked failed. Default 10. */
  maxAttempts?: number;
  /** Delay after the first failed attempt, doubled after each further one. Default 1 min. */
  retryBaseMs?: number;
  /** Longest delay between attempts. Default 1 h (with the defaults: retries for about four hours). */
  retryMaxMs?: number;
  /** How long a claim lasts; another dispatcher takes over a message still `sending` after it. Default 10 min. */
  leaseMs?: number;
  /** Longest a single send may take before it is aborted. Default 2 min; must be well below the lease. */
  sendTimeoutMs?: number;
  /** On stop(), how long a send in progress may still take before it is aborted. Default 5 s. */
  stopGraceMs?: number;
}

/** A claimed message with its address and params opened (in memory only, while it is sent). */
type Outgoing = ClaimedEmail & { to: string };

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface MailDispatcher {
  /** Starts polling: a first pass at once, then one every poll interval. */
  start(): void;
  /** Runs a pass now (or right after the current one): call it after committing new messages. */
  wake(): void;
  /** One pass over every active tenant, until nothing is due; for tests and admin commands. */
  runOnce(): Promise<PassResult>;
  /** Stops polling, lets the send in progress finish (or aborts it after the grace time), closes the transport. */
  stop(): Promise<void>;
}

/**
 * Failures of the server or the way to it, not of one message (nodemailer's codes; 421: service not
 * available): the rest of the batch waits as long, without spending an attempt.
 */
const serverErrors = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EAUTH',
  'ENOAUTH',
  'EABORT',
]);
const isServerError = ({ code, responseCode }: SmtpError) =>
  responseCode === 421 || (code !== undefined && serverErrors.has(code));

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** What is kept of an error: short, one line, without the address or any secret. */
function describeError(error: unknown, recipient: string): string {
  const { code, responseCode, message } = error as SmtpError;
  const text = [code, responseCode, message]
    .filter((part) => part !== undefined && part !== '')
    .join(' ')
    .replace(/[\r\n\t]+/g, ' ');
  const withoutAddress = recipient ? text.split(recipient).join('<recipient>') : text;
  return withoutAddress.slice(0, 300) || 'unknown error';
}

export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  const { database, transport, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? 10;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const retryMaxMs = options.retryMaxMs ?? 3_600_000;
  const leaseMs = options.leaseMs ?? 600_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 120_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  if (sendTimeoutMs >= leaseMs) throw new RangeError('sendTimeoutMs must be shorter than leaseMs');

  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastPassError: string | undefined;

  const retryDelay = (attempt: number) => Math.min(retryBaseMs * 2 ** (attempt - 1), retryMaxMs);
  const scope = (tenantId: string) => ({ tenantId, userId: null });

  async function activeTenants(): Promise<string[]> {
    const rows = await database.db
      .selectFrom('tenants')
      .select('id')
      .where('status', '=', 'active')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * The address and params of each claimed message, opened with its scope's data key (the tenant's keys are
   * loaded outside the transaction: a provider call), or as they are in a row of an earlier release. One
   * that cannot be opened (its report was shredded, a ciphertext does not open, no keyring) is marked
   * failed and left out: never sent half-filled.
   */
  async function openClaimed(
    tenantId: string,
    claimed: ClaimedEmail[],
    result: PassResult,
  ): Promise<Outgoing[]> {
    const sealed = claimed.some((email) => email.recipient === null || email.params_sealed !== null);
    const keys = sealed && options.keyring ? await options.keyring.forTenant(tenantId) : undefined;
    return withTenant(database, scope(tenantId), async (trx) => {
      const outgoing: Outgoing[] = [];
      for (const email of claimed) {
        try {
          outgoing.push({ ...email, ...(await openQueuedEmail(trx, keys, email)) });
        } catch (error) {
          if (!(error instanceof UnreadableEmailError)) throw error;
          await markEmailFailed(trx, email, error.code);
          logger.warn(
            { emailId: email.id, tenantId, reason: error.code },
            'queued e-mail cannot be opened; marked failed',
          );
          result.failed += 1;
        }
      }
      return outgoing;
    });
  }

  /** Sends one claimed batch of a tenant, recording each result as it comes. */
  async function sendBatch(tenantId: string, claimed: Outgoing[], result: PassResult): Promise<void> {
    const claimedAt = Date.now();
    for (const [index, email] of claimed.entries()) {
      const rest = claimed.slice(index);
      // Stopping, or too little of the claim left for a whole send: hand the rest back untried.
      if (stopped || Date.now() - claimedAt + sendTimeoutMs > leaseMs) {
        await withTenant(database, scope(tenantId), async (trx) => {
          for (const other of rest) await releaseEmail(trx, other, 0);
        });
        return;
      }
      let rendered: RenderedEmail;
      try {
        rendered = renderEmail(email.template, email.locale, email.params, { publicUrl: options.publicUrl });
      } catch (error) {
        const reason = describeError(error, email.to);
        await withTenant(database, scope(tenantId), (trx) => markEmailFailed(trx, email, reason));
        logger.warn({ emailId: email.id, tenantId }, 'e-mail cannot be rendered; marked failed');
        result.failed += 1;
        continue;
      }
      try {
        await transport.send(
          { ...rendered, to: email.to, messageId: `${email.id}@${options.messageIdDomain}` },
          AbortSignal.any([stopping.signal, AbortSignal.timeout(sendTimeoutMs)]),
        );
      } catch (error) {
        const { code, responseCode } = error as SmtpError;
        // Aborted by stop(): the message goes back untried, due at once for another instance.
        if (stopping.signal.aborted) {
          await withTenant(database, scope(tenantId), async (trx) => {
            for (const other of rest) await releaseEmail(trx, other, 0);
          });
          return;
        }
        const reason = describeError(error, email.to);
        const log = { emailId: email.id, tenantId, attempt: email.attempts, code, responseCode };
        if (email.attempts >= maxAttempts) {
          await withTenant(database, scope(tenantId), (trx) => markEmailFailed(trx, email, reason));
          logger.warn({ ...log }, `e-mail not delivered after ${email.attempts} attempts; marked failed`);
          result.failed += 1;
        } else {
          const delay = retryDelay(email.attempts);
          await withTenant(database, scope(tenantId), (trx) => scheduleEmailRetry(trx, email, delay, reason));
          logger.info({ ...log, retryInSeconds: delay / 1000 }, 'e-mail not delivered; will retry');
          result.retried += 1;
        }
        if (isServerError(error as SmtpError)) {
          const others = rest.slice(1);
          if (others.length > 0)
            await withTenant(database, scope(tenantId), async (trx) => {
              for (const other of others) await releaseEmail(trx, other, retryDelay(email.attempts));
            });
          return;
        }
        continue;
      }
      await withTenant(database, scope(tenantId), (trx) => markEmailSent(trx, email.id));
      // Debug only: with the time of the log line, a notice would date the report it is about.
      logger.debug({ emailId: email.id, tenantId }, 'e-mail sent');
      result.sent += 1;
    }
  }

  async function runOnce(): Promise<PassResult> {
    const result: PassResult = { sent: 0, retried: 0, failed: 0 };
    let pending = await activeTenants();
    // Round robin: one batch per tenant in turn, so one tenant's backlog does not hold up another's mail.
    while (pending.length > 0 && !stopped) {
      const busy: string[] = [];
      for (const tenantId of pending) {
        if (stopped) break;
        const claimed = await withTenant(database, scope(tenantId), async (trx) => {
          for (const id of await failExhaustedEmails(trx, maxAttempts))
            logger.warn({ emailId: id, tenantId }, 'e-mail not delivered: no result from its final attempt');
          return claimDueEmails(trx, {
            limit: batchSize,
            leaseMs,
            maxAttempts,
            templates: EMAIL_TEMPLATE_NAMES,
          });
        });
        if (claimed.length === 0) continue;
        await sendBatch(tenantId, await openClaimed(tenantId, claimed, result), result);
        if (claimed.length === batchSize) busy.push(tenantId);
      }
      pending = busy;
    }
    return result;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    // wake() is called from requests: the pass must not share their abort signal (a client that leaves
    // would stop the mail of others).
    timer = setTimeout(() => outsideCaller(tick), delayMs);
    // Polling alone does not keep a process alive (a CLI that forgot stop() still exits).
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    running = (async () => {
      try {
        await runOnce();
        if (lastPassError) logger.info('e-mail dispatch works again');
        lastPassError = undefined;
      } catch (error) {
        // Logged once until a pass succeeds (e.g. while the schema waits for `tma migrate`).
        const message = (error as Error).message;
        if (message !== lastPassError && isDatabaseUnavailable(error))
          logger.warn({ err: error }, 'database unavailable: e-mail waits in the outbox until it is back');
        else if (message !== lastPassError) logger.error({ err: error }, 'e-mail dispatch pass failed');
        lastPassError = message;
      } finally {
        running = undefined;
      }
      if (again) {
        again = false;
        schedule(0);
      } else {
        schedule(pollIntervalMs);
      }
    })();
  }

  return {
    start() {
      if (!stopped && !timer && !running) schedule(0);
    },
    wake() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    runOnce,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      const grace = setTimeout(
        () => stopping.abort(new Error('the mail dispatcher is stopping')),
        stopGraceMs,
      );
      try {
        await running;
      } finally {
        clearTimeout(grace);
        stopping.abort(new Error('the mail dispatcher stopped'));
        transport.close();
      }
    },
  };
}

/**
 * Starts the dispatcher for main.ts, or returns null when e-mail is off (TMA_SMTP_URL unset): messages
 * then stay queued in the outbox, and an instance that has the setting sends them.
 */
export function startMailDispatcher(
  config: Pick<Config, 'mail' | 'publicUrl'>,
  database: Database,
  keyring: Keyring,
  logger: Logger,
  overrides: Partial<MailDispatcherOptions> = {},
): MailDispatcher | null {
  const { smtp, from } = config.mail;
  if (!smtp) {
    logger.info('e-mail is off (TMA_SMTP_URL is not set): messages stay queued in the outbox');
    return null;
  }
  const dispatcher = createMailDispatcher({
    database,
    transport: createSmtpTransport(smtp, from),
    logger,
    keyring,
    publicUrl: config.publicUrl,
    messageIdDomain: from.address.split('@').pop() as string,
    ...overrides,
  });
  dispatcher.start();
  logger.info({ smtp: describeSmtp(smtp) }, 'sending e-mail');
  return dispatcher;
}
