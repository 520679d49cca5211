import type { Messages } from './en.ts';

// Die Statistik für die Leitung (web/statistics): genau die Schlüssel von statistics.en.ts.
export const statisticsDe: Messages['statistics'] = {
  nav: 'Statistik',
  title: 'Statistik',
  intro:
    'Anonymisierte Zahlen der gesamten Organisation je Quartal, für Leitung und Revision. Keine Zahl zwischen 1 und 4 wird gezeigt, damit niemand erkennbar wird.',
  quarter: 'Quartal',
  access: {
    title: 'Die Statistik ist für Ihre Rolle nicht freigegeben',
    text: 'Sie ist für die Revision, die Administration und das organisationsweite Bedrohungsmanagement.',
  },
  quarterOption: '{{quarter}} ({{from}} bis {{to}})',
  running: '{{quarter}} (läuft)',
  loading: 'Die Statistik wird geladen …',
  loadError: 'Die Statistik konnte nicht geladen werden',
  downloads: 'Herunterladen',
  downloadCsv: 'CSV',
  downloadPdf: 'PDF',
  downloadCsvLabel: 'Die Statistik für {{quarter}} als CSV herunterladen',
  downloadPdfLabel: 'Die Statistik für {{quarter}} als PDF herunterladen',
  downloadNote: 'Jedes Herunterladen wird im Audit-Log festgehalten.',
  provisional: 'Das Quartal läuft noch: Die Zahlen sind vorläufig und ändern sich.',
  legendTitle: 'So lesen Sie die Zahlen',
  legend: {
    small: '< 5: weniger als fünf (0 bis 4), nicht gezeigt.',
    withheld: 'x: zurückgehalten, damit sich eine kleine Zahl nicht aus der Summe errechnen lässt.',
    zero: '0: keine.',
  },
  columns: { item: 'Merkmal', count: 'Anzahl' },
  total: 'Summe',
  sections: {
    reports: 'Meldungen',
    reportsNote: 'Alle im Quartal eingegangenen Meldungen, auch inzwischen gelöschte.',
    byChannel: 'Nach Eingangsweg',
    byAnonymity: 'Anonym oder mit Namen',
    cases: 'Fälle',
    casesNote:
      'Im Quartal eröffnete Fälle, die noch vorhanden sind; die Stufe ist die der ersten abschließenden Einschätzung jedes Falls.',
    byCategory: 'Nach Kategorie',
    byLevel: 'Nach Stufe der ersten Einschätzung',
    firstAssessment: 'Zeit bis zur ersten Einschätzung',
    firstAssessmentValue:
      'Median {{days}} Tage von der Eröffnung eines Falls bis zu seiner ersten abschließenden Einschätzung.',
    firstAssessmentWithheld:
      'Zurückgehalten: Weniger als fünf der im Quartal eröffneten Fälle sind eingeschätzt.',
    measures: 'Maßnahmen',
    measuresNote:
      'Im Quartal geplante Maßnahmen nach Art; im Quartal abgeschlossene Maßnahmen nach bewerteter Wirksamkeit, oder abgebrochen.',
    byType: 'Geplant, nach Art',
    byOutcome: 'Abgeschlossen, nach Ergebnis',
  },
  chart: {
    note: 'Das Diagramm zeigt die ausgewiesenen Zahlen; „< 5“ und „x“ fehlen darin. Die Tabelle daneben enthält alle Angaben.',
    count: 'Anzahl',
  },
};
