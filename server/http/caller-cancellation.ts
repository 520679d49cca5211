import type { FastifyInstance } from 'fastify';
import { withAbortSignal } from '../db/guarded-dialect.ts';

// A client that gives up (a closed tab, a proxy's timeout, a load generator) should not leave its request
// running on: a slow list kept its connection and its CPU for 7–13 s after the client had left. Each
// request gets an AbortSignal that fires when its connection closes before the response is complete; the
// database layer (guarded-dialect.ts) cancels the statement in flight on it, refuses the next one, and rolls
// the transaction back, so the pooled connection is free again within milliseconds.

/**
 * Runs the rest of every request (from preValidation on: authentication, the guards, the handler) under an
 * AbortSignal that aborts when the client goes away before the response has been written. Register before
 * any hook that queries. (Not onRequest: what runs after the body has been read is not in that hook's
 * async context, as @fastify/request-context documents, and no hook before preValidation queries.)
 */
export function registerCallerCancellation(app: FastifyInstance): void {
  app.addHook('preValidation', (request, reply, done) => {
    const controller = new AbortController();
    const response = reply.raw;
    const onClose = () => {
      if (!response.writableFinished) controller.abort(new Error('the client closed the connection'));
    };
    // Gone already while the body arrived: the handler's first statement is refused.
    if (response.destroyed || request.raw.socket?.destroyed) onClose();
    else response.once('close', onClose);
    withAbortSignal(controller.signal, done);
  });
}
