import type { Kysely } from 'kysely';
import type { MigrationContext } from '../rls.ts';
import * as foundation from './0001_foundation.ts';
import * as keys from './0002_keys.ts';
import * as audit from './0003_audit.ts';
import * as documentBlobs from './0004_document_blobs.ts';
import * as identity from './0005_identity.ts';
import * as secondFactors from './0006_second_factors.ts';
import * as proofOfWork from './0007_proof_of_work.ts';
import * as emailOutbox from './0008_email_outbox.ts';
import * as reports from './0009_reports.ts';
import * as invitations from './0010_invitations.ts';
import * as oidc from './0011_oidc.ts';
import * as passkeys from './0012_passkeys.ts';
import * as apiTokens from './0013_api_tokens.ts';
import * as onDuty from './0014_on_duty.ts';
import * as anonymity from './0015_anonymity.ts';
import * as keyProviderCheck from './0016_keys.ts';
import * as deletion from './0017_deletion.ts';
import * as auditCompleteness from './0018_audit_completeness.ts';
import * as outboxParams from './0019_outbox_params.ts';
import * as requestAuth from './0020_request_auth.ts';
import * as auditAppend from './0021_audit_append.ts';
import * as contentAccess from './0022_content_access.ts';
import * as receiptWorkAndResetQueue from './0023_receipt_work_and_reset_queue.ts';
import * as unitScopeSets from './0024_unit_scope_sets.ts';
import * as receiptIndex from './0025_receipt_index.ts';
import * as listKeysets from './0027_list_keysets.ts';
import * as unitAccessSets from './0028_unit_access_sets.ts';
import * as caseFile from './0029_case_file.ts';
import * as caseSearchTerms from './0030_case_search_terms.ts';
import * as caseCategories from './0031_case_categories.ts';
import * as userLanguage from './0032_user_language.ts';
import * as caseDocuments from './0033_case_documents.ts';
import * as exportsTable from './0034_exports.ts';
import * as caseTemplates from './0035_case_templates.ts';
import * as assessments from './0036_assessments.ts';
import * as handbook from './0037_handbook.ts';
import * as measures from './0038_measures.ts';
import * as dangerUrgency from './0039_danger_urgency.ts';
import * as inboxSorting from './0040_inbox_sorting.ts';
import * as retention from './0041_retention.ts';
import * as deletionCertificates from './0042_deletion_certificates.ts';
import * as masterKeyLifecycle from './0043_master_key_lifecycle.ts';
import * as auditViewer from './0044_audit_viewer.ts';
import * as dataSubjects from './0045_data_subjects.ts';
import * as accessReviews from './0046_access_reviews.ts';
import * as accessReviewReminders from './0047_access_review_reminders.ts';
import * as privacyJournal from './0048_privacy_journal.ts';
import * as accessReviewReminderRepeat from './0049_access_review_reminder_repeat.ts';
import * as closingOutcomeCleared from './0050_closing_outcome_cleared.ts';
import * as authenticationAccess from './0051_authentication_access.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type MigrationStep = (db: Kysely<any>, context: MigrationContext) => Promise<void>;

/**
 * Every migration, in order. Names never change once released. Migrations are expand-then-contract:
 * each one must leave the schema usable by the previous release still running beside it.
 */
export const migrations: ReadonlyArray<{ name: string; up: MigrationStep; down?: MigrationStep }> = [
  { name: '0001_foundation', ...foundation },
  { name: '0002_keys', ...keys },
  { name: '0003_audit', ...audit },
  { name: '0004_document_blobs', ...documentBlobs },
  { name: '0005_identity', ...identity },
  { name: '0006_second_factors', ...secondFactors },
  { name: '0007_proof_of_work', ...proofOfWork },
  { name: '0008_email_outbox', ...emailOutbox },
  { name: '0009_reports', ...reports },
  { name: '0010_invitations', ...invitations },
  { name: '0011_oidc', ...oidc },
  { name: '0012_passkeys', ...passkeys },
  { name: '0013_api_tokens', ...apiTokens },
  { name: '0014_on_duty', ...onDuty },
  { name: '0015_anonymity', ...anonymity },
  { name: '0016_keys', ...keyProviderCheck },
  { name: '0017_deletion', ...deletion },
  { name: '0018_audit_completeness', ...auditCompleteness },
  { name: '0019_outbox_params', ...outboxParams },
  { name: '0020_request_auth', ...requestAuth },
  { name: '0021_audit_append', ...auditAppend },
  { name: '0022_content_access', ...contentAccess },
  { name: '0023_receipt_work_and_reset_queue', ...receiptWorkAndResetQueue },
  { name: '0024_unit_scope_sets', ...unitScopeSets },
  { name: '0025_receipt_index', ...receiptIndex },
  { name: '0027_list_keysets', ...listKeysets },
  { name: '0028_unit_access_sets', ...unitAccessSets },
  { name: '0029_case_file', ...caseFile },
  { name: '0030_case_search_terms', ...caseSearchTerms },
  { name: '0031_case_categories', ...caseCategories },
  { name: '0032_user_language', ...userLanguage },
  { name: '0033_case_documents', ...caseDocuments },
  { name: '0034_exports', ...exportsTable },
  { name: '0035_case_templates', ...caseTemplates },
  { name: '0036_assessments', ...assessments },
  { name: '0037_handbook', ...handbook },
  { name: '0038_measures', ...measures },
  { name: '0039_danger_urgency', ...dangerUrgency },
  { name: '0040_inbox_sorting', ...inboxSorting },
  { name: '0041_retention', ...retention },
  { name: '0042_deletion_certificates', ...deletionCertificates },
  { name: '0043_master_key_lifecycle', ...masterKeyLifecycle },
  { name: '0044_audit_viewer', ...auditViewer },
  { name: '0045_data_subjects', ...dataSubjects },
  { name: '0046_access_reviews', ...accessReviews },
  { name: '0047_access_review_reminders', ...accessReviewReminders },
  { name: '0048_privacy_journal', ...privacyJournal },
  { name: '0049_access_review_reminder_repeat', ...accessReviewReminderRepeat },
  { name: '0050_closing_outcome_cleared', ...closingOutcomeCleared },
  { name: '0051_authentication_access', ...authenticationAccess },
];
