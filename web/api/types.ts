// The shapes the server sends and takes, by the names of the OpenAPI document's components. They are
// generated from the server's schemas (schema.d.ts, `npm run api:types`): a server change that the web app
// does not fit fails the type check.
import type { components, paths } from './schema.d.ts';

type Schemas = components['schemas'];

// Sign-in, sessions, second factors, passkeys
export type UserRole = Schemas['UserRole'];
export type ExpertSpecialty = Schemas['ExpertSpecialty'];
export type AuthUser = Schemas['AuthUser'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginAnswer = Schemas['LoginAnswer'];
export type SessionState = Schemas['SessionState'];
export type SecondFactorChallenge = Schemas['SecondFactorChallenge'];
export type SecondFactorRequest = Schemas['SecondFactorRequest'];
export type SessionSummary = Schemas['SessionSummary'];
export type SessionList = Schemas['SessionList'];
export type TotpStatus = Schemas['TotpStatus'];
export type TotpSetup = Schemas['TotpSetup'];
export type RecoveryCodes = Schemas['RecoveryCodes'];
export type PasskeySummary = Schemas['PasskeySummary'];
export type PasskeyList = Schemas['PasskeyList'];
export type PasskeyEnrolRequest = Schemas['PasskeyEnrolRequest'];
export type PasskeyLoginRequest = Schemas['PasskeyLoginRequest'];
export type PasswordChangeRequest = Schemas['PasswordChangeRequest'];
export type PasswordChanged = Schemas['PasswordChanged'];

// Users, invitations, links from e-mails
export type UserStatus = Schemas['UserStatus'];
export type UserCan = Schemas['UserCan'];
export type AdminUser = Schemas['AdminUser'];
export type AdminUserList = Schemas['AdminUserList'];
export type InvitationRequest = Schemas['InvitationRequest'];
export type InvitationAnswer = Schemas['InvitationAnswer'];
export type RoleChange = Schemas['RoleChange'];
export type SessionsRevoked = Schemas['SessionsRevoked'];
export type LinkDetails = Schemas['LinkDetails'];
export type LinkWithPassword = Schemas['LinkWithPassword'];
export type PasswordResetRequest = Schemas['PasswordResetRequest'];
export type PasswordResetAccepted = Schemas['PasswordResetAccepted'];

// The organisation: units, on-duty rosters, sign-in security, API tokens
export type Unit = Schemas['Unit'];
export type UnitList = Schemas['UnitList'];
export type OnDutyRoster = Schemas['OnDutyRoster'];
export type SsoSettings = Schemas['SsoSettings'];
export type SsoSettingsUpdate = Schemas['SsoSettingsUpdate'];
export type SsoPublicInfo = Schemas['SsoPublicInfo'];
export type SecondFactorPolicy = Schemas['SecondFactorPolicy'];
export type ApiTokenScope = Schemas['ApiTokenScope'];
export type ApiTokenSummary = Schemas['ApiTokenSummary'];
export type ApiTokenList = Schemas['ApiTokenList'];
export type NewApiToken = Schemas['NewApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];

// Report forms and answers
export type LocalisedText = Schemas['LocalisedText'];
export type AnswerOption = Schemas['AnswerOption'];
export type FormItem = Schemas['FormItem'];
export type FormSection = Schemas['FormSection'];
export type ReportFormDefinition = Schemas['ReportFormDefinition'];
export type PersonAnswer = Schemas['PersonAnswer'];
export type ReportAnswers = Schemas['ReportAnswers'];
export type ReportSettings = Schemas['ReportSettings'];

// The reporting portal
export type PortalInfo = Schemas['PortalInfo'];
export type PortalChallenge = Schemas['PortalChallenge'];
export type PortalSubmission = Schemas['PortalSubmission'];
export type SubmissionReceipt = Schemas['SubmissionReceipt'];
export type ReceiptLogin = Schemas['ReceiptLogin'];
export type ReceiptSession = Schemas['ReceiptSession'];
export type ReporterDetails = Schemas['ReporterDetails'];
export type ReporterView = Schemas['ReporterView'];
export type ReporterMessage = Schemas['ReporterMessage'];
export type AttachmentSummary = Schemas['AttachmentSummary'];
export type DialogueMessage = Schemas['DialogueMessage'];

// The inbox and cases
export type Channel = Schemas['Channel'];
export type StaffChannel = Schemas['StaffChannel'];
export type ReportStatus = Schemas['ReportStatus'];
export type CloseReason = Schemas['CloseReason'];
export type ReportAllowedActions = Schemas['ReportAllowedActions'];
export type InboxItem = Schemas['InboxItem'];
export type InboxPage = Schemas['InboxPage'];
export type ReportDetail = Schemas['ReportDetail'];
export type StaffReport = Schemas['StaffReport'];
export type StaffReportCreated = Schemas['StaffReportCreated'];
export type TeamMessage = Schemas['TeamMessage'];
export type Acknowledgement = Schemas['Acknowledgement'];
export type OpenCase = Schemas['OpenCase'];
export type AttachToCase = Schemas['AttachToCase'];
export type CloseReport = Schemas['CloseReport'];
export type HandOver = Schemas['HandOver'];
export type HandOverResult = Schemas['HandOverResult'];
export type HandOverEntry = Schemas['HandOverEntry'];
/** The inbox's query string (`GET /api/v1/reports?view=…&after=…&limit=…`). */
export type InboxQuery = NonNullable<paths['/api/v1/reports']['get']['parameters']['query']>;
export type CaseStatus = Schemas['CaseStatus'];
export type CaseSummary = Schemas['CaseSummary'];
export type CaseList = Schemas['CaseList'];
export type MyTasks = Schemas['MyTasks'];
export type MyTask = Schemas['MyTask'];
export type CaseDetail = Schemas['CaseDetail'];
export type CaseOwners = Schemas['CaseOwners'];
export type CaseHandOver = Schemas['CaseHandOver'];
export type CaseHandOverResult = Schemas['CaseHandOverResult'];
export type CaseAllowedActions = Schemas['CaseAllowedActions'];
/** The case list's query string (`GET /api/v1/cases?status=…&q=…`). */
export type CaseListQuery = NonNullable<paths['/api/v1/cases']['get']['parameters']['query']>;

// The organisation's case categories
export type CaseCategory = Schemas['CaseCategory'];
export type CaseCategoryList = Schemas['CaseCategoryList'];
export type NewCaseCategory = Schemas['NewCaseCategory'];
export type CaseCategoryChange = Schemas['CaseCategoryChange'];

// The organisation's case templates
export type CaseTemplate = Schemas['CaseTemplate'];
export type CaseTemplateList = Schemas['CaseTemplateList'];
export type CaseTemplateDefinition = Schemas['CaseTemplateDefinition'];
export type CaseTemplateTask = Schemas['CaseTemplateTask'];
export type NewCaseTemplate = Schemas['NewCaseTemplate'];
export type CaseTemplateChange = Schemas['CaseTemplateChange'];

// The case report (a PDF export) and the verification of exports
export type CaseReportRequest = Schemas['CaseReportRequest'];
export type ExportVerification = Schemas['ExportVerification'];
export type ExportVerificationRequest = Schemas['ExportVerificationRequest'];

// The case file: status, details, journal and team of a case
export type CaseStatusChange = Schemas['CaseStatusChange'];
export type CaseDetailsChange = Schemas['CaseDetailsChange'];
export type JournalEntry = Schemas['JournalEntry'];
export type JournalFacts = Schemas['JournalFacts'];
export type JournalPage = Schemas['JournalPage'];
export type NewJournalEntry = Schemas['NewJournalEntry'];
export type CreatedEntry = Schemas['CreatedEntry'];
export type CaseTeam = Schemas['CaseTeam'];
export type TeamMember = Schemas['TeamMember'];
export type NewTeamMember = Schemas['NewTeamMember'];
export type TeamMembershipChange = Schemas['TeamMembershipChange'];
export type CaseTeamCandidates = Schemas['CaseTeamCandidates'];
export type TeamCandidate = Schemas['TeamCandidate'];

// The persons of a case
export type CasePerson = Schemas['CasePerson'];
export type CasePersons = Schemas['CasePersons'];
export type NewCasePerson = Schemas['NewCasePerson'];
export type CasePersonChange = Schemas['CasePersonChange'];
export type CasePersonLink = Schemas['CasePersonLink'];
export type CasePersonMatches = Schemas['CasePersonMatches'];
export type CasePersonSuggestions = Schemas['CasePersonSuggestions'];
export type PersonDetails = Schemas['PersonDetails'];
export type PersonMatch = Schemas['PersonMatch'];
export type PersonSuggestion = Schemas['PersonSuggestion'];

// The team's comments and tasks on a case
export type CaseComment = Schemas['CaseComment'];
export type CaseCommentPage = Schemas['CaseCommentPage'];
export type NewCaseComment = Schemas['NewCaseComment'];
export type CaseTask = Schemas['CaseTask'];
export type CaseTaskList = Schemas['CaseTaskList'];
export type NewCaseTask = Schemas['NewCaseTask'];
export type CaseTaskChange = Schemas['CaseTaskChange'];

// The documents of a case
export type CaseDocument = Schemas['CaseDocument'];
export type CaseDocumentVersion = Schemas['CaseDocumentVersion'];
export type CaseDocumentPage = Schemas['CaseDocumentPage'];
export type CaseDocumentPermissions = Schemas['CaseDocumentPermissions'];
export type DocumentCleaningReport = Schemas['DocumentCleaningReport'];
export type NewCaseDocument = Schemas['NewCaseDocument'];
export type NewCaseDocumentVersion = Schemas['NewCaseDocumentVersion'];
export type DocumentSettings = Schemas['DocumentSettings'];
export type DocumentSettingsChange = Schemas['DocumentSettingsChange'];

export type Notification = Schemas['Notification'];
export type NotificationList = Schemas['NotificationList'];

// Deletion
export type DeletionReason = Schemas['DeletionReason'];
export type DeletionBody = Schemas['DeletionBody'];
export type Tombstone = Schemas['Tombstone'];
export type DeletionRequest = Schemas['DeletionRequest'];
export type DeletionOutcome = Schemas['DeletionOutcome'];
export type PendingDeletions = Schemas['PendingDeletions'];
export type DeletionSettings = Schemas['DeletionSettings'];
export type DeletionCertificate = Schemas['DeletionCertificate'];
export type DeletionCertificatePage = Schemas['DeletionCertificatePage'];

// Retention policy and legal hold (the server's modules/retention)
export type ClosingOutcome = Schemas['ClosingOutcome'];
export type RetentionPolicy = Schemas['RetentionPolicy'];
export type CaseRetentionRule = Schemas['CaseRetentionRule'];
export type RetentionSettings = Schemas['RetentionSettings'];
export type RetentionPreview = Schemas['RetentionPreview'];
export type LegalHold = Schemas['LegalHold'];

// Who reads the content of reports and cases (the server's modules/access)
export type ContentAccessSettings = Schemas['ContentAccessSettings'];
export type ContentRoles = Schemas['ContentRoles'];

// The instance
export type SystemStatus = Schemas['SystemStatus'];
