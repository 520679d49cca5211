import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { selectUnitManagers } from '../units/service.ts';
import type { NotificationKind } from './schemas.ts';

/** A user to tell about a report of a unit. */
export interface Recipient {
  id: string;
  email: string;
  /** The language the user last worked in: their e-mails come in it. */
  language: 'de' | 'en' | null;
}

/**
 * Who hears of a new report of the unit. The active threat managers whose unit scope covers the unit
 * (tenant-wide ones, members of the unit or of its parent); of those, only the ones on duty for the unit or
 * its parent when someone is, unless the report indicates danger: then all of them. Admins only when no
 * threat manager would hear of it, so that no report goes unseen.
 */
export async function reportRecipients(
  trx: TenantTransaction,
  unitId: string,
  options: { danger?: boolean } = {},
): Promise<Recipient[]> {
  const unit = await trx
    .selectFrom('org_units')
    .select(['id', 'parent_id'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) return [];
  const unitIds = unit.parent_id ? [unit.id, unit.parent_id] : [unit.id];
  const managers = (await selectUnitManagers(trx, unit)).map((manager) => ({
    id: manager.id,
    email: manager.email,
    language: manager.language,
  }));
  if (managers.length > 0 && !options.danger) {
    const onDuty = await trx
      .selectFrom('unit_on_duty')
      .select('user_id')
      .where('unit_id', 'in', unitIds)
      .execute();
    const duty = new Set(onDuty.map((row) => row.user_id));
    const available = managers.filter((manager) => duty.has(manager.id));
    if (available.length > 0) return available;
  }
  if (managers.length > 0) return managers;
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'language'])
    .where('status', '=', 'active')
    .where('role', '=', 'admin')
    .orderBy('id')
    .execute();
}

export async function insertNotifications(
  trx: TenantTransaction,
  rows: Array<{
    tenant_id: string;
    user_id: string;
    kind: NotificationKind;
    report_id?: string;
    case_id?: string;
    created_on: string;
  }>,
): Promise<void> {
  if (rows.length > 0) await trx.insertInto('notifications').values(rows).execute();
}

/**
 * The notices' order: newest first by `seq` (`notifications_user_idx` serves it). The sequence is one for
 * all tenants, so it never leaves the server: a cursor names the page's last notice by id instead
 * (notificationCursor), and the service looks its seq up.
 */
export const notificationsKeyset = defineKeyset({
  name: 'notifications',
  columns: [{ ref: 'notifications.seq', type: 'integer' }],
  order: 'desc',
});

/** What a notices cursor holds: the id of the page's last notice. */
export const notificationCursor = defineKeyset({
  name: 'notifications',
  columns: [{ ref: 'notifications.id', type: 'uuid' }],
  order: 'desc',
});

/** Where the user's notice `id` stands in notificationsKeyset; undefined when it is not theirs or gone. */
export async function notificationPosition(
  trx: TenantTransaction,
  userId: string,
  id: string,
): Promise<KeysetPosition | undefined> {
  const row = await trx
    .selectFrom('notifications')
    .select('seq')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? [row.seq] : undefined;
}

/** One page of the user's notices, newest first. */
export function listNotifications(trx: TenantTransaction, userId: string, page: PageRequest) {
  const query = trx
    .selectFrom('notifications')
    .leftJoin('reports', 'reports.id', 'notifications.report_id')
    .leftJoin('cases', 'cases.id', 'notifications.case_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.report_id',
      'notifications.case_id',
      'notifications.created_on',
      'notifications.read_at',
      'reports.reference',
      'cases.reference as case_reference',
    ])
    .where('notifications.user_id', '=', userId);
  return selectKeysetPage(query, notificationsKeyset, page);
}

export async function countUnread(trx: TenantTransaction, userId: string): Promise<number> {
  const row = await trx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function markRead(
  trx: TenantTransaction,
  userId: string,
  ids: string[],
  at: Date,
): Promise<void> {
  await trx
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .where('read_at', 'is', null)
    .execute();
}
