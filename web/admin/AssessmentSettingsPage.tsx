import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssessmentSettings,
  type Level,
  levels,
  useAssessmentSettings,
  useSaveAssessmentSettings,
} from '../api/assessments.ts';
import { specialties } from '../api/auth.ts';
import { levelOf } from '../assessments/model-text.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';

/**
 * `/admin/assessments`: who takes part in the assessments of cases besides the threat managers, the
 * re-assessment interval per level, and the levels whose judgement needs a second threat manager.
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
        <Alert color="red" variant="light" role="alert">
          {t('assessments.settings.loadError', { message: settings.error.message })}
        </Alert>
      )}
      {settings.isPending && <Loader size="sm" aria-label={t('auth.checking')} />}
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
  const [tried, setTried] = useState(false);
  const changed = () => save.reset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!levels.every((level) => validDays(days[level]))) return;
    save.mutate({
      // What this page does not edit (external instruments) goes back as it came.
      ...saved,
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
        <ErrorAlert error={save.error} />
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
