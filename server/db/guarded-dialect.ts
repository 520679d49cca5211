import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';
import { CompiledQuery, PGliteAdapter } from 'kysely';
import { markDatabaseError } from './connection-errors.ts';

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
    const release = await this.#mutex?.lock();
    try {
      const connection = await this.#inner.acquireConnection();
      if (release) this.#releases.set(connection, release);
      return connection;
    } catch (error) {
      release?.();
      // A refused or timed-out connection: its socket error code now says the database is away.
      markDatabaseError(error);
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection);
    } finally {
      this.#releases.get(connection)?.();
      this.#releases.delete(connection);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
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

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
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
