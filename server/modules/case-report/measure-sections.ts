import type { ReportMeasure } from '../measures/report-measures.ts';
import type { ReportLabels } from './labels.ts';
import type { ReportLanguage, ReportSection } from './report-data.ts';

// The case's measure plan as sections of its report, in the plan's order (open measures first): type,
// status, owner, experts and their answer, due day, completion, effectiveness, and the sealed words —
// what is done, the outcome, the notes.

const words = {
  en: {
    heading: (name: string) => `Measure: ${name}`,
    none: 'Measures',
    noneNote: 'No measures are planned for this case.',
    status: 'Status',
    statuses: { planned: 'Planned', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' },
    owner: 'Owner',
    experts: 'Experts involved',
    consent: { invited: 'invited', accepted: 'taking part', declined: 'declined' },
    due: 'Due',
    overdue: 'overdue',
    completed: 'Completed',
    effectiveness: 'Effectiveness',
    ratings: {
      effective: 'Effective',
      partly_effective: 'Partly effective',
      not_effective: 'Not effective',
      too_early: 'Too early to tell',
    },
    scenarios: 'Answers scenarios of an assessment',
    description: 'What is done',
    outcome: 'Outcome',
    notes: 'Notes',
  },
  de: {
    heading: (name: string) => `Maßnahme: ${name}`,
    none: 'Maßnahmen',
    noneNote: 'Für diesen Fall sind keine Maßnahmen geplant.',
    status: 'Status',
    statuses: { planned: 'Geplant', in_progress: 'In Arbeit', done: 'Erledigt', cancelled: 'Abgebrochen' },
    owner: 'Verantwortlich',
    experts: 'Beteiligte Fachleute',
    consent: { invited: 'eingeladen', accepted: 'wirkt mit', declined: 'abgelehnt' },
    due: 'Fällig',
    overdue: 'überfällig',
    completed: 'Abgeschlossen',
    effectiveness: 'Wirksamkeit',
    ratings: {
      effective: 'Wirksam',
      partly_effective: 'Teilweise wirksam',
      not_effective: 'Nicht wirksam',
      too_early: 'Noch nicht beurteilbar',
    },
    scenarios: 'Beantwortet Szenarien einer Einschätzung',
    description: 'Was getan wird',
    outcome: 'Ergebnis',
    notes: 'Notizen',
  },
} satisfies Record<ReportLanguage, unknown>;

export function measureSections(measures: readonly ReportMeasure[], labels: ReportLabels): ReportSection[] {
  const text = words[labels.language];
  if (measures.length === 0) return [{ title: text.none, rows: [], paragraphs: [text.noneNote] }];
  return measures.map((measure): ReportSection => {
    const rows: Array<[string, string | null]> = [
      [text.status, text.statuses[measure.status]],
      [text.owner, measure.owner?.name ?? labels.notSet],
    ];
    if (measure.experts.length > 0)
      rows.push([
        text.experts,
        measure.experts.map((expert) => `${expert.user.name} (${text.consent[expert.consent]})`).join(', '),
      ]);
    if (measure.dueOn)
      rows.push([text.due, `${labels.day(measure.dueOn)}${measure.overdue ? ` (${text.overdue})` : ''}`]);
    if (measure.completedAt)
      rows.push([
        text.completed,
        `${labels.dateTime(new Date(measure.completedAt))}${measure.completedBy ? ` · ${measure.completedBy.name}` : ''}`,
      ]);
    if (measure.effectiveness) rows.push([text.effectiveness, text.ratings[measure.effectiveness]]);
    if (measure.scenarioIndexes.length > 0)
      rows.push([text.scenarios, measure.scenarioIndexes.map((index) => `#${index + 1}`).join(', ')]);
    rows.push([text.description, measure.description]);
    if (measure.outcome !== null || measure.status === 'done') rows.push([text.outcome, measure.outcome]);
    if (measure.notes !== null) rows.push([text.notes, measure.notes]);
    return {
      title: text.heading(measure.typeNames?.[labels.language] ?? measure.typeKey),
      rows,
    };
  });
}
