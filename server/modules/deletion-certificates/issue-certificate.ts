import { createHash, randomUUID } from 'node:crypto';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { exportReason } from '../case-report/service.ts';
import type { CertificateData } from './render-certificate.ts';
import { renderDeletionCertificate } from './render-certificate.ts';
import {
  type CaseFacts,
  caseFacts,
  insertCertificate,
  type ReportFacts,
  reportFacts,
  tenantName,
  usersByIds,
} from './store.ts';

/** What is about to be deleted, counted before its content goes. */
export type DeletionFacts =
  | { type: 'case'; id: string; facts: CaseFacts }
  | { type: 'report'; id: string; caseId: string | null; facts: ReportFacts };

/**
 * Counts what a deletion is about to remove, in the deletion's transaction and before it: every row,
 * whatever the deleting user may read (the deletion policy has allowed removing all of them).
 */
export function gatherDeletionFacts(
  trx: TenantTransaction,
  type: 'case' | 'report',
  object: { id: string; caseId: string | null },
): Promise<DeletionFacts> {
  return withoutUserScope(trx, async () =>
    type === 'case'
      ? { type, id: object.id, facts: await caseFacts(trx, object.id) }
      : { type, id: object.id, caseId: object.caseId, facts: await reportFacts(trx, object.id) },
  );
}

/** Who deleted, as the deletion module tells it. */
export interface CertificateInput {
  tenantId: string;
  actor: {
    actorType: 'user' | 'api_token' | 'operator' | 'system';
    actorId: string | null;
    requestId: string | null;
  };
  tombstone: { deletedAt: Date; deletedBy: string | null; approvedBy: string | null; reason: string };
  retentionRule?: string | undefined;
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

/**
 * Issues the deletion certificate of a case or report just shredded, in the same transaction: renders the
 * PDF (no content: reference, dates, counts, codes, staff names), stores it, records it as an export of kind
 * `deletion_certificate` and audits `deletion.certificate` with its SHA-256. The language is that of the
 * admin who asked for the deletion (else of the approver), German otherwise, as for e-mails. Answers the
 * certificate's id (its export id).
 */
export async function issueDeletionCertificate(
  trx: TenantTransaction,
  deletion: DeletionFacts,
  input: CertificateInput,
): Promise<string> {
  const id = randomUUID();
  const { tombstone } = input;
  const actorKind =
    input.actor.actorType === 'system'
      ? 'retention_policy'
      : input.actor.actorType === 'operator'
        ? 'operator'
        : 'user';
  const people = await usersByIds(
    trx,
    [tombstone.deletedBy, tombstone.approvedBy].filter((user): user is string => user !== null),
  );
  const deleter = tombstone.deletedBy ? people.get(tombstone.deletedBy) : undefined;
  const approver = tombstone.approvedBy ? people.get(tombstone.approvedBy) : undefined;
  const language = deleter?.language ?? approver?.language ?? 'de';
  const rule = actorKind === 'retention_policy' ? (input.retentionRule ?? 'unspecified') : null;
  const { facts } = deletion;
  const data: CertificateData = {
    language,
    exportId: id,
    organisation: await tenantName(trx, input.tenantId),
    objectType: deletion.type,
    reference: facts.reference,
    unit: facts.unit_name,
    opened: deletion.type === 'case' ? { at: deletion.facts.opened_at } : { on: deletion.facts.received_on },
    closed:
      deletion.type === 'case'
        ? deletion.facts.closed_at
          ? { at: deletion.facts.closed_at }
          : null
        : deletion.facts.closed_on
          ? { on: deletion.facts.closed_on }
          : null,
    caseReference: deletion.type === 'report' ? deletion.facts.case_reference : null,
    deletedAt: tombstone.deletedAt,
    reason: tombstone.reason,
    deletedBy:
      actorKind === 'user'
        ? { kind: 'user', name: deleter?.name ?? null }
        : actorKind === 'operator'
          ? { kind: 'operator' }
          : { kind: 'retention_policy', rule: rule ?? 'unspecified' },
    approvedBy: approver?.name ?? null,
    counts: facts.counts,
    reports:
      deletion.type === 'case'
        ? deletion.facts.reports.map((report) => ({
            reference: report.reference,
            receivedOn: report.received_on,
          }))
        : [],
  };
  const pdf = await collect(renderDeletionCertificate(data));
  const sha256 = createHash('sha256').update(pdf).digest();
  const caseId = deletion.type === 'case' ? deletion.id : deletion.caseId;
  await insertCertificate(trx, {
    export: {
      id,
      tenant_id: input.tenantId,
      kind: 'deletion_certificate',
      case_id: caseId,
      case_reference: deletion.type === 'case' ? facts.reference : deletion.facts.case_reference,
      sha256,
      byte_length: pdf.length,
      language,
      names_included: false,
      created_by: input.actor.actorType === 'user' ? input.actor.actorId : null,
      created_at: tombstone.deletedAt,
    },
    certificate: {
      id,
      tenant_id: input.tenantId,
      object_type: deletion.type,
      object_id: deletion.id,
      reference: facts.reference,
      deleted_at: tombstone.deletedAt,
      reason: tombstone.reason,
      actor_kind: actorKind,
      deleted_by: tombstone.deletedBy,
      approved_by: tombstone.approvedBy,
      retention_rule: rule,
      counts: facts.counts,
      language,
      pdf,
    },
    objects: [
      { type: deletion.type, id: deletion.id },
      ...(deletion.type === 'case'
        ? deletion.facts.reports.map((report) => ({ type: 'report' as const, id: report.id }))
        : []),
    ],
  });
  await recordAuditEvent(trx, {
    ...input.actor,
    action: 'deletion.certificate',
    objectType: 'export',
    objectId: id,
    caseId,
    outcome: 'success',
    reason: exportReason(sha256),
  });
  return id;
}
