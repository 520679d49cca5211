import { Alert, Anchor, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  type AssessmentSummary,
  type CaseAssessments,
  type ExternalRecord,
  useCaseAssessments,
  useExternalRecords,
  useStartAssessment,
} from '../api/assessments.ts';
import type { CaseDetail } from '../api/cases.ts';
import { LevelBadge, useLevelText } from '../cases/CaseBadges.tsx';
import { formatMoment, localDayOf } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { AssessmentComparisonView } from './AssessmentComparison.tsx';
import { AssessmentTimeline } from './AssessmentTimeline.tsx';
import { AssessmentView } from './AssessmentView.tsx';
import { StatusBadge } from './bits.tsx';
import { assessedDayOf, ExternalBadge, ExternalResultSection } from './ExternalResult.tsx';
import { levelOf, localised } from './model-text.ts';

/**
 * The case's assessments (for whoever takes part in them): when the next is due, the levels over time, the
 * history with re-assessing, starting one with a model, recording an external instrument's result (the
 * case's threat managers), and comparing two. `?assessment=` opens one, `?compare=a,b` compares two (both
 * beside `?tab=assessments`).
 */
export function CaseAssessmentsTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const list = useCaseAssessments(detail.id);
  const [notice, setNotice] = useState<string | null>(null);
  const opened = searchParams.get('assessment');
  const compare = searchParams.get('compare')?.split(',');
  const pair = compare?.length === 2 && compare[0] && compare[1] ? ([compare[0], compare[1]] as const) : null;
  const go = (params: Record<string, string>) =>
    setSearchParams({ tab: 'assessments', ...params }, { replace: false });
  const back = () => go({});
  // After going back and forth inside the tab, the focus starts at the top of what is shown.
  const top = useRef<HTMLDivElement>(null);
  const view = opened ? `a:${opened}` : pair ? `c:${pair.join()}` : 'list';
  const firstView = useRef(view);
  useEffect(() => {
    if (view !== firstView.current) top.current?.focus();
    firstView.current = '';
  }, [view]);

  let body: ReactNode;
  if (opened)
    body = (
      <AssessmentView
        key={opened}
        detail={detail}
        assessmentId={opened}
        onBack={back}
        onNotice={(message) => setNotice(message)}
      />
    );
  else if (pair) body = <AssessmentComparisonView caseId={detail.id} pair={pair} onBack={back} />;
  else if (list.isPending) body = <Loading label={t('assessments.loading')} />;
  else if (list.isError)
    body = (
      <ErrorAlert error={list.error} title={t('assessments.loadError')} onRetry={() => void list.refetch()} />
    );
  else
    body = (
      <Overview
        detail={detail}
        data={list.data}
        onOpen={(id) => {
          setNotice(null);
          go({ assessment: id });
        }}
        onCompare={(a, b) => {
          setNotice(null);
          go({ compare: `${a},${b}` });
        }}
        onNotice={setNotice}
      />
    );
  return (
    <Stack gap="md" ref={top} tabIndex={-1} style={{ outline: 'none' }}>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {body}
    </Stack>
  );
}

function Overview({
  detail,
  data,
  onOpen,
  onCompare,
  onNotice,
}: {
  detail: CaseDetail;
  data: CaseAssessments;
  onOpen: (id: string) => void;
  onCompare: (a: string, b: string) => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const listHeadingId = useId();
  const levelText = useLevelText();
  const start = useStartAssessment(detail.id);
  const external = useExternalRecords(detail.id, data.assessments);
  // Re-assessing starts from the answers of the latest final assessment with a model (not an external result).
  const latestFinal = data.assessments.find(
    (summary) => summary.status === 'final' && summary.kind === 'model',
  );
  // The next review is the one the latest decision asks for (as the server's `reviewDue`), whatever its kind.
  const governing = data.assessments
    .filter((summary) => summary.status === 'final' && summary.decidedAt !== null)
    .sort((a, b) => (b.decidedAt as string).localeCompare(a.decidedAt as string))[0];
  const reassess = (summary: AssessmentSummary) => {
    if (!summary.model) return;
    start.mutate(
      { modelId: summary.model.modelId, supersedes: summary.id },
      {
        onSuccess: (started) => {
          onNotice(t('assessments.start.started'));
          onOpen(started.id);
        },
      },
    );
  };
  return (
    <Stack component="section" aria-labelledby={headingId} gap="lg">
      <Stack gap={4} maw={720}>
        <Title order={2} size="h3" id={headingId}>
          {t('assessments.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('assessments.intro')}
        </Text>
      </Stack>
      {data.reviewDue && <ReviewDue day={data.reviewDue} />}
      {data.can.start && (
        <StartAssessment
          data={data}
          pending={start.isPending && start.variables?.supersedes === undefined}
          onStart={(modelId) =>
            start.mutate(
              { modelId },
              {
                onSuccess: (started) => {
                  onNotice(t('assessments.start.started'));
                  onOpen(started.id);
                },
              },
            )
          }
        />
      )}
      <ErrorAlert error={start.error} />
      {data.can.finalise && (
        <ExternalResultSection
          caseId={detail.id}
          onRecorded={(recorded) =>
            onNotice(t('assessments.external.recorded', { level: levelText(levelOf(recorded.finalLevel)) }))
          }
        />
      )}
      <AssessmentTimeline assessments={data.assessments} external={external} />
      <Stack component="section" aria-labelledby={listHeadingId} gap="sm">
        <Title order={3} size="h4" id={listHeadingId}>
          {t('assessments.list.heading')}
        </Title>
        {data.assessments.length === 0 ? (
          <Text data-testid="assessments-empty">{t('assessments.empty')}</Text>
        ) : (
          <Stack
            component="ul"
            gap="sm"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label={t('assessments.list.label')}
          >
            {data.assessments.map((summary) => (
              <AssessmentItem
                key={summary.id}
                summary={summary}
                all={data.assessments}
                external={external.get(summary.id)}
                governs={summary.id === governing?.id}
                onOpen={() => onOpen(summary.id)}
                reassess={
                  data.can.start && summary.id === latestFinal?.id && summary.model && !summary.supersededById
                    ? {
                        onClick: () => reassess(summary),
                        pending: start.isPending && start.variables?.supersedes === summary.id,
                      }
                    : undefined
                }
              />
            ))}
          </Stack>
        )}
      </Stack>
      {data.assessments.filter((summary) => summary.kind === 'model').length >= 2 && (
        <ComparePicker assessments={data.assessments} onCompare={onCompare} />
      )}
    </Stack>
  );
}

/** "Re-assessment due on …", in orange once the day has passed. */
function ReviewDue({ day }: { day: string }) {
  const { t } = useTranslation();
  const today = localDayOf(new Date());
  const date = formatDay(day, currentLanguage());
  const overdue = day < today;
  return (
    <Alert
      color={overdue ? 'orange' : day === today ? 'yellow' : 'blue'}
      variant={overdue ? 'filled' : 'light'}
      title={
        overdue
          ? t('assessments.review.overdue', { date })
          : day === today
            ? t('assessments.review.dueToday', { date })
            : t('assessments.review.due', { date })
      }
      data-testid="review-due"
      data-overdue={overdue}
    >
      {overdue ? t('assessments.review.overdueHint') : null}
    </Alert>
  );
}

function StartAssessment({
  data,
  pending,
  onStart,
}: {
  data: CaseAssessments;
  pending: boolean;
  onStart: (modelId: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const [modelId, setModelId] = useState<string | null>(data.models[0]?.modelId ?? null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (modelId) onStart(modelId);
  };
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3} size="h4" id={headingId}>
            {t('assessments.start.heading')}
          </Title>
          {data.models.length === 0 ? (
            <Text size="sm">{t('assessments.start.noModels')}</Text>
          ) : (
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label={t('assessments.start.model')}
                data={data.models.map((model) => ({
                  value: model.modelId,
                  label: t('assessments.start.modelOption', {
                    title: localised(model.title, language),
                    version: model.version,
                  }),
                }))}
                value={modelId}
                onChange={setModelId}
                allowDeselect={false}
                w={{ base: '100%', sm: 420 }}
              />
              <Button type="submit" loading={pending} disabled={!modelId}>
                {t('assessments.start.submit')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function AssessmentItem({
  summary,
  all,
  external,
  governs,
  onOpen,
  reassess,
}: {
  summary: AssessmentSummary;
  all: readonly AssessmentSummary[];
  /** What was recorded, for an external result (read apart from the list). */
  external?: ExternalRecord | undefined;
  /** The latest decision: its next review is the case's. */
  governs: boolean;
  onOpen: () => void;
  reassess?: { onClick: () => void; pending: boolean } | undefined;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = useId();
  const when = formatMoment(summary.startedAt, language);
  const whenOf = (id: string | null) => {
    const other = all.find((one) => one.id === id);
    if (!other) return '';
    // An external result is dated by the day it was assessed on, not by a moment.
    const day = other.kind === 'external' ? assessedDayOf(other.decidedAt) : null;
    return day ? formatDay(day, language) : formatMoment(other.decidedAt ?? other.startedAt, language);
  };
  const isExternal = summary.kind === 'external';
  const title = summary.model
    ? t('assessments.list.title', {
        title: localised(summary.model.title, language),
        version: summary.model.version,
      })
    : external
      ? t('assessments.external.title', {
          instrument: external.instrumentName,
          version: external.instrumentVersion,
        })
      : t('assessments.list.external');
  const draft = summary.status === 'draft';
  const assessedDay = isExternal ? assessedDayOf(summary.decidedAt, external) : null;
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      aria-labelledby={headingId}
      data-testid="assessment-item-card"
      data-status={summary.status}
      data-kind={summary.kind}
      style={summary.supersededById ? { background: 'var(--mantine-color-gray-0)' } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: 1, minWidth: 240 }}>
            <Group gap="xs" align="center">
              <Title order={4} size="h5" id={headingId}>
                {title}
              </Title>
              {isExternal ? <ExternalBadge /> : <StatusBadge status={summary.status} />}
            </Group>
            <Group gap="md" wrap="wrap">
              {isExternal ? (
                external && (
                  <Text size="sm" data-testid="item-external-result">
                    <Text span size="sm" c="dimmed">
                      {t('assessments.external.result')}:{' '}
                    </Text>
                    {external.resultLabel
                      ? t('assessments.external.resultWithLabel', {
                          result: external.result,
                          label: external.resultLabel,
                        })
                      : external.result}
                  </Text>
                )
              ) : (
                <Group gap={6}>
                  <Text size="sm" c="dimmed">
                    {t('assessments.levelLabel.suggested')}:
                  </Text>
                  <LevelBadge
                    level={levelOf(summary.suggestedLevel)}
                    label={t('assessments.levelLabel.suggested')}
                    suggested
                    testId="item-suggested-level"
                  />
                </Group>
              )}
              {summary.finalLevel && (
                <Group gap={6}>
                  <Text size="sm" c="dimmed">
                    {isExternal ? t('assessments.external.mappedLevel') : t('assessments.levelLabel.final')}:
                  </Text>
                  <LevelBadge
                    level={levelOf(summary.finalLevel)}
                    label={
                      isExternal ? t('assessments.external.mappedLevel') : t('assessments.levelLabel.final')
                    }
                    testId="item-final-level"
                  />
                  {summary.agreesWithSuggestion !== null && (
                    <Text
                      size="sm"
                      c={summary.agreesWithSuggestion ? 'dimmed' : 'orange.9'}
                      fw={summary.agreesWithSuggestion ? 400 : 600}
                    >
                      {summary.agreesWithSuggestion
                        ? t('assessments.list.agrees')
                        : t('assessments.list.differs')}
                    </Text>
                  )}
                </Group>
              )}
            </Group>
          </Stack>
          <Group gap="xs">
            {reassess && (
              <Button
                variant="light"
                onClick={reassess.onClick}
                loading={reassess.pending}
                aria-label={t('assessments.list.reassessLabel', { when: whenOf(summary.id) })}
                title={t('assessments.list.reassessHelp')}
              >
                {t('assessments.list.reassess')}
              </Button>
            )}
            <Button
              variant={draft ? 'filled' : 'default'}
              onClick={onOpen}
              aria-label={
                draft
                  ? t('assessments.list.continueLabel', { when })
                  : isExternal
                    ? t('assessments.external.openLabel', { when: whenOf(summary.id) })
                    : t('assessments.list.openLabel', { when: whenOf(summary.id) })
              }
            >
              {draft ? t('assessments.list.continue') : t('assessments.list.open')}
            </Button>
          </Group>
        </Group>
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            {isExternal ? (
              <>
                {assessedDay &&
                  (external
                    ? t('assessments.external.assessedBy', {
                        date: formatDay(assessedDay, language),
                        assessor: external.assessor,
                      })
                    : t('assessments.external.assessedOnDay', { date: formatDay(assessedDay, language) }))}
                {` · ${t('assessments.external.recordedBy', {
                  when,
                  name: summary.startedBy?.name || t('assessments.list.someone'),
                })}`}
              </>
            ) : (
              <>
                {t('assessments.list.started', {
                  when,
                  name: summary.startedBy?.name || t('assessments.list.someone'),
                })}
                {summary.decidedAt &&
                  ` · ${t('assessments.list.decided', {
                    when: formatMoment(summary.decidedAt, language),
                    name: summary.decidedBy?.name || t('assessments.list.someone'),
                  })}`}
                {summary.signedOffBy &&
                  ` · ${t('assessments.list.signedOff', { name: summary.signedOffBy.name })}`}
              </>
            )}
          </Text>
          {external?.note && (
            <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              <Text span size="sm" fw={600}>
                {t('assessments.external.noteRecorded')}:{' '}
              </Text>
              {external.note}
            </Text>
          )}
          {(summary.supersedesId || summary.supersededById || (governs && summary.nextReviewOn)) && (
            <Group gap="md" wrap="wrap">
              {summary.supersedesId && (
                <Text size="sm">
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => scrollToCard(all, summary.supersedesId)}
                  >
                    {t('assessments.list.supersedes', { when: whenOf(summary.supersedesId) })}
                  </Anchor>
                </Text>
              )}
              {summary.supersededById && (
                <Text size="sm">
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => scrollToCard(all, summary.supersededById)}
                  >
                    {t('assessments.list.supersededBy', { when: whenOf(summary.supersededById) })}
                  </Anchor>
                </Text>
              )}
              {governs && summary.nextReviewOn && (
                <Text size="sm" fw={500}>
                  {t('assessments.list.nextReview', { date: formatDay(summary.nextReviewOn, language) })}
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** Brings the card of another assessment of the list into view and focuses its open button. */
function scrollToCard(all: readonly AssessmentSummary[], id: string | null) {
  const index = all.findIndex((one) => one.id === id);
  const card = document.querySelectorAll<HTMLElement>('[data-testid="assessment-item-card"]')[index];
  if (!card) return;
  card.scrollIntoView({ block: 'center' });
  card.querySelector<HTMLButtonElement>('button:last-of-type')?.focus({ preventScroll: true });
}

function ComparePicker({
  assessments,
  onCompare,
}: {
  assessments: readonly AssessmentSummary[];
  onCompare: (a: string, b: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  // By default the latest against the one before it (external results have no items to compare).
  const withModel = assessments.filter((summary) => summary.kind === 'model');
  const [first, setFirst] = useState<string | null>(withModel[1]?.id ?? null);
  const [second, setSecond] = useState<string | null>(withModel[0]?.id ?? null);
  const [tried, setTried] = useState(false);
  const options = withModel.map((summary) => ({
    value: summary.id,
    label: t('assessments.compare.option', {
      date: formatMoment(summary.decidedAt ?? summary.startedAt, language),
      model: summary.model ? localised(summary.model.title, language) : '',
      version: summary.model?.version ?? '',
      status: t(`assessments.status.${summary.status}`),
    }),
  }));
  const same = first !== null && first === second;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (first && second && !same) onCompare(first, second);
  };
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" data-testid="compare-picker">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Stack gap={2}>
            <Title order={3} size="h4" id={headingId}>
              {t('assessments.compare.heading')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('assessments.compare.intro')}
            </Text>
          </Stack>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select
              label={t('assessments.compare.first')}
              data={options}
              value={first}
              onChange={setFirst}
              allowDeselect={false}
              w={{ base: '100%', sm: 400 }}
            />
            <Select
              label={t('assessments.compare.second')}
              data={options}
              value={second}
              onChange={setSecond}
              allowDeselect={false}
              w={{ base: '100%', sm: 400 }}
              error={tried && same ? t('assessments.compare.same') : undefined}
            />
          </Group>
          <Group>
            <Button type="submit" variant="default">
              {t('assessments.compare.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
