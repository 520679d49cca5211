import type { ColumnType, Generated } from 'kysely';
import type { AccessTables } from './schema-access.ts';
import type { AccessReviewTables } from './schema-access-review.ts';
import type { ApiTokenTables } from './schema-api-tokens.ts';
import type { AssessmentTables } from './schema-assessments.ts';
import type { AuditTables } from './schema-audit.ts';
import type { CaseDocumentTables } from './schema-case-documents.ts';
import type { CaseFileTables } from './schema-case-file.ts';
import type { DataSubjectTables } from './schema-data-subjects.ts';
import type { DeletionTables } from './schema-deletion.ts';
import type { DeletionCertificateTables } from './schema-deletion-certificates.ts';
import type { DocumentBlobTables } from './schema-documents.ts';
import type { HandOverTables } from './schema-hand-overs.ts';
import type { HandbookTables } from './schema-handbook.ts';
import type { IdentityTables } from './schema-identity.ts';
import type { InvitationTables } from './schema-invitations.ts';
import type { KeyTables } from './schema-keys.ts';
import type { MailTables } from './schema-mail.ts';
import type { MeasureTables } from './schema-measures.ts';
import type { PasskeyTables } from './schema-passkeys.ts';
import type { PortalTables } from './schema-portal.ts';
import type { ReportTables } from './schema-reports.ts';
import type { RetentionTables } from './schema-retention.ts';
import type { SsoTables } from './schema-sso.ts';

/** Timestamps are `timestamptz`, read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type TenantStatus = 'active' | 'suspended';

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  status: ColumnType<TenantStatus, TenantStatus | undefined, TenantStatus>;
  created_at: Timestamp;
}

/** A country or business unit with its own threat management team; every report and case belongs to one. */
export interface OrgUnitsTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  created_at: Timestamp;
}

export interface CoreTables {
  tenants: TenantsTable;
  org_units: OrgUnitsTable;
}

/** Every table, as Kysely sees it. Each area declares its tables in its own file. */
export interface DB
  extends CoreTables,
    AccessTables,
    AccessReviewTables,
    ApiTokenTables,
    KeyTables,
    AuditTables,
    CaseDocumentTables,
    AssessmentTables,
    CaseFileTables,
    DataSubjectTables,
    DeletionTables,
    DeletionCertificateTables,
    DocumentBlobTables,
    HandbookTables,
    HandOverTables,
    MeasureTables,
    IdentityTables,
    InvitationTables,
    MailTables,
    PasskeyTables,
    PortalTables,
    ReportTables,
    RetentionTables,
    SsoTables {}
