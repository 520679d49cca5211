import type { Messages } from './en.ts';

// Aufbewahrungsrichtlinie, Legal Hold und Abschlussergebnis (web/retention/).
export const retentionDe: Messages['retention'] = {
  nav: 'Aufbewahrung',
  title: 'Aufbewahrungsrichtlinie',
  intro:
    'Wie lange abgeschlossene Fälle und verworfene Meldungen aufbewahrt werden. Ist die Frist abgelaufen, löscht ein täglicher Job sie endgültig (ihre Schlüssel werden vernichtet) oder behält vorher einen anonymisierten Statistikdatensatz. Fälle unter Legal Hold bleiben erhalten, bis der Hold aufgehoben ist.',
  defaults: 'Es gelten die Voreinstellungen von TMA: Noch wurde keine Richtlinie gespeichert.',
  savedAt: 'Zuletzt geändert am {{date}}.',
  lastRun:
    'Letzter Lauf am {{day}}: {{deleted}} gelöscht ({{anonymised}} anonymisiert), {{warned}} Verantwortliche gewarnt, {{held}} wegen Legal Hold behalten, {{failed}} fehlgeschlagen.',
  noRun: 'Der Aufbewahrungsjob ist noch nicht gelaufen.',
  casesHeading: 'Abgeschlossene Fälle',
  casesIntro:
    'Es entscheidet die erste Regel, die zu Ergebnis und Stufe eines Falls passt; Fälle ohne passende Regel folgen der Voreinstellung. Eine leere Auswahl passt zu allem.',
  rule: 'Regel {{number}}',
  outcomes: 'Ergebnisse',
  outcomesAny: 'Jedes Ergebnis',
  levels: 'Stufen',
  levelsAny: 'Jede Stufe',
  level: 'L{{level}}',
  months: 'Aufbewahren (Monate)',
  action: 'Danach',
  actions: {
    delete: 'Löschen',
    anonymise: 'Statistik behalten, dann löschen',
  },
  addRule: 'Regel hinzufügen',
  removeRule: 'Regel {{number}} entfernen',
  ruleNeedsMatch: 'Wählen Sie Ergebnisse oder Stufen: Alle übrigen Fälle deckt die Voreinstellung ab.',
  defaultHeading: 'Alle übrigen abgeschlossenen Fälle',
  reportsHeading: 'Verworfene Meldungen',
  reportsIntro: 'Meldungen, die ohne Fall abgeschlossen wurden.',
  warningDays: 'Fallverantwortliche warnen (Tage vorher)',
  warningDaysHelp: '0: keine Warnung. Die verantwortliche Person erfährt es in TMA und per E-Mail.',
  save: 'Richtlinie speichern',
  saved: 'Die Aufbewahrungsrichtlinie ist gespeichert.',
  preview: {
    button: 'Was würde sie tun?',
    title: 'Beim nächsten täglichen Lauf würde diese Richtlinie',
    result:
      '{{deleteCases}} abgeschlossene(n) Fall/Fälle und {{deleteReports}} verworfene Meldung(en) löschen; die Verantwortlichen von {{warnCases}} Fall/Fällen warnen, die frühestens am Ende der Warnfrist gelöscht werden; {{heldCases}} Fall/Fälle nach Ablauf ihrer Frist wegen Legal Hold behalten. Geändert wird erst, wenn Sie speichern.',
  },
  outcomeLabels: {
    resolved: 'Gelöst',
    no_threat: 'Keine Bedrohung festgestellt',
    unfounded: 'Unbegründet',
    referred: 'Weitergegeben',
    other: 'Sonstiges',
  },
  closingOutcome: 'Ergebnis',
  closingOutcomeHelp:
    'Warum der Fall abgeschlossen wird: Danach richtet sich, wie lange die Aufbewahrungsrichtlinie ihn aufbewahrt.',
  hold: {
    set: 'Legal Hold…',
    lift: 'Legal Hold aufheben',
    setTitle: '{{reference}} unter Legal Hold stellen',
    setIntro:
      'Solange der Hold besteht, wird der Fall nicht gelöscht: weder durch die Aufbewahrungsrichtlinie noch durch eine Administratorin. Der Grund wird mit dem Fall verschlüsselt.',
    reason: 'Grund',
    reasonHelp: 'Zum Beispiel das Gericht, die Behörde oder das Verfahren, das die Aufbewahrung verlangt.',
    submit: 'Unter Hold stellen',
    liftTitle: 'Legal Hold für {{reference}} aufheben?',
    liftIntro: 'Ab jetzt gilt für den Fall wieder die Aufbewahrungsrichtlinie.',
    liftSubmit: 'Hold aufheben',
    badge: 'Legal Hold',
    heading: 'Unter Legal Hold',
    since: 'Seit {{date}}, gesetzt von {{name}}.',
    reasonWithheld: 'Der Grund gehört zum Inhalt des Falls.',
  },
  bell: {
    due: 'Fall {{reference}} wird bald nach der Aufbewahrungsrichtlinie gelöscht',
  },
};
