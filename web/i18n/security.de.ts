import type { Messages } from './en.ts';

// German messages of the sign-in security settings and the single sign-on button: the keys of security.en.ts.
export const securityDe: Messages['security'] = {
  nav: 'Sicherheit',
  title: 'Anmeldesicherheit',
  intro:
    'Wie sich die Personen Ihrer Organisation bei TMA anmelden: Zwei-Schritt-Anmeldung und Single Sign-on.',
  loadError: 'Die Einstellungen konnten nicht geladen werden: {{message}}',
  twoStep: {
    heading: 'Zwei-Schritt-Anmeldung',
    help: 'Personen in den angekreuzten Rollen müssen eine Authenticator-App einrichten. Bis dahin können sie nur das tun. Das gilt sofort, auch für bereits offene Sitzungen.',
    roles: 'Vorgeschrieben für',
    ownRoleWarning:
      'Ihre eigene Rolle ist dabei: Ohne Authenticator-App können Sie danach nur noch eine einrichten.',
    save: 'Zwei-Schritt-Anmeldung speichern',
    saved: 'Zwei-Schritt-Anmeldung gespeichert.',
  },
  sso: {
    heading: 'Single Sign-on (OpenID Connect)',
    help: 'Die Anmeldung erfolgt über den Identitätsanbieter Ihrer Organisation, z. B. Microsoft Entra ID, Okta oder Keycloak. Registrieren Sie TMA dort als Webanwendung mit der Weiterleitungsadresse unten.',
    callbackUrl: 'Weiterleitungsadresse für den Anbieter',
    copy: 'Kopieren',
    copied: 'Kopiert',
    enabled: 'Single Sign-on auf der Anmeldeseite anbieten',
    issuerUrl: 'Aussteller-URL (Issuer)',
    issuerUrlHelp: 'Die Adresse des Anbieters, z. B. https://login.microsoftonline.com/<tenant>/v2.0',
    clientId: 'Client-ID',
    clientSecret: 'Client-Secret',
    clientSecretStored: 'Ein Secret ist gespeichert. Leer lassen, um es zu behalten.',
    clientSecretNone: 'Kein Secret gespeichert (öffentlicher Client mit PKCE).',
    removeSecret: 'Gespeichertes Secret entfernen',
    buttonLabel: 'Text der Schaltfläche auf der Anmeldeseite',
    buttonLabelHelp: 'z. B. „Mit Contoso ID anmelden“',
    roleClaim: 'Claim mit den Rollen oder Gruppen',
    roleClaimHelp: 'Der Claim des ID-Tokens, den TMA liest, z. B. groups oder roles.',
    mapping: 'Rollenzuordnung',
    mappingHelp:
      'Die erste Zeile, deren Wert die Person hat, bestimmt die Rolle. Die Rolle wird bei jeder Anmeldung geprüft.',
    claimValue: 'Wert im Claim',
    role: 'Rolle in TMA',
    addMapping: 'Zeile hinzufügen',
    removeMapping: 'Zeile {{value}} entfernen',
    defaultRole: 'Personen, deren Claim zu keiner Zeile passt',
    refuse: 'Anmeldung ablehnen',
    defaultAs: 'Anmelden als {{role}}',
    createUsers: 'Konten bei der ersten Anmeldung anlegen',
    createUsersHelp:
      'Sonst können sich nur Personen anmelden, die schon ein TMA-Konto mit derselben E-Mail-Adresse haben.',
    allowedDomains: 'Erlaubte E-Mail-Domains',
    allowedDomainsHelp:
      'Nach jeder Domain die Eingabetaste drücken. Leer: jede Domain, die der Anbieter bestätigt.',
    mfaNote:
      'Wo die Zwei-Schritt-Anmeldung vorgeschrieben ist, akzeptiert TMA die Mehr-Faktor-Anmeldung des Anbieters nur, wenn das ID-Token das angibt (amr enthält „mfa“); sonst fragt TMA nach dem eigenen Code.',
    save: 'Single Sign-on speichern',
    saved: 'Single Sign-on gespeichert.',
  },
  login: {
    button: 'Mit Single Sign-on anmelden',
    errorTitle: 'Single Sign-on hat nicht funktioniert',
    errors: {
      state_invalid:
        'Die Anmeldung ist abgelaufen oder wurde in einem anderen Browser begonnen. Bitte versuchen Sie es erneut.',
      provider_error:
        'Der Identitätsanbieter war nicht erreichbar oder seine Antwort war ungültig. Bitte versuchen Sie es später erneut oder wenden Sie sich an Ihre Administration.',
      account_refused:
        'Ihre Organisation erlaubt diesem Konto die Anmeldung bei TMA nicht. Wenden Sie sich an Ihre Administration.',
      unavailable: 'Für diese Organisation ist Single Sign-on nicht verfügbar.',
    },
  },
  contentAccess: {
    heading: 'Administration und Inhalte von Meldungen und Fällen',
    help: 'Administration ist kein Zugang zu Inhalten: Administrierende verwalten Personen, Einheiten und Einstellungen und sehen die Metadaten von Meldungen und Fällen (Aktenzeichen, Einheiten, Status, Daten), nicht deren Inhalt. Wer zugleich im Bedrohungsmanagement arbeitet, erhält diese Rolle für die eigenen Einheiten von einer anderen Administratorin oder einem anderen Administrator. Jede Änderung hier wird im Audit-Log festgehalten.',
    adminsReadContent: 'Administrierende lesen die Inhalte aller Meldungen und Fälle',
  },
};
