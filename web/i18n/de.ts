import { accessReviewDe } from './access-review.de.ts';
import { accessibilityDe } from './accessibility.de.ts';
import { adminToolsDe } from './admin-tools.de.ts';
import { assessmentsDe } from './assessments.de.ts';
import { auditDe } from './audit.de.ts';
import { casesDe } from './cases.de.ts';
import { certificatesDe } from './certificates.de.ts';
import { dashboardDe } from './dashboard.de.ts';
import { dataSubjectsDe } from './data-subjects.de.ts';
import { deletionDe } from './deletion.de.ts';
import { documentsDe } from './documents.de.ts';
import type { Messages } from './en.ts';
import { exportsDe } from './exports.de.ts';
import { formEditorDe } from './form-editor.de.ts';
import { handbookDe } from './handbook.de.ts';
import { measuresDe } from './measures.de.ts';
import { modelsDe } from './models.de.ts';
import { passkeysDe } from './passkeys.de.ts';
import { portalDe } from './portal.de.ts';
import { reportsDe } from './reports.de.ts';
import { retentionDe } from './retention.de.ts';
import { securityDe } from './security.de.ts';
import { setupDe } from './setup.de.ts';
import { shellDe } from './shell.de.ts';
import { statisticsDe } from './statistics.de.ts';
import { templatesDe } from './templates.de.ts';
import { unitsDe } from './units.de.ts';
import { usersDe } from './users.de.ts';
import { workDe } from './work.de.ts';

export const de: Messages = {
  app: {
    productName: 'TMA',
    fullName: 'Assistent für Bedrohungsmanagement',
    documentTitle: '{{page}} · TMA',
    skipToContent: 'Zum Hauptinhalt springen',
  },
  header: {
    homeLink: 'TMA – zur Übersicht',
    openNavigation: 'Navigation öffnen',
    closeNavigation: 'Navigation schließen',
    language: 'Sprache',
    signIn: 'Anmelden',
    userMenu: 'Kontomenü: {{name}}, {{organisation}}',
    account: 'Konto',
    signOut: 'Abmelden',
  },
  language: {
    de: 'Deutsch',
    en: 'English',
  },
  nav: {
    label: 'Hauptnavigation',
    overview: 'Übersicht',
  },
  overview: {
    title: 'Übersicht',
    statusTitle: 'Serverstatus',
    intro: 'Der Zustand dieser TMA-Installation.',
    masterKey: {
      heading: 'Hauptschlüssel',
      key: 'Schlüssel',
      providers: { local: 'Schlüsseldatei', pkcs11: 'HSM (PKCS#11)', 'aws-kms': 'AWS KMS' },
      since: 'In Gebrauch seit',
      notRecorded: 'noch nicht erfasst',
      rotation: 'Nächster Wechsel',
      rotationOn: 'fällig am {{date}} (alle {{days}} Tage)',
      rotationOff: 'keine Erinnerung an den Wechsel (TMA_MASTER_KEY_ROTATION_DAYS=0)',
      retired: 'Zu vernichtende alte Schlüssel',
      retiredValue: '{{count}} (vor mehr als {{days}} Tagen abgelöst)',
      rotationDueTitle: 'Schlüsselwechsel fällig',
      rotationDue:
        'Dieser Hauptschlüssel ist älter als {{days}} Tage. Wechseln Sie ihn mit „tma keys rotate-master“: ein neuer Hauptschlüssel, neue Mandantenschlüssel, und die alten werden vernichtet, sobald Ihre Sicherungen abgelaufen sind.',
      destructionDueTitle: 'Sicherungen öffnen noch gelöschte Fälle',
      destructionDue:
        'Abgelöste Hauptschlüssel sind älter als die Aufbewahrung der Sicherungen von {{days}} Tagen und noch nicht vernichtet. Bis Sie „tma keys destroy-retired --older-than {{days}}d“ ausführen, öffnet eine Sicherung aus ihrer Zeit noch seitdem gelöschte Fälle.',
      help: 'Warum und wie: docs/privacy.md, „Deletion that reaches backups“.',
    },
    health: {
      heading: 'Serverstatus',
      ready: 'Betriebsbereit',
      notReady: 'Nicht betriebsbereit',
      draining: 'Wird heruntergefahren',
      readyDescription: 'Der Server läuft und nimmt Anfragen an.',
      notReadyDescription: 'Der Server läuft, kann aber noch keine Anfragen annehmen.',
      drainingDescription: 'Der Server schließt laufende Anfragen ab und beendet sich danach.',
      loading: 'Serverstatus wird abgefragt …',
      database: 'Datenbank',
      engineEmbedded: 'Eingebettet (PGlite)',
      enginePostgres: 'PostgreSQL',
      reachable: 'erreichbar',
      unreachable: 'nicht erreichbar',
      migrations: 'Migrationen',
      migrationsValue: '{{applied}} angewendet, {{pending}} ausstehend',
      version: 'Serverversion',
      lastChecked: 'Zuletzt geprüft',
      autoRefresh: 'Wird alle {{seconds}} Sekunden erneut geprüft.',
      checkNow: 'Jetzt prüfen',
      errorTitle: 'Der Serverstatus konnte nicht geladen werden',
      networkError: 'Der Server ist nicht erreichbar.',
      requestId: 'Anfrage-ID',
      stale: 'Die folgenden Angaben stammen von der letzten erfolgreichen Prüfung.',
    },
  },
  login: {
    title: 'Anmelden',
    intro: 'Melden Sie sich mit dem Konto an, das Ihre Organisation für Sie eingerichtet hat.',
    organisation: 'Organisation',
    organisationDescription: 'Das Kürzel Ihrer Organisation in TMA, zum Beispiel „acme“.',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    showPassword: 'Passwort anzeigen',
    submit: 'Anmelden',
    required: 'Bitte füllen Sie dieses Feld aus.',
    errorTitle: 'Anmeldung fehlgeschlagen',
    invalidCredentials: 'Organisation, E-Mail-Adresse oder Passwort sind nicht korrekt.',
    throttled: 'Zu viele Anmeldeversuche. Bitte versuchen Sie es in {{wait}} erneut.',
    throttledNoWait:
      'Zu viele Anmeldeversuche. Bitte warten Sie eine Weile und versuchen Sie es dann erneut.',
    networkError: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    signOutFailedTitle: 'Abmeldung nicht bestätigt',
    signOutFailed:
      'Der Server hat die Abmeldung nicht bestätigt. Schließen Sie den Browser oder melden Sie sich an und wieder ab, um die Sitzung zu beenden.',
    secondFactor: {
      heading: 'Anmeldung in zwei Schritten',
      intro: 'Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App für TMA anzeigt.',
      recoveryIntro:
        'Geben Sie einen der Wiederherstellungscodes ein, die Sie beim Einrichten der Anmeldung in zwei Schritten gespeichert haben.',
      code: 'Code aus der App',
      recoveryCode: 'Wiederherstellungscode',
      recoveryDescription: 'Jeder Wiederherstellungscode gilt nur einmal.',
      submit: 'Weiter',
      useRecoveryCode: 'Stattdessen einen Wiederherstellungscode verwenden',
      useCode: 'Stattdessen den Code aus der App verwenden',
      back: 'Als andere Person anmelden',
      invalid: 'Der Code ist nicht richtig. Geben Sie den Code ein, den die App jetzt anzeigt.',
      expiredTitle: 'Anmeldung abgelaufen',
      expired:
        'Es ist zu viel Zeit vergangen oder zu viele Codes waren falsch. Bitte melden Sie sich erneut an.',
      startAgain: 'Erneut anmelden',
    },
  },
  auth: {
    checking: 'Ihre Anmeldung wird geprüft …',
    errorTitle: 'Ihre Anmeldung konnte nicht geprüft werden',
    retry: 'Erneut versuchen',
  },
  account: {
    title: 'Konto',
    intro:
      'Ihr Profil, Ihr Passwort, die Anmeldung in zwei Schritten und die Geräte, auf denen Sie angemeldet sind.',
    profile: {
      heading: 'Profil',
      name: 'Name',
      email: 'E-Mail-Adresse',
      role: 'Rolle',
      specialty: 'Fachgebiet',
      organisation: 'Organisation',
      scope: 'Fälle',
      tenantWide: 'Alle Organisationseinheiten',
    },
    twoStep: {
      heading: 'Anmeldung in zwei Schritten',
      intro:
        'Nach Ihrem Passwort fragt TMA zusätzlich nach einem Code aus einer Authenticator-App auf Ihrem Telefon. Wer Ihr Passwort kennt, kann sich ohne diesen Code nicht anmelden.',
      on: 'An',
      off: 'Aus',
      loading: 'Wird geladen …',
      errorTitle: 'Der Stand der Anmeldung in zwei Schritten konnte nicht geladen werden',
      requiredTitle: 'Ihre Organisation verlangt die Anmeldung in zwei Schritten',
      required:
        'Sie ist für Ihre Rolle vorgeschrieben. Richten Sie sie jetzt ein: Bis dahin zeigt TMA Ihnen nichts anderes an.',
      start: 'Anmeldung in zwei Schritten einrichten',
      step1: '1. TMA in Ihre Authenticator-App aufnehmen',
      scan: 'Scannen Sie diesen QR-Code mit einer Authenticator-App (zum Beispiel FreeOTP, Aegis, Google oder Microsoft Authenticator).',
      qrAlt: 'QR-Code für Ihre Authenticator-App',
      manual: 'Scannen klappt nicht? Geben Sie stattdessen diesen Einrichtungsschlüssel in der App ein:',
      copyKey: 'Schlüssel kopieren',
      openApp: 'In der Authenticator-App öffnen',
      copied: 'Kopiert',
      step2: '2. Den Code eingeben, den die App anzeigt',
      code: '6-stelliger Code',
      confirm: 'Einschalten',
      cancel: 'Abbrechen',
      wrongCode:
        'Der Code ist nicht richtig. Prüfen Sie, ob die Uhrzeit Ihres Telefons stimmt, und geben Sie den aktuellen Code ein.',
      codesTitle: 'Speichern Sie jetzt Ihre Wiederherstellungscodes',
      codesIntro:
        'Falls Sie Ihr Telefon verlieren, können Sie sich mit jedem dieser Codes einmal statt mit einem Code aus der App anmelden. Sie werden nur jetzt angezeigt: Kopieren oder laden Sie sie herunter und bewahren Sie sie sicher auf.',
      copyCodes: 'Codes kopieren',
      downloadCodes: 'Als Textdatei herunterladen',
      savedCodes: 'Ich habe die Codes gespeichert',
      fileHeading: 'TMA-Wiederherstellungscodes – jeder gilt einmal',
      enabledNotice: 'Die Anmeldung in zwei Schritten ist eingeschaltet.',
      since: 'Eingeschaltet seit {{date}}.',
      codesLeft_one: 'Noch {{count}} Wiederherstellungscode übrig.',
      codesLeft_other: 'Noch {{count}} Wiederherstellungscodes übrig.',
      remove: 'Anmeldung in zwei Schritten ausschalten',
      removeTitle: 'Anmeldung in zwei Schritten ausschalten?',
      removeText:
        'Dann genügt Ihr Passwort allein für die Anmeldung, und Ihre Wiederherstellungscodes werden ungültig. Geben Sie zur Bestätigung Ihr Passwort ein.',
      removeConfirm: 'Ausschalten',
      wrongPassword: 'Das Passwort ist nicht richtig.',
      removedNotice: 'Die Anmeldung in zwei Schritten ist ausgeschaltet.',
    },
    password: {
      heading: 'Passwort',
      intro:
        'Ändern Sie das Passwort, mit dem Sie sich anmelden. Ihre Sitzungen auf anderen Geräten enden; diese bleibt bestehen.',
      start: 'Passwort ändern',
      submit: 'Passwort ändern',
      doneTitle: 'Ihr Passwort ist geändert',
      done_zero: 'Melden Sie sich ab jetzt mit dem neuen Passwort an. Es war keine andere Sitzung offen.',
      done_one:
        'Melden Sie sich ab jetzt mit dem neuen Passwort an. {{count}} andere Sitzung wurde abgemeldet.',
      done_other:
        'Melden Sie sich ab jetzt mit dem neuen Passwort an. {{count}} andere Sitzungen wurden abgemeldet.',
      noPasswordTitle: 'Ihr Konto hat kein TMA-Passwort',
      noPassword:
        'Sie melden sich über Ihre Organisation (Single Sign-on) oder mit einem Passkey an. Ändern Sie Ihr Passwort dort, oder wenden Sie sich an eine Administratorin oder einen Administrator.',
    },
    sessions: {
      heading: 'Aktive Sitzungen',
      intro: 'Melden Sie Sitzungen ab, die Sie nicht kennen oder nicht mehr nutzen.',
      loading: 'Sitzungen werden geladen …',
      errorTitle: 'Die Sitzungen konnten nicht geladen werden',
      browserOn: '{{browser}}, {{system}}',
      unknownBrowser: 'Unbekannter Browser',
      thisSession: 'Diese Sitzung',
      created: 'Angemeldet',
      lastActive: 'Zuletzt aktiv',
      signOut: 'Abmelden',
      signOutNamed: 'Abmelden: {{name}}',
      confirmTitle: 'Diese Sitzung abmelden?',
      confirmText: 'Wer „{{name}}“ verwendet, muss sich neu anmelden.',
      confirm: 'Sitzung abmelden',
      cancel: 'Abbrechen',
      revoked: 'Die Sitzung „{{name}}“ wurde abgemeldet.',
      revokeFailed: 'Die Sitzung konnte nicht abgemeldet werden: {{message}}',
    },
  },
  roles: {
    admin: 'Administrator',
    threat_manager: 'Bedrohungsmanager',
    expert: 'Fachexperte',
    auditor: 'Auditor',
  },
  specialties: {
    labour_law: 'Arbeitsrecht',
    compliance: 'Compliance',
    hr: 'Personalwesen',
    psychology: 'Psychologie',
    security: 'Sicherheit',
    data_protection: 'Datenschutz',
    works_council: 'Betriebsrat',
  },
  error: {
    title: 'Etwas ist schiefgelaufen',
    description:
      'Diese Seite konnte wegen eines Fehlers in TMA nicht angezeigt werden. Oft hilft es, die Seite neu zu laden.',
    reload: 'Seite neu laden',
  },
  lists: {
    loadMore: 'Weitere laden',
    loadMoreFailed: 'Die nächste Seite konnte nicht geladen werden: {{message}}',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    description:
      'Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben, oder der Link ist fehlerhaft.',
    back: 'Zurück zur Übersicht',
  },
  reports: reportsDe,
  portal: portalDe,
  passkeys: passkeysDe,
  users: usersDe,
  accessReview: accessReviewDe,
  security: securityDe,
  adminTools: adminToolsDe,
  deletion: deletionDe,
  retention: retentionDe,
  certificates: certificatesDe,
  cases: casesDe,
  documents: documentsDe,
  exports: exportsDe,
  dataSubjects: dataSubjectsDe,
  templates: templatesDe,
  work: workDe,
  assessments: assessmentsDe,
  models: modelsDe,
  measures: measuresDe,
  handbook: handbookDe,
  dashboard: dashboardDe,
  statistics: statisticsDe,
  audit: auditDe,
  units: unitsDe,
  setup: setupDe,
  formEditor: formEditorDe,
  shell: shellDe,
  accessibility: accessibilityDe,
};
