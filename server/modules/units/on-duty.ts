import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { AuthContext } from '../identity/service.ts';
import { withUnitScope } from './service.ts';
import { findUnitById, selectUnitManagers } from './store.ts';

export interface OnDuty {
  unitId: string;
  /** Threat managers on duty for the unit: they are told of its new reports (all managers when danger). */
  onDuty: Array<{ id: string; name: string }>;
  /** Threat managers who see the unit's reports and may be put on duty. */
  candidates: Array<{ id: string; name: string }>;
  canChange: boolean;
}

/** Who may see and set a unit's duty roster: admins, and threat managers who see the unit. */
async function authorizeRoster(trx: Parameters<typeof withUnitScope>[0], auth: AuthContext, unitId: string) {
  const actor = await withUnitScope(trx, auth);
  const unit = await findUnitById(trx, unitId);
  if (!unit) throw new NotFound('unit_not_found', 'No such unit.');
  const allowed =
    auth.role === 'admin' || (auth.role === 'threat_manager' && actor.visibleUnitIds.has(unit.id));
  if (!allowed)
    throw new Forbidden('forbidden', 'Only admins and the unit’s threat managers see its duty roster.');
  return unit;
}

async function candidatesFor(
  trx: Parameters<typeof withUnitScope>[0],
  unit: { id: string; parent_id: string | null },
) {
  return (await selectUnitManagers(trx, unit)).map((manager) => ({ id: manager.id, name: manager.name }));
}

export function unitOnDuty(database: Database, auth: AuthContext, unitId: string): Promise<OnDuty> {
  return withTenant(database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
    const unit = await authorizeRoster(trx, auth, unitId);
    const candidates = await candidatesFor(trx, unit);
    const rows = await trx
      .selectFrom('unit_on_duty')
      .select('user_id')
      .where('unit_id', '=', unit.id)
      .execute();
    const duty = new Set(rows.map((row) => row.user_id));
    return {
      unitId: unit.id,
      onDuty: candidates.filter((candidate) => duty.has(candidate.id)),
      candidates,
      canChange: true,
    };
  });
}

/** Replaces a unit's duty roster; every user must be a threat manager who sees the unit (audited). */
export async function setUnitOnDuty(
  database: Database,
  auth: AuthContext,
  unitId: string,
  userIds: string[],
  requestId: string,
): Promise<OnDuty> {
  await withTenant(database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
    const unit = await authorizeRoster(trx, auth, unitId);
    const candidates = new Set((await candidatesFor(trx, unit)).map((candidate) => candidate.id));
    const wanted = [...new Set(userIds.map((id) => id.toLowerCase()))];
    const unfit = wanted.filter((id) => !candidates.has(id));
    if (unfit.length > 0)
      throw new Invalid(
        'on_duty_user_invalid',
        'Only threat managers who see this unit’s reports can be on duty.',
        [{ path: 'userIds', message: `not a threat manager of this unit: ${unfit.join(', ')}` }],
      );
    await trx.deleteFrom('unit_on_duty').where('unit_id', '=', unit.id).execute();
    if (wanted.length > 0)
      await trx
        .insertInto('unit_on_duty')
        .values(wanted.map((userId) => ({ tenant_id: auth.tenantId, unit_id: unit.id, user_id: userId })))
        .execute();
    await recordAuditEvent(trx, {
      actorType: 'user',
      actorId: auth.userId,
      action: 'unit.on_duty_changed',
      objectType: 'unit',
      objectId: unit.id,
      requestId,
      outcome: 'success',
      reason: `on_duty=${wanted.length}`,
    });
  });
  return unitOnDuty(database, auth, unitId);
}
