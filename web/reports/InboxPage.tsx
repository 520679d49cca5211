import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  useMatches,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { type InboxItem, inboxViews, useInbox } from '../api/reports.ts';
import { explainError } from '../components/ErrorNotice.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { AcknowledgeBy } from './DangerDeadline.tsx';
import { ageInDays, feedbackDeadline, localDay } from './deadlines.ts';
import { formatAge, formatDay } from './format.ts';
import { InboxFilterBar } from './InboxFilterBar.tsx';
import {
  activeFilters,
  apiFilters,
  filtersFromSearch,
  type InboxFilters,
  searchFromFilters,
  withoutFilters,
  withView,
} from './inbox-filters.ts';
import { OnDutyButton } from './OnDutyDialog.tsx';
import {
  AwaitingReplyBadge,
  DangerBadge,
  Day,
  DayWithAge,
  DeadlineView,
  Loading,
  StatusBadge,
} from './ReportBits.tsx';

/**
 * `/inbox`: the reports of the user's units, open ones with danger first by default. The view, search,
 * filters and order live in the address (web/reports/inbox-filters.ts), so a filtered inbox can be
 * bookmarked, reloaded and stepped back through.
 */
export function InboxPage() {
  return <RequireArea area="inbox">{() => <Inbox />}</RequireArea>;
}

function Inbox() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearch(searchParams);
  const change = (next: InboxFilters) => setSearchParams(searchFromFilters(next));
  // A step on a report page that led here (a hand-over) says how it went.
  const { state } = useLocation();
  const notice = typeof state?.notice === 'string' ? state.notice : undefined;

  return (
    <Stack gap="lg">
      {/* One block, so the empty status region adds no gap of its own. */}
      <div>
        <Group justify="space-between" align="flex-end" gap="sm">
          <Stack gap={4} maw={720}>
            <PageTitle>{t('reports.inbox.title')}</PageTitle>
            <Text c="dimmed">{t('reports.inbox.intro')}</Text>
          </Stack>
          <Group gap="sm">
            <OnDutyButton />
            <Button component={Link} to="/reports/new">
              {t('reports.inbox.record')}
            </Button>
          </Group>
        </Group>
        <div role="status">
          {notice && (
            <Alert color="teal" variant="light" mt="md">
              {notice}
            </Alert>
          )}
        </div>
      </div>
      <InboxFilterBar filters={filters} onChange={change} />
      <Tabs
        value={filters.view}
        onChange={(value) => {
          const view = inboxViews.find((option) => option === value);
          if (view) change(withView(filters, view));
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('reports.inbox.views')}>
          {inboxViews.map((option) => (
            <Tabs.Tab key={option} value={option}>
              {t(`reports.inbox.${option}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {inboxViews.map((option) => (
          <Tabs.Panel key={option} value={option} pt="md">
            {option === filters.view && (
              <InboxList filters={filters} onClear={() => change(withoutFilters(filters))} />
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

const emptyText = { open: 'emptyOpen', closed: 'emptyClosed', all: 'emptyAll' } as const;

function InboxList({ filters, onClear }: { filters: InboxFilters; onClear: () => void }) {
  const { t } = useTranslation();
  const inbox = useInbox(apiFilters(filters));
  // Below md the table would need more width than the page has (navbar beside it from sm on).
  const cards = useMatches({ base: true, md: false }, { getInitialValueInEffect: false });
  const today = localDay();

  if (inbox.isPending) return <Loading label={t('reports.inbox.loading')} />;
  // A failed "load more" keeps the pages already shown.
  if (inbox.isError && !inbox.isFetchNextPageError) {
    return (
      <Alert color="red" variant="light" title={t('reports.inbox.errorTitle')} role="alert" maw={640}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{explainError(inbox.error, t).message}</Text>
          <Button size="xs" variant="default" loading={inbox.isFetching} onClick={() => void inbox.refetch()}>
            {t('reports.inbox.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const reports = inbox.data.pages.flatMap((page) => page.reports);
  if (reports.length === 0 && activeFilters(filters).length > 0)
    return (
      <Paper withBorder p="lg" data-testid="inbox-none-match">
        <Stack gap="sm" align="flex-start">
          <Text fw={500}>{t('reports.inbox.noneMatch')}</Text>
          <Text size="sm" c="dimmed">
            {t('reports.inbox.noneMatchHint')}
          </Text>
          <Button variant="default" onClick={onClear}>
            {t('reports.inbox.clearFilters')}
          </Button>
        </Stack>
      </Paper>
    );
  if (reports.length === 0) return <Text c="dimmed">{t(`reports.inbox.${emptyText[filters.view]}`)}</Text>;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" role="status" data-testid="inbox-count">
        {inbox.hasNextPage
          ? t('reports.inbox.countSoFar', { count: reports.length })
          : t('reports.inbox.count', { count: reports.length })}
      </Text>
      {cards ? (
        <InboxCards reports={reports} today={today} />
      ) : (
        <InboxTable reports={reports} today={today} />
      )}
      <LoadMore list={inbox} label={t('reports.inbox.loadMore')} />
    </Stack>
  );
}

function ReferenceLink({ report }: { report: InboxItem }) {
  return (
    <Anchor component={Link} to={`/reports/${report.id}`} fw={700} ff="monospace">
      {report.reference}
    </Anchor>
  );
}

function Flags({ report }: { report: InboxItem }) {
  const { t } = useTranslation();
  if (!report.dangerIndicated && !report.awaitingReply && !report.deleted) return null;
  return (
    <Group gap={6}>
      {report.deleted && (
        <Badge color="gray" variant="light" radius="sm" tt="none">
          {t('deletion.inbox.deletedOn', { day: formatDay(report.deleted.on, currentLanguage()) })}
        </Badge>
      )}
      {report.dangerIndicated && <DangerBadge />}
      {report.awaitingReply && <AwaitingReplyBadge />}
    </Group>
  );
}

function InboxTable({ reports, today }: { reports: InboxItem[]; today: string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t('reports.inbox.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            {/* Wide enough for the badges, which would otherwise be cut off. */}
            <Table.Th miw={170}>{t('reports.inbox.reference')}</Table.Th>
            <Table.Th>{t('reports.inbox.received')}</Table.Th>
            <Table.Th>{t('reports.inbox.unit')}</Table.Th>
            <Table.Th>{t('reports.inbox.channel')}</Table.Th>
            <Table.Th miw={160}>{t('reports.inbox.status')}</Table.Th>
            <Table.Th>{t('reports.deadline.acknowledgeBy')}</Table.Th>
            <Table.Th>{t('reports.deadline.feedbackBy')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.map((report) => (
            <Table.Tr key={report.id} bg={report.dangerIndicated ? 'red.0' : undefined}>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <ReferenceLink report={report} />
                  <Flags report={report} />
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  <Day day={report.receivedOn} />
                </Text>
                <Text size="xs" c="dimmed">
                  {formatAge(ageInDays(report.receivedOn, today), currentLanguage())}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{report.unit.name}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`reports.channel.${report.channel}`)}</Text>
                {report.anonymous && (
                  <Text size="xs" c="dimmed">
                    {t('reports.flags.anonymous')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={report.status} />
              </Table.Td>
              <Table.Td>
                <AcknowledgeBy report={report} today={today} />
              </Table.Td>
              <Table.Td>
                <DeadlineView deadline={feedbackDeadline(report, today)} kind="feedback" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function InboxCards({ reports, today }: { reports: InboxItem[]; today: string }) {
  const { t } = useTranslation();
  return (
    <Stack
      component="ul"
      gap="sm"
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
      aria-label={t('reports.inbox.tableLabel')}
    >
      {reports.map((report) => (
        <Paper
          component="li"
          key={report.id}
          withBorder
          p="sm"
          bg={report.dangerIndicated ? 'red.0' : undefined}
          style={report.dangerIndicated ? { borderColor: 'var(--mantine-color-red-7)' } : undefined}
        >
          <Stack gap="xs">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <ReferenceLink report={report} />
              <StatusBadge status={report.status} />
            </Group>
            <Flags report={report} />
            <Text size="sm">
              <DayWithAge day={report.receivedOn} age={ageInDays(report.receivedOn, today)} />
            </Text>
            <Text size="sm" c="dimmed">
              {report.unit.name} · {t(`reports.channel.${report.channel}`)}
              {report.anonymous && ` · ${t('reports.flags.anonymous')}`}
            </Text>
            <SimpleGrid cols={2} spacing="xs">
              <Stack gap={2}>
                <Text size="xs" fw={600}>
                  {t('reports.deadline.acknowledgeBy')}
                </Text>
                <AcknowledgeBy report={report} today={today} />
              </Stack>
              <Stack gap={2}>
                <Text size="xs" fw={600}>
                  {t('reports.deadline.feedbackBy')}
                </Text>
                <DeadlineView deadline={feedbackDeadline(report, today)} kind="feedback" />
              </Stack>
            </SimpleGrid>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
