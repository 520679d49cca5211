import type { JournalKind } from '../cases/journal.ts';
import type { ReportLanguage } from './report-data.ts';

// Names of the case file's codes in the report's language: journal entry kinds, person roles, built-in
// categories, report channels and user roles. The web app has its own (web/i18n); the report is made on the
// server and must not depend on the browser's bundle.

type Names = Readonly<Record<string, string>>;

interface ContentLabels {
  /** Every kind: a new one that is not named here does not compile. */
  journalKinds: Readonly<Record<JournalKind, string>>;
  personRoles: Names;
  categories: Names;
  channels: Names;
  userRoles: Names;
  /** What a system entry says about its subject: "Person A", the task's or document's title. */
  subject: {
    person: (pseudonym: string, role: string) => string;
    task: (title: string) => string;
    document: (title: string, version: number) => string;
    user: (name: string) => string;
    report: (reference: string) => string;
    status: (from: string, to: string) => string;
  };
}

const EN: ContentLabels = {
  journalKinds: {
    case_opened: 'Case opened',
    status_changed: 'Status changed',
    details_changed: 'Details changed',
    owner_changed: 'Owner changed',
    note: 'Note',
    call: 'Call',
    meeting: 'Meeting',
    team_member_added: 'Team member added',
    team_member_removed: 'Team member removed',
    team_member_expired: 'Team membership ended',
    report_linked: 'Report linked',
    correction: 'Correction',
    person_added: 'Person added',
    person_changed: 'Person changed',
    person_removed: 'Person removed',
    task_created: 'Task created',
    task_done: 'Task done',
    document_added: 'Document added',
    document_version_added: 'New document version',
    assessment_started: 'Assessment started',
    assessment_finalised: 'Assessment decided',
    measure_planned: 'Measure planned',
    measure_started: 'Measure started',
    measure_done: 'Measure completed',
    measure_cancelled: 'Measure cancelled',
    measure_reopened: 'Measure reopened',
    measure_overdue: 'Measure overdue',
    measure_expert_answered: 'Answer to a measure invitation',
    legal_hold_set: 'Legal hold set',
    legal_hold_lifted: 'Legal hold lifted',
    processing_restricted: 'Processing restricted',
    processing_restriction_lifted: 'Restriction of processing lifted',
  },
  personRoles: {
    person_of_concern: 'Person of concern',
    affected_person: 'Affected person',
    witness: 'Witness',
    reporter: 'Reporter',
    other: 'Other',
  },
  categories: {
    threat_email: 'Threatening e-mail or letter',
    stalking: 'Stalking',
    violence: 'Violence',
    self_harm: 'Self-harm',
    extremism: 'Extremism',
    bullying: 'Bullying',
    other: 'Other',
  },
  channels: { portal: 'Portal', phone: 'Phone', in_person: 'In person', letter: 'Letter', email: 'E-mail' },
  userRoles: { admin: 'admin', threat_manager: 'threat manager', expert: 'expert', auditor: 'auditor' },
  subject: {
    person: (pseudonym, role) => `${pseudonym} (${role})`,
    task: (title) => `Task: ${title}`,
    document: (title, version) => (version > 1 ? `${title}, version ${version}` : title),
    user: (name) => name,
    report: (reference) => `Report ${reference}`,
    status: (from, to) => `${from} → ${to}`,
  },
};

const DE: ContentLabels = {
  journalKinds: {
    case_opened: 'Fall eröffnet',
    status_changed: 'Status geändert',
    details_changed: 'Angaben geändert',
    owner_changed: 'Fallverantwortung geändert',
    note: 'Notiz',
    call: 'Telefonat',
    meeting: 'Besprechung',
    team_member_added: 'Teammitglied aufgenommen',
    team_member_removed: 'Teammitglied entfernt',
    team_member_expired: 'Teamzugang abgelaufen',
    report_linked: 'Meldung verknüpft',
    correction: 'Berichtigung',
    person_added: 'Person hinzugefügt',
    person_changed: 'Person geändert',
    person_removed: 'Person entfernt',
    task_created: 'Aufgabe angelegt',
    task_done: 'Aufgabe erledigt',
    document_added: 'Dokument hinzugefügt',
    document_version_added: 'Neue Dokumentversion',
    assessment_started: 'Einschätzung begonnen',
    assessment_finalised: 'Einschätzung entschieden',
    measure_planned: 'Maßnahme geplant',
    measure_started: 'Maßnahme begonnen',
    measure_done: 'Maßnahme abgeschlossen',
    measure_cancelled: 'Maßnahme abgebrochen',
    measure_reopened: 'Maßnahme wieder aufgenommen',
    measure_overdue: 'Maßnahme überfällig',
    measure_expert_answered: 'Antwort auf eine Einladung zu einer Maßnahme',
    legal_hold_set: 'Legal Hold gesetzt',
    legal_hold_lifted: 'Legal Hold aufgehoben',
    processing_restricted: 'Verarbeitung eingeschränkt',
    processing_restriction_lifted: 'Einschränkung der Verarbeitung aufgehoben',
  },
  personRoles: {
    person_of_concern: 'Gefährdende Person',
    affected_person: 'Betroffene Person',
    witness: 'Zeugin/Zeuge',
    reporter: 'Meldende Person',
    other: 'Sonstige',
  },
  categories: {
    threat_email: 'Drohschreiben oder Droh-E-Mail',
    stalking: 'Stalking',
    violence: 'Gewalt',
    self_harm: 'Selbstgefährdung',
    extremism: 'Extremismus',
    bullying: 'Mobbing',
    other: 'Sonstiges',
  },
  channels: { portal: 'Portal', phone: 'Telefon', in_person: 'Persönlich', letter: 'Brief', email: 'E-Mail' },
  userRoles: {
    admin: 'Administration',
    threat_manager: 'Bedrohungsmanagement',
    expert: 'Fachexpertise',
    auditor: 'Revision',
  },
  subject: {
    person: (pseudonym, role) => `${pseudonym} (${role})`,
    task: (title) => `Aufgabe: ${title}`,
    document: (title, version) => (version > 1 ? `${title}, Version ${version}` : title),
    user: (name) => name,
    report: (reference) => `Meldung ${reference}`,
    status: (from, to) => `${from} → ${to}`,
  },
};

export function contentLabels(language: ReportLanguage): ContentLabels {
  return language === 'de' ? DE : EN;
}

/** The name of a code, or the code itself when it has none (a newer code than this report knows). */
export function nameOf(names: Names, code: string): string {
  return names[code] ?? code;
}
