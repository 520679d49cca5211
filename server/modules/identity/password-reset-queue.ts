import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { DecryptionError } from '../../crypto/aead.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import { ephemeralSealer, type SystemSealer } from '../../crypto/system-sealer.ts';
import type { Database } from '../../db/database.ts';
import { MailUnavailable } from '../mail/outbox.ts';
import { type PasswordResetAsk, sendPasswordResetLink } from './password-reset.ts';
import {
  claimResetRequests,
  deleteResetRequest,
  dropExhaustedResetRequests,
  insertResetRequest,
  type ResetRequestRow,
  releaseResetRequests,
} from './reset-request-store.ts';

// "Forgot password?" answers at once. The request does one thing, the same for every address: it seals what
// was asked and inserts it into `password_reset_requests`. Looking up the organisation and the account,
// issuing the link, queuing the e-mail and auditing happen afterwards, here, in a worker that cannot fail
// the request. The row is the acknowledgement: it is committed before the answer, and removed in the
// transaction that queues the e-mail (or once it is clear that there is no account), so a request that
// was answered is worked off even if the process stops right after answering: by the next pass of any
// instance, at the latest when its lease runs out. A request that fails is tried again; after
// `maxAttempts` it is dropped with a log line (the user can ask again).

export interface PasswordResetQueueOptions {
  database: Database;
  logger: Logger | FastifyBaseLogger;
  /** Seals the reset e-mail; without it every request answers 503 `mail_unavailable`, whoever asks. */
  keyring: Keyring | undefined;
  /** Seals queued requests: the `password-reset` system key (main.ts). Left out, a key of this process. */
  sealer?: SystemSealer;
  /** Called after a request queued an e-mail: the mail dispatcher's wake(). */
  mailQueued?: (() => void) | undefined;
  /** The clock of links and audit events; tests move it. */
  now?: (() => Date) | undefined;
  /** Pause between polls for requests other instances left (start()). Default 30 s. */
  pollIntervalMs?: number;
  /** How long a claimed request is this worker's before another may take it over. Default 2 min. */
  leaseMs?: number;
  /** Attempts before a request is dropped. Default 5. */
  maxAttempts?: number;
  /** Requests claimed at once. Default 20. */
  batchSize?: number;
}

export interface PasswordResetQueue {
  /** The request path: seals and queues `ask` (committed on return), then wakes the worker. */
  enqueue(ask: PasswordResetAsk, requestId: string): Promise<void>;
  /** Polls for requests left by stopped instances (main.ts); enqueue() wakes the worker without it. */
  start(): void;
  /**
   * Works off every due request, after the passes already asked for; answers how many were worked off.
   * Tests and tools wait on it; the worker calls it itself.
   */
  runOnce(): Promise<number>;
  /** Stops polling and waking; waits for the request in hand, hands the rest back. Idempotent. */
  stop(): Promise<void>;
}

const sealContext = (id: string) => `password_reset_requests/${id}`;

export function createPasswordResetQueue(options: PasswordResetQueueOptions): PasswordResetQueue {
  const { database, logger, keyring } = options;
  const sealer = options.sealer ?? ephemeralSealer();
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 20;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** The passes, one after the other; never rejects. */
  let chain: Promise<unknown> = Promise.resolve();
  /** A pass asked for that has not started: a new ask shares it (it will see every committed row). */
  let pending: Promise<number> | undefined;
  let lastPassError: string | undefined;

  /** Works off one request; throws to leave it for a later attempt. */
  async function workOff(row: ResetRequestRow): Promise<void> {
    let ask: PasswordResetAsk;
    try {
      const opened = await sealer.open(Buffer.from(row.request_sealed), sealContext(row.id));
      ask = JSON.parse(opened.toString('utf8')) as PasswordResetAsk;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // Sealed under another key (an instance without the system key): no attempt can open it.
      await deleteResetRequest(database.db, row.id);
      logger.warn({ requestId: row.request_id }, 'queued password reset cannot be opened; dropped');
      return;
    }
    if (!keyring) throw new MailUnavailable();
    const mailed = await sendPasswordResetLink(
      database,
      ask,
      { requestId: row.request_id, now: now() },
      keyring,
      async (trx) => {
        // Gone: another instance took the request over after our lease ran out, and finished it.
        if (!(await deleteResetRequest(trx, row.id))) throw new Error('the request was worked off elsewhere');
      },
    );
    if (mailed) options.mailQueued?.();
    else await deleteResetRequest(database.db, row.id);
  }

  async function pass(): Promise<number> {
    let done = 0;
    for (const requestId of await dropExhaustedResetRequests(database.db, maxAttempts))
      logger.warn({ requestId }, `password reset request dropped after ${maxAttempts} attempts`);
    while (!stopped) {
      const claimed = await claimResetRequests(database.db, { limit: batchSize, leaseMs, maxAttempts });
      for (const [index, row] of claimed.entries()) {
        if (stopped) {
          await releaseResetRequests(
            database.db,
            claimed.slice(index).map((rest) => rest.id),
          );
          return done;
        }
        try {
          await workOff(row);
          done += 1;
        } catch (error) {
          // Left leased: tried again once the lease runs out, by this instance or another.
          logger.error(
            { err: error, requestId: row.request_id, attempt: row.attempts },
            'password reset request failed; it will be tried again',
          );
        }
      }
      if (claimed.length < batchSize) break;
    }
    return done;
  }

  function runOnce(): Promise<number> {
    if (pending) return pending;
    const run = chain.then(() => {
      pending = undefined;
      return pass();
    });
    pending = run;
    chain = run.catch(() => undefined);
    return run;
  }

  /** A pass in the background: its failure is logged (once until a pass succeeds), never thrown. */
  function wake(): void {
    if (stopped) return;
    runOnce().then(
      () => {
        if (lastPassError) logger.info('password reset requests are worked off again');
        lastPassError = undefined;
      },
      (error: unknown) => {
        const message = (error as Error).message;
        if (message !== lastPassError)
          logger.error({ err: error }, 'password reset queue pass failed; trying again later');
        lastPassError = message;
      },
    );
  }

  return {
    async enqueue(ask, requestId) {
      if (!keyring) throw new MailUnavailable();
      const id = randomUUID();
      const sealed = await sealer.seal(
        Buffer.from(JSON.stringify({ tenant: ask.tenant, email: ask.email, locale: ask.locale }), 'utf8'),
        sealContext(id),
      );
      await insertResetRequest(database.db, { id, request_sealed: sealed, request_id: requestId });
      // After the answer has gone out, not in its way.
      setImmediate(wake);
    },
    start() {
      if (stopped || timer) return;
      wake();
      timer = setInterval(wake, pollIntervalMs);
      // Polling alone does not keep a process alive.
      timer.unref();
    },
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
