import type { Messages } from './en.ts';

// German messages of the admin users page, invitations and password resets: exactly the keys of users.en.ts.
export const usersDe: Messages['users'] = {
  nav: 'Benutzer',
  page: {
    title: 'Benutzer',
    intro:
      'Alle, die in Ihrer Organisation mit TMA arbeiten: Personen einladen, Rollen ändern, Zugänge beenden.',
    invite: 'Benutzer einladen',
    loading: 'Benutzer werden geladen …',
    errorTitle: 'Die Benutzer konnten nicht geladen werden',
    count_one: '{{count}} Benutzer',
    count_other: '{{count}} Benutzer',
    countSoFar_one: '{{count}} Benutzer angezeigt, weitere folgen',
    countSoFar_other: '{{count}} Benutzer angezeigt, weitere folgen',
    adminsOnly: 'Nur Administratorinnen und Administratoren verwalten die Benutzer der Organisation.',
  },
  table: {
    caption: 'Benutzer von {{organisation}}',
    name: 'Name',
    role: 'Rolle',
    units: 'Einheiten',
    status: 'Status',
    actions: 'Aktionen',
    allUnits: 'Alle Einheiten',
    noUnits: 'Keine',
    you: 'Sie',
  },
  status: {
    active: 'Aktiv',
    deactivated: 'Deaktiviert',
    invited: 'Eingeladen',
  },
  actions: {
    menu: 'Aktionen für {{name}}',
    changeRole: 'Rolle ändern',
    resend: 'Einladung erneut senden',
    revokeSessions: 'Überall abmelden',
    deactivate: 'Deaktivieren',
  },
  form: {
    email: 'E-Mail-Adresse',
    name: 'Name',
    nameDescription:
      'Wie Kolleginnen und Kollegen die Person kennen. Leer gelassen: der Teil der Adresse vor dem @.',
    role: 'Rolle',
    specialty: 'Fachgebiet',
    specialtyPlaceholder: 'Fachgebiet wählen',
    tenantWide: 'Sieht alle Einheiten',
    tenantWideDescription:
      'Ein organisationsweites Bedrohungsmanagement sieht die Meldungen und Fälle aller Einheiten.',
    units: 'Einheiten',
    unitsDescription: 'Die Einheiten, an deren Meldungen und Fällen diese Person arbeitet.',
    unitsPlaceholder: 'Einheiten wählen',
    required: 'Bitte ausfüllen.',
    invalidEmail: 'Das ist keine E-Mail-Adresse.',
    cancel: 'Abbrechen',
  },
  invite: {
    title: 'Benutzer einladen',
    intro:
      'TMA schickt der Person eine E-Mail mit einem Link, 7 Tage gültig, zum Festlegen ihres Passworts. Ist kein E-Mail-Versand eingerichtet, erhalten Sie den Link und geben ihn selbst weiter.',
    submit: 'Einladung senden',
    sent: 'Einladung an {{email}} gesendet.',
    linkTitle: 'Einladungslink weitergeben',
    linkAlertTitle: 'E-Mail-Versand ist nicht eingerichtet',
    linkText:
      'TMA verschickt keine E-Mails: Kopieren Sie diesen Link und geben Sie ihn {{name}} selbst. Er funktioniert einmal, 7 Tage lang (bis {{until}}). Wer ihn hat, kann das Passwort dieses Kontos festlegen: Geben Sie ihn nur {{name}} und auf sicherem Weg weiter.',
    linkLabel: 'Einladungslink für {{email}}',
    copy: 'Link kopieren',
    copied: 'Link kopiert',
    close: 'Fertig',
    closeLabel: 'Schließen',
    linkCreated:
      'Einladung für {{email}} erstellt. E-Mail-Versand ist nicht eingerichtet: Geben Sie den Link selbst weiter.',
  },
  contentRoles: {
    label: 'Zugleich Bedrohungsmanagement der eigenen Einheiten (liest dort Meldungen und Fälle)',
    help: 'Mit der Administration allein sieht {{name}} nur die Metadaten von Meldungen und Fällen. Schalten Sie dies ein, wenn {{name}} auch im Bedrohungsmanagement-Team arbeitet. Wird sofort gespeichert und im Audit-Log festgehalten.',
    saved: 'Gespeichert.',
  },
  editRole: {
    title: 'Rolle von {{name}} ändern',
    submit: 'Rolle speichern',
    saved: '{{name}} ist jetzt: {{role}}.',
  },
  deactivate: {
    title: '{{name}} deaktivieren?',
    text: '{{name}} kann sich nicht mehr anmelden, und alle Sitzungen dieses Kontos enden jetzt. Das Konto und sein Verlauf bleiben erhalten.',
    confirm: 'Deaktivieren',
    done: '{{name}} ist deaktiviert.',
  },
  revoke: {
    title: '{{name}} überall abmelden?',
    text: 'Alle Sitzungen von {{name}} enden jetzt, auf allen Geräten. Eine neue Anmeldung ist möglich.',
    confirm: 'Überall abmelden',
    done_one: '{{count}} Sitzung von {{name}} beendet.',
    done_other: '{{count}} Sitzungen von {{name}} beendet.',
  },
  failed: 'Das hat nicht geklappt: {{message}}',
  links: {
    checking: 'Der Link wird geprüft …',
    missingToken:
      'Dieser Adresse fehlt der Code des Links. Öffnen Sie den Link aus Ihrer E-Mail noch einmal vollständig.',
    invalidTitle: 'Dieser Link kann nicht verwendet werden',
    link_invalid:
      'Dieser Link ist nicht gültig. Vielleicht wurde ein neuerer verschickt: Nehmen Sie die neueste E-Mail oder fordern Sie einen neuen Link an.',
    link_used: 'Dieser Link wurde bereits verwendet. Jeder Link funktioniert nur einmal.',
    link_expired: 'Dieser Link ist abgelaufen. Fordern Sie einen neuen an.',
    toLogin: 'Zur Anmeldung',
    newPassword: 'Neues Passwort',
    repeatPassword: 'Passwort wiederholen',
    passwordRules:
      'Mindestens 12 Zeichen und schwer zu erraten: mehrere unzusammenhängende Wörter, Ziffern oder Zeichen. Nicht Ihr Name oder Ihre E-Mail-Adresse.',
    mismatch: 'Die beiden Passwörter sind nicht gleich.',
    currentPassword: 'Aktuelles Passwort',
    wrongCurrent: 'Das aktuelle Passwort ist nicht richtig.',
    unchanged: 'Das neue Passwort muss sich vom aktuellen unterscheiden.',
    throttled: 'Zu viele falsche Passwörter. Bitte versuchen Sie es in {{wait}} erneut.',
    throttledNoWait:
      'Zu viele falsche Passwörter. Bitte warten Sie eine Weile und versuchen Sie es dann erneut.',
    weakTitle: 'Wählen Sie ein stärkeres Passwort',
    showPassword: 'Passwort anzeigen',
    organisation: 'Organisation',
    account: 'Konto',
  },
  invitation: {
    title: 'Einladung annehmen',
    intro: 'Legen Sie ein Passwort fest, um TMA zu nutzen.',
    submit: 'Passwort festlegen und anmelden',
  },
  forgot: {
    title: 'Passwort vergessen?',
    intro:
      'Nennen Sie Ihre Organisation und Ihre E-Mail-Adresse. Gibt es dazu ein Konto, schicken wir ihm einen Link zum Festlegen eines neuen Passworts.',
    submit: 'Link senden',
    sentTitle: 'Sehen Sie in Ihr Postfach',
    sent: 'Wenn es in dieser Organisation ein aktives Konto mit dieser Adresse gibt, erhält es in wenigen Minuten eine E-Mail mit einem Link. Der Link funktioniert einmal, eine Stunde lang.',
    back: 'Zurück zur Anmeldung',
    loginLink: 'Passwort vergessen?',
  },
  reset: {
    title: 'Neues Passwort festlegen',
    intro: 'Wählen Sie ein neues Passwort. Alle Sitzungen Ihres Kontos enden, auf allen Geräten.',
    submit: 'Neues Passwort festlegen',
    doneTitle: 'Ihr Passwort ist festgelegt',
    done: 'Alle Ihre Sitzungen wurden beendet. Melden Sie sich mit dem neuen Passwort an; nutzen Sie die Anmeldung in zwei Schritten, brauchen Sie weiterhin Ihren Code.',
  },
};
