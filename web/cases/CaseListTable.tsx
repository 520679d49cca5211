import { Anchor, Badge, Group, Stack, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../api/cases.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { Day } from '../reports/ReportBits.tsx';
import { CaseStatusBadge, LevelBadge } from './CaseBadges.tsx';
import { isOverdue } from './case-list-query.ts';
import { localDayOf } from './case-times.ts';
import { useCategoryLabel } from './categories.ts';

/**
 * The cases of the list: reference, title with category and tags, status, level, owner and unit, due date
 * (red when overdue), and when it was opened (or last changed, in that order). Whoever sees a case's
 * metadata only (`can.read` false) sees no title, level, category, tags or due date; a deleted case shows
 * its tombstone.
 */
export function CaseListTable({
  cases,
  byUpdate,
  onTag,
}: {
  cases: readonly CaseSummary[];
  /** The list is in the order of the last change: that is the date shown. */
  byUpdate: boolean;
  onTag: (tag: string) => void;
}) {
  const { t } = useTranslation();
  const today = localDayOf(new Date());
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t('deletion.cases.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('deletion.cases.reference')}</Table.Th>
            <Table.Th>{t('deletion.cases.caseTitle')}</Table.Th>
            <Table.Th>{t('deletion.cases.status')}</Table.Th>
            <Table.Th>{t('cases.level.label')}</Table.Th>
            <Table.Th>{t('cases.list.ownerUnit')}</Table.Th>
            <Table.Th>{t('cases.overview.dueOn')}</Table.Th>
            <Table.Th>{byUpdate ? t('cases.list.updated') : t('deletion.cases.opened')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((item) => (
            <CaseRow key={item.id} item={item} today={today} byUpdate={byUpdate} onTag={onTag} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const nowrap = { whiteSpace: 'nowrap' } as const;

function CaseRow({
  item,
  today,
  byUpdate,
  onTag,
}: {
  item: CaseSummary;
  today: string;
  byUpdate: boolean;
  onTag: (tag: string) => void;
}) {
  const { t } = useTranslation();
  const content = !item.deleted && item.can.read;
  const none = (
    <Text size="sm" c="dimmed">
      <span aria-hidden="true">–</span>
      <VisuallyHidden>{t('cases.list.none')}</VisuallyHidden>
    </Text>
  );
  return (
    <Table.Tr data-testid="case-row" data-deleted={item.deleted ? 'true' : undefined}>
      <Table.Td style={nowrap}>
        {item.deleted ? (
          <Text ff="monospace" fw={700} c="dimmed">
            {item.reference}
          </Text>
        ) : (
          <Anchor component={Link} to={`/cases/${item.id}`} ff="monospace" fw={700}>
            {item.reference}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }} miw={200}>
        <CaseTitleCell item={item} onTag={onTag} />
      </Table.Td>
      <Table.Td style={nowrap}>
        <CaseStatusBadge status={item.status} />
      </Table.Td>
      <Table.Td style={nowrap}>{content ? <LevelBadge level={item.level} /> : none}</Table.Td>
      <Table.Td>
        <Text size="sm">{item.owner?.name ?? t('cases.overview.noOwner')}</Text>
        <Text size="xs" c="dimmed">
          {item.unit.name}
        </Text>
      </Table.Td>
      <Table.Td style={nowrap}>
        {content && item.dueOn ? (
          <DueDay day={item.dueOn} overdue={isOverdue(item.dueOn, item.status, today)} />
        ) : (
          none
        )}
      </Table.Td>
      <Table.Td style={nowrap}>
        <Text size="sm">
          <Day day={(byUpdate ? item.updatedAt : item.createdAt).slice(0, 10)} />
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function CaseTitleCell({ item, onTag }: { item: CaseSummary; onTag: (tag: string) => void }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  if (item.deleted)
    return (
      <Badge color="gray" variant="light" radius="sm" tt="none">
        {t('deletion.cases.deletedOn', { day: formatDay(item.deleted.on, currentLanguage()) })}
      </Badge>
    );
  if (!item.can.read)
    return (
      <Text size="sm" c="dimmed">
        {t('cases.withheld.short')}
      </Text>
    );
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {item.title ?? t('reports.integrity.unreadableTitle')}
      </Text>
      {(item.category || item.tags.length > 0) && (
        <Group gap={6} wrap="wrap">
          {item.category && (
            <Text size="xs" c="dimmed">
              {categoryLabel(item.category)}
            </Text>
          )}
          {item.tags.map((tag) => (
            <UnstyledButton
              key={tag}
              onClick={() => onTag(tag)}
              aria-label={t('cases.list.filterByTag', { tag })}
            >
              <Badge
                variant="outline"
                color="gray"
                radius="sm"
                tt="none"
                size="sm"
                style={{ cursor: 'pointer' }}
              >
                {tag}
              </Badge>
            </UnstyledButton>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** The due day; red, and said so, once it has passed on an open case. */
function DueDay({ day, overdue }: { day: string; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <Text
      size="sm"
      c={overdue ? 'red.8' : undefined}
      fw={overdue ? 700 : undefined}
      data-overdue={overdue || undefined}
    >
      <Day day={day} />
      {overdue && (
        <>
          <VisuallyHidden> – </VisuallyHidden>
          <Text span size="xs" c="red.8" fw={700} display="block">
            {t('cases.list.overdueMark')}
          </Text>
        </>
      )}
    </Text>
  );
}
