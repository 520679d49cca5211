import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssessmentDetail,
  type Level,
  levels,
  useAssessmentSettings,
  useFinaliseAssessment,
  useReturnAssessment,
  useSignOffAssessment,
} from '../api/assessments.ts';
import { ApiError } from '../api/client.ts';
import { LevelBadge, useLevelText } from '../cases/CaseBadges.tsx';
import { formatMoment, localDayOf } from '../cases/case-times.ts';
import { ActionDialog, ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { definitionOf, itemsOf, levelOf, localised } from './model-text.ts';

const MAX_SCENARIOS = 10;

/** The day `days` from today, as `YYYY-MM-DD`. */
function dayAfter(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return localDayOf(date);
}

/** The server's problems of a refused judgement, by field; the rest stays in the alert. */
function fieldErrors(error: Error | null): { rationale?: string; deviationReason?: string } {
  if (!(error instanceof ApiError)) return {};
  const out: { rationale?: string; deviationReason?: string } = {};
  for (const field of error.fields)
    if (field.path === 'rationale' || field.path === 'deviationReason') out[field.path] = field.message;
  if (error.code === 'judgement_rationale_missing') out.rationale ??= error.message;
  if (error.code === 'judgement_deviation_unexplained') out.deviationReason ??= error.message;
  return out;
}

/**
 * The final judgement (for the case's threat managers): a level, the rationale, a reason whenever the
 * level departs from the suggestion (the field appears as soon as it does), scenarios and the next review,
 * suggested from the organisation's interval for the level. `beforeSubmit` saves the answers first: the
 * server judges on the stored answers.
 */
export function JudgementForm({
  caseId,
  detail,
  beforeSubmit,
  onDone,
  onSupportMissing,
}: {
  caseId: string;
  detail: AssessmentDetail;
  beforeSubmit: () => Promise<boolean>;
  onDone: (message: string) => void;
  /** The items the server named as needing a note or evidence (`assessment_evidence_missing`), or none. */
  onSupportMissing?: (itemIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const levelText = useLevelText();
  const settings = useAssessmentSettings();
  const finalise = useFinaliseAssessment(caseId, detail.id);
  const suggested = detail.computed?.suggestedLevel ?? null;
  const [level, setLevel] = useState<Level | null>(null);
  const [rationale, setRationale] = useState('');
  const [deviationReason, setDeviationReason] = useState('');
  const [scenarios, setScenarios] = useState<string[]>([]);
  const [nextReview, setNextReview] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const departs = level !== null && suggested !== null && level !== suggested;
  const reviewDays = level && settings.data ? settings.data.reviewDays[level] : null;
  // The next review follows the level chosen until the user sets a day of their own.
  const review = nextReview ?? (reviewDays !== null ? dayAfter(reviewDays) : '');
  const server = fieldErrors(finalise.error);
  const problems = {
    level: tried && level === null ? t('assessments.judgement.levelRequired') : undefined,
    rationale: tried && !rationale.trim() ? t('assessments.judgement.rationaleRequired') : server.rationale,
    deviationReason:
      tried && departs && !deviationReason.trim()
        ? t('assessments.judgement.deviationRequired')
        : departs
          ? server.deviationReason
          : undefined,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (level === null || !rationale.trim() || (departs && !deviationReason.trim())) return;
    setPreparing(true);
    onSupportMissing?.([]);
    const stored = await beforeSubmit();
    setPreparing(false);
    if (!stored) return;
    // The form goes away once the judgement is recorded (the assessment shows as decided): the notice is
    // given from the promise, which outlives it.
    const decided = await finalise
      .mutateAsync({
        level,
        rationale: rationale.trim(),
        ...(departs ? { deviationReason: deviationReason.trim() } : {}),
        scenarios: scenarios.map((scenario) => scenario.trim()).filter(Boolean),
        ...(review ? { nextReviewOn: review } : {}),
      })
      .catch((error: unknown) => {
        const missing = supportMissingItems(error);
        if (missing.length > 0) onSupportMissing?.(missing);
        return null;
      });
    if (!decided) return;
    onDone(
      decided.status === 'awaiting_sign_off'
        ? t('assessments.judgement.recordedAwaiting', { level: levelText(levelOf(level)) })
        : t('assessments.judgement.recorded', { level: levelText(levelOf(level)) }),
    );
  };

  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      data-testid="judgement-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={3} size="h4" id={headingId}>
              {t('assessments.judgement.heading')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('assessments.judgement.intro')}
            </Text>
          </Stack>
          <Radio.Group
            label={t('assessments.judgement.level')}
            description={
              suggested
                ? t('assessments.judgement.suggestionIs', { level: levelText(levelOf(suggested)) })
                : undefined
            }
            value={level ?? ''}
            onChange={(value) => {
              setLevel((levels as readonly string[]).includes(value) ? (value as Level) : null);
              finalise.reset();
            }}
            required
            error={problems.level}
          >
            <Stack gap={6} mt="xs">
              {levels.map((code) => (
                <Radio
                  key={code}
                  value={code}
                  label={t('assessments.judgement.levelOption', {
                    level: levelText(levelOf(code)),
                    meaning: t(`assessments.judgement.meanings.${code}`),
                  })}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('assessments.judgement.rationale')}
            description={t('assessments.judgement.rationaleHelp')}
            value={rationale}
            onChange={(event) => setRationale(event.currentTarget.value)}
            required
            autosize
            minRows={3}
            maxLength={10_000}
            error={problems.rationale}
          />
          {departs && suggested && level && (
            <Textarea
              label={t('assessments.judgement.deviation')}
              description={t('assessments.judgement.deviationHelp', {
                suggested: levelText(levelOf(suggested)),
                level: levelText(levelOf(level)),
              })}
              value={deviationReason}
              onChange={(event) => setDeviationReason(event.currentTarget.value)}
              required
              autosize
              minRows={2}
              maxLength={10_000}
              error={problems.deviationReason}
              data-testid="deviation-reason"
            />
          )}
          <ScenarioList scenarios={scenarios} onChange={setScenarios} />
          <TextInput
            type="date"
            label={t('assessments.judgement.nextReview')}
            description={
              level && reviewDays !== null
                ? t('assessments.judgement.nextReviewHelp', {
                    level: levelText(levelOf(level)),
                    count: reviewDays,
                  })
                : t('assessments.judgement.nextReviewHelpPlain')
            }
            value={review}
            min={localDayOf(new Date())}
            onChange={(event) => setNextReview(event.currentTarget.value)}
            maw={260}
          />
          {supportMissingItems(finalise.error).length > 0 ? (
            <SupportMissingAlert detail={detail} itemIds={supportMissingItems(finalise.error)} />
          ) : (
            <ErrorAlert error={finalise.error} />
          )}
          <Group gap="sm">
            <Button type="submit" loading={preparing || finalise.isPending}>
              {t('assessments.judgement.submit')}
            </Button>
            {preparing && (
              <Text size="sm" c="dimmed" role="status">
                {t('assessments.judgement.savingAnswers')}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The items a refused judgement names as needing a note or evidence (`answers.<itemId>`). */
function supportMissingItems(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'assessment_evidence_missing') return [];
  return error.fields.flatMap((field) => {
    const match = /^answers\.([^.]+)$/.exec(field.path);
    return match?.[1] ? [match[1]] : [];
  });
}

/**
 * The judgement was refused: positive answers the model wants supported have neither note nor evidence.
 * Names the items by their text, each a link to the item (marked in the form, its note field open).
 */
function SupportMissingAlert({ detail, itemIds }: { detail: AssessmentDetail; itemIds: string[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const definition = definitionOf(detail);
  const items = definition ? itemsOf(definition) : [];
  const textOf = (itemId: string) => {
    const item = items.find((candidate) => candidate.itemId === itemId);
    return item ? localised(item.text, language) : itemId;
  };
  const goTo = (itemId: string) => {
    const card = document.querySelector<HTMLElement>(
      `[data-testid="assessment-item"][data-item="${CSS.escape(itemId)}"]`,
    );
    if (!card) return;
    card.scrollIntoView({ block: 'center' });
    // The note opens with the mark; the first field of the item is where the user goes on.
    window.setTimeout(
      () =>
        (card.querySelector<HTMLElement>('textarea') ?? card.querySelector<HTMLElement>('input'))?.focus({
          preventScroll: true,
        }),
      50,
    );
  };
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={t('assessments.judgement.supportMissingTitle')}
      data-testid="support-missing"
    >
      <Stack gap={6}>
        <Text size="sm">{t('assessments.judgement.supportMissing', { count: itemIds.length })}</Text>
        <List size="sm" spacing={2}>
          {itemIds.map((itemId) => (
            <List.Item key={itemId}>
              <Anchor component="button" type="button" size="sm" onClick={() => goTo(itemId)}>
                {textOf(itemId)}
              </Anchor>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

function ScenarioList({ scenarios, onChange }: { scenarios: string[]; onChange: (next: string[]) => void }) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <Stack gap={6} role="group" aria-labelledby={labelId}>
      <Stack gap={0}>
        <Text size="sm" fw={500} id={labelId}>
          {t('assessments.judgement.scenarios')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('assessments.judgement.scenariosHelp')}
        </Text>
      </Stack>
      {scenarios.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('assessments.judgement.noScenarios')}
        </Text>
      )}
      {scenarios.map((scenario, index) => (
        // Scenarios have no ids of their own; their place in the list is what names them.
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is edited in place, by position
        <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={t('assessments.judgement.scenario', { number: index + 1 })}
            value={scenario}
            onChange={(event) => {
              const next = [...scenarios];
              next[index] = event.currentTarget.value;
              onChange(next);
            }}
            maxLength={1000}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="red.9"
            size="lg"
            aria-label={t('assessments.judgement.removeScenario', { number: index + 1 })}
            onClick={() => onChange(scenarios.filter((_, other) => other !== index))}
          >
            <span aria-hidden="true">×</span>
          </ActionIcon>
        </Group>
      ))}
      {scenarios.length < MAX_SCENARIOS && (
        <Group>
          <Button variant="default" size="xs" onClick={() => onChange([...scenarios, ''])}>
            {t('assessments.judgement.addScenario')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** A recorded judgement: level, agreement with the suggestion, rationale, reason, scenarios, who and when. */
export function JudgementView({
  caseId,
  detail,
  onNotice,
}: {
  caseId: string;
  detail: AssessmentDetail;
  /** Said in the tab: returned to a draft, the assessment shows as one and this view goes away. */
  onNotice?: (message: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const levelText = useLevelText();
  const signOff = useSignOffAssessment(caseId, detail.id);
  const returning = useReturnAssessment(caseId, detail.id);
  const [confirmReturn, setConfirmReturn] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const judgement = detail.judgement;
  const suggested = detail.suggestedLevel;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      data-testid="judgement-view"
      style={{ borderLeft: '4px solid var(--mantine-color-blue-8)' }}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {t('assessments.judgement.heading')}
        </Title>
        {detail.status === 'awaiting_sign_off' && (
          <Alert color="yellow" variant="light" data-testid="awaiting-sign-off">
            {t('assessments.judgement.awaiting')}
          </Alert>
        )}
        {judgement ? (
          <>
            <Group gap="sm" wrap="wrap">
              <LevelBadge
                level={levelOf(judgement.level)}
                label={t('assessments.levelLabel.final')}
                size="xl"
                testId="final-level"
              />
              {suggested && (
                <Text size="sm">
                  {detail.agreesWithSuggestion
                    ? t('assessments.judgement.agrees', { level: levelText(levelOf(suggested)) })
                    : t('assessments.judgement.differs', { level: levelText(levelOf(suggested)) })}
                </Text>
              )}
            </Group>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t('assessments.judgement.rationale')}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{judgement.rationale}</Text>
            </Stack>
            {judgement.deviationReason && (
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {t('assessments.judgement.deviationReason')}
                </Text>
                <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {judgement.deviationReason}
                </Text>
              </Stack>
            )}
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t('assessments.judgement.scenarios')}
              </Text>
              {judgement.scenarios.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('assessments.judgement.noScenariosRecorded')}
                </Text>
              ) : (
                <Stack component="ul" gap={2} m={0} pl="lg">
                  {judgement.scenarios.map((scenario) => (
                    <Text component="li" key={scenario} size="sm">
                      {scenario}
                    </Text>
                  ))}
                </Stack>
              )}
            </Stack>
          </>
        ) : null}
        <Stack gap={2}>
          {detail.decidedAt && (
            <Text size="sm" c="dimmed">
              {t('assessments.judgement.decided', {
                when: formatMoment(detail.decidedAt, language),
                name: detail.decidedBy?.name || t('assessments.list.someone'),
              })}
            </Text>
          )}
          {detail.signedOffBy && (
            <Text size="sm" c="dimmed">
              {t('assessments.judgement.signedOff', { name: detail.signedOffBy.name })}
            </Text>
          )}
          {detail.nextReviewOn && (
            <Text size="sm" fw={500}>
              {t('assessments.judgement.nextReviewOn', { date: formatDay(detail.nextReviewOn, language) })}
            </Text>
          )}
        </Stack>
        <div role="status">
          {notice && (
            <Alert color="teal" variant="light">
              {notice}
            </Alert>
          )}
        </div>
        <ErrorAlert error={signOff.error} />
        {detail.status === 'awaiting_sign_off' && (detail.can.signOff || detail.can.returnToDraft) && (
          <Stack gap={6}>
            <Group gap="sm">
              {detail.can.signOff && (
                <Button
                  loading={signOff.isPending}
                  disabled={returning.isPending}
                  onClick={() =>
                    signOff.mutate(undefined, {
                      onSuccess: () => setNotice(t('assessments.judgement.signedOffNotice')),
                    })
                  }
                >
                  {t('assessments.judgement.signOff')}
                </Button>
              )}
              {detail.can.returnToDraft && (
                <Button
                  variant="default"
                  disabled={signOff.isPending}
                  onClick={() => {
                    returning.reset();
                    setConfirmReturn(true);
                  }}
                >
                  {t('assessments.judgement.returnToDraft')}
                </Button>
              )}
            </Group>
            {detail.can.returnToDraft && (
              <Text size="xs" c="dimmed">
                {t('assessments.judgement.returnHelp')}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
      {confirmReturn && (
        <ActionDialog
          title={t('assessments.judgement.returnTitle')}
          intro={t('assessments.judgement.returnText')}
          submitLabel={t('assessments.judgement.returnConfirm')}
          pending={returning.isPending}
          error={returning.error}
          onClose={() => setConfirmReturn(false)}
          onSubmit={() =>
            // Returned, the assessment shows as a draft and this view goes away: the notice is the tab's.
            void returning.mutateAsync().then(
              () => {
                setConfirmReturn(false);
                const message = t('assessments.judgement.returnedNotice');
                if (onNotice) onNotice(message);
                else setNotice(message);
              },
              () => undefined,
            )
          }
        >
          {null}
        </ActionDialog>
      )}
    </Paper>
  );
}
