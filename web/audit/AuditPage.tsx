import {
  Autocomplete,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AuditFilters,
  type AuditLogEvent,
  type AuditLogStatus,
  auditCsvUrl,
  readsAuditLog,
  useAuditEvents,
  useAuditStatus,
  useAuditUsers,
} from '../api/audit.ts';
import type { SessionInfo } from '../api/auth.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { NoticePage } from '../components/PageNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * `/audit`: the audit log for auditors and admins (server/modules/audit/routes.ts): filters by user, case
 * reference, action, outcome and days; the events newest first with "load older events" (keyset pages); the
 * filtered log as CSV that `tma audit verify --extract` checks; and the chain's verification status.
 */
export function AuditPage() {
  return <RequireSignIn>{(session) => <AuditGate session={session} />}</RequireSignIn>;
}

function AuditGate({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  if (!readsAuditLog(session))
    return <NoticePage title={t('audit.access.title')}>{t('audit.access.text')}</NoticePage>;
  return <AuditLog />;
}

const ACTION_SUGGESTIONS = [
  'case.*',
  'case.read',
  'case.update',
  'case.export',
  'case.list',
  'report.*',
  'report.read',
  'auth.*',
  'auth.login',
  'user.*',
  'audit.*',
  'statistics.*',
  'keys.*',
];

/** A day typed in the form (yyyy-mm-dd) as the start of that day in the browser's time zone, ISO 8601. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const start = new Date(year, month - 1, date + plusDays);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

interface FormState {
  actorId: string | null;
  caseReference: string;
  action: string;
  outcome: string | null;
  from: string;
  to: string;
}

const emptyForm: FormState = {
  actorId: null,
  caseReference: '',
  action: '',
  outcome: null,
  from: '',
  to: '',
};

function filtersOf(form: FormState): AuditFilters {
  const filters: AuditFilters = {};
  if (form.actorId) filters.actorId = form.actorId;
  if (form.caseReference.trim()) filters.caseReference = form.caseReference.trim();
  if (form.action.trim()) filters.action = form.action.trim();
  if (form.outcome === 'success' || form.outcome === 'failure' || form.outcome === 'denied')
    filters.outcome = form.outcome;
  const from = dayStart(form.from);
  if (from) filters.from = from;
  const to = dayStart(form.to, 1);
  if (to) filters.to = to;
  return filters;
}

function AuditLog() {
  const { t } = useTranslation();
  const [form, setForm] = useState<FormState>(emptyForm);
  const [filters, setFilters] = useState<AuditFilters>({});
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(filtersOf(form));
  };
  const reset = () => {
    setForm(emptyForm);
    setFilters({});
  };
  return (
    <Stack gap="lg" maw={1280}>
      <Stack gap={4}>
        <PageTitle>{t('audit.title')}</PageTitle>
        <Text c="dimmed" maw={760}>
          {t('audit.intro')}
        </Text>
      </Stack>
      <VerificationCard />
      <FilterForm form={form} setForm={setForm} onSubmit={apply} onReset={reset} />
      <Group gap="sm" align="center" wrap="wrap">
        <Button
          component="a"
          href={auditCsvUrl(filters)}
          download
          variant="default"
          aria-label={t('audit.download.csvLabel')}
          data-testid="audit-download-csv"
        >
          {t('audit.download.csv')}
        </Button>
        <Text size="xs" c="dimmed" maw={720} style={{ flex: '1 1 240px' }}>
          {t('audit.download.note')}
        </Text>
      </Group>
      <EventTable filters={filters} />
    </Stack>
  );
}

function FilterForm({
  form,
  setForm,
  onSubmit,
  onReset,
}: {
  form: FormState;
  setForm: (update: (current: FormState) => FormState) => void;
  onSubmit: (event: FormEvent) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const users = useAuditUsers();
  const headingId = useId();
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" radius="md">
      <form onSubmit={onSubmit} noValidate data-testid="audit-filters">
        <Stack gap="sm">
          <Title order={2} size="h4" id={headingId}>
            {t('audit.filters.heading')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            <Select
              label={t('audit.filters.user')}
              placeholder={t('audit.filters.anyUser')}
              data={(users.data?.users ?? []).map((user) => ({
                value: user.id,
                label: user.active ? user.name : t('audit.filters.inactive', { name: user.name }),
              }))}
              value={form.actorId}
              onChange={(value) => set('actorId', value)}
              searchable
              clearable
              data-testid="audit-filter-user"
            />
            <TextInput
              label={t('audit.filters.caseReference')}
              description={t('audit.filters.caseReferenceHelp')}
              value={form.caseReference}
              onChange={(event) => set('caseReference', event.currentTarget.value)}
              maxLength={100}
              data-testid="audit-filter-case"
            />
            <Autocomplete
              label={t('audit.filters.action')}
              description={t('audit.filters.actionHelp')}
              data={ACTION_SUGGESTIONS}
              value={form.action}
              onChange={(value) => set('action', value)}
              maxLength={100}
              data-testid="audit-filter-action"
            />
            <Select
              label={t('audit.filters.outcome')}
              placeholder={t('audit.filters.anyOutcome')}
              data={(['success', 'failure', 'denied'] as const).map((outcome) => ({
                value: outcome,
                label: t(`audit.outcomes.${outcome}`),
              }))}
              value={form.outcome}
              onChange={(value) => set('outcome', value)}
              clearable
              data-testid="audit-filter-outcome"
            />
            <TextInput
              label={t('audit.filters.from')}
              type="date"
              value={form.from}
              onChange={(event) => set('from', event.currentTarget.value)}
            />
            <TextInput
              label={t('audit.filters.to')}
              type="date"
              value={form.to}
              onChange={(event) => set('to', event.currentTarget.value)}
            />
          </SimpleGrid>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onReset}>
              {t('audit.filters.reset')}
            </Button>
            <Button type="submit" data-testid="audit-apply">
              {t('audit.filters.apply')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function OutcomeBadge({ outcome }: { outcome: AuditLogEvent['outcome'] }) {
  const { t } = useTranslation();
  const color = outcome === 'success' ? 'green.9' : outcome === 'denied' ? 'orange.9' : 'red.9';
  return (
    <Badge color={color} variant="outline" style={{ whiteSpace: 'nowrap' }}>
      {t(`audit.outcomes.${outcome}`)}
    </Badge>
  );
}

function ActorName({ event }: { event: AuditLogEvent }) {
  const { t } = useTranslation();
  if (event.actorType === 'user') return <>{event.actorName ?? t('audit.actors.unknown')}</>;
  return <>{t(`audit.actors.${event.actorType}`)}</>;
}

function EventTable({ filters }: { filters: AuditFilters }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const events = useAuditEvents(filters);
  if (events.isPending) return <Loading label={t('audit.table.loading')} />;
  if (events.isError)
    return (
      <ErrorAlert
        error={events.error}
        title={t('audit.table.loadError')}
        onRetry={() => void events.refetch()}
      />
    );
  const rows = events.data.pages.flatMap((page) => page.events);
  if (rows.length === 0)
    return (
      <Text c="dimmed" data-testid="audit-empty">
        {t('audit.table.empty')}
      </Text>
    );
  return (
    <Stack gap="sm">
      <Table.ScrollContainer
        type="native"
        minWidth={880}
        tabIndex={0}
        role="region"
        aria-label={t('audit.table.caption')}
      >
        <Table striped verticalSpacing="xs" data-testid="audit-events" data-count={rows.length}>
          <Table.Caption>{t('audit.table.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.table.seq')}</Table.Th>
              <Table.Th>{t('audit.table.time')}</Table.Th>
              <Table.Th>{t('audit.table.user')}</Table.Th>
              <Table.Th>{t('audit.table.action')}</Table.Th>
              <Table.Th>{t('audit.table.outcome')}</Table.Th>
              <Table.Th>{t('audit.table.case')}</Table.Th>
              <Table.Th>{t('audit.table.object')}</Table.Th>
              <Table.Th>{t('audit.table.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((event) => (
              <Table.Tr key={event.seq} data-testid="audit-event" data-case={event.caseReference ?? ''}>
                <Table.Td>{event.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(event.occurredAt, language)}
                </Table.Td>
                <Table.Td>
                  <ActorName event={event} />
                </Table.Td>
                <Table.Td>
                  <Code>{event.action}</Code>
                </Table.Td>
                <Table.Td>
                  <OutcomeBadge outcome={event.outcome} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{event.caseReference ?? ''}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Text size="sm">
                    {event.objectType}
                    {event.objectCount !== null &&
                      ` · ${t('audit.table.objects', { count: event.objectCount })}`}
                  </Text>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {event.reason && <Code>{event.reason}</Code>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('audit.table.shown', { count: rows.length })}
        </Text>
        {events.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void events.fetchNextPage()}
            loading={events.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('audit.table.loadMore')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function HeadText({ head }: { head: { seq: number; hash: string | null } | null }) {
  const { t } = useTranslation();
  if (!head || head.hash === null) return <>{t('audit.status.empty')}</>;
  return (
    <>
      #{head.seq}{' '}
      <Code style={{ overflowWrap: 'anywhere', wordBreak: 'break-all' }} data-testid="audit-head-hash">
        {head.hash}
      </Code>
    </>
  );
}

function VerificationCard() {
  const { t } = useTranslation();
  const status = useAuditStatus();
  const headingId = useId();
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      radius="md"
      data-testid="audit-status"
    >
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {t('audit.status.heading')}
        </Title>
        {status.isPending ? (
          <Loading label={t('audit.status.loading')} />
        ) : status.isError ? (
          <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
        ) : (
          <StatusDetails status={status.data} />
        )}
      </Stack>
    </Paper>
  );
}

function StatusDetails({ status }: { status: AuditLogStatus }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const last = status.lastVerification;
  if (!last)
    return (
      <Stack gap={4}>
        <Text>{t('audit.status.never')}</Text>
        <Text size="sm">
          {t('audit.status.headNow')}: <HeadText head={status.head} />
        </Text>
      </Stack>
    );
  return (
    <Stack gap={4}>
      <Group gap="sm" wrap="wrap">
        <Badge
          color={last.ok ? 'green.9' : 'red.9'}
          variant="filled"
          data-testid="audit-status-badge"
          data-ok={last.ok}
        >
          {last.ok ? t('audit.status.intact') : t('audit.status.broken')}
        </Badge>
        <Text size="sm">
          {t('audit.status.verifiedAt')}: {formatDateTime(last.verifiedAt, language)} ·{' '}
          {t(`audit.status.by.${last.source}`)} ({t(`audit.status.modes.${last.mode}`)})
        </Text>
      </Group>
      {last.ok ? (
        <Text size="sm">
          {t('audit.status.head')}: <HeadText head={last.head} />
        </Text>
      ) : (
        <>
          <Text size="sm" c="red.9" fw={600} role="alert">
            {t('audit.status.brokenAt', { seq: last.problemSeq, problem: last.problem })}
          </Text>
          {status.lastIntact?.head && (
            <Text size="sm">
              {t('audit.status.lastIntact', {
                time: formatDateTime(status.lastIntact.verifiedAt, language),
                seq: status.lastIntact.head.seq,
              })}
            </Text>
          )}
        </>
      )}
      <Text size="sm" c="dimmed">
        {t('audit.status.unverified', { count: status.unverifiedEvents })}
        {status.pendingEvents > 0 && ` · ${t('audit.status.pending', { count: status.pendingEvents })}`}
      </Text>
    </Stack>
  );
}
