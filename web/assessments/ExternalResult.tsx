import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssessmentDetail,
  type ExternalInstrument,
  type ExternalRecord,
  useAssessmentSettings,
  useRecordExternalResult,
} from '../api/assessments.ts';
import { ApiError } from '../api/client.ts';
import { LevelBadge, useLevelText } from '../cases/CaseBadges.tsx';
import { formatMoment, localDayOf } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { levelOf } from './model-text.ts';

// Results of external licensed instruments (e.g. DyRiAS), applied by a qualified assessor outside TMA: the
// case's threat managers record instrument, version, day, result and assessor; the organisation's level map
// (assessment settings) turns the result into a level. Final at once, on the same timeline as the
// assessments with a model, without a suggestion of their own.

/** "Assessed on 3 Mar 2025": the day an external result was recorded for (decidedAt is noon UTC of it). */
export const assessedDayOf = (decidedAt: string | null, record?: ExternalRecord) =>
  record?.assessedOn ?? decidedAt?.slice(0, 10) ?? null;

/** A small mark that tells an external result from an assessment with a model. */
export function ExternalBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="grape.8" radius="sm" tt="none" data-testid="external-badge">
      {t('assessments.external.badge')}
    </Badge>
  );
}

type Problems = Partial<
  Record<'instrument' | 'instrumentVersion' | 'assessedOn' | 'result' | 'assessor', string>
>;

/** The server's refusal as a message by field, in the user's language. */
function serverProblems(error: Error | null, t: TFunction): Problems {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'instrument_unknown') return { instrument: t('assessments.external.instrumentUnknown') };
  if (error.code === 'instrument_result_unknown') return { result: t('assessments.external.resultUnknown') };
  if (error.code === 'assessed_on_in_future')
    return { assessedOn: t('assessments.external.assessedOnFuture') };
  return {};
}

const handledCodes = ['instrument_unknown', 'instrument_result_unknown', 'assessed_on_in_future'];

/**
 * "Record an external result" for the case's threat managers: a button that opens the form beneath it.
 * The instruments and their level maps come from the organisation's settings; without any, nothing shows.
 */
export function ExternalResultSection({
  caseId,
  onRecorded,
}: {
  caseId: string;
  onRecorded: (detail: AssessmentDetail) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const settings = useAssessmentSettings();
  const instruments = settings.data?.externalInstruments ?? [];
  // Only where the organisation has set up instruments (assessment settings); most record none.
  if (instruments.length === 0) return null;
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" data-testid="external-result">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} style={{ flex: 1, minWidth: 240 }}>
            <Title order={3} size="h4" id={headingId}>
              {t('assessments.external.heading')}
            </Title>
            <Text size="sm" c="dimmed" maw={680}>
              {t('assessments.external.intro')}
            </Text>
          </Stack>
          {!open && (
            <Button variant="default" onClick={() => setOpen(true)}>
              {t('assessments.external.open')}
            </Button>
          )}
        </Group>
        {open && (
          <ExternalResultForm
            caseId={caseId}
            instruments={instruments}
            onCancel={() => setOpen(false)}
            onRecorded={(detail) => {
              setOpen(false);
              onRecorded(detail);
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

function ExternalResultForm({
  caseId,
  instruments,
  onCancel,
  onRecorded,
}: {
  caseId: string;
  instruments: readonly ExternalInstrument[];
  onCancel: () => void;
  onRecorded: (detail: AssessmentDetail) => void;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const queryClient = useQueryClient();
  const record = useRecordExternalResult(caseId);
  const today = localDayOf(new Date());
  const [instrumentKey, setInstrumentKey] = useState<string | null>(
    instruments.length === 1 ? (instruments[0]?.key ?? null) : null,
  );
  const [version, setVersion] = useState('');
  const [assessedOn, setAssessedOn] = useState(today);
  const [result, setResult] = useState<string | null>(null);
  const [assessor, setAssessor] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const instrument = instruments.find((candidate) => candidate.key === instrumentKey);
  const mapped = instrument?.levelMap.find((entry) => entry.result === result);
  const server = serverProblems(record.error, t);
  const problems: Problems = {
    instrument: tried && !instrument ? t('assessments.external.instrumentRequired') : server.instrument,
    instrumentVersion:
      tried && !version.trim() ? t('assessments.external.versionRequired') : server.instrumentVersion,
    assessedOn:
      tried && !assessedOn
        ? t('assessments.external.assessedOnRequired')
        : assessedOn > today
          ? t('assessments.external.assessedOnFuture')
          : server.assessedOn,
    result: tried && instrument && !mapped ? t('assessments.external.resultRequired') : server.result,
    assessor: tried && !assessor.trim() ? t('assessments.external.assessorRequired') : undefined,
  };
  const changed = () => record.reset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!instrument || !mapped || !version.trim() || !assessedOn || assessedOn > today || !assessor.trim())
      return;
    record.mutate(
      {
        instrument: instrument.key,
        instrumentVersion: version.trim(),
        assessedOn,
        result: mapped.result,
        assessor: assessor.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      {
        onSuccess: onRecorded,
        onError: (error) => {
          // The instruments changed meanwhile: show the organisation's current ones.
          if (
            error instanceof ApiError &&
            (error.code === 'instrument_unknown' || error.code === 'instrument_result_unknown')
          )
            void queryClient.invalidateQueries({ queryKey: ['assessment-settings'] });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('assessments.external.heading')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('assessments.external.instrument')}
            data={instruments.map((candidate) => ({ value: candidate.key, label: candidate.name }))}
            value={instrumentKey}
            onChange={(value) => {
              setInstrumentKey(value);
              setResult(null);
              changed();
            }}
            allowDeselect={false}
            required
            error={problems.instrument}
          />
          <TextInput
            label={t('assessments.external.instrumentVersion')}
            description={t('assessments.external.instrumentVersionHelp')}
            value={version}
            onChange={(event) => {
              setVersion(event.currentTarget.value);
              changed();
            }}
            required
            maxLength={40}
            error={problems.instrumentVersion}
          />
          <TextInput
            type="date"
            label={t('assessments.external.assessedOn')}
            description={t('assessments.external.assessedOnHelp')}
            value={assessedOn}
            max={today}
            onChange={(event) => {
              setAssessedOn(event.currentTarget.value);
              changed();
            }}
            required
            error={problems.assessedOn}
          />
          <Select
            label={t('assessments.external.result')}
            description={
              instrument
                ? t('assessments.external.resultHelp')
                : t('assessments.external.chooseInstrumentFirst')
            }
            data={(instrument?.levelMap ?? []).map((entry) => ({
              value: entry.result,
              label: t(
                entry.label ? 'assessments.external.resultOption' : 'assessments.external.resultOptionPlain',
                {
                  result: entry.result,
                  label: entry.label,
                  level: levelText(levelOf(entry.level)),
                },
              ),
            }))}
            value={result}
            onChange={(value) => {
              setResult(value);
              changed();
            }}
            disabled={!instrument}
            allowDeselect={false}
            required
            error={problems.result}
          />
        </SimpleGrid>
        {mapped && (
          <Group gap="xs" data-testid="external-mapped">
            <Text size="sm">{t('assessments.external.mapsTo')}</Text>
            <LevelBadge level={levelOf(mapped.level)} label={t('assessments.external.mappedLevel')} />
          </Group>
        )}
        <TextInput
          label={t('assessments.external.assessor')}
          description={t('assessments.external.assessorHelp')}
          value={assessor}
          onChange={(event) => {
            setAssessor(event.currentTarget.value);
            changed();
          }}
          required
          maxLength={200}
          error={problems.assessor}
          maw={520}
        />
        <Textarea
          label={t('assessments.external.note')}
          value={note}
          onChange={(event) => {
            setNote(event.currentTarget.value);
            changed();
          }}
          autosize
          minRows={2}
          maxLength={5000}
        />
        {record.error && !(record.error instanceof ApiError && handledCodes.includes(record.error.code)) && (
          <ErrorAlert error={record.error} />
        )}
        <Text size="sm" c="dimmed">
          {t('assessments.external.finalHint')}
        </Text>
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {t('assessments.external.submit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('assessments.external.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A recorded external result: the mapped level, instrument and version, result, assessor, day and note. */
export function ExternalResultView({ detail }: { detail: AssessmentDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const record = detail.external;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      data-testid="external-view"
      style={{ borderLeft: '4px solid var(--mantine-color-grape-8)' }}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {t('assessments.external.recordHeading')}
        </Title>
        <Group gap="sm" wrap="wrap">
          <LevelBadge
            level={levelOf(detail.finalLevel)}
            label={t('assessments.external.mappedLevel')}
            size="xl"
            testId="final-level"
          />
          <Text size="sm">{t('assessments.external.mappedHelp')}</Text>
        </Group>
        {record ? (
          <Stack component="dl" gap={6} m={0}>
            <Fact label={t('assessments.external.instrument')}>
              {t('assessments.external.instrumentWithVersion', {
                name: record.instrumentName,
                version: record.instrumentVersion,
              })}
            </Fact>
            <Fact label={t('assessments.external.result')} testId="external-result-value">
              {record.resultLabel
                ? t('assessments.external.resultWithLabel', {
                    result: record.result,
                    label: record.resultLabel,
                  })
                : record.result}
            </Fact>
            <Fact label={t('assessments.external.assessedOn')}>{formatDay(record.assessedOn, language)}</Fact>
            <Fact label={t('assessments.external.assessor')}>{record.assessor}</Fact>
            {record.note && (
              <Fact label={t('assessments.external.noteRecorded')} preWrap>
                {record.note}
              </Fact>
            )}
          </Stack>
        ) : (
          <Alert color="red" variant="light">
            {t('assessments.external.unreadable')}
          </Alert>
        )}
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            {t('assessments.external.recordedBy', {
              when: formatMoment(detail.startedAt, language),
              name: detail.startedBy?.name || t('assessments.list.someone'),
            })}
          </Text>
          {detail.nextReviewOn && (
            <Text size="sm" fw={500}>
              {t('assessments.judgement.nextReviewOn', { date: formatDay(detail.nextReviewOn, language) })}
            </Text>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function Fact({
  label,
  children,
  testId,
  preWrap = false,
}: {
  label: string;
  children: string;
  testId?: string;
  preWrap?: boolean;
}) {
  return (
    <Group gap="xs" align="baseline" wrap="nowrap" data-testid={testId}>
      <Text component="dt" size="sm" fw={600} miw={150} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text
        component="dd"
        m={0}
        style={preWrap ? { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } : { overflowWrap: 'anywhere' }}
      >
        {children}
      </Text>
    </Group>
  );
}
