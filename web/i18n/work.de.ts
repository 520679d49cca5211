import type { Messages } from './en.ts';

/** Die Startseite: die Arbeit der angemeldeten Person. */
export const workDe: Messages['work'] = {
  title: 'Meine Arbeit',
  intro:
    'Hallo {{name}}. Was Sie jetzt braucht: Meldungen, die auf das Team warten, Ihre Fälle und Ihre Aufgaben.',
  introExpert: 'Hallo {{name}}. Die Fälle, zu denen Sie eingeladen wurden, und Ihre Aufgaben.',
  welcome:
    'TMA ist das Bedrohungsmanagement-System Ihrer Organisation. Melden Sie sich an, um mit Meldungen und Fällen zu arbeiten. Um etwas zu melden, nutzen Sie das Meldeportal, das Ihre Organisation Ihnen genannt hat.',
  signIn: 'Anmelden',
  nothingHere: 'Für Ihre Rolle gibt es auf dieser Seite nichts. Ihre Arbeit finden Sie über die Navigation.',
  loading: 'Ihre Arbeit wird geladen …',
  reportsError: 'Ihre Meldungen konnten nicht geladen werden',
  casesError: 'Ihre Fälle konnten nicht geladen werden',
  tasksError: 'Ihre Aufgaben konnten nicht geladen werden',
  danger: 'Gefahr gemeldet',
  dangerNone: 'Keine neue Meldung weist auf eine akute Gefahr hin.',
  acknowledge: 'Eingangsbestätigungen fällig',
  acknowledgeNone: 'Keine Eingangsbestätigung wird bald fällig.',
  feedback: 'Rückmeldungen fällig',
  feedbackNone: 'Keine Rückmeldung an Hinweisgebende wird bald fällig.',
  unanswered: 'Hinweisgebende warten auf Antwort',
  unansweredNone: 'Niemand wartet auf eine Antwort.',
  receivedOn: 'eingegangen am {{day}}',
  dueOn: 'fällig am {{day}}',
  overdueSince: 'überfällig seit {{day}}',
  myCases: 'Meine offenen Fälle',
  myCasesNone:
    'Sie verantworten keinen offenen Fall und sind in keinem Fallteam. Fälle entstehen aus Meldungen im Posteingang.',
  invitedCases: 'Fälle, zu denen ich eingeladen wurde',
  invitedNone:
    'Sie sind noch in keinem Fallteam. Die Fallverantwortlichen laden Sie ein, wenn Ihre Expertise gebraucht wird.',
  allCases: 'Alle Fälle',
  myTasks: 'Meine Aufgaben',
  myTasksNone: 'Ihnen ist keine offene Aufgabe zugewiesen.',
  taskUnreadable: '(Titel konnte nicht geprüft werden)',
  myMeasures: 'Meine Maßnahmen',
  myMeasuresNone: 'Sie führen keine offene Maßnahme aus und wirken an keiner mit.',
  measuresError: 'Ihre Maßnahmen konnten nicht geladen werden',
  measureOwner: 'Sie führen sie aus',
  measureExpert: 'Sie wirken mit',
};
