import { Badge, Button, Collapse, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { memo, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AssessmentAnswer,
  AssessmentAnswers,
  ModelDefinition,
  ModelItem,
  ModelSection,
} from '../api/assessments.ts';
import { currentLanguage } from '../i18n/index.ts';
import { EvidencePicker, useEvidence } from './evidence.tsx';
import { localised, needsSupport, optionLabel } from './model-text.ts';

/**
 * The model's sections and items in the user's language: each item's answer from its scale, its trend
 * where it has one, a note and evidence from the case, and the model's help. `onChange` absent: read only
 * (a decided assessment, or one the user may not answer), showing what was answered.
 */
export function AssessmentForm({
  definition,
  answers,
  onChange,
  flagged,
}: {
  definition: ModelDefinition;
  answers: AssessmentAnswers;
  onChange?: ((itemId: string, answer: AssessmentAnswer) => void) | undefined;
  /** Items the server refused the judgement for (`assessment_evidence_missing`): marked while unsupported. */
  flagged?: ReadonlySet<string> | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xl" aria-label={t('assessments.form.sectionsLabel')} component="div">
      {definition.sections.map((section) => (
        <SectionView
          key={section.id}
          definition={definition}
          section={section}
          answers={answers}
          onChange={onChange}
          flagged={flagged}
        />
      ))}
    </Stack>
  );
}

function SectionView({
  definition,
  section,
  answers,
  onChange,
  flagged,
}: {
  definition: ModelDefinition;
  section: ModelSection;
  answers: AssessmentAnswers;
  onChange?: ((itemId: string, answer: AssessmentAnswer) => void) | undefined;
  flagged?: ReadonlySet<string> | undefined;
}) {
  const language = currentLanguage();
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm" data-testid="assessment-section">
      <Stack gap={2}>
        <Title order={3} size="h4" id={headingId}>
          {localised(section.title, language)}
        </Title>
        {section.help && (
          <Text size="sm" c="dimmed">
            {localised(section.help, language)}
          </Text>
        )}
      </Stack>
      <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {section.items.map((item) => (
          <ItemView
            key={item.itemId}
            definition={definition}
            item={item}
            answer={answers[item.itemId]}
            onChange={onChange}
            flagged={flagged?.has(item.itemId) ?? false}
          />
        ))}
      </Stack>
    </Stack>
  );
}

const empty: AssessmentAnswer = { value: null };

const ItemView = memo(function ItemView({
  definition,
  item,
  answer = empty,
  onChange,
  flagged = false,
}: {
  definition: ModelDefinition;
  item: ModelItem;
  answer?: AssessmentAnswer | undefined;
  onChange?: ((itemId: string, answer: AssessmentAnswer) => void) | undefined;
  flagged?: boolean;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const questionId = useId();
  const detailsId = useId();
  const question = localised(item.text, language);
  const scale = definition.scales[item.scale];
  const trendScale = item.trendScale ? definition.scales[item.trendScale] : undefined;
  const evidence = answer.evidence ?? [];
  const detailsCount = (answer.note?.trim() ? 1 : 0) + evidence.length;
  // The model wants a positive answer supported: a note or evidence (the server refuses the judgement
  // without either, `assessment_evidence_missing`).
  const unsupported = needsSupport(definition, item, answer);
  const missing = flagged && unsupported;
  const [open, setOpen] = useState(false);
  const set = (patch: Partial<AssessmentAnswer>) => onChange?.(item.itemId, { ...answer, ...patch });
  const readOnly = !onChange;
  // Once the judgement was refused for this item, its note and evidence open, ready to be filled in.
  useEffect(() => {
    if (missing) setOpen(true);
  }, [missing]);

  return (
    <Paper
      component="li"
      withBorder
      p="md"
      aria-labelledby={questionId}
      data-testid="assessment-item"
      data-item={item.itemId}
      data-missing-support={missing ? 'true' : undefined}
      style={
        missing
          ? { borderColor: 'var(--mantine-color-red-8)', borderWidth: 2, borderLeftWidth: 6 }
          : undefined
      }
    >
      <Stack gap="sm">
        <Stack gap={4}>
          <Text fw={600} id={questionId}>
            {question}
          </Text>
          {item.help && (
            <Text size="sm" c="dimmed">
              {localised(item.help, language)}
            </Text>
          )}
        </Stack>
        {readOnly ? (
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color={answer.value ? 'blue' : 'gray'} radius="sm" tt="none" size="lg">
              {optionLabel(definition, item.scale, answer.value, language) ??
                t('assessments.form.notAnswered')}
            </Badge>
            {answer.trend && (
              <Text size="sm" c="dimmed">
                {t('assessments.form.trendValue', {
                  trend: optionLabel(definition, item.trendScale, answer.trend, language),
                })}
              </Text>
            )}
          </Group>
        ) : (
          <>
            <Radio.Group
              label={t('assessments.form.answer')}
              aria-describedby={questionId}
              value={answer.value ?? ''}
              onChange={(value) => set({ value: value || null })}
            >
              <Group gap="md" mt={6} wrap="wrap">
                {scale?.options.map((option) => (
                  <Radio key={option.code} value={option.code} label={localised(option.label, language)} />
                ))}
              </Group>
            </Radio.Group>
            {trendScale && (
              <Radio.Group
                label={t('assessments.form.trend')}
                aria-describedby={questionId}
                size="xs"
                value={answer.trend ?? ''}
                onChange={(value) => set({ trend: value || null })}
              >
                <Group gap="sm" mt={4} wrap="wrap">
                  {trendScale.options.map((option) => (
                    <Radio key={option.code} value={option.code} label={localised(option.label, language)} />
                  ))}
                </Group>
              </Radio.Group>
            )}
          </>
        )}
        {unsupported && !readOnly && (
          <Text
            size="sm"
            c={missing ? 'red.9' : 'orange.9'}
            fw={missing ? 600 : 500}
            data-testid="support-hint"
          >
            {missing ? t('assessments.form.supportMissing') : t('assessments.form.supportRequired')}
          </Text>
        )}
        {readOnly ? (
          <ReadOnlyDetails answer={answer} />
        ) : (
          <>
            <Group gap="xs">
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => setOpen((value) => !value)}
                aria-expanded={open}
                aria-controls={detailsId}
                aria-label={t('assessments.form.detailsLabel', { item: question })}
              >
                {detailsCount > 0
                  ? t('assessments.form.detailsWithCount', { count: detailsCount })
                  : t('assessments.form.details')}
              </Button>
              {(answer.value !== null || answer.trend) && (
                <Button
                  variant="subtle"
                  color="gray"
                  size="compact-sm"
                  onClick={() => set({ value: null, trend: null })}
                  aria-label={t('assessments.form.clearLabel', { item: question })}
                >
                  {t('assessments.form.clear')}
                </Button>
              )}
            </Group>
            <Collapse expanded={open} id={detailsId}>
              {open && (
                <Stack gap="sm">
                  <Textarea
                    label={t('assessments.form.note')}
                    description={t('assessments.form.noteHelp')}
                    value={answer.note ?? ''}
                    onChange={(event) => set({ note: event.currentTarget.value })}
                    autosize
                    minRows={2}
                    maxLength={5000}
                  />
                  <EvidencePicker
                    label={t('assessments.form.evidence')}
                    value={evidence}
                    onChange={(links) => set({ evidence: links })}
                    error={missing ? t('assessments.form.supportMissingShort') : undefined}
                  />
                </Stack>
              )}
            </Collapse>
          </>
        )}
      </Stack>
    </Paper>
  );
});

function ReadOnlyDetails({ answer }: { answer: AssessmentAnswer }) {
  const { t } = useTranslation();
  const { labelOf } = useEvidence();
  const evidence = answer.evidence ?? [];
  if (!answer.note?.trim() && evidence.length === 0) return null;
  return (
    <Stack gap={4}>
      {answer.note?.trim() && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          <Text span size="sm" fw={600}>
            {t('assessments.form.note')}:{' '}
          </Text>
          {answer.note}
        </Text>
      )}
      {evidence.length > 0 && (
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600}>
            {t('assessments.form.evidence')}:
          </Text>
          {evidence.map((link) => (
            <Badge key={`${link.kind}:${link.id}`} variant="outline" color="gray.8" radius="sm" tt="none">
              {labelOf(link)}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
