import { Checkbox, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { levelNumber, useAssessment, useCaseAssessments } from '../api/assessments.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { formatMoment } from '../cases/case-times.ts';
import { currentLanguage } from '../i18n/index.ts';

export interface AssessmentLinkValue {
  assessmentId: string | null;
  scenarioIndexes: number[];
}

/**
 * Which final assessment of the case the measure answers, and which of its scenarios (the judgement's
 * list; a scenario is named by its place in it). Offered only while the user takes part in assessments.
 */
export function AssessmentLink({
  caseId,
  value,
  onChange,
}: {
  caseId: string;
  value: AssessmentLinkValue;
  onChange: (value: AssessmentLinkValue) => void;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const language = currentLanguage();
  const assessments = useCaseAssessments(caseId);
  const detail = useAssessment(caseId, value.assessmentId);
  const finals = (assessments.data?.assessments ?? []).filter(
    (assessment) => assessment.status === 'final' && assessment.finalLevel !== null,
  );
  if (finals.length === 0 && value.assessmentId === null) return null;
  const options = finals.map((assessment) => {
    const label = t('measures.dialog.assessmentOption', {
      when: assessment.decidedAt ? formatMoment(assessment.decidedAt, language) : '',
      level: assessment.finalLevel ? levelText(levelNumber(assessment.finalLevel)) : '',
    });
    return {
      value: assessment.id,
      label: assessment.supersededById === null ? t('measures.dialog.assessmentCurrent', { label }) : label,
    };
  });
  const scenarios = detail.data?.judgement?.scenarios ?? [];
  return (
    <Stack gap="xs">
      <Select
        label={t('measures.dialog.assessment')}
        description={t('measures.dialog.assessmentHelp')}
        placeholder={t('measures.dialog.assessmentPlaceholder')}
        data={options}
        value={value.assessmentId}
        onChange={(assessmentId) => onChange({ assessmentId, scenarioIndexes: [] })}
        clearable
        clearButtonProps={{ 'aria-label': t('measures.dialog.clearAssessment') }}
        comboboxProps={{ withinPortal: true }}
      />
      {value.assessmentId !== null &&
        (detail.isPending ? (
          <Text size="sm" c="dimmed">
            {t('measures.dialog.scenariosLoading')}
          </Text>
        ) : scenarios.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('measures.dialog.noScenarios')}
          </Text>
        ) : (
          <Checkbox.Group
            label={t('measures.dialog.scenarios')}
            value={value.scenarioIndexes.map(String)}
            onChange={(chosen) =>
              onChange({
                assessmentId: value.assessmentId,
                scenarioIndexes: chosen.map(Number).sort((a, b) => a - b),
              })
            }
          >
            <Stack gap={6} mt={6}>
              {scenarios.map((scenario, index) => (
                // Scenarios have no ids of their own; their place in the judgement's list names them.
                // biome-ignore lint/suspicious/noArrayIndexKey: the index is the scenario's identity
                <Checkbox key={index} value={String(index)} label={scenario} />
              ))}
            </Stack>
          </Checkbox.Group>
        ))}
    </Stack>
  );
}
