import {
  Badge,
  Button,
  CloseButton,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/auth.ts';
import { caseStatuses, useCaseOwners } from '../api/case-file.ts';
import { usesInbox, useUnits } from '../api/reports.ts';
import { useLevelText } from './CaseBadges.tsx';
import {
  caseLevels,
  caseSorts,
  type CaseListFilters as Filters,
  hasSearchWords,
  isFiltered,
  noFilters,
} from './case-list-query.ts';
import { useCategoryOptions } from './categories.ts';

const isSort = (value: string | null): value is Filters['sort'] =>
  value !== null && (caseSorts as readonly string[]).includes(value);

/**
 * The case list's filter bar: search words (sent when the form is sent), statuses, levels, category, owner
 * and unit (for those who see cases by unit), "My cases", "Overdue" and the order. Every change goes to `onChange` at once; the page keeps the filters in
 * its address.
 */
export function CaseListFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const categories = useCategoryOptions(filters.category ?? null, { withSwitchedOff: true });
  // Those who see cases by unit pick an owner and a unit; an expert sees only their teams' cases.
  const { data: session } = useSession();
  const byUnit = usesInbox(session);
  const owners = useCaseOwners(byUnit);
  const units = useUnits(byUnit);
  const set = (change: Partial<Filters>) => onChange({ ...filters, ...change });
  return (
    <Paper
      component="section"
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      aria-label={t('cases.list.filtersLabel')}
      data-testid="case-filters"
    >
      <Stack gap="md">
        <SearchField key={filters.q} initial={filters.q} onSearch={(q) => set({ q })} />
        <SimpleGrid cols={{ base: 2, md: byUnit ? 3 : 4 }} spacing="md">
          <MultiSelect
            label={t('cases.list.status')}
            placeholder={filters.statuses.length === 0 ? t('cases.list.statusDefault') : undefined}
            data={caseStatuses.map((value) => ({ value, label: t(`cases.statuses.${value}`) }))}
            value={filters.statuses}
            onChange={(values) => set({ statuses: caseStatuses.filter((status) => values.includes(status)) })}
            clearable
            clearButtonProps={{ 'aria-label': t('cases.list.clearStatus') }}
            comboboxProps={{ withinPortal: true }}
          />
          <MultiSelect
            label={t('cases.level.label')}
            placeholder={filters.levels.length === 0 ? t('cases.list.levelAny') : undefined}
            data={caseLevels.map((value) => ({ value, label: levelText(Number(value)) }))}
            value={filters.levels}
            onChange={(values) => set({ levels: caseLevels.filter((level) => values.includes(level)) })}
            clearable
            clearButtonProps={{ 'aria-label': t('cases.list.clearLevel') }}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('cases.overview.category')}
            placeholder={t('cases.list.categoryAny')}
            data={categories}
            value={filters.category}
            onChange={(category) => set({ category })}
            clearable
            clearButtonProps={{ 'aria-label': t('cases.detailsDialog.clearCategory') }}
            comboboxProps={{ withinPortal: true }}
          />
          {byUnit && (
            <>
              <Select
                label={t('cases.list.owner')}
                placeholder={t('cases.list.ownerAny')}
                data={(owners.data?.owners ?? []).map((owner) => ({ value: owner.id, label: owner.name }))}
                value={filters.owner}
                onChange={(owner) => set({ owner })}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('cases.list.clearOwner') }}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label={t('cases.list.unit')}
                placeholder={t('cases.list.unitAny')}
                data={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
                value={filters.unit}
                onChange={(unit) => set({ unit })}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('cases.list.clearUnit') }}
                comboboxProps={{ withinPortal: true }}
              />
            </>
          )}
          <Select
            label={t('cases.list.sort')}
            data={caseSorts.map((value) => ({ value, label: t(`cases.list.sorts.${value}`) }))}
            value={filters.sort}
            onChange={(sort) => isSort(sort) && set({ sort })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Group gap="lg" wrap="wrap" align="center">
          <Switch
            label={t('cases.list.mine')}
            description={t('cases.list.mineDescription')}
            checked={filters.mine}
            onChange={(event) => set({ mine: event.currentTarget.checked })}
          />
          <Switch
            label={t('cases.list.overdue')}
            description={t('cases.list.overdueDescription')}
            checked={filters.overdue}
            onChange={(event) => set({ overdue: event.currentTarget.checked })}
          />
          {filters.tag && (
            <Badge
              variant="outline"
              color="gray"
              radius="sm"
              tt="none"
              size="lg"
              rightSection={
                <CloseButton
                  size="xs"
                  onClick={() => set({ tag: null })}
                  aria-label={t('cases.list.removeTag', { tag: filters.tag })}
                />
              }
            >
              {t('cases.list.tagFilter', { tag: filters.tag })}
            </Badge>
          )}
          {isFiltered(filters) && (
            <Button variant="subtle" onClick={() => onChange({ ...noFilters, sort: filters.sort })}>
              {t('cases.list.clearFilters')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** The search words, sent with Enter or the button; an empty field searches no more. */
function SearchField({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const words = text.trim();
    if (words !== '' && !hasSearchWords(words)) {
      setProblem(true);
      return;
    }
    setProblem(false);
    onSearch(words);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group gap="sm" align="flex-end" wrap="nowrap">
        <TextInput
          type="search"
          label={t('cases.list.search')}
          description={t('cases.list.searchDescription')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maxLength={200}
          error={problem ? t('cases.list.searchNoWords') : undefined}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="default">
          {t('cases.list.searchSubmit')}
        </Button>
      </Group>
    </form>
  );
}
