import type { Messages } from './en.ts';

// Deutsche Texte der Seiten für Administratoren: Meldeportal und API-Tokens; dieselben Schlüssel wie
// admin-tools.en.ts.
export const adminToolsDe: Messages['adminTools'] = {
  nav: {
    portal: 'Meldeportal',
    apiTokens: 'API-Tokens',
    categories: 'Fallkategorien',
    status: 'Serverstatus',
  },
  access: {
    title: 'Für Administratoren',
    text: 'Nur Administratoren Ihrer Organisation können diese Seite öffnen.',
  },
  loadError: 'Das konnte nicht geladen werden: {{message}}',
  portal: {
    title: 'Meldeportal',
    intro: 'Was Meldende im Portal Ihrer Organisation sehen, und die Fristen, an die sich Ihr Team hält.',
    links: {
      heading: 'Links zum Portal',
      intro:
        'Teilen Sie den allgemeinen Link oder den Link einer Einheit, der Meldungen dieser Einheit zuordnet.',
      preview: 'Portal ansehen',
      general: 'Alle Einheiten',
      copy: 'Link kopieren',
      copied: 'Kopiert',
      noUnits: 'Noch keine Einheiten: Meldungen gehen an die Einheiten, die ein Administrator anlegt.',
    },
    settings: {
      heading: 'Notfallhinweis und Fristen',
      noticeDe: 'Notfallhinweis (Deutsch)',
      noticeEn: 'Notfallhinweis (Englisch)',
      noticeHelp:
        'Steht oben auf jeder Seite des Portals, z. B. die Nummer für den Notfall. Beide Felder leer lassen für keinen Hinweis.',
      noticeBoth: 'Schreiben Sie den Hinweis in beiden Sprachen, oder lassen Sie beide Felder leer.',
      acknowledgeDays: 'Eingang bestätigen innerhalb von (Tagen)',
      feedbackMonths: 'Rückmeldung an Meldende innerhalb von (Monaten)',
      save: 'Einstellungen speichern',
      saved: 'Die Einstellungen sind gespeichert.',
    },
    form: {
      heading: 'Meldeformular',
      current: 'Das Portal zeigt {{formId}}, Version {{version}}.',
    },
  },
  categories: {
    title: 'Fallkategorien',
    intro:
      'Worum es in einem Fall geht. TMA bringt die üblichen Kategorien in beiden Sprachen mit; ergänzen Sie die eigenen Ihrer Organisation und schalten Sie nicht genutzte ab. Eine abgeschaltete Kategorie wird nicht mehr angeboten; Fälle, die sie haben, behalten sie.',
    nameEn: 'Name auf Englisch',
    nameDe: 'Name auf Deutsch',
    nameRequired: 'Benennen Sie die Kategorie in beiden Sprachen.',
    key: 'Schlüssel',
    keyHelp:
      'So wird die Kategorie gespeichert und gefiltert: Kleinbuchstaben, Ziffern und _. Er lässt sich später nicht ändern.',
    keyInvalid: 'Mit einem Buchstaben beginnen; nur a–z, 0–9 und _ (höchstens 40).',
    add: { heading: 'Neue Kategorie', submit: 'Kategorie hinzufügen' },
    list: {
      heading: 'Kategorien',
      name: 'Name',
      kind: 'Art',
      builtIn: 'Mitgeliefert',
      own: 'Eigene',
      used: 'Verwendet',
      usedLabel: '„{{name}}“ für Fälle anbieten',
      on: 'Angeboten',
      off: 'Abgeschaltet',
    },
    rename: {
      button: 'Umbenennen',
      label: '„{{name}}“ umbenennen',
      title: 'Kategorie umbenennen',
      save: 'Namen speichern',
      cancel: 'Abbrechen',
    },
  },
  apiTokens: {
    title: 'API-Tokens',
    intro:
      'Anbindungen, etwa eine Hotline, die Meldungen erfasst, verwenden ein API-Token statt der Anmeldung einer Person. Ein Token handelt für den Administrator, der es angelegt hat, und wirkt nicht mehr, wenn dieser ausscheidet.',
    create: {
      heading: 'Neues Token',
      name: 'Name',
      nameHelp: 'Wofür das Token ist, z. B. „Hotline-Dienstleister“.',
      scopes: 'Darf',
      scopesRequired: 'Wählen Sie mindestens eines.',
      expiry: 'Läuft ab nach',
      days: '{{count}} Tagen',
      year: '1 Jahr',
      submit: 'Token anlegen',
    },
    scope: {
      reports_read: 'Meldungen und Eingang lesen (reports:read)',
      reports_write: 'Anderswo eingegangene Meldungen erfassen (reports:write)',
      units_read: 'Organisationseinheiten auflisten (units:read)',
    },
    created: {
      title: 'Kopieren Sie das Token jetzt',
      text: 'Es wird nur dieses eine Mal angezeigt. Legen Sie es im Geheimnisspeicher der Anbindung ab; geht es verloren, legen Sie ein neues an.',
      copy: 'Token kopieren',
      copied: 'Kopiert',
      done: 'Ich habe es abgelegt',
    },
    list: {
      heading: 'Tokens',
      empty: 'Noch keine API-Tokens.',
      name: 'Name',
      prefix: 'Token',
      scopes: 'Berechtigungen',
      createdBy: 'Angelegt von',
      createdAt: 'Angelegt',
      expiresAt: 'Läuft ab',
      lastUsedAt: 'Zuletzt verwendet',
      never: 'nie',
      status: 'Status',
      active: 'Aktiv',
      expired: 'Abgelaufen',
      revoked: 'Widerrufen',
      revoke: 'Widerrufen',
      revokeLabel: '{{name}} widerrufen',
    },
    revoke: {
      title: '„{{name}}“ widerrufen?',
      text: 'Die Anbindung, die es verwendet, funktioniert sofort nicht mehr. Das lässt sich nicht rückgängig machen.',
      confirm: 'Token widerrufen',
      cancel: 'Abbrechen',
    },
  },
};
