import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssessmentSummary,
  type AssessmentComparison as Comparison,
  type ModelDefinition,
  useAssessment,
  useAssessmentComparison,
} from '../api/assessments.ts';
import { LevelBadge } from '../cases/CaseBadges.tsx';
import { formatMoment } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { StatusBadge, TabBackLink } from './bits.tsx';
import { definitionOf, levelOf, localised, optionLabel } from './model-text.ts';

type Row = Comparison['items'][number];
const relations = [
  'same',
  'equivalent',
  'broader',
  'narrower',
  'split',
  'merged',
  'removed',
  'new',
  'concept',
] as const;
type Relation = (typeof relations)[number];
const isRelation = (value: string): value is Relation => (relations as readonly string[]).includes(value);

/**
 * Two assessments side by side (the server compares them, older first): the final levels, the stored
 * suggestions, the earlier answers re-scored under the later rules where that is meaningful (derived,
 * labelled so), and the answers item by item (same model and major) or by concept (otherwise), changes
 * highlighted, what has no counterpart listed as not comparable.
 */
export function AssessmentComparisonView({
  caseId,
  pair,
  onBack,
}: {
  caseId: string;
  pair: readonly [string, string];
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const comparison = useAssessmentComparison(caseId, pair);
  const olderDetail = useAssessment(caseId, comparison.data?.older.id ?? null);
  const newerDetail = useAssessment(caseId, comparison.data?.newer.id ?? null);
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} gap="lg" data-testid="assessment-comparison">
      <Stack gap="xs">
        <TabBackLink onClick={onBack} label={t('assessments.compare.back')} />
        <Title order={2} size="h3" id={headingId}>
          {t('assessments.compare.title')}
        </Title>
      </Stack>
      {comparison.isPending ? (
        <Loading label={t('assessments.compare.loading')} />
      ) : comparison.isError ? (
        <ErrorAlert
          error={comparison.error}
          title={t('assessments.compare.loadError')}
          onRetry={() => void comparison.refetch()}
        />
      ) : (
        <ComparisonBody
          comparison={comparison.data}
          older={olderDetail.data ? definitionOf(olderDetail.data) : null}
          newer={newerDetail.data ? definitionOf(newerDetail.data) : null}
        />
      )}
    </Stack>
  );
}

function ComparisonBody({
  comparison,
  older,
  newer,
}: {
  comparison: Comparison;
  older: ModelDefinition | null;
  newer: ModelDefinition | null;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const comparable = comparison.items.filter((row) => row.comparable);
  const apart = comparison.items.filter((row) => !row.comparable);
  const changed = comparable.filter((row) => row.changed).length;
  const sameVersion =
    comparison.older.model?.modelId === comparison.newer.model?.modelId &&
    comparison.older.model?.version === comparison.newer.model?.version;
  const itemsHeadingId = useId();
  const apartHeadingId = useId();
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <SideCard title={t('assessments.compare.older')} summary={comparison.older} testId="compare-older" />
        <SideCard title={t('assessments.compare.newer')} summary={comparison.newer} testId="compare-newer" />
      </SimpleGrid>
      <Paper withBorder p="md" data-testid="compare-rescored">
        <Stack gap={6}>
          <Title order={3} size="h4">
            {t('assessments.compare.rescoredHeading')}
          </Title>
          {comparison.rescored ? (
            <>
              <Group gap="sm">
                <Text size="sm">
                  {t('assessments.compare.rescored', { version: comparison.rescored.version })}
                </Text>
                <LevelBadge
                  level={levelOf(comparison.rescored.suggestedLevel)}
                  label={t('assessments.levelLabel.suggested')}
                  suggested
                  testId="rescored-level"
                />
              </Group>
              <Text size="sm" c="dimmed">
                {t('assessments.compare.rescoredRules', {
                  rules: comparison.rescored.fired.join(', ') || '–',
                })}
              </Text>
              <Text size="sm" c="dimmed" fs="italic">
                {t('assessments.compare.rescoredNote')}
              </Text>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {sameVersion
                ? t('assessments.compare.rescoredSameVersion')
                : t('assessments.compare.rescoredNotAvailable')}
            </Text>
          )}
        </Stack>
      </Paper>
      <Stack component="section" aria-labelledby={itemsHeadingId} gap="xs">
        <Title order={3} size="h4" id={itemsHeadingId}>
          {t('assessments.compare.itemsHeading')}
        </Title>
        <Text size="sm" c="dimmed">
          {comparison.basis === 'items'
            ? t('assessments.compare.basisItems')
            : t('assessments.compare.basisConcepts')}
        </Text>
        <Text size="sm" fw={600} role="status">
          {changed > 0
            ? t('assessments.compare.changedCount', { count: changed })
            : t('assessments.compare.noneChanged')}
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table
            fz="sm"
            verticalSpacing="xs"
            aria-label={t('assessments.compare.itemsLabel')}
            data-testid="compare-items"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assessments.compare.item')}</Table.Th>
                {comparison.basis === 'concepts' && <Table.Th>{t('assessments.compare.relation')}</Table.Th>}
                <Table.Th>{t('assessments.compare.older')}</Table.Th>
                <Table.Th>{t('assessments.compare.newer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {comparable.map((row) => (
                <Table.Tr
                  key={`${row.olderItemId}-${row.newerItemId}`}
                  data-testid="compare-row"
                  data-item={row.key}
                  data-changed={row.changed}
                  bg={row.changed ? 'yellow.0' : undefined}
                  style={
                    row.changed ? { boxShadow: 'inset 4px 0 0 var(--mantine-color-yellow-7)' } : undefined
                  }
                >
                  <Table.Td maw={320}>
                    <Text size="sm">{localised(row.text, language)}</Text>
                    {row.changed && (
                      <Badge size="sm" color="yellow.9" variant="outline" radius="sm" mt={4}>
                        {t('assessments.compare.changed')}
                      </Badge>
                    )}
                  </Table.Td>
                  {comparison.basis === 'concepts' && (
                    <Table.Td>
                      {isRelation(row.relation)
                        ? t(`assessments.compare.relations.${row.relation}`)
                        : row.relation}
                    </Table.Td>
                  )}
                  <Table.Td>
                    <AnswerCell definition={older} itemId={row.olderItemId} answer={row.older} />
                  </Table.Td>
                  <Table.Td>
                    <AnswerCell definition={newer} itemId={row.newerItemId} answer={row.newer} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      <Stack
        component="section"
        aria-labelledby={apartHeadingId}
        gap="xs"
        data-testid="compare-not-comparable"
      >
        <Title order={3} size="h4" id={apartHeadingId}>
          {t('assessments.compare.notComparableHeading')}
        </Title>
        {apart.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('assessments.compare.notComparableNone')}
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('assessments.compare.notComparableIntro')}
            </Text>
            <Stack component="ul" gap={4} m={0} pl="lg">
              {apart.map((row) => (
                <Text component="li" size="sm" key={`${row.olderItemId}-${row.newerItemId}`}>
                  {localised(row.text, language)}{' '}
                  <Text span size="sm" c="dimmed">
                    (
                    {isRelation(row.relation)
                      ? t(`assessments.compare.relations.${row.relation}`)
                      : row.relation}
                    {': '}
                    {row.newerItemId === null ? (
                      <AnswerText definition={older} itemId={row.olderItemId} answer={row.older} />
                    ) : (
                      <AnswerText definition={newer} itemId={row.newerItemId} answer={row.newer} />
                    )}
                    )
                  </Text>
                </Text>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </>
  );
}

function SideCard({ title, summary, testId }: { title: string; summary: AssessmentSummary; testId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Stack gap={6}>
        <Group gap="xs" justify="space-between">
          <Title order={3} size="h5">
            {title}
          </Title>
          <StatusBadge status={summary.status} />
        </Group>
        <Text size="sm" fw={600}>
          {summary.model
            ? t('assessments.list.title', {
                title: localised(summary.model.title, language),
                version: summary.model.version,
              })
            : t('assessments.list.external')}
        </Text>
        <Text size="sm" c="dimmed">
          {formatMoment(summary.decidedAt ?? summary.startedAt, language)}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Text size="sm">{t('assessments.compare.storedSuggestion')}:</Text>
          <LevelBadge
            level={levelOf(summary.suggestedLevel)}
            label={t('assessments.levelLabel.suggested')}
            suggested
            testId="compare-suggested"
          />
        </Group>
        <Group gap="xs" wrap="wrap">
          <Text size="sm">{t('assessments.compare.finalLevel')}:</Text>
          {summary.finalLevel ? (
            <LevelBadge
              level={levelOf(summary.finalLevel)}
              label={t('assessments.levelLabel.final')}
              testId="compare-final"
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('assessments.compare.notDecided')}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

type ComparedAnswer = Row['older'];

function AnswerText({
  definition,
  itemId,
  answer,
}: {
  definition: ModelDefinition | null;
  itemId: string | null;
  answer: ComparedAnswer;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (itemId === null || answer === null) return <>{t('assessments.compare.notInModel')}</>;
  const item = definition?.sections.flatMap((section) => section.items).find((one) => one.itemId === itemId);
  const value =
    answer.value === null
      ? t('assessments.compare.notAnswered')
      : definition && item
        ? optionLabel(definition, item.scale, answer.value, language)
        : answer.value;
  return <>{value}</>;
}

function AnswerCell({
  definition,
  itemId,
  answer,
}: {
  definition: ModelDefinition | null;
  itemId: string | null;
  answer: ComparedAnswer;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const item = definition?.sections.flatMap((section) => section.items).find((one) => one.itemId === itemId);
  return (
    <Stack gap={2}>
      <Text size="sm" fw={answer?.value ? 600 : 400} c={answer?.value ? undefined : 'dimmed'}>
        <AnswerText definition={definition} itemId={itemId} answer={answer} />
      </Text>
      {answer?.trend && (
        <Text size="xs" c="dimmed">
          {t('assessments.compare.trend', {
            trend:
              definition && item
                ? optionLabel(definition, item.trendScale, answer.trend, language)
                : answer.trend,
          })}
        </Text>
      )}
    </Stack>
  );
}
