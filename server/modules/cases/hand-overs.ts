import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type Static, Type } from 'typebox';
import type { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import type { DB } from '../../db/schema.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { dayOf } from '../reports/days.ts';

// Hand-overs of a case (with its reports) or of a report to another unit. The reason the sender gives is
// free text: it is sealed with the case's or report's data key in `hand_overs`, never written to the audit
// log, whose `*.hand_over` event names the row instead (docs/audit-log.md).

const reasonField = (id: string) => ({ table: 'hand_overs', column: 'reason_sealed', rowId: id });

/** A hand-over as the case and report pages show it. `reason` is null when it does not verify. */
export const HandOverEntry = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    from: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    to: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    reason: Type.Union([Type.String(), Type.Null()]),
    by: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), Type.Null()]),
    /** The day only, like every row about a report. */
    on: Type.String({ format: 'date' }),
  },
  { title: 'HandOverEntry' },
);
export type HandOverEntry = Static<typeof HandOverEntry>;

export type HandOverSubject = { caseId: string } | { reportId: string };

/**
 * Writes the hand-over row, its reason sealed with `cipher` (the subject's data key). Call it before
 * moving the subject: the row is visible only with its case or report, also to the one who writes it.
 */
export async function recordHandOver(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  input: {
    tenantId: string;
    subject: HandOverSubject;
    fromUnitId: string;
    toUnitId: string;
    reason: string;
    handedBy: string | null;
    now: Date;
  },
): Promise<string> {
  const id = randomUUID();
  const subject =
    'caseId' in input.subject
      ? ({ column: 'case_id', id: input.subject.caseId } as const)
      : ({ column: 'report_id', id: input.subject.reportId } as const);
  const previous = await trx
    .selectFrom('hand_overs')
    .select((eb) => eb.fn.max('position').as('last'))
    .where(subject.column, '=', subject.id)
    .executeTakeFirst();
  await trx
    .insertInto('hand_overs')
    .values({
      id,
      tenant_id: input.tenantId,
      case_id: subject.column === 'case_id' ? subject.id : null,
      report_id: subject.column === 'report_id' ? subject.id : null,
      from_unit_id: input.fromUnitId,
      to_unit_id: input.toUnitId,
      reason_sealed: cipher.seal(input.reason.trim(), reasonField(id)),
      handed_by: input.handedBy,
      handed_on: dayOf(input.now),
      position: Number(previous?.last ?? 0) + 1,
    })
    .execute();
  return id;
}

/** The hand-overs of a case or report, oldest first, reasons opened (a bad one is marked, not fatal). */
export async function listHandOvers(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  subject: HandOverSubject,
  unreadable: UnreadableFields,
): Promise<HandOverEntry[]> {
  let query = trx
    .selectFrom('hand_overs')
    .innerJoin('org_units as from_unit', 'from_unit.id', 'hand_overs.from_unit_id')
    .innerJoin('org_units as to_unit', 'to_unit.id', 'hand_overs.to_unit_id')
    .leftJoin('users', 'users.id', 'hand_overs.handed_by')
    .select(HAND_OVER_COLUMNS)
    .select('hand_overs.reason_sealed');
  query =
    'caseId' in subject
      ? query.where('hand_overs.case_id', '=', subject.caseId)
      : query.where('hand_overs.report_id', '=', subject.reportId);
  const rows = await query.orderBy('hand_overs.position').execute();
  return rows.map((row) => openHandOver(row, row.reason_sealed, cipher, unreadable));
}

const HAND_OVER_COLUMNS = [
  'hand_overs.id',
  'hand_overs.handed_on',
  'hand_overs.handed_by',
  'from_unit.id as from_id',
  'from_unit.name as from_name',
  'to_unit.id as to_id',
  'to_unit.name as to_name',
  'users.display_name as by_name',
] as const;

/**
 * The hand-overs of the case of the enclosing query, oldest first, as one JSON column: the case read loads
 * them in the case's own statement (issue 18). Open them with openCaseHandOvers().
 */
export function handOversColumn(eb: ExpressionBuilder<DB, 'cases'>) {
  return jsonArrayFrom(
    eb
      .selectFrom('hand_overs')
      .innerJoin('org_units as from_unit', 'from_unit.id', 'hand_overs.from_unit_id')
      .innerJoin('org_units as to_unit', 'to_unit.id', 'hand_overs.to_unit_id')
      .leftJoin('users', 'users.id', 'hand_overs.handed_by')
      .select(HAND_OVER_COLUMNS)
      .select(sql<string>`encode(hand_overs.reason_sealed, 'hex')`.as('reason_hex'))
      .whereRef('hand_overs.case_id', '=', 'cases.id')
      .orderBy('hand_overs.position'),
  );
}

export type HandOverJson = {
  id: string;
  handed_on: string;
  handed_by: string | null;
  from_id: string;
  from_name: string;
  to_id: string;
  to_name: string;
  by_name: string | null;
  reason_hex: string;
};

/** What handOversColumn() loaded, reasons opened as listHandOvers() opens them. */
export function openCaseHandOvers(
  rows: HandOverJson[],
  cipher: ScopeCipher,
  unreadable: UnreadableFields,
): HandOverEntry[] {
  return rows.map((row) =>
    openHandOver(row, Buffer.from(row.reason_hex, 'hex') as Sealed, cipher, unreadable),
  );
}

function openHandOver(
  row: Omit<HandOverJson, 'reason_hex'>,
  reasonSealed: Sealed,
  cipher: ScopeCipher,
  unreadable: UnreadableFields,
): HandOverEntry {
  return {
    id: row.id,
    from: { id: row.from_id, name: row.from_name },
    to: { id: row.to_id, name: row.to_name },
    reason: unreadable.open(
      `handOvers.${row.id}.reason`,
      () => cipher.openText(reasonSealed, reasonField(row.id)),
      null,
    ),
    by: row.handed_by ? { id: row.handed_by, name: row.by_name ?? '' } : null,
    on: row.handed_on,
  };
}
