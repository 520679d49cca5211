import {
  Button,
  Collapse,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  useMatches,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseOwners } from '../api/case-file.ts';
import { useUnits } from '../api/reports.ts';
import {
  activeFilters,
  type InboxFilters,
  inboxChannels,
  inboxSorts,
  maxSearchLength,
  viewStatuses,
  withoutFilters,
} from './inbox-filters.ts';

const isSort = (value: string | null): value is InboxFilters['sort'] =>
  value !== null && (inboxSorts as readonly string[]).includes(value);

/**
 * The inbox's search, filters (unit, channel, status, case owner, danger, awaiting reply) and order. Every
 * change goes to `onChange` at once (the search when it is sent); the page keeps them in its address. On a
 * phone the filters fold away under a button that counts the ones set, so the list comes first; the search
 * stays.
 */
export function InboxFilterBar({
  filters,
  onChange,
}: {
  filters: InboxFilters;
  onChange: (next: InboxFilters) => void;
}) {
  const { t } = useTranslation();
  const narrow = useMatches({ base: true, md: false }, { getInitialValueInEffect: false });
  const active = activeFilters(filters).filter((name) => name !== 'q');
  const [opened, setOpened] = useState(false);
  const panelId = useId();
  const set = (change: Partial<InboxFilters>) => onChange({ ...filters, ...change });
  const clear = activeFilters(filters).length > 0 && (
    <Button variant="subtle" size="sm" onClick={() => onChange(withoutFilters(filters))}>
      {t('reports.inbox.clearFilters')}
    </Button>
  );
  return (
    <Paper
      component="section"
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      aria-label={t('reports.inbox.filtersLabel')}
      data-testid="inbox-filters"
    >
      <Stack gap="md">
        <SearchField key={filters.q} initial={filters.q} onSearch={(q) => set({ q })} />
        {narrow ? (
          <>
            <Group gap="sm">
              <Button
                variant="default"
                size="sm"
                aria-expanded={opened}
                aria-controls={panelId}
                onClick={() => setOpened((was) => !was)}
              >
                {active.length > 0
                  ? t('reports.inbox.showFiltersCount', { count: active.length })
                  : t('reports.inbox.showFilters')}
              </Button>
              {clear}
            </Group>
            <Collapse expanded={opened} id={panelId}>
              <FilterFields filters={filters} set={set} />
            </Collapse>
          </>
        ) : (
          <FilterFields filters={filters} set={set} clear={clear} />
        )}
      </Stack>
    </Paper>
  );
}

function FilterFields({
  filters,
  set,
  clear,
}: {
  filters: InboxFilters;
  set: (change: Partial<InboxFilters>) => void;
  /** "Clear filters", at the end of the switches' row. */
  clear?: ReactNode;
}) {
  const { t } = useTranslation();
  const units = useUnits();
  const owners = useCaseOwners(true);
  const ownerOptions = (owners.data?.owners ?? []).map((owner) => ({ value: owner.id, label: owner.name }));
  const assigneeOptions = [
    { value: 'me', label: t('reports.inbox.assigneeMe') },
    { value: 'none', label: t('reports.inbox.assigneeNone') },
    ...ownerOptions,
  ];
  // An owner from a bookmarked address who is no longer among the owners still shows as chosen.
  if (filters.assignee && !assigneeOptions.some((option) => option.value === filters.assignee))
    assigneeOptions.push({ value: filters.assignee, label: t('reports.inbox.assigneeOther') });
  const unitOptions = (units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }));
  if (filters.unit && !unitOptions.some((option) => option.value === filters.unit))
    unitOptions.push({ value: filters.unit, label: t('reports.inbox.unit') });
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 5 }} spacing="md" verticalSpacing="sm">
        <Select
          label={t('reports.inbox.unit')}
          placeholder={t('reports.inbox.unitAny')}
          data={unitOptions}
          value={filters.unit}
          onChange={(unit) => set({ unit })}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('reports.inbox.clearUnit') }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('reports.inbox.channel')}
          placeholder={t('reports.inbox.channelAny')}
          data={inboxChannels.map((value) => ({ value, label: t(`reports.channel.${value}`) }))}
          value={filters.channel}
          onChange={(channel) => set({ channel: inboxChannels.find((option) => option === channel) ?? null })}
          clearable
          clearButtonProps={{ 'aria-label': t('reports.inbox.clearChannel') }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('reports.inbox.status')}
          placeholder={t('reports.inbox.statusAny')}
          data={viewStatuses[filters.view].map((value) => ({ value, label: t(`reports.status.${value}`) }))}
          value={filters.status}
          onChange={(status) =>
            set({ status: viewStatuses[filters.view].find((option) => option === status) ?? null })
          }
          clearable
          clearButtonProps={{ 'aria-label': t('reports.inbox.clearStatus') }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('reports.inbox.assignee')}
          placeholder={t('reports.inbox.assigneeAny')}
          data={assigneeOptions}
          value={filters.assignee}
          onChange={(assignee) => set({ assignee })}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('reports.inbox.clearAssignee') }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('reports.inbox.sort')}
          data={inboxSorts.map((value) => ({ value, label: t(`reports.inbox.sorts.${value}`) }))}
          value={filters.sort}
          onChange={(sort) => isSort(sort) && set({ sort })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <Group gap="xl" wrap="wrap" align="flex-start">
        <Switch
          label={t('reports.inbox.dangerOnly')}
          checked={filters.danger}
          onChange={(event) => set({ danger: event.currentTarget.checked })}
        />
        <Switch
          label={t('reports.inbox.awaitingOnly')}
          description={t('reports.inbox.awaitingOnlyDescription')}
          checked={filters.awaitingReply}
          onChange={(event) => set({ awaitingReply: event.currentTarget.checked })}
        />
        {clear && <div style={{ marginInlineStart: 'auto' }}>{clear}</div>}
      </Group>
    </Stack>
  );
}

/** The search, sent with Enter or the button; an empty field searches no more. It says what it covers. */
function SearchField({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  // The hint spans the whole row below the field (beside a button it would wrap into a narrow column on a
  // phone); the field names it as its description.
  const hintId = useId();
  return (
    <form onSubmit={submit}>
      <Stack gap={6}>
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <TextInput
            type="search"
            label={t('reports.inbox.search')}
            aria-describedby={hintId}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            maxLength={maxSearchLength}
            style={{ flex: 1 }}
          />
          <Button type="submit" variant="default">
            {t('reports.inbox.searchSubmit')}
          </Button>
        </Group>
        <Text id={hintId} size="xs" c="dimmed">
          {t('reports.inbox.searchDescription')}
        </Text>
      </Stack>
    </form>
  );
}
