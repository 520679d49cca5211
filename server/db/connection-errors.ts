// Which errors mean "the database is not reachable right now" rather than "this request is wrong": a
// restart or failover of PostgreSQL ends every connection, and the requests running on them fail with one
// of these. They answer 503 `database_unavailable` with Retry-After (server/http/error-handler.ts), the
// background jobs log them as warnings and try again on their next pass.

/** SQLSTATEs that end or refuse a connection: an administrator, a crash, or a server still starting. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command (fast shutdown)
  '57P02', // crash_shutdown: another server process crashed (immediate shutdown of a sibling)
  '57P03', // cannot_connect_now: the database system is starting up, shutting down or in recovery
]);

/**
 * Socket errors of a connection that was reset, refused or could not be routed (e.g. during failover). Any
 * network client raises these (a key service, an identity provider), so they count only on an error the
 * database driver raised: see markDatabaseError.
 */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const databaseErrors = new WeakSet<object>();

/**
 * Marks an error as the database driver's: a connection that could not be opened, or the error a client
 * emitted when its connection ended (the same object its statement in flight fails with).
 */
export function markDatabaseError(error: unknown): void {
  if (typeof error === 'object' && error !== null) databaseErrors.add(error);
}

/**
 * What node-postgres, pg-pool and Kysely say about a connection that is gone, or one they could not get
 * in time; they carry no code.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Postgres connection has been discarded$/,
];

const MAX_DEPTH = 5;

function unavailable(error: unknown, depth: number, fromDatabase: boolean): boolean {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
  const marked = fromDatabase || databaseErrors.has(error);
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || (marked && UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    // Class 08, connection exception; but 08P01 (protocol violation) is a bug in the query, not an outage.
    if (/^08[0-9A-Z]{3}$/.test(code) && code !== '08P01') return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
    return true;
  // Node reports a refused connection to every address of a host as one AggregateError.
  if (error instanceof AggregateError && error.errors.some((inner) => unavailable(inner, depth + 1, marked)))
    return true;
  return unavailable(cause, depth + 1, marked);
}

/** True when `error` (or its cause) says the database cannot be reached now, not that the request is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0, false);
}

/** Seconds a client is asked to wait before trying again; a restart takes a few, a failover up to ~30. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer to a request that failed because the database was unreachable, in TMA's error shape. */
export const databaseUnavailableError = {
  code: 'database_unavailable',
  message:
    'The database is not reachable at the moment (it may be restarting or failing over). Try again in a ' +
    'few seconds; a change sent just now may or may not have been saved, so check before repeating it.',
} as const;

// Overload, as opposed to an outage: the pool had no connection to spare within TMA_DB_POOL_WAIT, or a
// statement ran into TMA_DB_STATEMENT_TIMEOUT. Both answer 503 with a code of their own and a short
// Retry-After: the database is there, this instance is just too busy for the request right now.

/** Seconds a client is asked to wait after a 503 for overload (`database_busy`, `overloaded`, `statement_timeout`). */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** pg-pool's answer when every connection stayed checked out for its `connectionTimeoutMillis`. */
const POOL_WAIT_TIMEOUT = /^timeout exceeded when trying to connect$/;

/** No pooled connection came free in time: every one was busy with other requests. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
  constructor(cause: unknown) {
    super('no database connection came free in time: the pool is busy', { cause });
  }
}

/** The error to throw for a failed pool checkout: DatabaseBusyError for a wait that timed out, else `error`. */
export function poolCheckoutError(error: unknown): unknown {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && POOL_WAIT_TIMEOUT.test(message)
    ? new DatabaseBusyError(error)
    : error;
}

export const databaseBusyError = {
  code: 'database_busy',
  message:
    'Every database connection of this instance is busy with other requests. Nothing was changed; try again ' +
    'in a few seconds.',
} as const;

/** SQLSTATE 57014 query_canceled: a statement timeout, or a cancel request. */
function queryCanceled(error: unknown, depth = 0): { message: string } | undefined {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return undefined;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (code === '57014') return { message: typeof message === 'string' ? message : '' };
  return queryCanceled(cause, depth + 1);
}

/** True when a statement was stopped by PostgreSQL's statement_timeout (TMA_DB_STATEMENT_TIMEOUT). */
export function isStatementTimeout(error: unknown): boolean {
  return queryCanceled(error)?.message.includes('statement timeout') ?? false;
}

/** True when a statement was cancelled on request (pg_cancel_backend, a CancelRequest), not by a timeout. */
export function isStatementCancelled(error: unknown): boolean {
  const cancelled = queryCanceled(error);
  return cancelled !== undefined && !cancelled.message.includes('statement timeout');
}

export const statementTimeoutError = {
  code: 'statement_timeout',
  message:
    'The request took longer than this server allows a database statement to run, and was stopped; nothing ' +
    'it began was saved. Try again later, or narrow it down (a filter, a smaller page).',
} as const;
