import type { Messages } from './en.ts';

/** Anfragen betroffener Personen (DSGVO-Auskunft und Einschränkung der Verarbeitung). */
export const dataSubjectsDe: Messages['dataSubjects'] = {
  nav: 'Betroffenenanfragen',
  title: 'Anfragen betroffener Personen',
  intro:
    'Fragt jemand, was TMA über sie oder ihn speichert: in allen Fällen und Meldungen finden, bestätigen, welche Treffer diese Person sind, und die Daten zur Prüfung vor der Herausgabe exportieren.',
  privacy:
    'Jede Suche und jeder Export wird im Audit-Log festgehalten, ohne den gesuchten Namen. Der Name wird verschlüsselt mit der Anfrage gespeichert.',
  form: {
    heading: 'Neue Anfrage',
    name: 'Name der Person',
    nameHelp: 'Jedes Wort muss passen: „Anna Müller“ findet auch „MUELLER, Anna“.',
    email: 'E-Mail-Adresse (optional)',
    emailHelp: 'Findet auch Meldungen, deren meldende Person diese Adresse angegeben hat.',
    receivedOn: 'Anfrage eingegangen am',
    receivedOnHelp: 'Die Antwort ist einen Monat später fällig (Art. 12 Abs. 3 DSGVO).',
    note: 'Notiz (optional, verschlüsselt gespeichert)',
    submit: 'Suchen',
  },
  list: {
    heading: 'Anfragen',
    empty: 'Noch keine Anfragen.',
    name: 'Person',
    received: 'Eingegangen',
    due: 'Fällig',
    status: 'Status',
    confirmed: 'Bestätigt',
    open: 'Öffnen',
    openLabel: 'Anfrage für {{name}} öffnen',
    overdue: 'Überfällig',
    unreadable: 'Nicht lesbar',
  },
  status: {
    received: 'Eingegangen',
    exported: 'Exportiert',
    released: 'Herausgegeben',
  },
  detail: {
    heading: 'Anfrage für {{name}}',
    dueOn: 'Fällig am {{day}}',
    close: 'Schließen',
    matchesHeading: 'Wo die Person vorkommt',
    matchesHelp:
      'Haken Sie die Treffer an, die diese Person sind. Nur bestätigte Treffer werden exportiert. Andere Personen gleichen Namens bleiben außen vor.',
    noMatches: 'Niemand mit diesem Namen gefunden.',
    where: 'Wo',
    role: 'Rolle',
    name: 'Name wie erfasst',
    restriction: 'Verarbeitung',
    isSubject: 'Das ist die Person: {{where}}',
    caseRef: 'Fall {{reference}}',
    reportRef: 'Meldung {{reference}}',
    reportOfCase: 'Meldung {{report}} (Fall {{case}})',
    confirm: 'Auswahl bestätigen',
    confirmed: 'Auswahl gespeichert: {{count}} bestätigt.',
    restricted: 'Eingeschränkt',
    notRestricted: 'Nicht eingeschränkt',
    restrict: 'Einschränken',
    restrictLabel: 'Verarbeitung von {{who}} einschränken',
    lift: 'Aufheben',
    liftLabel: 'Einschränkung von {{who}} aufheben',
  },
  roles: {
    person_of_concern: 'Gefährdende Person',
    affected_person: 'Betroffene Person',
    witness: 'Zeugin/Zeuge',
    reporter: 'Meldende Person',
    other: 'Andere',
  },
  export: {
    heading: 'Export',
    help: 'Ein ZIP-Archiv mit einem Manifest, einer Datei je Fall und Meldung und den Dokumenten, die die Person nennen. Andere Personen (Meldende, Zeugen, Betroffene) erscheinen mit ihrer Rolle, z. B. „[Witness A]“.',
    reviewTitle: 'Vor der Herausgabe prüfen',
    review:
      'Dokumente sind so enthalten, wie sie gespeichert sind, nicht geschwärzt, und Freitext kann jemanden erkennbar machen, ohne ihn zu nennen. Lesen Sie alles, bevor Sie es herausgeben.',
    includeNames: 'Namen anderer Personen aufnehmen',
    includeNamesHelp:
      'Nur die oder der Datenschutzbeauftragte, mit Begründung. Wird im Audit-Log festgehalten.',
    reason: 'Begründung',
    reasons: {
      consent_given: 'Die anderen Personen haben eingewilligt',
      already_known_to_subject: 'Der Person bereits bekannt',
      legal_obligation: 'Rechtliche Verpflichtung',
      other: 'Anderer Grund',
    },
    download: 'ZIP herunterladen',
    downloaded: 'Gespeichert als „{{fileName}}“. Sehen Sie in den Downloads Ihres Browsers nach.',
    release: 'Als herausgegeben markieren',
    releaseHelp: 'Wenn Sie den Export geprüft und übergeben haben.',
  },
  restrictDialog: {
    title: 'Verarbeitung von {{who}} einschränken',
    intro:
      'Der Eintrag bleibt erhalten und lesbar, aber niemand kann ihn ändern, entfernen oder verknüpfen, bis Sie die Einschränkung aufheben (Art. 18 DSGVO). Das Fallteam sieht ein Kennzeichen an der Person.',
    reason: 'Grund (verschlüsselt gespeichert)',
    submit: 'Verarbeitung einschränken',
    cancel: 'Abbrechen',
  },
  badge: 'Verarbeitung eingeschränkt',
  badgeHelp:
    'Datenschutz: Dieser Eintrag bleibt erhalten und lesbar, kann aber nicht geändert werden, bis die Einschränkung aufgehoben ist.',
  errors: {
    data_subjects_not_allowed:
      'Nur Admins und die oder der Datenschutzbeauftragte bearbeiten Betroffenenanfragen.',
    data_subject_names_not_allowed:
      'Nur die oder der Datenschutzbeauftragte exportiert Namen anderer Personen.',
    nothing_confirmed: 'Bestätigen Sie zuerst, welche Treffer die Person sind.',
  },
};
