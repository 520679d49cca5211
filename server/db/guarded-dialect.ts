import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  ControlConnectionProvider,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';
import { CompiledQuery, PGliteAdapter, type QueryResult } from 'kysely';
import { markDatabaseError, poolCheckoutError } from './connection-errors.ts';

const insideTransaction = new AsyncLocalStorage<true>();

/**
 * The statement a transaction must run first, in two spellings: with parameters, and as literal SQL that
 * can travel in one message with BEGIN (a message of several statements takes no parameters).
 */
export interface TransactionOpening {
  statement: CompiledQuery;
  literal: string;
}

const transactionOpening = new AsyncLocalStorage<TransactionOpening>();

/**
 * Runs `fn`, which starts one transaction, so that the transaction runs `opening` before anything else.
 * On PostgreSQL it goes out together with BEGIN, saving a round trip; on PGlite (no network) right after.
 */
export function withTransactionOpening<T>(opening: TransactionOpening, fn: () => Promise<T>): Promise<T> {
  return transactionOpening.run(opening, fn);
}

/** Runs `fn` marked as the body of a transaction: the root database refuses queries until it returns. */
export function runInsideTransaction<T>(fn: () => Promise<T>): Promise<T> {
  // The body's own transaction has opened; nothing started from inside it may open with the same scope.
  return insideTransaction.run(true, () => transactionOpening.exit(fn));
}

const commitRiders = new AsyncLocalStorage<string[]>();

/**
 * Runs `fn`, which starts one transaction, so that the statements given to sendWithCommit() inside it run
 * just before its COMMIT: on PostgreSQL in the COMMIT's own message, saving a round trip per statement.
 */
export function withCommitRiders<T>(fn: () => Promise<T>): Promise<T> {
  return commitRiders.run([], fn);
}

/**
 * Queues `statement` (one complete statement, literal SQL without parameters) to run at the end of the
 * transaction, before COMMIT and in the same message on PostgreSQL; if it fails, the transaction rolls back
 * and the commit throws. False outside a transaction started under withCommitRiders(): run it yourself.
 * For appends nothing reads back in the same transaction (audit events, docs/audit-log.md).
 */
export function sendWithCommit(statement: string): boolean {
  const riders = insideTransaction.getStore() ? commitRiders.getStore() : undefined;
  if (!riders) return false;
  riders.push(statement);
  return true;
}

const abortSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` on behalf of a caller that may go away (an HTTP request whose client disconnects): once `signal`
 * aborts, the statement each database connection taken inside `fn` is running is cancelled (PostgreSQL
 * server), no further statement starts, and a transaction rolls back before its connection goes back to
 * the pool. Everything `fn` starts inherits the signal, timers included: work that must outlive the caller
 * runs under outsideCaller().
 */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => T): T {
  return abortSignal.run(signal, fn);
}

/** Runs `fn` free of the caller's abort signal: background work a request merely wakes. */
export function outsideCaller<T>(fn: () => T): T {
  return abortSignal.exit(fn);
}

/** A statement refused, or a connection not taken, because the caller it was for has gone away. */
export class CallerGoneError extends Error {
  override name = 'CallerGoneError';
  constructor(reason?: unknown) {
    super('the caller went away: the database work for it was stopped', { cause: reason });
  }
}

/**
 * A connection taken on behalf of a caller that may go away (withAbortSignal). On abort it cancels the
 * statement in flight through the driver's own cancel (Kysely's PostgreSQL connection: pg_cancel_backend on
 * a control connection of its own, outside the pool, and only while the same statement still runs) and
 * refuses every later statement. The transaction's ROLLBACK goes to the inner connection directly, after
 * the cancel has settled, so the cancel cannot land on it nor on the connection's next user.
 */
class AbortableConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #signal: AbortSignal;
  readonly #control: ControlConnectionProvider;
  #inFlight = 0;
  #cancelling: Promise<void> = Promise.resolve();

  constructor(inner: DatabaseConnection, signal: AbortSignal, control: ControlConnectionProvider) {
    this.inner = inner;
    this.#signal = signal;
    this.#control = control;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  readonly #onAbort = () => {
    const { inner } = this;
    if (this.#inFlight === 0 || !inner.cancelQuery) return;
    // Kysely's cancel reads the session's pid (node-postgres knows it from the start-up, no round trip) and
    // does nothing once the statement it was asked about has ended. Its failure only means no cancel.
    this.#cancelling = (async () => {
      await inner.collectSessionInfo?.();
      await inner.cancelQuery?.(this.#control);
    })().catch(() => {});
  };

  get aborted(): boolean {
    return this.#signal.aborted;
  }

  assertOpen(): void {
    if (this.#signal.aborted) throw new CallerGoneError(this.#signal.reason);
  }

  /** Resolves once a cancel sent for this connection has been delivered (or given up). */
  settled(): Promise<void> {
    return this.#cancelling;
  }

  detach(): void {
    this.#signal.removeEventListener('abort', this.#onAbort);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    this.assertOpen();
    this.#inFlight += 1;
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      // A statement cancelled because its caller left: say so, rather than "canceling statement due to user request".
      if (this.#signal.aborted) throw new CallerGoneError(error);
      throw error;
    } finally {
      this.#inFlight -= 1;
    }
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    this.assertOpen();
    this.#inFlight += 1;
    try {
      for await (const chunk of this.inner.streamQuery<R>(compiledQuery, chunkSize)) {
        this.assertOpen();
        yield chunk;
      }
    } finally {
      this.#inFlight -= 1;
    }
  }
}

const unwrap = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof AbortableConnection ? connection.inner : connection;

/** Thrown when code inside a transaction queries the root database instead of the transaction. */
export class RootQueryInsideTransactionError extends Error {
  override name = 'RootQueryInsideTransactionError';
  constructor() {
    super(
      'A query used the root database inside a transaction; pass the transaction object instead ' +
        '(on the embedded database this would deadlock, on PostgreSQL it would escape the tenant scope).',
    );
  }
}

/** A FIFO lock: the embedded database has one connection, so every use of it is serialised. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    return release;
  }
}

class GuardedDriver implements Driver {
  readonly #inner: Driver;
  readonly #mutex: Mutex | undefined;
  readonly #releases = new Map<DatabaseConnection, () => void>();
  readonly #openInOneMessage: boolean;

  constructor(inner: Driver, serialise: boolean, openInOneMessage: boolean) {
    this.#inner = inner;
    this.#mutex = serialise ? new Mutex() : undefined;
    this.#openInOneMessage = openInOneMessage;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (insideTransaction.getStore()) throw new RootQueryInsideTransactionError();
    const signal = abortSignal.getStore();
    if (signal?.aborted) throw new CallerGoneError(signal.reason);
    const release = await this.#mutex?.lock();
    let connection: DatabaseConnection;
    try {
      connection = await this.#inner.acquireConnection();
      if (release) this.#releases.set(connection, release);
    } catch (error) {
      release?.();
      // A refused or timed-out connection: its socket error code now says the database is away.
      markDatabaseError(error);
      throw poolCheckoutError(error);
    }
    if (!signal) return connection;
    if (signal.aborted) {
      await this.releaseConnection(connection);
      throw new CallerGoneError(signal.reason);
    }
    return new AbortableConnection(connection, signal, this.#controlConnection);
  }

  /** For a cancel that must go through a query (a driver without a control client of its own). */
  readonly #controlConnection: ControlConnectionProvider = async (consume) => {
    const connection = await outsideCaller(() => this.acquireConnection());
    try {
      await consume(connection);
    } finally {
      await this.releaseConnection(connection);
    }
  };

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof AbortableConnection) {
      connection.detach();
      // A cancel still on its way must land before another request gets this connection.
      await connection.settled();
    }
    const inner = unwrap(connection);
    try {
      await this.#inner.releaseConnection(inner);
    } finally {
      this.#releases.get(inner)?.();
      this.#releases.delete(inner);
    }
  }

  async beginTransaction(wrapped: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (wrapped instanceof AbortableConnection) wrapped.assertOpen();
    const connection = unwrap(wrapped);
    const opening = transactionOpening.getStore();
    if (!opening) return this.#inner.beginTransaction(connection, settings);
    const plain = !settings.isolationLevel && !settings.accessMode;
    try {
      if (this.#openInOneMessage && plain) {
        await connection.executeQuery(CompiledQuery.raw(`BEGIN; ${opening.literal}`));
      } else {
        await this.#inner.beginTransaction(connection, settings);
        await connection.executeQuery(opening.statement);
      }
    } catch (error) {
      // The transaction may have begun; Kysely rolls back only one whose beginning returned, so do it here
      // (a pooled connection must not go back inside a transaction, nor PGlite's stay locked).
      await this.#inner.rollbackTransaction(connection).catch(() => {});
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A caller that has gone away commits nothing: Kysely rolls back when the commit throws.
    if (connection instanceof AbortableConnection) connection.assertOpen();
    const riders = commitRiders.getStore()?.splice(0);
    if (riders && riders.length > 0) {
      if (this.#openInOneMessage) {
        // One message: a rider that fails (or a transaction an earlier error aborted) skips the rest, COMMIT
        // included, and rejects; Kysely then rolls back. The statements are literal, so the simple protocol
        // takes them together (as BEGIN's message does).
        await unwrap(connection).executeQuery(CompiledQuery.raw(`${riders.join(';\n')};\nCOMMIT`));
        return;
      }
      for (const rider of riders) await unwrap(connection).executeQuery(CompiledQuery.raw(rider));
    }
    return this.#inner.commitTransaction(unwrap(connection));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // The rollback runs whether or not the caller is still there, once a cancel sent meanwhile has landed.
    if (connection instanceof AbortableConnection) await connection.settled();
    return this.#inner.rollbackTransaction(unwrap(connection));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.#inner.savepoint) throw new Error('savepoints are not supported by this driver');
    return this.#inner.savepoint(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.#inner.rollbackToSavepoint) throw new Error('savepoints are not supported by this driver');
    return this.#inner.rollbackToSavepoint(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    if (!this.#inner.releaseSavepoint) throw new Error('savepoints are not supported by this driver');
    return this.#inner.releaseSavepoint(connection, name, compile);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/**
 * Kysely serialises a single-connection dialect itself, but takes its lock before the driver sees the
 * request, so a root query inside a transaction would wait forever before our guard could refuse it.
 * Declaring multiple connections hands the serialising to GuardedDriver, which checks first.
 */
class SerialisedByGuardPGliteAdapter extends PGliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/**
 * Wraps a Kysely dialect so that (1) the root database refuses queries made inside our transactions,
 * (2) with `serialise` (the embedded PGlite, which has one connection) every use of the connection is
 * serialised, in FIFO order, behind that check, and (3) a transaction started under
 * withTransactionOpening() runs its opening statement first; with `openInOneMessage` (node-postgres, whose
 * parameterless queries use the simple protocol and may hold several statements) in BEGIN's message.
 */
export class GuardedDialect implements Dialect {
  readonly #inner: Dialect;
  readonly #serialise: boolean;
  readonly #openInOneMessage: boolean;

  constructor(inner: Dialect, options: { serialise: boolean; openInOneMessage?: boolean }) {
    this.#inner = inner;
    this.#serialise = options.serialise;
    this.#openInOneMessage = options.openInOneMessage ?? false;
  }

  createDriver(): Driver {
    return new GuardedDriver(this.#inner.createDriver(), this.#serialise, this.#openInOneMessage);
  }

  createQueryCompiler(): QueryCompiler {
    return this.#inner.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.#serialise ? new SerialisedByGuardPGliteAdapter() : this.#inner.createAdapter();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own Dialect signature takes Kysely<any>
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.#inner.createIntrospector(db);
  }
}
