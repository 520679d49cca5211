import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  Group,
  JsonInput,
  List,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ReportSettings,
  useCurrentReportForm,
  usePublishReportForm,
  useReportSettings,
  useSaveReportSettings,
} from '../api/admin.ts';
import type { SessionInfo } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { useUnits } from '../api/reports.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';

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
  return (
    <Alert color="red" variant="light" role="alert">
      {t('adminTools.loadError', { message: error.message })}
    </Alert>
  );
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
      {units.isPending && <Loader size="sm" aria-label={t('auth.checking')} />}
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
      {settings.isPending && <Loader size="sm" aria-label={t('auth.checking')} />}
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
    });
  };
  const noticeError = oneLanguageOnly ? t('adminTools.portal.settings.noticeBoth') : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('adminTools.portal.settings.noticeHelp')}
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
        {save.error && (
          <Alert color="red" variant="light" role="alert">
            {save.error.message}
          </Alert>
        )}
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
      {form.isPending && <Loader size="sm" aria-label={t('auth.checking')} />}
      {form.data && (
        <>
          <Text data-testid="current-form">
            {t('adminTools.portal.form.current', { formId: form.data.formId, version: form.data.version })}
          </Text>
          <FormEditor initial={JSON.stringify(form.data, null, 2)} />
        </>
      )}
    </Section>
  );
}

function FormEditor({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const publish = usePublishReportForm();
  const [text, setText] = useState(initial);
  const [parseError, setParseError] = useState(false);
  // After a publication the current form changes: start the editor again from it.
  useEffect(() => setText(initial), [initial]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch {
      setParseError(true);
      return;
    }
    setParseError(false);
    publish.mutate(definition);
  };
  const fields = publish.error instanceof ApiError ? publish.error.fields : [];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <JsonInput
          label={t('adminTools.portal.form.editorLabel')}
          description={t('adminTools.portal.form.editorHelp')}
          value={text}
          onChange={(value) => {
            setText(value);
            publish.reset();
          }}
          autosize
          minRows={12}
          maxRows={30}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
          error={parseError ? t('adminTools.portal.form.invalidJson') : undefined}
        />
        {publish.error && (
          <Alert color="red" variant="light" role="alert" title={t('adminTools.portal.form.problems')}>
            <Text size="sm">{publish.error.message}</Text>
            {fields.length > 0 && (
              <List size="sm" mt="xs" data-testid="form-problems">
                {fields.map((field) => (
                  <List.Item key={`${field.path}:${field.message}`}>
                    <Text span ff="monospace" size="sm">
                      {field.path}
                    </Text>
                    : {field.message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        {publish.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('adminTools.portal.form.published', { version: publish.data.version })}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={publish.isPending}>
            {t('adminTools.portal.form.publish')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setText(initial);
              setParseError(false);
              publish.reset();
            }}
          >
            {t('adminTools.portal.form.reset')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
