import type { ColumnType } from 'kysely';

type Immutable<T> = ColumnType<T, T, never>;

/** What a certificate counts, by kind of thing deleted (numbers only, never content). */
export type DeletionCounts = Record<string, number>;

/** Who had an object deleted, as a certificate names them. */
export type CertificateActorKind = 'user' | 'operator' | 'retention_policy';

/**
 * A deletion certificate (migration 0042): the PDF, in clear (it holds no case content), and what the list
 * shows of it. Its id is its export's id; written once, never changed.
 */
export interface DeletionCertificatesTable {
  id: Immutable<string>;
  tenant_id: Immutable<string>;
  object_type: Immutable<'case' | 'report'>;
  object_id: Immutable<string>;
  reference: Immutable<string>;
  deleted_at: ColumnType<Date, Date, never>;
  reason: Immutable<string>;
  actor_kind: Immutable<CertificateActorKind>;
  deleted_by: Immutable<string | null>;
  approved_by: Immutable<string | null>;
  retention_rule: Immutable<string | null>;
  counts: ColumnType<DeletionCounts, string, never>;
  language: Immutable<'de' | 'en'>;
  pdf: Immutable<Uint8Array>;
}

/** The objects a certificate covers: a case and the reports deleted with it, or one report. */
export interface DeletionCertificateObjectsTable {
  tenant_id: Immutable<string>;
  object_type: Immutable<'case' | 'report'>;
  object_id: Immutable<string>;
  certificate_id: Immutable<string>;
}

export interface DeletionCertificateTables {
  deletion_certificates: DeletionCertificatesTable;
  deletion_certificate_objects: DeletionCertificateObjectsTable;
}
