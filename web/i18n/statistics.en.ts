// English messages of the management statistics page (web/statistics); statistics.de.ts must have exactly
// these keys (en.ts and de.ts include both as `statistics`).
export const statisticsEn = {
  nav: 'Statistics',
  title: 'Statistics',
  intro:
    'Anonymised figures of the whole organisation per quarter, for management and audit. No count between 1 and 4 is shown, so that no person can be singled out.',
  quarter: 'Quarter',
  access: {
    title: 'The statistics are not open to your role',
    text: 'Auditors, admins and threat managers who work for the whole organisation read them.',
  },
  quarterOption: '{{quarter}} ({{from}} to {{to}})',
  running: '{{quarter}} (running)',
  loading: 'Loading the statistics…',
  loadError: 'The statistics could not be loaded',
  downloads: 'Download',
  downloadCsv: 'CSV',
  downloadPdf: 'PDF',
  downloadCsvLabel: 'Download the statistics of {{quarter}} as CSV',
  downloadPdfLabel: 'Download the statistics of {{quarter}} as PDF',
  downloadNote: 'Every download is recorded in the audit log.',
  provisional: 'The quarter is still running: these figures are provisional and will change.',
  legendTitle: 'How to read the figures',
  legend: {
    small: '< 5: fewer than five (0 to 4), not shown.',
    withheld: 'x: withheld so that a small count cannot be worked out from the total.',
    zero: '0: none.',
  },
  columns: { item: 'Item', count: 'Count' },
  total: 'Total',
  sections: {
    reports: 'Reports',
    reportsNote: 'Every report received in the quarter, deleted ones included.',
    byChannel: 'By channel',
    byAnonymity: 'Anonymous or named',
    cases: 'Cases',
    casesNote:
      'Cases opened in the quarter that are still on record; the level is that of each case’s first final assessment.',
    byCategory: 'By category',
    byLevel: 'By level of the first assessment',
    firstAssessment: 'Time to the first assessment',
    firstAssessmentValue: 'Median {{days}} days from opening a case to its first final assessment.',
    firstAssessmentWithheld: 'Withheld: fewer than five cases opened in the quarter have been assessed.',
    measures: 'Measures',
    measuresNote:
      'Measures planned in the quarter by type; measures ended in the quarter by how effective they were rated, or cancelled.',
    byType: 'Planned, by type',
    byOutcome: 'Ended, by outcome',
  },
  chart: {
    note: 'The chart draws the counts that are shown; “< 5” and “x” are left out. The table beside it has every figure.',
    count: 'Count',
  },
};
