import type { Messages } from './en.ts';

/** Ersteinrichtung (/setup) und ihr Hinweis auf der Anmeldeseite. */
export const setupDe: Messages['setup'] = {
  title: 'TMA einrichten',
  checking: 'Es wird geprüft, ob TMA eingerichtet ist …',
  intro:
    'TMA hat noch keine Organisation. Legen Sie die Organisation an, die TMA nutzen wird, und ihre erste Administratorin oder ihren ersten Administrator: Damit melden Sie sich anschließend an und richten Einheiten, Kolleginnen und Kollegen und das Meldeportal ein.',
  organisationHeading: 'Organisation',
  organisationName: 'Name der Organisation',
  organisationNameHint: 'So, wie Ihre Kolleginnen und Kollegen sie kennen, z. B. „ACME GmbH“.',
  slug: 'Kurzname',
  slugHint:
    'Wird bei der Anmeldung eingegeben und ist Teil der Adresse des Meldeportals: Kleinbuchstaben, Ziffern und Bindestriche, bis zu 40 Zeichen.',
  slugInvalid:
    'Verwenden Sie nur Kleinbuchstaben, Ziffern und Bindestriche (nicht am Anfang oder Ende), bis zu 40 Zeichen.',
  adminHeading: 'Erste Administration',
  adminName: 'Ihr Name',
  email: 'E-Mail-Adresse',
  emailInvalid: 'Geben Sie eine E-Mail-Adresse wie ada@example.com ein.',
  password: 'Passwort',
  passwordRules:
    'Mindestens 12 Zeichen und nicht leicht zu erraten: Einige Wörter ohne Zusammenhang eignen sich gut.',
  repeatPassword: 'Passwort wiederholen',
  mismatch: 'Die beiden Passwörter stimmen nicht überein.',
  required: 'Füllen Sie dieses Feld aus.',
  showPassword: 'Passwort anzeigen',
  submit: 'Organisation und Administration anlegen',
  weakTitle: 'Wählen Sie ein anderes Passwort',
  doneTitle: 'TMA ist eingerichtet',
  done: '{{organisation}} ist bereit. Melden Sie sich mit der Organisation „{{slug}}“, Ihrer E-Mail-Adresse {{email}} und Ihrem Passwort an.',
  signIn: 'Anmelden',
  setUpAlreadyTitle: 'TMA ist bereits eingerichtet',
  setUpAlready:
    'Dieses TMA hat bereits eine Organisation. Melden Sie sich an, oder bitten Sie eine Administratorin oder einen Administrator um ein Konto.',
  commandLineTitle: 'TMA auf der Kommandozeile einrichten',
  notLocal:
    'Im Browser lässt sich TMA nur auf dem Rechner einrichten, auf dem es läuft, unter http://localhost. Öffnen Sie es dort, oder legen Sie die Organisation und ihre erste Administration mit dem Befehl tma an:',
  externalDatabase:
    'Dieses TMA läuft mit PostgreSQL: Legen Sie die Organisation und ihre erste Administration mit dem Befehl tma an, dort, wo TMA installiert ist, und mit denselben Einstellungen (DATABASE_URL):',
  stopFirst:
    'Mit der eingebetteten Datenbank beenden Sie TMA zuerst (Strg+C): Nur ein Programm zugleich darf den Datenordner verwenden. Starten Sie es danach wieder.',
  passwordAsked:
    '„user create“ fragt nach dem Passwort (mindestens 12 Zeichen, nicht leicht zu erraten). Melden Sie sich danach mit der Organisation „acme“ an.',
  commandsLabel: 'Auszuführende Befehle',
  loadError: 'Es konnte nicht geprüft werden, ob TMA eingerichtet ist.',
  notice: {
    openTitle: 'TMA hat noch keine Organisation',
    open: 'Bevor sich jemand anmelden kann, legen Sie die erste Organisation und ihre Administration an.',
    openAction: 'TMA einrichten',
    closedTitle: 'TMA hat noch keine Organisation',
    closed: 'Die erste Organisation und ihre Administration werden mit dem Befehl tma angelegt.',
    closedAction: 'Anzeigen, was auszuführen ist',
  },
};
