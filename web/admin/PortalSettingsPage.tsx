import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ReportSettings,
  useCurrentReportForm,
  useReportSettings,
  useSaveReportSettings,
} from '../api/admin.ts';
import type { SessionInfo } from '../api/auth.ts';
import { useUnits } from '../api/reports.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { FormEditor } from '../form-editor/FormEditor.tsx';

/** `/admin/portal`: the reporting portal's links, emergency notice, deadlines and report form. */
export function PortalSettingsPage() {
  return <RequireArea area="administration">{(session) => <PortalSettings session={session} />}</RequireArea>;
}

function PortalSettings({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <PageTitle>{t('adminTools.portal.title')}</PageTitle>
        <Text c="dimmed">{t('adminTools.portal.intro')}</Text>
      </Stack>
      <PortalLinks tenant={session.user.tenant.slug} />
      <SettingsCard />
      <FormCard />
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
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

function LoadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  return <ErrorNotice error={error} title={t('shell.error.loadFailed')} />;
}

function PortalLinks({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const units = useUnits();
  const base = `/report/${encodeURIComponent(tenant)}`;
  const absolute = (path: string) => `${window.location.origin}${path}`;
  const rows = [
    { key: '', name: t('adminTools.portal.links.general'), path: base },
    ...(units.data ?? []).map((unit) => ({
      key: unit.id,
      name: unit.name,
      path: `${base}/${encodeURIComponent(unit.slug)}`,
    })),
  ];
  return (
    <Section title={t('adminTools.portal.links.heading')}>
      <Text size="sm">{t('adminTools.portal.links.intro')}</Text>
      <Group>
        <Button component="a" href={base} target="_blank" rel="noopener" variant="light">
          {t('adminTools.portal.links.preview')}
        </Button>
      </Group>
      {units.error && <LoadError error={units.error} />}
      {units.isPending && <Loading label={t('shell.loading')} />}
      {units.data?.length === 0 && <Text size="sm">{t('adminTools.portal.links.noUnits')}</Text>}
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="xs" data-testid="portal-links">
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td fw={500}>{row.name}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Anchor href={row.path} target="_blank" rel="noopener" size="sm">
                    {absolute(row.path)}
                  </Anchor>
                </Table.Td>
                <Table.Td w={1}>
                  <CopyButton value={absolute(row.path)}>
                    {({ copied, copy }) => (
                      <Button
                        variant="default"
                        size="xs"
                        onClick={copy}
                        aria-label={`${t('adminTools.portal.links.copy')}: ${row.name}`}
                      >
                        {copied ? t('adminTools.portal.links.copied') : t('adminTools.portal.links.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const settings = useReportSettings();
  return (
    <Section title={t('adminTools.portal.settings.heading')}>
      {settings.error && <LoadError error={settings.error} />}
      {settings.isPending && <Loading label={t('shell.loading')} />}
      {settings.data && <SettingsForm initial={settings.data} />}
    </Section>
  );
}

function SettingsForm({ initial }: { initial: ReportSettings }) {
  const { t } = useTranslation();
  const save = useSaveReportSettings();
  const [de, setDe] = useState(initial.emergencyNotice?.de ?? '');
  const [en, setEn] = useState(initial.emergencyNotice?.en ?? '');
  const [acknowledgeDays, setAcknowledgeDays] = useState<number | string>(initial.acknowledgeDays);
  const [feedbackMonths, setFeedbackMonths] = useState<number | string>(initial.feedbackMonths);
  const [dangerHours, setDangerHours] = useState<number | string>(initial.dangerAcknowledgeHours);
  const [oneLanguageOnly, setOneLanguageOnly] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const notice = { de: de.trim(), en: en.trim() };
    if ((notice.de === '') !== (notice.en === '')) {
      setOneLanguageOnly(true);
      return;
    }
    setOneLanguageOnly(false);
    save.mutate({
      emergencyNotice: notice.de === '' ? null : notice,
      acknowledgeDays: Number(acknowledgeDays),
      feedbackMonths: Number(feedbackMonths),
      dangerAcknowledgeHours: Number(dangerHours),
    });
  };
  const noticeError = oneLanguageOnly ? t('adminTools.portal.settings.noticeBoth') : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('adminTools.portal.settings.noticeHelp')} {t('reports.danger.noticeCallout')}
        </Text>
        <Textarea
          label={t('adminTools.portal.settings.noticeDe')}
          value={de}
          onChange={(event) => {
            setDe(event.currentTarget.value);
            save.reset();
          }}
          autosize
          minRows={2}
          maxLength={2000}
          lang="de"
          error={noticeError && de.trim() === '' ? noticeError : undefined}
        />
        <Textarea
          label={t('adminTools.portal.settings.noticeEn')}
          value={en}
          onChange={(event) => {
            setEn(event.currentTarget.value);
            save.reset();
          }}
          autosize
          minRows={2}
          maxLength={2000}
          lang="en"
          error={noticeError && en.trim() === '' ? noticeError : undefined}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('adminTools.portal.settings.acknowledgeDays')}
            value={acknowledgeDays}
            onChange={setAcknowledgeDays}
            min={1}
            max={90}
            allowDecimal={false}
            required
          />
          <NumberInput
            label={t('adminTools.portal.settings.feedbackMonths')}
            value={feedbackMonths}
            onChange={setFeedbackMonths}
            min={1}
            max={12}
            allowDecimal={false}
            required
          />
        </Group>
        <NumberInput
          label={t('reports.danger.acknowledgeWithin')}
          description={t('reports.danger.acknowledgeWithinHelp')}
          value={dangerHours}
          onChange={setDangerHours}
          min={1}
          max={72}
          allowDecimal={false}
          required
        />
        <ErrorNotice error={save.error} />
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('adminTools.portal.settings.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('adminTools.portal.settings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FormCard() {
  const { t } = useTranslation();
  const form = useCurrentReportForm();
  return (
    <Section title={t('adminTools.portal.form.heading')}>
      {form.error && <LoadError error={form.error} />}
      {form.isPending && <Loading label={t('shell.loading')} />}
      {form.data && (
        <>
          <Text data-testid="current-form">
            {t('adminTools.portal.form.current', { formId: form.data.formId, version: form.data.version })}
          </Text>
          <FormEditor published={form.data} />
        </>
      )}
    </Section>
  );
}
