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
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CaseRetentionRule,
  closingOutcomes,
  type RetentionPolicy,
  type RetentionSettings,
  usePreviewRetentionPolicy,
  useRetentionSettings,
  useSaveRetentionPolicy,
} from '../api/retention.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

type Action = RetentionPolicy['caseDefault']['action'];
const ACTIONS: readonly Action[] = ['anonymise', 'delete'];
const LEVELS = [1, 2, 3, 4] as const;
const MAX_RULES = 20;

/** `/admin/retention`: how long closed cases and dismissed reports are kept, and what happens then (admins). */
export function RetentionPolicyPage() {
  return <RequireArea area="administration">{() => <RetentionPolicyView />}</RequireArea>;
}

function RetentionPolicyView() {
  const { t } = useTranslation();
  const settings = useRetentionSettings();
  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={4}>
        <PageTitle>{t('retention.title')}</PageTitle>
        <Text c="dimmed" maw={760}>
          {t('retention.intro')}
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
      {settings.data && <Status settings={settings.data} />}
      {settings.data && <PolicyForm saved={settings.data.policy} />}
    </Stack>
  );
}

function Status({ settings }: { settings: RetentionSettings }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const run = settings.lastRun;
  return (
    <Stack gap={4} data-testid="retention-status">
      <Text size="sm">
        {settings.isDefault || !settings.updatedAt
          ? t('retention.defaults')
          : t('retention.savedAt', { date: formatDay(settings.updatedAt.slice(0, 10), language) })}
      </Text>
      <Text size="sm" c="dimmed">
        {run ? t('retention.lastRun', { ...run, day: formatDay(run.runOn, language) }) : t('retention.noRun')}
      </Text>
    </Stack>
  );
}

/** A whole number of months or days from a field, or null while it is empty or not one. */
const whole = (value: number | string): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

function PolicyForm({ saved }: { saved: RetentionPolicy }) {
  const { t } = useTranslation();
  const save = useSaveRetentionPolicy();
  const preview = usePreviewRetentionPolicy();
  const [policy, setPolicy] = useState<RetentionPolicy>(saved);
  const [tried, setTried] = useState(false);
  const change = (next: RetentionPolicy) => {
    setPolicy(next);
    save.reset();
    preview.reset();
  };
  const setRule = (index: number, rule: CaseRetentionRule) =>
    change({ ...policy, caseRules: policy.caseRules.map((old, at) => (at === index ? rule : old)) });
  const unmatched = policy.caseRules.some((rule) => rule.outcomes.length === 0 && rule.levels.length === 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (unmatched) return;
    save.mutate(policy);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Section heading={t('retention.casesHeading')} intro={t('retention.casesIntro')}>
          {policy.caseRules.map((rule, index) => (
            <RuleCard
              // Rules have no ids: their position is what they are.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={index}
              number={index + 1}
              rule={rule}
              showProblem={tried}
              onChange={(next) => setRule(index, next)}
              onRemove={() =>
                change({ ...policy, caseRules: policy.caseRules.filter((_, at) => at !== index) })
              }
            />
          ))}
          {policy.caseRules.length < MAX_RULES && (
            <Group>
              <Button
                variant="default"
                onClick={() =>
                  change({
                    ...policy,
                    caseRules: [
                      ...policy.caseRules,
                      { outcomes: ['unfounded'], levels: [], months: 6, action: 'anonymise' },
                    ],
                  })
                }
              >
                {t('retention.addRule')}
              </Button>
            </Group>
          )}
        </Section>
        <Section heading={t('retention.defaultHeading')}>
          <PeriodFields
            period={policy.caseDefault}
            onChange={(caseDefault) => change({ ...policy, caseDefault })}
            testId="case-default"
          />
        </Section>
        <Section heading={t('retention.reportsHeading')} intro={t('retention.reportsIntro')}>
          <PeriodFields
            period={policy.dismissedReports}
            onChange={(dismissedReports) => change({ ...policy, dismissedReports })}
            testId="dismissed-reports"
          />
        </Section>
        <NumberInput
          label={t('retention.warningDays')}
          description={t('retention.warningDaysHelp')}
          value={policy.warningDays}
          onChange={(value) => {
            const days = whole(value);
            if (days !== null) change({ ...policy, warningDays: days });
          }}
          min={0}
          max={365}
          allowDecimal={false}
          allowNegative={false}
          maw={340}
        />
        <ErrorNotice error={save.error ?? preview.error} />
        {preview.data && (
          <Alert color="blue" variant="light" role="status" title={t('retention.preview.title')}>
            <Text size="sm" data-testid="retention-preview">
              {t('retention.preview.result', preview.data)}
            </Text>
          </Alert>
        )}
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('retention.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('retention.save')}
          </Button>
          <Button
            variant="default"
            loading={preview.isPending}
            onClick={() => {
              setTried(true);
              if (!unmatched) preview.mutate(policy);
            }}
          >
            {t('retention.preview.button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Section({
  heading,
  intro,
  children,
}: {
  heading: string;
  intro?: string;
  children: React.ReactNode;
}) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {heading}
        </Title>
        {intro && (
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}

function PeriodFields({
  period,
  onChange,
  testId,
}: {
  period: { months: number; action: Action };
  onChange: (period: { months: number; action: Action }) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid={testId}>
      <NumberInput
        label={t('retention.months')}
        value={period.months}
        onChange={(value) => {
          const months = whole(value);
          if (months !== null) onChange({ ...period, months });
        }}
        min={1}
        max={1200}
        allowDecimal={false}
        allowNegative={false}
        required
      />
      <Select
        label={t('retention.action')}
        data={ACTIONS.map((value) => ({ value, label: t(`retention.actions.${value}`) }))}
        value={period.action}
        onChange={(value) => {
          const action = ACTIONS.find((candidate) => candidate === value);
          if (action) onChange({ ...period, action });
        }}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
    </SimpleGrid>
  );
}

function RuleCard({
  number,
  rule,
  showProblem,
  onChange,
  onRemove,
}: {
  number: number;
  rule: CaseRetentionRule;
  showProblem: boolean;
  onChange: (rule: CaseRetentionRule) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const unmatched = rule.outcomes.length === 0 && rule.levels.length === 0;
  return (
    <Paper
      withBorder
      p="md"
      radius="sm"
      component="fieldset"
      aria-labelledby={headingId}
      data-testid={`retention-rule-${number}`}
      style={{ margin: 0 }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} id={headingId}>
            {t('retention.rule', { number })}
          </Text>
          <Button variant="subtle" color="red.9" size="compact-sm" onClick={onRemove}>
            {t('retention.removeRule', { number })}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <MultiSelect
            label={t('retention.outcomes')}
            placeholder={rule.outcomes.length === 0 ? t('retention.outcomesAny') : undefined}
            data={closingOutcomes.map((value) => ({ value, label: t(`retention.outcomeLabels.${value}`) }))}
            value={rule.outcomes}
            onChange={(values) =>
              onChange({ ...rule, outcomes: closingOutcomes.filter((outcome) => values.includes(outcome)) })
            }
            comboboxProps={{ withinPortal: true }}
            error={showProblem && unmatched ? t('retention.ruleNeedsMatch') : undefined}
          />
          <Checkbox.Group
            label={t('retention.levels')}
            description={rule.levels.length === 0 ? t('retention.levelsAny') : undefined}
            value={rule.levels.map(String)}
            onChange={(values) =>
              onChange({ ...rule, levels: LEVELS.filter((level) => values.includes(String(level))) })
            }
          >
            <Group gap="md" mt={6}>
              {LEVELS.map((level) => (
                <Checkbox key={level} value={String(level)} label={t('retention.level', { level })} />
              ))}
            </Group>
          </Checkbox.Group>
        </SimpleGrid>
        <PeriodFields
          period={rule}
          onChange={(period) => onChange({ ...rule, ...period })}
          testId={`retention-rule-${number}-period`}
        />
      </Stack>
    </Paper>
  );
}
