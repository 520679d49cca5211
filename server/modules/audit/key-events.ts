import type { KeyEvent, RecordKeyEvent } from '../../crypto/key-events.ts';
import type { Database } from '../../db/database.ts';
import { recordAuditEventInOwnTransaction } from './service.ts';

/** Key rotations run by an operator, recorded in the tenant's audit log. */
export function keyEventRecorder(database: Database): RecordKeyEvent {
  return ({ tenantId, ...event }: KeyEvent) =>
    recordAuditEventInOwnTransaction(
      database,
      { tenantId, userId: null },
      { actorType: 'operator', ...event },
    );
}
