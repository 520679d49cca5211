import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type SessionInfo, worksIn } from '../api/auth.ts';
import { apiGet } from '../api/client.ts';
import type { CaseList, InboxItem, InboxPage } from '../api/types.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { MeasureInvitations } from '../measures/MeasureInvitations.tsx';
import { localDay } from '../reports/deadlines.ts';
import { formatDay } from '../reports/format.ts';
import { MyMeasures } from './MyMeasures.tsx';
import { MyTasks } from './MyTasks.tsx';
import { WorkError } from './WorkError.tsx';
import { reportBuckets } from './work-buckets.ts';

/** The most reports and cases the page looks at: the first page of each, as the API gives it. */
const PAGE = 200;

/**
 * `/` for a signed-in user: their work, not a server page. Danger reports, acknowledgements and feedback
 * due, unanswered reporters (for the inbox's threat managers), their open cases (for experts: the cases
 * they were invited to), and their tasks; first, any invitation to a measure waiting for their answer.
 */
export function MyWorkPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const inbox = worksIn(session, 'inbox');
  const cases = worksIn(session, 'cases');
  const expert = session.user.role === 'expert';
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <PageTitle>{t('work.title')}</PageTitle>
        <Text c="dimmed">
          {t(expert ? 'work.introExpert' : 'work.intro', { name: session.user.displayName })}
        </Text>
      </Stack>
      {cases && <MeasureInvitations />}
      {inbox && <ReportWork />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {cases && <CaseWork expert={expert} />}
        {cases && <MyTasks />}
        {cases && <MyMeasures />}
      </SimpleGrid>
      {!inbox && !cases && <Text>{t('work.nothingHere')}</Text>}
    </Stack>
  );
}

function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {count !== undefined && (
            <Badge variant="light" color={count > 0 ? 'blue' : 'gray'} aria-hidden="true">
              {count}
            </Badge>
          )}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function ReportList({
  items,
  empty,
  note,
}: {
  items: InboxItem[];
  empty: string;
  note: (item: InboxItem) => string;
}) {
  if (items.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Stack component="ul" gap={6} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => (
        <li key={item.id}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/reports/${item.id}`} fw={600}>
              {item.reference}
            </Anchor>
            <Text size="sm" c="dimmed">
              {item.unit.name} · {note(item)}
            </Text>
          </Group>
        </li>
      ))}
    </Stack>
  );
}

function ReportWork() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const reports = useQuery({
    queryKey: ['reports', 'inbox', 'open', 'my-work'],
    queryFn: ({ signal }) => apiGet<InboxPage>(`/api/v1/reports?view=open&limit=${PAGE}`, { signal }),
  });
  if (reports.isPending) return <Loading label={t('work.loading')} />;
  if (reports.isError) return <WorkError error={reports.error} title={t('work.reportsError')} />;
  const buckets = reportBuckets(reports.data.reports, localDay());
  const day = (value: string) => formatDay(value, language);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Section title={t('work.danger')} count={buckets.danger.length}>
        <ReportList
          items={buckets.danger}
          empty={t('work.dangerNone')}
          note={(item) => t('work.receivedOn', { day: day(item.receivedOn) })}
        />
      </Section>
      <Section title={t('work.acknowledge')} count={buckets.acknowledge.length}>
        <ReportList
          items={buckets.acknowledge}
          empty={t('work.acknowledgeNone')}
          note={(item) => t('work.dueOn', { day: day(item.acknowledgeDueOn) })}
        />
      </Section>
      <Section title={t('work.feedback')} count={buckets.feedback.length}>
        <ReportList
          items={buckets.feedback}
          empty={t('work.feedbackNone')}
          note={(item) => t('work.dueOn', { day: day(item.feedbackDueOn) })}
        />
      </Section>
      <Section title={t('work.unanswered')} count={buckets.unanswered.length}>
        <ReportList
          items={buckets.unanswered}
          empty={t('work.unansweredNone')}
          note={(item) => t('work.receivedOn', { day: day(item.receivedOn) })}
        />
      </Section>
    </SimpleGrid>
  );
}

function CaseWork({ expert }: { expert: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const cases = useQuery({
    queryKey: ['cases', 'mine', 'my-work'],
    queryFn: ({ signal }) => apiGet<CaseList>('/api/v1/cases?mine=true&sort=updated&limit=20', { signal }),
  });
  const title = t(expert ? 'work.invitedCases' : 'work.myCases');
  return (
    <Section title={title} count={cases.data?.cases.length}>
      {cases.isPending ? (
        <Loading label={t('work.loading')} />
      ) : cases.isError ? (
        <WorkError error={cases.error} title={t('work.casesError')} />
      ) : cases.data.cases.length === 0 ? (
        <Text c="dimmed">{t(expert ? 'work.invitedNone' : 'work.myCasesNone')}</Text>
      ) : (
        <Stack component="ul" gap={6} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {cases.data.cases.map((item) => (
            <li key={item.id}>
              <Group gap="xs" wrap="wrap">
                <Anchor component={Link} to={`/cases/${item.id}`} fw={600}>
                  {item.reference}
                </Anchor>
                <Text size="sm">{item.title ?? ''}</Text>
                {item.level !== null && (
                  <Badge size="sm" variant="light" color={item.level >= 3 ? 'red' : 'gray'}>
                    {`L${item.level}`}
                  </Badge>
                )}
                {item.dueOn && (
                  <Text size="sm" c={item.dueOn < localDay() ? 'red.8' : 'dimmed'}>
                    {t('work.dueOn', { day: formatDay(item.dueOn, language) })}
                  </Text>
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={expert ? '/cases?mine=true' : '/cases'} size="sm">
        {t('work.allCases')}
      </Anchor>
    </Section>
  );
}
