import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import { Conflict } from '../../errors.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { appendJournal } from '../cases/journal.ts';
import type { CaseSubject } from '../cases/policy.ts';
import { authorizeLegalHold, canLegalHold } from './policy.ts';
import type { LegalHold } from './schemas.ts';
import { deleteHold, findHold, type HoldJson, insertHold } from './store.ts';

// A legal hold keeps a case from retention and from deletion until it is lifted. The reason is sealed with
// the case's key; who set it and when are plain, the case's journal shows setting and lifting (without the
// reason), and the audit log records them.

export const holdReasonField = (caseId: string) => ({
  table: 'case_legal_holds',
  column: 'reason_sealed',
  rowId: caseId,
});

/** Whether the case is under legal hold (the deletion commands refuse it; retention passes it by). */
export async function isUnderLegalHold(trx: TenantTransaction, caseId: string): Promise<boolean> {
  return (await findHold(trx, caseId)) !== undefined;
}

/**
 * The case's legal hold as the case page shows it; the reason only when `cipher` (the case's key, opened for
 * a reader of its content) is given.
 */
export async function legalHoldOf(
  trx: TenantTransaction,
  cipher: ScopeCipher | null,
  actor: AccessActor,
  target: HeldCase,
): Promise<LegalHold> {
  const hold = await findHold(trx, target.caseId);
  return legalHoldFrom(hold ? { ...hold, set_at: hold.set_at.toISOString() } : null, cipher, actor, target);
}

/** legalHoldOf() for a hold the case's own statement has loaded (`holdColumn`, the case read). */
export function legalHoldFrom(
  hold: (Omit<NonNullable<HoldJson>, 'reason_hex'> & { reason_sealed: Sealed }) | null,
  cipher: ScopeCipher | null,
  actor: AccessActor,
  target: HeldCase,
): LegalHold {
  const { caseId, subject } = target;
  const mayChange = canLegalHold(actor, hold ? 'lift' : 'set', subject);
  if (!hold) return { held: false, reason: null, setBy: null, setAt: null, mayChange };
  return {
    held: true,
    reason: cipher ? cipher.openText(hold.reason_sealed, holdReasonField(caseId)) : null,
    setBy: hold.set_by ? { id: hold.set_by, name: hold.set_by_name ?? '' } : null,
    setAt: new Date(hold.set_at).toISOString(),
    mayChange,
  };
}

/** What holdColumn() loaded, as legalHoldFrom() takes it. */
export const loadedHold = (json: HoldJson) =>
  json && { ...json, reason_sealed: Buffer.from(json.reason_hex, 'hex') as Sealed };

export { holdColumn } from './store.ts';

/** The case, and what the case policy decides on. */
export interface HeldCase {
  caseId: string;
  subject: CaseSubject;
}

interface HoldContext {
  tenantId: string;
  actor: AccessActor;
  audit: { actorType: 'user' | 'api_token'; actorId: string; requestId: string };
  now: Date;
}

/** Places the case under legal hold (audited as `case.legal_hold_set`); 409 when it is already. */
export async function setLegalHold(
  trx: TenantTransaction,
  keys: TenantKeys,
  target: HeldCase,
  reason: string,
  context: HoldContext,
): Promise<void> {
  const { caseId, subject } = target;
  authorizeLegalHold(context.actor, 'set', subject);
  const text = reason.trim();
  const cipher = await keys.scope(trx, 'case', caseId);
  const placed = await insertHold(trx, {
    tenantId: context.tenantId,
    caseId: caseId,
    reason: cipher.seal(text, holdReasonField(caseId)),
    by: context.actor.id,
    at: context.now,
  });
  if (!placed) throw new Conflict('legal_hold_already_set', 'The case is under legal hold already.');
  await journal(trx, caseId, 'legal_hold_set', context);
  await recordAuditEvent(trx, {
    ...context.audit,
    action: 'case.legal_hold_set',
    objectType: 'case',
    objectId: caseId,
    caseId: caseId,
    outcome: 'success',
  });
}

/** Lifts the case's legal hold (audited as `case.legal_hold_lifted`); 409 when there is none. */
export async function liftLegalHold(
  trx: TenantTransaction,
  target: HeldCase,
  context: HoldContext,
): Promise<void> {
  const { caseId, subject } = target;
  authorizeLegalHold(context.actor, 'lift', subject);
  if (!(await deleteHold(trx, caseId)))
    throw new Conflict('legal_hold_not_set', 'The case is not under legal hold.');
  await journal(trx, caseId, 'legal_hold_lifted', context);
  await recordAuditEvent(trx, {
    ...context.audit,
    action: 'case.legal_hold_lifted',
    objectType: 'case',
    objectId: caseId,
    caseId: caseId,
    outcome: 'success',
  });
}

async function journal(
  trx: TenantTransaction,
  caseId: string,
  kind: 'legal_hold_set' | 'legal_hold_lifted',
  context: HoldContext,
) {
  const authorId = context.audit.actorType === 'user' ? context.audit.actorId : null;
  // An admin holds a case whose content they do not read: the policy has allowed the change, and the entry
  // holds no content, so it is written past the journal's row-level security for content readers.
  await withoutUserScope(trx, () =>
    appendJournal(trx, null, { tenantId: context.tenantId, caseId, authorId, now: context.now }, { kind }),
  );
  await announceCaseChange(trx, { tenantId: context.tenantId, caseId, part: 'journal' });
}
