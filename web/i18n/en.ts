// English messages: the reference catalogue. de.ts must have exactly these keys (checked by the compiler and by
// i18n.test.ts), so a string added here without its German twin fails the build.

import { accessReviewEn } from './access-review.en.ts';
import { accessibilityEn } from './accessibility.en.ts';
import { adminToolsEn } from './admin-tools.en.ts';
import { assessmentsEn } from './assessments.en.ts';
import { auditEn } from './audit.en.ts';
import { casesEn } from './cases.en.ts';
import { certificatesEn } from './certificates.en.ts';
import { dashboardEn } from './dashboard.en.ts';
import { dataSubjectsEn } from './data-subjects.en.ts';
import { deletionEn } from './deletion.en.ts';
import { documentsEn } from './documents.en.ts';
import { exportsEn } from './exports.en.ts';
import { formEditorEn } from './form-editor.en.ts';
import { handbookEn } from './handbook.en.ts';
import { measuresEn } from './measures.en.ts';
import { modelsEn } from './models.en.ts';
import { passkeysEn } from './passkeys.en.ts';
import { portalEn } from './portal.en.ts';
import { reportsEn } from './reports.en.ts';
import { retentionEn } from './retention.en.ts';
import { securityEn } from './security.en.ts';
import { setupEn } from './setup.en.ts';
import { shellEn } from './shell.en.ts';
import { statisticsEn } from './statistics.en.ts';
import { templatesEn } from './templates.en.ts';
import { unitsEn } from './units.en.ts';
import { usersEn } from './users.en.ts';
import { workEn } from './work.en.ts';

export const en = {
  app: {
    productName: 'TMA',
    fullName: 'Threat Management Assistant',
    documentTitle: '{{page}} · TMA',
    skipToContent: 'Skip to main content',
  },
  header: {
    homeLink: 'TMA – go to the overview',
    openNavigation: 'Open navigation',
    closeNavigation: 'Close navigation',
    language: 'Language',
    signIn: 'Sign in',
    userMenu: 'Account menu: {{name}}, {{organisation}}',
    account: 'Account',
    signOut: 'Sign out',
  },
  language: {
    // Each language is named in itself, whatever the interface language is.
    de: 'Deutsch',
    en: 'English',
  },
  nav: {
    label: 'Main navigation',
    overview: 'Overview',
  },
  overview: {
    title: 'Overview',
    statusTitle: 'Server status',
    intro: 'The state of this TMA installation.',
    masterKey: {
      heading: 'Master key',
      key: 'Key',
      providers: { local: 'key file', pkcs11: 'HSM (PKCS#11)', 'aws-kms': 'AWS KMS' },
      since: 'In use since',
      notRecorded: 'not recorded yet',
      rotation: 'Next rotation',
      rotationOn: 'due on {{date}} (every {{days}} days)',
      rotationOff: 'no rotation reminder (TMA_MASTER_KEY_ROTATION_DAYS=0)',
      retired: 'Retired keys to destroy',
      retiredValue: '{{count}} (retired more than {{days}} days ago)',
      rotationDueTitle: 'Rotation due',
      rotationDue:
        'This master key is older than {{days}} days. Rotate it with "tma keys rotate-master": a new master key, new tenant keys, and the old ones destroyed once your backups have expired.',
      destructionDueTitle: 'Backups can still open deleted cases',
      destructionDue:
        'Retired master keys are older than the backup retention of {{days}} days and not destroyed. Until you run "tma keys destroy-retired --older-than {{days}}d", a backup from their time still opens cases deleted since.',
      help: 'Why and how: docs/privacy.md, "Deletion that reaches backups".',
    },
    health: {
      heading: 'Server health',
      ready: 'Ready',
      notReady: 'Not ready',
      draining: 'Shutting down',
      readyDescription: 'The server is running and accepts requests.',
      notReadyDescription: 'The server is running but cannot accept requests yet.',
      drainingDescription: 'The server is finishing open requests before it stops.',
      loading: 'Checking server health…',
      database: 'Database',
      engineEmbedded: 'Embedded (PGlite)',
      enginePostgres: 'PostgreSQL',
      reachable: 'reachable',
      unreachable: 'unreachable',
      migrations: 'Migrations',
      migrationsValue: '{{applied}} applied, {{pending}} pending',
      version: 'Server version',
      lastChecked: 'Last checked',
      autoRefresh: 'Checked again every {{seconds}} seconds.',
      checkNow: 'Check now',
      errorTitle: 'Server health could not be loaded',
      networkError: 'The server could not be reached.',
      requestId: 'Request ID',
      stale: 'The details below are from the last successful check.',
    },
  },
  login: {
    title: 'Sign in',
    intro: 'Sign in with the account your organisation set up for you.',
    organisation: 'Organisation',
    organisationDescription: 'The short name of your organisation in TMA, for example “acme”.',
    email: 'E-mail address',
    password: 'Password',
    showPassword: 'Show password',
    submit: 'Sign in',
    required: 'Please fill in this field.',
    errorTitle: 'Sign-in failed',
    invalidCredentials: 'The organisation, e-mail address or password is not correct.',
    throttled: 'Too many sign-in attempts. Please try again in {{wait}}.',
    throttledNoWait: 'Too many sign-in attempts. Please wait a while and try again.',
    networkError: 'The server could not be reached. Check your connection and try again.',
    signOutFailedTitle: 'Sign-out not confirmed',
    signOutFailed:
      'The server did not confirm the sign-out. Close the browser, or sign in and sign out again to end the session.',
    secondFactor: {
      heading: 'Two-step sign-in',
      intro: 'Enter the 6-digit code that your authenticator app shows for TMA.',
      recoveryIntro: 'Enter one of the recovery codes you saved when you set up two-step sign-in.',
      code: 'Code from the app',
      recoveryCode: 'Recovery code',
      recoveryDescription: 'Each recovery code works only once.',
      submit: 'Continue',
      useRecoveryCode: 'Use a recovery code instead',
      useCode: 'Use the code from the app instead',
      back: 'Sign in as someone else',
      invalid: 'The code is not correct. Enter the code the app shows now.',
      expiredTitle: 'Sign-in expired',
      expired: 'Too much time has passed or too many codes were wrong. Please sign in again.',
      startAgain: 'Sign in again',
    },
  },
  auth: {
    checking: 'Checking your sign-in…',
    errorTitle: 'Your sign-in could not be checked',
    retry: 'Try again',
  },
  account: {
    title: 'Account',
    intro: 'Your profile, your password, two-step sign-in and the places where you are signed in.',
    profile: {
      heading: 'Profile',
      name: 'Name',
      email: 'E-mail address',
      role: 'Role',
      specialty: 'Specialty',
      organisation: 'Organisation',
      scope: 'Cases',
      tenantWide: 'All organisational units',
    },
    twoStep: {
      heading: 'Two-step sign-in',
      intro:
        'After your password, TMA also asks for a code from an authenticator app on your phone. Someone who learns your password cannot sign in without it.',
      on: 'On',
      off: 'Off',
      loading: 'Loading…',
      errorTitle: 'The state of two-step sign-in could not be loaded',
      requiredTitle: 'Your organisation requires two-step sign-in',
      required: 'It is required for your role. Set it up now: until then, TMA shows you nothing else.',
      start: 'Set up two-step sign-in',
      step1: '1. Add TMA to your authenticator app',
      scan: 'Scan this QR code with an authenticator app (for example FreeOTP, Aegis, Google or Microsoft Authenticator).',
      qrAlt: 'QR code for your authenticator app',
      manual: 'Cannot scan? Enter this setup key in the app instead:',
      copyKey: 'Copy key',
      openApp: 'Open in authenticator app',
      copied: 'Copied',
      step2: '2. Enter the code the app shows',
      code: '6-digit code',
      confirm: 'Turn on',
      cancel: 'Cancel',
      wrongCode:
        'The code is not correct. Check that the time on your phone is right, and enter the current code.',
      codesTitle: 'Save your recovery codes now',
      codesIntro:
        'If you lose your phone, each of these codes lets you sign in once instead of a code from the app. They are shown only now: copy or download them and keep them somewhere safe.',
      copyCodes: 'Copy codes',
      downloadCodes: 'Download as text file',
      savedCodes: 'I have saved the codes',
      fileHeading: 'TMA recovery codes – each works once',
      enabledNotice: 'Two-step sign-in is on.',
      since: 'On since {{date}}.',
      codesLeft_one: '{{count}} recovery code left.',
      codesLeft_other: '{{count}} recovery codes left.',
      remove: 'Turn off two-step sign-in',
      removeTitle: 'Turn off two-step sign-in?',
      removeText:
        'Your password alone will then be enough to sign in, and your recovery codes stop working. Enter your password to confirm.',
      removeConfirm: 'Turn off',
      wrongPassword: 'The password is not correct.',
      removedNotice: 'Two-step sign-in is off.',
    },
    password: {
      heading: 'Password',
      intro: 'Change the password you sign in with. Your sessions on other devices end; this one continues.',
      start: 'Change password',
      submit: 'Change password',
      doneTitle: 'Your password is changed',
      done_zero: 'Sign in with the new password from now on. No other session was open.',
      done_one: 'Sign in with the new password from now on. {{count}} other session was signed out.',
      done_other: 'Sign in with the new password from now on. {{count}} other sessions were signed out.',
      noPasswordTitle: 'Your account has no TMA password',
      noPassword:
        'You sign in through your organisation (single sign-on) or with a passkey. Change your password there, or ask an administrator.',
    },
    sessions: {
      heading: 'Active sessions',
      intro: 'Sign out sessions you do not recognise or no longer use.',
      loading: 'Loading sessions…',
      errorTitle: 'The sessions could not be loaded',
      browserOn: '{{browser}}, {{system}}',
      unknownBrowser: 'Unknown browser',
      thisSession: 'This session',
      created: 'Signed in',
      lastActive: 'Last active',
      signOut: 'Sign out',
      signOutNamed: 'Sign out: {{name}}',
      confirmTitle: 'Sign out this session?',
      confirmText: 'Whoever uses “{{name}}” will have to sign in again.',
      confirm: 'Sign out session',
      cancel: 'Cancel',
      revoked: 'The session “{{name}}” was signed out.',
      revokeFailed: 'The session could not be signed out: {{message}}',
    },
  },
  roles: {
    admin: 'Administrator',
    threat_manager: 'Threat manager',
    expert: 'Expert',
    auditor: 'Auditor',
  },
  specialties: {
    labour_law: 'Labour law',
    compliance: 'Compliance',
    hr: 'Human resources',
    psychology: 'Psychology',
    security: 'Security',
    data_protection: 'Data protection',
    works_council: 'Works council',
  },
  error: {
    title: 'Something went wrong',
    description: 'This page could not be shown because of an error in TMA. Reloading the page often helps.',
    reload: 'Reload page',
  },
  lists: {
    loadMore: 'Load more',
    loadMoreFailed: 'The next page could not be loaded: {{message}}',
  },
  notFound: {
    title: 'Page not found',
    description: 'There is no page at this address. It may have been moved, or the link may be wrong.',
    back: 'Back to the overview',
  },
  reports: reportsEn,
  portal: portalEn,
  passkeys: passkeysEn,
  users: usersEn,
  accessReview: accessReviewEn,
  security: securityEn,
  adminTools: adminToolsEn,
  deletion: deletionEn,
  retention: retentionEn,
  certificates: certificatesEn,
  cases: casesEn,
  documents: documentsEn,
  exports: exportsEn,
  dataSubjects: dataSubjectsEn,
  templates: templatesEn,
  work: workEn,
  assessments: assessmentsEn,
  models: modelsEn,
  measures: measuresEn,
  handbook: handbookEn,
  dashboard: dashboardEn,
  statistics: statisticsEn,
  audit: auditEn,
  units: unitsEn,
  setup: setupEn,
  formEditor: formEditorEn,
  shell: shellEn,
  accessibility: accessibilityEn,
};

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

/** The shape every language's messages must have: the keys of `en`, each with a string. */
export type Messages = Catalogue<typeof en>;
