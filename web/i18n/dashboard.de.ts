import type { Messages } from './en.ts';

// Das Dashboard des Bedrohungsmanagements (web/dashboard): genau die Schlüssel von dashboard.en.ts.
export const dashboardDe: Messages['dashboard'] = {
  nav: 'Dashboard',
  title: 'Dashboard',
  intro:
    'Ihre Arbeit auf einen Blick: die Fälle und Meldungen, an denen Sie arbeiten, was fällig ist und was in Ihren Fällen geschehen ist. Alles hier führt dorthin, wo Sie es erledigen.',
  loading: 'Das Dashboard wird geladen …',
  loadError: 'Das Dashboard konnte nicht geladen werden',
  asOf: 'Stand {{time}}',
  figuresLabel: 'Kennzahlen',
  access: {
    title: 'Das Dashboard ist für das Bedrohungsmanagement',
    text: 'Es zeigt die Arbeit derer, die Fälle führen: offene Fälle, zu sichtende Meldungen, Fälliges. Ihre Rolle arbeitet nicht so an Fällen.',
  },
  openCases: {
    title: 'Offene Fälle',
    link: 'Alle offenen Fälle',
    level_one: '{{level}}: {{count}} offener Fall',
    level_other: '{{level}}: {{count}} offene Fälle',
  },
  triage: {
    title: 'Meldungen zur Sichtung',
    link: 'Zum Eingang',
    danger_one: '{{count}} mit Hinweis auf akute Gefahr',
    danger_other: '{{count}} mit Hinweis auf akute Gefahr',
    oldest: 'Älteste eingegangen am {{date}}',
    none: 'Nichts wartet.',
  },
  assessments: {
    title: 'Einschätzungen',
    drafts: 'Entwürfe',
    awaitingSignOff: 'Warten auf Freigabe',
    reviewsDue: 'Fällige Überprüfungen',
    overdue: '{{count}} überfällig',
    link: 'Zu den fälligen Überprüfungen',
  },
  measures: {
    title: 'Überfällige Maßnahmen',
    empty: 'Keine Maßnahme ist überfällig.',
    more: 'und {{count}} weitere',
  },
  tasks: {
    title: 'Überfällige Aufgaben',
    empty: 'Keine Aufgabe ist überfällig.',
    more: 'und {{count}} weitere',
  },
  lists: {
    case: 'Fall',
    what: 'Was',
    due: 'Fällig',
    who: 'Wer',
    status: 'Stand',
    since: 'Seit',
    unassigned: 'Niemandem zugewiesen',
    task: 'Aufgabe',
    openCase: 'Fall {{reference}} öffnen',
    dueSince: 'fällig am {{date}}',
  },
  pending: {
    title: 'Wartende Einschätzungen',
    empty:
      'Keine Einschätzung wartet auf eine Entscheidung oder Freigabe, und keine erneute Einschätzung ist fällig.',
    draft: 'Entwurf',
    awaiting_sign_off: 'Wartet auf Freigabe',
    review: 'Überprüfung fällig',
    reviewOverdue: 'Überprüfung überfällig',
  },
  activity: {
    title: 'Neues in meinen Fällen',
    intro:
      'Die jüngsten Einträge in den Fallakten der Fälle, die Sie verantworten oder in deren Team Sie sind.',
    empty: 'In Ihren Fällen ist noch nichts geschehen.',
    when: 'Wann',
    kind: 'Eintrag',
    system: 'TMA',
    you: 'Sie',
  },
  charts: {
    title: 'Im Zeitverlauf',
    tableCaption: 'Die Zahlen des Diagramms „{{title}}“',
    month: 'Monat',
    casesByLevel: {
      title: 'Offene Fälle nach Stufe',
      description:
        'Offene Fälle am Ende jedes Monats (diesen Monat: heute), mit der Stufe ihrer damals letzten Einschätzung.',
      summary_one: 'Jetzt {{count}} offener Fall: {{levels}}.',
      summary_other: 'Jetzt {{count}} offene Fälle: {{levels}}.',
    },
    timeToTriage: {
      title: 'Zeit bis zur Sichtung',
      description:
        'Median der Tage vom Eingang einer Meldung, bis aus ihr ein Fall eröffnet oder sie einem Fall zugeordnet wurde, nach Eingangsmonat. Ohne Fall geschlossene Meldungen zählen nicht.',
      median: 'Median in Tagen',
      triaged: 'Gesichtete Meldungen',
      none: 'keine Meldung gesichtet',
      summary_one:
        'Letzter Monat mit gesichteten Meldungen: {{month}}, Median {{days}} Tage bei {{count}} Meldung.',
      summary_other:
        'Letzter Monat mit gesichteten Meldungen: {{month}}, Median {{days}} Tage bei {{count}} Meldungen.',
      summaryNone: 'In den letzten zwölf Monaten ist aus keiner Meldung ein Fall geworden.',
    },
    measureOutcomes: {
      title: 'Maßnahmen nach Ergebnis',
      description:
        'In den letzten zwölf Monaten abgeschlossene Maßnahmen: erledigt, nach bewerteter Wirksamkeit, oder abgebrochen.',
      outcome: 'Ergebnis',
      count: 'Maßnahmen',
      summary_one: '{{count}} Maßnahme in den letzten zwölf Monaten abgeschlossen.',
      summary_other: '{{count}} Maßnahmen in den letzten zwölf Monaten abgeschlossen.',
      outcomes: {
        effective: 'Wirksam',
        partly_effective: 'Teilweise wirksam',
        not_effective: 'Nicht wirksam',
        too_early: 'Noch nicht beurteilbar',
        cancelled: 'Abgebrochen',
      },
    },
  },
};
