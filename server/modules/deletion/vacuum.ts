import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/database.ts';

/**
 * Tables a deletion changes. VACUUM reclaims the old row versions, which still hold the ciphertext and, in
 * `data_keys`, the wrapped data key.
 */
export const SHREDDED_TABLES = [
  'cases',
  'case_members',
  'reports',
  'report_messages',
  'report_attachments',
  'notifications',
  'email_outbox',
  'document_blobs',
  'document_blob_chunks',
  'blob_deletions',
  'deletion_requests',
] as const;

/** Runs VACUUM after a deletion has committed; true if it ran as the tables' owner. */
export type Vacuum = () => Promise<boolean>;

// A plain VACUUM frees the dead row but may leave its bytes in the page's free space until the space is
// reused: `data_keys` is small, so it is rewritten (VACUUM FULL), which leaves no copy of the wrapped key in
// the table's files. It locks `data_keys` for that moment; lock_timeout keeps a busy server from queueing
// behind it, and a plain VACUUM follows if the lock was not granted.
const STATEMENTS = {
  owner: `SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE')) AS owner FROM pg_class
    WHERE oid = 'data_keys'::regclass`,
  full: 'VACUUM FULL data_keys',
  plainKeys: 'VACUUM data_keys',
  rest: `VACUUM ${SHREDDED_TABLES.join(', ')}`,
};

// VACUUM FULL copies a row version that a snapshot older than the deletion may still see (a request in
// flight, an autovacuum ANALYZE of a table the deletion changed): that copy would keep the wrapped key. So it
// first waits, a bounded while, until no other session holds a snapshot from before. Sessions of the
// server's other databases count too: with busy transactions in another database of the same server, the
// deletion test found the key copied in about one run of four (PostgreSQL 15) and in none once it waited for
// them. Only a role that may read other sessions' state sees their snapshots (a superuser,
// pg_read_all_stats); for any other the wait ends at once.
const NEXT_XID = 'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next';
const OLDER_SNAPSHOTS = `SELECT count(*)::int AS older FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
    AND age(backend_xmin) >= pg_snapshot_xmax(pg_current_snapshot())::text::bigint - $1::bigint`;
const SNAPSHOT_WAIT_MS = 10_000;

async function waitForOlderSnapshots(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ next: string }>(NEXT_XID);
  const mark = rows[0]?.next;
  if (mark === undefined) return;
  const until = Date.now() + SNAPSHOT_WAIT_MS;
  while (Date.now() < until) {
    const { rows: counted } = await client.query<{ older: number }>(OLDER_SNAPSHOTS, [mark]);
    if ((counted[0]?.older ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function onClient(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ owner: boolean }>(STATEMENTS.owner);
  if (!rows[0]?.owner) return false;
  await waitForOlderSnapshots(client);
  // A pooled connection carries the request bound (TMA_DB_STATEMENT_TIMEOUT); a VACUUM may need longer.
  // RESET brings back the connection's start-up value.
  await client.query('SET statement_timeout = 0');
  try {
    await client.query("SET lock_timeout = '5s'");
    try {
      await client.query(STATEMENTS.full);
    } catch {
      await client.query(STATEMENTS.plainKeys);
    } finally {
      await client.query('RESET lock_timeout');
    }
    await client.query(STATEMENTS.rest);
  } finally {
    await client.query('RESET statement_timeout');
  }
  return true;
}

/**
 * The VACUUM of a database: on PostgreSQL server through a connection of its own (VACUUM cannot run in a
 * transaction), as `ownerUrl`'s role when given (the migration URL: only the tables' owner may vacuum them),
 * else as the server's own role; on the embedded database through its one connection, whose session is
 * the superuser.
 */
export function createVacuum(database: Database, ownerUrl?: string): Vacuum {
  const { driver } = database;
  if (driver.engine === 'embedded')
    return async () => {
      await sql.raw(STATEMENTS.full).execute(database.db);
      await sql.raw(STATEMENTS.rest).execute(database.db);
      return true;
    };
  return async () => {
    if (ownerUrl) {
      const client = new pg.Client({ connectionString: ownerUrl, application_name: 'tma-vacuum' });
      // A client outside the pool: without a listener, losing its connection (a database restart) would
      // crash the process. The statement in flight fails by itself and the caller sees that.
      client.on('error', () => {});
      await client.connect();
      try {
        return await onClient(client);
      } finally {
        await client.end();
      }
    }
    const client = await driver.pool.connect();
    let failed: Error | undefined;
    try {
      return await onClient(client);
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // After a failure the session may be gone or still hold lock_timeout: the pool must discard it.
      client.release(failed);
    }
  };
}
