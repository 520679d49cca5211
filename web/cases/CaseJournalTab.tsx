import { Alert, Button, Group, ScrollArea, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/auth.ts';
import {
  isWritten,
  type JournalEntry,
  type JournalKind,
  journalKinds,
  useJournal,
} from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { JournalEntryForm } from './JournalEntryForm.tsx';
import { JournalEntryItem } from './JournalEntryItem.tsx';

const journalFilters = ['all', 'note', 'call', 'meeting', 'events'] as const;
type JournalFilter = (typeof journalFilters)[number];
const isJournalFilter = (value: string): value is JournalFilter =>
  (journalFilters as readonly string[]).includes(value);

/**
 * The kinds each filter asks the server for. Corrections come with every kind of written entry, so a
 * correction is never hidden from the entry it corrects.
 */
const filterKinds: Record<JournalFilter, readonly JournalKind[] | null> = {
  all: null,
  note: ['note', 'correction'],
  call: ['call', 'correction'],
  meeting: ['meeting', 'correction'],
  events: journalKinds.filter(
    (kind) => kind !== 'note' && kind !== 'call' && kind !== 'meeting' && kind !== 'correction',
  ),
};

type Writing = { correcting?: JournalEntry } | null;

/** The case's journal, newest first, filtered by kind, with "Write an entry" and "Correct" for whoever may. */
export function CaseJournalTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [filter, setFilter] = useState<JournalFilter>('all');
  const [writing, setWriting] = useState<Writing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const journal = useJournal(detail.id, filterKinds[filter]);
  const { data: session } = useSession();
  const me = session?.user.id;
  const entries = useMemo(() => journal.data?.pages.flatMap((page) => page.entries) ?? [], [journal.data]);
  const loaded = useMemo(() => new Map(entries.map((entry) => [entry.id, entry])), [entries]);
  // The case's own events are there from the start; what the team writes is what it needs to be asked for.
  const nothingWritten =
    detail.can.write &&
    filter === 'all' &&
    journal.isSuccess &&
    entries.length > 0 &&
    !journal.hasNextPage &&
    !entries.some(isWritten);
  // Experts correct their own entries; the case's threat managers any written one.
  const mayCorrect = (entry: JournalEntry) =>
    detail.can.write && isWritten(entry) && (detail.can.manage || (!!me && entry.author?.id === me));

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id={headingId}>
            {t('cases.journal.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('cases.journal.intro')}
          </Text>
        </Stack>
        {detail.can.write && <Button onClick={() => setWriting({})}>{t('cases.journal.write')}</Button>}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      <Stack gap={4}>
        <Text size="sm" fw={500} id={`${headingId}-filter`}>
          {t('cases.journal.filterLabel')}
        </Text>
        <ScrollArea type="auto" offsetScrollbars="x">
          <SegmentedControl
            aria-labelledby={`${headingId}-filter`}
            value={filter}
            onChange={(value) => isJournalFilter(value) && setFilter(value)}
            data={journalFilters.map((value) => ({ value, label: t(`cases.journal.filters.${value}`) }))}
          />
        </ScrollArea>
        {filter !== 'all' && filter !== 'events' && (
          <Text size="xs" c="dimmed">
            {t('cases.journal.filterNote')}
          </Text>
        )}
      </Stack>
      {nothingWritten && (
        <Alert color="blue" variant="light" data-testid="journal-nothing-written">
          {t('cases.journal.nothingWritten')}
        </Alert>
      )}
      {journal.isPending ? (
        <Loading label={t('cases.journal.loading')} />
      ) : journal.isError && entries.length === 0 ? (
        <ErrorAlert error={journal.error} title={t('cases.journal.errorTitle')} />
      ) : entries.length === 0 ? (
        <Text data-testid="journal-empty">
          {filter !== 'all'
            ? t('cases.journal.emptyFiltered')
            : detail.can.write
              ? t('cases.journal.empty')
              : t('cases.journal.emptyReadOnly')}
        </Text>
      ) : (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
          {entries.map((entry) => (
            <JournalEntryItem
              key={entry.id}
              entry={entry}
              loaded={loaded}
              onCorrect={mayCorrect(entry) ? () => setWriting({ correcting: entry }) : undefined}
            />
          ))}
        </Stack>
      )}
      <LoadMore list={journal} label={t('cases.journal.loadMore')} />
      {writing && (
        <JournalEntryForm
          detail={detail}
          correcting={writing.correcting}
          onClose={() => setWriting(null)}
          onDone={() => {
            setWriting(null);
            setNotice(t('cases.entryForm.saved'));
          }}
        />
      )}
    </Stack>
  );
}
