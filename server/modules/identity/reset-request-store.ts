import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PasswordResetRequestsTable } from '../../db/schema-identity.ts';

// SQL of the password-reset queue (password-reset-queue.ts). The table is not tenant data: every statement
// runs on the root handle, except the removal that commits with the work (in the tenant's transaction).

export type ResetRequestRow = Pick<
  Selectable<PasswordResetRequestsTable>,
  'id' | 'request_sealed' | 'request_id' | 'attempts'
>;

const after = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms / 1000}::double precision)`;

/** Queues a request; committed when this returns (one statement, no transaction). */
export async function insertResetRequest(
  db: Kysely<DB>,
  row: { id: string; request_sealed: Buffer; request_id: string },
): Promise<void> {
  await db.insertInto('password_reset_requests').values(row).execute();
}

/**
 * Takes up to `limit` requests that are due (never taken, or whose lease ran out) and have attempts left,
 * oldest first, leasing them for `leaseMs`. Several instances may claim at once: each row goes to one.
 */
export function claimResetRequests(
  db: Kysely<DB>,
  options: { limit: number; leaseMs: number; maxAttempts: number },
): Promise<ResetRequestRow[]> {
  return db
    .updateTable('password_reset_requests')
    .set({ attempts: sql`attempts + 1`, leased_until: after(options.leaseMs) })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('password_reset_requests')
        .select('id')
        .where((where) =>
          where.or([where('leased_until', 'is', null), where('leased_until', '<=', sql<Date>`now()`)]),
        )
        .where('attempts', '<', options.maxAttempts)
        .orderBy('queued_at')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'request_sealed', 'request_id', 'attempts'])
    .execute();
}

/**
 * Removes a request that has been worked off, in `db` or in the transaction that did the work; false when
 * it was gone already (its lease ran out and another instance took it over and finished it).
 */
export async function deleteResetRequest(db: Kysely<DB> | Transaction<DB>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('password_reset_requests').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Hands claimed requests back untried (the worker is stopping): due again at once, the attempt not spent. */
export async function releaseResetRequests(db: Kysely<DB>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('password_reset_requests')
    .set({ attempts: sql`greatest(attempts - 1, 0)`, leased_until: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** Removes the requests whose last attempt's lease ran out without success; answers their request ids. */
export async function dropExhaustedResetRequests(db: Kysely<DB>, maxAttempts: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('password_reset_requests')
    .where('attempts', '>=', maxAttempts)
    .where('leased_until', '<=', sql<Date>`now()`)
    .returning('request_id')
    .execute();
  return rows.map((row) => row.request_id);
}
