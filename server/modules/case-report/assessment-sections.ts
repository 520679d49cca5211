import type { DecidedAssessment } from '../assessments/report-assessments.ts';
import type { ReportLabels } from './labels.ts';
import type { ReportLanguage, ReportSection } from './report-data.ts';

// The case's decided assessments as sections of its report, newest first: model and version (or the
// external instrument), the suggestion and the final level, who decided and signed off, and the judgement's
// words. For an exporter who does not take part in assessments, one section says they are left out.

const words = {
  en: {
    heading: (title: string) => `Assessment: ${title}`,
    external: (name: string) => `External result: ${name}`,
    leftOut: 'Assessments',
    leftOutNote: 'Not included: the exporter does not take part in assessments.',
    version: 'Model version',
    status: 'Status',
    awaiting: 'Waiting for a second sign-off',
    final: 'Final',
    decided: 'Decided',
    decidedBy: 'Decided by',
    signedOffBy: 'Signed off by',
    suggested: 'Suggested level (decision support)',
    final_: 'Final level',
    rationale: 'Rationale',
    deviation: 'Why it departs from the suggestion',
    scenarios: 'Scenarios',
    nextReview: 'Next review',
    instrumentVersion: 'Instrument version',
    result: 'Result',
    assessor: 'Assessor',
    note: 'Note',
  },
  de: {
    heading: (title: string) => `Einschätzung: ${title}`,
    external: (name: string) => `Externes Ergebnis: ${name}`,
    leftOut: 'Einschätzungen',
    leftOutNote: 'Nicht enthalten: Die exportierende Person wirkt an Einschätzungen nicht mit.',
    version: 'Modellversion',
    status: 'Status',
    awaiting: 'Wartet auf Freigabe durch eine zweite Person',
    final: 'Abgeschlossen',
    decided: 'Entschieden',
    decidedBy: 'Entschieden von',
    signedOffBy: 'Freigegeben von',
    suggested: 'Vorgeschlagene Stufe (Entscheidungshilfe)',
    final_: 'Abschließende Stufe',
    rationale: 'Begründung',
    deviation: 'Begründung der Abweichung vom Vorschlag',
    scenarios: 'Szenarien',
    nextReview: 'Nächste Überprüfung',
    instrumentVersion: 'Instrumentversion',
    result: 'Ergebnis',
    assessor: 'Einschätzende Person',
    note: 'Notiz',
  },
} satisfies Record<ReportLanguage, unknown>;

export function assessmentSections(
  assessments: readonly DecidedAssessment[] | null,
  labels: ReportLabels,
): ReportSection[] {
  const text = words[labels.language];
  if (assessments === null) return [{ title: text.leftOut, rows: [], paragraphs: [text.leftOutNote] }];
  const level = (code: string | null) => {
    if (code === null) return labels.notSet;
    const number = Number(code.slice(1)) as 1 | 2 | 3 | 4;
    return `${code} · ${labels.levelNames[number]}`;
  };
  return assessments.map((assessment): ReportSection => {
    const common: Array<[string, string | null]> = [
      [text.status, assessment.status === 'final' ? text.final : text.awaiting],
      [text.decided, labels.dateTime(assessment.decidedAt)],
      [text.decidedBy, assessment.decidedBy ?? labels.system],
      ...(assessment.signedOffBy ? [[text.signedOffBy, assessment.signedOffBy] as [string, string]] : []),
      [text.final_, level(assessment.finalLevel)],
      ...(assessment.nextReviewOn
        ? [[text.nextReview, labels.day(assessment.nextReviewOn)] as [string, string]]
        : []),
    ];
    if (assessment.kind === 'external') {
      const external = assessment.external;
      return {
        title: text.external(external?.instrumentName ?? labels.unreadable),
        rows: [
          [text.instrumentVersion, external?.instrumentVersion ?? null],
          [text.result, external ? `${external.result} · ${external.resultLabel}` : null],
          [text.assessor, external?.assessor ?? null],
          ...common,
        ],
      };
    }
    return {
      title: text.heading(assessment.model?.title[labels.language] ?? labels.unreadable),
      rows: [
        [text.version, assessment.model?.version ?? null],
        [text.suggested, level(assessment.suggestedLevel)],
        ...common,
        [text.rationale, assessment.rationale],
        ...(assessment.deviationReason
          ? [[text.deviation, assessment.deviationReason] as [string, string]]
          : []),
        ...(assessment.scenarios.length > 0
          ? [[text.scenarios, assessment.scenarios.join('; ')] as [string, string]]
          : []),
      ],
    };
  });
}
