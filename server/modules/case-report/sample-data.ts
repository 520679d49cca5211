import type { CaseReportData, ReportJournalEntry, ReportLanguage } from './report-data.ts';

// A made-up case for tests and for looking at the layout: names in several scripts, unreadable text, entries
// for managers only and journal texts long enough to run across pages.

export const SAMPLE_NAMES = ['Zoë Łukasiewicz', 'Çağla Öztürk', 'Αλέξανδρος Παπαδόπουλος', 'Дмитрий Соколов'];

const LONG_TEXT = [
  'The affected colleague described three encounters in the car park during the last two weeks. Each time the',
  'person of concern waited beside her car after the late shift and asked why she had reported him to HR. He did',
  'not touch her, but stood between her and the driver’s door for several minutes. A witness from the',
  'logistics team confirmed the second encounter and will write down what he saw.',
].join(' ');

function longText(paragraphs: number): string {
  return Array.from({ length: paragraphs }, () => LONG_TEXT).join('\n\n');
}

const KINDS = ['Conversation', 'Note', 'Status change', 'Call'];

// Display texts come translated from whoever gathers the data; the sample translates the few it uses.
const GERMAN: Record<string, string> = {
  Conversation: 'Gespräch',
  Note: 'Notiz',
  'Status change': 'Statuswechsel',
  Call: 'Anruf',
  'Person of concern': 'Gefährdende Person',
  'Affected person': 'Betroffene Person',
  Witness: 'Zeuge/Zeugin',
  Reporter: 'Meldende Person',
  'Reporting portal': 'Meldeportal',
};

function inLanguage(text: string, language: ReportLanguage): string {
  return language === 'de' ? (GERMAN[text] ?? text) : text;
}

function journalEntry(index: number, start: Date, language: ReportLanguage): ReportJournalEntry {
  const occurredAt = new Date(start.getTime() + index * 3_600_000 * 7);
  const author = SAMPLE_NAMES[index % SAMPLE_NAMES.length] ?? null;
  const long = index % 9 === 0;
  const shortText = `Entry ${index + 1}: follow-up agreed with ${author}; next check in two days.`;
  return {
    occurredAt,
    kind: inLanguage(KINDS[index % KINDS.length] ?? '', language),
    author: index % 17 === 5 ? null : author,
    text: index % 23 === 7 ? null : long ? longText(index % 27 === 0 ? 7 : 3) : shortText,
    participants: index % 4 === 0 ? `${SAMPLE_NAMES[(index + 1) % SAMPLE_NAMES.length]}, works council` : '',
    managersOnly: index % 6 === 3,
  };
}

export function sampleCaseReport(language: ReportLanguage, journalLength = 120): CaseReportData {
  const exportedAt = new Date('2026-12-06T14:03:27.000Z');
  const openedAt = new Date('2026-10-01T08:15:00.000Z');
  return {
    language,
    exportId: '6f1c2a4e-8d3b-4c5e-9a7f-0b1d2e3f4a5b',
    exportedAt,
    exportedBy: { name: 'Jane Doe', role: language === 'de' ? 'Bedrohungsmanagerin' : 'threat manager' },
    case: {
      reference: 'TM-2026-0042',
      title: 'Repeated confrontations in the car park',
      summary: `${LONG_TEXT} The team assessed the situation as high and agreed on measures with the site security.`,
      status: 'management',
      level: 3,
      category: 'Stalking',
      tags: ['car park', 'late shift'],
      unit: 'Germany — Logistics',
      owner: 'Jane Doe',
      openedAt,
      dueOn: '2026-12-20',
      closedAt: null,
    },
    persons: [
      {
        label: 'Person A',
        role: inLanguage('Person of concern', language),
        details: 'Forklift driver, 12 years with the company.',
      },
      { label: SAMPLE_NAMES[0] ?? '', role: inLanguage('Affected person', language), details: LONG_TEXT },
      { label: SAMPLE_NAMES[1] ?? '', role: inLanguage('Witness', language), details: null },
      { label: SAMPLE_NAMES[2] ?? '', role: inLanguage('Witness', language), details: '' },
      {
        label: SAMPLE_NAMES[3] ?? '',
        role: inLanguage('Reporter', language),
        details: 'Team lead of the late shift.',
      },
    ],
    reports: [
      {
        reference: 'R-2026-0311',
        receivedOn: '2026-09-30',
        channel: inLanguage('Reporting portal', language),
        anonymous: true,
      },
      { reference: 'R-2026-0315', receivedOn: '2026-10-02', channel: 'E-mail', anonymous: false },
    ],
    journal: Array.from({ length: journalLength }, (_, index) => journalEntry(index, openedAt, language)),
    tasks: [
      { title: 'Talk to site security about escorts', assignee: 'Jane Doe', dueOn: '2026-12-08', done: true },
      { title: null, assignee: null, dueOn: null, done: false },
      {
        title: 'Review the assessment after the HR meeting',
        assignee: 'Дмитрий Соколов',
        dueOn: null,
        done: false,
      },
    ],
    documents: [
      {
        title: 'Witness statement',
        fileName: 'statement-logistics.pdf',
        version: 2,
        addedAt: new Date('2026-10-05T10:00:00.000Z'),
        byteLength: 248_311,
      },
      {
        title: 'Photo of the car park',
        fileName: 'car-park.jpg',
        version: 1,
        addedAt: new Date('2026-10-06T09:30:00.000Z'),
        byteLength: 3_145_728,
      },
    ],
    extraSections: [
      {
        title: 'Assessment (DyRiAS-like model, version 3)',
        rows: [
          ['Suggested level', 'L3 · high'],
          ['Final level', 'L3 · high'],
          ['Rationale', null],
        ],
        paragraphs: ['Signed off by Jane Doe on 2026-10-10.'],
      },
    ],
  };
}

/** A case with nothing recorded beyond its facts. */
export function emptyCaseReport(language: ReportLanguage): CaseReportData {
  const sample = sampleCaseReport(language, 0);
  return {
    ...sample,
    case: { ...sample.case, title: null, summary: '', level: null, category: null, tags: [], owner: null },
    persons: [],
    reports: [],
    journal: [],
    tasks: [],
    documents: [],
    extraSections: [],
  };
}
