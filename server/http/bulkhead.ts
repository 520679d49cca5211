import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import type { BulkheadConfig } from '../config.ts';
import { BUSY_RETRY_AFTER_SECONDS } from '../db/connection-errors.ts';
import { AppError } from '../errors.ts';

// A bulkhead keeps one kind of expensive request from taking every database connection of an instance: at
// 50 concurrent case lists of 1.5 s each, the 10-connection pool ran dry and reading a single case waited
// as long as the lists did. Routes of a class (lists and searches) may run at most `capacity` at once;
// more wait briefly for a slot, then get 503 `overloaded` with Retry-After, and the rest of the pool stays
// free for everything else. A route opts in with one line: `onRequest: listBulkhead`.

/** 503: the instance runs as many requests of this kind as it allows; try again shortly. */
export class Overloaded extends AppError {
  override name = 'Overloaded';
  readonly status = 503;
}

/** Admits at most `capacity` holders at once; the next wait in order, each at most `waitMs`. */
export class Bulkhead {
  readonly capacity: number;
  readonly waitMs: number;
  /** More waiting than this are refused at once: they could not be served within their wait anyway. */
  readonly maxWaiting: number;
  #active = 0;
  readonly #waiting: Array<(granted: boolean) => void> = [];

  constructor(capacity: number, waitMs: number, maxWaiting = capacity * 4) {
    this.capacity = capacity;
    this.waitMs = waitMs;
    this.maxWaiting = maxWaiting;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with the slot's release function (idempotent), or with null if no slot came free within
   * `waitMs`, the queue was full, or `signal` aborted meanwhile.
   */
  async enter(signal?: AbortSignal): Promise<(() => void) | null> {
    if (this.#active < this.capacity) {
      this.#active += 1;
      return this.#releaser();
    }
    if (this.#waiting.length >= this.maxWaiting || signal?.aborted) return null;
    const granted = await new Promise<boolean>((resolve) => {
      const waiter = (ok: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', leave);
        resolve(ok);
      };
      const leave = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        waiter(false);
      };
      const timer = setTimeout(leave, this.waitMs);
      signal?.addEventListener('abort', leave, { once: true });
      this.#waiting.push(waiter);
    });
    // A granted slot was handed over by its previous holder: #active already counts it.
    return granted ? this.#releaser() : null;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next(true);
      else this.#active -= 1;
    };
  }
}

/** The bulkheads of one app, by route class. */
export interface Bulkheads {
  list: Bulkhead;
  rejected: Counter<'class'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    bulkheads: Bulkheads | null;
  }
}

/** Creates the app's bulkheads from the configuration; call before the routes are registered. */
export function registerBulkheads(app: FastifyInstance, config: BulkheadConfig): Bulkheads {
  const bulkheads: Bulkheads = {
    list: new Bulkhead(config.list, config.waitMs),
    rejected: new Counter({
      name: 'tma_bulkhead_rejected_total',
      help: 'Requests answered 503 overloaded because their route class ran at its concurrency limit.',
      labelNames: ['class'],
      registers: [],
    }),
  };
  app.decorate('bulkheads', bulkheads);
  return bulkheads;
}

async function admit(request: FastifyRequest, reply: FastifyReply, kind: 'list'): Promise<void> {
  const bulkhead = request.server.bulkheads?.[kind];
  if (!bulkhead) return;
  const response = reply.raw;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  response.once('close', onClose);
  const release = await bulkhead.enter(gone.signal);
  if (release) {
    // The slot is held until the response is complete or the client has gone (whose statement in flight
    // is cancelled at once: caller-cancellation.ts).
    if (response.destroyed || gone.signal.aborted) release();
    else response.once('close', release);
    response.off('close', onClose);
    return;
  }
  response.off('close', onClose);
  if (!gone.signal.aborted) request.server.bulkheads?.rejected.inc({ class: kind });
  reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
  throw new Overloaded(
    'overloaded',
    'This instance is running as many list and search requests as it allows. Try again in a few seconds.',
  );
}

/** Route-level `onRequest` hook of list and search routes: `onRequest: listBulkhead`. */
export async function listBulkhead(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await admit(request, reply, 'list');
}
