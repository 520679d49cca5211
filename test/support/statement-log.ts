import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../../server/db/database.ts';

/** The statements a database was sent while recording, BEGIN and COMMIT included, in order. */
export interface StatementLog {
  statements: string[];
  /** How many transactions were opened (BEGIN statements). */
  transactions(): number;
  /** Records what `fn` sends (and nothing before it), and answers the statements. */
  during(fn: () => Promise<unknown>): Promise<string[]>;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Records every statement sent to the database underneath Kysely and the COPY helpers: on PostgreSQL each
 * `query` of a pooled client (one round trip each), on PGlite each query and exec, with the BEGIN and
 * COMMIT/ROLLBACK its transactions send. Install once per database, before the statements of interest.
 */
export function logStatements(database: Database): StatementLog {
  let recording = false;
  const statements: string[] = [];
  const record = (text: unknown) => {
    if (recording)
      statements.push(oneLine(typeof text === 'string' ? text : String((text as pg.QueryConfig)?.text)));
  };

  if (database.driver.engine === 'postgres') {
    const wrapped = new WeakSet<pg.PoolClient>();
    database.driver.pool.on('acquire', (client) => {
      if (wrapped.has(client)) return;
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        record(args[0]);
        return query(...args);
      };
    });
  } else {
    const pglite = database.driver.pglite;
    const query = pglite.query.bind(pglite);
    const exec = pglite.exec.bind(pglite);
    const transaction = pglite.transaction.bind(pglite);
    pglite.query = ((text: string, ...rest: unknown[]) => {
      record(text);
      return (query as (...args: unknown[]) => unknown)(text, ...rest);
    }) as typeof pglite.query;
    pglite.exec = ((text: string, ...rest: unknown[]) => {
      record(text);
      return (exec as (...args: unknown[]) => unknown)(text, ...rest);
    }) as typeof pglite.exec;
    pglite.transaction = (async <T>(callback: (tx: PgliteTransaction) => Promise<T>) => {
      record('BEGIN');
      try {
        const result = await transaction((tx) => {
          const txQuery = tx.query.bind(tx);
          const txExec = tx.exec.bind(tx);
          tx.query = ((text: string, ...rest: unknown[]) => {
            record(text);
            return (txQuery as (...args: unknown[]) => unknown)(text, ...rest);
          }) as typeof tx.query;
          tx.exec = ((text: string, ...rest: unknown[]) => {
            record(text);
            return (txExec as (...args: unknown[]) => unknown)(text, ...rest);
          }) as typeof tx.exec;
          return callback(tx);
        });
        record('COMMIT');
        return result;
      } catch (error) {
        record('ROLLBACK');
        throw error;
      }
    }) as typeof pglite.transaction;
  }

  return {
    statements,
    transactions: () => statements.filter((text) => /^begin\b/i.test(text)).length,
    async during(fn) {
      statements.length = 0;
      recording = true;
      try {
        await fn();
      } finally {
        recording = false;
      }
      return [...statements];
    },
  };
}
