// The words of a deletion certificate, German and English. Counts are named here by their key in
// `DeletionCounts`; a key without a label prints as the key itself.

export type CertificateLanguage = 'de' | 'en';

export interface CertificateLabels {
  languageTag: string;
  title: string;
  documentTitle: (reference: string) => string;
  header: (reference: string) => string;
  subtitle: (organisation: string) => string;
  objectType: { case: string; report: string };
  facts: {
    object: string;
    unit: string;
    opened: string;
    received: string;
    closed: string;
    caseOfReport: string;
    deleted: string;
    reason: string;
    deletedBy: string;
    approvedBy: string;
  };
  notClosed: string;
  noApproval: string;
  operator: string;
  retentionPolicy: (rule: string) => string;
  unknownUser: string;
  reasons: Record<string, string>;
  countsHeading: string;
  countColumns: { what: string; count: string };
  counts: Record<string, string>;
  reportsHeading: string;
  reportColumns: { reference: string; received: string };
  statementHeading: string;
  statement: (type: 'case' | 'report') => string;
  verify: (exportId: string) => string;
  footer: (exportId: string) => string;
  pageOf: (page: number, pages: number) => string;
}

const en: CertificateLabels = {
  languageTag: 'en-GB',
  title: 'Deletion certificate',
  documentTitle: (reference) => `Deletion certificate ${reference}`,
  header: (reference) => `DELETION CERTIFICATE · ${reference}`,
  subtitle: (organisation) => (organisation ? `${organisation} · Threat Management Assistant` : 'TMA'),
  objectType: { case: 'Case', report: 'Report' },
  facts: {
    object: 'Deleted',
    unit: 'Unit',
    opened: 'Opened',
    received: 'Received on',
    closed: 'Closed',
    caseOfReport: 'Part of case',
    deleted: 'Deleted at',
    reason: 'Reason',
    deletedBy: 'Deleted by',
    approvedBy: 'Approved by',
  },
  notClosed: 'not closed',
  noApproval: 'no approval required',
  operator: 'the operator (tma command line)',
  retentionPolicy: (rule) => `retention policy, rule ${rule}`,
  unknownUser: '(unknown account)',
  reasons: {
    retention_expired: 'retention period expired',
    unfounded: 'unfounded',
    data_subject_request: 'request of the data subject',
    duplicate: 'duplicate',
    legal_order: 'legal order',
    other: 'other reason',
  },
  countsHeading: 'What was deleted',
  countColumns: { what: 'Kind', count: 'Number' },
  counts: {
    reports: 'Linked reports',
    reportAttachments: 'Attachments of the reports',
    dialogueMessages: 'Dialogue messages',
    attachments: 'Attachments',
    persons: 'Persons',
    documents: 'Documents',
    documentVersions: 'Document versions',
    journalEntries: 'Journal entries',
    tasks: 'Tasks',
    comments: 'Comments',
    measures: 'Measures',
    assessments: 'Assessments',
    teamMembers: 'Team memberships',
  },
  reportsHeading: 'Reports deleted with the case',
  reportColumns: { reference: 'Reference', received: 'Received on' },
  statementHeading: 'Statement',
  statement: (type) =>
    `This certificate contains no content of the deleted ${type}: no title, summary, names, answers, ` +
    'messages or files, only its reference, dates and the numbers above. The data key that encrypted the ' +
    `${type}${type === 'case' ? ' and its reports' : ''} was destroyed, so the content can no longer be read ` +
    'by anyone; the rows were removed and a tombstone with the reference, dates and reason remains.',
  verify: (exportId) =>
    `This file is a verifiable export (id ${exportId}): its SHA-256 is recorded in TMA's audit log. ` +
    'Check it on the page “Verify an export” or with `tma export verify <file>`.',
  footer: (exportId) => `Export ${exportId} · contains no case content`,
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
};

const de: CertificateLabels = {
  languageTag: 'de-DE',
  title: 'Löschbescheinigung',
  documentTitle: (reference) => `Löschbescheinigung ${reference}`,
  header: (reference) => `LÖSCHBESCHEINIGUNG · ${reference}`,
  subtitle: (organisation) => (organisation ? `${organisation} · Threat Management Assistant` : 'TMA'),
  objectType: { case: 'Fall', report: 'Meldung' },
  facts: {
    object: 'Gelöscht',
    unit: 'Einheit',
    opened: 'Eröffnet',
    received: 'Eingegangen am',
    closed: 'Abgeschlossen',
    caseOfReport: 'Zum Fall',
    deleted: 'Gelöscht am',
    reason: 'Grund',
    deletedBy: 'Gelöscht von',
    approvedBy: 'Freigegeben von',
  },
  notClosed: 'nicht abgeschlossen',
  noApproval: 'keine Freigabe erforderlich',
  operator: 'dem Betrieb (Kommandozeile tma)',
  retentionPolicy: (rule) => `Aufbewahrungsrichtlinie, Regel ${rule}`,
  unknownUser: '(unbekanntes Konto)',
  reasons: {
    retention_expired: 'Aufbewahrungsfrist abgelaufen',
    unfounded: 'unbegründet',
    data_subject_request: 'Antrag der betroffenen Person',
    duplicate: 'Duplikat',
    legal_order: 'rechtliche Anordnung',
    other: 'anderer Grund',
  },
  countsHeading: 'Was gelöscht wurde',
  countColumns: { what: 'Art', count: 'Anzahl' },
  counts: {
    reports: 'Verknüpfte Meldungen',
    reportAttachments: 'Anhänge der Meldungen',
    dialogueMessages: 'Dialognachrichten',
    attachments: 'Anhänge',
    persons: 'Personen',
    documents: 'Dokumente',
    documentVersions: 'Dokumentversionen',
    journalEntries: 'Journaleinträge',
    tasks: 'Aufgaben',
    comments: 'Kommentare',
    measures: 'Maßnahmen',
    assessments: 'Einschätzungen',
    teamMembers: 'Team-Mitgliedschaften',
  },
  reportsHeading: 'Mit dem Fall gelöschte Meldungen',
  reportColumns: { reference: 'Aktenzeichen', received: 'Eingegangen am' },
  statementHeading: 'Erklärung',
  statement: (type) =>
    `Diese Bescheinigung enthält keinen Inhalt ${type === 'case' ? 'des gelöschten Falls' : 'der gelöschten Meldung'}: ` +
    'keinen Titel, keine Zusammenfassung, keine Namen, Antworten, Nachrichten oder Dateien, nur Aktenzeichen, ' +
    `Daten und die obigen Anzahlen. Der Datenschlüssel, mit dem ${type === 'case' ? 'der Fall und seine Meldungen' : 'die Meldung'} ` +
    'verschlüsselt waren, wurde vernichtet; der Inhalt kann von niemandem mehr gelesen werden. Die Zeilen wurden ' +
    'entfernt; es bleibt ein Grabstein mit Aktenzeichen, Daten und Grund.',
  verify: (exportId) =>
    `Diese Datei ist ein prüfbarer Export (Kennung ${exportId}): ihr SHA-256 steht im Audit-Protokoll von TMA. ` +
    'Prüfen Sie sie auf der Seite „Export prüfen“ oder mit `tma export verify <Datei>`.',
  footer: (exportId) => `Export ${exportId} · enthält keinen Fallinhalt`,
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
};

export function certificateLabels(language: CertificateLanguage): CertificateLabels {
  return language === 'en' ? en : de;
}
