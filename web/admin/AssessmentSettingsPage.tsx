import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssessmentSettings,
  type ExternalInstrument,
  type Level,
  levels,
  useAssessmentSettings,
  useSaveAssessmentSettings,
} from '../api/assessments.ts';
import { specialties } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { levelOf } from '../assessments/model-text.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';

/**
 * `/admin/assessments`: who takes part in the assessments of cases besides the threat managers, the
 * re-assessment interval per level, the levels whose judgement needs a second threat manager, and the
 * external instruments whose results the case's threat managers record (each result mapped onto L1–L4).
 */
export function AssessmentSettingsPage() {
  return <RequireArea area="administration">{() => <SettingsView />}</RequireArea>;
}

function SettingsView() {
  const { t } = useTranslation();
  const settings = useAssessmentSettings();
  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <PageTitle>{t('assessments.settings.title')}</PageTitle>
        <Text c="dimmed" maw={720}>
          {t('assessments.settings.intro')}
        </Text>
      </Stack>
      {settings.error && (
        <ErrorNotice
          error={settings.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void settings.refetch()}
        />
      )}
      {settings.isPending && <Loading label={t('shell.loading')} />}
      {settings.data && <SettingsForm saved={settings.data} />}
    </Stack>
  );
}

const validDays = (value: number | string) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 730;

function SettingsForm({ saved }: { saved: AssessmentSettings }) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const participantsId = useId();
  const reviewId = useId();
  const signOffId = useId();
  const save = useSaveAssessmentSettings();
  const [chosen, setChosen] = useState<string[]>(saved.expertSpecialties);
  const [days, setDays] = useState<Record<Level, number | string>>(saved.reviewDays);
  const [signOff, setSignOff] = useState<string[]>(saved.signOffLevels);
  const [instruments, setInstruments] = useState<InstrumentDraft[]>(() =>
    saved.externalInstruments.map(instrumentDraft),
  );
  const [tried, setTried] = useState(false);
  const changed = () => save.reset();
  const instrumentProblems = problemsOf(instruments, t);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!levels.every((level) => validDays(days[level]))) return;
    if (hasProblems(instrumentProblems)) return;
    save.mutate({
      ...saved,
      externalInstruments: instruments.map((instrument) => ({
        key: instrument.key.trim(),
        name: instrument.name.trim(),
        levelMap: instrument.rows.map((row) => ({
          result: row.result.trim(),
          label: row.label.trim(),
          level: row.level,
        })),
      })),
      expertSpecialties: chosen.filter((value): value is AssessmentSettings['expertSpecialties'][number] =>
        (specialties as readonly string[]).includes(value),
      ),
      reviewDays: { L1: Number(days.L1), L2: Number(days.L2), L3: Number(days.L3), L4: Number(days.L4) },
      signOffLevels: levels.filter((level) => signOff.includes(level)),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Paper component="section" aria-labelledby={participantsId} withBorder p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="sm">
            <Title order={2} size="h3" id={participantsId}>
              {t('assessments.settings.participantsHeading')}
            </Title>
            <MultiSelect
              label={t('assessments.settings.specialties')}
              description={t('assessments.settings.specialtiesHelp')}
              data={specialties.map((value) => ({ value, label: specialtyLabel(t, value) }))}
              value={chosen}
              onChange={(value) => {
                setChosen(value);
                changed();
              }}
              clearable
              maw={560}
            />
          </Stack>
        </Paper>
        <Paper component="section" aria-labelledby={reviewId} withBorder p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="sm">
            <Title order={2} size="h3" id={reviewId}>
              {t('assessments.settings.reviewHeading')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('assessments.settings.reviewHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
              {levels.map((level) => (
                <NumberInput
                  key={level}
                  label={t('assessments.settings.reviewDays', { level: levelText(levelOf(level)) })}
                  value={days[level]}
                  onChange={(value) => {
                    setDays((previous) => ({ ...previous, [level]: value }));
                    changed();
                  }}
                  min={1}
                  max={730}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  required
                  error={tried && !validDays(days[level]) ? t('assessments.settings.daysInvalid') : undefined}
                />
              ))}
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper component="section" aria-labelledby={signOffId} withBorder p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="sm">
            <Title order={2} size="h3" id={signOffId}>
              {t('assessments.settings.signOffHeading')}
            </Title>
            <Checkbox.Group
              label={t('assessments.settings.signOffLevels')}
              description={t('assessments.settings.signOffHelp')}
              value={signOff}
              onChange={(value) => {
                setSignOff(value);
                changed();
              }}
            >
              <Group gap="lg" mt="xs">
                {levels.map((level) => (
                  <Checkbox key={level} value={level} label={levelText(levelOf(level))} />
                ))}
              </Group>
            </Checkbox.Group>
          </Stack>
        </Paper>
        <InstrumentsSection
          instruments={instruments}
          problems={tried ? instrumentProblems : undefined}
          serverFields={save.error instanceof ApiError ? save.error.fields : []}
          onChange={(next) => {
            setInstruments(next);
            changed();
          }}
        />
        {tried && hasProblems(instrumentProblems) && (
          <Alert color="red" variant="light" role="alert">
            {t('assessments.settings.instrumentsInvalid')}
          </Alert>
        )}
        <ErrorAlert
          error={save.error}
          title={
            save.error instanceof ApiError && save.error.code === 'assessment_settings_invalid'
              ? t('assessments.settings.serverInvalid')
              : undefined
          }
        />
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('assessments.settings.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('assessments.settings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// External instruments as edited: each instrument and each row of its level map with an id of its own, so
// that adding and removing keeps the fields (and the focus) with what they belong to.
interface RowDraft {
  uid: number;
  result: string;
  label: string;
  level: Level;
}
interface InstrumentDraft {
  uid: number;
  key: string;
  name: string;
  rows: RowDraft[];
}

let lastUid = 0;
const uid = () => {
  lastUid += 1;
  return lastUid;
};
const emptyRow = (): RowDraft => ({ uid: uid(), result: '', label: '', level: 'L1' });
const instrumentDraft = (instrument: ExternalInstrument): InstrumentDraft => ({
  uid: uid(),
  key: instrument.key,
  name: instrument.name,
  rows: instrument.levelMap.map((entry) => ({ uid: uid(), ...entry })),
});

const MAX_INSTRUMENTS = 20;
const MAX_ROWS = 20;
const KEY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

interface InstrumentProblems {
  key?: string;
  name?: string;
  rows?: string;
  results: Record<number, string>;
}

/** What the server would refuse, by instrument and row (the server checks the same). */
function problemsOf(instruments: readonly InstrumentDraft[], t: TFunction): InstrumentProblems[] {
  return instruments.map((instrument, index) => {
    const key = instrument.key.trim();
    const problems: InstrumentProblems = { results: {} };
    if (!KEY_PATTERN.test(key)) problems.key = t('assessments.settings.keyInvalid');
    else if (instruments.findIndex((other) => other.key.trim() === key) !== index)
      problems.key = t('assessments.settings.keyRepeated', { key });
    if (!instrument.name.trim()) problems.name = t('assessments.settings.nameRequired');
    if (instrument.rows.length === 0) problems.rows = t('assessments.settings.rowsRequired');
    instrument.rows.forEach((row, rowIndex) => {
      const result = row.result.trim();
      if (!result) problems.results[row.uid] = t('assessments.settings.resultRequired');
      else if (instrument.rows.findIndex((other) => other.result.trim() === result) !== rowIndex)
        problems.results[row.uid] = t('assessments.settings.resultRepeated', { result });
    });
    return problems;
  });
}

const hasProblems = (problems: readonly InstrumentProblems[]) =>
  problems.some((one) => one.key || one.name || one.rows || Object.keys(one.results).length > 0);

/**
 * The external instruments: key and name, and the level map (the instrument's result code, its label, the
 * organisation's level it stands for). The server's refusal (`assessment_settings_invalid`) names the
 * instrument's key or level map; it is shown there.
 */
function InstrumentsSection({
  instruments,
  problems,
  serverFields,
  onChange,
}: {
  instruments: InstrumentDraft[];
  problems: InstrumentProblems[] | undefined;
  serverFields: ReadonlyArray<{ path: string; message: string }>;
  onChange: (next: InstrumentDraft[]) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [added, setAdded] = useState<number | null>(null);
  const serverProblem = (index: number, part: 'key' | 'levelMap') =>
    serverFields.find((field) => field.path === `externalInstruments.${index}.${part}`)?.message;
  const change = (index: number, recipe: (instrument: InstrumentDraft) => InstrumentDraft) =>
    onChange(instruments.map((instrument, other) => (other === index ? recipe(instrument) : instrument)));
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      data-testid="external-instruments"
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id={headingId}>
            {t('assessments.settings.instrumentsHeading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('assessments.settings.instrumentsHelp')}
          </Text>
        </Stack>
        {instruments.length === 0 && <Text size="sm">{t('assessments.settings.noInstruments')}</Text>}
        {instruments.map((instrument, index) => (
          <InstrumentFields
            key={instrument.uid}
            instrument={instrument}
            number={index + 1}
            focusOnMount={instrument.uid === added}
            problems={problems?.[index]}
            serverKey={serverProblem(index, 'key')}
            serverRows={serverProblem(index, 'levelMap')}
            onChange={(recipe) => change(index, recipe)}
            onRemove={() => onChange(instruments.filter((_, other) => other !== index))}
          />
        ))}
        {instruments.length < MAX_INSTRUMENTS && (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                const next: InstrumentDraft = { uid: uid(), key: '', name: '', rows: [emptyRow()] };
                setAdded(next.uid);
                onChange([...instruments, next]);
              }}
            >
              {t('assessments.settings.addInstrument')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function InstrumentFields({
  instrument,
  number,
  focusOnMount,
  problems,
  serverKey,
  serverRows,
  onChange,
  onRemove,
}: {
  instrument: InstrumentDraft;
  number: number;
  focusOnMount: boolean;
  problems: InstrumentProblems | undefined;
  serverKey: string | undefined;
  serverRows: string | undefined;
  onChange: (recipe: (instrument: InstrumentDraft) => InstrumentDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const headingId = useId();
  const keyField = useRef<HTMLInputElement>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusOnMount) keyField.current?.focus();
  }, [focusOnMount]);
  const name = instrument.name.trim() || t('assessments.settings.unnamedInstrument');
  const setRow = (rowUid: number, patch: Partial<RowDraft>) =>
    onChange((current) => ({
      ...current,
      rows: current.rows.map((row) => (row.uid === rowUid ? { ...row, ...patch } : row)),
    }));
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      bg="gray.0"
      data-testid="external-instrument"
      data-key={instrument.key}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="sm">
          <Title order={3} size="h4" id={headingId}>
            {t('assessments.settings.instrumentTitle', { number, name })}
          </Title>
          <Button variant="subtle" color="red.9" size="compact-sm" onClick={onRemove}>
            {t('assessments.settings.removeInstrument', { name })}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            ref={keyField}
            label={t('assessments.settings.instrumentKey')}
            description={t('assessments.settings.instrumentKeyHelp')}
            value={instrument.key}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onChange((current) => ({ ...current, key: value }));
            }}
            required
            maxLength={40}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            error={problems?.key ?? serverKey}
          />
          <TextInput
            label={t('assessments.settings.instrumentName')}
            description={t('assessments.settings.instrumentNameHelp')}
            value={instrument.name}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onChange((current) => ({ ...current, name: value }));
            }}
            required
            maxLength={100}
            error={problems?.name}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('assessments.settings.levelMap')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('assessments.settings.levelMapHelp')}
          </Text>
        </Stack>
        <Table.ScrollContainer minWidth={560}>
          <Table
            verticalSpacing={6}
            aria-label={t('assessments.settings.levelMapOf', { name })}
            data-testid="level-map"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('assessments.settings.result')}</Table.Th>
                <Table.Th>{t('assessments.settings.resultLabel')}</Table.Th>
                <Table.Th w={190}>{t('assessments.settings.mappedLevel')}</Table.Th>
                <Table.Th w={1}>
                  <VisuallyHidden>{t('assessments.settings.rowActions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {instrument.rows.map((row, rowIndex) => {
                const rowNumber = rowIndex + 1;
                const error = problems?.results[row.uid];
                return (
                  <Table.Tr key={row.uid} data-testid="level-map-row">
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <TextInput
                        aria-label={t('assessments.settings.resultOfRow', { number: rowNumber, name })}
                        value={row.result}
                        onChange={(event) => setRow(row.uid, { result: event.currentTarget.value })}
                        required
                        maxLength={40}
                        error={error}
                        autoFocus={row.uid === focusRow}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <TextInput
                        aria-label={t('assessments.settings.labelOfRow', { number: rowNumber, name })}
                        value={row.label}
                        onChange={(event) => setRow(row.uid, { label: event.currentTarget.value })}
                        maxLength={200}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Select
                        aria-label={t('assessments.settings.levelOfRow', { number: rowNumber, name })}
                        data={levels.map((level) => ({ value: level, label: levelText(levelOf(level)) }))}
                        value={row.level}
                        allowDeselect={false}
                        onChange={(value) => {
                          if (value && (levels as readonly string[]).includes(value))
                            setRow(row.uid, { level: value as Level });
                        }}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Button
                        variant="subtle"
                        color="red.9"
                        size="compact-sm"
                        mt={4}
                        disabled={instrument.rows.length <= 1}
                        aria-label={t('assessments.settings.removeRowLabel', { number: rowNumber, name })}
                        onClick={() =>
                          onChange((current) => ({
                            ...current,
                            rows: current.rows.filter((other) => other.uid !== row.uid),
                          }))
                        }
                      >
                        {t('assessments.settings.removeRow')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {(problems?.rows ?? serverRows) && (
          <Text size="sm" c="red.8" role="alert">
            {problems?.rows ?? serverRows}
          </Text>
        )}
        {instrument.rows.length < MAX_ROWS && (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                const row = emptyRow();
                setFocusRow(row.uid);
                onChange((current) => ({ ...current, rows: [...current.rows, row] }));
              }}
            >
              {t('assessments.settings.addRow', { name })}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
