import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type ReportFormDefinition,
  type StaffChannel,
  type StaffReportCreated,
  staffChannels,
  useRecordReport,
  useReportForm,
  useUnits,
} from '../api/reports.ts';
import { ErrorNotice, explainError } from '../components/ErrorNotice.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { AnswersForm } from './AnswersForm.tsx';
import { localDay } from './deadlines.ts';
import { answersFromValues, checkValues, emptyValues, type FormValues } from './form-values.ts';
import { BackLink, Loading } from './ReportBits.tsx';

/** `/reports/new`: a report received by phone, in person, by letter or by e-mail, written down by the team. */
export function RecordReportPage() {
  return <RequireArea area="inbox">{() => <RecordReport />}</RequireArea>;
}

function RecordReport() {
  const { t } = useTranslation();
  const form = useReportForm();
  // The form starts afresh (with a new key) for "record another report".
  const [round, setRound] = useState(0);
  const [created, setCreated] = useState<StaffReportCreated | undefined>();

  return (
    <Stack gap="lg" maw={820}>
      <BackLink to="/inbox" label={t('reports.record.back')} />
      <Stack gap={4}>
        <PageTitle>{t('reports.record.title')}</PageTitle>
        {!created && <Text c="dimmed">{t('reports.record.intro')}</Text>}
      </Stack>
      {created ? (
        <Recorded
          created={created}
          onAnother={() => {
            setCreated(undefined);
            setRound(round + 1);
          }}
        />
      ) : form.isPending ? (
        <Loading label={t('reports.record.formLoading')} />
      ) : form.isError ? (
        <ErrorNotice error={form.error} title={t('reports.record.formError')} />
      ) : (
        <RecordForm key={round} form={form.data} onCreated={setCreated} />
      )}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function RecordForm({
  form,
  onCreated,
}: {
  form: ReportFormDefinition;
  onCreated: (created: StaffReportCreated) => void;
}) {
  const { t } = useTranslation();
  const units = useUnits();
  const record = useRecordReport();
  const today = localDay();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [channel, setChannel] = useState<StaffChannel>('phone');
  const [receivedOn, setReceivedOn] = useState(today);
  const [anonymous, setAnonymous] = useState(true);
  const [reporter, setReporter] = useState({ name: '', email: '', phone: '' });
  const [values, setValues] = useState<FormValues>(() => emptyValues(form));
  const [issueReceipt, setIssueReceipt] = useState(false);
  const [tried, setTried] = useState(false);
  // Counts the attempts to send an incomplete form: each one moves the focus to the first field to fix.
  const [failedAttempts, setFailedAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (failedAttempts === 0) return;
    const form = formRef.current;
    const field =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form
        ?.querySelector<HTMLElement>('.mantine-InputWrapper-error')
        ?.closest<HTMLElement>('.mantine-InputWrapper-root') ??
      null;
    field?.scrollIntoView({ block: 'center' });
    if (field?.matches('input, textarea, select')) field.focus({ preventScroll: true });
  }, [failedAttempts]);

  // With a single unit there is nothing to choose.
  const onlyUnit = units.data?.length === 1 ? units.data[0]?.id : undefined;
  const chosenUnit = unitId ?? onlyUnit ?? null;

  const answerProblems = checkValues(form, values, today);
  const problems = {
    unit: chosenUnit === null,
    receivedOn: receivedOn === '' ? 'required' : receivedOn > today ? 'future' : undefined,
    name: !anonymous && reporter.name.trim() === '',
    answers: Object.keys(answerProblems).length > 0,
  };
  const valid = !problems.unit && !problems.receivedOn && !problems.name && !problems.answers;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!valid || chosenUnit === null) {
      setFailedAttempts((count) => count + 1);
      return;
    }
    const email = reporter.email.trim();
    const phone = reporter.phone.trim();
    record.mutate(
      {
        unitId: chosenUnit,
        channel,
        receivedOn,
        anonymous,
        ...(anonymous
          ? {}
          : { reporter: { name: reporter.name.trim(), ...(email && { email }), ...(phone && { phone }) } }),
        answers: answersFromValues(form, values),
        issueReceipt,
      },
      { onSuccess: onCreated },
    );
  };

  const required = t('reports.record.required');
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Section title={t('reports.record.intakeHeading')}>
          <Select
            label={t('reports.record.unit')}
            description={t('reports.record.unitDescription')}
            withAsterisk
            placeholder={units.isPending ? t('reports.record.unitsLoading') : t('reports.record.select')}
            data={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
            value={chosenUnit}
            onChange={setUnitId}
            searchable
            disabled={!units.isSuccess}
            error={
              (units.error && explainError(units.error, t).message) ??
              (units.isSuccess && units.data.length === 0
                ? t('reports.record.noUnits')
                : tried && problems.unit
                  ? required
                  : undefined)
            }
            maw={420}
          />
          <Radio.Group
            label={t('reports.record.channel')}
            withAsterisk
            value={channel}
            onChange={(value) =>
              setChannel(staffChannels.find((candidate) => candidate === value) ?? 'phone')
            }
          >
            <Group gap="lg" mt="xs">
              {staffChannels.map((option) => (
                <Radio key={option} value={option} label={t(`reports.channel.${option}`)} />
              ))}
            </Group>
          </Radio.Group>
          <TextInput
            label={t('reports.record.receivedOn')}
            withAsterisk
            type="date"
            max={today}
            value={receivedOn}
            onChange={(event) => setReceivedOn(event.currentTarget.value)}
            styles={{ input: { maxWidth: 240 } }}
            error={
              tried && problems.receivedOn
                ? problems.receivedOn === 'future'
                  ? t('reports.record.futureDay')
                  : required
                : undefined
            }
          />
        </Section>

        <Section title={t('reports.record.reporterHeading')}>
          <Radio.Group
            label={t('reports.record.identity')}
            value={anonymous ? 'anonymous' : 'named'}
            onChange={(value) => setAnonymous(value === 'anonymous')}
          >
            <Group gap="lg" mt="xs">
              <Radio value="anonymous" label={t('reports.record.anonymous')} />
              <Radio value="named" label={t('reports.record.named')} />
            </Group>
          </Radio.Group>
          {!anonymous && (
            <Stack gap="sm">
              <TextInput
                label={t('reports.record.name')}
                withAsterisk
                maxLength={200}
                value={reporter.name}
                onChange={(event) => setReporter({ ...reporter, name: event.currentTarget.value })}
                error={tried && problems.name ? required : undefined}
                autoComplete="off"
              />
              <Group grow align="flex-start" gap="sm" wrap="wrap">
                <TextInput
                  label={t('reports.record.email')}
                  description={t('reports.record.contactDescription')}
                  type="email"
                  maxLength={254}
                  value={reporter.email}
                  onChange={(event) => setReporter({ ...reporter, email: event.currentTarget.value })}
                  autoComplete="off"
                  miw={220}
                />
                <TextInput
                  label={t('reports.record.phone')}
                  description={t('reports.record.contactDescription')}
                  type="tel"
                  maxLength={50}
                  value={reporter.phone}
                  onChange={(event) => setReporter({ ...reporter, phone: event.currentTarget.value })}
                  autoComplete="off"
                  miw={220}
                />
              </Group>
            </Stack>
          )}
        </Section>

        <Section title={t('reports.record.questionsHeading')}>
          <AnswersForm
            form={form}
            values={values}
            onChange={(itemId, value) => setValues((before) => ({ ...before, [itemId]: value }))}
            problems={tried ? answerProblems : {}}
            today={today}
          />
        </Section>

        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <Checkbox
            label={t('reports.record.issueReceipt')}
            description={t('reports.record.issueReceiptDescription')}
            checked={issueReceipt}
            onChange={(event) => setIssueReceipt(event.currentTarget.checked)}
          />
        </Paper>

        {tried && !valid && (
          <Alert color="red" variant="light" title={t('reports.record.invalidTitle')} role="alert">
            {t('reports.record.invalid')}
          </Alert>
        )}
        <ErrorNotice error={record.error} title={t('reports.record.failedTitle')} />
        <Group justify="flex-end">
          <Button type="submit" size="md" loading={record.isPending}>
            {t('reports.record.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Recorded({ created, onAnother }: { created: StaffReportCreated; onAnother: () => void }) {
  const { t } = useTranslation();
  const { report, receipt } = created;
  return (
    <Stack gap="md" role="status">
      <Alert
        color="teal"
        variant="light"
        title={t('reports.record.doneTitle', { reference: report.reference })}
      >
        {!receipt && t('reports.record.noReceipt')}
      </Alert>
      {receipt && (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} bg="yellow.0">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('reports.record.receiptTitle')}
            </Title>
            <Text size="sm">{t('reports.record.receiptText')}</Text>
            <Group gap="md" align="center" wrap="wrap">
              <Text
                ff="monospace"
                fz={{ base: 22, sm: 28 }}
                fw={700}
                data-testid="receipt"
                style={{ letterSpacing: '0.08em', whiteSpace: 'nowrap' }}
              >
                {receipt}
              </Text>
              <CopyButton value={receipt}>
                {({ copied, copy }) => (
                  <Button variant="default" size="xs" onClick={copy}>
                    {copied ? t('reports.record.copied') : t('reports.record.copyReceipt')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Paper>
      )}
      <Group gap="sm">
        <Button component={Link} to={`/reports/${report.id}`}>
          {t('reports.record.openReport')}
        </Button>
        <Button variant="default" onClick={onAnother}>
          {t('reports.record.recordAnother')}
        </Button>
      </Group>
    </Stack>
  );
}
