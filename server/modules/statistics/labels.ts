import { contentLabels } from '../case-report/content-labels.ts';
import { formatDateTime, formatDay } from '../case-report/formats.ts';
import type { Outcome } from './store.ts';

// The statistics' own words in German and English: row names of the fixed breakdowns and the texts of the
// PDF. Built-in categories and report channels are named as in the case report (content-labels.ts).

export type StatisticsLanguage = 'de' | 'en';

export interface StatisticsLabels {
  languageTag: string;
  title: (quarter: string) => string;
  period: (firstDay: string, lastDay: string) => string;
  generated: (at: Date) => string;
  provisional: string;
  intro: string;
  legend: { small: string; withheld: string; zero: string };
  sections: {
    reportsByChannel: string;
    reportsByAnonymity: string;
    casesByCategory: string;
    casesByLevel: string;
    firstAssessment: string;
    measuresByType: string;
    measuresByOutcome: string;
  };
  notes: {
    reports: string;
    cases: string;
    level: string;
    firstAssessment: string;
    measuresByType: string;
    measuresByOutcome: string;
  };
  columns: { item: string; count: string };
  total: string;
  medianDays: string;
  days: (value: number) => string;
  medianWithheld: string;
  anonymous: string;
  named: string;
  noCategory: string;
  levels: Record<1 | 2 | 3 | 4, string>;
  notAssessed: string;
  outcomes: Record<Outcome, string>;
  channels: Readonly<Record<string, string>>;
  categories: Readonly<Record<string, string>>;
  pageOf: (page: number, pages: number) => string;
}

const number = (value: number, language: StatisticsLanguage) =>
  language === 'de' ? String(value).replace('.', ',') : String(value);

const EN: StatisticsLabels = {
  languageTag: 'en',
  title: (quarter) => `Threat management statistics ${quarter}`,
  period: (first, last) => `${formatDay(first, 'en')} to ${formatDay(last, 'en')} (UTC)`,
  generated: (at) => `Generated ${formatDateTime(at, 'en')}`,
  provisional: 'The quarter is still running: these figures are provisional and will change.',
  intro:
    'Anonymised figures of the whole organisation. No count between 1 and 4 is shown, so that no person can be singled out.',
  legend: {
    small: '< 5: fewer than five (0 to 4), not shown.',
    withheld: 'x: withheld so that a small count cannot be worked out from the total.',
    zero: '0: none.',
  },
  sections: {
    reportsByChannel: 'Reports received, by channel',
    reportsByAnonymity: 'Reports received, anonymous or named',
    casesByCategory: 'Cases opened, by category',
    casesByLevel: 'Cases opened, by level of the first assessment',
    firstAssessment: 'Time to the first assessment',
    measuresByType: 'Measures planned, by type',
    measuresByOutcome: 'Measures ended, by outcome',
  },
  notes: {
    reports: 'Every report received in the quarter, deleted ones included.',
    cases: 'Cases opened in the quarter that are still on record.',
    level: 'The level of each case’s first final assessment.',
    firstAssessment: 'Median days from opening a case to its first final assessment.',
    measuresByType: 'Measures planned in the quarter, whatever became of them.',
    measuresByOutcome: 'Measures done in the quarter, by how effective they were rated, and those cancelled.',
  },
  columns: { item: 'Item', count: 'Count' },
  total: 'Total',
  medianDays: 'Median',
  days: (value) => `${number(value, 'en')} days`,
  medianWithheld: 'x (fewer than five cases assessed)',
  anonymous: 'Anonymous',
  named: 'Named',
  noCategory: 'No category',
  levels: { 1: 'L1 · low', 2: 'L2 · moderate', 3: 'L3 · high', 4: 'L4 · critical' },
  notAssessed: 'Not assessed yet',
  outcomes: {
    effective: 'Effective',
    partly_effective: 'Partly effective',
    not_effective: 'Not effective',
    too_early: 'Too early to tell',
    cancelled: 'Cancelled',
  },
  channels: contentLabels('en').channels,
  categories: contentLabels('en').categories,
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
};

const DE: StatisticsLabels = {
  languageTag: 'de',
  title: (quarter) => `Statistik des Bedrohungsmanagements ${quarter}`,
  period: (first, last) => `${formatDay(first, 'de')} bis ${formatDay(last, 'de')} (UTC)`,
  generated: (at) => `Erstellt am ${formatDateTime(at, 'de')}`,
  provisional: 'Das Quartal läuft noch: Die Zahlen sind vorläufig und ändern sich.',
  intro:
    'Anonymisierte Zahlen der gesamten Organisation. Keine Zahl zwischen 1 und 4 wird gezeigt, damit niemand erkennbar wird.',
  legend: {
    small: '< 5: weniger als fünf (0 bis 4), nicht gezeigt.',
    withheld: 'x: zurückgehalten, damit sich eine kleine Zahl nicht aus der Summe errechnen lässt.',
    zero: '0: keine.',
  },
  sections: {
    reportsByChannel: 'Eingegangene Meldungen nach Eingangsweg',
    reportsByAnonymity: 'Eingegangene Meldungen, anonym oder mit Namen',
    casesByCategory: 'Eröffnete Fälle nach Kategorie',
    casesByLevel: 'Eröffnete Fälle nach Stufe der ersten Einschätzung',
    firstAssessment: 'Zeit bis zur ersten Einschätzung',
    measuresByType: 'Geplante Maßnahmen nach Art',
    measuresByOutcome: 'Abgeschlossene Maßnahmen nach Ergebnis',
  },
  notes: {
    reports: 'Alle im Quartal eingegangenen Meldungen, auch inzwischen gelöschte.',
    cases: 'Im Quartal eröffnete Fälle, die noch vorhanden sind.',
    level: 'Die Stufe der ersten abschließenden Einschätzung jedes Falls.',
    firstAssessment:
      'Median der Tage von der Eröffnung eines Falls bis zu seiner ersten abschließenden Einschätzung.',
    measuresByType: 'Im Quartal geplante Maßnahmen, gleich, was aus ihnen wurde.',
    measuresByOutcome:
      'Im Quartal erledigte Maßnahmen nach ihrer bewerteten Wirksamkeit, und die abgebrochenen.',
  },
  columns: { item: 'Merkmal', count: 'Anzahl' },
  total: 'Summe',
  medianDays: 'Median',
  days: (value) => `${number(value, 'de')} Tage`,
  medianWithheld: 'x (weniger als fünf eingeschätzte Fälle)',
  anonymous: 'Anonym',
  named: 'Mit Namen',
  noCategory: 'Ohne Kategorie',
  levels: { 1: 'L1 · gering', 2: 'L2 · mäßig', 3: 'L3 · hoch', 4: 'L4 · kritisch' },
  notAssessed: 'Noch nicht eingeschätzt',
  outcomes: {
    effective: 'Wirksam',
    partly_effective: 'Teilweise wirksam',
    not_effective: 'Nicht wirksam',
    too_early: 'Noch nicht beurteilbar',
    cancelled: 'Abgebrochen',
  },
  channels: contentLabels('de').channels,
  categories: contentLabels('de').categories,
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
};

export function statisticsLabels(language: StatisticsLanguage): StatisticsLabels {
  return language === 'de' ? DE : EN;
}
